/* alto_ird.c: the IRD closure's shapes, classification and lookups (see
 * alto_ird.h).  The walk that fills it, with its loop and depth bounds, is
 * alto_client_ird() in alto_client.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "alto_ird.h"
#include "alto_xchg.h"
#include "alto_media.h"
#include "alto_uri.h"
#include "alto_buf.h"

static const struct {
    const char *media, *accepts;    /* accepts "" = GET */
    alto_svc svc;
} svc_rows[] = {
    {.media = ALTO_MT_IRD, .accepts = "", .svc = ALTO_SVC_IRD},
    {.media = ALTO_MT_NETMAP, .accepts = "", .svc = ALTO_SVC_NETMAP},
    {.media = ALTO_MT_NETMAP, .accepts = ALTO_MT_NETMAP_FILTER, .svc = ALTO_SVC_FNETMAP},
    {.media = ALTO_MT_COSTMAP, .accepts = "", .svc = ALTO_SVC_COSTMAP},
    {.media = ALTO_MT_COSTMAP, .accepts = ALTO_MT_COSTMAP_FILTER, .svc = ALTO_SVC_FCOSTMAP},
    {.media = ALTO_MT_EPROP, .accepts = ALTO_MT_EPROP_PARAMS, .svc = ALTO_SVC_EPROP},
    {.media = ALTO_MT_ECS, .accepts = ALTO_MT_ECS_PARAMS, .svc = ALTO_SVC_ECS},
    {.media = ALTO_MT_PROPMAP, .accepts = "", .svc = ALTO_SVC_PROPMAP},
    {.media = ALTO_MT_PROPMAP, .accepts = ALTO_MT_PROPMAP_PARAMS, .svc = ALTO_SVC_FPROPMAP},
};

static const char *const svc_names[ALTO_NSVC] = {
    [ALTO_SVC_OTHER] = "other", [ALTO_SVC_IRD] = "directory",
    [ALTO_SVC_NETMAP] = "network map", [ALTO_SVC_COSTMAP] = "cost map",
    [ALTO_SVC_FNETMAP] = "filtered network map", [ALTO_SVC_FCOSTMAP] = "filtered cost map",
    [ALTO_SVC_EPROP] = "endpoint property", [ALTO_SVC_ECS] = "endpoint cost",
    [ALTO_SVC_PV_COSTMAP] = "path vector cost map", [ALTO_SVC_PV_ECS] = "path vector endpoint cost",
    [ALTO_SVC_PROPMAP] = "property map", [ALTO_SVC_FPROPMAP] = "filtered property map",
};

const char *alto_svc_name(alto_svc svc) { return svc_names[svc]; }

alto_svc alto_svc_of(const char *media, const char *accepts) {
    if (!media) return ALTO_SVC_OTHER;
    if (alto_media_is(media, ALTO_MT_MULTIPART)) {
        if (alto_media_multipart_of(media, ALTO_MT_COSTMAP)) return ALTO_SVC_PV_COSTMAP;
        if (alto_media_multipart_of(media, ALTO_MT_ECS)) return ALTO_SVC_PV_ECS;
        return ALTO_SVC_OTHER;
    }
    if (!accepts) accepts = "";
    for (size_t i = 0; i < sizeof svc_rows / sizeof *svc_rows; i++)
        if (!strcmp(svc_rows[i].media, media) && !strcmp(svc_rows[i].accepts, accepts))
            return svc_rows[i].svc;
    return ALTO_SVC_OTHER;
}

int alto_ird_add_doc(alto_ird *d, const char *url, int depth, const char *via) {
    d->irds = alto_xrealloc(d->irds, (size_t)(d->nirds + 1) * sizeof *d->irds);
    char *norm = alto_uri_normalize(url);
    d->irds[d->nirds] = (alto_irdoc){
        .url = alto_xstrdup(url), .norm = norm ? norm : alto_xstrdup(url), .depth = depth, .via = via,
    };
    return d->nirds++;
}

size_t alto_ird_add_resources(alto_ird *d, int k, int max) {
    const alto_irdoc *doc = &d->irds[k];
    const char *id;
    json_t *e;
    size_t dropped = 0;
    json_object_foreach(json_object_get(doc->doc, "resources"), id, e) {
        if (!json_is_object(e)) continue;
        if (d->nres >= max) { dropped++; continue; }
        alto_res r = {
            .id = id, .entry = e, .ird = k,
            .uri_raw = json_string_value(json_object_get(e, "uri")),
            .media = json_string_value(json_object_get(e, "media-type")),
            .accepts = json_string_value(json_object_get(e, "accepts")),
            .caps = json_object_get(e, "capabilities"),
            .uses = json_object_get(e, "uses"),
        };
        r.uri = r.uri_raw ? alto_uri_resolve(doc->url, r.uri_raw) : NULL;
        r.svc = alto_svc_of(r.media, r.accepts);
        r.multipart = r.media && alto_media_is(r.media, ALTO_MT_MULTIPART);
        /* Grown by blocks: a realloc per entry is quadratic in copies. */
        if (d->nres % 64 == 0) d->res = alto_xrealloc(d->res, (size_t)(d->nres + 64) * sizeof *d->res);
        d->res[d->nres++] = r;
    }
    return dropped;
}

void alto_ird_free(alto_ird *d) {
    for (int i = 0; i < d->nres; i++) free(d->res[i].uri);
    free(d->res);
    for (int i = 0; i < d->nirds; i++) { free(d->irds[i].url); free(d->irds[i].norm); }
    free(d->irds);
    memset(d, 0, sizeof *d);
}

const alto_res *alto_ird_find(const alto_ird *d, const char *id) {
    for (int i = 0; i < d->nres; i++)
        if (!strcmp(d->res[i].id, id)) return &d->res[i];
    return NULL;
}

const alto_res *alto_ird_nth(const alto_ird *d, alto_svc svc, int n) {
    for (int i = 0; i < d->nres; i++)
        if (d->res[i].svc == svc && d->res[i].uri && n-- == 0) return &d->res[i];
    return NULL;
}

json_t *alto_ird_cost_type(const alto_ird *d, const alto_res *r, const char *name) {
    json_t *doc = d->irds[r->ird].doc;
    json_t *ct = json_object_get(json_object_get(json_object_get(doc, "meta"), "cost-types"), name);
    return json_is_object(ct) ? ct : NULL;
}

const alto_res *alto_ird_uses(const alto_ird *d, const alto_res *r, alto_svc svc) {
    size_t i;
    json_t *u;
    json_array_foreach(r->uses, i, u) {
        const char *id = json_string_value(u);
        const alto_res *n = id ? alto_ird_find(d, id) : NULL;
        if (n && n->svc == svc && n->uri) return n;
    }
    return NULL;
}

int alto_res_lists(const alto_res *r, const char *cap, const char *name) {
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(r->caps, cap), i, v)
        if (json_is_string(v) && !strcmp(json_string_value(v), name)) return 1;
    return 0;
}
