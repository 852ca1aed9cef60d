/* s6_operational.c: RFC 9439 section 6.3, backward compatibility: a
 * routingcost type with a cost-context has cost-source "estimation" (an
 * RFC 7285 client reads every routingcost as that).  Judged on
 * meta.cost-types of every IRD. */
#include <stdio.h>
#include <string.h>
#include "rfc9439.h"

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
