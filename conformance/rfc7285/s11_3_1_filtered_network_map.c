/* s11_3_1_filtered_network_map.c: RFC 7285 section 11.3.1 (Filtered
 * Network Map).
 *
 * Every semantic check compares the server with itself: the filtered
 * answer against the full map, a request with duplicates against the same
 * request without.  PIDs come from the IRD and the maps, so no knowledge
 * of a particular server is needed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

/* ---- filtered network map ---------------------------------------------- */

typedef struct fnm {
    const conf_res *r;
    json_t *full;       /* borrowed body of the full network map */
    json_t *pids;       /* owned array of its PIDs */
} fnm;

static int fnm_begin(conf_ctx *c, const conf_res *r, fnm *f) {
    f->r = r;
    f->full = r7_netmap(c, r, NULL);
    f->pids = f->full ? r7_pids(f->full) : NULL;
    if (f->full && !json_is_object(json_object_get(f->full, "network-map"))) {
        conf_set(c, CONF_ERROR, "cannot judge: the network map has no usable \"network-map\" object "
                                "(see rfc7285/11.2.1.6 cases)");
        json_decref(f->pids);
        return 0;
    }
    if (f->full && !json_array_size(f->pids)) {
        conf_set(c, CONF_SKIP, "the network map has no PIDs to filter on");
        json_decref(f->pids);
        return 0;
    }
    return f->full != NULL;
}

static json_t *fnm_post(conf_ctx *c, const fnm *f, json_t *req) {
    return conf_ok(c, conf_post(c, f->r, req));
}

static json_t *fnm_control(conf_ctx *c, const fnm *f, json_t *req) {
    return conf_control(c, conf_post(c, f->r, req));
}

static const char *pid_at(const fnm *f, size_t i) {
    size_t n = json_array_size(f->pids);
    return json_string_value(json_array_get(f->pids, i < n ? i : n - 1));
}

#define FNM_EACH(c, f) \
    const conf_res *r_; fnm f; \
    R7_EACH(c, CONF_SVC_FNETMAP, r_) \
        for (int once_ = fnm_begin(c, r_, &f); once_; once_ = 0, json_decref(f.pids))

/* Request of the 11.3.1.1 data row: all PIDs. */
json_t *r7_fnm_req_all(conf_ctx *c, const conf_res *r) {
    (void)c, (void)r;
    return json_pack("{s[]}", "pids");
}

void r7285_fnm_empty_pids(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *b = fnm_post(c, &f, json_pack("{s[]}", "pids"));
        if (b) r7_keys_equal(c, json_object_get(b, "network-map"), f.pids, "$.network-map", "PID");
    }
}

void r7285_fnm_duplicate_pids(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *b = fnm_post(c, &f, json_pack("{s[ss]}", "pids", pid_at(&f, 0), pid_at(&f, 0)));
        json_t *want = r7_strs(pid_at(&f, 0), NULL);
        if (b) r7_keys_equal(c, json_object_get(b, "network-map"), want, "$.network-map", "PID");
        json_decref(want);
    }
}

void r7285_only_requested_pids(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *want = r7_strs(pid_at(&f, 0), pid_at(&f, 1), NULL);
        json_array_remove(want, json_equal(json_array_get(want, 0), json_array_get(want, 1)) ? 1 : 99);
        json_t *b = fnm_post(c, &f, json_pack("{sO}", "pids", want));
        if (b) r7_keys_equal(c, json_object_get(b, "network-map"), want, "$.network-map", "PID");
        json_decref(want);
    }
}

void r7285_fnm_unknown_pids(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *b = fnm_post(c, &f, json_pack("{s[ss]}", "pids", pid_at(&f, 0), R7_NO_SUCH_PID));
        json_t *want = r7_strs(pid_at(&f, 0), NULL);
        if (b) r7_keys_equal(c, json_object_get(b, "network-map"), want, "$.network-map", "PID");
        json_decref(want);
    }
}

/* Address types present in a network map body (new array). */
static json_t *addr_types(const json_t *nm) {
    json_t *seen = json_object();
    const char *pid, *at;
    json_t *g, *v;
    json_object_foreach(json_object_get(nm, "network-map"), pid, g)
        json_object_foreach(g, at, v) json_object_set_new(seen, at, json_true());
    json_t *a = json_array();
    json_object_foreach(seen, at, v) json_array_append_new(a, json_string(at));
    json_decref(seen);
    return a;
}

/* Every group of b has only type `at`, and agrees with the full map. */
static void check_only_type(conf_ctx *c, const json_t *b, const json_t *full, const char *at) {
    const char *pid, *t;
    json_t *g, *v;
    char path[CONF_PATH_MAX];
    json_object_foreach(json_object_get(b, "network-map"), pid, g) {
        json_object_foreach(g, t, v) {
            conf_ctx_checked(c, 1);
            conf_path_key(path, "$.network-map", pid);
            conf_path_key(path, path, t);
            if (strcmp(t, at)) {
                conf_prob(conf_pb(c), path, "absent (address type not requested)", t,
                          "address-types [\"%s\"] was requested but PID %s lists %s addresses", at, pid, t);
                continue;
            }
            json_t *fv = json_object_get(json_object_get(json_object_get(full, "network-map"), pid), t);
            if (!conf_json_set_equal(v, fv))
                conf_prob(conf_pb(c), path, conf_jshow(fv), conf_jshow(v),
                          "filtered %s prefixes of %s differ from the full network map", t, pid);
        }
    }
}

void r7285_address_types(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *types = addr_types(f.full);
        size_t i;
        json_t *t;
        json_array_foreach(types, i, t) {
            json_t *b = fnm_post(c, &f, json_pack("{s[]s[O]}", "pids", "address-types", t));
            if (b) check_only_type(c, b, f.full, json_string_value(t));
        }
        json_decref(types);
    }
}

void r7285_unknown_address_types(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *types = addr_types(f.full);
        json_t *t = json_array_get(types, 0);
        if (t) {
            json_t *b = fnm_post(c, &f, json_pack("{s[]s[Os]}", "pids", "address-types", t, "altospecx1"));
            if (b) check_only_type(c, b, f.full, json_string_value(t));
        }
        json_decref(types);
    }
}

/* 11.3.1.3: an address type listed twice counts once. */
void r7285_duplicate_address_types(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *types = addr_types(f.full);
        json_t *t = json_array_get(types, 0);
        if (!t) conf_empty(c, "the network map lists no address type to repeat");
        json_t *ctl = t ? fnm_control(c, &f, json_pack("{s[]s[O]}", "pids", "address-types", t)) : NULL;
        json_t *b = ctl ? fnm_post(c, &f, json_pack("{s[]s[OO]}", "pids", "address-types", t, t)) : NULL;
        if (b) r7_same_entries(c, b, ctl, "network-map", "an address type listed twice versus once");
        json_decref(types);
    }
}

static void check_agrees(conf_ctx *c, const json_t *b, const json_t *full, const json_t *pids) {
    size_t i;
    json_t *p;
    char path[CONF_PATH_MAX];
    json_array_foreach(pids, i, p) {
        const char *pid = json_string_value(p);
        json_t *got = json_object_get(json_object_get(b, "network-map"), pid);
        json_t *want = json_object_get(json_object_get(full, "network-map"), pid);
        conf_ctx_checked(c, got != NULL);
        if (!got || conf_json_set_equal(got, want)) continue;   /* absence: another case */
        conf_path_key(path, "$.network-map", pid);
        char w[300];
        snprintf(w, sizeof w, "%s", conf_jshow(want));
        conf_prob(conf_pb(c), path, w, conf_jshow(got), "PID %s differs from the full network map", pid);
    }
}

void r7285_empty_address_types(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *b = fnm_post(c, &f, json_pack("{s[]s[]}", "pids", "address-types"));
        if (!b) continue;
        r7_keys_equal(c, json_object_get(b, "network-map"), f.pids, "$.network-map", "PID");
        check_agrees(c, b, f.full, f.pids);
    }
}

void r7285_fnm_agrees_with_full_map(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *b = fnm_post(c, &f, json_pack("{s[]}", "pids"));
        if (b) check_agrees(c, b, f.full, f.pids);
    }
}

void r7285_fnm_vtag(conf_ctx *c) {
    FNM_EACH(c, f) {
        json_t *b = fnm_post(c, &f, json_pack("{s[]}", "pids"));
        if (!b) continue;
        json_t *want = json_object_get(json_object_get(f.full, "meta"), "vtag");
        json_t *got = json_object_get(json_object_get(b, "meta"), "vtag");
        conf_ctx_checked(c, 1);
        if (r7_vtag_equal(want, got)) continue;
        char w[300];
        snprintf(w, sizeof w, "%s", conf_jshow(want));
        conf_prob(conf_pb(c), "$.meta.vtag", w, conf_jshow(got),
                  "filtered network map vtag differs from the full map's vtag");
    }
}
