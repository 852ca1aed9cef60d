/* sim_flow_mm.c: (weighted) max-min fair allocation by progressive filling.
 *
 * All unfrozen flows rise together at one "water level" x; flow f runs at
 * w_f * x (weight w_f, 1 when the problem has no weights: plain max-min;
 * the simulator's TCP model derives weights from RTT and congested hops,
 * sim_flow_tcp.c).  A link l with remaining capacity R (capacity minus
 * the rates of its frozen flows) and unfrozen weight S = sum w_f
 * saturates at x = R / S; a flow with cap c stops at x = c / w_f.  The
 * smallest of those events comes next: freeze the flow, or every unfrozen
 * flow of the saturated link, at that level, and update the links they
 * cross.  Freezing a flow at level x <= R/S never lowers a link's
 * saturation level ((R - w x)/(S - w) >= R/S), so the link keys only
 * grow and a lazy binary heap is exact: a
 * stored key is a lower bound, and when a stale entry (version stamp
 * changed) reaches the top it is re-keyed in place and sifted down.  Freezing
 * therefore touches no heap, which matters: most links of a component never
 * become the bottleneck.  Cost: O(sum of path lengths + links * log) per
 * solve, typically.  Weighted max-min is still max-min (of rate / weight):
 * same algorithm, same invariants with rates divided by weights.
 *
 * The solver works on a *set* of flows (the component the simulator
 * re-solves); the per-link flow lists must contain only flows of that set,
 * which holds for a connected component by construction. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_flow.h"
#include "sim_flow_int.h"
#include "alto_buf.h"

void sim_mm_init(sim_mm *m, int nlinks, int nflows) {
    memset(m, 0, sizeof *m);
    m->nlinks = nlinks;
    m->nflows = nflows;
    m->rem = alto_xcalloc((size_t)nlinks + 1, sizeof *m->rem);
    m->cnt = alto_xcalloc((size_t)nlinks + 1, sizeof *m->cnt);
    m->wsum = alto_xcalloc((size_t)nlinks + 1, sizeof *m->wsum);
    m->lver = alto_xcalloc((size_t)nlinks + 1, sizeof *m->lver);
    m->lstamp = alto_xcalloc((size_t)nlinks + 1, sizeof *m->lstamp);
    m->fstamp = alto_xcalloc((size_t)nflows + 1, sizeof *m->fstamp);
    m->lset = alto_xcalloc((size_t)nlinks + 1, sizeof *m->lset);
}

void sim_mm_fini(sim_mm *m) {
    free(m->rem); free(m->cnt); free(m->wsum); free(m->lver); free(m->lstamp); free(m->fstamp);
    free(m->lset); free(m->heap); free(m->order);
    memset(m, 0, sizeof *m);
}

/* ---- lazy link heap, keyed by saturation level ------------------------- */

static void sift_down(sim_mm *m, int i) {
    sim_mm_hent x = m->heap[i];
    int n = m->hn;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && m->heap[c + 1].key < m->heap[c].key) c++;
        if (x.key <= m->heap[c].key) break;
        m->heap[i] = m->heap[c];
        i = c;
    }
    m->heap[i] = x;
}

static void heap_pop(sim_mm *m) {
    sim_mm_hent last = m->heap[--m->hn];
    int i = 0, n = m->hn;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && m->heap[c + 1].key < m->heap[c].key) c++;
        if (last.key <= m->heap[c].key) break;
        m->heap[i] = m->heap[c];
        i = c;
    }
    if (n > 0) m->heap[i] = last;
}

/* Caps as water levels, in a binary min-heap ordered by (level, flow):
 * built in O(flows) and popped only up to the level where the last flow
 * freezes, where a sort cost O(flows log flows) on every solve.  The
 * order of the pops is the order of the sort, so the answers are the
 * same bit for bit. */
static int cap_less(const sim_mm_cap *x, const sim_mm_cap *y) {
    if (x->cap != y->cap) return x->cap < y->cap;
    return x->flow < y->flow;
}

static void cap_down(sim_mm_cap *h, int n, int i) {
    sim_mm_cap x = h[i];
    for (;;) {
        int c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && cap_less(&h[c + 1], &h[c])) c++;
        if (!cap_less(&h[c], &x)) break;
        h[i] = h[c];
        i = c;
    }
    h[i] = x;
}

static void cap_pop(sim_mm_cap *h, int *n) {
    h[0] = h[--*n];
    if (*n > 0) cap_down(h, *n, 0);
}

static double weight(const sim_mm *m, int f) { return m->w ? m->w[f] : 1.0; }

/* Saturation level of link l: remaining capacity over unfrozen weight. */
static double level(const sim_mm *m, int l) {
    return m->wsum[l] > 0 ? m->rem[l] / m->wsum[l] : INFINITY;
}

static void freeze(sim_mm *m, int f, double r) {
    m->rate[f] = r;
    m->fstamp[f] = m->epoch;
    const int *p = m->fpath[f];
    double w = weight(m, f);
    for (int i = 0; i < m->flen[f]; i++) {
        int l = p[i];
        m->rem[l] -= r;
        if (m->rem[l] < 0) m->rem[l] = 0;
        /* Recomputing the sum when the last flow leaves keeps rounding
         * from leaving a tiny positive weight on an empty link. */
        if (--m->cnt[l] == 0) m->wsum[l] = 0;
        else m->wsum[l] -= w;
        m->lver[l]++;
    }
}

/* A new epoch marks what this solve touched (flows frozen, links
 * loaded) without clearing the arrays. */
static void next_epoch(sim_mm *m) {
    m->epoch++;
    if (m->epoch == 0) {    /* wrapped: clear stamps once every 4e9 solves */
        memset(m->fstamp, 0, (size_t)(m->nflows + 1) * sizeof *m->fstamp);
        memset(m->lstamp, 0, (size_t)(m->nlinks + 1) * sizeof *m->lstamp);
        m->epoch = 1;
    }
}

/* The links the set crosses (into lset, *nl of them) with their capacity,
 * flow count and weight sum, and the finite caps as water levels (into
 * order, *no of them).  Flows that cross no link run at their cap now.
 * Returns how many flows are left to freeze. */
static int load_set(sim_mm *m, const int *flows, int k, int *nl, int *no) {
    int unfrozen = 0;
    if (m->ocap < k) {
        m->ocap = k;
        m->order = alto_xrealloc(m->order, (size_t)k * sizeof *m->order);
    }
    *nl = *no = 0;
    for (int j = 0; j < k; j++) {
        int f = flows[j];
        double c = m->fcap ? m->fcap[f] : INFINITY, w = weight(m, f);
        if (m->flen[f] == 0) {          /* nothing to share: runs at its cap */
            m->rate[f] = c;
            m->fstamp[f] = m->epoch;
            continue;
        }
        assert(w > 0 && isfinite(w));
        unfrozen++;
        if (isfinite(c)) {              /* the cap, as a water level */
            m->order[*no].cap = c / w;
            m->order[(*no)++].flow = f;
        }
        const int *p = m->fpath[f];
        for (int i = 0; i < m->flen[f]; i++) {
            int l = p[i];
            if (m->lstamp[l] != m->epoch) {
                m->lstamp[l] = m->epoch;
                m->rem[l] = m->cap[l];
                m->cnt[l] = 0;
                m->wsum[l] = 0;
                m->lset[(*nl)++] = l;
            }
            m->cnt[l]++;
            m->wsum[l] += w;
        }
    }
    return unfrozen;
}

/* Both heaps built in place in O(n) (Floyd), not by one push per entry. */
static void build_heaps(sim_mm *m, int nl, int no) {
    for (int i = no / 2 - 1; i >= 0; i--) cap_down(m->order, no, i);
    if (m->hcap < nl) {
        m->hcap = nl;
        m->heap = alto_xrealloc(m->heap, (size_t)m->hcap * sizeof *m->heap);
    }
    for (int i = 0; i < nl; i++) {
        int l = m->lset[i];
        m->lver[l]++;
        m->heap[i].key = level(m, l);
        m->heap[i].link = l;
        m->heap[i].ver = m->lver[l];
    }
    m->hn = nl;
    for (int i = nl / 2 - 1; i >= 0; i--) sift_down(m, i);
}

/* Brings a current entry of a link that still has flows to the top of the
 * link heap (or empties it). */
static void fresh_top(sim_mm *m) {
    while (m->hn > 0) {
        int top = m->heap[0].link;
        if (m->cnt[top] == 0) { heap_pop(m); continue; }
        if (m->heap[0].ver == m->lver[top]) break;
        /* Stale: re-key in place.  Keys only grow, so sifting the top
         * down restores the heap (one sift instead of pop + push). */
        m->heap[0].key = level(m, top);
        m->heap[0].ver = m->lver[top];
        sift_down(m, 0);
    }
}

/* Progressive filling: the next event is the lowest cap level or link
 * saturation level; freeze its flow, or every unfrozen flow of the link. */
static void fill(sim_mm *m, int unfrozen, int no) {
    while (unfrozen > 0) {
        fresh_top(m);
        while (no > 0 && m->fstamp[m->order[0].flow] == m->epoch) cap_pop(m->order, &no);
        double kl = m->hn > 0 ? m->heap[0].key : INFINITY;
        double kc = no > 0 ? m->order[0].cap : INFINITY;
        if (no > 0 && kc <= kl) {
            int f = m->order[0].flow;
            freeze(m, f, m->fcap[f]);
            unfrozen--;
            cap_pop(m->order, &no);
            continue;
        }
        /* Every unfrozen flow crosses a link with a finite key, so the heap
         * cannot be empty here. */
        assert(m->hn > 0);
        if (m->hn == 0) break;
        int l = m->heap[0].link;
        heap_pop(m);
        const int *lf = m->lf[l];
        for (int i = 0; i < m->nlf[l]; i++) {
            int f = lf[i];
            if (m->fstamp[f] == m->epoch) continue;
            freeze(m, f, weight(m, f) * kl);
            unfrozen--;
        }
    }
}

void sim_mm_solve_set(sim_mm *m, const int *flows, int k) {
    next_epoch(m);
    int nl, no;
    m->hn = 0;
    int unfrozen = load_set(m, flows, k, &nl, &no);
    build_heaps(m, nl, no);
    fill(m, unfrozen, no);
}

/* Load of link l and the largest rate / weight among its flows. */
static double link_load(const sim_mm *m, int l, double *top) {
    double load = 0;
    *top = 0;
    for (int q = 0; q < m->nlf[l]; q++) {
        int g = m->lf[l][q];
        load += m->rate[g];
        if (m->rate[g] / weight(m, g) > *top) *top = m->rate[g] / weight(m, g);
    }
    return load;
}

int sim_mm_check_set(const sim_mm *m, const int *flows, int k, double tol, alto_err *err) {
    /* Load per link over its whole list (the set is closed under sharing). */
    for (int j = 0; j < k; j++) {
        int f = flows[j];
        const int *p = m->fpath[f];
        for (int i = 0; i < m->flen[f]; i++) {
            int l = p[i];
            double top, load = link_load(m, l, &top);
            if (load > m->cap[l] * (1 + tol) + 1e-9)
                return alto_err_set(err, "conservation: link %d carries %.9g > capacity %.9g",
                                    l, load, m->cap[l]);
        }
    }
    for (int j = 0; j < k; j++) {
        int f = flows[j];
        double c = m->fcap ? m->fcap[f] : INFINITY;
        double r = m->rate[f];
        if (isfinite(c) && r > c * (1 + tol) + 1e-12)
            return alto_err_set(err, "flow %d rate %.9g exceeds its cap %.9g", f, r, c);
        if (isfinite(c) && r >= c * (1 - tol)) continue;   /* limited by its cap */
        if (m->flen[f] == 0) {
            if (!isfinite(c) && isinf(r)) continue;
            return alto_err_set(err, "flow %d has no link but rate %.9g", f, r);
        }
        /* Bottleneck condition of (weighted) max-min: a saturated link on
         * which no flow has a larger rate per unit of weight. */
        int ok = 0;
        const int *p = m->fpath[f];
        for (int i = 0; i < m->flen[f] && !ok; i++) {
            double top, load = link_load(m, p[i], &top);
            if (load >= m->cap[p[i]] * (1 - tol) && r / weight(m, f) >= top * (1 - tol)) ok = 1;
        }
        if (!ok)
            return alto_err_set(err, "optimality: flow %d (rate %.9g) has no bottleneck link: "
                                "it is below its cap and every link it crosses either has "
                                "spare capacity or gives another flow more per unit of "
                                "weight", f, r);
    }
    return 0;
}

/* Static problems: build the path and per-link views, then use the same
 * code as the simulator. */
typedef struct mm_static {
    sim_mm m;
    const int **fpath;
    int *flen, **lf, *nlf, *lfmem, *all;
} mm_static;

static void static_build(mm_static *s, const sim_mm_problem *p, double *rate) {
    sim_mm_init(&s->m, p->nlinks, p->nflows);
    int nf = p->nflows, total = p->off[nf];
    s->fpath = alto_xcalloc((size_t)nf + 1, sizeof *s->fpath);
    s->flen = alto_xcalloc((size_t)nf + 1, sizeof *s->flen);
    s->lf = alto_xcalloc((size_t)p->nlinks + 1, sizeof *s->lf);
    s->nlf = alto_xcalloc((size_t)p->nlinks + 1, sizeof *s->nlf);
    s->lfmem = alto_xcalloc((size_t)total + 1, sizeof *s->lfmem);
    s->all = alto_xcalloc((size_t)nf + 1, sizeof *s->all);
    for (int f = 0; f < nf; f++) {
        s->fpath[f] = p->links + p->off[f];
        s->flen[f] = p->off[f + 1] - p->off[f];
        for (int i = p->off[f]; i < p->off[f + 1]; i++) s->nlf[p->links[i]]++;
        s->all[f] = f;
    }
    int at = 0;
    for (int l = 0; l < p->nlinks; l++) {
        s->lf[l] = s->lfmem + at;
        at += s->nlf[l];
        s->nlf[l] = 0;
    }
    for (int f = 0; f < nf; f++)
        for (int i = p->off[f]; i < p->off[f + 1]; i++) {
            int l = p->links[i];
            s->lf[l][s->nlf[l]++] = f;
        }
    s->m.cap = p->cap;
    s->m.fcap = p->fcap;
    s->m.w = p->w;
    s->m.fpath = s->fpath;
    s->m.flen = s->flen;
    s->m.lf = s->lf;
    s->m.nlf = s->nlf;
    s->m.rate = rate;
}

static void static_free(mm_static *s) {
    sim_mm_fini(&s->m);
    free(s->fpath); free(s->flen); free(s->lf); free(s->nlf); free(s->lfmem); free(s->all);
}

void sim_mm_solve(const sim_mm_problem *p, double *rate) {
    mm_static s;
    static_build(&s, p, rate);
    sim_mm_solve_set(&s.m, s.all, p->nflows);
    static_free(&s);
}

int sim_mm_check(const sim_mm_problem *p, const double *rate, double tol, alto_err *err) {
    mm_static s;
    static_build(&s, p, (double *)rate);
    int rc = sim_mm_check_set(&s.m, s.all, p->nflows, tol, err);
    static_free(&s);
    return rc;
}
