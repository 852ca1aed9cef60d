/* sim_graphml.c: Topology Zoo GraphML (libxml2) into the sim_topo schema.
 *
 * Reading rule (also in README, "GraphML topologies"):
 *   - Every GraphML node becomes a switch named n<id> (ids are unique and
 *     safe as names; labels are not: Topology Zoo repeats and spaces them).
 *   - Capacity of an edge: LinkSpeedRaw (bits/s) when present; else a
 *     LinkLabel or LinkType naming a SONET carrier "OC-<n>" (n x 51.84 Mbps,
 *     Abilene's "OC-192c"); else the default, 1 Gbps.
 *   - Delay of an edge: great-circle distance between the two nodes'
 *     Latitude/Longitude (haversine, Earth radius 6371 km) divided by
 *     2e8 m/s (light in fibre); 1 ms when either end has no coordinates
 *     (Topology Zoo's hyperedge nodes have none).
 *   - Both directions get the same capacity and delay.  Self-loops and
 *     repeated edges between the same two nodes are dropped (the first one
 *     counts): parallel links would only split a route's capacity in a way
 *     the file does not describe.
 *   - Hosts: the scenario chooses how many (a seeded choice among the nodes
 *     of the largest connected component, so every host reaches every other)
 *     or which (labels or ids); each host hangs off its node by a 10 Gbps,
 *     0 ms access link so the backbone, not the access, is what is shared.
 *     sim_topo_load_graphml() alone puts one host on every node of the
 *     largest component.  Hosts are h0, h1, ... at 10.0.0.1, 10.0.0.2, ... */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "sim_graphml.h"
#include "sim_topo.h"
#include "alto_buf.h"
#include "alto_path.h"
#include "alto_schema.h"

typedef struct gnode {
    char *id, *label;
    double lat, lon;
    int has_coord;
} gnode;

typedef struct gedge { int a, b; double bps; } gedge;

typedef struct gkey { char *id, *name; } gkey;

void sim_graphml_opts_default(sim_graphml_opts *o) {
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->default_delay = -1;
}

static int find_node(const gnode *n, int nn, const char *id) {
    for (int i = 0; i < nn; i++)
        if (!strcmp(n[i].id, id)) return i;
    return -1;
}

static const char *key_name(const gkey *k, int nk, const char *id) {
    for (int i = 0; i < nk; i++)
        if (!strcmp(k[i].id, id)) return k[i].name;
    return "";
}

static double oc_rate(const char *s) {
    const char *p = s ? strstr(s, "OC-") : NULL;
    if (!p) return 0;
    int n = atoi(p + 3);
    return n > 0 ? n * 51.84e6 : 0;
}

static double great_circle_m(const gnode *a, const gnode *b) {
    const double r = 6371e3, rad = M_PI / 180;
    double dlat = (b->lat - a->lat) * rad, dlon = (b->lon - a->lon) * rad;
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(a->lat * rad) * cos(b->lat * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * r * asin(sqrt(h < 1 ? h : 1));
}

static int uf_find(int *p, int x) {
    while (p[x] != x) x = p[x] = p[p[x]];
    return x;
}

/* splitmix64: a small seeded generator so host choice is reproducible. */
static unsigned long long mix(unsigned long long *s) {
    unsigned long long z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

typedef struct gdoc {
    gnode *n; int nn;
    gedge *e; int ne;
    gkey *k; int nk;
    char *name;
} gdoc;

static void gdoc_free(gdoc *g) {
    for (int i = 0; i < g->nn; i++) { free(g->n[i].id); free(g->n[i].label); }
    for (int i = 0; i < g->nk; i++) { free(g->k[i].id); free(g->k[i].name); }
    free(g->n); free(g->e); free(g->k); free(g->name);
}

static char *xprop(xmlNode *x, const char *name) {
    xmlChar *v = xmlGetProp(x, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = alto_xstrdup((const char *)v);
    xmlFree(v);
    return s;
}

static int read_graph(const char *path, xmlNode *graph, gdoc *g, alto_err *err) {
    for (xmlNode *x = graph->children; x; x = x->next) {
        if (x->type != XML_ELEMENT_NODE) continue;
        if (!strcmp((const char *)x->name, "data")) {
            char *k = xprop(x, "key");
            if (k && !strcmp(key_name(g->k, g->nk, k), "label") && !g->name) {
                xmlChar *c = xmlNodeGetContent(x);
                g->name = alto_xstrdup((const char *)c);
                xmlFree(c);
            }
            free(k);
        } else if (!strcmp((const char *)x->name, "node")) {
            char *id = xprop(x, "id");
            if (!id) return alto_err_set(err, "%s:%d: <node> without an id", path, x->line);
            if (find_node(g->n, g->nn, id) >= 0) {
                alto_err_set(err, "%s:%d: duplicate node id \"%s\"", path, x->line, id);
                free(id);
                return -1;
            }
            g->n = alto_xrealloc(g->n, (size_t)(g->nn + 1) * sizeof *g->n);
            gnode *n = &g->n[g->nn++];
            memset(n, 0, sizeof *n);
            n->id = id;
            int have_lat = 0, have_lon = 0;
            for (xmlNode *d = x->children; d; d = d->next) {
                if (d->type != XML_ELEMENT_NODE || strcmp((const char *)d->name, "data")) continue;
                char *k = xprop(d, "key");
                const char *kn = k ? key_name(g->k, g->nk, k) : "";
                xmlChar *c = xmlNodeGetContent(d);
                if (!strcmp(kn, "label")) { free(n->label); n->label = alto_xstrdup((const char *)c); }
                else if (!strcmp(kn, "Latitude")) { n->lat = atof((const char *)c); have_lat = 1; }
                else if (!strcmp(kn, "Longitude")) { n->lon = atof((const char *)c); have_lon = 1; }
                xmlFree(c);
                free(k);
            }
            n->has_coord = have_lat && have_lon;
        } else if (!strcmp((const char *)x->name, "edge")) {
            char *s = xprop(x, "source"), *t = xprop(x, "target");
            int a = s ? find_node(g->n, g->nn, s) : -1, b = t ? find_node(g->n, g->nn, t) : -1;
            if (a < 0 || b < 0) {
                alto_err_set(err, "%s:%d: edge names unknown node \"%s\"", path, x->line,
                             a < 0 ? (s ? s : "") : t);
                free(s); free(t);
                return -1;
            }
            free(s); free(t);
            double bps = 0, oc = 0;
            for (xmlNode *d = x->children; d; d = d->next) {
                if (d->type != XML_ELEMENT_NODE || strcmp((const char *)d->name, "data")) continue;
                char *k = xprop(d, "key");
                const char *kn = k ? key_name(g->k, g->nk, k) : "";
                xmlChar *c = xmlNodeGetContent(d);
                if (!strcmp(kn, "LinkSpeedRaw")) bps = atof((const char *)c);
                else if ((!strcmp(kn, "LinkLabel") || !strcmp(kn, "LinkType")) && !oc)
                    oc = oc_rate((const char *)c);
                xmlFree(c);
                free(k);
            }
            /* a hostile or broken LinkSpeedRaw must not reach the solver */
            if (!isfinite(bps) || bps < 0 || (bps > 0 && bps < 1) || bps > ALTO_RATE_MAX) {
                alto_err_set(err, "%s:%d: edge LinkSpeedRaw: %g bps is outside 1 bps..%g bps", path,
                             x->line, bps, ALTO_RATE_MAX);
                return -1;
            }
            if (a == b) continue;
            int dup = 0;
            for (int i = 0; i < g->ne && !dup; i++)
                dup = (g->e[i].a == a && g->e[i].b == b) || (g->e[i].a == b && g->e[i].b == a);
            if (dup) continue;
            g->e = alto_xrealloc(g->e, (size_t)(g->ne + 1) * sizeof *g->e);
            g->e[g->ne++] = (gedge){a, b, bps > 0 ? bps : oc};
        }
    }
    return 0;
}

/* GraphML needs no entities; a declared one is how "billion laughs" and
 * external-entity reads start, so any <!ENTITY is refused before libxml2
 * sees the file (the expansion bound is zero). */
static int no_entities(const char *path, const alto_buf *b, alto_err *err) {
    const char *hit = NULL;
    for (const char *p = b->data; (p = memchr(p, '<', b->len - (size_t)(p - b->data))) != NULL; p++)
        if ((size_t)(b->data + b->len - p) >= 8 && !memcmp(p, "<!ENTITY", 8)) { hit = p; break; }
    if (!hit) return 0;
    int line = 1, col = 1;
    for (const char *q = b->data; q < hit; q++) {
        if (*q == '\n') { line++; col = 1; } else col++;
    }
    return alto_err_set(err, "%s:%d:%d: <!ENTITY: entity declarations are not allowed in GraphML",
                        path, line, col);
}

static int load(const char *path, gdoc *g, alto_err *err) {
    memset(g, 0, sizeof *g);
    alto_buf b = ALTO_BUF_INIT;
    if (alto_read_input(&b, path, ALTO_INPUT_MAX, err) || no_entities(path, &b, err)) {
        alto_buf_free(&b);
        return -1;
    }
    /* No XML_PARSE_NOENT (no substitution), no DTD loading, no network,
     * no XML_PARSE_HUGE: libxml2's own size limits stay on. */
    xmlDoc *doc = xmlReadMemory(b.data, (int)b.len, path, NULL, XML_PARSE_NONET |
                                XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    alto_buf_free(&b);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        if (e && e->message) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", e->message);
            msg[strcspn(msg, "\n")] = 0;
            return alto_err_set(err, "%s:%d: not well-formed GraphML: %s", path, e->line, msg);
        }
        return alto_err_set(err, "%s: cannot read GraphML file", path);
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    int rc = 0;
    if (!root || strcmp((const char *)root->name, "graphml")) {
        rc = alto_err_set(err, "%s: the root element is not <graphml>", path);
        goto out;
    }
    xmlNode *graph = NULL;
    for (xmlNode *x = root->children; x; x = x->next) {
        if (x->type != XML_ELEMENT_NODE) continue;
        if (!strcmp((const char *)x->name, "key")) {
            char *id = xprop(x, "id"), *name = xprop(x, "attr.name");
            if (id && name) {
                g->k = alto_xrealloc(g->k, (size_t)(g->nk + 1) * sizeof *g->k);
                g->k[g->nk++] = (gkey){id, name};
            } else {
                free(id); free(name);
            }
        } else if (!strcmp((const char *)x->name, "graph") && !graph) {
            graph = x;
        }
    }
    if (!graph) { rc = alto_err_set(err, "%s: no <graph> element", path); goto out; }
    rc = read_graph(path, graph, g, err);
    if (rc == 0 && g->nn == 0) rc = alto_err_set(err, "%s: the graph has no nodes", path);
out:
    xmlFreeDoc(doc);
    return rc;
}

/* Switch name for a GraphML id: n<id>, with characters sim_topo does not
 * accept in names replaced by '_'. */
static void node_name(char *out, size_t n, const char *id) {
    snprintf(out, n, "n%.58s", id);
    for (char *p = out; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
            *p = '_';
}

static json_t *rate_str(double bps) {
    char b[64];
    snprintf(b, sizeof b, "%.0fbps", bps);
    return json_string(b);
}

static json_t *delay_str(double s) {
    char b[64];
    snprintf(b, sizeof b, "%.3fus", s * 1e6);
    return json_string(b);
}

/* Picks host nodes: explicit list, or a seeded sample of the largest
 * component.  Fills hn[] with node indices; returns the count or -1. */
static int place_hosts(const char *path, const gdoc *g, const sim_graphml_opts *o, int *hn,
                       alto_err *err) {
    int *par = alto_xcalloc((size_t)g->nn, sizeof *par), *size = alto_xcalloc((size_t)g->nn, sizeof *size);
    for (int i = 0; i < g->nn; i++) par[i] = i;
    for (int i = 0; i < g->ne; i++) par[uf_find(par, g->e[i].a)] = uf_find(par, g->e[i].b);
    int best = 0;
    for (int i = 0; i < g->nn; i++) size[uf_find(par, i)]++;
    for (int i = 0; i < g->nn; i++) if (size[i] > size[best]) best = i;
    int count = 0;
    if (o->nat > 0) {
        for (int k = 0; k < o->nat; k++) {
            int found = -1;
            for (int i = 0; i < g->nn && found < 0; i++)
                if (!strcmp(g->n[i].id, o->at[k]) || (g->n[i].label && !strcmp(g->n[i].label, o->at[k])))
                    found = i;
            if (found < 0) {
                alto_err_set(err, "%s: no node with id or label \"%s\"", path, o->at[k]);
                count = -1;
                break;
            }
            if (uf_find(par, found) != uf_find(par, best)) {
                alto_err_set(err, "%s: node \"%s\" is outside the largest connected component, "
                             "so its host could not reach the others", path, o->at[k]);
                count = -1;
                break;
            }
            hn[count++] = found;
        }
    } else {
        int *cand = alto_xcalloc((size_t)g->nn, sizeof *cand), nc = 0;
        for (int i = 0; i < g->nn; i++) if (uf_find(par, i) == uf_find(par, best)) cand[nc++] = i;
        int want = o->hosts > 0 ? o->hosts : nc;
        if (want > nc) {
            alto_err_set(err, "%s: %d hosts requested but the largest connected component has "
                         "only %d nodes", path, want, nc);
            count = -1;
        } else {
            unsigned long long s = o->seed;
            for (int i = 0; i < want && o->hosts > 0; i++) {   /* partial Fisher-Yates */
                int j = i + (int)(mix(&s) % (unsigned long long)(nc - i));
                int tmp = cand[i]; cand[i] = cand[j]; cand[j] = tmp;
            }
            for (int i = 0; i < want; i++) hn[count++] = cand[i];
        }
        free(cand);
    }
    free(par);
    free(size);
    return count;
}

json_t *sim_graphml_topology(const char *path, const sim_graphml_opts *o, alto_err *err) {
    gdoc g;
    if (load(path, &g, err)) { gdoc_free(&g); return NULL; }
    int *hn = alto_xcalloc((size_t)g.nn + (size_t)(o->nat > 0 ? o->nat : 0) + 1, sizeof *hn);
    int nh = place_hosts(path, &g, o, hn, err);
    if (nh < 0) { free(hn); gdoc_free(&g); return NULL; }
    double dbps = o->default_bps > 0 ? o->default_bps : SIM_GRAPHML_DEFAULT_BPS;
    double ddelay = o->default_delay >= 0 ? o->default_delay : SIM_GRAPHML_DEFAULT_DELAY;
    double hbps = o->host_bps > 0 ? o->host_bps : SIM_GRAPHML_HOST_BPS;
    json_t *top = json_object(), *hosts = json_array(), *sw = json_array(), *links = json_array();
    const char *base = strrchr(path, '/');
    json_object_set_new(top, "name", json_string(g.name && *g.name ? g.name : base ? base + 1 : path));
    json_t *defs = json_object();
    json_object_set_new(defs, "queue", json_integer(o->queue > 0 ? o->queue : SIM_QUEUE_DEFAULT));
    json_object_set_new(top, "defaults", defs);
    char name[64], addr[32];
    for (int i = 0; i < nh; i++) {
        unsigned a = (unsigned)i + 1;
        snprintf(name, sizeof name, "h%d", i);
        snprintf(addr, sizeof addr, "10.%u.%u.%u", (a >> 16) & 255, (a >> 8) & 255, a & 255);
        json_array_append_new(hosts, json_pack("{s:s, s:s}", "name", name, "ipv4", addr));
    }
    for (int i = 0; i < g.nn; i++) {
        node_name(name, sizeof name, g.n[i].id);
        json_array_append_new(sw, json_string(name));
    }
    for (int i = 0; i < nh; i++) {
        char hname[64];
        snprintf(hname, sizeof hname, "h%d", i);
        node_name(name, sizeof name, g.n[hn[i]].id);
        json_array_append_new(links, json_pack("{s:s, s:s, s:o, s:o}", "a", hname, "b", name,
                                               "bandwidth", rate_str(hbps), "delay",
                                               delay_str(o->host_delay)));
    }
    for (int i = 0; i < g.ne; i++) {
        const gnode *a = &g.n[g.e[i].a], *b = &g.n[g.e[i].b];
        double delay = a->has_coord && b->has_coord ? great_circle_m(a, b) / SIM_GRAPHML_SIGNAL_SPEED
                                                    : ddelay;
        char an[64], bn[64];
        node_name(an, sizeof an, a->id);
        node_name(bn, sizeof bn, b->id);
        json_array_append_new(links, json_pack("{s:s, s:s, s:o, s:o}", "a", an, "b", bn,
                                               "bandwidth", rate_str(g.e[i].bps > 0 ? g.e[i].bps : dbps),
                                               "delay", delay_str(delay)));
    }
    json_object_set_new(top, "hosts", hosts);
    json_object_set_new(top, "switches", sw);
    json_object_set_new(top, "links", links);
    free(hn);
    gdoc_free(&g);
    return top;
}

sim_topo *sim_topo_load_graphml(const char *path, alto_err *err) {
    sim_graphml_opts o;
    sim_graphml_opts_default(&o);
    json_t *obj = sim_graphml_topology(path, &o, err);
    if (!obj) return NULL;
    sim_topo *t = sim_topo_from_json(NULL, obj, err);
    json_decref(obj);
    if (t) {
        free(t->source);
        t->source = alto_xstrdup(path);
    }
    return t;
}
