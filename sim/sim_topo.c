/* sim_topo.c: loading and validating a topology document, and the
 * read-only lookups (nodes, addresses, PIDs, routes, metrics, hash).
 *
 * The loader is strict on purpose (see alto_schema.c): every rate and delay
 * needs a unit, every link end must name a node, addresses are unique, and
 * every host must reach every other host, because a topology that is
 * silently "fixed" yields ALTO costs and simulated times that disagree.
 * It checks each value where it stands (file:line:col and JSON path), then
 * builds through sim_topo_build.c, which also computes the routes. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_topo_int.h"
#include "alto_buf.h"
#include "alto_schema.h"
#include "sim_cdni.h"

/* ---- schema ------------------------------------------------------------ */

static const alto_field topo_fields[] = {
    {.name = "name", .type = ALTO_S_STRING},
    {.name = "defaults", .type = ALTO_S_OBJECT},
    {.name = "hosts", .type = ALTO_S_ARRAY, .required = 1},
    {.name = "switches", .type = ALTO_S_ARRAY},
    {.name = "links", .type = ALTO_S_ARRAY, .required = 1},
    {.name = "pids", .type = ALTO_S_ARRAY},
    {.name = "cdni", .type = ALTO_S_OBJECT},     /* RFC 9241 dCDNs: sim_cdni.c */
    {0},
};
static const alto_field defaults_fields[] = {
    {.name = "queue", .type = ALTO_S_INT, .has_min = 1, .min = 1},
    {.name = "bandwidth", .type = ALTO_S_RATE},
    {.name = "delay", .type = ALTO_S_DURATION, .has_min = 1, .min = 0},
    {0},
};
static const alto_field host_fields[] = {
    {.name = "name", .type = ALTO_S_STRING, .required = 1},
    {.name = "ipv4", .type = ALTO_S_STRING_OR_ARRAY},
    {.name = "ipv6", .type = ALTO_S_STRING_OR_ARRAY},
    {.name = "properties", .type = ALTO_S_ANY},
    {0},
};
static const alto_field switch_fields[] = {
    {.name = "name", .type = ALTO_S_STRING, .required = 1},
    {0},
};
static const alto_field link_fields[] = {
    {.name = "a", .type = ALTO_S_STRING, .required = 1},
    {.name = "b", .type = ALTO_S_STRING, .required = 1},
    {.name = "bandwidth", .type = ALTO_S_RATE},
    {.name = "delay", .type = ALTO_S_DURATION, .has_min = 1, .min = 0},
    {.name = "queue", .type = ALTO_S_INT, .has_min = 1, .min = 1},
    {.name = "reverse", .type = ALTO_S_OBJECT},
    {0},
};
static const alto_field reverse_fields[] = {
    {.name = "bandwidth", .type = ALTO_S_RATE},
    {.name = "delay", .type = ALTO_S_DURATION, .has_min = 1, .min = 0},
    {.name = "queue", .type = ALTO_S_INT, .has_min = 1, .min = 1},
    {0},
};
static const alto_field pid_fields[] = {
    {.name = "name", .type = ALTO_S_STRING, .required = 1},
    {.name = "hosts", .type = ALTO_S_ARRAY},
    {.name = "prefixes", .type = ALTO_S_ARRAY},
    {.name = "properties", .type = ALTO_S_ANY},
    {0},
};

typedef struct link_defaults {
    double bps;             /* 0 = none given */
    double delay;           /* < 0 = none given */
    long long queue;
} link_defaults;

/* ---- parsing ------------------------------------------------------------ */

/* The builder's message (err) at a value's position. */
static int positioned(const alto_doc *d, alto_err *err, const json_t *parent, const char *key,
                      int idx) {
    char m[ALTO_ERR_MAX];
    snprintf(m, sizeof m, "%s", err->msg);
    return alto_doc_errf(d, err, parent, key, idx, "%s", m);
}

static int parse_host_addrs(const alto_doc *d, sim_topo *t, int node, const json_t *h,
                            const char *key, int family, alto_err *err) {
    const json_t *v = json_object_get(h, key);
    if (!v) return 0;
    json_t *one = NULL;
    if (json_is_string(v)) {
        one = json_array();
        json_array_append(one, (json_t *)v);
    }
    const json_t *arr = one ? one : v;
    size_t i;
    const json_t *a;
    int rc = 0;
    json_array_foreach(arr, i, a) {
        alto_addr addr;
        if (alto_addr_parse(json_string_value(a), family, &addr)) {
            rc = alto_doc_errf(d, err, h, key, -1, "expected an IPv%d address, got %s", family,
                               alto_doc_show(a));
            break;
        }
        if (sim_topo_add_addr(t, node, &addr, err)) {
            rc = positioned(d, err, h, key, -1);
            break;
        }
    }
    json_decref(one);
    return rc;
}

static int parse_nodes(const alto_doc *d, sim_topo *t, const json_t *obj, alto_err *err) {
    const json_t *hosts = json_object_get(obj, "hosts");
    size_t i;
    const json_t *h;
    if (json_array_size(hosts) == 0)
        return alto_doc_errf(d, err, obj, "hosts", -1, "a topology needs at least one host");
    json_array_foreach(hosts, i, h) {
        if (alto_schema_check(d, h, host_fields, err)) return -1;
        const char *name = json_string_value(json_object_get(h, "name"));
        int node = sim_topo_add_host(t, name, err);
        if (node < 0) return positioned(d, err, h, "name", -1);
        if (parse_host_addrs(d, t, node, h, "ipv4", 4, err) ||
            parse_host_addrs(d, t, node, h, "ipv6", 6, err))
            return -1;
        if (t->nodes[node].naddrs == 0)
            return alto_doc_errf(d, err, hosts, NULL, (int)i,
                                 "host \"%s\" needs an ipv4 or ipv6 address", name);
        if (sim_topo_props_parse(d, h, &t->nodes[node].props, err)) return -1;
    }
    const json_t *sw = json_object_get(obj, "switches");
    const json_t *s;
    json_array_foreach(sw, i, s) {
        const char *name;
        if (json_is_object(s)) {
            if (alto_schema_check(d, s, switch_fields, err)) return -1;
            name = json_string_value(json_object_get(s, "name"));
        } else if (json_is_string(s)) {
            name = json_string_value(s);
        } else {
            return alto_doc_errf(d, err, sw, NULL, (int)i,
                                 "expected a switch name, got %s", alto_doc_show(s));
        }
        if (sim_topo_add_switch(t, name, err) < 0) return positioned(d, err, sw, NULL, (int)i);
    }
    return 0;
}

static int link_dir(const alto_doc *d, const json_t *l, const json_t *over,
                    const link_defaults *def, sim_dir *out, alto_err *err) {
    double bps, delay;
    long long q;
    if (alto_get_rate(d, l, "bandwidth", def->bps, &bps, err) ||
        alto_get_duration(d, l, "delay", def->delay, &delay, err) ||
        alto_get_int(d, l, "queue", def->queue, &q, err))
        return -1;
    if (over && (alto_get_rate(d, over, "bandwidth", bps, &bps, err) ||
                 alto_get_duration(d, over, "delay", delay, &delay, err) ||
                 alto_get_int(d, over, "queue", q, &q, err)))
        return -1;
    if (bps <= 0)
        return alto_doc_errf(d, err, l, "bandwidth", -1,
                             bps == 0 && !json_object_get(l, "bandwidth")
                                 ? "missing: every link needs a bandwidth (or defaults.bandwidth)"
                                 : "must be positive");
    if (delay < 0)
        return alto_doc_errf(d, err, l, "delay", -1,
                             "missing: every link needs a delay like \"25ms\" (or defaults.delay)");
    out->bps = bps;
    out->delay = delay;
    out->queue = (int)q;
    return 0;
}

static int parse_links(const alto_doc *d, sim_topo *t, const json_t *obj,
                       const link_defaults *def, alto_err *err) {
    const json_t *links = json_object_get(obj, "links");
    size_t i;
    const json_t *l;
    json_array_foreach(links, i, l) {
        if (alto_schema_check(d, l, link_fields, err)) return -1;
        const json_t *rev = json_object_get(l, "reverse");
        if (rev && alto_schema_check(d, rev, reverse_fields, err)) return -1;
        const char *an = json_string_value(json_object_get(l, "a"));
        const char *bn = json_string_value(json_object_get(l, "b"));
        int a = sim_topo_node(t, an), b = sim_topo_node(t, bn);
        if (a < 0) return alto_doc_errf(d, err, l, "a", -1, "unknown node \"%s\"", an);
        if (b < 0) return alto_doc_errf(d, err, l, "b", -1, "unknown node \"%s\"", bn);
        sim_dir fw, bw;
        if (link_dir(d, l, NULL, def, &fw, err) || link_dir(d, l, rev, def, &bw, err)) return -1;
        int k = sim_topo_add_link(t, a, b, &fw, &bw, err);    /* only a == b is left to refuse */
        if (k < 0) return positioned(d, err, l, "b", -1);
        int line = 0, col = 0;
        alto_doc_pos(d, l, &line, &col);
        t->links[k].line = t->links[k + 1].line = line;
    }
    return 0;
}

/* One explicit PID: its hosts and prefixes. */
static int parse_pid(const alto_doc *d, sim_topo *t, const json_t *g, alto_err *err) {
    if (alto_schema_check(d, g, pid_fields, err)) return -1;
    int pid = sim_topo_add_pid(t, json_string_value(json_object_get(g, "name")), err);
    if (pid < 0) return positioned(d, err, g, "name", -1);
    if (sim_topo_props_parse(d, g, &t->pids[pid].props, err)) return -1;
    const json_t *hs = json_object_get(g, "hosts"), *hn;
    size_t k;
    json_array_foreach(hs, k, hn) {
        int node = json_is_string(hn) ? sim_topo_node(t, json_string_value(hn)) : -1;
        if (node < 0 || !t->nodes[node].is_host)
            return alto_doc_errf(d, err, hs, NULL, (int)k, "unknown host %s", alto_doc_show(hn));
        if (sim_topo_pid_add_host(t, pid, node, err)) return positioned(d, err, hs, NULL, (int)k);
    }
    const json_t *ps = json_object_get(g, "prefixes"), *pv;
    json_array_foreach(ps, k, pv) {
        alto_prefix pr;
        if (!json_is_string(pv) || alto_prefix_parse(json_string_value(pv), 0, 1, &pr))
            return alto_doc_errf(d, err, ps, NULL, (int)k,
                                 "expected a prefix like \"10.0.0.0/24\" with no host bits, got %s",
                                 alto_doc_show(pv));
        sim_topo_pid_add_prefix(t, pid, &pr);
    }
    return 0;
}

/* RFC 7285 section 11.2.1.6: no two PIDs may hold an identical prefix.
 * Checked once every host PID exists, before the default PID, through one
 * table of every prefix's holders (prefix text -> [PID indices]), so a
 * network map of 100k prefixes loads in linear time. */
static json_t *prefix_holders(const sim_topo *t) {
    json_t *h = json_object();
    char tmp[64];
    for (int i = 0; i < t->npids; i++)
        for (int j = 0; j < t->pids[i].nprefixes; j++) {
            const char *k = alto_prefix_fmt(&t->pids[i].prefixes[j], tmp, sizeof tmp);
            json_t *l = json_object_get(h, k);
            if (!l) json_object_set_new(h, k, l = json_array());
            json_array_append_new(l, json_integer(i));
        }
    return h;
}

static int check_prefixes(const alto_doc *d, sim_topo *t, const json_t *pids, alto_err *err) {
    json_t *holders = prefix_holders(t);
    size_t i;
    const json_t *g;
    int rc = 0;
    json_array_foreach(pids, i, g) {
        const json_t *ps = json_object_get(g, "prefixes"), *pv;
        size_t k;
        int pid = sim_topo_pid(t, json_string_value(json_object_get(g, "name")));
        json_array_foreach(ps, k, pv) {
            alto_prefix pr;
            char tmp[64];
            alto_prefix_parse(json_string_value(pv), 0, 1, &pr);
            const json_t *l = json_object_get(holders, alto_prefix_fmt(&pr, tmp, sizeof tmp));
            if (json_array_size(l) < 2) continue;
            /* Another PID if there is one, else this one holds it twice. */
            int other = pid;
            for (size_t x = 0; x < json_array_size(l); x++)
                if (json_integer_value(json_array_get(l, x)) != pid)
                    other = (int)json_integer_value(json_array_get(l, x));
            rc = alto_doc_errf(d, err, ps, NULL, (int)k, "prefix %s is already in PID \"%s\"",
                               json_string_value(pv), t->pids[other].name);
            goto done;
        }
    }
done:
    json_decref(holders);
    return rc;
}

static int parse_pids(const alto_doc *d, sim_topo *t, const json_t *obj, alto_err *err) {
    const json_t *pids = json_object_get(obj, "pids");
    size_t i;
    const json_t *g;
    json_array_foreach(pids, i, g)
        if (parse_pid(d, t, g, err)) return -1;
    /* Every other host gets a PID of its own, named after it. */
    if (sim_topo_host_pids(t, err)) return positioned(d, err, obj, "pids", -1);
    return check_prefixes(d, t, pids, err);
}

/* ---- public API ----------------------------------------------------------- */

sim_topo *sim_topo_from_json(const alto_doc *d, const json_t *obj, alto_err *err) {
    if (alto_schema_check(d, obj, topo_fields, err)) return NULL;
    sim_topo *t = sim_topo_new(json_string_value(json_object_get(obj, "name")),
                               d ? alto_doc_name(d) : "(inline)");
    link_defaults def = {.bps = 0, .delay = -1, .queue = SIM_QUEUE_DEFAULT};
    const json_t *defs = json_object_get(obj, "defaults");
    if (defs && (alto_schema_check(d, defs, defaults_fields, err) ||
                 alto_get_rate(d, defs, "bandwidth", 0, &def.bps, err) ||
                 alto_get_duration(d, defs, "delay", -1, &def.delay, err) ||
                 alto_get_int(d, defs, "queue", SIM_QUEUE_DEFAULT, &def.queue, err)))
        goto fail;
    if (parse_nodes(d, t, obj, err) || parse_links(d, t, obj, &def, err) ||
        parse_pids(d, t, obj, err))
        goto fail;
    int unreach;
    if (sim_topo_finish(t, &unreach, err)) {
        /* Hosts are nodes 0..nhosts-1 in file order: node index = hosts[i]. */
        positioned(d, err, json_object_get(obj, "hosts"), NULL,
                   unreach >= 0 ? t->nodes[unreach].host : -1);
        goto fail;
    }
    const json_t *cdni = json_object_get(obj, "cdni");
    if (cdni && !(t->cdni = sim_cdni_parse(d, t, cdni, err))) goto fail;
    return t;
fail:
    sim_topo_free(t);
    return NULL;
}

sim_topo *sim_topo_load(const char *path, alto_err *err) {
    size_t n = strlen(path);
    if (n > 8 && !strcmp(path + n - 8, ".graphml")) return sim_topo_load_graphml(path, err);
    alto_doc *d = alto_doc_load(path, err);
    if (!d) return NULL;
    sim_topo *t = sim_topo_from_json(d, alto_doc_root(d), err);
    alto_doc_free(d);
    return t;
}

void sim_topo_free(sim_topo *t) {
    if (!t) return;
    for (int i = 0; i < t->nnodes; i++) {
        free(t->nodes[i].name);
        free(t->nodes[i].addrs);
        json_decref(t->nodes[i].props);
    }
    for (int i = 0; i < t->npids; i++) {
        free(t->pids[i].name);
        free(t->pids[i].hosts);
        free(t->pids[i].prefixes);
        json_decref(t->pids[i].props);
    }
    if (t->routes) {
        free(t->routes->offset);
        free(t->routes->len);
        free(t->routes->links);
        free(t->routes);
    }
    free(t->nodes);
    free(t->links);
    free(t->pids);
    json_decref(t->cdni);
    free(t->name);
    free(t->source);
    free(t);
}

int sim_topo_node(const sim_topo *t, const char *name) {
    for (int i = 0; i < t->nnodes; i++)
        if (!strcmp(t->nodes[i].name, name)) return i;
    return -1;
}

int sim_topo_host_by_addr(const sim_topo *t, const alto_addr *a) {
    for (int i = 0; i < t->nnodes; i++)
        for (int k = 0; k < t->nodes[i].naddrs; k++)
            if (t->nodes[i].addrs[k].family == a->family &&
                !memcmp(t->nodes[i].addrs[k].b, a->b, sizeof a->b))
                return i;
    return -1;
}

int sim_topo_pid(const sim_topo *t, const char *name) {
    for (int i = 0; i < t->npids; i++)
        if (!strcmp(t->pids[i].name, name)) return i;
    return -1;
}

int sim_topo_path(const sim_topo *t, int src, int dst, const int **links) {
    if (src < 0 || dst < 0 || src >= t->nnodes || dst >= t->nnodes || !t->routes) return -1;
    int hs = t->nodes[src].host, hd = t->nodes[dst].host;
    if (hs < 0 || hd < 0) return -1;
    size_t idx = (size_t)hs * (size_t)t->nhosts + (size_t)hd;
    *links = t->routes->links + t->routes->offset[idx];
    return t->routes->len[idx];
}

int sim_topo_metrics(const sim_topo *t, int src, int dst, sim_path_metrics *m) {
    const int *p;
    int n = sim_topo_path(t, src, dst, &p);
    if (n < 0) return -1;
    m->hops = n;
    m->delay = 0;
    m->bottleneck_bps = INFINITY;
    m->min_queue = INT32_MAX;
    for (int i = 0; i < n; i++) {
        const sim_link *l = &t->links[p[i]];
        m->delay += l->delay;
        if (l->bps < m->bottleneck_bps) m->bottleneck_bps = l->bps;
        if (l->queue < m->min_queue) m->min_queue = l->queue;
    }
    return 0;
}

/* Properties in sorted order, so the hash ignores the file's order. */
static void hash_props(alto_buf *b, const json_t *props) {
    if (!props) return;
    char *s = json_dumps(props, JSON_SORT_KEYS | JSON_COMPACT);
    alto_buf_printf(b, " %s", s ? s : "");
    free(s);
}

/* FNV-1a over a canonical text form of what ALTO can observe. */
void sim_topo_hash(const sim_topo *t, char out[17]) {
    alto_buf b = ALTO_BUF_INIT;
    char tmp[64];
    for (int i = 0; i < t->nnodes; i++) {
        alto_buf_printf(&b, "n %s %d", t->nodes[i].name, t->nodes[i].is_host);
        for (int k = 0; k < t->nodes[i].naddrs; k++)
            alto_buf_printf(&b, " %s", alto_addr_fmt(&t->nodes[i].addrs[k], tmp, sizeof tmp));
        hash_props(&b, t->nodes[i].props);
        alto_buf_putc(&b, '\n');
    }
    for (int i = 0; i < t->nlinks; i++)
        alto_buf_printf(&b, "l %d %d %.17g %.17g %d\n", t->links[i].from, t->links[i].to,
                        t->links[i].bps, t->links[i].delay, t->links[i].queue);
    for (int i = 0; i < t->npids; i++) {
        alto_buf_printf(&b, "p %s", t->pids[i].name);
        for (int k = 0; k < t->pids[i].nprefixes; k++)
            alto_buf_printf(&b, " %s", alto_prefix_fmt(&t->pids[i].prefixes[k], tmp, sizeof tmp));
        hash_props(&b, t->pids[i].props);
        alto_buf_putc(&b, '\n');
    }
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < b.len; i++) {
        h ^= (unsigned char)b.data[i];
        h *= 1099511628211ULL;
    }
    alto_buf_free(&b);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}
