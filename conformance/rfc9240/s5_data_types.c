/* s5_data_types.c: RFC 9240 section 5 on the wire: the syntax of every
 * entity identifier in an answer (5.1.3, with the identifier rules of
 * sections 6.1.1.2, 6.1.2.2 and 6.2.2). */
#include <stdio.h>
#include <string.h>
#include "rfc9240.h"

/* The whole map of r: GET, or POST of every entity and property. */
static json_t *whole(conf_ctx *c, const conf_res *r) {
    return r92_answer(c, r, NULL);
}

void r9240_entity_ids(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, -1) {
        json_t *pm = whole(c, r);
        const char *k;
        json_t *v;
        json_object_foreach(pm, k, v) {
            conf_upm_ent e;
            const char *why;
            conf_checked(conf_pb(c), 1);
            char path[CONF_PATH_MAX];
            conf_path_key(path, "property-map", k);
            if (!conf_upm_entity(k, &e, &why))
                conf_prob(conf_pb(c), path, "an EntityID of its domain's syntax", k, "%s: %s", r->id, why);
        }
        if (pm && !json_object_size(pm)) conf_empty(c, "the property map of %s is empty", r->id);
    }
}


