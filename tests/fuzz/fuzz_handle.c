/* fuzz_handle.c: the reference server's request handlers
 * (server-under-test/srv_handle.c and the services behind it) with a model
 * built from scenarios/ietf113/topology.yaml, every extension enabled.
 *
 * Input: a request as it arrives, leniently split: "METHOD target ..."
 * on the first line, "Name: value" lines, an empty line, the body (the
 * head rules are fuzz_head's; here every head reaches the handlers, as a
 * libmicrohttpd connection hands them over, the target %-decoded).
 * Properties: the status is one the server documents; every response
 * but 304 has a content type and a body; an error is an ALTO error
 * document that passes the engine's error validator; a 200 passes the
 * validator of its message kind (network map, cost map, endpoint
 * property, endpoint cost, IRD, multi-cost) or, for path vectors, is a
 * multipart/related body the client reads; a GET body is what the next
 * GET gets (shared cache). */
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include "fuzz.h"
#include "srv_int.h"
#include "conf_check.h"
#include "conf_msg.h"
#include "alto_mpart.h"

#define MAXH 32

typedef struct req_in {
    char *name[MAXH], *value[MAXH];
    int n;
} req_in;

static const char *header(void *ctx, const char *name) {
    req_in *r = ctx;
    for (int i = 0; i < r->n; i++)
        if (!strcasecmp(r->name[i], name)) return r->value[i];
    return NULL;
}

static srv_site *site(void) {
    static srv_site s;
    static int ready;
    if (!ready) {
        alto_err err;
        srv_site_init(&s, 1 << 20, SRV_EXT_ALL);
        sim_topo *t = sim_topo_load(ALTOSPEC_SOURCE_DIR "/scenarios/ietf113/topology.yaml", &err);
        FUZZ_CHECK(t && srv_site_load(&s, t, &err) == 0, "cannot build the model: %s", err.msg);
        ready = 1;
    }
    return &s;
}

/* %XX decoded in place, as libmicrohttpd hands the path over. */
static void unescape(char *s) {
    char *w = s;
    for (char *p = s; *p; p++) {
        if (p[0] == '%' && srv_hexval((unsigned char)p[1]) >= 0 && srv_hexval((unsigned char)p[2]) >= 0) {
            *w++ = (char)(srv_hexval((unsigned char)p[1]) * 16 + srv_hexval((unsigned char)p[2]));
            p += 2;
        } else {
            *w++ = *p;
        }
    }
    *w = '\0';
}

static const char *validator(srv_kind k) {
    switch (k) {
    case SRV_K_IRD: return "ird-root";
    case SRV_K_NETMAP: return "networkmap";
    case SRV_K_NETMAP_FILTER: return "networkmap-filtered";
    case SRV_K_COSTMAP: case SRV_K_COSTMAP_FILTER: return "costmap";
    case SRV_K_EPROP: return "endpointprop";
    case SRV_K_ECOST: return "endpointcost";
    case SRV_K_MC_COSTMAP: return "costmap-mc";
    case SRV_K_MC_ECOST: return "endpointcost-mc";
    default: return NULL;
    }
}

static void check_json(const char *kind, const char *body, size_t len, int status) {
    char err[256];
    json_t *d = alto_json_parse_object(body, len, 64, err, sizeof err);
    FUZZ_CHECK(d != NULL, "a %d %s body that is not a JSON object: %s", status, kind, err);
    if (strcmp(kind, "-")) {
        conf_probs p;
        conf_probs_init(&p);
        conf_msg_validate(kind, d, &p);
        char *s = p.n - p.nsoft ? json_dumps(p.list, JSON_COMPACT) : NULL;
        FUZZ_CHECK(p.n == p.nsoft, "the server's %d answer fails the %s validator: %.600s\n%.*s",
                   status, kind, s, (int)(len < 600 ? len : 600), body);
        conf_probs_free(&p);
    }
    json_decref(d);
}

static void check_resp(const srv_route *r, const srv_resp *o) {
    static const int ok[] = {200, 304, 400, 404, 405, 406, 413, 415, 503};
    int known = 0;
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) known |= o->status == ok[i];
    FUZZ_CHECK(known, "status %d", o->status);
    if (o->status == 304) return;
    const char *body = o->blob ? o->blob->data : o->body;
    FUZZ_CHECK(o->ctype[0] && body && o->len > 0, "%d without a content type or body", o->status);
    if (o->status != 200) {
        FUZZ_CHECK(!strcmp(o->ctype, SRV_MT_ERROR), "%d as %s", o->status, o->ctype);
        check_json("error", body, o->len, o->status);
    } else if (r->kind == SRV_K_PV_COSTMAP || r->kind == SRV_K_PV_ECOST) {
        json_t *parts;
        alto_err err;
        FUZZ_CHECK(alto_mpart_read(o->ctype, body, o->len, 64, &parts, &err) == 0,
                   "a path vector answer the client cannot read: %s", err.msg);
        json_decref(parts);
    } else {
        const char *k = validator(r->kind);
        check_json(k ? k : "-", body, o->len, o->status);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *text = fuzz_cstr(data, size);
    char *sep = strstr(text, "\r\n\r\n"), *sep2 = strstr(text, "\n\n");
    size_t hl = sep && (!sep2 || sep < sep2) ? (size_t)(sep - text) : sep2 ? (size_t)(sep2 - text) : size;
    const char *body = text + hl + (hl == size ? 0 : sep && text + hl == sep ? 4 : 2);
    size_t blen = size - (size_t)(body - text);
    text[hl] = '\0';

    req_in in = {.n = 0};
    char *save = NULL, *line = strtok_r(text, "\r\n", &save);
    char *method = line ? strtok(line, " ") : NULL, *target = method ? strtok(NULL, " ") : NULL;
    if (!target) { free(text); return 0; }
    unescape(target);
    while (in.n < MAXH && (line = strtok_r(NULL, "\r\n", &save))) {
        char *colon = strchr(line, ':');
        if (!colon) continue;
        *colon = '\0';
        char *v = colon + 1;
        while (*v == ' ' || *v == '\t') v++;
        in.name[in.n] = line;
        in.value[in.n++] = v;
    }
    alto_addr peer;
    alto_addr_parse("10.0.0.250", 4, &peer);
    srv_req q = {.method = method, .target = target, .header = header, .ctx = &in, .peer = &peer};
    srv_site *s = site();
    srv_resp o;
    const srv_route *r = srv_handle_head(s, &q, &o);
    if (r) {
        srv_resp_free(&o);
        srv_handle(s, r, &q, body, blen, &o);
    }
    check_resp(r, &o);
    srv_resp_free(&o);
    free(text);
    return 0;
}
