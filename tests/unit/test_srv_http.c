/* test_srv_http.c: the embeddable server API (srv.h) in-process: start on
 * an ephemeral port, the IRD URL, requests over libcurl, reload under load
 * (no request may fail or see a half-built state), stop, and start errors. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <curl/curl.h>
#include <jansson.h>
#include "t.h"
#include "srv.h"
#include "alto_buf.h"

static size_t on_body(char *p, size_t sz, size_t n, void *ud) {
    alto_buf_append(ud, p, sz * n);
    return sz * n;
}

/* One request; returns the status and the parsed body (caller frees). */
static long fetch(CURL *c, const char *url, const char *ctype, const char *body, json_t **doc) {
    alto_buf b = ALTO_BUF_INIT;
    struct curl_slist *h = NULL;
    char hdr[128];
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    if (body) {
        snprintf(hdr, sizeof hdr, "Content-Type: %s", ctype);
        h = curl_slist_append(h, hdr);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    }
    long status = 0;
    if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(h);
    if (doc) *doc = b.data ? json_loadb(b.data, b.len, 0, NULL) : NULL;
    alto_buf_free(&b);
    return status;
}

static sim_topo *load(const char *path) {
    alto_err err;
    sim_topo *t = sim_topo_load(path, &err);
    if (!t) fprintf(stderr, "%s\n", err.msg);
    return t;
}

static char base[128];

static void url_of(char *out, size_t n, const char *path) { snprintf(out, n, "%s%s", base, path); }

typedef struct hammer { int n, bad; atomic_int *stop; } hammer;

/* Requests in a loop while the main thread reloads. */
static void *hammer_run(void *ud) {
    hammer *h = ud;
    CURL *c = curl_easy_init();
    char u1[192], u2[192];
    url_of(u1, sizeof u1, "/costmap/num-hopcount");
    url_of(u2, sizeof u2, "/costmap/filtered");
    while (!atomic_load(h->stop)) {
        json_t *d = NULL;
        long st = h->n % 2 ? fetch(c, u1, NULL, NULL, &d)
                           : fetch(c, u2, "application/alto-costmapfilter+json",
                                   "{\"cost-type\":{\"cost-metric\":\"hopcount\","
                                   "\"cost-mode\":\"numerical\"}}", &d);
        json_t *tag = json_object_get(json_array_get(json_object_get(
            json_object_get(d, "meta"), "dependent-vtags"), 0), "tag");
        if (st != 200 || !json_is_string(tag)) h->bad++;
        json_decref(d);
        h->n++;
    }
    curl_easy_cleanup(c);
    return NULL;
}

int main(void) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    alto_err err;
    srv_config opt = {.listen = "127.0.0.1:0", .quiet = 1};
    srv_server *s = srv_start(load("scenarios/ietf113/topology.yaml"), &opt, &err);
    T_CHECK(s != NULL);
    if (!s) { fprintf(stderr, "%s\n", err.msg); T_DONE(); }
    const char *ird = srv_ird_url(s);
    unsigned port = 0;
    T_CHECK(sscanf(ird, "http://127.0.0.1:%u/directory", &port) == 1 && port > 0);
    snprintf(base, sizeof base, "http://127.0.0.1:%u", port);

    CURL *c = curl_easy_init();
    json_t *d = NULL;
    T_CHECK(fetch(c, ird, NULL, NULL, &d) == 200);
    char want[192];
    url_of(want, sizeof want, "/networkmap");
    T_STREQ(json_string_value(json_object_get(json_object_get(json_object_get(
        d, "resources"), "default-network-map"), "uri")), want);
    json_decref(d);

    /* Port already in use: a clear error, nothing leaks. */
    char busy[64];
    snprintf(busy, sizeof busy, "127.0.0.1:%u", port);
    srv_config o2 = {.listen = busy, .quiet = 1};
    T_CHECK(srv_start(load("scenarios/ietf113/topology.yaml"), &o2, &err) == NULL);
    T_CONTAINS(err.msg, "cannot listen");
    srv_config o3 = {.listen = "example.com:80", .quiet = 1};
    T_CHECK(srv_start(load("scenarios/ietf113/topology.yaml"), &o3, &err) == NULL);
    T_CONTAINS(err.msg, "--listen");

    char tag1[65], tag2[65];
    srv_vtag(s, tag1);
    T_CHECK(strlen(tag1) == 32);

    /* Reload repeatedly under load: every request answers 200 with a vtag. */
    atomic_int stop = 0;
    hammer h[2] = {{0, 0, &stop}, {0, 0, &stop}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++) pthread_create(&th[i], NULL, hammer_run, &h[i]);
    for (int i = 0; i < 20; i++) {
        const char *p = i % 2 ? "scenarios/ietf113/topology.yaml" : "tests/py/data/srv_groups.yaml";
        T_CHECK(srv_reload(s, load(p), &err) == 0);
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    atomic_store(&stop, 1);
    for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
    T_CHECK_MSG(h[0].n + h[1].n > 20, "only %d requests", h[0].n + h[1].n);
    T_CHECK_MSG(h[0].bad + h[1].bad == 0, "%d failed requests", h[0].bad + h[1].bad);

    /* Last reload was the IETF 113 topology again: same vtag as at start. */
    srv_vtag(s, tag2);
    T_STREQ(tag2, tag1);
    T_CHECK(srv_reload(s, load("tests/py/data/srv_groups.yaml"), &err) == 0);
    srv_vtag(s, tag2);
    T_CHECK(strcmp(tag1, tag2) != 0);
    url_of(want, sizeof want, "/networkmap");
    T_CHECK(fetch(c, want, NULL, NULL, &d) == 200);
    T_STREQ(json_string_value(json_object_get(json_object_get(json_object_get(
        d, "meta"), "vtag"), "tag")), tag2);
    T_CHECK(json_object_get(json_object_get(d, "network-map"), "east") != NULL);
    json_decref(d);

    /* A reload with no topology fails and keeps serving. */
    T_CHECK(srv_reload(s, NULL, &err) == -1);
    T_CHECK(fetch(c, ird, NULL, NULL, NULL) == 200);

    curl_easy_cleanup(c);
    srv_stop(s);
    curl_global_cleanup();
    T_DONE();
}
