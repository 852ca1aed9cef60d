/* s3_2_cost_mode_encoding.c: RFC 9274 section 3.2, the cost mode string
 * every cost type of every IRD carries (meta.cost-types): at most 32
 * characters of [A-Za-z0-9-:_], and either registered (numerical,
 * ordinal, array) or "priv:"-prefixed.  conf_syn_cost_mode() is the one
 * rule; this file applies it to every IRD of the closure. */
#include <stdio.h>
#include "rfc9274.h"
#include "conf_check.h"

void r9274_cost_mode_encoding(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    int seen = 0;
    for (int k = 0; k < d->nirds; k++) {
        json_t *types = json_object_get(json_object_get(d->irds[k].doc, "meta"), "cost-types");
        const char *name;
        json_t *ct;
        if (!d->irds[k].doc) continue;
        conf_focus(c, d->irds[k].x);
        json_object_foreach(types, name, ct) {
            const char *mode = json_string_value(json_object_get(ct, "cost-mode")), *why = "";
            char path[300];
            snprintf(path, sizeof path, "meta/cost-types/%s/cost-mode", name);
            seen = 1;
            conf_checked(conf_pb(c), 1);
            if (!mode)
                conf_prob(conf_pb(c), path, "a string", "(absent or not a string)", "no cost mode");
            else if (!conf_syn_cost_mode(mode, &why))
                conf_prob(conf_pb(c), path, "numerical, ordinal, array or priv:...", mode, "%s %s", mode, why);
        }
    }
    if (!seen) conf_empty(c, "the IRD defines no cost types");
}
