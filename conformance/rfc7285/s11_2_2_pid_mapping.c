/* s11_2_2_pid_mapping.c: RFC 7285 section 11.2.2 (Mapping IP Addresses to
 * PIDs): completeness, no identical prefix in two PIDs, and the endpoint
 * "pid" property as the longest-prefix match computed here from the same
 * map the server published. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

void r7285_completeness(conf_ctx *c) { r7_each_map(c, CONF_SVC_NETMAP, conf_v_netmap_complete); }
void r7285_non_overlapping(conf_ctx *c) { r7_each_map(c, CONF_SVC_NETMAP, conf_v_netmap_overlap); }

void r7285_pid_lpm(conf_ctx *c) {
    R7_EP_EACH(c, e) {
        json_t *b = r7_ep_query(c, &e, e.eps);
        if (!b) continue;
        size_t i;
        json_t *a;
        char path[CONF_PATH_MAX];
        json_array_foreach(e.eps, i, a) {
            const char *addr = json_string_value(a);
            const char *want = conf_netmap_lookup(e.nmbody, addr);
            json_t *got = json_object_get(json_object_get(json_object_get(b, "endpoint-properties"), addr), e.prop);
            conf_path_key(path, "$.endpoint-properties", addr);
            conf_path_key(path, path, e.prop);
            if (!want) continue;    /* not in any PID: the map's completeness problem */
            conf_ctx_checked(c, 1);
            if (json_is_string(got) && !strcmp(json_string_value(got), want)) continue;
            conf_prob(conf_pb(c), path, want, conf_jshow(got),
                      "pid of %s is %s, longest-prefix match on %s gives %s", addr, conf_jshow(got), e.nm->id, want);
        }
    }
}
