/* conf_run.c: the run loop (see conf_run.h).
 *
 * Order of a run: select cases (an empty selection is a configuration
 * error), probe the IRD once, then run the cases in table order.  A case
 * whose service the IRD does not advertise is UNSUPPORTED without sending
 * anything.  When the probe finds no ALTO directory at the URL (nothing
 * listening, DNS or TLS failure, a 404, an HTML page, a body that is not
 * JSON) no case runs: the report records the cause in "error" and the
 * exit status is 2 (a configuration or harness error, not a verdict on
 * the server), so CI can tell "server down" from "not conformant". */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "alto_meta.h"
#include "conf_run.h"
#include "conf_ctx.h"

static const char *const verdict_names[CONF_NVERDICTS] = {
    "PASS", "FAIL", "WARN", "UNSUPPORTED", "SKIP", "ERROR",
};

const char *conf_verdict_name(conf_verdict v) { return verdict_names[v]; }

int conf_verdict_parse(const char *s, conf_verdict *out) {
    for (int i = 0; s && i < CONF_NVERDICTS; i++)
        if (!strcasecmp(s, verdict_names[i])) { *out = (conf_verdict)i; return 0; }
    return -1;
}

const char *conf_level_name(conf_level l) {
    static const char *const n[] = {"MUST", "MUST NOT", "SHOULD", "MAY"};
    return n[l];
}

int conf_id_match(const char *pattern, const char *id) {
    if (strpbrk(pattern, "*?[")) return fnmatch(pattern, id, 0) == 0;
    size_t n = strlen(pattern);
    if (strncmp(pattern, id, n)) return 0;
    char next = id[n];
    return next == '\0' || next == '/' || next == '.' || pattern[n - 1] == '/';
}

int conf_selected(const char *id, const char *const *only, const char *const *exclude) {
    int in = !only || !*only;
    for (const char *const *p = only; p && *p && !in; p++) in = conf_id_match(*p, id);
    for (const char *const *p = exclude; p && *p && in; p++) if (conf_id_match(*p, id)) in = 0;
    return in;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct run_state {
    const conf_events *ev;
} run_state;

static void on_request(void *ud, const conf_xchg *x, int cached) {
    run_state *st = ud;
    if (st->ev && st->ev->request) st->ev->request(st->ev->ud, x, cached);
}

/* Builds the result object of one case (the verdict event's payload). */
static json_t *result_new(const conf_run_opts *o, const conf_case *cs, conf_verdict v,
                          const char *reason, json_t *problems, json_t *evidence, double elapsed) {
    json_t *r = json_object();
    size_t pi;
    json_t *pb;
    json_array_foreach(problems, pi, pb)     /* soft ones already say "SHOULD" */
        if (!json_object_get(pb, "level")) json_object_set_new(pb, "level", json_string(conf_level_name(cs->level)));
    json_object_set_new(r, "id", json_string(cs->id));
    json_object_set_new(r, "section", json_string(cs->section));
    json_object_set_new(r, "level", json_string(conf_level_name(cs->level)));
    json_object_set_new(r, "title", json_string(cs->title));
    json_object_set_new(r, "requirement", json_string(cs->requirement));
    json_object_set_new(r, "verdict", json_string(conf_verdict_name(v)));
    json_object_set_new(r, "reason", json_string(reason));
    json_object_set_new(r, "elapsed", json_real(elapsed));
    json_object_set_new(r, "problems", problems ? problems : json_array());
    json_object_set_new(r, "evidence", evidence ? evidence : json_array());
    conf_verdict want;
    const char *why = "";
    int has = conf_expect_lookup(o->expect, cs->id, &want, &why);
    int matched = has ? want == v : (v != CONF_FAIL && v != CONF_ERROR);
    if (has)
        json_object_set_new(r, "expected", json_pack("{ssss}", "verdict", conf_verdict_name(want), "reason", why));
    else
        json_object_set_new(r, "expected", json_null());
    json_object_set_new(r, "as_expected", json_boolean(matched));
    return r;
}

static unsigned needs_missing(const conf_session *s, unsigned needs) {
    return needs & ~s->ird.services;
}

static const char *need_text(unsigned missing) {
    static const struct { unsigned bit; const char *text; } rows[] = {
        {CONF_NEED_NETMAP, "a network map (GET, application/alto-networkmap+json)"},
        {CONF_NEED_COSTMAP, "a cost map (GET, application/alto-costmap+json)"},
        {CONF_NEED_FNETMAP, "a filtered network map (accepts application/alto-networkmapfilter+json)"},
        {CONF_NEED_FCOSTMAP, "a filtered cost map (accepts application/alto-costmapfilter+json)"},
        {CONF_NEED_FCOST_CONSTR, "a filtered cost map with capability cost-constraints: true"},
        {CONF_NEED_EPROP, "an endpoint property service"},
        {CONF_NEED_ECS, "an endpoint cost service"},
        {CONF_NEED_ECS_CONSTR, "an endpoint cost service with capability cost-constraints: true"},
        {CONF_NEED_DELEGATED, "a delegated IRD"},
        {CONF_NEED_POST, "any POST service (filtered maps, endpoint property or cost)"},
        {CONF_NEED_PV_COSTMAP, "a path vector cost map (multipart/related;type=application/alto-costmap+json, RFC 9275)"},
        {CONF_NEED_PV_ECS, "a path vector endpoint cost service (multipart/related;type=application/alto-endpointcost+json, RFC 9275)"},
        {CONF_NEED_PV, "a path vector resource (multipart/related cost map or endpoint cost, RFC 9275)"},
        {CONF_NEED_MULTIPART, "a multipart/related resource (RFC 9275 path vector)"},
        {CONF_NEED_PROPMAP, "a property map (application/alto-propmap+json, GET, RFC 9240)"},
        {CONF_NEED_FPROPMAP, "a filtered property map (accepts application/alto-propmapparams+json, RFC 9240)"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        if (missing & rows[i].bit) return rows[i].text;
    return "a service";
}

static json_t *probe_json(const conf_session *s) {
    json_t *p = json_object();
    json_t *irds = json_array();
    for (int k = 0; k < s->ird.nirds; k++) {
        const conf_irdoc *d = &s->ird.irds[k];
        json_t *o = json_pack("{sssisb}", "url", d->url, "depth", d->depth, "usable", d->doc != NULL);
        if (d->via) json_object_set_new(o, "via", json_string(d->via));
        if (d->x) json_object_set_new(o, "status", json_integer(d->x->resp.status));
        json_array_append_new(irds, o);
    }
    json_object_set_new(p, "irds", irds);
    json_t *res = json_array();
    for (int i = 0; i < s->ird.nres; i++) {
        const conf_res *r = &s->ird.res[i];
        json_t *o = json_pack("{ssss?ss}", "id", r->id, "uri", r->uri, "service", conf_svc_name(r->svc));
        json_array_append_new(res, o);
    }
    json_object_set_new(p, "resources", res);
    if (s->ird.note[0]) json_object_set_new(p, "note", json_string(s->ird.note));
    return p;
}

/* The report document around the results (every member but "results"). */
static json_t *report_new(const conf_run_opts *o, const conf_session *s, int total,
                          const int *counts, int unexpected, double elapsed, time_t wall) {
    const conf_suite *su = o->suite;
    json_t *rep = json_object();
    json_object_set_new(rep, "kind", json_string("conformance"));
    json_object_set_new(rep, "version", json_integer(CONF_REPORT_VERSION));
    json_object_set_new(rep, "suite", json_pack("{ssss}", "name", su->name, "title", su->title));
    json_object_set_new(rep, "target", json_pack("{sssb}", "ird", o->ird_url, "embedded", o->embedded));
    char ts[32];
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", gmtime(&wall));
    json_object_set_new(rep, "started", json_string(ts));
    json_object_set_new(rep, "generated", alto_meta_generated());
    json_object_set_new(rep, "elapsed", json_real(elapsed));
    json_object_set_new(rep, "requests", json_integer(s ? conf_session_requests(s) : 0));
    const conf_opts *h = s ? &s->opts : &o->http;    /* with the defaults filled in */
    json_t *opts = json_pack("{sbsfsIsisfsisisI}", "strict", o->strict, "timeout", h->timeout,
                             "max_body", (json_int_t)h->max_body, "ird_depth", h->ird_depth,
                             "deadline", h->deadline, "max_resources", h->max_resources,
                             "max_irds", h->max_irds, "evidence_budget", (json_int_t)h->evidence_budget);
    json_t *only = json_array(), *excl = json_array();
    for (const char *const *p = o->only; p && *p; p++) json_array_append_new(only, json_string(*p));
    for (const char *const *p = o->exclude; p && *p; p++) json_array_append_new(excl, json_string(*p));
    json_object_set_new(opts, "only", only);
    json_object_set_new(opts, "exclude", excl);
    json_object_set_new(opts, "expect", o->expect_path ? json_string(o->expect_path) : json_null());
    json_object_set_new(opts, "insecure", json_boolean(o->http.insecure));
    json_object_set_new(opts, "cafile", o->http.cafile ? json_string(o->http.cafile) : json_null());
    json_object_set_new(rep, "options", opts);
    json_object_set_new(rep, "probe", s ? probe_json(s) : json_pack("{s[]s[]}", "irds", "resources"));
    json_object_set_new(rep, "bounds", s ? json_deep_copy(s->bounds) : json_array());
    json_t *sum = json_object();
    json_object_set_new(sum, "total", json_integer(total));
    for (int v = 0; v < CONF_NVERDICTS; v++)
        json_object_set_new(sum, verdict_names[v], json_integer(counts[v]));
    json_object_set_new(sum, "unexpected", json_integer(unexpected));
    json_object_set_new(rep, "summary", sum);
    return rep;
}

json_t *conf_run_error_report(const conf_run_opts *o, const char *cause, const char *message) {
    int counts[CONF_NVERDICTS] = {0};
    json_t *rep = report_new(o, NULL, 0, counts, 0, 0.0, time(NULL));
    json_t *probe = json_object_get(rep, "probe");
    json_object_set_new(probe, "ok", json_false());
    json_object_set_new(probe, "error", json_string(message));
    json_object_set_new(rep, "error", json_pack("{ssss}", "cause", cause, "message", message));
    json_object_set_new(rep, "results", json_array());
    return rep;
}

/* A verdict that claims something about the server (PASS, SKIP,
 * UNSUPPORTED) cannot stand when a bound kept the case from seeing all of
 * it: ERROR with the bound's reason.  FAIL and WARN stand: their evidence
 * is real whatever was left out. */
static conf_verdict bounded_verdict(conf_verdict v, const char *bound, char *why, size_t n) {
    if (!bound || (v != CONF_PASS && v != CONF_SKIP && v != CONF_UNSUPPORTED)) return v;
    char *was = alto_xstrdup(why);
    snprintf(why, n, "cannot judge: %s (what was seen: %s%s%s)", bound, conf_verdict_name(v),
             was[0] ? ", " : "", was);
    free(was);
    return CONF_ERROR;
}

/* Runs one case; returns its result object (new). */
static json_t *run_case(const conf_run_opts *o, conf_session *s, const conf_case *cs) {
    double c0 = now_s();
    conf_ctx c;
    conf_ctx_init(&c, s, cs);
    unsigned missing = needs_missing(s, cs->needs);
    conf_verdict v;
    const char *reason;
    char why[1300];
    int late_before = conf_session_late(s);
    if (late_before) {
        snprintf(why, sizeof why, "cannot judge: the run deadline of %g s (--deadline) passed before this case ran",
                 s->opts.deadline);
        v = CONF_ERROR;
    } else if (missing) {
        snprintf(why, sizeof why, "the IRD does not advertise %s", need_text(missing));
        v = CONF_UNSUPPORTED;
    } else {
        if (cs->run) cs->run(&c);
        else conf_data_run(&c);
        v = conf_ctx_verdict(&c, o->strict, &reason);
        snprintf(why, sizeof why, "%s", reason);
    }
    if (!late_before && s->deadline_hit)
        v = bounded_verdict(v, "the run deadline passed while this case ran (--deadline)", why, sizeof why);
    v = bounded_verdict(v, conf_session_bounded(s), why, sizeof why);
    json_t *r = result_new(o, cs, v, why, json_deep_copy(c.probs.list), conf_ctx_evidence(&c), now_s() - c0);
    if (c.probs.n > CONF_PROBS_KEEP)
        json_object_set_new(r, "problems_total", json_integer(c.probs.n));
    json_object_set_new(r, "checked", json_integer(c.probs.checked));
    conf_ctx_free(&c);
    return r;
}

json_t *conf_run(const conf_run_opts *o, const conf_events *ev, alto_err *err) {
    const conf_suite *su = o->suite;
    int total = 0;
    for (size_t i = 0; i < su->ncases; i++)
        total += conf_selected(su->cases[i].id, o->only, o->exclude);
    if (!total) {
        alto_err_set(err, "the selection matches no case of suite %s (see altospec conform --list)", su->name);
        return NULL;
    }
    double t0 = now_s();
    time_t wall = time(NULL);
    run_state st = {ev};
    conf_session *s = conf_session_new(o->ird_url, &o->http);
    s->on_request = on_request;
    s->ud = &st;
    alto_err perr = {""};
    int probe_ok = conf_session_probe(s, &perr) == 0;

    json_t *results = json_array();
    int counts[CONF_NVERDICTS] = {0}, unexpected = 0, index = 0;
    for (size_t i = 0; probe_ok && i < su->ncases; i++) {
        const conf_case *cs = &su->cases[i];
        if (!conf_selected(cs->id, o->only, o->exclude)) continue;
        index++;
        if (ev && ev->started) ev->started(ev->ud, cs, index, total);
        json_t *r = run_case(o, s, cs);
        conf_verdict v = CONF_ERROR;
        conf_verdict_parse(json_string_value(json_object_get(r, "verdict")), &v);
        counts[v]++;
        if (!json_is_true(json_object_get(r, "as_expected"))) unexpected++;
        json_array_append_new(results, r);
        if (ev && ev->verdict) ev->verdict(ev->ud, r, index, total);
    }
    json_t *rep = report_new(o, s, probe_ok ? total : 0, counts, unexpected, now_s() - t0, wall);
    json_t *probe = json_object_get(rep, "probe");
    json_object_set_new(probe, "ok", json_boolean(probe_ok));
    if (!probe_ok) {
        json_object_set_new(probe, "error", json_string(perr.msg));
        json_t *x = s->ird.nirds ? alto_xchg_json(s->ird.irds[0].x, 0) : NULL;
        json_t *e = json_pack("{ssss}", "cause", s->ird.cause ? s->ird.cause : "harness", "message", perr.msg);
        if (x) json_object_set_new(e, "exchange", x);
        json_object_set_new(rep, "error", e);
    }
    json_object_set_new(rep, "results", results);
    conf_session_free(s);
    return rep;
}

int conf_report_exit(const json_t *report) {
    if (json_object_get(report, "error")) return 2;
    json_int_t u = json_integer_value(json_object_get(json_object_get(report, "summary"), "unexpected"));
    return u ? 1 : 0;
}
