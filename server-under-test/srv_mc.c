/* srv_mc.c: RFC 8189 multi-cost Filtered Cost Map and Endpoint Cost
 * resources ("filtered-cost-map-mc", "endpoint-cost-mc"), and the RFC 9274
 * cost mode rules every cost type a request names is read with.
 *
 * Generic over the server's cost-type table (srv_cost_types): every type
 * the resource lists (its route's SRV_SET_*: the base types for
 * filtered-cost-map-mc / endpoint-cost-mc, one RFC 9439 cost source for
 * each performance metric resource) is available in multi-cost-types,
 * with the values the
 * single-cost services give (the cost map matrices m->vals, srv_ecs_values
 * for endpoints, ordinal ranks included), so adding a cost type to the
 * table adds it here with no change to this file.
 *
 * Capabilities: cost-type-names = every type, max-cost-types =
 * SRV_MC_MAX_TYPES (or the table size if smaller), testable-cost-type-names
 * = the non-ordinal types; cost-constraints is absent, as RFC 8189 4.1.1
 * forbids it next to testable-cost-type-names.
 *
 * A request is read as RFC 8189 4.1.2 / 4.2.2 says:
 *   - exactly one of cost-type, multi-cost-types (both: E_INVALID_FIELD_VALUE
 *     on "multi-cost-types"; neither: E_MISSING_FIELD "cost-type");
 *   - multi-cost-types<1..max-cost-types>: more is E_INVALID_FIELD_VALUE on
 *     "multi-cost-types" with the array as value; duplicates are refused
 *     the same way (the order of the answer's arrays would be ambiguous);
 *   - testable-cost-types<1..*>, each testable, else E_INVALID_FIELD_VALUE
 *     on "testable-cost-types"; it may go with cost-type (RFC 8189 section
 *     5.4 does exactly that);
 *   - constraints (AND) or or-constraints (OR of ANDs, no empty inner
 *     array), never both ("or-constraints" named); each predicate
 *     "[i] op value" (index optional = [0]) with i < the number of tested
 *     types and the tested type testable, else E_INVALID_FIELD_VALUE on
 *     "constraints" / "or-constraints" with the predicate as value.
 * A predicate on a value that is not available is false.  Answers: a
 * multi-cost answer has meta cost-type {} and multi-cost-types (the
 * server's form of each requested type), arrays in request order, null
 * where a type has no value; a pair with no value at all is omitted.  A
 * cost-type answer is the RFC 7285 shape.  The answer is written straight
 * into a buffer (no json_t tree per cost), which is what makes the
 * multi-cost POST cost about what a single-cost one does (ci/bench.d/17). */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"
#include "alto_buf.h"

/* ---- RFC 9274 section 3.2: cost modes ---- */

static const char *const registered_modes[] = {"numerical", "ordinal", "array"};

int srv_cost_mode_valid(const char *mode) {
    size_t n = strlen(mode);
    if (n == 0 || n > 32) return 0;
    if (strspn(mode, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "0123456789-:_") != n)
        return 0;
    if (!strncmp(mode, "priv:", 5)) return n > 5;
    for (size_t i = 0; i < sizeof registered_modes / sizeof *registered_modes; i++)
        if (!strcmp(mode, registered_modes[i])) return 1;
    return 0;
}

int srv_mc_max_types_in(unsigned set) {
    int n = 0;
    for (int t = 0; t < srv_ncost_types; t++) n += (srv_cost_types[t].sets & set) != 0;
    return n < SRV_MC_MAX_TYPES ? n : SRV_MC_MAX_TYPES;
}

int srv_mc_max_types(void) { return srv_mc_max_types_in(SRV_SET_BASE); }

int srv_mc_testable(int t) { return t >= 0 && t < srv_ncost_types && !srv_cost_types[t].ordinal; }

/* ---- the request ---- */

typedef struct mc_pred {
    int idx;                /* into the tested types */
    srv_constraint c;
} mc_pred;

typedef struct mc_req {
    unsigned set;                       /* SRV_SET_* of the resource's types */
    int multi;                          /* multi-cost-types given */
    int types[SRV_MAX_TYPES], ntypes;   /* answered, in order */
    int tested[SRV_MAX_TYPES], ntested; /* what predicate indices name */
    mc_pred *preds;                     /* malloc'ed, clause after clause */
    int *clause_end;                    /* malloc'ed: end of clause k in preds */
    int npreds, nclauses;
} mc_req;

static void mc_req_free(mc_req *q) {
    free(q->preds);
    free(q->clause_end);
}

/* One CostType object -> table index; path names the member in errors. */
static int cost_type_of(srv_rqerr *e, const json_t *ct, const char *path, unsigned set, int *t) {
    char p[128];
    json_t *metric, *mode;
    if (!json_is_object(ct)) return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", path, ct);
    snprintf(p, sizeof p, "%s/cost-metric", path);
    if (srv_rq_member(e, ct, "cost-metric", p, JSON_STRING, 1, &metric) < 0) return -1;
    snprintf(p, sizeof p, "%s/cost-mode", path);
    if (srv_rq_member(e, ct, "cost-mode", p, JSON_STRING, 1, &mode) < 0) return -1;
    if (!srv_cost_mode_valid(json_string_value(mode))) return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", p, mode);
    if (!srv_metric_offered_in(set, json_string_value(metric))) {
        snprintf(p, sizeof p, "%s/cost-metric", path);
        return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", p, metric);
    }
    *t = srv_cost_type_find_in(set, json_string_value(metric), json_string_value(mode));
    if (*t < 0) return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", p, mode);
    return 0;
}

/* A list of CostType objects (multi-cost-types, testable-cost-types). */
static int type_list(srv_rqerr *e, const json_t *arr, const char *key, unsigned set, int max,
                     int *out, int *n) {
    if (!json_array_size(arr) || (int)json_array_size(arr) > max)
        return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", key, arr);
    size_t i;
    json_t *v;
    *n = 0;
    json_array_foreach(arr, i, v) {
        int t = -1;
        if (cost_type_of(e, v, key, set, &t) < 0) return -1;
        for (int k = 0; k < *n; k++)
            if (out[k] == t) return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", key, arr);
        out[(*n)++] = t;
    }
    return 0;
}

/* "[i] op value" or "op value" (RFC 8189 4.1.2), read as strictly as
 * srv_constraint_parse reads the RFC 7285 form: one space between parts. */
static int pred_parse(const char *s, int ntested, mc_pred *out) {
    out->idx = 0;
    if (*s == '[') {
        const char *p = s + 1;
        if (!isdigit((unsigned char)*p) || (p[0] == '0' && isdigit((unsigned char)p[1])))
            return -1;
        long i = 0;
        while (isdigit((unsigned char)*p) && i < 1000) i = i * 10 + (*p++ - '0');
        if (p[0] != ']' || p[1] != ' ') return -1;
        out->idx = (int)i;
        s = p + 2;
    }
    if (out->idx >= ntested) return -1;
    return srv_constraint_parse(s, &out->c);
}

/* Every predicate of one string array into q; field names the member. */
static int pred_list(srv_rqerr *e, mc_req *q, const json_t *arr, const char *field) {
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        mc_pred *p = &q->preds[q->npreds];
        if (!json_is_string(v) || pred_parse(json_string_value(v), q->ntested, p) < 0 ||
            !srv_mc_testable(q->tested[p->idx]))
            return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", field, v);
        q->npreds++;
    }
    q->clause_end[q->nclauses++] = q->npreds;
    return 0;
}

static size_t count_preds(const json_t *cons, const json_t *ors) {
    size_t n = json_array_size(cons), i;
    json_t *v;
    json_array_foreach(ors, i, v) n += json_array_size(v);
    return n;
}

static int read_constraints(srv_rqerr *e, const json_t *req, mc_req *q) {
    json_t *cons, *ors;
    if (srv_rq_member(e, req, "constraints", "constraints", JSON_ARRAY, 0, &cons) < 0 ||
        srv_rq_member(e, req, "or-constraints", "or-constraints", JSON_ARRAY, 0, &ors) < 0)
        return -1;
    if (cons && ors) return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "or-constraints", ors);
    if (ors && !json_array_size(ors))
        return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "or-constraints", ors);
    q->preds = alto_xcalloc(count_preds(cons, ors) + 1, sizeof *q->preds);
    q->clause_end = alto_xcalloc(json_array_size(ors) + 2, sizeof *q->clause_end);
    if (cons) return pred_list(e, q, cons, "constraints");
    size_t i;
    json_t *v;
    json_array_foreach(ors, i, v)
        if (!json_is_array(v) || !json_array_size(v) || pred_list(e, q, v, "or-constraints") < 0) {
            if (!e->code) srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "or-constraints", v);
            return -1;
        }
    return 0;
}

static int read_types(srv_rqerr *e, const json_t *req, mc_req *q) {
    json_t *ct = json_object_get(req, "cost-type"), *mct, *tct;
    if (srv_rq_member(e, req, "multi-cost-types", "multi-cost-types", JSON_ARRAY, 0, &mct) < 0 ||
        srv_rq_member(e, req, "testable-cost-types", "testable-cost-types", JSON_ARRAY, 0, &tct) < 0)
        return -1;
    if (ct && mct) return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "multi-cost-types", mct);
    q->multi = mct != NULL;
    if (mct) {
        if (type_list(e, mct, "multi-cost-types", q->set, srv_mc_max_types_in(q->set), q->types,
                      &q->ntypes) < 0)
            return -1;
    } else {
        if (srv_rq_cost_type_in(e, req, q->set, &q->types[0]) < 0) return -1;
        q->ntypes = 1;
    }
    if (tct) {
        if (type_list(e, tct, "testable-cost-types", q->set, SRV_MAX_TYPES, q->tested, &q->ntested) < 0)
            return -1;
        for (int k = 0; k < q->ntested; k++)
            if (!srv_mc_testable(q->tested[k]))
                return srv_rq_fail(e, "E_INVALID_FIELD_VALUE", "testable-cost-types",
                                   json_array_get(tct, k));
    } else {
        memcpy(q->tested, q->types, sizeof q->types);
        q->ntested = q->ntypes;
    }
    return 0;
}

static int read_req(srv_rqerr *e, const json_t *req, unsigned set, mc_req *q) {
    memset(q, 0, sizeof *q);
    q->set = set;
    return read_types(e, req, q) < 0 || read_constraints(e, req, q) < 0 ? -1 : 0;
}

/* ---- evaluation and output ---- */

/* vals[k]: the value of type k (tested types after the answered ones) at
 * one pair. */
static int admitted(const mc_req *q, const double *tested) {
    if (!q->nclauses) return 1;
    int start = 0;
    for (int k = 0; k < q->nclauses; k++) {
        int ok = 1;
        for (int i = start; i < q->clause_end[k] && ok; i++) {
            double v = tested[q->preds[i].idx];
            ok = !isnan(v) && srv_constraints_hold(&q->preds[i].c, 1, v);
        }
        if (ok) return 1;
        start = q->clause_end[k];
    }
    return 0;
}

/* A cost as jansson prints it with JSON_REAL_PRECISION(15) after
 * srv_json_cost(): integral values as integers, others %.15g with ".0"
 * added when that looks integral, so both resources print alike. */
static void put_cost(alto_buf *b, double v) {
    if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        alto_buf_printf(b, "%lld", (long long)v);
        return;
    }
    char s[40];
    snprintf(s, sizeof s, "%.15g", v);
    char *ex = strchr(s, 'e');
    if (ex) {   /* jansson drops '+' and leading zeros of the exponent */
        char *w = ex + 1, *r = ex + 1;
        if (*r == '-') *w++ = *r++;
        else if (*r == '+') r++;
        while (*r == '0' && r[1]) r++;
        memmove(w, r, strlen(r) + 1);
    } else if (!strchr(s, '.')) {
        strcat(s, ".0");
    }
    alto_buf_puts(b, s);
}

/* One pair: ",\"dst\":value" when admitted and something is available. */
static int put_pair(alto_buf *b, const mc_req *q, const double *ans, const double *tst,
                    const char *dst, int first) {
    int any = 0;
    for (int k = 0; k < q->ntypes; k++) any |= !isnan(ans[k]);
    if (!any || !admitted(q, tst)) return 0;
    alto_buf_printf(b, "%s\"%s\":", first ? "" : ",", dst);
    if (!q->multi) {
        put_cost(b, ans[0]);
        return 1;
    }
    alto_buf_putc(b, '[');
    for (int k = 0; k < q->ntypes; k++) {
        if (k) alto_buf_putc(b, ',');
        if (isnan(ans[k])) alto_buf_puts(b, "null");
        else put_cost(b, ans[k]);
    }
    alto_buf_putc(b, ']');
    return 1;
}

/* The meta members after dependent-vtags: cost-type, multi-cost-types. */
static void put_types(alto_buf *b, const mc_req *q) {
    json_t *arr = json_array();
    for (int k = 0; k < q->ntypes; k++) json_array_append_new(arr, srv_json_cost_type(q->types[k], 0));
    char *s = q->multi ? json_dumps(arr, JSON_COMPACT)
                       : json_dumps(json_array_get(arr, 0), JSON_COMPACT);
    if (q->multi) alto_buf_printf(b, "\"cost-type\":{},\"multi-cost-types\":%s", s);
    else alto_buf_printf(b, "\"cost-type\":%s", s);
    free(s);
    json_decref(arr);
}

/* Value source: the cost map matrices or per-request endpoint arrays. */
typedef struct mc_src {
    const double *v[2 * SRV_MAX_TYPES];     /* answered then tested types */
    size_t stride;                          /* row length */
} mc_src;

static void gather(const mc_req *q, const mc_src *s, size_t i, size_t j, double *ans, double *tst) {
    for (int k = 0; k < q->ntypes; k++) ans[k] = s->v[k][i * s->stride + j];
    for (int k = 0; k < q->ntested; k++) tst[k] = s->v[q->ntypes + k][i * s->stride + j];
}

static void put_costmap(alto_buf *b, const srv_model *m, const mc_req *q,
                        const char *ps, const char *pd) {
    mc_src s = {.stride = (size_t)m->npids};
    for (int k = 0; k < q->ntypes; k++) s.v[k] = m->vals[q->types[k]];
    for (int k = 0; k < q->ntested; k++) s.v[q->ntypes + k] = m->vals[q->tested[k]];
    json_t *vt = srv_json_vtag(m);
    char *vts = json_dumps(vt, JSON_COMPACT);
    json_decref(vt);
    alto_buf_printf(b, "{\"meta\":{\"dependent-vtags\":[%s],", vts);
    free(vts);
    put_types(b, q);
    alto_buf_puts(b, "},\"cost-map\":{");
    int firstrow = 1;
    double ans[SRV_MAX_TYPES], tst[SRV_MAX_TYPES];
    for (int i = 0; i < m->npids; i++) {
        if (!ps[i]) continue;
        size_t mark = b->len;
        alto_buf_printf(b, "%s\"%s\":{", firstrow ? "" : ",", m->topo->pids[i].name);
        int first = 1;
        for (int j = 0; j < m->npids; j++) {
            if (!pd[j]) continue;
            gather(q, &s, (size_t)i, (size_t)j, ans, tst);
            if (put_pair(b, q, ans, tst, m->topo->pids[j].name, first)) first = 0;
        }
        if (first) { b->len = mark; b->data[mark] = 0; continue; }   /* empty row left out */
        alto_buf_putc(b, '}');
        firstrow = 0;
    }
    alto_buf_puts(b, "}}");
}

static void put_ecs(alto_buf *b, const srv_model *m, const mc_req *q, const srv_endpoint *src,
                    int ns, const srv_endpoint *dst, int nd) {
    mc_src s = {.stride = (size_t)nd};
    double *own[2 * SRV_MAX_TYPES];
    for (int k = 0; k < q->ntypes + q->ntested; k++) {
        int t = k < q->ntypes ? q->types[k] : q->tested[k - q->ntypes];
        s.v[k] = own[k] = srv_ecs_values(m, t, src, ns, dst, nd);
    }
    alto_buf_puts(b, "{\"meta\":{");
    put_types(b, q);
    alto_buf_puts(b, "},\"endpoint-cost-map\":{");
    int firstrow = 1;
    double ans[SRV_MAX_TYPES], tst[SRV_MAX_TYPES];
    for (int i = 0; i < ns; i++) {
        size_t mark = b->len;
        alto_buf_printf(b, "%s\"%s\":{", firstrow ? "" : ",", src[i].key);
        int first = 1;
        for (int j = 0; j < nd; j++) {
            gather(q, &s, (size_t)i, (size_t)j, ans, tst);
            if (put_pair(b, q, ans, tst, dst[j].key, first)) first = 0;
        }
        if (first) { b->len = mark; b->data[mark] = 0; continue; }
        alto_buf_putc(b, '}');
        firstrow = 0;
    }
    alto_buf_puts(b, "}}");
    for (int k = 0; k < q->ntypes + q->ntested; k++) free(own[k]);
}

/* ---- entry point ---- */

static int answer(const srv_model *m, const srv_route *r, const json_t *req,
                  const alto_addr *client, srv_rqerr *e, alto_buf *b) {
    mc_req q;
    int rc = -1;
    if (read_req(e, req, r->set ? r->set : SRV_SET_BASE, &q) < 0) goto out;
    if (r->kind == SRV_K_MC_COSTMAP) {
        char *ps = alto_xcalloc(m->npids + 1, 1), *pd = alto_xcalloc(m->npids + 1, 1);
        if (srv_rq_costmap_pids(e, m, req, ps, pd) == 0) {
            put_costmap(b, m, &q, ps, pd);
            rc = 0;
        }
        free(ps);
        free(pd);
    } else {
        srv_endpoint *src = NULL, *dst = NULL;
        int ns, nd;
        if (srv_rq_ecs_endpoints(e, m, req, client, &src, &ns, &dst, &nd) == 0) {
            put_ecs(b, m, &q, src, ns, dst, nd);
            rc = 0;
        }
        free(src);
        free(dst);
    }
out:
    mc_req_free(&q);
    return rc;
}

void srv_mc_post(const srv_model *m, const srv_route *r, const char *body, size_t len,
                 const alto_addr *client, srv_answer *out) {
    srv_rqerr e = {0};
    alto_buf b = ALTO_BUF_INIT;
    json_t *req = srv_rq_parse(body, len, &e);
    memset(out, 0, sizeof *out);
    if (req && answer(m, r, req, client, &e, &b) == 0) {
        out->status = 200;
        out->body = alto_buf_take(&b);
        out->len = strlen(out->body);
        snprintf(out->ctype, sizeof out->ctype, "%s", r->media_type);
    } else {
        alto_buf_free(&b);
        json_t *doc = srv_rq_error_doc(&e);
        out->status = 400;
        out->body = srv_json_dump(doc, &out->len);
        json_decref(doc);
        snprintf(out->ctype, sizeof out->ctype, "%s", SRV_MT_ERROR);
    }
    json_decref(req);
}
