/* util.c: what the RFC 9275 run functions share (see rfc9275.h):
 * which resources a row judges, requests built only from what the IRD
 * advertises (PIDs of the network map in "uses", endpoints sampled from
 * the default network map, the advertised ANE property names), and the
 * split of a multipart answer into its path vector and property map
 * parts.  The parts are found by Content-Type, and failing that by their
 * JSON members, so a server that mislabels one part fails the case about
 * labels while the other cases can still judge the contents. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "rfc9275.h"
#include "rfc7285/rfc7285.h"

/* Runs fn on the R9_Q_ALL answer of every resource of the row; parts
 * = 1 when fn needs both parts identified (else any 200 answer). */
void r9_each_answer(conf_ctx *c, int parts, r9_resp_fn fn) {
    const conf_res *r;
    R9_EACH(c, r) {
        r9_resp p;
        int ok = parts ? r9_fetch_parts(c, r, R9_Q_ALL, &p) : r9_fetch(c, r, R9_Q_ALL, &p);
        if (ok) fn(c, &p);
        r9_resp_free(&p);
    }
}

json_t *r9_propmap(conf_ctx *c, r9_resp *p) {
    json_t *m = conf_check_member(conf_pb(c), p->pm->json, "$", "property-map", CONF_JT_OBJECT, 1);
    return m;
}

unsigned r9_kinds(const conf_ctx *c) {
    const char *s = c->cs->section;
    if (!strncmp(s, "7.2", 3)) return 1u << CONF_SVC_PV_COSTMAP;
    if (!strncmp(s, "7.3", 3)) return 1u << CONF_SVC_PV_ECS;
    return (1u << CONF_SVC_PV_COSTMAP) | (1u << CONF_SVC_PV_ECS);
}

const conf_res *r9_nth(conf_ctx *c, int n) {
    const conf_ird *d = &c->s->ird;
    unsigned k = r9_kinds(c);
    for (int i = 0; i < d->nres; i++)
        if ((k & (1u << d->res[i].svc)) && d->res[i].uri && n-- == 0) return &d->res[i];
    return NULL;
}

int r9_is_ecs(const conf_res *r) { return r->svc == CONF_SVC_PV_ECS; }
const char *r9_part_media(const conf_res *r) { return r9_is_ecs(r) ? M9_ECS : M9_COSTMAP; }
const char *r9_data_member(const conf_res *r) { return r9_is_ecs(r) ? "endpoint-cost-map" : "cost-map"; }

int r9_is_pv_type(const json_t *ct) {
    const char *m = json_string_value(json_object_get(ct, "cost-metric"));
    const char *o = json_string_value(json_object_get(ct, "cost-mode"));
    return m && o && !strcmp(m, "ane-path") && !strcmp(o, "array");
}

const char *r9_pv_type_name(conf_ctx *c, const conf_res *r) {
    size_t i;
    json_t *n;
    json_array_foreach(json_object_get(r->caps, "cost-type-names"), i, n) {
        const char *s = json_string_value(n);
        if (s && r9_is_pv_type(conf_ird_cost_type(c->s, r, s))) return s;
    }
    return NULL;
}

json_t *r9_prop_names(const conf_res *r) {
    json_t *a = json_object_get(r->caps, "ane-property-names");
    return json_is_array(a) ? a : NULL;
}

/* ---- requests ---------------------------------------------------------- */

static json_t *pv_cost_type(void) {
    return json_pack("{ssss}", "cost-metric", "ane-path", "cost-mode", "array");
}

/* A cost type of r that is not the PV type (new), or NULL. */
static json_t *other_cost_type(conf_ctx *c, const conf_res *r) {
    for (size_t i = 0; i < r7_ncost_types(r); i++) {
        json_t *ct = r7_cost_type(c, r, i);
        if (ct && !r9_is_pv_type(ct)) return ct;
        json_decref(ct);
    }
    return NULL;
}

/* Sources and destinations: a few of the network map's PIDs (cost map)
 * or endpoints inside them (endpoint cost), so that paths exist. */
static void add_endpoints(conf_ctx *c, const conf_res *r, json_t *req) {
    const conf_res *nmr = NULL;
    if (!r9_is_ecs(r)) nmr = conf_ird_uses_netmap(&c->s->ird, r);
    json_t *nm = NULL;
    if (nmr || r9_is_ecs(r)) {
        /* Fetch quietly: a broken network map is the rfc7285 suite's
         * business; without one the request simply names no PIDs. */
        const conf_res *m = nmr;
        if (!m) {
            const char *def = json_string_value(json_object_get(
                json_object_get(c->s->ird.irds[0].doc, "meta"), "default-alto-network-map"));
            m = def ? conf_ird_find(&c->s->ird, def) : NULL;
            if (!m || m->svc != CONF_SVC_NETMAP) m = conf_ird_nth(&c->s->ird, CONF_SVC_NETMAP, 0);
        }
        if (m) {
            conf_xchg *x = conf_get(c, m);
            if (x->rc == 0 && x->resp.status == 200) nm = x->json;
        }
    }
    if (!r9_is_ecs(r)) {
        if (!nm) return;        /* no "pids": all pairs */
        json_t *pids = r7_pids(nm);
        while (json_array_size(pids) > 3) json_array_remove(pids, json_array_size(pids) - 1);
        json_object_set_new(req, "pids", json_pack("{sOsO}", "srcs", pids, "dsts", pids));
        json_decref(pids);
        return;
    }
    json_t *eps = json_array();
    if (nm) conf_netmap_samples(nm, eps, 4);
    if (json_array_size(eps) < 2) {
        json_array_clear(eps);
        json_array_append_new(eps, json_string("ipv4:192.0.2.1"));
        json_array_append_new(eps, json_string("ipv4:198.51.100.1"));
    }
    json_t *srcs = json_array();
    json_array_append(srcs, json_array_get(eps, 0));
    json_array_append(srcs, json_array_get(eps, 1));
    json_object_set_new(req, "endpoints", json_pack("{soso}", "srcs", srcs, "dsts", eps));
}

json_t *r9_request(conf_ctx *c, const conf_res *r, r9_q q) {
    json_t *ct = q == R9_Q_NOPV ? other_cost_type(c, r) : pv_cost_type();
    if (!ct) return NULL;
    json_t *props = r9_prop_names(r);
    if (q == R9_Q_ONE && json_array_size(props) < 2) { json_decref(ct); return NULL; }
    json_t *req = json_object();
    json_object_set_new(req, "cost-type", ct);
    add_endpoints(c, r, req);
    switch (q) {
    case R9_Q_ALL: case R9_Q_NOPV:
        if (props) json_object_set(req, "ane-property-names", props);
        break;
    case R9_Q_ONE:
        json_object_set_new(req, "ane-property-names", json_pack("[O]", json_array_get(props, 0)));
        break;
    case R9_Q_BADPROP:
        json_object_set_new(req, "ane-property-names", json_pack("[s]", "altospec-no-such-property"));
        break;
    case R9_Q_CONSTR:
        json_object_set_new(req, "constraints", json_pack("[s]", "ge 0"));
        break;
    case R9_Q_NONE:
        break;
    }
    return req;
}

/* ---- answers ------------------------------------------------------------ */

static int has_member(const alto_mpart_part *p, const char *m) {
    return p->json && json_object_get(p->json, m) != NULL;
}

static void split(r9_resp *o) {
    alto_mpart *m = &o->mp;
    int n = m->nparts < ALTO_MPART_MAX_PARTS ? m->nparts : ALTO_MPART_MAX_PARTS;
    const char *want = r9_part_media(o->r);
    o->pv_index = o->pm_index = -1;
    for (int i = 0; i < n; i++) {      /* by Content-Type first */
        if (o->pv_index < 0 && !strcmp(m->parts[i].media, want)) o->pv_index = i;
        else if (o->pm_index < 0 && !strcmp(m->parts[i].media, M9_PROPMAP)) o->pm_index = i;
    }
    for (int i = 0; i < n; i++) {      /* then by contents */
        if (i == o->pv_index || i == o->pm_index) continue;
        if (o->pv_index < 0 && has_member(&m->parts[i], r9_data_member(o->r))) o->pv_index = i;
        else if (o->pm_index < 0 && has_member(&m->parts[i], "property-map")) o->pm_index = i;
    }
    o->pv = o->pv_index >= 0 ? &m->parts[o->pv_index] : NULL;
    o->pm = o->pm_index >= 0 ? &m->parts[o->pm_index] : NULL;
    const char *why;
    if (o->pv) alto_mpart_content_id(o->pv->content_id, o->pv_rid, sizeof o->pv_rid, &why);
    if (o->pm) alto_mpart_content_id(o->pm->content_id, o->pm_rid, sizeof o->pm_rid, &why);
}

int r9_fetch(conf_ctx *c, const conf_res *r, r9_q q, r9_resp *o) {
    memset(o, 0, sizeof *o);
    o->r = r;
    o->pv_index = o->pm_index = -1;
    o->req = r9_request(c, r, q);
    if (!o->req) {
        conf_set(c, CONF_SKIP, "%s: cannot build this request from the IRD (%s)", r->id,
                 q == R9_Q_NOPV ? "no cost type other than the path vector type"
                 : "fewer than two ane-property-names advertised");
        return 0;
    }
    conf_xchg *x = o->x = conf_post(c, r, json_incref(o->req));
    conf_focus(c, x);
    if (x->rc != 0) { conf_set(c, CONF_ERROR, "POST %s: %s", x->url, x->resp.error); return 0; }
    if (x->resp.status != 200) {
        char act[32];
        snprintf(act, sizeof act, "HTTP %ld", x->resp.status);
        conf_prob(conf_pb(c), "status", "HTTP 200", act, "%s %s answered HTTP %ld to a valid path vector request",
                  x->method, x->url, x->resp.status);
        return 0;
    }
    if (x->resp.cut) {          /* only a prefix was kept (conf_sess.c, evidence budget) */
        conf_set(c, CONF_ERROR, "cannot judge: the multipart answer of %s was beyond the evidence budget "
                 "(--evidence-budget)", r->id);
        return 0;
    }
    o->parsed = alto_mpart_parse(&o->mp, x->resp.content_type, x->resp.body.data, x->resp.body.len,
                              c->s->opts.max_depth) == 0;
    if (o->parsed) split(o);
    return 1;
}

int r9_fetch_parts(conf_ctx *c, const conf_res *r, r9_q q, r9_resp *o) {
    if (!r9_fetch(c, r, q, o)) return 0;
    if (!o->parsed) {
        conf_set(c, CONF_ERROR, "cannot judge: the answer of %s is not a multipart body: %s", r->id, o->mp.err);
        return 0;
    }
    if (!o->pv || !o->pv->json || !o->pm || !o->pm->json) {
        conf_set(c, CONF_ERROR, "cannot judge: the answer of %s has no %s (see rfc9275/%s/two-parts)", r->id,
                 !o->pv ? "path vector part" : !o->pv->json ? "JSON object in its path vector part"
                 : !o->pm ? "property map part" : "JSON object in its property map part",
                 r9_is_ecs(r) ? "7.3.6" : "7.2.6");
        return 0;
    }
    return 1;
}

void r9_resp_free(r9_resp *p) {
    if (p->parsed || p->mp.nparts) alto_mpart_free(&p->mp);
    json_decref(p->req);
    p->req = NULL;
}

void r9_each_cost(conf_ctx *c, const r9_resp *p, r9_cost_fn fn, void *ud) {
    const char *member = r9_data_member(p->r);
    json_t *m = json_object_get(p->pv->json, member);
    const char *s, *d;
    json_t *row, *v;
    char base[CONF_PATH_MAX], path[CONF_PATH_MAX];
    json_object_foreach(m, s, row) {
        conf_path_key(base, "$", member);
        conf_path_key(base, base, s);
        json_object_foreach(row, d, v) {
            conf_path_key(path, base, d);
            fn(c, path, v, ud);
        }
    }
}

json_t *r9_path_anes(const r9_resp *p) {
    json_t *set = json_object();
    json_t *m = json_object_get(p->pv->json, r9_data_member(p->r));
    const char *s, *d;
    json_t *row, *v, *a;
    size_t i;
    json_object_foreach(m, s, row)
        json_object_foreach(row, d, v)
            json_array_foreach(v, i, a)
                if (json_is_string(a)) json_object_set_new(set, json_string_value(a), json_true());
    return set;
}

/* ---- RFC 9240 syntaxes ---------------------------------------------------- */

static int prop_type_ok(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 32) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("-:_", *s)) return 0;
    return 1;
}

int r9_syn_prop_name(const char *s, const char **why) {
    const char *dot = strrchr(s, '.');
    if (!prop_type_ok(dot ? dot + 1 : s)) {
        *why = "has an EntityPropertyType that is not 1..32 of [A-Za-z0-9-:_]";
        return 0;
    }
    if (dot && dot != s) {
        char rid[128];
        size_t n = (size_t)(dot - s);
        if (n >= sizeof rid) { *why = "has a ResourceID longer than 64 characters"; return 0; }
        memcpy(rid, s, n);
        rid[n] = '\0';
        const char *w;
        if (!conf_syn_pidname(rid, &w)) { *why = "has a ResourceID part that is not a ResourceID"; return 0; }
    }
    return 1;
}

int r9_syn_persistent_id(const char *s, char *propmap, size_t n, const char **why) {
    const char *mark = strstr(s, ".ane:");
    propmap[0] = '\0';
    if (!mark) { *why = "is not an EntityID in the domain \"PROPMAP.ane\""; return 0; }
    size_t rl = (size_t)(mark - s);
    if (rl == 0) { *why = "names the ephemeral domain \".ane\", not a property map \"PROPMAP.ane\""; return 0; }
    char rid[128];
    if (rl >= sizeof rid) { *why = "has a PROPMAP longer than 64 characters"; return 0; }
    memcpy(rid, s, rl);
    rid[rl] = '\0';
    const char *w;
    if (!conf_syn_pidname(rid, &w)) { *why = "has a PROPMAP that is not a ResourceID"; return 0; }
    if (!conf_syn_pidname(mark + 5, &w)) { *why = "has an ANE name that is not an ANEName (PIDName syntax)"; return 0; }
    snprintf(propmap, n, "%s", rid);
    return 1;
}
