/* s10_basic_data_types.c: RFC 7285 section 10 (Basic Data Types): the
 * syntaxes of PID names, resource ids, vtags, address types, prefixes,
 * cost types and endpoint property names, judged where they appear (every
 * GET network map and every IRD of the closure). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

static int v_netmap_shape_first(const json_t *d, conf_probs *p) {
    return conf_v_netmap_shape(d, p);
}

void r7285_pid_names(conf_ctx *c) { r7_each_map(c, CONF_SVC_NETMAP, conf_v_netmap_pidnames); }
void r7285_registered_address_types(conf_ctx *c) { r7_each_map(c, CONF_SVC_NETMAP, conf_v_netmap_addrtypes); }

static int v_prefixes(const json_t *d, conf_probs *p) {
    v_netmap_shape_first(d, p);
    return conf_v_netmap_prefixes(d, p);
}
void r7285_prefixes(conf_ctx *c) { r7_each_map(c, CONF_SVC_NETMAP, v_prefixes); }

void r7285_vtag_tag(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_NETMAP, r) {
        json_t *body = conf_ok(c, conf_get(c, r));
        if (!body) continue;
        json_t *tag = json_object_get(json_object_get(json_object_get(body, "meta"), "vtag"), "tag");
        const char *why;
        if (!json_is_string(tag))
            conf_set(c, CONF_ERROR, "network map %s has no vtag.tag to judge (see rfc7285/11.2.1.6/vtag)", r->id);
        else if (conf_ctx_checked(c, 1), !conf_syn_tag(json_string_value(tag), &why))
            conf_prob(conf_pb(c), "$.meta.vtag.tag", "<= 64 characters in U+0021..U+007E",
                      json_string_value(tag), "vtag tag %s", why);
    }
}
void r7285_ird_cost_types(conf_ctx *c) { r7_each_ird(c, conf_v_ird_cost_types); }
void r7285_resource_ids(conf_ctx *c) { r7_each_ird(c, conf_v_ird_resource_ids); }

/* 10.8.1 / 10.8.2: the endpoint property names a service offers. */
void r7285_property_names(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_EPROP, r) {
        conf_focus(c, c->s->ird.irds[r->ird].x);
        size_t i;
        json_t *p;
        json_array_foreach(json_object_get(r->caps, "prop-types"), i, p) {
            const char *s = json_string_value(p), *why = NULL;
            if (!s) continue;                       /* rfc7285/11.3.2.4/capabilities' problem */
            conf_ctx_checked(c, 1);
            const char *dot = strchr(s, '.');
            char rid[80] = "";
            if (dot && (size_t)(dot - s) < sizeof rid) {
                memcpy(rid, s, (size_t)(dot - s));
                rid[dot - s] = '\0';
            }
            if (dot && !conf_syn_pidname(rid, &why))
                why = "has a part before '.' that is not a resource ID (10.8.1)";
            else if (!conf_syn_prop_type(dot ? dot + 1 : s, &why))
                ;
            else
                continue;
            char path[CONF_PATH_MAX];
            conf_path_key(path, "$.resources", r->id);
            conf_path_key(path, path, "capabilities");
            conf_path_key(path, path, "prop-types");
            conf_path_idx(path, path, i);
            conf_prob(conf_pb(c), path, "an EndpointPropertyType (<= 32 of [A-Za-z0-9-:_], not \"priv:\" alone)", s,
                      "endpoint property \"%s\" %s", s, why);
        }
    }
}
