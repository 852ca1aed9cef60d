/* test_conf_verdict.c: the engine's verdict rules, without a server.
 *
 * A verdict is earned: a case that sent no request cannot PASS, one that
 * checked nothing is SKIP with the reason it gave, a soft problem (SHOULD
 * or leniency) is WARN and FAIL only under --strict, a failed control
 * request is ERROR "cannot judge".  Then the ordinal-versus-numerical
 * check of RFC 7285 6.1.2.2 on small maps, both ways. */
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "conf_ctx.h"
#include "conf_ordinal.h"

static void noop(conf_ctx *c) { (void)c; }

static const conf_case must_case = {.id = "test/1/must", .section = "1", .level = CONF_MUST, .title = "t",
                                    .requirement = "q", .run = noop};
static const conf_case should_case = {.id = "test/1/should", .section = "1", .level = CONF_SHOULD, .title = "t",
                                      .requirement = "q", .run = noop};

/* An exchange that was sent and answered 200 with body (JSON or not). */
static conf_xchg *xchg(long status, const char *body, int skipped) {
    conf_xchg *x = calloc(1, sizeof *x);
    x->method = "GET";
    x->url = "http://127.0.0.1:1/x";
    x->resp.status = status;
    x->skipped = skipped;
    x->rc = skipped ? -1 : 0;
    x->seq = skipped ? 0 : 1;
    if (body) x->json = json_loads(body, 0, NULL);
    if (!x->json) snprintf(x->jerr, sizeof x->jerr, "not JSON");
    return x;
}

static void xfree(conf_xchg *x) {
    json_decref(x->json);
    free(x);
}

static conf_verdict verdict(conf_ctx *c, int strict, const char **why) {
    return conf_ctx_verdict(c, strict, why);
}

static void test_earned(void) {
    const char *why;
    conf_ctx c;
    /* No exchange at all: never PASS, even with a check counted and a
     * forced PASS note. */
    conf_ctx_init(&c, NULL, &must_case);
    conf_ctx_checked(&c, 3);
    conf_set(&c, CONF_PASS, "looked fine");
    T_CHECK(verdict(&c, 0, &why) == CONF_ERROR);
    T_CONTAINS(why, "sent no request");
    conf_ctx_free(&c);

    /* An exchange that was not sent (dead server) does not count. */
    conf_xchg *dead = xchg(0, NULL, 1);
    conf_ctx_init(&c, NULL, &must_case);
    conf_focus(&c, dead);
    conf_ctx_checked(&c, 1);
    T_CHECK(verdict(&c, 0, &why) != CONF_PASS);
    conf_ctx_free(&c);
    xfree(dead);

    /* Sent, but nothing checked: SKIP with the reason the case gave. */
    conf_xchg *x = xchg(200, "{\"endpoint-cost-map\": {}}", 0);
    conf_ctx_init(&c, NULL, &must_case);
    conf_focus(&c, x);
    conf_empty(&c, "the endpoint-cost-map of %s is empty", "ecs");
    conf_empty(&c, "a later reason does not replace the first");
    T_CHECK(verdict(&c, 0, &why) == CONF_SKIP);
    T_STREQ(why, "the endpoint-cost-map of ecs is empty");
    /* One item checked: now PASS, with the note. */
    conf_ctx_checked(&c, 1);
    conf_note(&c, "compared %d pairs", 1);
    T_CHECK(verdict(&c, 0, &why) == CONF_PASS);
    T_STREQ(why, "compared 1 pairs");
    T_CHECK(conf_ctx_sent(&c) == 1);
    conf_ctx_free(&c);

    /* A SKIP without a reason still says why. */
    conf_ctx_init(&c, NULL, &must_case);
    conf_focus(&c, x);
    T_CHECK(verdict(&c, 0, &why) == CONF_SKIP && why[0]);
    conf_ctx_free(&c);
    xfree(x);
}

static void test_levels(void) {
    const char *why;
    conf_ctx c;
    conf_xchg *x = xchg(200, "{}", 0);
    /* A soft problem in a MUST row: WARN, FAIL under strict. */
    conf_ctx_init(&c, NULL, &must_case);
    conf_focus(&c, x);
    conf_prob_soft(conf_pb(&c), "status", "an error", "HTTP 200", "accepted (leniency)");
    T_CHECK(verdict(&c, 0, &why) == CONF_WARN);
    T_STREQ(why, "accepted (leniency)");
    T_CHECK(verdict(&c, 1, &why) == CONF_FAIL);
    T_STREQ(json_string_value(json_object_get(json_array_get(c.probs.list, 0), "level")), "SHOULD");
    /* A MUST problem as well: FAIL, and the reason is the MUST one. */
    conf_prob(conf_pb(&c), "$.meta.code", "E_SYNTAX", "E_X", "wrong code");
    T_CHECK(verdict(&c, 0, &why) == CONF_FAIL);
    T_STREQ(why, "wrong code");
    conf_ctx_free(&c);
    /* A problem in a SHOULD row: WARN, FAIL under strict. */
    conf_ctx_init(&c, NULL, &should_case);
    conf_focus(&c, x);
    conf_prob(conf_pb(&c), "$", "x", "y", "should broken");
    T_CHECK(verdict(&c, 0, &why) == CONF_WARN);
    T_CHECK(verdict(&c, 1, &why) == CONF_FAIL);
    conf_ctx_free(&c);
    /* Problems win over a forced ERROR; a forced SKIP stands alone. */
    conf_ctx_init(&c, NULL, &must_case);
    conf_focus(&c, x);
    conf_set(&c, CONF_SKIP, "no PIDs");
    T_CHECK(verdict(&c, 0, &why) == CONF_SKIP);
    T_STREQ(why, "no PIDs");
    conf_prob(conf_pb(&c), "$", "x", "y", "broken");
    T_CHECK(verdict(&c, 0, &why) == CONF_FAIL);
    conf_ctx_free(&c);
    xfree(x);
}

static void test_control(void) {
    const char *why;
    conf_ctx c;
    conf_xchg *bad = xchg(500, NULL, 0), *garbage = xchg(200, "<html>", 0), *ok = xchg(200, "{\"a\": 1}", 0);
    conf_ctx_init(&c, NULL, &must_case);
    T_CHECK(conf_control(&c, ok) == ok->json);
    T_CHECK(conf_control(&c, bad) == NULL);
    T_CHECK(c.probs.n == 0);            /* the server is not blamed */
    T_CHECK(verdict(&c, 0, &why) == CONF_ERROR);
    T_CONTAINS(why, "cannot judge: the control request GET");
    T_CONTAINS(why, "answered HTTP 500");
    conf_ctx_free(&c);
    conf_ctx_init(&c, NULL, &must_case);
    T_CHECK(conf_control(&c, garbage) == NULL);
    T_CHECK(verdict(&c, 0, &why) == CONF_ERROR);
    T_CONTAINS(why, "not a JSON object");
    conf_ctx_free(&c);
    xfree(bad);
    xfree(garbage);
    xfree(ok);
}

static int ord_problems(const char *ord, const char *num, int dir, conf_ord_stats *st) {
    json_t *o = json_loads(ord, 0, NULL), *n = json_loads(num, 0, NULL);
    conf_probs p;
    conf_probs_init(&p);
    int k = conf_ordinal_check(o, n, "cost-map", dir, &p, st);
    T_CHECK(p.checked >= (int)st->pairs);
    conf_probs_free(&p);
    json_decref(o);
    json_decref(n);
    return k;
}

static void test_ordinal(void) {
    /* The example: ranked per source row, a cheaper pair in one row
     * outranks a dearer pair of another row. */
    const char *num = "{\"cost-map\": {\"c\": {\"c\": 0, \"x3\": 0.2, \"x4\": 0.5}, \"x1\": {\"x1\": 0, \"c\": 1}}}";
    conf_ord_stats st;
    T_CHECK(ord_problems("{\"cost-map\": {\"c\": {\"c\": 1, \"x3\": 2, \"x4\": 3}, \"x1\": {\"x1\": 1, \"c\": 2}}}",
                         num, -1, &st) > 0);
    T_CHECK(st.pairs == 5 && st.violations >= 1);
    /* Ranked across the map: consistent.  Ties broken either way, gaps. */
    T_CHECK(ord_problems("{\"cost-map\": {\"c\": {\"c\": 1, \"x3\": 2, \"x4\": 3}, \"x1\": {\"x1\": 1, \"c\": 4}}}",
                         num, -1, &st) == 0);
    T_CHECK(ord_problems("{\"cost-map\": {\"c\": {\"c\": 2, \"x3\": 3, \"x4\": 7}, \"x1\": {\"x1\": 1, \"c\": 9}}}",
                         num, -1, &st) == 0);
    /* A fractional value is not an ordinal map. */
    T_CHECK(ord_problems("{\"cost-map\": {\"c\": {\"c\": 1.5}}}", num, -1, &st) == 1);
    /* Higher is better: the largest bandwidth has rank 1. */
    const char *bw = "{\"cost-map\": {\"a\": {\"b\": 100, \"c\": 300}, \"b\": {\"a\": 200}}}";
    T_CHECK(ord_problems("{\"cost-map\": {\"a\": {\"b\": 3, \"c\": 1}, \"b\": {\"a\": 2}}}", bw, 1, &st) == 0);
    T_CHECK(ord_problems("{\"cost-map\": {\"a\": {\"b\": 3, \"c\": 1}, \"b\": {\"a\": 2}}}", bw, -1, &st) > 0);
    /* Pairs only one answer defines are not compared. */
    T_CHECK(ord_problems("{\"cost-map\": {\"z\": {\"z\": 1}}}", num, -1, &st) == 0 && st.pairs == 0);
    T_CHECK(conf_metric_direction("routingcost") == -1 && conf_metric_direction("bw-available") == 1);
    T_CHECK(conf_metric_direction("priv:mystery") == 0);
}

int main(void) {
    test_earned();
    test_levels();
    test_control();
    test_ordinal();
    T_DONE();
}
