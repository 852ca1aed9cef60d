/* conf_data.c: the one function that evaluates data rows (conf_want in
 * conf.h): cases that are only a request and an expected answer, such as
 * "cost maps are application/alto-costmap+json", are rows of the suite's
 * table, not functions.  The judgement is that of the run functions they
 * replace: a 200 answer (conf_ok records a transport failure as ERROR and
 * another status as a problem) must carry the expected media type; a 200
 * whose body is not JSON is still judged on its Content-Type. */
#include "conf_ctx.h"
#include "conf_check.h"

void conf_data_run(conf_ctx *c) {
    const conf_want *w = c->cs->expect;
    const conf_res *r;
    for (int i = 0; (r = conf_ird_nth(&c->s->ird, (conf_svc)w->svc, i)) != NULL; i++) {
        conf_xchg *x;
        if (w->body) {
            json_t *b = w->body(c, r);
            if (!b) continue;
            x = conf_post(c, r, b);
        } else {
            x = conf_get(c, r);
        }
        if (conf_ok(c, x) || (x->rc == 0 && x->resp.status == 200)) conf_check_media(conf_pb(c), x, w->media);
    }
}
