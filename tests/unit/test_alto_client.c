/* test_alto_client.c: the ALTO client of lib/ on its own, against a small
 * in-process HTTP server (libmicrohttpd on port 0) that serves fixed
 * answers: IRDs that delegate, loop and nest beyond the depth limit,
 * relative URIs with "../" and "?query", a network map, error answers, a
 * multipart answer; plus the pure parts: URI resolution, media types and
 * their parameters, the multipart reader's edge cases, longest-prefix
 * lookups in IPv4 and IPv6, and the two evidence renderings. */
#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>
#include <microhttpd.h>
#include "t.h"
#include "alto_client.h"
#include "alto_media.h"
#include "alto_mpart.h"
#include "alto_uri.h"

/* ---- the fixture server --------------------------------------------------------- */

typedef struct route {
    const char *method, *path;      /* path as requested (MHD drops the query) */
    int status;
    const char *ctype, *body;
} route;

#define MT_MP_ECS "multipart/related; boundary=\"b 1\"; type=\"application/alto-endpointcost+json\"; start=\"<ecs@h>\""

static const route routes[] = {
    /* Root IRD: a relative network map, a cost map behind "../" with a
     * query, and two delegated IRDs. */
    {.method = "GET", .path = "/a/b/directory", .status = 200, .ctype = ALTO_MT_IRD, .body =
     "{\"meta\":{\"cost-types\":{\"num-rc\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"routingcost\"}}},"
     "\"resources\":{"
     "\"nm\":{\"uri\":\"nm\",\"media-type\":\"" ALTO_MT_NETMAP "\"},"
     "\"cm\":{\"uri\":\"../costs/cm?v=1&x=../y\",\"media-type\":\"" ALTO_MT_COSTMAP "\",\"uses\":[\"nm\"],"
     "\"capabilities\":{\"cost-type-names\":[\"num-rc\"]}},"
     "\"sub\":{\"uri\":\"sub/directory\",\"media-type\":\"" ALTO_MT_IRD "\"},"
     "\"again\":{\"uri\":\"./sub/../sub/directory\",\"media-type\":\"" ALTO_MT_IRD "\"}}}"},
    /* Delegated: its own cost types, an ECS, a loop back to the root, and
     * a chain that goes deeper than the depth limit. */
    {.method = "GET", .path = "/a/b/sub/directory", .status = 200, .ctype = ALTO_MT_IRD, .body =
     "{\"meta\":{\"cost-types\":{\"d\":{\"cost-mode\":\"numerical\",\"cost-metric\":\"delay-ow\"}}},"
     "\"resources\":{"
     "\"ecs\":{\"uri\":\"/ecs\",\"media-type\":\"" ALTO_MT_ECS "\",\"accepts\":\"" ALTO_MT_ECS_PARAMS "\","
     "\"capabilities\":{\"cost-type-names\":[\"d\"]}},"
     "\"back\":{\"uri\":\"../directory\",\"media-type\":\"" ALTO_MT_IRD "\"},"
     "\"deeper\":{\"uri\":\"d1/directory\",\"media-type\":\"" ALTO_MT_IRD "\"}}}"},
    {.method = "GET", .path = "/a/b/sub/d1/directory", .status = 200, .ctype = ALTO_MT_IRD, .body =
     "{\"resources\":{\"deeper\":{\"uri\":\"d2/directory\",\"media-type\":\"" ALTO_MT_IRD "\"}}}"},
    {.method = "GET", .path = "/a/b/sub/d1/d2/directory", .status = 200, .ctype = ALTO_MT_IRD, .body =
     "{\"resources\":{\"pv\":{\"uri\":\"/pv\",\"media-type\":\"multipart/related; type=" ALTO_MT_ECS "\","
     "\"accepts\":\"" ALTO_MT_ECS_PARAMS "\"}}}"},
    {.method = "GET", .path = "/a/b/nm", .status = 200, .ctype = ALTO_MT_NETMAP, .body =
     "{\"network-map\":{"
     "\"wide\":{\"ipv4\":[\"10.0.0.0/8\"],\"ipv6\":[\"2001:db8::/32\"]},"
     "\"narrow\":{\"ipv4\":[\"10.1.0.0/16\",\"10.1.2.3\"],\"ipv6\":[\"2001:db8:1::/48\"]},"
     "\"tie\":{\"ipv4\":[\"10.1.0.0/16\"]},"
     "\"default\":{\"ipv4\":[\"0.0.0.0/0\"]}}}"},
    {.method = "POST", .path = "/ecs", .status = 400, .ctype = ALTO_MT_ERROR, .body =
     "{\"meta\":{\"code\":\"E_INVALID_FIELD_VALUE\",\"field\":\"cost-type\"}}"},
    {.method = "POST", .path = "/pv", .status = 200, .ctype = MT_MP_ECS, .body =
     "preamble\r\n--b 1\r\nContent-ID: <props@h>\r\nContent-Type: " ALTO_MT_PROPMAP "\r\n\r\n"
     "{\"property-map\":{}}\r\n--b 1\r\nContent-ID: <ecs@h>\r\nContent-Type: " ALTO_MT_ECS "\r\n\r\n"
     "{\"endpoint-cost-map\":{}}\r\n--b 1--\r\nepilogue"},
    {.method = "GET", .path = "/notjson", .status = 200, .ctype = ALTO_MT_IRD, .body = "[1,2]"},
    {.method = "GET", .path = "/moved", .status = 302, .ctype = "text/plain", .body = "moved"},
};

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_len, void **state) {
    (void)cls; (void)version; (void)upload;
    if (!*state) { *state = conn; return MHD_YES; }     /* headers first */
    if (*upload_len) { *upload_len = 0; return MHD_YES; }  /* body: ignored */
    const route *r = NULL;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        if (!strcmp(routes[i].path, url) && !strcmp(routes[i].method, method)) r = &routes[i];
    const char *body = r ? r->body : "{}";
    struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(body), (void *)body,
                                                                MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(resp, "Content-Type", r ? r->ctype : "application/json");
    if (r && r->status / 100 == 3) MHD_add_response_header(resp, "Location", "/a/b/nm");
    enum MHD_Result rc = MHD_queue_response(conn, r ? (unsigned)r->status : 404u, resp);
    MHD_destroy_response(resp);
    return rc;
}

static struct MHD_Daemon *serve(char *base, size_t n) {
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
                                            on_request, NULL, MHD_OPTION_END);
    const union MHD_DaemonInfo *di = d ? MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT) : NULL;
    snprintf(base, n, "http://127.0.0.1:%u", di ? di->port : 0);
    return d;
}

/* ---- the IRD walk ------------------------------------------------------------------ */

static void test_ird_walk(const char *base) {
    char url[256], want[256];
    alto_err e;
    snprintf(url, sizeof url, "%s/a/b/directory", base);
    alto_client_opts o = ALTO_CLIENT_OPTS_DEFAULT;
    o.ird_depth = 2;
    alto_client *c = alto_client_new(url, &o);
    T_CHECK_MSG(alto_client_ird(c, "discovery", &e) == 0, "%s", e.msg);
    const alto_ird *d = alto_client_closure(c);
    /* root, sub (once: "again" is the same URL), d1; the loop back to the
     * root is not fetched again, d2 is beyond the depth limit. */
    T_CHECK_MSG(d->nirds == 3, "%d IRDs", d->nirds);
    T_CHECK(alto_client_sent(c) == 3);
    T_CONTAINS(d->note, "depth limit 2");
    T_CONTAINS(d->note, "d2/directory");
    T_STREQ(d->irds[1].via, "sub");
    T_CHECK(d->irds[2].depth == 2);
    const alto_res *nm = alto_ird_find(d, "nm"), *cm = alto_ird_find(d, "cm");
    snprintf(want, sizeof want, "%s/a/b/nm", base);
    T_STREQ(nm->uri, want);
    snprintf(want, sizeof want, "%s/a/costs/cm?v=1&x=../y", base);
    T_STREQ(cm->uri, want);
    T_CHECK(cm->svc == ALTO_SVC_COSTMAP && nm->svc == ALTO_SVC_NETMAP);
    T_CHECK(alto_ird_uses(d, cm, ALTO_SVC_NETMAP) == nm);
    T_CHECK(alto_res_lists(cm, "cost-type-names", "num-rc"));
    /* The delegated ECS: absolute path, its own IRD's cost types. */
    const alto_res *ecs = alto_ird_nth(d, ALTO_SVC_ECS, 0);
    snprintf(want, sizeof want, "%s/ecs", base);
    T_CHECK(ecs && !strcmp(ecs->uri, want) && ecs->ird == 1);
    T_CHECK(ecs && alto_ird_cost_type(d, ecs, "d") != NULL);
    T_CHECK(ecs && alto_ird_cost_type(d, ecs, "num-rc") == NULL);
    T_CHECK(alto_ird_nth(d, ALTO_SVC_ECS, 1) == NULL);
    /* A second call answers from the first. */
    T_CHECK(alto_client_ird(c, "discovery", &e) == 0 && alto_client_sent(c) == 3);
    alto_client_free(c);

    /* Deeper limit: d2 and its multipart path vector ECS are reached. */
    o.ird_depth = 3;
    c = alto_client_new(url, &o);
    T_CHECK(alto_client_ird(c, NULL, &e) == 0);
    d = alto_client_closure(c);
    T_CHECK(d->nirds == 4 && d->note[0] == '\0');
    T_CHECK(alto_ird_nth(d, ALTO_SVC_PV_ECS, 0) != NULL);
    alto_client_free(c);

    /* Breadth: at most two IRD documents. */
    o.ird_max = 2;
    c = alto_client_new(url, &o);
    T_CHECK(alto_client_ird(c, NULL, &e) == 0);
    T_CHECK(alto_client_closure(c)->nirds == 2);
    T_CONTAINS(alto_client_closure(c)->note, "at most 2 IRDs");
    alto_client_free(c);

    /* Entries: at most two kept (the root lists four), the rest said. */
    o = (alto_client_opts)ALTO_CLIENT_OPTS_DEFAULT;
    o.max_resources = 2;
    c = alto_client_new(url, &o);
    T_CHECK(alto_client_ird(c, NULL, &e) == 0);
    T_CHECK(alto_client_closure(c)->nres == 2);
    T_CONTAINS(alto_client_closure(c)->note, "2 entries of");
    T_CONTAINS(alto_client_closure(c)->note, "at most 2 resources");
    alto_client_free(c);

    /* A redirect is not followed and is not an answer. */
    snprintf(url, sizeof url, "%s/moved", base);
    c = alto_client_new(url, NULL);
    T_CHECK(alto_client_ird(c, NULL, &e) == -1);
    T_CONTAINS(e.msg, "cannot judge: HTTP 302 redirect to /a/b/nm");
    T_CHECK(alto_client_xchg(c, 0)->resp.status == 302 && alto_client_sent(c) == 1);
    alto_client_free(c);

    /* A root that is not a JSON object, and one that is not there. */
    snprintf(url, sizeof url, "%s/notjson", base);
    c = alto_client_new(url, NULL);
    T_CHECK(alto_client_ird(c, NULL, &e) == -1);
    T_CONTAINS(e.msg, "not a JSON object");
    alto_client_free(c);
    snprintf(url, sizeof url, "%s/nothing", base);
    c = alto_client_new(url, NULL);
    T_CHECK(alto_client_ird(c, NULL, &e) == -1);
    T_CONTAINS(e.msg, "answered 404");
    alto_client_free(c);
}

/* ---- exchanges, network map, multipart, evidence ------------------------------------------ */

static void test_exchanges(const char *base) {
    char url[256];
    alto_err e;
    snprintf(url, sizeof url, "%s/a/b/directory", base);
    alto_client *c = alto_client_new(url, NULL);
    T_CHECK(alto_client_ird(c, "discovery", &e) == 0);
    const alto_ird *d = alto_client_closure(c);

    /* Network map: fetched once, then longest-prefix match. */
    const char *pid;
    alto_addr a;
    alto_addr_parse_typed("ipv4:10.1.2.3", &a);
    T_CHECK(alto_client_pid(c, "p", alto_ird_find(d, "nm")->uri, &a, &pid, &e) == 0);
    T_STREQ(pid, "narrow");
    size_t n = alto_client_nxchg(c);
    alto_addr_parse_typed("ipv6:2001:db8:2::1", &a);
    T_CHECK(alto_client_pid(c, "p", alto_ird_find(d, "nm")->uri, &a, &pid, &e) == 0);
    T_STREQ(pid, "wide");
    T_CHECK(alto_client_nxchg(c) == n);
    alto_addr_parse_typed("ipv6:2001:db9::1", &a);
    T_CHECK(alto_client_pid(c, "p", alto_ird_find(d, "nm")->uri, &a, &pid, &e) == -1);
    T_CONTAINS(e.msg, "no PID of the network map contains ipv6:2001:db9::1");

    /* An error answer: status, code and field. */
    json_t *body = json_pack("{s:{s:s}}", "cost-type", "cost-metric", "x");
    const json_t *ans;
    T_CHECK(alto_client_post_json(c, "p", alto_ird_nth(d, ALTO_SVC_ECS, 0)->uri, ALTO_MT_ECS,
                                  ALTO_MT_ECS_PARAMS, body, &ans, &e) == -1);
    T_CONTAINS(e.msg, "answered 400 E_INVALID_FIELD_VALUE field cost-type");

    /* Multipart: preamble, epilogue, quoted boundary with a space, root second. */
    snprintf(url, sizeof url, "%s/pv", base);
    const json_t *parts;
    T_CHECK_MSG(alto_client_post_mpart(c, "pv", url, "multipart/related;type=" ALTO_MT_ECS,
                                       ALTO_MT_ECS_PARAMS, body, &parts, &e) == 0, "%s", e.msg);
    T_CHECK(json_array_size(parts) == 2);
    T_STREQ(json_string_value(json_object_get(json_array_get(parts, 0), "content_id")), "<ecs@h>");
    T_CHECK(json_is_object(json_object_get(json_object_get(json_array_get(parts, 0), "body"),
                                           "endpoint-cost-map")));
    json_decref(body);

    /* Evidence: the last exchange in both renderings. */
    const alto_xchg *x = alto_client_xchg(c, alto_client_nxchg(c) - 1);
    json_t *flat = alto_xchg_json_flat(x);
    T_STREQ(json_string_value(json_object_get(flat, "policy")), "pv");
    T_STREQ(json_string_value(json_object_get(json_object_get(json_object_get(flat, "request_body"),
                                                              "cost-type"), "cost-metric")), "x");
    T_CHECK(json_array_size(json_object_get(flat, "response_parts")) == 2);
    T_CONTAINS(json_string_value(json_object_get(flat, "curl")), "--data-binary");
    json_decref(flat);
    json_t *canon = alto_xchg_json(x, 0);
    T_STREQ(json_string_value(json_object_get(json_object_get(json_object_get(canon, "request"),
                                                              "headers"), "Content-Type")),
            ALTO_MT_ECS_PARAMS);
    T_CHECK(json_integer_value(json_object_get(json_object_get(canon, "response"), "status")) == 200);
    T_CONTAINS(json_string_value(json_object_get(json_object_get(canon, "response"), "body")), "preamble");
    T_CHECK(json_is_true(json_object_get(canon, "sent")));
    json_decref(canon);
    alto_client_free(c);
}

static void test_cache_and_dead(const char *base) {
    char url[256];
    alto_err e;
    snprintf(url, sizeof url, "%s/a/b/directory", base);
    alto_client_opts o = ALTO_CLIENT_OPTS_DEFAULT;
    o.cache = 1;
    alto_client *c = alto_client_new(url, &o);
    int cached = -1;
    alto_xchg *x1 = alto_client_request(c, NULL, "GET", url, NULL, NULL, NULL, &cached);
    T_CHECK(cached == 0);
    alto_xchg *x2 = alto_client_request(c, NULL, "GET", url, NULL, NULL, NULL, &cached);
    T_CHECK(cached == 1 && x1 == x2 && alto_client_sent(c) == 1);
    alto_client_free(c);

    /* Nothing listens on port 9: the first request fails, the second is
     * not sent at all. */
    c = alto_client_new("http://127.0.0.1:9/directory", NULL);
    T_CHECK(alto_client_ird(c, NULL, &e) == -1);
    T_CONTAINS(e.msg, "no answer from the ALTO server");
    T_CHECK(alto_client_dead(c) != NULL);
    const alto_xchg *x = alto_client_get(c, NULL, "http://127.0.0.1:9/other", ALTO_MT_NETMAP);
    T_CHECK(x->skipped && x->seq == 0 && alto_client_sent(c) == 1);
    T_CONTAINS(x->resp.error, "not sent");
    alto_client_free(c);
}

/* ---- pure parts ------------------------------------------------------------------------- */

static void test_uri(void) {
    static const struct { const char *base, *ref, *want; } rows[] = {
        {.base = "http://h:1/a/b/directory", .ref = "../x", .want = "http://h:1/a/x"},
        {.base = "http://h:1/a/b/directory", .ref = "../../../x", .want = "http://h:1/x"},
        {.base = "http://h:1/a/b/directory", .ref = "?q=1", .want = "http://h:1/a/b/directory?q=1"},
        {.base = "http://h:1/a/b/directory?old=1", .ref = "cm?v=../y", .want = "http://h:1/a/b/cm?v=../y"},
        {.base = "http://h:1/a/b/directory", .ref = "./c/./d/../e", .want = "http://h:1/a/b/c/e"},
        {.base = "http://h:1/a/b/directory", .ref = "/abs", .want = "http://h:1/abs"},
        {.base = "http://h:1/a/b/directory", .ref = "//other:2/x", .want = "http://other:2/x"},
        {.base = "https://h/a", .ref = "http://elsewhere/y", .want = "http://elsewhere/y"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char *r = alto_uri_resolve(rows[i].base, rows[i].ref);
        T_STREQ(r, rows[i].want);
        free(r);
    }
    T_CHECK(alto_uri_resolve("not a url", "x") == NULL);
    char *n = alto_uri_normalize("HTTP://H:1/a/../directory");
    T_STREQ(n, "http://H:1/directory");
    free(n);
}

static void test_media(void) {
    char v[128], mt[64];
    alto_media_type(" Application/ALTO-costmap+json ; charset=utf-8", mt, sizeof mt);
    T_STREQ(mt, "application/alto-costmap+json");
    T_CHECK(alto_media_is("application/alto-costmap+json;x=1", ALTO_MT_COSTMAP));
    T_CHECK(!alto_media_is(NULL, ALTO_MT_COSTMAP));
    const char *ct = "multipart/related; boundary=example-1;\r\n type=application/alto-endpointcost+json; "
                     "start=\"<ecs@h>\"";
    T_CHECK(alto_media_param(ct, "boundary", v, sizeof v) == 1);
    T_STREQ(v, "example-1");
    T_CHECK(alto_media_param(ct, "TYPE", v, sizeof v) == 1);
    T_STREQ(v, "application/alto-endpointcost+json");
    T_CHECK(alto_media_param(ct, "start", v, sizeof v) == 1);
    T_STREQ(v, "<ecs@h>");
    T_CHECK(alto_media_param(ct, "charset", v, sizeof v) == 0);
    T_CHECK(alto_media_param("a/b; type=\"a/b; c\"; boundary=\"x\\\"y\"", "boundary", v, sizeof v) == 1);
    T_STREQ(v, "x\"y");
    T_CHECK(alto_media_param("a/b; boundary=\"open", "boundary", v, sizeof v) == -1);
    T_CHECK(alto_media_param("a/b; =x", "boundary", v, sizeof v) == -1);
    T_CHECK(alto_media_multipart_of(ct, ALTO_MT_ECS));
    T_CHECK(!alto_media_multipart_of(ct, ALTO_MT_COSTMAP));
    char acc[128];
    alto_media_accept(ALTO_MT_NETMAP, acc, sizeof acc);
    T_STREQ(acc, ALTO_MT_NETMAP "," ALTO_MT_ERROR);
    T_CHECK(alto_svc_of(ALTO_MT_COSTMAP, ALTO_MT_COSTMAP_FILTER) == ALTO_SVC_FCOSTMAP);
    T_CHECK(alto_svc_of(ALTO_MT_PROPMAP, ALTO_MT_PROPMAP_PARAMS) == ALTO_SVC_FPROPMAP);
    T_CHECK(alto_svc_of("multipart/related; type=\"application/alto-costmap+json\"", "x") ==
            ALTO_SVC_PV_COSTMAP);
    T_CHECK(alto_svc_of("multipart/related", NULL) == ALTO_SVC_OTHER);
}

static int mp(alto_mpart *m, const char *ct, const char *body) {
    return alto_mpart_parse(m, ct, body, strlen(body), 64);
}

static void test_multipart(void) {
    alto_mpart m;
    /* Bare boundary, CRLF, preamble, close delimiter, epilogue: no deviation. */
    T_CHECK(mp(&m, "multipart/related; boundary=b", "pre\r\n--b\r\nContent-Type: a/b\r\n\r\n{\"x\":1}\r\n"
               "--b\r\n\r\n{\"y\":2}\r\n--b--\r\nafter") == 0);
    T_CHECK(m.nparts == 2 && m.dev == 0 && m.delims == 3);
    T_CHECK(json_is_object(m.parts[0].json) && m.parts[1].json && !m.parts[1].has_type);
    T_STREQ(m.parts[0].media, "a/b");
    alto_mpart_free(&m);
    /* Quoted boundary with a space; bare LF; no close delimiter. */
    T_CHECK(mp(&m, "multipart/related; boundary=\"x y\"", "--x y\nContent-ID: <r@h>\n\n{}\n--x y\n") == 0);
    T_CHECK(m.nparts == 1 && (m.dev & ALTO_MPART_DEV_LF) && (m.dev & ALTO_MPART_DEV_NO_CLOSE));
    T_STREQ(m.parts[0].content_id, "<r@h>");
    alto_mpart_free(&m);
    /* A line that starts with the delimiter is not one; folded header. */
    T_CHECK(mp(&m, "multipart/related; boundary=b", "--b\r\nContent-ID: <a\r\n @h>\r\n\r\n--bx\r\n--b--\r\n") == 0);
    T_CHECK(m.nparts == 1 && m.parts[0].len == 4 && !memcmp(m.parts[0].body, "--bx", 4));
    T_STREQ(m.parts[0].content_id, "<a @h>");
    alto_mpart_free(&m);
    /* No boundary parameter: guessed from the body, and said so. */
    T_CHECK(mp(&m, "multipart/related", "--g\r\n\r\n{}\r\n--g--\r\n") == 0);
    T_CHECK((m.dev & ALTO_MPART_DEV_GUESSED) && !strcmp(m.boundary, "g"));
    alto_mpart_free(&m);
    /* Missing parts: no delimiter at all, a close delimiter only. */
    T_CHECK(mp(&m, "multipart/related; boundary=b", "no parts here") == -1);
    T_CONTAINS(m.err, "no delimiter line \"--b\"");
    T_CHECK(mp(&m, "multipart/related; boundary=b", "--b--\r\n") == -1 && m.delims == 1);
    /* More parts than kept: counted. */
    T_CHECK(mp(&m, "multipart/related; boundary=b", "--b\r\n\r\n1\r\n--b\r\n\r\n2\r\n--b\r\n\r\n3\r\n"
               "--b\r\n\r\n4\r\n--b\r\n\r\n5\r\n--b\r\n\r\n6\r\n--b\r\n\r\n7\r\n--b\r\n\r\n8\r\n"
               "--b\r\n\r\n9\r\n--b--\r\n") == 0);
    T_CHECK(m.nparts == 9);
    alto_mpart_free(&m);
    char rid[80];
    const char *why;
    T_CHECK(alto_mpart_content_id("<ecs@alto.example.com>", rid, sizeof rid, &why) && !strcmp(rid, "ecs"));
    T_CHECK(!alto_mpart_content_id("<ecs.x@h>", rid, sizeof rid, &why));
    T_CHECK(!alto_mpart_content_id("ecs@h", rid, sizeof rid, &why));
    T_CHECK(alto_mpart_boundary_ok("altospec-pv") && !alto_mpart_boundary_ok("ends "));

    /* The client's strict reading. */
    json_t *parts;
    alto_err e;
    const char *two = "--b\r\nContent-ID: <x@h>\r\n\r\n{}\r\n--b\r\nContent-ID: <r@h>\r\n\r\n{\"r\":1}\r\n--b--";
    T_CHECK(alto_mpart_read("multipart/related; boundary=b; start=<r@h>", two, strlen(two), 64,
                            &parts, &e) == 0);
    T_STREQ(json_string_value(json_object_get(json_array_get(parts, 0), "content_id")), "<r@h>");
    T_STREQ(json_string_value(json_object_get(json_array_get(parts, 0), "content_type")), "text/plain");
    json_decref(parts);
    /* A header value that is not UTF-8 keeps its part, as "\xNN" text. */
    const char *latin = "--b\r\nContent-ID: <x@h\xa4>\r\nContent-Type: a/\xe9\r\n\r\n{}\r\n"
                        "--b\r\nContent-ID: <r@h>\r\n\r\n{}\r\n--b--";
    T_CHECK(alto_mpart_read("multipart/related; boundary=b", latin, strlen(latin), 64, &parts, &e) == 0);
    T_CHECK(json_array_size(parts) == 2);
    T_STREQ(json_string_value(json_object_get(json_array_get(parts, 0), "content_id")), "<x@h\\xa4>");
    T_STREQ(json_string_value(json_object_get(json_array_get(parts, 0), "content_type")), "a/\\xe9");
    json_decref(parts);
    static const struct { const char *ct, *body, *why; } bad[] = {
        {.ct = "application/json", .body = "{}", .why = "expected a multipart/related answer"},
        {.ct = "multipart/related", .body = "--g\r\n\r\n{}\r\n--g--", .why = "without a boundary parameter"},
        {.ct = "multipart/related; boundary=b", .body = "none", .why = "no delimiter \"--b\""},
        {.ct = "multipart/related; boundary=b", .body = "--b--", .why = "holds no part"},
        {.ct = "multipart/related; boundary=b", .body = "--b\r\nContent-Type: a/b\r\n", .why = "blank line"},
        {.ct = "multipart/related; boundary=b; start=\"<n@h>\"", .body = "--b\r\n\r\n{}\r\n--b--",
         .why = "start=\"<n@h>\" names no part"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        T_CHECK(alto_mpart_read(bad[i].ct, bad[i].body, strlen(bad[i].body), 64, &parts, &e) == -1);
        T_CONTAINS(e.msg, bad[i].why);
        T_CHECK(parts == NULL);
    }
}

static void test_lookups(void) {
    json_t *nm = json_loads("{\"network-map\":{"
                            "\"all\":{\"ipv4\":[\"0.0.0.0/0\"],\"ipv6\":[\"::/0\"]},"
                            "\"a\":{\"ipv4\":[\"192.0.2.0/24\"],\"ipv6\":[\"2001:db8::/32\"]},"
                            "\"b\":{\"ipv4\":[\"192.0.2.128/25\", \"bogus\"],\"ipv6\":[\"2001:db8:0:1::/64\"]},"
                            "\"c\":{\"ipv4\":[\"192.0.2.128/25\"],\"ipv6\":[\"2001:db8:0:1::1\"]},"
                            "\"v4only\":{\"ipv6\":[\"198.51.100.0/24\"]}}}", 0, NULL);
    alto_netmap *m = alto_netmap_new(nm);
    json_decref(nm);
    static const struct { const char *addr, *pid; } rows[] = {
        {.addr = "ipv4:192.0.2.1", .pid = "a"},
        {.addr = "ipv4:192.0.2.200", .pid = "b"},          /* equal lengths: first PID */
        {.addr = "ipv4:198.51.100.1", .pid = "all"},       /* an IPv4 text in "ipv6" counts for nothing */
        {.addr = "ipv6:2001:db8::5", .pid = "a"},
        {.addr = "ipv6:2001:db8:0:1::2", .pid = "b"},
        {.addr = "ipv6:2001:DB8:0:1:0:0:0:1", .pid = "c"}, /* /128 beats /64; any IPv6 spelling */
        {.addr = "ipv6:::1", .pid = "all"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        T_STREQ(alto_netmap_pid_typed(m, rows[i].addr), rows[i].pid);
    T_CHECK(alto_netmap_pid_typed(m, "192.0.2.1") == NULL);    /* not typed */
    T_CHECK(alto_netmap_pid_typed(m, "ipv5:1.2.3.4") == NULL);
    alto_netmap_free(m);
    /* Typed addresses print in RFC 5952 form. */
    alto_addr a;
    char t[80];
    T_CHECK(alto_addr_parse_typed("ipv6:2001:DB8:0:0:1:0:0:1", &a) == 0);
    T_STREQ(alto_addr_fmt_typed(&a, t, sizeof t), "ipv6:2001:db8::1:0:0:1");
    T_CHECK(alto_addr_parse_typed("ipv4:010.0.0.1", &a) == -1);
}

int main(void) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    char base[64];
    struct MHD_Daemon *d = serve(base, sizeof base);
    T_CHECK(d != NULL);
    if (d) {
        test_ird_walk(base);
        test_exchanges(base);
        test_cache_and_dead(base);
        MHD_stop_daemon(d);
    }
    test_uri();
    test_media();
    test_multipart();
    test_lookups();
    curl_global_cleanup();
    T_DONE();
}
