/* srv_req.c: the POST services of the reference server (RFC 7285 sections
 * 11.3 to 11.5): request validation and the answer documents.  The
 * validation helpers are shared (srv_rq_*, srv_int.h) with the RFC 9275
 * path vector services (srv_pv.c) and the RFC 9240 property map
 * (srv_propmap.c), so every service reports errors the same way.
 *
 * Validation follows section 8.5.2 to the letter, because this server is
 * the yardstick the conformance suite is checked against:
 *   - unparseable JSON, or a body that is not an object: E_SYNTAX with a
 *     "syntax-error" giving line and column;
 *   - a required member missing: E_MISSING_FIELD, "field" = its full path
 *     ("cost-type/cost-metric");
 *   - a member of the wrong JSON type: E_INVALID_FIELD_TYPE, "field";
 *   - a bad value, including an array element of the wrong type (section
 *     8.5.2 says so explicitly): E_INVALID_FIELD_VALUE, "field" = the path
 *     of the member or array, "value" = the offending value as a string;
 *   - a cost type not offered: E_INVALID_FIELD_VALUE on
 *     "cost-type/cost-metric" (metric unknown) or "cost-type/cost-mode"
 *     (metric known, mode not offered for it).
 * Unknown members are ignored (section 8.3.7); "description" in a cost type
 * is ignored (section 11.3.2.3).  PID names that are well formed but not
 * defined are ignored (sections 11.3.1.6, 11.3.2.6); a string that is not a
 * PIDName at all (section 10.1) is an invalid value.  Unknown address
 * types in a filtered network map request are ignored; a list left with no
 * known type then means "all types", as an empty list does.  Endpoints
 * must be typed ("ipv4:192.0.2.1", section 10.4.1); responses key them by
 * the canonical typed form (RFC 5952 for IPv6), which also makes two
 * spellings of one address count once. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"
#include "srv_upm.h"
#include "alto_buf.h"
#include "alto_json.h"

/* Short local names of the shared helpers (srv_int.h). */
#define fail srv_rq_fail
#define fail_str srv_rq_fail_str
#define member srv_rq_member
#define strings_only srv_rq_strings
#define is_pidname srv_is_pidname

/* The first error found; exactly one is reported (section 8.5.2). */
typedef srv_rqerr req_err;

int srv_rq_fail(req_err *e, const char *code, const char *field, const json_t *value) {
    e->code = code;
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    if (value) {
        if (json_is_string(value))
            e->value = alto_xstrdup(json_string_value(value));
        else
            e->value = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT |
                                         JSON_REAL_PRECISION(17));
    }
    return -1;
}

int srv_rq_fail_str(req_err *e, const char *field, const char *value) {
    json_t *v = json_string(value);
    fail(e, "E_INVALID_FIELD_VALUE", field, v);
    json_decref(v);
    return -1;
}

/* Member `key` of obj (path = its full path for messages) with JSON type
 * `type`.  *out = NULL when absent and optional. */
int srv_rq_member(req_err *e, const json_t *obj, const char *key, const char *path,
                 json_type type, int required, json_t **out) {
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v) return required ? fail(e, "E_MISSING_FIELD", path, NULL) : 0;
    if (json_typeof(v) != type) return fail(e, "E_INVALID_FIELD_TYPE", path, NULL);
    *out = v;
    return 0;
}

/* Every element of arr must be a string (section 8.5.2: a wrong-typed
 * element is an invalid value named by the array). */
int srv_rq_strings(req_err *e, const json_t *arr, const char *path) {
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
        if (!json_is_string(v)) return fail(e, "E_INVALID_FIELD_VALUE", path, v);
    return 0;
}

int srv_is_pidname(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 64) return 0;
    return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789-:@_.") == n;
}

/* PID list -> npids flags; an empty list means every PID. */
static int pick_pids(req_err *e, const srv_model *m, const json_t *arr,
                     const char *path, char *pick) {
    if (strings_only(e, arr, path) < 0) return -1;
    memset(pick, json_array_size(arr) ? 0 : 1, m->npids);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const char *name = json_string_value(v);
        if (!is_pidname(name)) return fail(e, "E_INVALID_FIELD_VALUE", path, v);
        int p = srv_model_pid(m, name);
        if (p >= 0) pick[p] = 1;
    }
    return 0;
}

/* "cost-type" -> index into srv_cost_types (or SRV_PV_TYPE), among the
 * types the resources of set list. */
static int cost_type_in(req_err *e, const json_t *req, int pv, unsigned set, int *t) {
    json_t *ct, *metric, *mode;
    if (member(e, req, "cost-type", "cost-type", JSON_OBJECT, 1, &ct) < 0 ||
        member(e, ct, "cost-metric", "cost-type/cost-metric", JSON_STRING, 1, &metric) < 0 ||
        member(e, ct, "cost-mode", "cost-type/cost-mode", JSON_STRING, 1, &mode) < 0)
        return -1;
    if (pv && !strcmp(json_string_value(metric), SRV_PV_METRIC)) {
        *t = SRV_PV_TYPE;
        if (strcmp(json_string_value(mode), SRV_PV_MODE))
            return fail(e, "E_INVALID_FIELD_VALUE", "cost-type/cost-mode", mode);
        return 0;
    }
    /* RFC 9274 3.2 first: a mode no registry has is the request's error
     * whatever the metric (a resource of one cost source may not offer
     * the metric at all). */
    if (!srv_cost_mode_valid(json_string_value(mode)))
        return fail(e, "E_INVALID_FIELD_VALUE", "cost-type/cost-mode", mode);
    if (!srv_metric_offered_in(set, json_string_value(metric)))
        return fail(e, "E_INVALID_FIELD_VALUE", "cost-type/cost-metric", metric);
    *t = srv_cost_type_find_in(set, json_string_value(metric), json_string_value(mode));
    if (*t < 0) return fail(e, "E_INVALID_FIELD_VALUE", "cost-type/cost-mode", mode);
    return 0;
}

int srv_rq_cost_type(req_err *e, const json_t *req, int pv, int *t) {
    return cost_type_in(e, req, pv, SRV_SET_BASE, t);
}

int srv_rq_cost_type_in(req_err *e, const json_t *req, unsigned set, int *t) {
    return cost_type_in(e, req, 0, set, t);
}

static const struct { const char *name; int op; } ops[] = {
    {"gt", SRV_OP_GT}, {"lt", SRV_OP_LT}, {"ge", SRV_OP_GE},
    {"le", SRV_OP_LE}, {"eq", SRV_OP_EQ},
};

/* A JSON number (RFC 8259 section 6), the whole of s:
 *   -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
 * so "0x10", "+5", ".5", "5.", "inf" and "nan", which strtod takes, fail. */
static int json_number(const char *s) {
    const char *p = s;
    if (*p == '-') p++;
    if (*p == '0') p++;
    else if (*p >= '1' && *p <= '9') while (isdigit((unsigned char)*p)) p++;
    else return 0;
    if (*p == '.') {
        if (!isdigit((unsigned char)*++p)) return 0;
        while (isdigit((unsigned char)*p)) p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!isdigit((unsigned char)*p)) return 0;
        while (isdigit((unsigned char)*p)) p++;
    }
    return *p == 0;
}

/* RFC 7285 section 11.3.2.3: an operator and a target cost value "separated
 * by whitespace"; the value is a JSON number.  Read strictly: exactly the
 * operator, one space, the number; nothing before or after (" le 5",
 * "le\t5", "le  5" and "le 5 " are refused, as a lenient reading would let
 * clients depend on it). */
int srv_constraint_parse(const char *s, srv_constraint *out) {
    out->op = -1;
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (!strncmp(s, ops[i].name, 2) && s[2] == ' ') out->op = ops[i].op;
    if (out->op < 0) return -1;
    const char *num = s + 3;
    if (strlen(num) > 63 || !json_number(num)) return -1;
    errno = 0;
    out->v = strtod(num, NULL);     /* grammar checked: strtod agrees with it */
    if (errno == ERANGE || !isfinite(out->v)) return -1;
    return 0;
}

int srv_constraints_hold(const srv_constraint *c, int n, double v) {
    for (int i = 0; i < n; i++) {
        int ok;
        switch (c[i].op) {
        case SRV_OP_GT: ok = v > c[i].v; break;
        case SRV_OP_LT: ok = v < c[i].v; break;
        case SRV_OP_GE: ok = v >= c[i].v; break;
        case SRV_OP_LE: ok = v <= c[i].v; break;
        default:        ok = v == c[i].v; break;
        }
        if (!ok) return 0;
    }
    return 1;
}

/* Optional "constraints"; *c is malloc'ed (free it). */
static int constraints(req_err *e, const json_t *req, srv_constraint **c, int *nc) {
    json_t *arr;
    *c = NULL;
    *nc = 0;
    if (member(e, req, "constraints", "constraints", JSON_ARRAY, 0, &arr) < 0) return -1;
    if (!arr) return 0;
    *c = alto_xcalloc(json_array_size(arr) + 1, sizeof **c);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (!json_is_string(v) || srv_constraint_parse(json_string_value(v), &(*c)[*nc]) < 0)
            return fail(e, "E_INVALID_FIELD_VALUE", "constraints", v);
        (*nc)++;
    }
    return 0;
}

/* ---- filtered network map (11.3.1) ---- */

static json_t *filtered_netmap(const srv_model *m, const json_t *req, req_err *e) {
    json_t *pids, *types;
    if (member(e, req, "pids", "pids", JSON_ARRAY, 1, &pids) < 0 ||
        member(e, req, "address-types", "address-types", JSON_ARRAY, 0, &types) < 0)
        return NULL;
    if (types && strings_only(e, types, "address-types") < 0) return NULL;
    char *pick = alto_xcalloc(m->npids + 1, 1);
    if (pick_pids(e, m, pids, "pids", pick) < 0) { free(pick); return NULL; }
    int fam = 0;
    size_t i;
    json_t *v;
    if (types)
        json_array_foreach(types, i, v) {
            if (!strcmp(json_string_value(v), "ipv4")) fam |= 1;
            if (!strcmp(json_string_value(v), "ipv6")) fam |= 2;
        }
    json_t *doc = srv_json_netmap(m, pick, fam ? fam : 3);
    free(pick);
    return doc;
}

/* ---- filtered cost map (11.3.2) ---- */

static json_t *filtered_costmap(const srv_model *m, const json_t *req, req_err *e) {
    int t;
    json_t *pids, *srcs = NULL, *dsts = NULL;
    if (srv_rq_cost_type(e, req, 0, &t) < 0 ||
        member(e, req, "pids", "pids", JSON_OBJECT, 0, &pids) < 0)
        return NULL;
    if (pids && (member(e, pids, "srcs", "pids/srcs", JSON_ARRAY, 1, &srcs) < 0 ||
                 member(e, pids, "dsts", "pids/dsts", JSON_ARRAY, 1, &dsts) < 0))
        return NULL;
    srv_constraint *c;
    int nc;
    if (constraints(e, req, &c, &nc) < 0) { free(c); return NULL; }
    char *ps = alto_xcalloc(m->npids + 1, 1), *pd = alto_xcalloc(m->npids + 1, 1);
    json_t *doc = NULL;
    if (!pids) {
        memset(ps, 1, m->npids);
        memset(pd, 1, m->npids);
    }
    if (!pids || (pick_pids(e, m, srcs, "pids/srcs", ps) == 0 &&
                  pick_pids(e, m, dsts, "pids/dsts", pd) == 0))
        doc = srv_json_costmap(m, t, ps, pd, c, nc);
    free(ps);
    free(pd);
    free(c);
    return doc;
}

int srv_rq_costmap_pids(req_err *e, const srv_model *m, const json_t *req,
                        char *ps, char *pd) {
    json_t *pids, *srcs = NULL, *dsts = NULL;
    memset(ps, 1, m->npids);
    memset(pd, 1, m->npids);
    if (member(e, req, "pids", "pids", JSON_OBJECT, 0, &pids) < 0) return -1;
    if (!pids) return 0;
    if (member(e, pids, "srcs", "pids/srcs", JSON_ARRAY, 1, &srcs) < 0 ||
        member(e, pids, "dsts", "pids/dsts", JSON_ARRAY, 1, &dsts) < 0 ||
        pick_pids(e, m, srcs, "pids/srcs", ps) < 0 ||
        pick_pids(e, m, dsts, "pids/dsts", pd) < 0)
        return -1;
    return 0;
}

/* ---- endpoints ---- */

typedef srv_endpoint endpoint;

static void endpoint_of(const srv_model *m, const alto_addr *a, endpoint *ep) {
    alto_addr_fmt_typed(a, ep->key, sizeof ep->key);
    ep->host = sim_topo_host_by_addr(m->topo, a);
    ep->pid = ep->host >= 0 ? m->topo->nodes[ep->host].pid : srv_model_pid_of(m, a);
}

/* A TypedEndpointAddr list, duplicates dropped; *out malloc'ed. */
static int endpoints(req_err *e, const srv_model *m, const json_t *arr,
                     const char *path, endpoint **out, int *n) {
    *out = alto_xcalloc(json_array_size(arr) + 1, sizeof **out);
    *n = 0;
    if (strings_only(e, arr, path) < 0) return -1;
    json_t *seen = json_object();       /* canonical keys, for duplicates */
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        alto_addr a;
        if (alto_addr_parse_typed(json_string_value(v), &a) < 0) {
            json_decref(seen);
            return fail(e, "E_INVALID_FIELD_VALUE", path, v);
        }
        endpoint_of(m, &a, &(*out)[*n]);
        if (json_object_get(seen, (*out)[*n].key)) continue;
        json_object_set_new(seen, (*out)[*n].key, json_true());
        (*n)++;
    }
    json_decref(seen);
    return 0;
}

/* ---- endpoint property (11.4.1) ---- */

static json_t *endpoint_prop(const srv_model *m, const json_t *req, req_err *e) {
    json_t *props, *eps;
    if (member(e, req, "properties", "properties", JSON_ARRAY, 1, &props) < 0 ||
        member(e, req, "endpoints", "endpoints", JSON_ARRAY, 1, &eps) < 0 ||
        strings_only(e, props, "properties") < 0)
        return NULL;
    if (!json_array_size(props)) {
        fail_str(e, "properties", "[]");
        return NULL;
    }
    size_t i;
    json_t *v;
    json_array_foreach(props, i, v)
        if (strcmp(json_string_value(v), SRV_PID_PROP)) {
            fail(e, "E_INVALID_FIELD_VALUE", "properties", v);
            return NULL;
        }
    if (!json_array_size(eps)) {
        fail_str(e, "endpoints", "[]");
        return NULL;
    }
    endpoint *ep;
    int n;
    if (endpoints(e, m, eps, "endpoints", &ep, &n) < 0) { free(ep); return NULL; }
    json_t *map = json_object();
    for (int k = 0; k < n; k++)
        json_object_set_new(map, ep[k].key, json_pack("{s:s}", SRV_PID_PROP,
                                                      m->topo->pids[ep[k].pid].name));
    free(ep);
    return json_pack("{s:{s:[o]}, s:o}", "meta", "dependent-vtags", srv_json_vtag(m),
                     "endpoint-properties", map);
}

/* ---- endpoint cost (11.5.1) ---- */

static double ep_cost(const srv_model *m, srv_metric metric, const endpoint *s,
                      const endpoint *d) {
    if (s->host >= 0 && d->host >= 0) return srv_host_cost(m, metric, s->host, d->host);
    return srv_model_pid_cost(m, metric, s->pid, d->pid);
}

/* An empty or missing list means the client's own address (11.5.1.3). */
static int ecs_list(req_err *e, const srv_model *m, const json_t *filter,
                    const char *key, const char *path, const alto_addr *client,
                    endpoint **out, int *n) {
    json_t *arr;
    *out = NULL;
    *n = 0;
    if (member(e, filter, key, path, JSON_ARRAY, 0, &arr) < 0) return -1;
    if (arr && json_array_size(arr)) return endpoints(e, m, arr, path, out, n);
    if (!client) return fail_str(e, path, "[]");
    *out = alto_xcalloc(1, sizeof **out);
    endpoint_of(m, client, *out);
    *n = 1;
    return 0;
}

/* The "endpoints" member's shape. */
static int ecs_filter(req_err *e, const json_t *req) {
    json_t *filter, *js, *jd;
    if (member(e, req, "endpoints", "endpoints", JSON_OBJECT, 1, &filter) < 0 ||
        member(e, filter, "srcs", "endpoints/srcs", JSON_ARRAY, 0, &js) < 0 ||
        member(e, filter, "dsts", "endpoints/dsts", JSON_ARRAY, 0, &jd) < 0)
        return -1;
    if (!json_array_size(js) && !json_array_size(jd))    /* 11.5.1.3 MUST NOT */
        return fail(e, "E_INVALID_FIELD_VALUE", "endpoints", filter);
    return 0;
}

/* The lists themselves, after the constraints were checked (the order
 * in which errors are found is part of the observable behaviour). */
static int ecs_lists(req_err *e, const srv_model *m, const json_t *req,
                     const alto_addr *client, endpoint **src, int *ns,
                     endpoint **dst, int *nd) {
    json_t *filter = json_object_get(req, "endpoints");
    if (ecs_list(e, m, filter, "srcs", "endpoints/srcs", client, src, ns) < 0 ||
        ecs_list(e, m, filter, "dsts", "endpoints/dsts", client, dst, nd) < 0)
        return -1;
    if ((double)*ns * *nd > SRV_ECS_MAX_PAIRS) {
        char why[96];
        snprintf(why, sizeof why, "%d sources x %d destinations is over %d pairs",
                 *ns, *nd, SRV_ECS_MAX_PAIRS);
        return fail_str(e, "endpoints", why);
    }
    return 0;
}

int srv_rq_ecs_endpoints(req_err *e, const srv_model *m, const json_t *req,
                         const alto_addr *client, endpoint **src, int *ns,
                         endpoint **dst, int *nd) {
    *src = *dst = NULL;
    *ns = *nd = 0;
    if (ecs_filter(e, req) < 0) return -1;
    return ecs_lists(e, m, req, client, src, ns, dst, nd);
}

double *srv_ecs_values(const srv_model *m, int t, const endpoint *src, int ns,
                       const endpoint *dst, int nd) {
    const srv_cost_type *ct = &srv_cost_types[t];
    /* Ordinal: all ns * nd entries are ranked together (RFC 7285 6.2). */
    double *all = alto_xcalloc((size_t)ns * nd + 1, sizeof *all);
    for (int i = 0; i < ns; i++)
        for (int j = 0; j < nd; j++) all[(size_t)i * nd + j] = ep_cost(m, ct->m, &src[i], &dst[j]);
    if (ct->ordinal) srv_rank(all, ns * nd, srv_metric_higher_better(ct->m));
    return all;
}

json_t *srv_ecs_costs(const srv_model *m, int t, const endpoint *src, int ns,
                      const endpoint *dst, int nd, const srv_constraint *c, int nc) {
    double *all = srv_ecs_values(m, t, src, ns, dst, nd);
    json_t *map = json_object();
    for (int i = 0; i < ns; i++) {
        const double *row = all + (size_t)i * nd;
        json_t *costs = NULL;
        for (int j = 0; j < nd; j++) {
            if (isnan(row[j]) || !srv_constraints_hold(c, nc, row[j])) continue;
            if (!costs) costs = json_object();
            json_object_set_new(costs, dst[j].key, srv_json_cost(row[j]));
        }
        if (costs) json_object_set_new(map, src[i].key, costs);
    }
    free(all);
    return map;
}

static json_t *endpoint_cost(const srv_model *m, const json_t *req,
                             const alto_addr *client, req_err *e) {
    int t, nc, ns, nd;
    srv_constraint *c = NULL;
    endpoint *src = NULL, *dst = NULL;
    json_t *doc = NULL;
    if (srv_rq_cost_type(e, req, 0, &t) < 0 ||
        ecs_filter(e, req) < 0 ||
        constraints(e, req, &c, &nc) < 0 ||
        ecs_lists(e, m, req, client, &src, &ns, &dst, &nd) < 0)
        goto out;
    doc = json_pack("{s:{s:o}, s:o}", "meta", "cost-type", srv_json_cost_type(t, 0),
                    "endpoint-cost-map", srv_ecs_costs(m, t, src, ns, dst, nd, c, nc));
out:
    free(c);
    free(src);
    free(dst);
    return doc;
}

/* ---- entry point ---- */

json_t *srv_rq_parse(const char *body, size_t len, req_err *e) {
    json_error_t jerr;
    int line, col;
    size_t off;
    if (body && alto_json_nul(body, len, &line, &col, &off)) {     /* jansson would let it pass */
        e->code = "E_SYNTAX";
        snprintf(e->syntax, sizeof e->syntax, "line %d, column %d: NUL byte", line, col);
        return NULL;
    }
    json_t *req = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, &jerr);
    if (!req) {
        e->code = "E_SYNTAX";
        snprintf(e->syntax, sizeof e->syntax, "line %d, column %d: %s",
                 jerr.line, jerr.column, jerr.text);
    } else if (!json_is_object(req)) {
        e->code = "E_SYNTAX";
        snprintf(e->syntax, sizeof e->syntax, "the request body must be a JSON object");
        json_decref(req);
        req = NULL;
    }
    return req;
}

json_t *srv_rq_error_doc(req_err *e) {
    json_t *doc = srv_json_error(e->code ? e->code : "E_SYNTAX", e->field[0] ? e->field : NULL,
                                 e->value, e->syntax[0] ? e->syntax : NULL);
    free(e->value);
    e->value = NULL;
    return doc;
}

json_t *srv_post(const srv_model *m, srv_kind k, const char *body, size_t len,
                 const alto_addr *client, int *status) {
    req_err e = {0};
    json_t *req = srv_rq_parse(body, len, &e), *doc = NULL;
    if (req) {
        switch (k) {
        case SRV_K_NETMAP_FILTER:  doc = filtered_netmap(m, req, &e); break;
        case SRV_K_COSTMAP_FILTER: doc = filtered_costmap(m, req, &e); break;
        case SRV_K_EPROP:          doc = endpoint_prop(m, req, &e); break;
        case SRV_K_ECOST:          doc = endpoint_cost(m, req, client, &e); break;
        case SRV_K_PROPMAP_FILTER: doc = srv_propmap_filtered(m, req, &e); break;
        case SRV_K_UPM_FILTER:     doc = srv_upm_model_filtered(m, req, &e); break;
        default:
            e.code = "E_SYNTAX";
            snprintf(e.syntax, sizeof e.syntax, "this resource takes no input");
        }
    }
    json_decref(req);
    if (doc) {
        *status = 200;
        free(e.value);
        return doc;
    }
    *status = 400;
    return srv_rq_error_doc(&e);
}
