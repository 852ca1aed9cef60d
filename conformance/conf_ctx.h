/* conf_ctx.h: what a case sees while it runs.
 *
 * A case asks for exchanges (conf_get / conf_post), insists on a usable
 * answer (conf_ok), and records problems through conf_pb(); each problem
 * is tied to the exchange it was found in, so the evidence of a verdict is
 * exactly the requests that prove it.  conf_set() forces a verdict that no
 * problem can express: ERROR (could not judge), UNSUPPORTED, SKIP. */
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
/* Makes x the exchange later problems refer to. */
void conf_focus(conf_ctx *c, conf_xchg *x);

/* Forces a verdict; the first call wins. */
void conf_set(conf_ctx *c, conf_verdict v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline conf_probs *conf_pb(conf_ctx *c) { return &c->probs; }

/* Final verdict: problems decide FAIL/WARN by the case's level (WARN
 * becomes FAIL under strict), else the forced verdict, else PASS. */
conf_verdict conf_ctx_verdict(const conf_ctx *c, int strict, const char **reason);

/* Evidence array of the exchanges this case used (bodies capped). */
json_t *conf_ctx_evidence(const conf_ctx *c);
json_t *conf_xchg_json(const conf_xchg *x, int cached);

#endif
