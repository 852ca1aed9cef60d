/* test_conf_engine.c: the conformance engine's plumbing: id selection,
 * expectations files (with file:line:col errors), the requirement
 * coverage file against the case registry, the HTTP client on hostile
 * sockets, and a whole in-process run against the embedded reference
 * server (which must pass: the run doubles as a sanitizer test). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "t.h"
#include "conf_run.h"
#include "conf_cov.h"
#include "conf_expect.h"
#include "alto_http.h"
#include "alto_buf.h"
#include "srv.h"
#include "sim_topo.h"

static void test_ids(void) {
    T_CHECK(conf_id_match("rfc7285/11.3.2", "rfc7285/11.3.2.3/constraint-gt"));
    T_CHECK(!conf_id_match("rfc7285/11.3", "rfc7285/11.30.1/x"));
    T_CHECK(conf_id_match("rfc7285/11.3.2.3/constraint-gt", "rfc7285/11.3.2.3/constraint-gt"));
    T_CHECK(!conf_id_match("rfc7285/11.3.2.3/constraint", "rfc7285/11.3.2.3/constraint-gt"));
    T_CHECK(conf_id_match("*constraint*", "rfc7285/11.3.2.3/constraint-gt"));
    T_CHECK(conf_id_match("rfc7285/*/vtag", "rfc7285/11.2.1.6/vtag"));
    const char *only[] = {"rfc7285/11", NULL}, *excl[] = {"*vtag*", NULL};
    T_CHECK(conf_selected("rfc7285/11.2.2/completeness", only, excl));
    T_CHECK(!conf_selected("rfc7285/11.2.1.6/vtag", only, excl));
    T_CHECK(!conf_selected("rfc7285/9.2/ird-get", only, excl));
    T_CHECK(conf_selected("rfc7285/9.2/ird-get", NULL, NULL));
    /* Registry: unique ids, each "suite/section/name" with its own section. */
    const conf_suite *s = conf_suite_find("rfc7285");
    T_CHECK(s && s->ncases >= 80);
    for (size_t i = 0; s && i < s->ncases; i++) {
        char want[64];
        snprintf(want, sizeof want, "rfc7285/%s/", s->cases[i].section);
        T_CHECK_MSG(!strncmp(s->cases[i].id, want, strlen(want)), "%s vs section %s", s->cases[i].id, s->cases[i].section);
        /* A row is a run function or a data row (conf_want), never both or neither. */
        T_CHECK(s->cases[i].requirement[0] && s->cases[i].title[0] && !s->cases[i].run != !s->cases[i].expect);
        if (s->cases[i].expect) T_CHECK(s->cases[i].expect->media && s->cases[i].expect->media[0]);
        for (size_t j = 0; j < i; j++) T_CHECK_MSG(strcmp(s->cases[i].id, s->cases[j].id), "duplicate %s", s->cases[i].id);
    }
}

static const char *write_tmp(const char *name, const char *text) {
    static char path[256];
    snprintf(path, sizeof path, "/tmp/altospec-test-conf-%d-%s", (int)getpid(), name);
    alto_err e;
    alto_write_file(path, text, strlen(text), &e);
    return path;
}

static void test_expect(void) {
    const conf_suite *s = conf_suite_find("rfc7285");
    alto_err err;
    const char *p = write_tmp("ok.yaml",
        "expect:\n"
        "  - case: \"rfc7285/11.3.2.3/constraint-*\"\n    verdict: fail\n    reason: not yet\n"
        "  - case: rfc7285/11.3.2\n    verdict: WARN\n");
    conf_expect *e = conf_expect_load(p, &err);
    T_CHECK(e != NULL);
    conf_verdict v;
    const char *why;
    T_CHECK(conf_expect_lookup(e, "rfc7285/11.3.2.3/constraint-gt", &v, &why) && v == CONF_FAIL);
    T_STREQ(why, "not yet");
    T_CHECK(conf_expect_lookup(e, "rfc7285/11.3.2.6/vtag", &v, &why) && v == CONF_WARN);
    T_CHECK(!conf_expect_lookup(e, "rfc7285/9.2/ird-get", &v, &why));
    T_CHECK(conf_expect_check_suite(e, s, &err) == 0);
    conf_expect_free(e);
    unlink(p);

    p = write_tmp("bad.yaml", "expect:\n  - case: x\n    verdict: MAYBE\n");
    T_CHECK(conf_expect_load(p, &err) == NULL);
    T_CONTAINS(err.msg, ":3:");
    T_CONTAINS(err.msg, "MAYBE");
    unlink(p);
    p = write_tmp("nomatch.yaml", "expect:\n  - case: rfc7285/42\n    verdict: PASS\n");
    e = conf_expect_load(p, &err);
    T_CHECK(e && conf_expect_check_suite(e, s, &err) < 0);
    T_CONTAINS(err.msg, ":2:");
    T_CONTAINS(err.msg, "matches no case");
    conf_expect_free(e);
    unlink(p);
}

static void test_coverage_file(void) {
    alto_err err = {""};
    const conf_suite *s = conf_suite_find("rfc7285");
    FILE *devnull = fopen("/dev/null", "w");
    /* Every case is linked to a requirement and every linked id exists. */
    T_CHECK_MSG(conf_cov_check(ALTOSPEC_SOURCE_DIR "/scenarios/conformance/rfc7285-requirements.yaml",
                               s, 1, devnull, &err) == 0, "%s", err.msg);
    fclose(devnull);
}

/* A listening socket that never accepts: connect succeeds (backlog), no
 * byte ever comes back. */
static int silent_listener(int *port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 4) < 0) return -1;
    getsockname(fd, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return fd;
}

static void test_http(const char *ird) {
    alto_http *h = alto_http_new();
    char url[128];
    alto_http_resp r = {0};
    alto_http_req q = {.method = "GET", .url = ird, .accept = "application/alto-directory+json"};
    T_CHECK(alto_http_do(h, &q, &r) == 0);
    T_CHECK(r.status == 200);
    char mt[64];
    alto_http_media_type(r.content_type, mt, sizeof mt);
    T_STREQ(mt, "application/alto-directory+json");
    char *cl = alto_http_header(&r, "content-length");
    T_CHECK(cl && (size_t)atol(cl) == r.body.len);
    free(cl);
    alto_http_resp_free(&r);
    /* Body cap: the transfer is cut and reported. */
    q.max_body = 10;
    T_CHECK(alto_http_do(h, &q, &r) < 0);
    T_CHECK(r.truncated && r.body.len == 10);
    T_CONTAINS(r.error, "exceeds the cap");
    alto_http_resp_free(&r);
    /* Total timeout against a silent server. */
    int port = 0, fd = silent_listener(&port);
    T_CHECK(fd >= 0);
    snprintf(url, sizeof url, "http://127.0.0.1:%d/directory", port);
    alto_http_req s = {.method = "GET", .url = url, .timeout = 0.3};
    T_CHECK(alto_http_do(h, &s, &r) < 0);
    T_CONTAINS(r.error, "timeout");
    T_CHECK(r.elapsed < 2.0);
    alto_http_resp_free(&r);
    close(fd);
    /* Refused. */
    T_CHECK(alto_http_do(h, &s, &r) < 0 && r.status == 0 && r.error[0]);
    alto_http_resp_free(&r);
    alto_http_free(h);
    /* Media type and curl line quoting. */
    alto_http_media_type(" Application/ALTO-costmap+JSON ; charset=utf-8", mt, sizeof mt);
    T_STREQ(mt, "application/alto-costmap+json");
    alto_http_req c = {.method = "POST", .url = "http://h/x", .content_type = "a/b", .body = "{\"it's\":1}", .body_len = 10};
    char *cmd = alto_http_curl_cmd(&c);
    T_STREQ(cmd, "curl -sS -i -X POST -H 'Content-Type: a/b' --data-binary '{\"it'\\''s\":1}' 'http://h/x'");
    free(cmd);
}

static int requests_seen;
static void on_req(void *ud, const conf_xchg *x, int cached) { (void)ud; (void)x; if (!cached) requests_seen++; }

static void test_embedded_run(const char *ird) {
    const conf_suite *s = conf_suite_find("rfc7285");
    conf_run_opts o = {.suite = s, .http = CONF_OPTS_DEFAULT, .ird_url = ird, .embedded = 1};
    conf_events ev = {.request = on_req};
    alto_err err;
    json_t *rep = conf_run(&o, &ev, &err);
    T_CHECK(rep != NULL);
    json_t *sum = json_object_get(rep, "summary");
    T_CHECK(json_integer_value(json_object_get(sum, "FAIL")) == 0);
    T_CHECK(json_integer_value(json_object_get(sum, "ERROR")) == 0);
    T_CHECK(json_integer_value(json_object_get(sum, "PASS")) >= 80);
    T_CHECK(conf_report_exit(rep) == 0);
    T_CHECK(json_integer_value(json_object_get(rep, "requests")) == requests_seen);
    json_decref(rep);
    /* A selection matching nothing is a configuration error. */
    const char *only[] = {"rfc7285/none", NULL};
    o.only = only;
    T_CHECK(conf_run(&o, NULL, &err) == NULL);
    T_CONTAINS(err.msg, "matches no case");
}

int main(void) {
    test_ids();
    test_expect();
    test_coverage_file();
    alto_err err;
    sim_topo *t = sim_topo_load(ALTOSPEC_SOURCE_DIR "/scenarios/ietf113/topology.yaml", &err);
    T_CHECK_MSG(t != NULL, "%s", err.msg);
    srv_config so = {.listen = "127.0.0.1:0", .quiet = 1};
    srv_server *srv = t ? srv_start(t, &so, &err) : NULL;
    T_CHECK_MSG(srv != NULL, "%s", err.msg);
    if (srv) {
        test_http(srv_ird_url(srv));
        test_embedded_run(srv_ird_url(srv));
        srv_stop(srv);
    }
    T_DONE();
}
