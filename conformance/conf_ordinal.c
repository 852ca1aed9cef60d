/* conf_ordinal.c: ordinal answers against their numerical twins (see
 * conf_ordinal.h).  The entries defined in both answers are sorted once
 * by their number, best first; walking the groups of equal numbers, the
 * largest rank seen in the strictly better groups is carried along, and
 * an entry whose rank is smaller than that is the evidence: the carried
 * entry has a better number and a worse rank. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf_ordinal.h"
#include "conf_check.h"
#include "alto_buf.h"

int conf_metric_direction(const char *metric) {
    static const struct { const char *metric; int dir; } rows[] = {
        {"routingcost", -1}, {"hopcount", -1},
        /* RFC 9439 performance metrics */
        {"delay-ow", -1}, {"delay-rt", -1}, {"delay-variation", -1}, {"lossrate", -1},
        {"tput", 1}, {"bw-residual", 1}, {"bw-available", 1}, {"bw-maxres", 1},
    };
    for (size_t i = 0; metric && i < sizeof rows / sizeof *rows; i++)
        if (!strcmp(rows[i].metric, metric)) return rows[i].dir;
    return 0;
}

typedef struct ord_entry {
    double key;                 /* the number, negated when higher is better */
    double num, rank;
    const char *src, *dst;
} ord_entry;

static int by_key(const void *a, const void *b) {
    double x = ((const ord_entry *)a)->key, y = ((const ord_entry *)b)->key;
    return x < y ? -1 : x > y;
}

static void entry_path(char *out, const char *member, const ord_entry *e) {
    conf_path_key(out, "$", member);
    conf_path_key(out, out, e->src);
    conf_path_key(out, out, e->dst);
}

/* The entries of ord whose pair num defines too (malloc'ed), after
 * reporting ordinal values that are not ranks. */
static ord_entry *collect(const json_t *mo, const json_t *mn, const char *member, int dir,
                          conf_probs *p, conf_ord_stats *st) {
    size_t cap = 64, n = 0;
    ord_entry *v = alto_xmalloc(cap * sizeof *v);
    const char *s, *d;
    json_t *row, *x;
    char path[CONF_PATH_MAX];
    json_object_foreach((json_t *)mn, s, row) st->num_entries += json_is_object(row) ? json_object_size(row) : 0;
    json_object_foreach((json_t *)mo, s, row) {
        json_t *nrow = json_object_get(mn, s);
        json_object_foreach(row, d, x) {
            st->ord_entries++;
            json_t *y = json_object_get(nrow, d);
            if (!json_is_number(x) || !json_is_number(y)) continue;
            double r = json_number_value(x);
            if (r < 0 || floor(r) != r) {
                conf_path_key(path, "$", member);
                conf_path_key(path, path, s);
                conf_path_key(path, path, d);
                conf_prob(p, path, "a non-negative integer rank", conf_jshow(x),
                          "ordinal value %s of %s -> %s is not a rank: this is not an ordinal map",
                          conf_jshow(x), s, d);
                continue;
            }
            if (n == cap) v = alto_xrealloc(v, (cap *= 2) * sizeof *v);
            double num = json_number_value(y);
            v[n++] = (ord_entry){dir > 0 ? -num : num, num, r, s, d};
        }
    }
    st->pairs = n;
    return v;
}

int conf_ordinal_check(const json_t *ord, const json_t *num, const char *member, int dir,
                       conf_probs *p, conf_ord_stats *st) {
    int n0 = p->n;
    memset(st, 0, sizeof *st);
    ord_entry *v = collect(json_object_get(ord, member), json_object_get(num, member), member, dir, p, st);
    size_t n = st->pairs;
    conf_checked(p, (int)n);
    qsort(v, n, sizeof *v, by_key);
    const ord_entry *worst = NULL;      /* largest rank among strictly better numbers */
    char path[CONF_PATH_MAX], exp[200], act[200];
    for (size_t i = 0; i < n;) {
        size_t j = i;
        const ord_entry *gmax = &v[i];
        for (; j < n && v[j].key == v[i].key; j++) {
            if (v[j].rank > gmax->rank) gmax = &v[j];
            if (!worst || v[j].rank >= worst->rank) continue;
            st->violations++;
            entry_path(path, member, worst);
            snprintf(exp, sizeof exp, "rank <= %.15g (the rank of %s -> %s, whose number %.15g is worse)",
                     v[j].rank, v[j].src, v[j].dst, v[j].num);
            snprintf(act, sizeof act, "rank %.15g for number %.15g", worst->rank, worst->num);
            conf_prob(p, path, exp, act,
                      "%s -> %s has the better number (%.15g) but the worse rank (%.15g) than %s -> %s "
                      "(number %.15g, rank %.15g): the ranks do not follow the numbers across the map",
                      worst->src, worst->dst, worst->num, worst->rank, v[j].src, v[j].dst, v[j].num, v[j].rank);
        }
        if (!worst || gmax->rank > worst->rank) worst = gmax;
        i = j;
    }
    free(v);
    return p->n - n0;
}
