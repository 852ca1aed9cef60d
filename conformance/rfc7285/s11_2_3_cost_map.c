/* s11_2_3_cost_map.c: RFC 7285 section 11.2.3 (Cost Map): routingcost
 * offered, media type, capabilities (cost-type-names), the cost type /
 * network map key, and the response (dependent-vtags, cost-type, PIDs,
 * numbers).  Every GET cost map of the closure is judged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

/* ---- cost maps ---------------------------------------------------------- */

void r7285_costmap_dependent_vtags(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_COSTMAP, r) {
        json_t *body = conf_ok(c, conf_get(c, r));
        if (!body) continue;
        if (conf_v_dvtags(body, 1, conf_pb(c))) continue;
        const conf_res *nmr;
        json_t *nm = r7_netmap(c, r, &nmr);
        if (!nm) continue;
        json_t *want = json_object_get(json_object_get(nm, "meta"), "vtag");
        json_t *got = json_array_get(json_object_get(json_object_get(body, "meta"), "dependent-vtags"), 0);
        conf_focus(c, conf_get(c, r));
        if (r7_vtag_equal(want, got)) continue;
        char w[300];
        snprintf(w, sizeof w, "%s", conf_jshow(want));
        conf_prob(conf_pb(c), "$.meta.dependent-vtags[0]", w, conf_jshow(got),
                  "cost map %s depends on vtag %s, but network map %s has vtag %s", r->id, conf_jshow(got), nmr->id, w);
    }
}

void r7285_costmap_cost_type(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_COSTMAP, r) {
        json_t *body = conf_ok(c, conf_get(c, r));
        if (!body || conf_v_meta_cost_type(body, conf_pb(c))) continue;
        json_t *want = r7_cost_type(c, r, 0);
        json_t *got = json_object_get(json_object_get(body, "meta"), "cost-type");
        if (!want) conf_empty(c, "%s names no cost type defined in the IRD to compare with", r->id);
        if (want && !r7_same_cost_type(want, got)) {
            char w[300];
            snprintf(w, sizeof w, "%s", conf_jshow(want));
            conf_prob(conf_pb(c), "$.meta.cost-type", w, conf_jshow(got),
                      "cost map %s says cost type %s, the IRD says %s", r->id, conf_jshow(got), w);
        }
        json_decref(want);
    }
}

void r7285_pids_defined(conf_ctx *c) {
    const conf_res *r;
    R7_EACH(c, CONF_SVC_COSTMAP, r) {
        json_t *nm = r7_netmap(c, r, NULL);
        json_t *body = nm ? conf_ok(c, conf_get(c, r)) : NULL;
        if (body) conf_v_costmap_pids_defined(body, nm, conf_pb(c));
        if (body && !json_object_size(json_object_get(body, "cost-map")))
            conf_empty(c, "the cost map %s is empty", r->id);
    }
}

void r7285_numbers(conf_ctx *c) { r7_each_map(c, CONF_SVC_COSTMAP, conf_v_costmap_shape_numbers); }
void r7285_cost_type_names_defined(conf_ctx *c) { r7_each_ird(c, conf_v_ird_cost_type_names); }
void r7285_single_cost_type(conf_ctx *c) { r7_each_ird(c, conf_v_ird_costmap_single); }

void r7285_routingcost(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    const conf_res *r;
    r7_focus_irds(c);
    conf_ctx_checked(c, 1);
    R7_EACH(c, CONF_SVC_COSTMAP, r) {
        json_t *ct = r7_cost_type(c, r, 0);
        int rc = ct && !strcmp(json_string_value(json_object_get(ct, "cost-metric")), "routingcost");
        json_decref(ct);
        if (rc) return;
    }
    conf_focus(c, d->irds[0].x);
    conf_prob(conf_pb(c), "$.resources", "a GET cost map with cost-metric \"routingcost\"", "none",
              "no GET cost map in the closure offers the routingcost metric");
}

/* Linear: (cost metric, cost mode, network map) -> the first cost map. */
void r7285_unique_key(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    const conf_res *a;
    json_t *seen = json_object();
    r7_focus_irds(c);
    R7_EACH(c, CONF_SVC_COSTMAP, a) {
        json_t *cta = r7_cost_type(c, a, 0);
        conf_ctx_checked(c, cta != NULL);
        const conf_res *na = conf_ird_uses_netmap(d, a);
        const char *metric = json_string_value(json_object_get(cta, "cost-metric"));
        const char *mode = json_string_value(json_object_get(cta, "cost-mode"));
        if (cta && na && metric && mode) {
            char key[1024];
            snprintf(key, sizeof key, "%s\n%s\n%s", metric, mode, na->id);
            const char *bid = json_string_value(json_object_get(seen, key));
            if (!bid) {
                json_object_set_new(seen, key, json_string(a->id));
            } else {
                char act[300];
                snprintf(act, sizeof act, "%s and %s", a->id, bid);
                conf_focus(c, d->irds[a->ird].x);
                conf_prob(conf_pb(c), "$.resources", "one cost map per (cost type, network map)", act,
                          "cost maps %s and %s share cost type %s/%s and network map %s", a->id, bid,
                          metric, mode, na->id);
            }
        }
        json_decref(cta);
    }
    json_decref(seen);
}
