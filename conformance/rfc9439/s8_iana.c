/* s8_iana.c: RFC 9439 section 8 with RFC 7285 section 10.6: every cost
 * metric an IRD names is registered (routingcost, ane-path, the RFC 9439
 * metrics, bw-maxres of the published RFC) or private ("priv:" and more),
 * its base identifier judged apart from a statistical operator. */
#include <stdio.h>
#include "rfc9439.h"

static void registered_metric(conf_ctx *c, const p9_type *t) {
    char path[300];
    if (!t->metric) return;
    snprintf(path, sizeof path, "meta/cost-types/%s/cost-metric", t->name);
    conf_checked(conf_pb(c), 1);
    if (!conf_pm_registered(t->metric))
        conf_prob(conf_pb(c), path, "a registered cost metric (RFC 7285, 9275, 9439) or priv:...", t->metric,
                  "%s: \"%s\" is not in the ALTO Cost Metric registry", t->name, t->base);
}

void r9439_registered_metric(conf_ctx *c) { p9_each_type(c, registered_metric); }
