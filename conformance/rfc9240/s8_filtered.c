/* s8_filtered.c: RFC 9240 section 8 (filtered property maps) and the
 * inheritance rule of section 6.1.3 as a filtered answer shows it.
 *
 * Every value is judged by reading maps the way section 6.1.3 tells a
 * client to: the value of a property for an address is that of the
 * longest prefix that defines it.  A filtered answer, read so, must give
 * each asked entity (and each more specific entity inside an asked prefix)
 * the value the server's reference map gives it (util.c r92_reference).
 * Probes are addresses inside the map's prefixes that are not entities of
 * their own, so only inheritance can give them a value. */
#include <stdio.h>
#include <string.h>
#include "rfc9240.h"



void r9240_covered(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, 1) {
        json_t *mp = r92_mappings(r), *ref = mp ? r92_reference(c, r) : NULL;
        if (!ref) continue;
        conf_upm_ent all[256], in[M92_PROBES];
        int na = r92_ref_addrs(ref, mp, 0, all, 256), best = -1, nin = 0;
        /* The longest prefix with more specific entities inside. */
        for (int i = 0; i < na; i++)
            for (int j = 0; j < na; j++)
                if (i != j && !strcmp(all[i].domain, all[j].domain) && all[j].p.len > all[i].p.len &&
                    alto_prefix_contains(&all[i].p, &all[j].p.addr) &&
                    (best < 0 || all[i].p.len > all[best].p.len)) best = i;
        if (best < 0) {
            conf_empty(c, "%s: no prefix of the reference map holds a more specific entity", r->id);
            continue;
        }
        for (int j = 0; j < na && nin < M92_PROBES; j++)
            if (j != best && !strcmp(all[j].domain, all[best].domain) && all[j].p.len > all[best].p.len &&
                alto_prefix_contains(&all[best].p, &all[j].p.addr)) in[nin++] = all[j];
        char pname[120], cname[120];
        r92_ent_name(&all[best], &all[best].p, pname, sizeof pname);
        json_t *ans = r92_query(c, r, json_pack("{s:[s], s:O}", "entities", pname, "properties",
                                                json_object_get(mp, all[best].domain)), NULL);
        if (!ans) continue;
        r92_index *ri = r92_index_new(ref), *ai = r92_index_new(ans);
        r92_agree(c, r, mp, ri, ai, &all[best], pname);
        for (int j = 0; j < nin; j++) {
            r92_ent_name(&in[j], &in[j].p, cname, sizeof cname);
            r92_agree(c, r, mp, ri, ai, &in[j], cname);
        }
        r92_index_free(ri);
        r92_index_free(ai);
    }
}

/* 1 if answer key k is asked (same entity) or inside an asked prefix. */
static int asked_for(const char *k, const json_t *ents) {
    conf_upm_ent e, a;
    const char *why;
    if (!conf_upm_entity(k, &e, &why)) return 0;
    size_t i;
    json_t *v;
    json_array_foreach(ents, i, v) {
        if (!conf_upm_entity(json_string_value(v), &a, &why) || strcmp(a.domain, e.domain)) continue;
        if (!e.family ? !strcmp(a.ident, e.ident)
                      : a.p.len <= e.p.len && alto_prefix_contains(&a.p, &e.p.addr))
            return 1;
    }
    return 0;
}

void r9240_only_requested(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, 1) {
        json_t *mp = r92_mappings(r), *ref = mp ? r92_reference(c, r) : NULL;
        if (!ref) continue;
        json_t *ents = json_array();
        const char *k, *prop = NULL;
        json_t *v;
        json_object_foreach(ref, k, v) {
            conf_upm_ent e;
            const char *why;
            if (json_array_size(ents) == 4 || !conf_upm_entity(k, &e, &why)) continue;
            json_t *l = json_object_get(mp, e.domain);
            if (!prop) prop = json_string_value(json_array_get(l, 0));
            if (l) json_array_append_new(ents, json_string(k));
        }
        if (!prop) {
            json_decref(ents);
            conf_empty(c, "%s: the reference map has no entity to ask for", r->id);
            continue;
        }
        json_t *ans = r92_query(c, r, json_pack("{s:O, s:[s]}", "entities", ents, "properties", prop), NULL);
        json_t *props;
        json_object_foreach(ans, k, props) {
            char path[CONF_PATH_MAX];
            conf_path_key(path, "property-map", k);
            conf_checked(conf_pb(c), 1);
            if (!asked_for(k, ents))
                conf_prob(conf_pb(c), path, "an asked entity or one inside an asked prefix", k,
                          "%s answers an entity that was not asked for", r->id);
            const char *pn;
            json_t *pv;
            json_object_foreach(props, pn, pv)
                if (strcmp(pn, prop))
                    conf_prob(conf_pb(c), path, prop, pn, "%s answers a property that was not asked for", r->id);
        }
        if (ans && !json_object_size(ans)) conf_empty(c, "%s answered no entity", r->id);
        json_decref(ents);
    }
}

void r9240_empty_entities(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, 1) {
        json_t *mp = r92_mappings(r), *full = NULL;
        const conf_res *g;
        R92_EACH(c, g, 0)
            if (mp && r92_mappings(g) && json_equal(r92_mappings(g), mp)) {
                json_t *doc = conf_control(c, conf_get(c, g));
                full = doc ? json_object_get(doc, "property-map") : NULL;
                break;
            }
        if (!json_is_object(full)) {
            conf_empty(c, "%s: no full property map with the same mappings to compare with", r->id);
            continue;
        }
        json_t *ans = r92_query(c, r, json_pack("{s:[], s:o}", "entities", "properties",
                                                r92_all_props(mp)), NULL);
        const char *k;
        json_t *props;
        json_object_foreach(full, k, props) {
            if (!ans) break;
            conf_upm_ent e;
            const char *why;
            if (!json_object_size(props) || !conf_upm_entity(k, &e, &why)) continue;
            conf_checked(conf_pb(c), 1);
            if (!json_object_get(ans, k)) {
                char path[CONF_PATH_MAX];
                conf_path_key(path, "property-map", k);
                conf_prob(conf_pb(c), path, "present", "(absent)", "%s: \"entities\": [] must mean every "
                          "entity of the map, but %s of the full map is missing", r->id, k);
            }
        }
    }
}

void r9240_properties_absent(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, 1) {
        json_t *mp = r92_mappings(r), *ref = mp ? r92_reference(c, r) : NULL;
        if (!ref) continue;
        json_t *ents = json_array();
        const char *k;
        json_t *v;
        json_object_foreach(ref, k, v)
            if (json_array_size(ents) < 4 && json_object_size(v)) json_array_append_new(ents, json_string(k));
        json_t *ans = r92_query(c, r, json_pack("{s:o}", "entities", ents), NULL);
        json_object_foreach(ans, k, v) {
            char path[CONF_PATH_MAX];
            conf_path_key(path, "property-map", k);
            conf_checked(conf_pb(c), 1);
            if (!json_is_object(v) || json_object_size(v))
                conf_prob(conf_pb(c), path, "{}", conf_jshow(v),
                          "without \"properties\" each answered entity's value is {}");
        }
        if (ans && !json_object_size(ans)) conf_empty(c, "%s answered no entity", r->id);
    }
}

void r9240_filtered_dependent_vtags(conf_ctx *c) { r92_dvtags_rows(c, 1); }

/* ---- section 8.6 errors, and 8.7 ---- */

void r9240_missing_entities(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, 1) {
        json_t *mp = r92_mappings(r);
        json_t *props = mp ? r92_all_props(mp) : json_array();
        conf_expect_alto_error(c, conf_post(c, r, json_pack("{s:o}", "properties", props)),
                         "E_MISSING_FIELD", NULL);
    }
}

/* value SHOULD name the offender (8.6): a soft problem when it does not. */
static void expect_invalid(conf_ctx *c, const conf_res *r, json_t *body, const char *field,
                           const char *value) {
    conf_xchg *x = conf_post(c, r, body);
    int before = conf_pb(c)->n;
    conf_expect_alto_error(c, x, "E_INVALID_FIELD_VALUE", field);
    if (conf_pb(c)->n != before || !json_is_object(x->json)) return;
    const char *v = json_string_value(json_object_get(json_object_get(x->json, "meta"), "value"));
    if (!v || strcmp(v, value))
        conf_prob_soft(conf_pb(c), "meta/value", value, v ? v : "(none)",
                       "the error SHOULD name the invalid %s", field);
}

/* A malformed identifier for a domain mapped by mp, or NULL. */
static const char *malformed(const json_t *mp, char *buf, size_t n) {
    const char *d;
    json_t *l;
    json_object_foreach((json_t *)mp, d, l) {
        const char *dot = strrchr(d, '.'), *t = dot ? dot + 1 : d;
        if (!strcmp(t, "ipv4")) snprintf(buf, n, "%s:10.0.0.300", d);
        else if (!strcmp(t, "ipv6")) snprintf(buf, n, "%s:2001:db8::zz", d);
        else if (!strcmp(t, "pid")) snprintf(buf, n, "%s:not a PID!", d);
        else if (!strcmp(t, "asn")) snprintf(buf, n, "%s:AS064500", d);
        else if (!strcmp(t, "countrycode")) snprintf(buf, n, "%s:FRA", d);
        else continue;
        return buf;
    }
    return NULL;
}

void r9240_invalid_entity(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, 1) {
        char bad[200];
        json_t *mp = r92_mappings(r);
        if (!mp || !malformed(mp, bad, sizeof bad)) {
            conf_empty(c, "%s maps no domain of a type whose identifiers this RFC defines", r->id);
            continue;
        }
        expect_invalid(c, r, json_pack("{s:[s]}", "entities", bad), "entities", bad);
    }
}

void r9240_unknown_domain(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, 1) {
        /* "pid" alone names no network map: never a domain a map can have. */
        const char *bad = "pid:altospec-no-resource-id";
        json_t *mp = r92_mappings(r);
        if (mp && json_object_get(mp, "pid")) bad = "priv:altospec-unmapped:x";
        expect_invalid(c, r, json_pack("{s:[s]}", "entities", bad), "entities", bad);
    }
}

void r9240_unknown_property(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, 1) {
        const char *bad = "priv:altospec-unmapped";
        expect_invalid(c, r, json_pack("{s:[], s:[s]}", "entities", "properties", bad), "properties", bad);
    }
}

/* A well-formed identifier of domain d that no map is likely to define. */
static void undefined_id(const char *d, char *buf, size_t n) {
    const char *dot = strrchr(d, '.'), *t = dot ? dot + 1 : d;
    if (!strcmp(t, "ipv4")) snprintf(buf, n, "%s:192.0.2.233", d);
    else if (!strcmp(t, "ipv6")) snprintf(buf, n, "%s:2001:db8:ffff::233", d);
    else if (!strcmp(t, "asn")) snprintf(buf, n, "%s:as4294967294", d);
    else if (!strcmp(t, "countrycode")) snprintf(buf, n, "%s:zz", d);
    else snprintf(buf, n, "%s:altospec-undefined-entity", d);
}

void r9240_valid_undefined(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, 1) {
        json_t *mp = r92_mappings(r), *ents = json_array();
        const char *d;
        json_t *l;
        char id[200];
        json_object_foreach(mp, d, l) {
            undefined_id(d, id, sizeof id);
            json_array_append_new(ents, json_string(id));
        }
        if (!json_array_size(ents)) {
            json_decref(ents);
            conf_empty(c, "%s maps no entity domain", r->id);
            continue;
        }
        conf_xchg *x;
        if (r92_query(c, r, json_pack("{s:o, s:o}", "entities", ents, "properties", r92_all_props(mp)), &x))
            conf_checked(conf_pb(c), (int)json_object_size(mp));
    }
}

void r9240_pid_values(conf_ctx *c) {
    const conf_res *r;
    R92_EACH(c, r, 1) {
        json_t *mp = r92_mappings(r);
        const char *d;
        json_t *l, *v;
        size_t i;
        json_object_foreach(mp, d, l) {
            if (strcmp(d, "ipv4") && strcmp(d, "ipv6")) continue;
            json_array_foreach(l, i, v) {
                const char *prop = json_string_value(v);
                size_t pn = prop ? strlen(prop) : 0;
                if (pn < 5 || strcmp(prop + pn - 4, ".pid")) continue;
                char rid[80];
                snprintf(rid, sizeof rid, "%.*s", (int)(pn - 4), prop);
                const conf_res *nm = conf_ird_find(&c->s->ird, rid);
                if (!nm || nm->svc != CONF_SVC_NETMAP) continue;   /* the defining-resources row's */
                json_t *map = conf_control(c, conf_get(c, nm));
                if (!map) return;
                json_t *eps = json_array(), *ents = json_array();
                conf_netmap_samples(map, eps, M92_PROBES);
                size_t k;
                json_t *ep;
                json_array_foreach(eps, k, ep)
                    if (!strncmp(json_string_value(ep), d, 4)) json_array_append(ents, ep);
                json_decref(eps);
                json_t *ans = r92_query(c, r, json_pack("{s:O, s:[s]}", "entities", ents, "properties", prop), NULL);
                r92_index *ai = ans ? r92_index_new(ans) : NULL;
                json_array_foreach(ents, k, ep) {
                    conf_upm_ent e;
                    const char *why;
                    if (!ans || !conf_upm_entity(json_string_value(ep), &e, &why)) break;
                    const char *want = conf_netmap_lookup(map, json_string_value(ep));
                    const char *got = json_string_value(r92_lpm(ai, &e, prop));
                    conf_checked(conf_pb(c), 1);
                    if (want && (!got || strcmp(want, got))) {
                        char path[CONF_PATH_MAX];
                        conf_path_key(path, "property-map", json_string_value(ep));
                        conf_prob(conf_pb(c), path, want, got ? got : "(no value)",
                                  "%s: %s of %s is not the PID that network map %s gives it",
                                  r->id, prop, json_string_value(ep), rid);
                    }
                }
                r92_index_free(ai);
                json_decref(ents);
            }
        }
    }
}
