/* conf_ordinal.h: is an ordinal answer a ranking of its numerical twin?
 *
 * RFC 7285 6.1.2.2: ordinal values rank the entries "relative to all other
 * values in a cost map", and 6.2: "relative to the m*n entries" of an
 * endpoint cost answer.  Given the ordinal and the numerical answer of
 * one metric for the same pairs, the check is: over all pairs of entries
 * defined in both, an entry with a strictly better number never has a
 * worse (larger) rank.  Ties may be ranked either way.  One radix sort of
 * the entries by number, then one pass: linear, no pairwise loop. */
#ifndef CONF_ORDINAL_H
#define CONF_ORDINAL_H

#include <jansson.h>
#include "conf.h"

/* Which way a cost metric is better: -1 lower (routingcost, hopcount,
 * delays, loss, jitter), +1 higher (bandwidths, throughput: RFC 9439),
 * 0 unknown. */
int conf_metric_direction(const char *metric);

typedef struct conf_ord_stats {
    size_t pairs;               /* entries defined (as numbers) in both answers */
    size_t ord_entries, num_entries;
    size_t violations;          /* entries ranked worse than a worse number */
} conf_ord_stats;

/* Judges the two-level map `member` of ord against the same member of
 * num (bodies), the metric's direction dir (-1 / +1).  Problems: an
 * ordinal value that is not a non-negative integer (not an ordinal map),
 * and each entry whose number is strictly better than another's while its
 * rank is worse (the problem names both entries, numbers and ranks).
 * Counts each compared pair as checked.  Returns the problems added. */
int conf_ordinal_check(const json_t *ord, const json_t *num, const char *member, int dir,
                       conf_probs *p, conf_ord_stats *st);

#endif
