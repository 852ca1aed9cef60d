/* conf_ctx.h: what a case sees while it runs.
 *
 * A case asks for exchanges (conf_get / conf_post), insists on a usable
 * answer (conf_ok for the exchange under test, conf_control for the one
 * it compares with), and records problems through conf_pb(); each problem
 * is tied to the exchange it was found in, so the evidence of a verdict is
 * exactly the requests that prove it.  conf_set() forces a verdict that no
 * problem can express: ERROR (could not judge), UNSUPPORTED, SKIP.
 *
 * Verdicts are earned, here and not case by case (conf_ctx_verdict):
 * problems decide FAIL / WARN; otherwise a forced verdict; otherwise a
 * case that sent no request is ERROR (the harness judged nothing), one
 * whose checks evaluated no data item (conf_checked) is SKIP with the
 * reason it gave (conf_empty), and only then PASS, with the count of
 * items checked. */
#ifndef CONF_CTX_H
#define CONF_CTX_H

#include "conf.h"
#include "conf_sess.h"
#include "conf_check.h"

#define CONF_CTX_MAX_X 64       /* exchanges kept as evidence per case */

struct conf_ctx {
    conf_session *s;
    const conf_case *cs;
    conf_probs probs;
    conf_xchg *used[CONF_CTX_MAX_X];
    int cached[CONF_CTX_MAX_X];
    int nused;
    int has_forced;
    conf_verdict forced;
    char reason[512];
    char empty[512];            /* conf_empty: why there was nothing to judge */
    char note[512];             /* conf_note: said with a PASS */
};

void conf_ctx_init(conf_ctx *c, conf_session *s, const conf_case *cs);
void conf_ctx_free(conf_ctx *c);

/* GET a resource (Accept: its media type and alto-error+json). */
conf_xchg *conf_get(conf_ctx *c, const conf_res *r);
/* POST to a resource with its "accepts" media type; body is consumed. */
conf_xchg *conf_post(conf_ctx *c, const conf_res *r, json_t *body);
/* POST raw text (malformed bodies for E_SYNTAX). */
conf_xchg *conf_post_text(conf_ctx *c, const conf_res *r, const char *body);
/* The JSON object body of a successful (200) response, or NULL after
 * recording why: a transport failure or a non-JSON body is ERROR (the
 * harness cannot judge), another status is a problem (FAIL/WARN). */
json_t *conf_ok(conf_ctx *c, conf_xchg *x);
/* The JSON object body of a control exchange (the answer the exchange
 * under test is compared with), or NULL after forcing ERROR "cannot
 * judge: control request ... answered ...": the server is never blamed
 * for the harness's own reference request. */
json_t *conf_control(conf_ctx *c, conf_xchg *x);
/* Makes x the exchange later problems refer to. */
void conf_focus(conf_ctx *c, conf_xchg *x);
/* Checks an error answer: status 4xx, alto-error+json, code, and field
 * one of the '|'-separated names (NULL = any). */
void conf_expect_alto_error(conf_ctx *c, conf_xchg *x, const char *code, const char *fields);

/* Forces a verdict; the first call wins.  A forced PASS is only a note:
 * the engine still decides whether the PASS was earned. */
void conf_set(conf_ctx *c, conf_verdict v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Why there was nothing to judge, naming what was missing ("the
 * endpoint-cost-map of ecs is empty"); the SKIP reason when no check
 * evaluated anything.  The first call wins. */
void conf_empty(conf_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A remark shown as the reason of a PASS (e.g. how many pairs were compared). */
void conf_note(conf_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline conf_probs *conf_pb(conf_ctx *c) { return &c->probs; }
/* Records n data items checked (see conf_checked). */
static inline void conf_ctx_checked(conf_ctx *c, int n) { conf_checked(&c->probs, n); }
/* Exchanges of this case that were really sent. */
int conf_ctx_sent(const conf_ctx *c);

/* Final verdict: problems at the case's level decide FAIL (WARN for a
 * SHOULD row), soft problems WARN (both FAIL under strict); else the
 * forced verdict; else ERROR without a sent exchange, SKIP without a
 * checked item, PASS. */
conf_verdict conf_ctx_verdict(const conf_ctx *c, int strict, const char **reason);

/* Runs a data row (c->cs->expect; conf_data.c). */
void conf_data_run(conf_ctx *c);

/* Evidence array of the exchanges this case used: each the one evidence
 * record of lib/ (alto_xchg_json, bodies capped). */
json_t *conf_ctx_evidence(const conf_ctx *c);

#endif
