/* run_alto.c: the policies' cost questions (see run_alto.h).
 *
 * Errors say what the server said (alto_xchg_expect_*: the HTTP status and
 * the RFC 7285 error code, or the transport error); the caller prefixes the
 * scenario line of the policy or of alto.url.  Answers are cached per
 * question so a workload of 10,000 requests from 50 clients asks the
 * server at most once per (client, replica set), which bounds the request
 * count; the network map is fetched once per URI by the client. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run_alto.h"
#include "alto_media.h"
#include "alto_buf.h"

struct run_alto {
    alto_client *client;
    json_t *cache;          /* question key -> array of costs */
    json_t *evidence;       /* rows of the client's log, rendered so far */
};

run_alto *run_alto_new(const char *ird_url, double timeout) {
    alto_client_opts o = ALTO_CLIENT_OPTS_DEFAULT;
    o.timeout = timeout > 0 ? timeout : 10;
    o.connect_timeout = o.timeout < 5 ? o.timeout : 5;
    run_alto *a = alto_xcalloc(1, sizeof *a);
    a->client = alto_client_new(ird_url, &o);
    a->cache = json_object();
    a->evidence = json_array();
    return a;
}

void run_alto_free(run_alto *a) {
    if (!a) return;
    alto_client_free(a->client);
    json_decref(a->cache);
    json_decref(a->evidence);
    free(a);
}

alto_client *run_alto_client(run_alto *a) { return a->client; }
const char *run_alto_url(const run_alto *a) { return alto_client_url(a->client); }

json_t *run_alto_evidence(run_alto *a) {
    for (size_t i = json_array_size(a->evidence); i < alto_client_nxchg(a->client); i++)
        json_array_append_new(a->evidence, alto_xchg_json_flat(alto_client_xchg(a->client, i)));
    return a->evidence;
}

int run_alto_ird(run_alto *a, alto_err *err) {
    if (alto_client_ird(a->client, "discovery", err)) return -1;
    const json_t *root = alto_client_closure(a->client)->irds[0].doc;
    if (!json_is_object(json_object_get(root, "resources")))
        return alto_err_set(err, "GET %s: not an ALTO information resource directory "
                            "(no \"resources\" object)", run_alto_url(a));
    return 0;
}

/* ---- plans: which resource answers a metric ------------------------------------- */

void run_alto_plan_free(run_alto_plan *p) {
    free(p->metric); free(p->mode); free(p->type_name); free(p->uri); free(p->netmap_uri);
    memset(p, 0, sizeof *p);
}

json_t *run_alto_plan_json(const run_alto_plan *p) {
    static const char *const via[] = {
        [RUN_VIA_ECS] = "endpoint-cost", [RUN_VIA_FILTERED] = "filtered-cost-map",
        [RUN_VIA_FULL] = "cost-map",
    };
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "cost_type", p->type_name, "cost_metric",
                     p->metric, "cost_mode", p->mode, "via", via[p->via], "uri", p->uri);
}

static const char *str_or(const json_t *v) {
    return json_is_string(v) ? json_string_value(v) : "?";
}

/* Does r serve costs the `via` way?  accepts is matched by substring, as
 * servers may add parameters. */
static int serves_via(const alto_res *r, run_alto_via via) {
    const char *mt = r->media ? r->media : "", *acc = r->accepts;
    if (via == RUN_VIA_ECS) return !strcmp(mt, ALTO_MT_ECS) && acc && strstr(acc, ALTO_MT_ECS_PARAMS);
    if (via == RUN_VIA_FILTERED) return !strcmp(mt, ALTO_MT_COSTMAP) && acc && strstr(acc, ALTO_MT_COSTMAP_FILTER);
    return !strcmp(mt, ALTO_MT_COSTMAP) && !acc;
}

static int via_allowed(const char *via_pref, run_alto_via via) {
    if (via_pref && !strcmp(via_pref, "endpoint-cost")) return via == RUN_VIA_ECS;
    if (via_pref && !strcmp(via_pref, "cost-map")) return via != RUN_VIA_ECS;
    return 1;
}

/* The first resource of IRD document k that serves cost type tn `via`
 * (with the network map it uses, but for the ECS), into out. */
static int plan_in_doc(const alto_ird *d, int k, const char *tn, const json_t *tv, run_alto_via via,
                       run_alto_plan *out) {
    for (int i = 0; i < d->nres; i++) {
        const alto_res *r = &d->res[i];
        if (r->ird != k || !r->uri || !serves_via(r, via) || !alto_res_lists(r, "cost-type-names", tn))
            continue;
        const alto_res *nm = via == RUN_VIA_ECS ? NULL : alto_ird_uses(d, r, ALTO_SVC_NETMAP);
        if (via != RUN_VIA_ECS && !nm) continue;
        out->metric = alto_xstrdup(json_string_value(json_object_get(tv, "cost-metric")));
        out->mode = alto_xstrdup(json_string_value(json_object_get(tv, "cost-mode")));
        out->type_name = alto_xstrdup(tn);
        out->via = via;
        out->uri = alto_xstrdup(r->uri);
        out->netmap_uri = nm ? alto_xstrdup(nm->uri) : NULL;
        return 1;
    }
    return 0;
}

/* "metric/mode, ..." of every cost type in the closure, for messages. */
static void offered_types(const alto_ird *d, alto_buf *b) {
    for (int k = 0; k < d->nirds; k++) {
        const char *tn;
        const json_t *tv;
        json_object_foreach(json_object_get(json_object_get(d->irds[k].doc, "meta"), "cost-types"), tn, tv)
            alto_buf_printf(b, "%s%s/%s", b->len ? ", " : "", str_or(json_object_get(tv, "cost-metric")),
                            str_or(json_object_get(tv, "cost-mode")));
    }
}

int run_alto_plan_new(run_alto *a, const char *metric, const char *via_pref, run_alto_plan *out,
                      alto_err *err) {
    static const char *const modes[] = {"numerical", "ordinal"};
    const alto_ird *d = alto_client_closure(a->client);
    memset(out, 0, sizeof *out);
    /* Best: numerical before ordinal, then ECS, filtered, full. */
    for (int m = 0; m < 2; m++)
        for (int k = 0; k < d->nirds; k++) {
            const char *tn;
            const json_t *tv;
            json_object_foreach(json_object_get(json_object_get(d->irds[k].doc, "meta"), "cost-types"), tn, tv) {
                const char *cm = json_string_value(json_object_get(tv, "cost-metric"));
                const char *mo = json_string_value(json_object_get(tv, "cost-mode"));
                if (!cm || !mo || strcmp(cm, metric) || strcmp(mo, modes[m])) continue;
                for (run_alto_via via = RUN_VIA_ECS; via <= RUN_VIA_FULL; via++)
                    if (via_allowed(via_pref, via) && plan_in_doc(d, k, tn, tv, via, out)) return 0;
            }
        }
    alto_buf offered = ALTO_BUF_INIT;
    offered_types(d, &offered);
    alto_err_set(err, "the ALTO server at %s offers no %sresource with cost metric \"%s\" "
                 "(its cost types: %s)", run_alto_url(a),
                 via_pref ? (!strcmp(via_pref, "endpoint-cost") ? "endpoint cost " : "cost map ") : "",
                 metric, offered.len ? offered.data : "none");
    alto_buf_free(&offered);
    return -1;
}

/* ---- asking ---------------------------------------------------------------------- */

static int number_cost(const json_t *v, double *out) {
    if (!json_is_number(v)) return -1;
    *out = json_number_value(v);
    return 0;
}

const json_t *run_alto_ecs_cell(const json_t *m, const alto_addr *src, const alto_addr *dst) {
    const char *sk, *dk;
    const json_t *row, *cell, *found = NULL;
    json_object_foreach((json_t *)m, sk, row) {
        alto_addr s;
        if (alto_addr_parse_typed(sk, &s) || !alto_addr_equal(&s, src)) continue;
        json_object_foreach((json_t *)row, dk, cell) {
            alto_addr d;
            if (!alto_addr_parse_typed(dk, &d) && alto_addr_equal(&d, dst)) found = cell;
        }
    }
    return found;
}

static int ask_ecs(run_alto *a, const run_alto_plan *p, const char *label, json_t *ctype,
                   const alto_addr *srcs, int n, const alto_addr *dst, double *out, alto_err *err) {
    char dtxt[80], stxt[80];
    alto_addr_fmt_typed(dst, dtxt, sizeof dtxt);
    json_t *sa = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(sa, json_string(alto_addr_fmt_typed(&srcs[i], stxt, sizeof stxt)));
    json_t *body = json_pack("{s:O, s:{s:o, s:[s]}}", "cost-type", ctype, "endpoints", "srcs", sa,
                             "dsts", dtxt);
    const json_t *ans;
    int rc = alto_client_post_json(a->client, label, p->uri, ALTO_MT_ECS, ALTO_MT_ECS_PARAMS, body,
                                   &ans, err);
    json_decref(body);
    const json_t *m = json_object_get(ans, "endpoint-cost-map");
    for (int i = 0; i < n && rc == 0; i++)
        if (number_cost(run_alto_ecs_cell(m, &srcs[i], dst), &out[i]))
            rc = alto_err_set(err, "POST %s: the answer has no numeric %s cost from %s to %s", p->uri,
                              p->metric, alto_addr_fmt_typed(&srcs[i], stxt, sizeof stxt), dtxt);
    return rc;
}

/* The PIDs of dst and of every source, by the plan's network map. */
static int pids_of(run_alto *a, const run_alto_plan *p, const char *label, const alto_addr *srcs,
                   int n, const alto_addr *dst, const char **spid, const char **dpid, alto_err *err) {
    if (alto_client_pid(a->client, label, p->netmap_uri, dst, dpid, err)) return -1;
    for (int i = 0; i < n; i++)
        if (alto_client_pid(a->client, label, p->netmap_uri, &srcs[i], &spid[i], err)) return -1;
    return 0;
}

static int ask_map(run_alto *a, const run_alto_plan *p, const char *label, json_t *ctype,
                   const alto_addr *srcs, int n, const alto_addr *dst, double *out, alto_err *err) {
    const char **spid = alto_xcalloc((size_t)n + 1, sizeof *spid), *dpid = NULL;
    const json_t *ans = NULL;
    int rc = pids_of(a, p, label, srcs, n, dst, spid, &dpid, err);
    if (rc == 0 && p->via == RUN_VIA_FILTERED) {
        json_t *sa = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(sa, json_string(spid[i]));
        json_t *body = json_pack("{s:O, s:{s:o, s:[s]}}", "cost-type", ctype, "pids", "srcs", sa,
                                 "dsts", dpid);
        rc = alto_client_post_json(a->client, label, p->uri, ALTO_MT_COSTMAP, ALTO_MT_COSTMAP_FILTER,
                                   body, &ans, err);
        json_decref(body);
    } else if (rc == 0) {
        rc = alto_client_get_json(a->client, label, p->uri, ALTO_MT_COSTMAP, &ans, err);
    }
    const json_t *m = json_object_get(ans, "cost-map");
    for (int i = 0; i < n && rc == 0; i++)
        if (number_cost(json_object_get(json_object_get(m, spid[i]), dpid), &out[i]))
            rc = alto_err_set(err, "%s: the cost map has no numeric %s cost from PID %s to PID %s",
                              p->uri, p->metric, spid[i], dpid);
    free(spid);
    return rc;
}

int run_alto_costs(run_alto *a, const run_alto_plan *p, const char *label, const alto_addr *srcs,
                   int n, const alto_addr *dst, double *out, alto_err *err) {
    alto_buf key = ALTO_BUF_INIT;
    char t[80];
    alto_buf_printf(&key, "%s|%s|%d|%s>", p->type_name, p->uri, (int)p->via,
                    alto_addr_fmt_typed(dst, t, sizeof t));
    for (int i = 0; i < n; i++) alto_buf_printf(&key, "%s,", alto_addr_fmt_typed(&srcs[i], t, sizeof t));
    const json_t *hit = json_object_get(a->cache, key.data);
    if (hit) {
        for (int i = 0; i < n; i++) out[i] = json_number_value(json_array_get(hit, (size_t)i));
        alto_buf_free(&key);
        return 0;
    }
    json_t *ctype = json_pack("{s:s, s:s}", "cost-metric", p->metric, "cost-mode", p->mode);
    int rc = p->via == RUN_VIA_ECS ? ask_ecs(a, p, label, ctype, srcs, n, dst, out, err)
                                   : ask_map(a, p, label, ctype, srcs, n, dst, out, err);
    json_decref(ctype);
    if (rc == 0) {
        json_t *arr = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(arr, json_real(out[i]));
        json_object_set_new(a->cache, key.data, arr);
    }
    alto_buf_free(&key);
    return rc;
}
