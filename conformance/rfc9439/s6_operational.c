/* s6_operational.c: RFC 9439 section 6.2, every successful answer with
 * an RFC 9439 cost type carries Last-Modified (the freshness of the data:
 * the metrics have no timestamp of their own), and 6.3, backward
 * compatibility: a routingcost type with a cost-context has cost-source
 * "estimation" (an RFC 7285 client reads every routingcost as that). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rfc9439.h"

static void last_modified(conf_ctx *c, const p9_type *t) {
    const conf_res *rs[P9_MAX_RES];
    if (!t->metric || !t->mode || strcmp(t->mode, "numerical") || !conf_pm_is_pm(t->base)) return;
    int n = p9_resources(c, t, rs, P9_MAX_RES);
    for (int i = 0; i < n; i++) {
        conf_xchg *x = p9_exchange(c, rs[i], t);
        if (!x || x->rc != 0 || x->resp.status != 200) continue;    /* the value cases judge those */
        char *lm = alto_http_header(&x->resp, "Last-Modified");
        conf_focus(c, x);
        conf_checked(conf_pb(c), 1);
        if (!lm || !*lm)
            conf_prob(conf_pb(c), "headers/Last-Modified", "an HTTP-date", "(absent)",
                      "%s: the answer for %s has no Last-Modified", rs[i]->id, t->name);
        free(lm);
    }
}

void r9439_last_modified(conf_ctx *c) {
    p9_each_type(c, last_modified);
    conf_empty(c, "no resource answered a numerical RFC 9439 cost type");
}

static void routingcost_estimation(conf_ctx *c, const p9_type *t) {
    char path[300];
    if (strcmp(t->base, "routingcost") || !json_object_get(t->ct, "cost-context")) return;
    snprintf(path, sizeof path, "meta/cost-types/%s/cost-context", t->name);
    conf_checked(conf_pb(c), 1);
    if (!t->source || strcmp(t->source, "estimation"))
        conf_prob(conf_pb(c), path, "cost-source estimation", conf_jshow(json_object_get(t->ct, "cost-context")),
                  "%s: a routingcost cost-context whose cost-source is not estimation", t->name);
}

void r9439_routingcost_estimation(conf_ctx *c) {
    p9_each_type(c, routingcost_estimation);
    conf_empty(c, "no routingcost cost type of the IRD has a cost-context");
}
