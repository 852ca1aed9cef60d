/* srv_ane.c: the abstract network elements (ANEs, RFC 9275 section 5.1) of
 * the reference server, computed once per topology (per vtag).
 *
 * One ANE per *directed* link: a route crosses links in one direction and
 * each direction has its own capacity (sim_topo.h), so "s3-s4" and "s4-s3"
 * are two ANEs.  The name is "<from>-<to>" (node names), which a reader of
 * the topology file recognizes at once; a link whose name would not be an
 * ANEName (RFC 9275 section 6.1 = PIDName: 1-64 of [A-Za-z0-9-:@_], the
 * '.' being reserved) or would repeat an earlier one (parallel links, or
 * hyphens inside node names) is "link<k>", k its directed link index.
 * "<from>-<to>" always holds a hyphen and "link<k>" never does, so the two
 * forms cannot collide.
 *
 * The same names serve as the ephemeral ANE names of path vector responses
 * and as the persistent entity names of the link property maps
 * (srv_propmap.c); each ephemeral ANE's "persistent-entity-id" is
 * "link-props.ane:<name>" (RFC 9275 sections 6.2.4 and 6.4.2).  Names are
 * stable for a topology, so a client may compare path vectors of two
 * responses, but RFC 9275 section 5.1.2 tells it not to rely on that.
 *
 * Path vectors are the topology's own routes (sim_topo_path), so they are
 * the links a simulated transfer crosses.  Host to host: the route; a host
 * to itself: [] (no link).  PID to PID: the route of the host pair that
 * decides the PID pair's bw-available and routingcost (the smallest
 * bottleneck; ties: the longer delay, then the first pair in host order),
 * so that the smallest max-reservable-bandwidth on the vector equals the
 * cost maps' bottleneck.  PIDs without hosts (the default PID) have no
 * path vector: the pair is omitted, as RFC 7285 section 11.2.3.6 allows.
 *
 * Properties (tables over branches: srv_ane_props below):
 *   max-reservable-bandwidth  link capacity, bps (RFC 9275 6.4.1).  The
 *       network is idle for the reference server (no reservations), so all
 *       of it is reservable.
 *   persistent-entity-id      "link-props.ane:<name>" (6.4.2); path vector
 *       ANEs only.
 *   priv:altospec-delay-ow    one-way propagation delay, microseconds;
 *       persistent ANEs only (the property maps). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "srv_int.h"
#include "alto_buf.h"

static json_t *prop_mrb(const srv_model *m, int link) {
    return srv_json_cost(m->topo->links[link].bps);
}

static json_t *prop_peid(const srv_model *m, int link) {
    char id[128];
    snprintf(id, sizeof id, SRV_LINKPROPS_ID ".ane:%s", m->ane->name[link]);
    return json_string(id);
}

static json_t *prop_delay(const srv_model *m, int link) {
    /* Rounded to the nanosecond, as srv_model.c does for route delays. */
    return srv_json_cost(round(m->topo->links[link].delay * 1e9) / 1e3);
}

const srv_ane_prop srv_ane_props[] = {
    {"max-reservable-bandwidth", 1, 1, prop_mrb},
    {"persistent-entity-id", 1, 0, prop_peid},
    {"priv:altospec-delay-ow", 0, 1, prop_delay},
};
const int srv_nane_props = sizeof srv_ane_props / sizeof *srv_ane_props;
_Static_assert(sizeof srv_ane_props / sizeof *srv_ane_props <= 16,
               "request handlers keep one flag per property in char[16]");

int srv_ane_prop_find(const char *name, int persistent) {
    for (int i = 0; i < srv_nane_props; i++)
        if ((persistent ? srv_ane_props[i].persistent : srv_ane_props[i].ephemeral) &&
            !strcmp(srv_ane_props[i].name, name))
            return i;
    return -1;
}

/* A node name usable inside an ANEName: PIDName characters without '.'. */
static int name_part_ok(const char *s) {
    size_t n = strlen(s);
    return n > 0 && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "0123456789-:@_") == n;
}

static void name_links(srv_ane *a, const sim_topo *t) {
    char buf[160];
    for (int k = 0; k < t->nlinks; k++) {
        const char *f = t->nodes[t->links[k].from].name, *to = t->nodes[t->links[k].to].name;
        int n = snprintf(buf, sizeof buf, "%s-%s", f, to);
        if (!name_part_ok(f) || !name_part_ok(to) || n > 64 || json_object_get(a->index, buf))
            snprintf(buf, sizeof buf, "link%d", k);
        a->name[k] = alto_xstrdup(buf);
        json_object_set_new(a->index, buf, json_integer(k));
    }
}

/* The host pair whose route is the path vector of PIDs ps -> pd. */
static void pick_pair(const srv_model *m, int ps, int pd, int *out) {
    const sim_pid *s = &m->topo->pids[ps], *d = &m->topo->pids[pd];
    double best_bps = 0, best_delay = 0;
    out[0] = out[1] = -1;
    for (int i = 0; i < s->nhosts; i++)
        for (int j = 0; j < d->nhosts; j++) {
            sim_path_metrics pm;
            if (sim_topo_metrics(m->topo, s->hosts[i], d->hosts[j], &pm) < 0) continue;
            int better = out[0] < 0 || pm.bottleneck_bps < best_bps ||
                         (pm.bottleneck_bps == best_bps && pm.delay > best_delay);
            if (!better) continue;
            out[0] = s->hosts[i];
            out[1] = d->hosts[j];
            best_bps = pm.bottleneck_bps;
            best_delay = pm.delay;
        }
}

srv_ane *srv_ane_new(const srv_model *m) {
    const sim_topo *t = m->topo;
    srv_ane *a = alto_xcalloc(1, sizeof *a);
    a->nlinks = t->nlinks;
    a->name = alto_xcalloc(t->nlinks + 1, sizeof *a->name);
    a->index = json_object();
    name_links(a, t);
    size_t n = (size_t)m->npids;
    a->pair = alto_xcalloc(2 * n * n + 1, sizeof *a->pair);
    for (int s = 0; s < m->npids; s++)
        for (int d = 0; d < m->npids; d++)
            pick_pair(m, s, d, &a->pair[2 * ((size_t)s * n + d)]);
    /* The model's tag hashes the topology (links included), so the link
     * maps change version exactly when something they show may change. */
    srv_tag_of(m->tag, SRV_LINKPROPS_ID, a->tag);
    return a;
}

void srv_ane_free(srv_ane *a) {
    if (!a) return;
    for (int k = 0; k < a->nlinks; k++) free(a->name[k]);
    free(a->name);
    free(a->pair);
    json_decref(a->index);
    free(a);
}

int srv_ane_link(const srv_model *m, const char *name) {
    json_t *v = json_object_get(m->ane->index, name);
    return v ? (int)json_integer_value(v) : -1;
}

int srv_ane_pid_path(const srv_model *m, int ps, int pd, const int **links) {
    const int *p = &m->ane->pair[2 * ((size_t)ps * m->npids + pd)];
    if (p[0] < 0) return -1;
    return sim_topo_path(m->topo, p[0], p[1], links);
}

int srv_ane_endpoint_path(const srv_model *m, const srv_endpoint *s,
                          const srv_endpoint *d, const int **links) {
    /* As the Endpoint Cost Service's numbers (srv_req.c ep_cost): host
     * routes when both are hosts, else the PIDs' path vector. */
    if (s->host >= 0 && d->host >= 0) return sim_topo_path(m->topo, s->host, d->host, links);
    return srv_ane_pid_path(m, s->pid, d->pid, links);
}

json_t *srv_ane_vector(const srv_model *m, const int *links, int n) {
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, json_string(m->ane->name[links[i]]));
    return a;
}

json_t *srv_ane_link_props(const srv_model *m, int link, const char *want) {
    json_t *o = json_object();
    for (int i = 0; i < srv_nane_props; i++) {
        if (!want[i]) continue;
        json_t *v = srv_ane_props[i].value(m, link);
        if (v) json_object_set_new(o, srv_ane_props[i].name, v);
    }
    return o;
}
