/* srv_json.c: RFC 7285 response documents built from a srv_model.
 *
 * Only shapes live here (which members, in which order); the numbers come
 * from srv_model.c.  Documents are jansson values and are serialized by
 * srv_json_dump(), once per vtag for GET resources (srv_http.c caches the
 * bytes) and once per request for POST answers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"

json_t *srv_json_cost(double v) {
    if (v == floor(v) && fabs(v) < 9007199254740992.0)
        return json_integer((json_int_t)v);
    return json_real(v);
}

json_t *srv_json_vtag(const srv_model *m) {
    return json_pack("{s:s, s:s}", "resource-id", SRV_NETMAP_ID, "tag", m->tag);
}

json_t *srv_json_cost_type(int t, int with_description) {
    const srv_cost_type *ct = &srv_cost_types[t];
    json_t *o = json_pack("{s:s, s:s}", "cost-mode", ct->mode,
                          "cost-metric", ct->metric);
    if (ct->cost_source) {
        json_t *cc = json_pack("{s:s}", "cost-source", ct->cost_source);
        json_t *params = ct->params ? json_loads(ct->params, 0, NULL) : NULL;
        if (params) json_object_set_new(cc, "parameters", params);
        json_object_set_new(o, "cost-context", cc);
    }
    if (with_description && ct->description)
        json_object_set_new(o, "description", json_string(ct->description));
    return o;
}

static int has_catch_all(const sim_pid *p, int family) {
    for (int k = 0; k < p->nprefixes; k++)
        if (p->prefixes[k].len == 0 && p->prefixes[k].addr.family == family) return 1;
    return 0;
}

/* EndpointAddrGroup of one PID, restricted to the families asked for. */
static json_t *addr_group(const sim_pid *p, int families) {
    json_t *g = json_object(), *v4 = json_array(), *v6 = json_array();
    char buf[64];
    for (int k = 0; k < p->nprefixes; k++) {
        const alto_prefix *x = &p->prefixes[k];
        json_array_append_new(x->addr.family == 4 ? v4 : v6,
                              json_string(alto_prefix_fmt(x, buf, sizeof buf)));
    }
    /* The default PID must make the map complete whatever the loader did. */
    if (p->is_default && !has_catch_all(p, 4)) json_array_append_new(v4, json_string("0.0.0.0/0"));
    if (p->is_default && !has_catch_all(p, 6)) json_array_append_new(v6, json_string("::/0"));
    if ((families & 1) && json_array_size(v4)) json_object_set(g, "ipv4", v4);
    if ((families & 2) && json_array_size(v6)) json_object_set(g, "ipv6", v6);
    json_decref(v4);
    json_decref(v6);
    return g;
}

json_t *srv_json_netmap(const srv_model *m, const char *pick, int families) {
    json_t *map = json_object();
    for (int i = 0; i < m->npids; i++)
        if (!pick || pick[i])
            json_object_set_new(map, m->topo->pids[i].name,
                                addr_group(&m->topo->pids[i], families));
    return json_pack("{s:{s:o}, s:o}", "meta", "vtag", srv_json_vtag(m),
                     "network-map", map);
}

json_t *srv_json_costmap(const srv_model *m, int t, const char *srcs,
                         const char *dsts, const srv_constraint *c, int nc) {
    int n = m->npids;
    const double *vals = m->vals[t];
    json_t *map = json_object();
    for (int s = 0; s < n; s++) {
        if (srcs && !srcs[s]) continue;
        json_t *row = NULL;
        for (int d = 0; d < n; d++) {
            double v = vals[(size_t)s * n + d];
            if ((dsts && !dsts[d]) || isnan(v) || !srv_constraints_hold(c, nc, v))
                continue;
            if (!row) row = json_object();
            json_object_set_new(row, m->topo->pids[d].name, srv_json_cost(v));
        }
        /* A source with no defined (or no admitted) cost is left out
         * rather than listed with an empty object. */
        if (row) json_object_set_new(map, m->topo->pids[s].name, row);
    }
    return json_pack("{s:{s:[o], s:o}, s:o}", "meta",
                     "dependent-vtags", srv_json_vtag(m),
                     "cost-type", srv_json_cost_type(t, 0),
                     "cost-map", map);
}

json_t *srv_json_error(const char *code, const char *field, const char *value,
                       const char *syntax) {
    json_t *meta = json_pack("{s:s}", "code", code);
    if (field) {
        json_object_set_new(meta, "field", json_string(field));
        if (value) json_object_set_new(meta, "value", json_string(value));
    }
    if (syntax) json_object_set_new(meta, "syntax-error", json_string(syntax));
    return json_pack("{s:o}", "meta", meta);
}

char *srv_json_dump(const json_t *doc, size_t *len) {
    char *s = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(15));
    if (!s) abort();    /* only on OOM: every document here is serializable */
    *len = strlen(s);
    return s;
}
