/* s11_4_1_endpoint_property.c: RFC 7285 section 11.4.1 (Endpoint
 * Property).
 *
 * Endpoints are chosen inside the PIDs of the network map (one host per
 * PID, plus an IPv6 address whenever the map holds IPv6 prefixes), so the
 * expected PID of each is the longest-prefix match computed from the same
 * map the server published. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

/* Linear: the prop-types every endpoint property resource offers, as one
 * set, then one lookup per network map. */
void r7285_pid_property(conf_ctx *c) {
    const conf_res *nm, *ep;
    json_t *offered = json_object();
    R7_EACH(c, CONF_SVC_EPROP, ep) {
        size_t i;
        json_t *p;
        json_array_foreach(json_object_get(ep->caps, "prop-types"), i, p)
            if (json_is_string(p)) json_object_set_new(offered, json_string_value(p), json_true());
    }
    r7_focus_irds(c);
    R7_EACH(c, CONF_SVC_NETMAP, nm) {
        conf_ctx_checked(c, 1);
        char want[160];
        snprintf(want, sizeof want, "%s.pid", nm->id);
        if (json_object_get(offered, want)) continue;
        conf_prob(conf_pb(c), "$.resources.*.capabilities.prop-types", want, "absent",
                  "no endpoint property resource offers \"%s\" for network map %s", want, nm->id);
    }
    json_decref(offered);
}

/* Request of the 11.4.1.1 data row: the pid property of the samples. */
json_t *r7_eprop_req_samples(conf_ctx *c, const conf_res *r) {
    r7_ep e;
    if (!r7_ep_begin(c, r, &e)) return NULL;
    json_t *b = r7_ep_req(&e, e.eps);
    json_decref(e.eps);
    return b;
}

void r7285_eprop_dependent_vtags(conf_ctx *c) {
    R7_EP_EACH(c, e) {
        json_t *b = r7_ep_query(c, &e, e.eps);
        if (!b || conf_v_dvtags(b, 0, conf_pb(c))) continue;
        json_t *want = json_object_get(json_object_get(e.nmbody, "meta"), "vtag");
        int found = 0;
        size_t i;
        json_t *vt;
        json_array_foreach(json_object_get(json_object_get(b, "meta"), "dependent-vtags"), i, vt)
            if (r7_vtag_equal(vt, want)) found = 1;
        if (!found) {
            char w[300];
            snprintf(w, sizeof w, "%s", conf_jshow(want));
            conf_prob(conf_pb(c), "$.meta.dependent-vtags", w,
                      conf_jshow(json_object_get(json_object_get(b, "meta"), "dependent-vtags")),
                      "dependent-vtags lacks the vtag of %s, whose pid was queried", e.nm->id);
        }
    }
}

void r7285_endpoints(conf_ctx *c) {
    R7_EP_EACH(c, e) {
        json_t *b = r7_ep_query(c, &e, e.eps);
        if (!b || conf_v_eprop_shape(b, conf_pb(c))) continue;
        r7_keys_equal(c, json_object_get(b, "endpoint-properties"), e.eps, "$.endpoint-properties", "endpoint");
    }
}

void r7285_eprop_duplicates(conf_ctx *c) {
    R7_EP_EACH(c, e) {
        json_t *plain = conf_control(c, conf_post(c, e.r, r7_ep_req(&e, e.eps)));
        if (!plain) continue;
        json_t *dup = json_array();
        json_array_extend(dup, e.eps);
        json_array_extend(dup, e.eps);
        json_t *b = conf_ok(c, conf_post(c, e.r, json_pack("{s[ss]so}", "properties", e.prop, e.prop, "endpoints", dup)));
        if (b) r7_same_entries(c, b, plain, "endpoint-properties", "duplicated properties and endpoints versus each once");
    }
}
