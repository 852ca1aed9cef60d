/* s11_2_1_network_map.c: RFC 7285 section 11.2.1 (Network Map): one is
 * provided, its media type, its vtag.  Every GET network map of the
 * closure is judged, not only the default one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

void r7285_netmap_vtag(conf_ctx *c) { r7_each_map(c, CONF_SVC_NETMAP, conf_v_netmap_vtag); }

void r7285_vtag_resource_id(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_NETMAP, r) {
        json_t *body = conf_ok(c, conf_get(c, r));
        const char *rid = json_string_value(json_object_get(json_object_get(json_object_get(body, "meta"), "vtag"), "resource-id"));
        if (!body) continue;
        if (!rid) { conf_set(c, CONF_ERROR, "no vtag.resource-id to judge (see rfc7285/11.2.1.6/vtag)"); continue; }
        conf_ctx_checked(c, 1);
        if (strcmp(rid, r->id))
            conf_prob(conf_pb(c), "$.meta.vtag.resource-id", r->id, rid,
                      "vtag resource-id is \"%s\", but the IRD calls this network map \"%s\"", rid, r->id);
    }
}

void r7285_network_map_provided(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    if (!d->irds[0].doc) { conf_set(c, CONF_ERROR, "the root IRD is unusable"); return; }
    r7_focus_irds(c);
    conf_ctx_checked(c, 1);
    if (!conf_ird_nth(d, CONF_SVC_NETMAP, 0))
        conf_prob(conf_pb(c), "$.resources", "a resource with media-type " M_NETMAP " and no accepts",
                  "none", "the IRD closure defines no (GET) network map");
}
