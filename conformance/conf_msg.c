/* conf_msg.c: RFC 7285 message validators (see conf_msg.h).
 *
 * Validators are written against "any JSON at any path": every access is
 * type-checked, and a value of the wrong type is either this validator's
 * problem (when it owns that member) or silently skipped (when the shape
 * validator owns it), so one defect is reported once, by the case that
 * quotes the broken requirement. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "conf_msg.h"
#include "conf_pm.h"
#include "conf_upm.h"
#include "conf_cmap.h"
#include "conf_check.h"
#include "alto_addr.h"
#include "alto_buf.h"

#define M_NETMAP "application/alto-networkmap+json"
#define M_COSTMAP "application/alto-costmap+json"
#define M_ECS "application/alto-endpointcost+json"

static const char *jstr(const json_t *o, const char *k) {
    return json_string_value(json_object_get(o, k));
}

/* ---- IRD ----------------------------------------------------------- */

int conf_v_ird_shape(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    conf_check_member(p, d, "$", "meta", CONF_JT_OBJECT, 0);
    json_t *res = conf_check_member(p, d, "$", "resources", CONF_JT_OBJECT, 1);
    const char *id;
    json_t *e;
    char base[CONF_PATH_MAX], path[CONF_PATH_MAX];
    json_object_foreach(res, id, e) {
        conf_checked(p, 1);
        conf_path_key(base, "$.resources", id);
        if (!json_is_object(e)) {
            conf_prob(p, base, "an object", alto_json_type(e), "resource entry %s is %s", base, alto_json_type(e));
            continue;
        }
        conf_check_member(p, e, base, "uri", CONF_JT_STRING, 1);
        conf_check_member(p, e, base, "media-type", CONF_JT_STRING, 1);
        conf_check_member(p, e, base, "accepts", CONF_JT_STRING, 0);
        conf_check_member(p, e, base, "capabilities", CONF_JT_OBJECT, 0);
        json_t *uses = conf_check_member(p, e, base, "uses", CONF_JT_ARRAY, 0);
        size_t i;
        json_t *u;
        json_array_foreach(uses, i, u) {
            if (json_is_string(u)) continue;
            conf_path_key(path, base, "uses");
            conf_path_idx(path, path, i);
            conf_prob(p, path, "a ResourceID string", alto_json_type(u), "%s is %s", path, alto_json_type(u));
        }
    }
    return p->n - n0;
}

int conf_v_ird_resource_ids(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    const char *id, *why;
    json_t *e;
    char path[CONF_PATH_MAX];
    json_object_foreach(json_object_get(d, "resources"), id, e) {
        conf_checked(p, 1);
        if (conf_syn_pidname(id, &why)) continue;
        conf_path_key(path, "$.resources", id);
        conf_prob(p, path, "a ResourceID (<= 64 of [A-Za-z0-9-:@_])", id,
                  "resource id \"%s\" %s", id, why);
    }
    return p->n - n0;
}

void conf_v_cost_type_obj(const json_t *ct, const char *base, int strict_desc, conf_probs *p) {
    const char *why;
    json_t *m = conf_check_member(p, ct, base, "cost-metric", CONF_JT_STRING, 1);
    json_t *mo = conf_check_member(p, ct, base, "cost-mode", CONF_JT_STRING, 1);
    char path[CONF_PATH_MAX];
    if (m && !conf_syn_cost_metric(json_string_value(m), &why)) {
        conf_path_key(path, base, "cost-metric");
        conf_prob(p, path, "a CostMetric", json_string_value(m), "cost metric %s", why);
    }
    if (mo && !conf_syn_cost_mode(json_string_value(mo), &why)) {
        conf_path_key(path, base, "cost-mode");
        conf_prob(p, path, "a registered cost mode (RFC 9274)", json_string_value(mo), "cost mode %s", why);
    }
    if (strict_desc) conf_check_member(p, ct, base, "description", CONF_JT_STRING, 0);
}

int conf_v_ird_cost_types(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    json_t *meta = json_object_get(d, "meta");
    json_t *cts = conf_check_member(p, meta, "$.meta", "cost-types", CONF_JT_OBJECT, 0);
    const char *name;
    json_t *ct;
    char base[CONF_PATH_MAX];
    json_object_foreach(cts, name, ct) {
        conf_checked(p, 1);
        conf_path_key(base, "$.meta.cost-types", name);
        if (!json_is_object(ct)) {
            conf_prob(p, base, "a CostType object", alto_json_type(ct), "%s is %s", base, alto_json_type(ct));
            continue;
        }
        conf_v_cost_type_obj(ct, base, 1, p);
    }
    return p->n - n0;
}

int conf_v_ird_default_netmap_member(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    json_t *meta = conf_check_member(p, d, "$", "meta", CONF_JT_OBJECT, 1);
    if (meta && conf_check_member(p, meta, "$.meta", "default-alto-network-map", CONF_JT_STRING, 1))
        conf_checked(p, 1);
    return p->n - n0;
}

static int is_get_costmap(const json_t *e) {
    const char *m = jstr(e, "media-type"), *a = jstr(e, "accepts");
    return m && !strcmp(m, M_COSTMAP) && (!a || !*a);
}

int conf_v_ird_cost_type_names(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    json_t *cts = json_object_get(json_object_get(d, "meta"), "cost-types");
    const char *id;
    json_t *e;
    char path[CONF_PATH_MAX];
    json_object_foreach(json_object_get(d, "resources"), id, e) {
        json_t *names = json_object_get(json_object_get(e, "capabilities"), "cost-type-names");
        size_t i;
        json_t *n;
        json_array_foreach(names, i, n) {
            const char *s = json_string_value(n);
            conf_checked(p, 1);
            if (s && json_is_object(cts) && json_object_get(cts, s)) continue;
            conf_path_key(path, "$.resources", id);
            conf_path_key(path, path, "capabilities");
            conf_path_key(path, path, "cost-type-names");
            conf_path_idx(path, path, i);
            conf_prob(p, path, "a name defined in $.meta.cost-types", conf_jshow(n),
                      "resource %s names cost type %s, which this IRD's meta.cost-types does not define",
                      id, conf_jshow(n));
        }
    }
    return p->n - n0;
}

int conf_v_ird_costmap_single(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    const char *id;
    json_t *e;
    char path[CONF_PATH_MAX], act[64];
    json_object_foreach(json_object_get(d, "resources"), id, e) {
        if (!is_get_costmap(e)) continue;
        conf_checked(p, 1);
        json_t *names = json_object_get(json_object_get(e, "capabilities"), "cost-type-names");
        if (json_is_array(names) && json_array_size(names) == 1) continue;
        conf_path_key(path, "$.resources", id);
        conf_path_key(path, path, "capabilities");
        conf_path_key(path, path, "cost-type-names");
        if (json_is_array(names)) snprintf(act, sizeof act, "%zu names", json_array_size(names));
        else snprintf(act, sizeof act, "%s", alto_json_type(names));
        conf_prob(p, path, "exactly one cost type name", act,
                  "GET cost map %s must name exactly one cost type, has %s", id, act);
    }
    return p->n - n0;
}

/* Capabilities by media type: which member has which type. */
static const struct {
    const char *media;
    const char *member;
    conf_jt type;
    int required;
} cap_rows[] = {
    {M_COSTMAP, "cost-type-names", CONF_JT_ARRAY, 1},
    {M_COSTMAP, "cost-constraints", CONF_JT_BOOL, 0},
    {M_ECS, "cost-type-names", CONF_JT_ARRAY, 1},
    {M_ECS, "cost-constraints", CONF_JT_BOOL, 0},
    {"application/alto-endpointprop+json", "prop-types", CONF_JT_ARRAY, 1},
};

int conf_v_ird_caps(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    const char *id;
    json_t *e;
    char base[CONF_PATH_MAX], path[CONF_PATH_MAX];
    json_object_foreach(json_object_get(d, "resources"), id, e) {
        const char *media = jstr(e, "media-type");
        if (!media) continue;
        json_t *caps = json_object_get(e, "capabilities");
        conf_path_key(base, "$.resources", id);
        conf_path_key(base, base, "capabilities");
        for (size_t r = 0; r < sizeof cap_rows / sizeof *cap_rows; r++) {
            if (strcmp(cap_rows[r].media, media)) continue;
            conf_checked(p, 1);
            json_t *v = conf_check_member(p, caps, base, cap_rows[r].member,
                                          cap_rows[r].type, cap_rows[r].required);
            if (!json_is_array(v)) continue;
            conf_path_key(path, base, cap_rows[r].member);
            if (json_array_size(v) == 0)
                conf_prob(p, path, "at least one name", "[]", "%s is empty", path);
            conf_check_strings(p, v, path, "a string");
        }
    }
    return p->n - n0;
}

int conf_v_ird_ecs_no_uses(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    const char *id;
    json_t *e;
    char path[CONF_PATH_MAX];
    json_object_foreach(json_object_get(d, "resources"), id, e) {
        const char *m = jstr(e, "media-type");
        if (!m || strcmp(m, M_ECS)) continue;
        conf_checked(p, 1);
        if (!json_object_get(e, "uses")) continue;
        json_t *u = json_object_get(e, "uses");
        if (json_is_array(u) && json_array_size(u) == 0) continue;
        conf_path_key(path, "$.resources", id);
        conf_path_key(path, path, "uses");
        conf_prob(p, path, "no \"uses\"", conf_jshow(u),
                  "endpoint cost service %s specifies \"uses\"", id);
    }
    return p->n - n0;
}

/* ---- version tags ----------------------------------------------------- */

/* RFC 9275 7.2.6: a part's vtag names "<resource-id>.<part-resource-id>",
 * two ResourceIDs joined by the otherwise reserved '.'; 6.6 keeps the
 * whole within the 64 characters of a ResourceID. */
static int syn_part_rid(const char *s, const char **why) {
    const char *dot = strrchr(s, '.');
    if (!dot) return conf_syn_pidname(s, why);
    if (strlen(s) > 64) { *why = "is longer than 64 characters"; return 0; }
    char a[80];
    size_t n = (size_t)(dot - s);
    if (n >= sizeof a) { *why = "is longer than 64 characters"; return 0; }
    memcpy(a, s, n);
    a[n] = '\0';
    return conf_syn_pidname(a, why) && conf_syn_pidname(dot + 1, why);
}

int conf_v_vtag(const json_t *vt, const char *path, conf_probs *p) {
    return conf_v_vtag_ext(vt, path, 0, p);
}

int conf_v_vtag_ext(const json_t *vt, const char *path, int part, conf_probs *p) {
    int n0 = p->n;
    const char *why;
    char sub[CONF_PATH_MAX];
    if (!json_is_object(vt)) {
        conf_prob(p, path, "a VersionTag object", alto_json_type(vt), "%s is %s, expected a VersionTag", path, alto_json_type(vt));
        return p->n - n0;
    }
    conf_checked(p, 1);
    json_t *rid = conf_check_member(p, vt, path, "resource-id", CONF_JT_STRING, 1);
    json_t *tag = conf_check_member(p, vt, path, "tag", CONF_JT_STRING, 1);
    if (rid && !(part ? syn_part_rid(json_string_value(rid), &why) : conf_syn_pidname(json_string_value(rid), &why))) {
        conf_path_key(sub, path, "resource-id");
        conf_prob(p, sub, "a ResourceID", json_string_value(rid), "resource-id %s", why);
    }
    if (tag && !conf_syn_tag(json_string_value(tag), &why)) {
        conf_path_key(sub, path, "tag");
        conf_prob(p, sub, "<= 64 characters in U+0021..U+007E", json_string_value(tag), "vtag tag %s", why);
    }
    return p->n - n0;
}

/* ---- network maps ------------------------------------------------------ */

int conf_v_netmap_shape(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    conf_check_member(p, d, "$", "meta", CONF_JT_OBJECT, 1);
    json_t *nm = conf_check_member(p, d, "$", "network-map", CONF_JT_OBJECT, 1);
    const char *pid, *at;
    json_t *g, *arr;
    char base[CONF_PATH_MAX], path[CONF_PATH_MAX];
    json_object_foreach(nm, pid, g) {
        conf_checked(p, 1);
        conf_path_key(base, "$.network-map", pid);
        if (!json_is_object(g)) {
            conf_prob(p, base, "an EndpointAddrGroup object", alto_json_type(g), "%s is %s", base, alto_json_type(g));
            continue;
        }
        json_object_foreach(g, at, arr) {
            conf_path_key(path, base, at);
            if (!json_is_array(arr)) {
                conf_prob(p, path, "an array of prefixes", alto_json_type(arr), "%s is %s", path, alto_json_type(arr));
                continue;
            }
            conf_check_strings(p, arr, path, "a prefix string");
        }
    }
    return p->n - n0;
}

int conf_v_netmap_vtag(const json_t *d, conf_probs *p) {
    json_t *meta = json_object_get(d, "meta");
    int n0 = p->n;
    json_t *vt = conf_check_member(p, meta, "$.meta", "vtag", CONF_JT_ANY, 1);
    if (vt) conf_v_vtag(vt, "$.meta.vtag", p);
    return p->n - n0;
}

int conf_v_netmap_pidnames(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    const char *pid, *why;
    json_t *g;
    char path[CONF_PATH_MAX];
    json_object_foreach(json_object_get(d, "network-map"), pid, g) {
        conf_checked(p, 1);
        if (conf_syn_pidname(pid, &why)) continue;
        conf_path_key(path, "$.network-map", pid);
        conf_prob(p, path, "a PIDName (<= 64 of [A-Za-z0-9-:@_])", pid, "PID name \"%s\" %s", pid, why);
    }
    return p->n - n0;
}

int conf_v_netmap_addrtypes(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    const char *pid, *at;
    json_t *g, *arr;
    char path[CONF_PATH_MAX];
    json_object_foreach(json_object_get(d, "network-map"), pid, g) {
        if (!json_is_object(g)) continue;
        json_object_foreach(g, at, arr) {
            conf_checked(p, 1);
            if (conf_syn_addrtype(at)) continue;
            conf_path_key(path, "$.network-map", pid);
            conf_path_key(path, path, at);
            conf_prob(p, path, "a registered address type (ipv4, ipv6)", at,
                      "PID %s uses unregistered address type \"%s\"", pid, at);
        }
    }
    return p->n - n0;
}

int conf_v_addrgroup(const json_t *g, const char *base, conf_probs *p) {
    int n0 = p->n;
    const char *at, *why;
    json_t *arr;
    char path[CONF_PATH_MAX], ip[CONF_PATH_MAX];
    if (!json_is_object(g)) {
        conf_prob(p, base, "an EndpointAddrGroup object", alto_json_type(g), "%s is %s", base, alto_json_type(g));
        return p->n - n0;
    }
    json_object_foreach((json_t *)g, at, arr) {
        if (!conf_syn_addrtype(at)) continue;   /* conf_v_netmap_addrtypes' problem */
        conf_path_key(path, base, at);
        size_t i;
        json_t *x;
        json_array_foreach(arr, i, x) {
            const char *s = json_string_value(x);
            conf_checked(p, s != NULL);
            if (!s || conf_syn_prefix(at, s, &why)) continue;
            conf_path_idx(ip, path, i);
            conf_prob(p, ip, at[3] == '4' ? "an IPv4 CIDR prefix (RFC 4632)" : "an IPv6 prefix (RFC 5952)",
                      s, "prefix \"%s\" %s", s, why);
        }
    }
    return p->n - n0;
}

int conf_v_netmap_prefixes(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    const char *pid;
    json_t *g;
    char base[CONF_PATH_MAX];
    json_object_foreach(json_object_get(d, "network-map"), pid, g) {
        if (!json_is_object(g)) continue;
        conf_path_key(base, "$.network-map", pid);
        conf_v_addrgroup(g, base, p);
    }
    return p->n - n0;
}

/* Every valid prefix of the map, with its PID, for one family. */
typedef struct nm_prefix {
    alto_prefix pf;
    const char *pid;
} nm_prefix;

static nm_prefix *nm_collect(const json_t *d, int fam, size_t *n) {
    const char *fname = fam == 4 ? "ipv4" : "ipv6";
    size_t cap = 16, k = 0;
    nm_prefix *v = alto_xmalloc(cap * sizeof *v);
    const char *pid;
    json_t *g;
    json_object_foreach(json_object_get(d, "network-map"), pid, g) {
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(g, fname), i, x) {
            const char *s = json_string_value(x);
            alto_prefix pf;
            if (!s || alto_prefix_parse(s, fam, 0, &pf) < 0) continue;
            if (k == cap) v = alto_xrealloc(v, (cap *= 2) * sizeof *v);
            v[k].pf = pf;
            v[k].pid = pid;
            k++;
        }
    }
    *n = k;
    return v;
}

typedef unsigned __int128 u128;

static u128 pf_start(const alto_prefix *p) {
    u128 x = 0;
    int nb = p->addr.family == 4 ? 4 : 16;
    for (int i = 0; i < nb; i++) x = (x << 8) | p->addr.b[i];
    return x;
}

static u128 pf_end(const alto_prefix *p) {
    int bits = p->addr.family == 4 ? 32 : 128;
    int host = bits - p->len;
    u128 span = host >= 128 ? ~(u128)0 : (((u128)1 << host) - 1);
    return pf_start(p) | span;
}

static int cmp_start(const void *a, const void *b) {
    u128 x = pf_start(&((const nm_prefix *)a)->pf), y = pf_start(&((const nm_prefix *)b)->pf);
    return x < y ? -1 : x > y;
}

static void fmt_u128(u128 x, int fam, char *buf, int n) {
    alto_addr a = {.family = fam};
    int nb = fam == 4 ? 4 : 16;
    for (int i = nb - 1; i >= 0; i--) { a.b[i] = (uint8_t)(x & 0xff); x >>= 8; }
    alto_addr_fmt(&a, buf, n);
}

int conf_v_netmap_complete(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    for (int fam = 4; fam <= 6; fam += 2) {
        const char *fname = fam == 4 ? "ipv4" : "ipv6";
        int present = 0;
        const char *pid;
        json_t *g;
        json_object_foreach(json_object_get(d, "network-map"), pid, g)
            if (json_object_get(g, fname)) present = 1;
        if (!present) continue;
        conf_checked(p, 1);
        size_t n;
        nm_prefix *v = nm_collect(d, fam, &n);
        qsort(v, n, sizeof *v, cmp_start);
        u128 max = fam == 4 ? (u128)0xffffffffu : ~(u128)0;
        u128 next = 0;          /* first address not yet covered */
        int done = 0, gap = 0;
        for (size_t i = 0; i < n && !done; i++) {
            u128 s = pf_start(&v[i].pf), e = pf_end(&v[i].pf);
            if (s > next) { gap = 1; break; }
            if (e >= max) done = 1;
            else if (e + 1 > next) next = e + 1;
        }
        if (!done) gap = 1;
        if (gap) {
            char a[64], path[CONF_PATH_MAX];
            fmt_u128(next, fam, a, sizeof a);
            snprintf(path, sizeof path, "$.network-map.*.%s", fname);
            conf_prob(p, path, fam == 4 ? "every IPv4 address in some PID (e.g. via 0.0.0.0/0)"
                                        : "every IPv6 address in some PID (e.g. via ::/0)",
                      a, "the %s map is not complete: %s is in no PID", fname, a);
        }
        free(v);
    }
    return p->n - n0;
}

static int cmp_prefix(const void *a, const void *b) {
    const nm_prefix *x = a, *y = b;
    int c = memcmp(x->pf.addr.b, y->pf.addr.b, 16);
    if (c) return c;
    return x->pf.len - y->pf.len;
}

int conf_v_netmap_overlap(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    for (int fam = 4; fam <= 6; fam += 2) {
        size_t n;
        nm_prefix *v = nm_collect(d, fam, &n);
        conf_checked(p, (int)n);
        qsort(v, n, sizeof *v, cmp_prefix);
        for (size_t i = 1; i < n; i++) {
            if (cmp_prefix(&v[i - 1], &v[i]) || !strcmp(v[i - 1].pid, v[i].pid)) continue;
            char pf[80], act[256];
            alto_prefix_fmt(&v[i].pf, pf, sizeof pf);
            snprintf(act, sizeof act, "%s in PIDs %s and %s", pf, v[i - 1].pid, v[i].pid);
            conf_prob(p, "$.network-map", "each prefix in at most one PID", act,
                      "prefix %s is defined in two PIDs (%s, %s)", pf, v[i - 1].pid, v[i].pid);
        }
        free(v);
    }
    return p->n - n0;
}

/* ---- cost maps ---------------------------------------------------------- */

/* The row checks run on the compact form (conf_cmap.c), whether the body
 * was streamed or is a DOM: one code path for the verdicts. */
typedef int (*cmap_fn)(const conf_cmap *, conf_probs *);
static int on_cmap(const json_t *d, const char *member, cmap_fn f, conf_probs *p) {
    conf_cmap m;
    conf_cmap_from_json(&m, d, member);
    int n = f(&m, p);
    conf_cmap_free(&m);
    return n;
}

int conf_v_costmap_shape(const json_t *d, conf_probs *p) { return on_cmap(d, "cost-map", conf_cmap_v_shape, p); }

int conf_v_dvtags(const json_t *d, int single, conf_probs *p) {
    return conf_v_dvtags_ext(d, single, 0, p);
}

int conf_v_dvtags_ext(const json_t *d, int single, int part, conf_probs *p) {
    int n0 = p->n;
    json_t *meta = json_object_get(d, "meta");
    json_t *dv = conf_check_member(p, meta, "$.meta", "dependent-vtags", CONF_JT_ARRAY, 1);
    if (!dv) return p->n - n0;
    if (single && json_array_size(dv) != 1) {
        char act[32];
        snprintf(act, sizeof act, "%zu elements", json_array_size(dv));
        conf_prob(p, "$.meta.dependent-vtags", "a single-element array", act,
                  "dependent-vtags has %zu elements, expected exactly one", json_array_size(dv));
    }
    if (!single && json_array_size(dv) == 0)
        conf_prob(p, "$.meta.dependent-vtags", "at least one VersionTag", "[]", "dependent-vtags is empty");
    size_t i;
    json_t *vt;
    char path[CONF_PATH_MAX];
    json_array_foreach(dv, i, vt) {
        conf_path_idx(path, "$.meta.dependent-vtags", i);
        conf_v_vtag_ext(vt, path, part, p);
    }
    return p->n - n0;
}

int conf_v_meta_cost_type(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    json_t *meta = json_object_get(d, "meta");
    json_t *ct = conf_check_member(p, meta, "$.meta", "cost-type", CONF_JT_OBJECT, 1);
    if (ct) conf_v_cost_type_obj(ct, "$.meta.cost-type", 0, p);
    conf_checked(p, ct != NULL);
    return p->n - n0;
}

int conf_v_cost_numbers(const json_t *d, const char *member, conf_probs *p) {
    return on_cmap(d, member, conf_cmap_v_numbers, p);
}

int conf_v_costmap_shape_numbers(const json_t *d, conf_probs *p) {
    conf_cmap m;
    conf_cmap_from_json(&m, d, "cost-map");
    int n = conf_cmap_v_shape(&m, p);
    n += conf_cmap_v_numbers(&m, p);
    conf_cmap_free(&m);
    return n;
}

/* Every validator of the "costmap" kind on one compact form. */
static int v_costmap_all(const json_t *d, conf_probs *p) {
    conf_cmap m;
    conf_cmap_from_json(&m, d, "cost-map");
    int n = conf_cmap_validate(&m, p);
    conf_cmap_free(&m);
    return n;
}

int conf_v_cost_ordinal(const json_t *d, const char *member, conf_probs *p) {
    return on_cmap(d, member, conf_cmap_v_ordinal, p);
}

int conf_v_cost_ordinal_values(const json_t *d, const char *member, conf_probs *p) {
    return on_cmap(d, member, conf_cmap_v_ordinal_values, p);
}

int conf_v_costmap_pids_defined(const json_t *d, const json_t *netmap, conf_probs *p) {
    conf_cmap m;
    conf_cmap_from_json(&m, d, "cost-map");
    int n = conf_cmap_v_pids_defined(&m, netmap, p);
    conf_cmap_free(&m);
    return n;
}

/* ---- endpoint services and errors -------------------------------------- */

void conf_v_typed_key(const char *k, const char *path, conf_probs *p) {
    const char *why;
    conf_checked(p, 1);
    if (conf_syn_typed_addr(k, &why)) return;
    conf_prob(p, path, "a TypedEndpointAddr like \"ipv4:192.0.2.1\"", k, "endpoint \"%s\" %s", k, why);
}

int conf_v_eprop_shape(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    conf_check_member(p, d, "$", "meta", CONF_JT_OBJECT, 1);
    conf_v_dvtags(d, 0, p);
    json_t *ep = conf_check_member(p, d, "$", "endpoint-properties", CONF_JT_OBJECT, 1);
    const char *addr, *prop;
    json_t *props, *v;
    char base[CONF_PATH_MAX], path[CONF_PATH_MAX];
    json_object_foreach(ep, addr, props) {
        conf_path_key(base, "$.endpoint-properties", addr);
        conf_v_typed_key(addr, base, p);
        if (!json_is_object(props)) {
            conf_prob(p, base, "an object of properties", alto_json_type(props), "%s is %s", base, alto_json_type(props));
            continue;
        }
        json_object_foreach(props, prop, v) {
            if (json_is_string(v)) continue;
            conf_path_key(path, base, prop);
            conf_prob(p, path, "a JSON string", conf_jshow(v), "property value %s is %s", path, alto_json_type(v));
        }
    }
    return p->n - n0;
}

int conf_v_ecs_shape(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    conf_check_member(p, d, "$", "meta", CONF_JT_OBJECT, 1);
    json_t *m = conf_check_member(p, d, "$", "endpoint-cost-map", CONF_JT_OBJECT, 1);
    const char *src, *dst;
    json_t *row, *v;
    char base[CONF_PATH_MAX], path[CONF_PATH_MAX];
    json_object_foreach(m, src, row) {
        conf_path_key(base, "$.endpoint-cost-map", src);
        conf_v_typed_key(src, base, p);
        if (!json_is_object(row)) {
            conf_prob(p, base, "an object of destination costs", alto_json_type(row), "%s is %s", base, alto_json_type(row));
            continue;
        }
        json_object_foreach(row, dst, v) {
            conf_path_key(path, base, dst);
            conf_v_typed_key(dst, path, p);
        }
    }
    return p->n - n0;
}

static const char *const error_codes[] = {
    "E_SYNTAX", "E_MISSING_FIELD", "E_INVALID_FIELD_TYPE", "E_INVALID_FIELD_VALUE", NULL,
};

int conf_v_error(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    json_t *meta = conf_check_member(p, d, "$", "meta", CONF_JT_OBJECT, 1);
    if (!meta) return p->n - n0;
    json_t *code = conf_check_member(p, meta, "$.meta", "code", CONF_JT_STRING, 1);
    conf_checked(p, 1);
    if (code) {
        int ok = 0;
        for (const char *const *c = error_codes; *c; c++)
            if (!strcmp(*c, json_string_value(code))) ok = 1;
        if (!ok)
            conf_prob(p, "$.meta.code", "one of E_SYNTAX, E_MISSING_FIELD, E_INVALID_FIELD_TYPE, E_INVALID_FIELD_VALUE",
                      json_string_value(code), "error code \"%s\" is not an ALTO error code", json_string_value(code));
    }
    conf_check_member(p, meta, "$.meta", "field", CONF_JT_STRING, 0);
    json_t *value = json_object_get(meta, "value");
    if (value) {
        if (!json_is_string(value))
            conf_prob(p, "$.meta.value", "a JSON string", alto_json_type(value), "error \"value\" is %s, must be a string", alto_json_type(value));
        if (!json_object_get(meta, "field"))
            conf_prob(p, "$.meta.field", "present because \"value\" is", "missing", "error has \"value\" but no \"field\"");
    }
    return p->n - n0;
}

/* ---- whole messages --------------------------------------------------------- */

typedef int (*v_fn)(const json_t *, conf_probs *);

static int v_ird_root(const json_t *d, conf_probs *p) { return conf_v_ird_default_netmap_member(d, p); }
static int v_ecs_num(const json_t *d, conf_probs *p) { return conf_v_cost_numbers(d, "endpoint-cost-map", p); }
static int v_ecs_ord(const json_t *d, conf_probs *p) { return conf_v_cost_ordinal(d, "endpoint-cost-map", p); }
static int v_addrgroup(const json_t *d, conf_probs *p) { return conf_v_addrgroup(d, "$", p); }

static const struct {
    const char *kind;
    v_fn fns[10];
} kinds[] = {
    {"ird", {conf_v_ird_shape, conf_v_ird_resource_ids, conf_v_ird_cost_types,
             conf_v_ird_cost_type_names, conf_v_ird_costmap_single, conf_v_ird_caps,
             conf_v_ird_ecs_no_uses}},
    {"ird-root", {conf_v_ird_shape, conf_v_ird_resource_ids, conf_v_ird_cost_types,
                  conf_v_ird_cost_type_names, conf_v_ird_costmap_single, conf_v_ird_caps,
                  conf_v_ird_ecs_no_uses, v_ird_root}},
    {"networkmap", {conf_v_netmap_shape, conf_v_netmap_vtag, conf_v_netmap_pidnames,
                    conf_v_netmap_addrtypes, conf_v_netmap_prefixes, conf_v_netmap_complete,
                    conf_v_netmap_overlap}},
    /* A filtered map need not be complete (11.3.1.6 returns only some PIDs). */
    {"networkmap-filtered", {conf_v_netmap_shape, conf_v_netmap_vtag, conf_v_netmap_pidnames,
                             conf_v_netmap_addrtypes, conf_v_netmap_prefixes, conf_v_netmap_overlap}},
    /* conf_v_costmap_shape, conf_v_dvtags (single), conf_v_meta_cost_type,
     * conf_v_cost_numbers, conf_v_cost_ordinal (conf_cmap_validate) */
    {"costmap", {v_costmap_all}},
    {"endpointprop", {conf_v_eprop_shape}},
    {"endpointcost", {conf_v_ecs_shape, conf_v_meta_cost_type, v_ecs_num, v_ecs_ord}},
    {"error", {conf_v_error}},
    {"networkmapfilter", {conf_v_req_fnetmap}},
    {"costmapfilter", {conf_v_req_fcostmap}},
    {"endpointpropparams", {conf_v_req_eprop}},
    {"endpointcostparams", {conf_v_req_ecs}},
    {"addrgroup", {v_addrgroup}},
    /* RFC 8189 (conf_msg_mc.c) */
    {"costmap-mc", {conf_v_costmap_mc}},
    {"endpointcost-mc", {conf_v_ecs_mc}},
    {"costmapfilter-mc", {conf_v_req_fcostmap_mc}},
    {"endpointcostparams-mc", {conf_v_req_ecs_mc}},
    /* RFC 9439 (conf_pm.c) */
    {"costmap-pm", {v_costmap_all, conf_v_pm_costmap}},
    {"endpointcost-pm", {conf_v_ecs_shape, conf_v_meta_cost_type, v_ecs_num, v_ecs_ord, conf_v_pm_ecs}},
    {"costmapfilter-pm", {conf_v_req_fcostmap, conf_v_pm_req}},
    {"endpointcostparams-pm", {conf_v_req_ecs, conf_v_pm_req}},
    /* RFC 9240 (conf_upm.c) */
    {"propmap", {conf_v_propmap}},
    {"propmapparams", {conf_v_req_propmap}},
    /* RFC 9241 (conf_msg_cdni.c) */
    {"cdni", {conf_v_cdni_shape, conf_v_cdni_vtag, conf_v_cdni_capvalues, conf_v_cdni_fptypes,
              conf_v_cdni_fpvalues}},
    {"cdnifilter", {conf_v_req_cdnifilter}},
    {"cdni-propmap", {conf_v_cdni_propmap}},
};

int conf_msg_validate(const char *kind, const json_t *d, conf_probs *p) {
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        if (strcmp(kinds[i].kind, kind)) continue;
        int n0 = p->n;
        for (int f = 0; f < 10 && kinds[i].fns[f]; f++) kinds[i].fns[f](d, p);
        return p->n - n0;
    }
    return -1;
}

const char *const *conf_msg_kinds(void) {
    static const char *names[sizeof kinds / sizeof *kinds + 1];
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) names[i] = kinds[i].kind;
    return names;
}

