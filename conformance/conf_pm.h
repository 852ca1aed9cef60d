/* conf_pm.h: the RFC 9439 (performance cost metrics) rules on single
 * strings, objects and values, shared by the rfc9439 suite
 * (conformance/rfc9439/) and the message validators (conf_msg_pm.c), so a
 * printed example and a live answer are judged by the same code.
 *
 * Registries as altospec knows them: cost metrics routingcost (RFC 7285),
 * ane-path (RFC 9275), the eight of RFC 9439 draft-28 section 8
 * (delay-ow, delay-rt, delay-variation, lossrate, hopcount, tput,
 * bw-residual, bw-available) and bw-maxres (added in the published RFC
 * 9439; not in the draft the repository carries, so no case quotes it);
 * cost sources nominal, sla, estimation (section 8). */
#ifndef CONF_PM_H
#define CONF_PM_H

#include <stddef.h>
#include <jansson.h>
#include "conf.h"

/* metric = base[":" op]: base into out (size n), *op the operator or NULL. */
void conf_pm_split(const char *metric, char *base, size_t n, const char **op);
/* 1 when base is one of the RFC 9439 metrics (bw-maxres included). */
int conf_pm_is_pm(const char *base);
/* 1 when the base identifier of metric is registered or "priv:" + more. */
int conf_pm_registered(const char *metric);
/* 1 when op is a statistical operator of section 3.2 (cur, min, max,
 * median, mean, stddev, stdvar, p<0..100>[.<digits>]); else 0 and why. */
int conf_pm_op_valid(const char *op, const char **why);
/* The common form section 3.2 recommends instead of op (p0 -> min, p50
 * -> median, p100 -> max, trailing ".0"s alike), or NULL. */
const char *conf_pm_op_common(const char *op);
/* The percentile an operator stands for (min 0, median 50, max 100,
 * pNN NN), or -1 (cur, mean, stddev, stdvar, none). */
double conf_pm_op_rank(const char *op);
/* Section 3.1: alphanumeric only / one of nominal, sla, estimation. */
int conf_pm_source_syntax(const char *s);
int conf_pm_source_registered(const char *s);
/* The cost source of a CostType: its cost-context's, else "estimation"
 * (section 3.1: absent means estimation); NULL when malformed. */
const char *conf_pm_source_of(const json_t *ct);
/* A value of an RFC 9439 base metric in numerical mode: NULL when fine,
 * else the broken rule; *soft set for a value no MUST forbids but that is
 * no fraction (a lossrate in (1, 100]: "percentage" read as a fraction). */
const char *conf_pm_value_problem(const char *base, const json_t *v, int *soft);

/* Validators (conf_msg.h conventions): one CostType object at path (its
 * cost-context, cost source, metric registration and operator syntax,
 * cost mode); every value of an answer (member "cost-map" or
 * "endpoint-cost-map") against its meta cost-type's metric. */
int conf_v_pm_cost_type(const json_t *ct, const char *path, conf_probs *p);
int conf_v_pm_values(const json_t *d, const char *member, conf_probs *p);
/* The message kinds costmap-pm, endpointcost-pm (answers: meta cost-type
 * and values) and costmapfilter-pm, endpointcostparams-pm (the request's
 * cost-type), run after the RFC 7285 validators of the same message. */
int conf_v_pm_costmap(const json_t *d, conf_probs *p);
int conf_v_pm_ecs(const json_t *d, conf_probs *p);
int conf_v_pm_req(const json_t *d, conf_probs *p);

#endif
