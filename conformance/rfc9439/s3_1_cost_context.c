/* s3_1_cost_context.c: RFC 9439 section 3.1, the "cost-context" member of
 * a cost type: an object with a string cost-source (alphanumeric,
 * registered: nominal, sla, estimation) and optional parameters; one
 * resource never lists two types differing only in their cost-context;
 * an "sla" type links to its SLA.  Judged on meta.cost-types of every IRD
 * and on the cost-type-names of every resource. */
#include <stdio.h>
#include <string.h>
#include "rfc9439.h"

static void context_shape(conf_ctx *c, const p9_type *t) {
    json_t *cc = json_object_get(t->ct, "cost-context");
    char path[300];
    if (!cc) return;
    snprintf(path, sizeof path, "meta/cost-types/%s/cost-context", t->name);
    conf_checked(conf_pb(c), 1);
    if (!json_is_object(cc) || !json_is_string(json_object_get(cc, "cost-source")))
        conf_prob(conf_pb(c), path, "{\"cost-source\": string[, \"parameters\": JSONValue]}", conf_jshow(cc),
                  "%s: cost-context is not an object with a string cost-source", t->name);
}

void r9439_cost_context_shape(conf_ctx *c) {
    p9_each_type(c, context_shape);
    conf_empty(c, "no cost type of the IRD has a cost-context");
}

/* The cost-source of t's cost-context when it is a string, else NULL. */
static const char *given_source(const p9_type *t, char *path, size_t n) {
    snprintf(path, n, "meta/cost-types/%s/cost-context/cost-source", t->name);
    return json_string_value(json_object_get(json_object_get(t->ct, "cost-context"), "cost-source"));
}

static void source_syntax(conf_ctx *c, const p9_type *t) {
    char path[300];
    const char *s = given_source(t, path, sizeof path);
    if (!s) return;
    conf_checked(conf_pb(c), 1);
    if (!conf_pm_source_syntax(s))
        conf_prob(conf_pb(c), path, "US-ASCII alphanumeric characters only", s,
                  "%s: cost-source \"%s\" has other characters", t->name, s);
}

void r9439_cost_source_syntax(conf_ctx *c) {
    p9_each_type(c, source_syntax);
    conf_empty(c, "no cost type of the IRD has a cost-source");
}

static void source_registered(conf_ctx *c, const p9_type *t) {
    char path[300];
    const char *s = given_source(t, path, sizeof path);
    if (!s) return;
    conf_checked(conf_pb(c), 1);
    if (!conf_pm_source_registered(s))
        conf_prob(conf_pb(c), path, "nominal, sla or estimation", s,
                  "%s: cost-source \"%s\" is not in the ALTO Cost Source registry", t->name, s);
}

void r9439_cost_source_registered(conf_ctx *c) {
    p9_each_type(c, source_registered);
    conf_empty(c, "no cost type of the IRD has a cost-source");
}

static void sla_parameters(conf_ctx *c, const p9_type *t) {
    char path[300];
    const char *s = given_source(t, path, sizeof path);
    if (!s || strcmp(s, "sla")) return;
    json_t *params = json_object_get(json_object_get(t->ct, "cost-context"), "parameters");
    conf_checked(conf_pb(c), 1);
    if (!json_is_string(json_object_get(params, "link")))
        conf_prob(conf_pb(c), path, "parameters with a \"link\" to the SLA", conf_jshow(params),
                  "%s: an sla cost type without a parameters link to its SLA", t->name);
}

void r9439_sla_parameters(conf_ctx *c) {
    p9_each_type(c, sla_parameters);
    conf_empty(c, "no cost type of the IRD has cost-source sla");
}

/* Every resource: no two listed types with the same metric and mode. */
void r9439_one_type_per_context(conf_ctx *c) {
    const conf_ird *d = &c->s->ird;
    for (int k = d->nirds - 1; k >= 0; k--)
        if (d->irds[k].doc) conf_focus(c, d->irds[k].x);
    for (int i = 0; i < d->nres; i++) {
        json_t *names = json_object_get(d->res[i].caps, "cost-type-names");
        size_t a, b;
        json_t *na, *nb;
        json_array_foreach(names, a, na) {
            json_t *ca = json_is_string(na) ? conf_ird_cost_type(c->s, &d->res[i], json_string_value(na)) : NULL;
            if (!ca) continue;
            conf_checked(conf_pb(c), 1);
            json_array_foreach(names, b, nb) {
                json_t *cb = b > a && json_is_string(nb) ? conf_ird_cost_type(c->s, &d->res[i], json_string_value(nb)) : NULL;
                if (!cb || !json_equal(json_object_get(ca, "cost-metric"), json_object_get(cb, "cost-metric")) ||
                    !json_equal(json_object_get(ca, "cost-mode"), json_object_get(cb, "cost-mode")))
                    continue;
                char path[300];
                snprintf(path, sizeof path, "resources/%s/capabilities/cost-type-names", d->res[i].id);
                conf_prob(conf_pb(c), path, "one cost type per cost-metric and cost-mode",
                          json_string_value(nb), "%s lists %s and %s: same cost-metric and cost-mode, "
                          "told apart only by cost-context", d->res[i].id, json_string_value(na),
                          json_string_value(nb));
            }
        }
    }
    conf_empty(c, "no resource lists a cost type defined in meta.cost-types");
}
