/* conf_msg_req.c: validators of RFC 7285 request bodies (11.3.1.3,
 * 11.3.2.3, 11.4.1.3, 11.5.1.3) and network map lookups (longest-prefix
 * match, sample endpoints) used by the cases that compare a server's
 * answers with its own network map.  Split from conf_msg.c, which holds the
 * response validators. */
#include <stdio.h>
#include <string.h>
#include "conf_msg.h"
#include "alto_netmap.h"
#include "conf_check.h"
#include "alto_addr.h"

/* ---- requests -------------------------------------------------------------- */

static void v_str_array(const json_t *a, const char *path, int min, conf_probs *p) {
    if (!json_is_array(a)) return;
    if ((int)json_array_size(a) < min)
        conf_prob(p, path, "a non-empty array", "[]", "%s is empty", path);
    conf_check_strings(p, a, path, "a string");
}

int conf_v_req_fnetmap(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    v_str_array(conf_check_member(p, d, "$", "pids", CONF_JT_ARRAY, 1), "$.pids", 0, p);
    v_str_array(conf_check_member(p, d, "$", "address-types", CONF_JT_ARRAY, 0), "$.address-types", 0, p);
    return p->n - n0;
}

static void v_constraints(const json_t *c, conf_probs *p) {
    size_t i;
    json_t *x;
    char ip[CONF_PATH_MAX];
    json_array_foreach(c, i, x) {
        const char *s = json_string_value(x);
        char op[8];
        double v;
        int used = 0;
        if (s && sscanf(s, " %7s %lf %n", op, &v, &used) == 2 && s[used] == '\0' &&
            (!strcmp(op, "gt") || !strcmp(op, "lt") || !strcmp(op, "ge") || !strcmp(op, "le") || !strcmp(op, "eq")))
            continue;
        conf_path_idx(ip, "$.constraints", i);
        conf_prob(p, ip, "\"<gt|lt|ge|le|eq> <number>\"", conf_jshow(x), "constraint %s is malformed", ip);
    }
}

int conf_v_req_fcostmap(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    json_t *ct = conf_check_member(p, d, "$", "cost-type", CONF_JT_OBJECT, 1);
    if (ct) conf_v_cost_type_obj(ct, "$.cost-type", 0, p);
    json_t *c = conf_check_member(p, d, "$", "constraints", CONF_JT_ARRAY, 0);
    v_constraints(c, p);
    json_t *pids = conf_check_member(p, d, "$", "pids", CONF_JT_OBJECT, 0);
    if (pids) {
        v_str_array(conf_check_member(p, pids, "$.pids", "srcs", CONF_JT_ARRAY, 1), "$.pids.srcs", 0, p);
        v_str_array(conf_check_member(p, pids, "$.pids", "dsts", CONF_JT_ARRAY, 1), "$.pids.dsts", 0, p);
    }
    return p->n - n0;
}

static void v_typed_array(const json_t *a, const char *path, conf_probs *p) {
    size_t i;
    json_t *x;
    char ip[CONF_PATH_MAX];
    json_array_foreach(a, i, x) {
        conf_path_idx(ip, path, i);
        if (!json_is_string(x))
            conf_prob(p, ip, "a TypedEndpointAddr string", alto_json_type(x), "%s is %s", ip, alto_json_type(x));
        else
            conf_v_typed_key(json_string_value(x), ip, p);
    }
}

int conf_v_req_eprop(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    v_str_array(conf_check_member(p, d, "$", "properties", CONF_JT_ARRAY, 1), "$.properties", 1, p);
    json_t *eps = conf_check_member(p, d, "$", "endpoints", CONF_JT_ARRAY, 1);
    if (eps && json_array_size(eps) == 0)
        conf_prob(p, "$.endpoints", "a non-empty array", "[]", "$.endpoints is empty");
    v_typed_array(eps, "$.endpoints", p);
    return p->n - n0;
}

int conf_v_req_ecs(const json_t *d, conf_probs *p) {
    int n0 = p->n;
    json_t *ct = conf_check_member(p, d, "$", "cost-type", CONF_JT_OBJECT, 1);
    if (ct) conf_v_cost_type_obj(ct, "$.cost-type", 0, p);
    v_constraints(conf_check_member(p, d, "$", "constraints", CONF_JT_ARRAY, 0), p);
    json_t *eps = conf_check_member(p, d, "$", "endpoints", CONF_JT_OBJECT, 1);
    json_t *s = conf_check_member(p, eps, "$.endpoints", "srcs", CONF_JT_ARRAY, 0);
    json_t *t = conf_check_member(p, eps, "$.endpoints", "dsts", CONF_JT_ARRAY, 0);
    v_typed_array(s, "$.endpoints.srcs", p);
    v_typed_array(t, "$.endpoints.dsts", p);
    if (eps && json_array_size(s) == 0 && json_array_size(t) == 0)
        conf_prob(p, "$.endpoints", "srcs or dsts non-empty", "both empty", "source and destination lists are both empty");
    return p->n - n0;
}

/* ---- network map lookups ----------------------------------------------------- */

/* The one longest-prefix match (lib/alto_netmap.c: longest first, equal
 * lengths in the map's PID order); the PID name is a key of d. */
const char *conf_netmap_lookup(const json_t *d, const char *typed) {
    alto_netmap *m = alto_netmap_new(d);
    const char *pid = alto_netmap_pid_typed(m, typed);
    alto_netmap_free(m);
    return pid;
}

void conf_netmap_samples(const json_t *d, json_t *arr, size_t max) {
    const char *pid;
    json_t *g;
    json_object_foreach(json_object_get(d, "network-map"), pid, g) {
        if (json_array_size(arr) >= max) return;
        for (int fam = 4; fam <= 6; fam += 2) {
            json_t *x = json_array_get(json_object_get(g, fam == 4 ? "ipv4" : "ipv6"), 0);
            alto_prefix pf;
            if (!json_is_string(x) || alto_prefix_parse(json_string_value(x), fam, 0, &pf) < 0)
                continue;
            alto_addr a = pf.addr;
            int bits = fam == 4 ? 32 : 128;
            if (pf.len < bits) a.b[fam == 4 ? 3 : 15] |= 1;   /* a host inside */
            char buf[80];
            json_array_append_new(arr, json_string(alto_addr_fmt_typed(&a, buf, sizeof buf)));
            break;
        }
    }
}

int conf_netmap_sample_v6(const json_t *d, json_t *arr) {
    /* The longest IPv6 prefix of the map: a real PID rather than the
     * catch-all ::/0 when there is one. */
    alto_prefix best = {0};
    int found = 0;
    const char *pid;
    json_t *g;
    json_object_foreach(json_object_get(d, "network-map"), pid, g) {
        size_t i;
        json_t *x;
        json_array_foreach(json_object_get(g, "ipv6"), i, x) {
            alto_prefix pf;
            if (!json_is_string(x) || alto_prefix_parse(json_string_value(x), 6, 0, &pf) < 0) continue;
            if (!found || pf.len > best.len) best = pf;
            found = 1;
        }
    }
    if (!found) return 0;
    alto_addr a = best.addr;
    if (best.len < 128) a.b[15] |= 1;
    char buf[80];
    json_array_append_new(arr, json_string(alto_addr_fmt_typed(&a, buf, sizeof buf)));
    return 1;
}
