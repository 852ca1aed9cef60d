/* s6_entity_domains.c: RFC 9240 section 6.1.3, the inheritance of the
 * Internet address domains, as a filtered answer shows it: probes are the
 * last addresses of the reference map's prefixes (not entities of their
 * own, so only inheritance gives them values), and each must get, read by
 * longest prefix, the value the reference map gives it.  A server that
 * answers only explicit values, or inherits from the shortest prefix,
 * fails. */
#include <stdio.h>
#include <string.h>
#include "rfc9240.h"

void r9240_inheritance(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, 1) {
        json_t *mp = r92_mappings(r), *ref = mp ? r92_reference(c, r) : NULL;
        if (!ref) continue;
        conf_upm_ent pre[M92_PROBES * 4], probe[M92_PROBES];
        char names[M92_PROBES][120];
        int np = r92_ref_addrs(ref, mp, 1, pre, M92_PROBES * 4), n = 0;
        json_t *ents = json_array();
        for (int i = 0; i < np && n < M92_PROBES; i++) {
            /* The last address of the prefix: inside it, rarely an entity. */
            probe[n] = pre[i];
            int bits = pre[i].family == 4 ? 32 : 128;
            for (int b = pre[i].p.len; b < bits; b++) probe[n].p.addr.b[b / 8] |= (uint8_t)(0x80 >> (b % 8));
            probe[n].p.len = bits;
            r92_ent_name(&probe[n], &probe[n].p, names[n], sizeof names[n]);
            if (json_object_get(ref, names[n])) continue;
            json_array_append_new(ents, json_string(names[n]));
            n++;
        }
        if (!n) {
            json_decref(ents);
            conf_empty(c, "%s: the reference map has no prefix to probe inside", r->id);
            continue;
        }
        json_t *ans = r92_query(c, r, json_pack("{s:o, s:o}", "entities", ents, "properties",
                                                r92_all_props(mp)), NULL);
        r92_index *ri = r92_index_new(ref), *ai = ans ? r92_index_new(ans) : NULL;
        for (int i = 0; ans && i < n; i++) r92_agree(c, r, mp, ri, ai, &probe[i], names[i]);
        r92_index_free(ri);
        r92_index_free(ai);
    }
}
