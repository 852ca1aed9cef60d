/* sim_flow.c: the flow-level simulator, altospec's embedded default backend.
 *
 * Model (documented for users in README, "Flow model"):
 *   - Each transfer is a fluid flow on its route from sim_topo_path(),
 *     replica (src) to client (dst).  Capacity is shared per directed link
 *     by weighted max-min (progressive filling, sim_flow_mm.c), in *wire*
 *     bits: every segment carries mss payload bytes and `header` bytes on
 *     the wire, so goodput = rate * mss / (mss + header).
 *   - TCP sharing (sim_flow_tcp.c; sim_flow_opts.plain_maxmin turns it off
 *     for issue 4's plain max-min): saturated links hold a standing queue
 *     of what their flows' windows put in flight beyond the path (up to
 *     the whole buffer), which counts in the RTT of every flow whose
 *     data or ACKs cross them; a flow's weight follows TCP's response
 *     function, RTT^-a (congested hops)^-b (Cubic a = 1/4, b = 3/4;
 *     NewReno 1, 1/2); ACKs take their bytes off the reverse links; and a
 *     link whose flows all have their ACKs in a standing queue loses the
 *     capacity Cubic loses to two-way traffic (fitted on ns-3 runs).
 *   - TCP, per flow: connection set-up takes one handshake RTT with no data;
 *     then slow start: the window starts at init_cwnd segments and doubles
 *     every RTT; while in slow start the flow's rate is capped at
 *     cwnd * segment / RTT.  Slow start ends when the window reaches the
 *     path's bandwidth-delay product (bottleneck capacity x base RTT) or the
 *     receive window; from then on the cap is rwnd / RTT (window cap W/RTT).
 *     The completion time is when the last byte reaches the client: the
 *     fluid finish at the sender side plus the one-way time of the last
 *     packet after the bottleneck.
 *   - Base RTT of a path = propagation both ways + store-and-forward time
 *     of one full segment on each forward link and of one ACK (header
 *     bytes) on each reverse link; the current RTT adds standing queues.
 * Known limits: no packet loss or congestion-control dynamics beyond the
 * response-function weights and the fitted two-way loss; deep buffers
 * (Demo 1 with 1000-packet queues: -6.4% on the 1 and 2 Mbps paths, where
 * CoDel keeps cutting Cubic behind a 12 s queue) are not captured; a
 * queue partly filled by loss-based flows is taken as full.
 *
 * Events: arrivals from a list sorted by start time, and an indexed binary
 * heap of the flows in flight keyed by their next event (end of handshake,
 * end of a slow-start round, completion, or a TCP-model re-solve).  At an
 * arrival or completion only the connected component of flows that share
 * data links with the change is re-solved (max-min decomposes exactly over
 * components; when the search finds more than half the active flows it
 * takes them all, which is just as exact and cheaper on meshes where one
 * component holds nearly every flow); flows outside it whose ACKs cross a
 * link whose queue changed are re-solved after it.  A slow-start round
 * re-solves only if the flow was held by its cap (raising a cap that does
 * not bind changes nothing).  The TCP model's own re-solve comes one RTT
 * after the queues it reacts to (sim_flow_tcp.c).  No allocation per
 * event: arrays are sized once per run (per-link lists grow amortized). */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "alto_tty.h"
#include "sim_flow.h"
#include "sim_flow_int.h"
#include "alto_buf.h"

enum { PH_PENDING, PH_HANDSHAKE, PH_ACTIVE, PH_DONE };
enum { EV_START, EV_ROUND, EV_FINISH, EV_RETUNE };

typedef sim_fl fl;
typedef sim_fsim fsim;

/* ---- path model --------------------------------------------------------- */

int sim_flow_path_model(const sim_topo *t, const sim_params *p, int src, int dst,
                        sim_flow_path *out) {
    const int *fw, *bw;
    int nf = sim_topo_path(t, src, dst, &fw);
    if (nf < 0) return -1;
    int nb = sim_topo_path(t, dst, src, &bw);
    if (nb < 0) return -1;
    double seg = (p->mss + p->header) * 8, ack = p->header * 8;
    double fwd_seg = 0, fwd_ack = 0, rev_ack = 0, fwd_prop = 0, minbps = INFINITY;
    int bott = -1;
    for (int i = 0; i < nf; i++) {
        const sim_link *l = &t->links[fw[i]];
        fwd_prop += l->delay;
        fwd_seg += seg / l->bps;
        fwd_ack += ack / l->bps;
        if (l->bps < minbps) { minbps = l->bps; bott = i; }
    }
    for (int i = 0; i < nb; i++) {
        const sim_link *l = &t->links[bw[i]];
        rev_ack += l->delay + ack / l->bps;
    }
    out->bottleneck_bps = minbps;
    out->rtt = nf ? fwd_prop + fwd_seg + rev_ack : 0;
    out->handshake = nf ? fwd_prop + fwd_ack + rev_ack : 0;
    /* The fluid time already includes the bottleneck's serialization of the
     * last segment; what remains is propagation plus the other hops. */
    out->tail = nf ? fwd_prop + fwd_seg - (bott >= 0 ? seg / minbps : 0) : 0;
    return 0;
}

/* ---- event heap (indexed by flow) --------------------------------------- */

static int ev_less(const fsim *s, int a, int b) {
    if (s->f[a].key != s->f[b].key) return s->f[a].key < s->f[b].key;
    return a < b;
}

static int cmp_start(const void *pa, const void *pb, void *ctx) {
    const sim_transfer *xs = ctx;
    int a = *(const int *)pa, b = *(const int *)pb;
    double x = xs[a].start, y = xs[b].start;
    if (x != y) return x < y ? -1 : 1;
    return a - b;
}

static void ev_swap(fsim *s, int i, int j) {
    int a = s->heap[i], b = s->heap[j];
    s->heap[i] = b; s->heap[j] = a;
    s->f[b].hidx = i; s->f[a].hidx = j;
}

static void ev_up(fsim *s, int i) {
    while (i > 0) {
        int up = (i - 1) / 2;
        if (!ev_less(s, s->heap[i], s->heap[up])) break;
        ev_swap(s, i, up);
        i = up;
    }
}

static void ev_down(fsim *s, int i) {
    for (;;) {
        int c = 2 * i + 1, m = i;
        if (c < s->hn && ev_less(s, s->heap[c], s->heap[m])) m = c;
        if (c + 1 < s->hn && ev_less(s, s->heap[c + 1], s->heap[m])) m = c + 1;
        if (m == i) break;
        ev_swap(s, i, m);
        i = m;
    }
}

static void ev_set(fsim *s, int f, double key, int ev) {
    s->f[f].key = key;
    s->f[f].ev = ev;
    if (s->f[f].hidx < 0) {
        s->heap[s->hn] = f;
        s->f[f].hidx = s->hn++;
        ev_up(s, s->hn - 1);
    } else {
        ev_up(s, s->f[f].hidx);
        ev_down(s, s->f[f].hidx);
    }
}

static int ev_pop(fsim *s) {
    int f = s->heap[0];
    s->f[f].hidx = -1;
    if (--s->hn > 0) {
        s->heap[0] = s->heap[s->hn];
        s->f[s->heap[0]].hidx = 0;
        ev_down(s, 0);
    }
    return f;
}

/* ---- link membership ---------------------------------------------------- */

/* Hop i of flow f is a data hop (listed in lf) or an ACK-only hop (la);
 * pos[] holds its index in that list. */
static void list_add(int **v, int *n, int *cap, int f) {
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 4;
        *v = alto_xrealloc(*v, (size_t)*cap * sizeof(int));
    }
    (*v)[(*n)++] = f;
}

static void link_add(fsim *s, int f) {
    const int *p = s->fpath[f];
    for (int i = 0; i < s->flen[f]; i++) {
        int l = p[i], data = i < s->f[f].plen;
        s->pos[s->f[f].posoff + i] = data ? s->nlf[l] : s->nla[l];
        if (data) list_add(&s->lf[l], &s->nlf[l], &s->lfcap[l], f);
        else list_add(&s->la[l], &s->nla[l], &s->lacap[l], f);
    }
    s->f[f].aidx = s->nactive;
    s->active[s->nactive++] = f;
    if (s->nactive > s->st.max_active) s->st.max_active = s->nactive;
}

static void link_remove(fsim *s, int f) {
    const int *p = s->fpath[f];
    for (int i = 0; i < s->flen[f]; i++) {
        int l = p[i], at = s->pos[s->f[f].posoff + i], data = i < s->f[f].plen;
        int *v = data ? s->lf[l] : s->la[l];
        int last = v[data ? --s->nlf[l] : --s->nla[l]];
        if (data && s->nlf[l] == 0 && s->tcp) sim_flow_tcp_idle(s, l);
        if (last != f) {
            /* Move the last entry into the hole; fix its pos in the same
             * kind of hop (a link can be both a data and an ACK hop of a
             * flow on asymmetric routes). */
            v[at] = last;
            const int *lp = s->fpath[last];
            int lo = data ? 0 : s->f[last].plen, hi = data ? s->f[last].plen : s->flen[last];
            for (int k = lo; k < hi; k++)
                if (lp[k] == l) { s->pos[s->f[last].posoff + k] = at; break; }
        }
    }
    int a = s->f[f].aidx, last = s->active[--s->nactive];
    s->active[a] = last;
    s->f[last].aidx = a;
    s->f[f].aidx = -1;
}

/* ---- re-solving --------------------------------------------------------- */

/* The flows to re-solve: the connected component (through shared links)
 * of the seed links.  Once the search has found more than half of the
 * active flows it stops and takes them all: solving a union of components
 * is just as exact, and on meshes where one component holds nearly every
 * flow the search would otherwise cost more than it saves. */
static int component(fsim *s, const int *seed, int nseed) {
    if (s->o.full_resolve || s->nactive <= 8) {
        memcpy(s->comp, s->active, (size_t)s->nactive * sizeof(int));
        return s->nactive;
    }
    if (++s->mark == 0) {
        memset(s->fmark, 0, (size_t)s->n * sizeof *s->fmark);
        memset(s->lmark, 0, (size_t)s->t->nlinks * sizeof *s->lmark);
        s->mark = 1;
    }
    int qn = 0, k = 0;
    for (int i = 0; i < nseed; i++)
        if (s->lmark[seed[i]] != s->mark) {
            s->lmark[seed[i]] = s->mark;
            s->queue[qn++] = seed[i];
        }
    for (int qi = 0; qi < qn; qi++) {
        int l = s->queue[qi];
        for (int j = 0; j < s->nlf[l]; j++) {
            int f = s->lf[l][j];
            if (s->fmark[f] == s->mark) continue;
            s->fmark[f] = s->mark;
            s->comp[k++] = f;
            if (2 * k > s->nactive) {
                memcpy(s->comp, s->active, (size_t)s->nactive * sizeof(int));
                return s->nactive;
            }
            const int *p = s->fpath[f];
            for (int i = 0; i < s->dlen[f]; i++)
                if (s->lmark[p[i]] != s->mark) {
                    s->lmark[p[i]] = s->mark;
                    s->queue[qn++] = p[i];
                }
        }
    }
    return k;
}

static void settle(fsim *s, int f, double now) {
    fl *x = &s->f[f];
    x->rem -= s->rate[f] * (now - x->tlast);
    if (x->rem < 0) x->rem = 0;
    x->tlast = now;
}

static void schedule(fsim *s, int f, double now) {
    fl *x = &s->f[f];
    double fin = s->rate[f] > 0 ? now + x->rem / s->rate[f] : INFINITY;
    int ev = x->next_round < fin ? EV_ROUND : EV_FINISH;
    double key = ev == EV_ROUND ? x->next_round : fin;
    /* The same event at the same time: the heap needs no work. */
    if (x->hidx >= 0 && x->ev == ev && x->key == key) return;
    ev_set(s, f, key, ev);
}

static void solve(fsim *s, int k, double now) {
    sim_mm_solve_set(&s->mm, s->comp, k);
    for (int j = 0; j < k; j++) {
        fl *x = &s->f[s->comp[j]];
        x->capsolved = s->fcap[s->comp[j]];
        x->retune = 0;
    }
    s->st.solves++;
    s->st.solved_flows += k;
#ifdef NDEBUG
    if (s->o.check)
#endif
    {
        alto_err e;
        if (sim_mm_check_set(&s->mm, s->comp, k, 1e-9, &e)) {
            s->st.check_failures++;
            fprintf(stderr, "sim_flow: invariant violated at t=%.9g: %s\n", now, e.msg);
            assert(!"max-min invariant violated");
        }
    }
}

static int resolve_comp(fsim *s, const int *seed, int nseed, double now) {
    int k = component(s, seed, nseed);
    if (k == 0) return 0;
    unsigned long ver = s->tver;
    for (int j = 0; j < k; j++) {
        int f = s->comp[j];
        double rem = s->f[f].rem;
        settle(s, f, now);
        if (s->tcp) {
            s->tver += rem != s->f[f].rem;
            s->rsnap[f] = s->rate[f];
        }
    }
    solve(s, k, now);
    for (int j = 0; j < k; j++) schedule(s, s->comp[j], now);
    if (s->tcp)
        for (int j = 0; j < k; j++)
            if (memcmp(&s->rsnap[s->comp[j]], &s->rate[s->comp[j]], sizeof(double))) {
                s->tver++;
                break;
            }
    /* Weights and caps depend on which links hold a queue, which depends
     * on the allocation.  TCP senders see a queue change one RTT later,
     * so the re-solve with the new weights and caps happens then (an
     * EV_RETUNE on the component's shortest-RTT flow), unless another
     * event re-solves the component first.  Iterated this way the
     * allocation reaches the fixed point in a few RTTs, and where events
     * are dense (large workloads) it costs no extra solve. */
    if (s->tcp && sim_flow_tcp_retune(s, k)) {
        int f0 = s->comp[0];
        for (int j = 1; j < k; j++)
            if (s->f[s->comp[j]].rtt < s->f[f0].rtt) f0 = s->comp[j];
        double at = now + s->f[f0].rtt;
        if (at < s->f[f0].key) ev_set(s, f0, at, EV_RETUNE);
        else s->f[f0].retune = 1;   /* its own event comes first: re-solve then */
    }
    /* Nothing the solve or the retune wrote differs from what they read:
     * solving this component again before anything changes would give the
     * same, bit for bit (resolve). */
    if (s->tcp && s->tver == ver)
        for (int j = 0; j < k; j++) s->ffix[s->comp[j]] = ver + 1;
    return k;
}

/* Components are linked by data links only (what max-min shares).  A
 * flow's RTT also counts the queues its ACKs cross: when this re-solve
 * made or cleared a queue on a link that carries ACKs of flows outside
 * the component, their components are re-solved too (one level: their
 * own queue changes wait for their next event). */
static void resolve(fsim *s, const int *seed, int nseed, double now) {
    int k = resolve_comp(s, seed, nseed, now);
    if (!s->tcp || s->nfup == 0) return;
    int nf = 0, all = k == s->nactive;
    for (int i = 0; i < s->nfup; i++) {
        int l = s->fup[i];
        s->lfup[l] = 0;
        for (int j = 0; j < s->nla[l] && !all; j++) {
            int g = s->la[l][j];
            if (s->fmark[g] != s->mark) {
                s->fmark[g] = s->mark;      /* once each */
                s->fupf[nf++] = g;
            }
        }
    }
    s->nfup = -1;                           /* no second level */
    for (int i = 0; i < nf; i++) {
        int g = s->fupf[i];
        /* Flows of one component come here once each; when an earlier
         * one's re-solve left it at a fixed point and nothing changed
         * since, another would change nothing (thousands of times at one
         * instant when thousands of flows share an ACK link). */
        if (s->ffix[g] == s->tver + 1) continue;
        resolve_comp(s, s->fpath[g], s->dlen[g], now);
    }
    s->nfup = 0;
}

/* ---- flow life cycle ---------------------------------------------------- */

/* Events at one instant are handled together: each changes its flow's
 * state and adds its data links to the instant's seed set, then one
 * re-solve covers them all.  Handled one by one, the first re-solve would
 * move the standing queues before the next flow at the same instant
 * took its RTT, so flows in identical states (same path, same start)
 * would part ways by their order in the event list, and thousands of
 * simultaneous starts would cost a solve of the whole component each. */
static void seed_add(fsim *s, int f) {
    const int *p = s->fpath[f];
    for (int i = 0; i < s->dlen[f]; i++)
        if (s->lseed[p[i]] != s->seedmark) {
            s->lseed[p[i]] = s->seedmark;
            s->seedl[s->nseed++] = p[i];
        }
}

static void activate(fsim *s, int f, double now) {
    fl *x = &s->f[f];
    x->phase = PH_ACTIVE;
    x->tlast = now;
    s->rate[f] = 0;
    x->cwnd = s->p->init_cwnd;
    x->next_round = INFINITY;
    if (s->tcp) sim_flow_tcp_weight(s, f);      /* the queues it joins */
    if (s->o.no_tcp || x->pm.rtt <= 0 || x->cwnd >= x->ss_target) x->cwnd = s->rwnd_segs;
    else x->next_round = now + x->rtt;
    sim_flow_tcp_cap(s, f);
    link_add(s, f);
    seed_add(s, f);
}

static void round_end(fsim *s, int f, double now) {
    fl *x = &s->f[f];
    settle(s, f, now);
    /* Held by the cap it was solved with (the TCP model may have moved
     * the cap since), or owed a re-solve by the TCP model. */
    int held = s->rate[f] >= x->capsolved * (1 - 1e-9) || x->retune;
    x->cwnd *= 2;
    if (x->cwnd >= x->ss_target) {
        x->cwnd = s->rwnd_segs;
        x->next_round = INFINITY;
    } else {
        x->next_round = now + x->rtt;
    }
    sim_flow_tcp_cap(s, f);
    if (held) seed_add(s, f);
    else schedule(s, f, now);
}

static void finish(fsim *s, int f, double now, sim_result *out, const sim_transfer *xf) {
    fl *x = &s->f[f];
    x->rem = 0;
    x->phase = PH_DONE;
    link_remove(s, f);
    s->rate[f] = 0;
    out[f].finish = now + x->pm.tail;
    out[f].seconds = out[f].finish - xf[f].start;
    seed_add(s, f);
}

static void fsim_free(fsim *s) {
    if (s->lf)
        for (int l = 0; l < s->t->nlinks; l++) free(s->lf[l]);
    if (s->la)
        for (int l = 0; l < s->t->nlinks; l++) free(s->la[l]);
    free(s->lf); free(s->nlf); free(s->lfcap); free(s->la); free(s->nla); free(s->lacap);
    free(s->dlen); free(s->lceff); free(s->f); free(s->fpath); free(s->flen);
    sim_flow_tcp_free(s);
    free(s->fcap); free(s->rate); free(s->lcap); free(s->pos); free(s->heap);
    free(s->active); free(s->comp); free(s->queue); free(s->fmark); free(s->lmark);
    free(s->lseed); free(s->seedl);
    sim_mm_fini(&s->mm);
}

static int fsim_setup(fsim *s, const sim_transfer *x, int n) {
    const sim_topo *t = s->t;
    const sim_params *p = s->p;
    s->n = n;
    s->f = alto_xcalloc((size_t)n + 1, sizeof *s->f);
    s->fpath = alto_xcalloc((size_t)n + 1, sizeof *s->fpath);
    s->flen = alto_xcalloc((size_t)n + 1, sizeof *s->flen);
    s->fcap = alto_xcalloc((size_t)n + 1, sizeof *s->fcap);
    s->rate = alto_xcalloc((size_t)n + 1, sizeof *s->rate);
    s->heap = alto_xcalloc((size_t)n + 1, sizeof *s->heap);
    s->active = alto_xcalloc((size_t)n + 1, sizeof *s->active);
    s->comp = alto_xcalloc((size_t)n + 1, sizeof *s->comp);
    s->fmark = alto_xcalloc((size_t)n + 1, sizeof *s->fmark);
    s->lcap = alto_xcalloc((size_t)t->nlinks + 1, sizeof *s->lcap);
    s->lf = alto_xcalloc((size_t)t->nlinks + 1, sizeof *s->lf);
    s->nlf = alto_xcalloc((size_t)t->nlinks + 1, sizeof *s->nlf);
    s->lfcap = alto_xcalloc((size_t)t->nlinks + 1, sizeof *s->lfcap);
    s->la = alto_xcalloc((size_t)t->nlinks + 1, sizeof *s->la);
    s->nla = alto_xcalloc((size_t)t->nlinks + 1, sizeof *s->nla);
    s->lacap = alto_xcalloc((size_t)t->nlinks + 1, sizeof *s->lacap);
    s->dlen = alto_xcalloc((size_t)n + 1, sizeof *s->dlen);
    s->lceff = alto_xcalloc((size_t)t->nlinks + 1, sizeof *s->lceff);
    s->queue = alto_xcalloc((size_t)t->nlinks + 1, sizeof *s->queue);
    s->lmark = alto_xcalloc((size_t)t->nlinks + 1, sizeof *s->lmark);
    s->lseed = alto_xcalloc((size_t)t->nlinks + 1, sizeof *s->lseed);
    s->seedl = alto_xcalloc((size_t)t->nlinks + 1, sizeof *s->seedl);
    s->tcp = !s->o.no_tcp && !s->o.plain_maxmin;
    for (int l = 0; l < t->nlinks; l++) s->lcap[l] = s->lceff[l] = t->links[l].bps;
    s->segbits = (p->mss + (s->o.no_tcp ? 0 : p->header)) * 8;
    s->rwnd_segs = p->rwnd / p->mss;
    double scale = p->size_scale > 0 ? p->size_scale : 1;
    long total = 0;
    for (int i = 0; i < n; i++) {
        fl *f = &s->f[i];
        if (x[i].src < 0 || x[i].src >= t->nnodes || x[i].dst < 0 || x[i].dst >= t->nnodes)
            return alto_err_set(s->err, "transfer %d: node index out of range", i);
        if (!(x[i].bytes >= 0) || !isfinite(x[i].start) || x[i].start < 0)
            return alto_err_set(s->err, "transfer %d: bad size or start time", i);
        int len = sim_topo_path(t, x[i].src, x[i].dst, &s->fpath[i]);
        if (len < 0 || sim_flow_path_model(t, p, x[i].src, x[i].dst, &f->pm))
            return alto_err_set(s->err, "transfer %d: no route from %s to %s", i,
                                t->nodes[x[i].src].name, t->nodes[x[i].dst].name);
        s->flen[i] = s->dlen[i] = len;
        f->plen = len;
        f->posoff = (int)total;
        total += len;
        if (s->tcp) total += sim_flow_tcp_extra_hops(s, x, i);
        double bytes = x[i].bytes * scale;
        double segs = ceil(bytes / p->mss);
        f->rem = s->o.no_tcp ? bytes * 8 : (bytes + segs * p->header) * 8;
        f->hidx = f->aidx = -1;
        double bdp = f->pm.rtt > 0 ? f->pm.bottleneck_bps * f->pm.rtt / s->segbits : 0;
        f->ss_target = bdp < s->rwnd_segs ? bdp : s->rwnd_segs;
        f->rtt = f->pm.rtt;
        f->wrtt = -1;
        if (s->o.no_tcp) f->pm.handshake = f->pm.tail = 0;
    }
    s->pos = alto_xcalloc((size_t)total + 1, sizeof *s->pos);
    if (s->tcp) sim_flow_tcp_setup(s, x, total);
    sim_mm_init(&s->mm, t->nlinks, n);
    /* The solver sees data hops only, and capacities net of ACK load. */
    s->mm.cap = s->lceff;
    s->mm.fpath = s->fpath;
    s->mm.flen = s->dlen;
    s->mm.lf = s->lf;
    s->mm.nlf = s->nlf;
    s->mm.fcap = s->fcap;
    s->mm.rate = s->rate;
    if (s->tcp) s->mm.w = s->w;
    return 0;
}

static void event(fsim *s, int f, double now, sim_result *out, const sim_transfer *x) {
    fl *c = &s->f[f];
    s->st.events++;
    if (c->phase == PH_PENDING) {
        if (c->plen == 0 || c->rem <= 0) {   /* local copy or nothing to send */
            c->phase = PH_DONE;
            out[f].finish = now + (c->plen ? c->pm.handshake : 0);
            out[f].seconds = out[f].finish - x[f].start;
        } else if (c->pm.handshake > 0) {
            c->phase = PH_HANDSHAKE;
            ev_set(s, f, now + c->pm.handshake, EV_START);
        } else {
            activate(s, f, now);
        }
    } else if (c->phase == PH_HANDSHAKE) {
        activate(s, f, now);
    } else if (c->ev == EV_ROUND) {
        round_end(s, f, now);
    } else if (c->ev == EV_RETUNE) {
        seed_add(s, f);
    } else {
        finish(s, f, now, out, x);
    }
}

int sim_flow_run(const sim_topo *t, const sim_params *p, const sim_flow_opts *opts,
                 const sim_transfer *x, int n, sim_result *out, sim_flow_stats *stats,
                 alto_err *err) {
    fsim s;
    memset(&s, 0, sizeof s);
    s.t = t;
    s.p = p;
    s.err = err;
    if (opts) s.o = *opts;
    if (!(p->mss > 0) || !(p->header >= 0) || p->init_cwnd < 1 || !(p->rwnd >= p->mss)) {
        return alto_err_set(err, "flow backend: bad TCP parameters (mss %g, header %g, "
                            "init_cwnd %d, rwnd %g)", p->mss, p->header, p->init_cwnd, p->rwnd);
    }
    int rc = fsim_setup(&s, x, n);
    if (rc == 0) {
        /* Arrivals come from a list sorted by start time, not the heap, so
         * the heap holds only flows in flight (log of tens, not of 1e5). */
        int *arr = alto_xcalloc((size_t)n + 1, sizeof *arr);
        for (int i = 0; i < n; i++) {
            arr[i] = i;
            s.f[i].phase = PH_PENDING;
            s.f[i].key = x[i].start;
        }
        qsort_r(arr, (size_t)n, sizeof *arr, cmp_start, (void *)x);
        int next = 0;
        while (s.hn > 0 || next < n) {
            double now = s.hn > 0 ? s.f[s.heap[0]].key : INFINITY;
            if (next < n && x[arr[next]].start <= now) now = x[arr[next]].start;
            if (++s.seedmark == 0) {
                memset(s.lseed, 0, (size_t)t->nlinks * sizeof *s.lseed);
                s.seedmark = 1;
            }
            s.nseed = 0;
            s.damp = s.tcp;
            for (;;) {      /* every event at this instant, then one re-solve */
                int f;
                if (next < n && x[arr[next]].start == now) {
                    f = arr[next++];
                    /* Large runs take a minute: a count on a terminal. */
                    if (n >= 1000 && (next & 1023) == 0) alto_progress("flow: transfers started", next, n);
                }
                else if (s.hn > 0 && s.f[s.heap[0]].key == now) f = ev_pop(&s);
                else break;
                if (s.f[f].phase != PH_ACTIVE || s.f[f].ev != EV_RETUNE) s.damp = 0;
                event(&s, f, now, out, x);
            }
            if (s.nseed > 0) resolve(&s, s.seedl, s.nseed, now);
        }
        free(arr);
        if (n >= 1000) alto_progress_end();
    }
    if (stats) *stats = s.st;
    fsim_free(&s);
    return rc;
}

/* ---- the backend -------------------------------------------------------- */

static int flow_backend_run(const sim_topo *t, const sim_params *p, const sim_transfer *x,
                            int n, sim_result *out, json_t *info, alto_err *err) {
    sim_flow_stats st;
    /* The benchmark's baseline (ci/bench.d/30-flow.sh): re-solve every
     * active flow at every event.  Same answers, recorded in info. */
    const char *full = getenv("ALTOSPEC_FLOW_FULL_RESOLVE");
    const char *plain = getenv("ALTOSPEC_FLOW_PLAIN");
    sim_flow_opts o = {full && *full && strcmp(full, "0"), 0, 0,
                       plain && *plain && strcmp(plain, "0")};
    if (sim_flow_run(t, p, &o, x, n, out, &st, err)) return -1;
    if (info) {
        json_object_set_new(info, "resolve", json_string(o.full_resolve ? "full (baseline)"
                                                                        : "component"));
        json_object_set_new(info, "sharing", json_string(o.plain_maxmin ? "plain max-min"
                                                                         : "tcp"));
        json_object_set_new(info, "model",
            json_string(o.plain_maxmin
                ? "fluid max-min fair sharing over directed links (progressive filling, "
                  "re-solved per connected component at arrivals, slow-start rounds and "
                  "completions) with per-flow TCP: 1-RTT handshake, slow start from "
                  "init_cwnd doubling per RTT up to min(BDP, rwnd), window cap rwnd/RTT, "
                  "header overhead per segment"
                : "fluid weighted max-min sharing over directed links (progressive "
                  "filling, re-solved per connected component) with TCP's response "
                  "function as weights (RTT^-1/4 hops^-3/4 for Cubic, RTT^-1 hops^-1/2 for "
                  "NewReno), standing queues of saturated links in the RTT of flows whose "
                  "data or ACKs cross them, ACK bytes on reverse links, Cubic's two-way "
                  "traffic loss (fitted on ns-3), and per-flow TCP: 1-RTT handshake, slow "
                  "start from init_cwnd doubling per RTT up to min(BDP, rwnd), window cap "
                  "cwnd/RTT, header overhead per segment"));
        json_t *lim = json_array();
        json_array_append_new(lim, json_string("no packet-level loss dynamics: "
                              "congestion control enters only through its response "
                              "function (and, for Cubic, a fitted two-way-traffic loss)"));
        json_array_append_new(lim, json_string("deep buffers: a saturated link's queue "
                              "is taken as full; the burst losses and timeouts behind a "
                              "multi-second queue are not modelled"));
        if (o.plain_maxmin)
            json_array_append_new(lim, json_string("max-min fairness, not TCP's RTT-biased "
                                  "sharing; ACKs and queues ignored"));
        json_object_set_new(info, "limits", lim);
        json_t *js = json_object();
        json_object_set_new(js, "events", json_integer(st.events));
        json_object_set_new(js, "solves", json_integer(st.solves));
        json_object_set_new(js, "solved_flows", json_integer(st.solved_flows));
        json_object_set_new(js, "max_active", json_integer(st.max_active));
        json_object_set_new(info, "stats", js);
    }
    return 0;
}

const sim_backend sim_flow_backend = {"flow", flow_backend_run, NULL};
