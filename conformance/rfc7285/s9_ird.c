/* s9_ird.c: RFC 7285 section 9 (Information Resource Directory): GET,
 * media type, entries, default network map, relative URIs, uses,
 * GET/POST entries, delegation.  Each function judges every IRD of the
 * closure, root and delegated. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc7285.h"

void r7285_ird_get(conf_ctx *c) {
    conf_xchg *x = c->s->ird.irds[0].x;
    conf_focus(c, x);
    if (x->rc != 0) {
        conf_set(c, CONF_ERROR, "GET %s: %s", x->url, x->resp.error);
        return;
    }
    char act[64];
    snprintf(act, sizeof act, "HTTP %ld", x->resp.status);
    if (x->resp.status != 200)
        conf_prob(conf_pb(c), "status", "HTTP 200", act, "GET of the IRD answered HTTP %ld", x->resp.status);
    else if (!x->json)
        conf_prob(conf_pb(c), "$", "a JSON object (RFC 7159)", "unparseable body", "IRD body: %s", x->jerr);
    else
        conf_ctx_checked(c, 1);
}

void r7285_ird_media_type(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    for (int k = 0; k < d->nirds; k++) {
        conf_xchg *x = d->irds[k].x;
        if (!x || x->rc != 0 || x->resp.status != 200) continue;
        conf_focus(c, x);
        conf_check_media(conf_pb(c), x, M_IRD);
    }
    if (d->irds[0].x->rc != 0) conf_set(c, CONF_ERROR, "no IRD response: %s", d->irds[0].x->resp.error);
}

void r7285_resource_entries(conf_ctx *c) { r7_each_ird(c, conf_v_ird_shape); }

void r7285_default_network_map(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    json_t *root = d->irds[0].doc;
    if (!root) { conf_set(c, CONF_ERROR, "the root IRD is unusable"); return; }
    conf_focus(c, d->irds[0].x);
    if (conf_v_ird_default_netmap_member(root, conf_pb(c))) return;
    const char *id = json_string_value(json_object_get(json_object_get(root, "meta"), "default-alto-network-map"));
    const conf_res *r = conf_ird_find(d, id);
    if (!r)
        conf_prob(conf_pb(c), "$.meta.default-alto-network-map", "the id of a resource in the IRD closure", id,
                  "default-alto-network-map names \"%s\", which no IRD defines", id);
    else if (r->svc != CONF_SVC_NETMAP)
        conf_prob(conf_pb(c), "$.meta.default-alto-network-map", "a network map (GET, " M_NETMAP ")",
                  r->media ? r->media : "(no media type)",
                  "default-alto-network-map names \"%s\", which is not a GET network map", id);
}

/* Linear: each entry against the first entry of its id (the closure's
 * id index), not against every other entry. */
void r7285_unique_resource_ids(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    if (!d->irds[0].doc) { conf_set(c, CONF_ERROR, "the root IRD is unusable"); return; }
    r7_focus_irds(c);
    conf_ctx_checked(c, d->nres);
    for (int i = 0; i < d->nres; i++) {
        const conf_res *first = conf_ird_find(d, d->res[i].id);
        if (first == &d->res[i]) continue;
        conf_focus(c, d->irds[d->res[i].ird].x);
        char path[CONF_PATH_MAX];
        conf_path_key(path, "$.resources", d->res[i].id);
        conf_prob(conf_pb(c), path, "an id unique in the closure", d->res[i].id,
                  "resource id %s is defined by %s and again by %s", d->res[i].id,
                  d->irds[first->ird].url, d->irds[d->res[i].ird].url);
    }
}

void r7285_relative_uris(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    if (!d->irds[0].doc) { conf_set(c, CONF_ERROR, "the root IRD is unusable"); return; }
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        if (!r->uri_raw) continue;          /* rfc7285/9.2.2/ird-structure's problem */
        char path[CONF_PATH_MAX];
        conf_path_key(path, "$.resources", r->id);
        conf_path_key(path, path, "uri");
        conf_focus(c, d->irds[r->ird].x);
        conf_ctx_checked(c, 1);
        if (!r->uri || (strncmp(r->uri, "http://", 7) && strncmp(r->uri, "https://", 8)))
            conf_prob(conf_pb(c), path, "a URI that resolves (RFC 3986 section 5) to http(s)", r->uri_raw,
                      "uri \"%s\" of %s does not resolve to an http(s) URI", r->uri_raw, r->id);
    }
}

void r7285_uses_defined(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    if (!d->irds[0].doc) { conf_set(c, CONF_ERROR, "the root IRD is unusable"); return; }
    r7_focus_irds(c);
    conf_empty(c, "no resource entry of the IRD has \"uses\"");
    for (int i = 0; i < d->nres; i++) {
        size_t k;
        json_t *u;
        json_array_foreach(d->res[i].uses, k, u) {
            const char *id = json_string_value(u);
            conf_ctx_checked(c, id != NULL);
            if (!id || conf_ird_find(d, id)) continue;
            char path[CONF_PATH_MAX];
            conf_path_key(path, "$.resources", d->res[i].id);
            conf_path_key(path, path, "uses");
            conf_path_idx(path, path, k);
            conf_focus(c, d->irds[d->res[i].ird].x);
            conf_prob(conf_pb(c), path, "a resource id defined in the IRD", id,
                      "%s uses \"%s\", which is not defined", d->res[i].id, id);
        }
    }
}

/* GET resources must answer GET (accepts empty => GET supported). */
void r7285_get_resources(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    if (!d->irds[0].doc) { conf_set(c, CONF_ERROR, "the root IRD is unusable"); return; }
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        /* Extension resources too: the rule holds for every entry. */
        if (!r->uri || (r->accepts && *r->accepts)) continue;
        if (conf_session_late(c->s)) {      /* not one "not sent" exchange per entry left */
            conf_set(c, CONF_ERROR, "the run deadline passed with %d of %d entries left unasked", d->nres - i, d->nres);
            break;
        }
        conf_xchg *x = r->svc == CONF_SVC_IRD
            ? conf_session_request(c->s, "GET", r->uri, NULL, M_IRD "," M_ERROR, NULL, NULL)
            : conf_get(c, r);       /* Accept: its media type (any, for extensions) */
        conf_focus(c, x);
        if (x->rc != 0 && conf_session_late(c->s)) {
            conf_set(c, CONF_ERROR, "the run deadline passed with %d of %d entries left unasked (GET %s: %s)",
                     d->nres - i, d->nres, x->url, x->resp.error);
            break;
        }
        if (x->rc != 0) { conf_set(c, CONF_ERROR, "GET %s: %s", x->url, x->resp.error); continue; }
        if (x->resp.status == 200) { conf_ctx_checked(c, 1); continue; }
        char act[32];
        snprintf(act, sizeof act, "HTTP %ld", x->resp.status);
        conf_prob(conf_pb(c), "status", "HTTP 200", act, "GET %s (%s) answered HTTP %ld", x->url, r->id, x->resp.status);
    }
}

void r7285_delegated_ird(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    for (int k = 1; k < d->nirds; k++) {
        conf_xchg *x = d->irds[k].x;
        conf_focus(c, x);
        if (x->rc != 0) { conf_set(c, CONF_ERROR, "GET %s: %s", x->url, x->resp.error); continue; }
        char act[32];
        snprintf(act, sizeof act, "HTTP %ld", x->resp.status);
        if (x->resp.status != 200) {
            conf_prob(conf_pb(c), "status", "HTTP 200", act, "delegated IRD %s answered HTTP %ld", x->url, x->resp.status);
            continue;
        }
        conf_check_media(conf_pb(c), x, M_IRD);
        if (!x->json) {
            conf_prob(conf_pb(c), "$", "an IRD (JSON object)", "unparseable body", "delegated IRD %s: %s", x->url, x->jerr);
            continue;
        }
        conf_v_ird_shape(x->json, conf_pb(c));
    }
    if (d->note[0] && !conf_pb(c)->n) conf_set(c, CONF_PASS, "%s", d->note);
}

/* Cost maps and filtered maps SHOULD list their network map in "uses". */
void r7285_uses_network_map(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    if (!d->irds[0].doc) { conf_set(c, CONF_ERROR, "the root IRD is unusable"); return; }
    r7_focus_irds(c);
    conf_empty(c, "the IRD has no cost map nor filtered map");
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        if (r->svc != CONF_SVC_COSTMAP && r->svc != CONF_SVC_FCOSTMAP && r->svc != CONF_SVC_FNETMAP) continue;
        conf_ctx_checked(c, 1);
        if (conf_ird_uses_netmap(d, r)) continue;
        char path[CONF_PATH_MAX];
        conf_path_key(path, "$.resources", r->id);
        conf_path_key(path, path, "uses");
        conf_focus(c, d->irds[r->ird].x);
        conf_prob(conf_pb(c), path, "the id of the network map it depends on", conf_jshow(r->uses),
                  "%s (%s) does not list a network map in \"uses\"", r->id, conf_svc_name(r->svc));
    }
}

/* The media type a POST to a GET resource would name (its filtered
 * form), or NULL when there is none to try. */
static const char *filter_of(conf_svc svc) {
    return svc == CONF_SVC_NETMAP ? "application/alto-networkmapfilter+json"
         : svc == CONF_SVC_COSTMAP ? "application/alto-costmapfilter+json" : NULL;
}

/* URI -> methods its entries declare (1 GET, 2 POST), built once so that
 * finding an entry's twin is linear in the closure. */
static json_t *uri_methods(const conf_ird *d) {
    json_t *m = json_object();
    for (int i = 0; i < d->nres; i++) {
        const conf_res *o = &d->res[i];
        if (!o->uri) continue;
        int bit = !o->accepts || !*o->accepts ? 1 : 2;
        json_object_set_new(m, o->uri, json_integer(json_integer_value(json_object_get(m, o->uri)) | bit));
    }
    return m;
}

/* 1 when another entry has r's URI and the other method. */
static int has_twin_entry(const json_t *methods, const conf_res *r) {
    int other = !r->accepts || !*r->accepts ? 2 : 1;
    return (json_integer_value(json_object_get(methods, r->uri)) & other) != 0;
}

/* 9.2.2: a URI that answers both GET and POST has an IRD entry for each;
 * so a GET resource must not serve POST (and vice versa) on one entry. */
void r7285_get_post_entries(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    json_t *methods = uri_methods(d);
    for (int i = 0; i < d->nres; i++) {
        const conf_res *r = &d->res[i];
        if (!r->uri || r->svc < CONF_SVC_NETMAP || r->svc > CONF_SVC_ECS || has_twin_entry(methods, r)) continue;
        int get = !r->accepts || !*r->accepts;
        const char *ctype = get ? filter_of(r->svc) : NULL;
        char accept[300], *body = NULL;
        snprintf(accept, sizeof accept, "%s,%s", r->media, M_ERROR);
        if (get && !ctype) continue;
        if (get) {
            json_t *ct = r->svc == CONF_SVC_COSTMAP ? r7_cost_type(c, r, 0) : NULL;
            json_t *req = ct ? r7_fcost_req(ct, NULL, NULL) : json_pack("{s[]}", "pids");
            body = json_dumps(req, JSON_COMPACT | JSON_SORT_KEYS);
            json_decref(req);
        }
        conf_xchg *x = conf_session_request(c->s, get ? "POST" : "GET", r->uri, ctype, accept, body, NULL);
        free(body);
        conf_focus(c, x);
        if (x->rc != 0) { conf_set(c, CONF_ERROR, "%s %s: %s", x->method, x->url, x->resp.error); continue; }
        conf_ctx_checked(c, 1);
        if (x->resp.status != 200 || strcmp(x->media, r->media) || !x->json) continue;
        char path[CONF_PATH_MAX];
        conf_path_key(path, "$.resources", r->id);
        conf_prob(conf_pb(c), path, get ? "a second IRD entry (with accepts) for POST" : "a second IRD entry (no accepts) for GET",
                  "one entry", "%s %s answers %s with %s, but the IRD lists that URI for %s only", r->id,
                  x->url, x->method, r->media, get ? "GET" : "POST");
    }
    json_decref(methods);
}
