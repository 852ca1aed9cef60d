/* conf_ordinal.c: ordinal answers against their numerical twins (see
 * conf_ordinal.h).  The entries defined in both answers are sorted once
 * by their number, best first; walking the groups of equal numbers, the
 * largest rank seen in the strictly better groups is carried along, and
 * an entry whose rank is smaller than that is the evidence: the carried
 * entry has a better number and a worse rank. */
#include <math.h>
#include <stdint.h>
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
    double num, rank;
    const char *src, *dst;
} ord_entry;

/* What the sort moves: 16 bytes, not the whole entry. */
typedef struct ord_key {
    uint64_t key;               /* the number (negated when higher is better), order-preserving bits */
    uint64_t i;                 /* index into the entries */
} ord_key;

/* A double's bits as an unsigned integer in the same order (no NaN in
 * JSON; -0 is folded into +0 so equal numbers stay one group). */
static uint64_t sortable(double d) {
    if (d == 0) d = 0.0;
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return (u >> 63) ? ~u : u ^ ((uint64_t)1 << 63);
}

/* LSD radix sort on the keys, 16 bits a pass; a pass whose digit is the
 * same everywhere is skipped.  A million keys cost four linear passes,
 * where a comparison sort would move 20 million elements. */
static void radix_sort(ord_key *a, size_t n) {
    ord_key *tmp = alto_xmalloc((n + 1) * sizeof *tmp);
    size_t *count = alto_xcalloc(65536, sizeof *count);
    for (int shift = 0; shift < 64; shift += 16) {
        memset(count, 0, 65536 * sizeof *count);
        for (size_t i = 0; i < n; i++) count[(a[i].key >> shift) & 0xffff]++;
        if (n && count[(a[0].key >> shift) & 0xffff] == n) continue;
        size_t sum = 0;
        for (size_t d = 0; d < 65536; d++) { size_t c = count[d]; count[d] = sum; sum += c; }
        for (size_t i = 0; i < n; i++) tmp[count[(a[i].key >> shift) & 0xffff]++] = a[i];
        memcpy(a, tmp, n * sizeof *a);
    }
    free(count);
    free(tmp);
}

static void entry_path(char *out, const char *member, const ord_entry *e) {
    conf_path_key(out, "$", member);
    conf_path_key(out, out, e->src);
    conf_path_key(out, out, e->dst);
}

static size_t entries_of(const json_t *m) {
    size_t n = 0;
    const char *s;
    json_t *row;
    json_object_foreach((json_t *)m, s, row) n += json_is_object(row) ? json_object_size(row) : 0;
    return n;
}

/* The entries of ord whose pair num defines too (malloc'ed, with their
 * sort keys in *keys), after reporting ordinal values that are not ranks. */
static ord_entry *collect(const json_t *mo, const json_t *mn, const char *member, int dir,
                          conf_probs *p, conf_ord_stats *st, ord_key **keys) {
    st->ord_entries = entries_of(mo);
    st->num_entries = entries_of(mn);
    ord_entry *v = alto_xmalloc((st->ord_entries + 1) * sizeof *v);
    *keys = alto_xmalloc((st->ord_entries + 1) * sizeof **keys);
    size_t n = 0;
    const char *s, *d;
    json_t *row, *x;
    char path[CONF_PATH_MAX];
    /* Twins from one server list their keys in the same order: walk the
     * numerical row alongside and look a key up only when it differs. */
    json_object_foreach((json_t *)mo, s, row) {
        json_t *nrow = json_object_get(mn, s);
        if (!json_is_object(row) || !json_is_object(nrow)) continue;
        void *it = json_object_iter(nrow);
        json_object_foreach(row, d, x) {
            json_t *y;
            if (it && !strcmp(json_object_iter_key(it), d)) {
                y = json_object_iter_value(it);
                it = json_object_iter_next(nrow, it);
            } else {
                y = json_object_get(nrow, d);
            }
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
            double num = json_number_value(y);
            v[n] = (ord_entry){num, r, s, d};
            (*keys)[n] = (ord_key){sortable(dir > 0 ? -num : num), n};
            n++;
        }
    }
    st->pairs = n;
    return v;
}

int conf_ordinal_check(const json_t *ord, const json_t *num, const char *member, int dir,
                       conf_probs *p, conf_ord_stats *st) {
    int n0 = p->n;
    memset(st, 0, sizeof *st);
    ord_key *k;
    ord_entry *v = collect(json_object_get(ord, member), json_object_get(num, member), member, dir, p, st, &k);
    size_t n = st->pairs;
    conf_checked(p, (int)n);
    radix_sort(k, n);
    const ord_entry *worst = NULL;      /* largest rank among strictly better numbers */
    char path[CONF_PATH_MAX], exp[200], act[200];
    for (size_t i = 0; i < n;) {
        size_t j = i;
        const ord_entry *gmax = &v[k[i].i];
        for (; j < n && k[j].key == k[i].key; j++) {
            const ord_entry *e = &v[k[j].i];
            if (e->rank > gmax->rank) gmax = e;
            if (!worst || e->rank >= worst->rank) continue;
            st->violations++;
            entry_path(path, member, worst);
            snprintf(exp, sizeof exp, "rank <= %.15g (the rank of %s -> %s, whose number %.15g is worse)",
                     e->rank, e->src, e->dst, e->num);
            snprintf(act, sizeof act, "rank %.15g for number %.15g", worst->rank, worst->num);
            conf_prob(p, path, exp, act,
                      "%s -> %s has the better number (%.15g) but the worse rank (%.15g) than %s -> %s "
                      "(number %.15g, rank %.15g): the ranks do not follow the numbers across the map",
                      worst->src, worst->dst, worst->num, worst->rank, e->src, e->dst, e->num, e->rank);
        }
        if (!worst || gmax->rank > worst->rank) worst = gmax;
        i = j;
    }
    free(k);
    free(v);
    return p->n - n0;
}
