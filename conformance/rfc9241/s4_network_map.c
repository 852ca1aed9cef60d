/* s4_network_map.c: RFC 9241 section 4.1, "altopid" footprints: an
 * advertisement using them depends on a network map, which its IRD entry
 * "uses" and its answer names in dependent-vtags with the map's current
 * tag, and its PID names are PIDs of that map.  Judged on every full
 * advertisement whose answer has an altopid footprint. */
#include <string.h>
#include "rfc9241.h"
#include "conf_check.h"

/* The network map of r's uses (a control fetch), or NULL (SKIP/ERROR or
 * a problem recorded when required). */
static const conf_res *used_netmap(const conf_res *r, const conf_ird *d) { return conf_ird_uses_netmap(d, r); }

static json_t *altopid_doc(conf_ctx *c, const conf_res *r) {
    json_t *doc = c9_get(c, r);
    if (doc && !c9_has_altopid(doc)) {
        conf_empty(c, "no CDNI advertisement has an altopid footprint");
        return NULL;
    }
    return doc;
}

static void uses_netmap(conf_ctx *c, const conf_res *r) {
    if (!altopid_doc(c, r)) return;
    conf_checked(conf_pb(c), 1);
    if (!used_netmap(r, &c->s->ird))
        conf_prob(conf_pb(c), "IRD uses", "the network map the altopid footprints name",
                  r->uses ? conf_jshow(r->uses) : "(absent)",
                  "%s has altopid footprints but its uses names no network map", r->id);
}
void r9241_uses_netmap(conf_ctx *c) { c9_each(c, C9_FULL, uses_netmap); }

static void netmap_dependent_vtags(conf_ctx *c, const conf_res *r) {
    json_t *doc = altopid_doc(c, r);
    if (!doc) return;
    conf_xchg *x = conf_get(c, r);
    const conf_res *nm = used_netmap(r, &c->s->ird);
    if (!nm) { conf_set(c, CONF_SKIP, "%s uses no network map (rfc9241/4.1/uses-netmap judges that)", r->id); return; }
    json_t *map = c9_get_control(c, nm);
    if (!map) return;
    conf_focus(c, x);
    json_t *want = json_object_get(json_object_get(map, "meta"), "vtag"), *t;
    size_t i;
    int ok = 0;
    json_array_foreach(json_object_get(json_object_get(doc, "meta"), "dependent-vtags"), i, t)
        ok = ok || (json_equal(json_object_get(t, "resource-id"), json_object_get(want, "resource-id")) &&
                    json_equal(json_object_get(t, "tag"), json_object_get(want, "tag")));
    conf_checked(conf_pb(c), 1);
    if (!ok)
        conf_prob(conf_pb(c), "$.meta.dependent-vtags", conf_jshow(want),
                  conf_jshow(json_object_get(json_object_get(doc, "meta"), "dependent-vtags")),
                  "the answer of %s does not name the current vtag of network map %s", r->id, nm->id);
}
void r9241_netmap_dependent_vtags(conf_ctx *c) { c9_each(c, C9_FULL, netmap_dependent_vtags); }

static void altopid_defined(conf_ctx *c, const conf_res *r) {
    json_t *doc = altopid_doc(c, r);
    if (!doc) return;
    conf_xchg *x = conf_get(c, r);
    const conf_res *nm = used_netmap(r, &c->s->ird);
    if (!nm) { conf_set(c, CONF_SKIP, "%s uses no network map to look the PIDs up in", r->id); return; }
    json_t *map = c9_get_control(c, nm);
    if (!map) return;
    conf_focus(c, x);
    json_t *pids = json_object_get(map, "network-map");
    size_t i, j, k;
    json_t *o, *fp, *v;
    json_array_foreach(c9_objects(doc), i, o)
        json_array_foreach(json_object_get(o, "footprints"), j, fp) {
            const char *t = json_string_value(json_object_get(fp, "footprint-type"));
            if (!t || strcmp(t, "altopid")) continue;
            json_array_foreach(json_object_get(fp, "footprint-value"), k, v) {
                conf_checked(conf_pb(c), 1);
                if (!json_is_string(v) || !json_object_get(pids, json_string_value(v)))
                    conf_prob(conf_pb(c), "footprint-value", "a PID of network map", conf_jshow(v),
                              "altopid %s is not a PID of %s", conf_jshow(v), nm->id);
            }
        }
}
void r9241_altopid_defined(conf_ctx *c) { c9_each(c, C9_FULL, altopid_defined); }
