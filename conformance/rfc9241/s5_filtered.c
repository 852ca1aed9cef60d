/* s5_filtered.c: RFC 9241 section 5, the Filtered CDNI Advertisement
 * Service.  Every filtered answer is judged against the full
 * advertisement it filters (util.c c9_full_of, fetched as a control):
 * an empty filter is the full advertisement, a filter selects exactly the
 * objects of the same capability-type whose capability-value is a
 * superset of the asked one (5.6), duplicates count once, a capability
 * nobody offers is left out, the vtag is the full one's.  Invalid
 * filters (null capability-type, null or inconsistent capability-value)
 * must be E_INVALID_FIELD_VALUE, and SHOULD name the capability. */
#include <stdio.h>
#include <string.h>
#include "rfc9241.h"
#include "conf_check.h"

static json_t *filter_of(json_t *caps) { return json_pack("{s:o}", "cdni-capabilities", caps); }

/* The answer to cdni-capabilities caps (consumed), under test. */
static json_t *ask(conf_ctx *c, const conf_res *f, json_t *caps, conf_xchg **xo) {
    conf_xchg *x = conf_post(c, f, filter_of(caps));
    if (xo) *xo = x;
    return conf_ok(c, x);
}

/* The full advertisement of filtered f (control), and f's answer to []. */
static json_t *full_for(conf_ctx *c, const conf_res *f, json_t **empty_answer) {
    json_t *doc = ask(c, f, json_array(), NULL);
    if (empty_answer) *empty_answer = doc;
    if (!doc) return NULL;
    const conf_res *full = c9_full_of(c, f, doc);
    return full ? c9_get_control(c, full) : NULL;
}

static void filtered_media_type(conf_ctx *c, const conf_res *f) {
    conf_xchg *x;
    if (!ask(c, f, json_array(), &x)) return;
    conf_checked(conf_pb(c), 1);
    conf_check_media(conf_pb(c), x, M9_CDNI);
}
void r9241_filtered_media_type(conf_ctx *c) { c9_each(c, C9_FILTERED, filtered_media_type); }

static void same_as(conf_ctx *c, conf_xchg *x, const json_t *got, const json_t *want, const char *what) {
    conf_focus(c, x);
    conf_checked(conf_pb(c), 1);
    if (!c9_same_objects(c9_objects(got), want))
        conf_prob(conf_pb(c), "$.cdni-advertisement.capabilities-with-footprints", conf_jshow(want),
                  conf_jshow(c9_objects(got)), "%s", what);
}

static void empty_is_full(conf_ctx *c, const conf_res *f) {
    json_t *doc;
    json_t *full = full_for(c, f, &doc);
    if (!full) return;
    same_as(c, conf_post(c, f, filter_of(json_array())), doc, c9_objects(full),
            "an empty cdni-capabilities list is not answered with the full advertisement");
}
void r9241_empty_is_full(conf_ctx *c) { c9_each(c, C9_FILTERED, empty_is_full); }

static void duplicates(conf_ctx *c, const conf_res *f) {
    json_t *full = full_for(c, f, NULL);
    if (!full) return;
    json_t *cap = c9_first_cap(full);
    if (!cap) { conf_empty(c, "the advertisement %s filters has no capability to ask for", f->id); return; }
    conf_xchg *x;
    json_t *doc = ask(c, f, json_pack("[O, O]", cap, cap), &x);
    json_t *one = json_pack("[o]", cap);
    json_t *want = c9_expected(full, one);
    json_decref(one);
    if (doc) same_as(c, x, doc, want, "a capability listed twice is not answered as if listed once");
    json_decref(want);
}
void r9241_duplicates(conf_ctx *c) { c9_each(c, C9_FILTERED, duplicates); }

static void omit_undefined(conf_ctx *c, const conf_res *f) {
    json_t *full = full_for(c, f, NULL);
    if (!full) return;
    conf_xchg *x;
    json_t *doc = ask(c, f, json_pack("[{s:s, s:{s:[s]}}]", "capability-type", "FCI.DeliveryProtocol",
                                      "capability-value", "delivery-protocols", "altospec-probe/0.0"), &x);
    if (!doc) return;
    conf_checked(conf_pb(c), 1);
    if (json_array_size(c9_objects(doc)))
        conf_prob(conf_pb(c), "$.cdni-advertisement.capabilities-with-footprints", "[]",
                  conf_jshow(c9_objects(doc)), "a capability with no footprint (delivery protocol "
                  "altospec-probe/0.0) is not omitted");
}
void r9241_omit_undefined(conf_ctx *c) { c9_each(c, C9_FILTERED, omit_undefined); }

static void filtered_uses(conf_ctx *c, const conf_res *f) {
    json_t *doc = ask(c, f, json_array(), NULL);
    if (!doc) return;
    conf_checked(conf_pb(c), 1);
    if (!f->uses) return;
    json_t *dv = json_object_get(json_object_get(doc, "meta"), "dependent-vtags");
    if (!json_array_size(dv) && !c9_has_altopid(doc))
        conf_prob(conf_pb(c), "IRD uses", "no \"uses\" (the answer depends on nothing)", conf_jshow(f->uses),
                  "%s has \"uses\" but its answer has neither dependent-vtags nor altopid footprints", f->id);
}
void r9241_filtered_uses(conf_ctx *c) { c9_each(c, C9_FILTERED, filtered_uses); }

/* ---- invalid filters (5.6) ---- */

static conf_xchg *post_bad(conf_ctx *c, const conf_res *f, const char *which) {
    json_t *cap;
    if (!strcmp(which, "type"))
        cap = json_pack("{s:n, s:{s:[s]}}", "capability-type", "capability-value", "delivery-protocols", "http/1.1");
    else if (!strcmp(which, "value"))
        cap = json_pack("{s:s, s:n}", "capability-type", "FCI.DeliveryProtocol", "capability-value");
    else
        cap = json_pack("{s:s, s:s}", "capability-type", "FCI.DeliveryProtocol", "capability-value", "http/1.1");
    return conf_post(c, f, filter_of(json_pack("[o]", cap)));
}

static void null_type(conf_ctx *c, const conf_res *f) {
    conf_expect_alto_error(c, post_bad(c, f, "type"), "E_INVALID_FIELD_VALUE", NULL);
}
void r9241_null_type(conf_ctx *c) { c9_each(c, C9_FILTERED, null_type); }

static void null_value(conf_ctx *c, const conf_res *f) {
    conf_expect_alto_error(c, post_bad(c, f, "value"), "E_INVALID_FIELD_VALUE", NULL);
}
void r9241_null_value(conf_ctx *c) { c9_each(c, C9_FILTERED, null_value); }

static void inconsistent_value(conf_ctx *c, const conf_res *f) {
    conf_expect_alto_error(c, post_bad(c, f, "inconsistent"), "E_INVALID_FIELD_VALUE", NULL);
}
void r9241_inconsistent_value(conf_ctx *c) { c9_each(c, C9_FILTERED, inconsistent_value); }

static void error_value(conf_ctx *c, const conf_res *f) {
    conf_xchg *x = post_bad(c, f, "inconsistent");
    conf_focus(c, x);
    json_t *meta = json_object_get(x->json, "meta");
    if (x->resp.status < 400 || !json_is_object(meta)) {
        conf_empty(c, "%s did not answer the inconsistent filter with an ALTO error "
                   "(rfc9241/5.6/inconsistent-value judges that)", f->id);
        return;
    }
    const char *v = json_string_value(json_object_get(meta, "value"));
    conf_checked(conf_pb(c), 1);
    if (!v || !strstr(v, "FCI.DeliveryProtocol"))
        conf_prob(conf_pb(c), "meta/value", "the capability (FCI.DeliveryProtocol, \"http/1.1\")",
                  v ? v : "(absent)", "the error value does not indicate the CDNI capability");
}
void r9241_error_value(conf_ctx *c) { c9_each(c, C9_FILTERED, error_value); }

/* ---- the selection itself ---- */

/* A narrower ask than o: each list of its value cut to its first element. */
static json_t *narrowed(const json_t *o) {
    json_t *v = json_deep_copy(json_object_get(o, "capability-value"));
    const char *k;
    json_t *l;
    json_object_foreach(v, k, l)
        while (json_is_array(l) && json_array_size(l) > 1) json_array_remove(l, json_array_size(l) - 1);
    return json_pack("{s:O, s:o}", "capability-type", json_object_get(o, "capability-type"), "capability-value", v);
}

static void filter_semantics(conf_ctx *c, const conf_res *f) {
    json_t *full = full_for(c, f, NULL);
    if (!full) return;
    size_t i;
    json_t *o;
    int asked = 0;
    json_array_foreach(c9_objects(full), i, o) {
        if (asked >= 8 || !json_is_object(o) || !json_is_string(json_object_get(o, "capability-type"))) continue;
        for (int narrow = 0; narrow < 2; narrow++) {
            json_t *cap = narrow ? narrowed(o)
                                 : json_pack("{s:O, s:O}", "capability-type", json_object_get(o, "capability-type"),
                                             "capability-value", json_object_get(o, "capability-value"));
            json_t *caps = json_pack("[o]", cap);
            json_t *want = c9_expected(full, caps);
            conf_xchg *x;
            json_t *doc = ask(c, f, caps, &x);
            char what[200];
            snprintf(what, sizeof what, "filtering on capability %zu of the full advertisement%s does not give "
                     "exactly the objects of that type whose value is a superset", i, narrow ? " (narrowed)" : "");
            if (doc) same_as(c, x, doc, want, what);
            json_decref(want);
            asked++;
        }
    }
    if (!asked) conf_empty(c, "the advertisement %s filters has no capability to ask for", f->id);
}
void r9241_filter_semantics(conf_ctx *c) { c9_each(c, C9_FILTERED, filter_semantics); }

static void filtered_vtag(conf_ctx *c, const conf_res *f) {
    json_t *doc;
    json_t *full = full_for(c, f, &doc);
    if (!full) return;
    conf_focus(c, conf_post(c, f, filter_of(json_array())));
    json_t *want = json_object_get(json_object_get(json_object_get(full, "meta"), "vtag"), "tag");
    json_t *got = json_object_get(json_object_get(json_object_get(doc, "meta"), "vtag"), "tag");
    if (!want) { conf_set(c, CONF_SKIP, "the full advertisement has no vtag to compare with"); return; }
    conf_checked(conf_pb(c), 1);
    if (!json_equal(want, got))
        conf_prob(conf_pb(c), "$.meta.vtag.tag", conf_jshow(want), got ? conf_jshow(got) : "(absent)",
                  "the vtag of the filtered answer is not the full advertisement's");
}
void r9241_filtered_vtag(conf_ctx *c) { c9_each(c, C9_FILTERED, filtered_vtag); }
