/* test_ns3_shim.c: the ns-3 shim's C API (sim/ns3/sim_ns3.h) on its own,
 * without the topology model: timing of a single bottleneck against the
 * serialisation arithmetic, explicit paths honoured even when they are not
 * the shortest, drop counters, input errors, and the global-state hazards
 * of ns-3 (repeated runs in one process, defaults that must not leak from
 * one run into the next).
 *
 * Built without ns-3 it exits 77 (ctest SKIP) and says why. */
#include <stdio.h>

#ifndef ALTOSPEC_HAVE_NS3
int main(void) {
    printf("SKIP: built without the ns-3 backend (ALTOSPEC_NS3=OFF, or libns3-dev not found)\n");
    return 77;
}
#else
#include <pthread.h>
#include "t.h"
#include "sim_ns3.h"

static const sim_ns3_dir FAST = {1e9, 100};

/* h0 -- r -- h1, bottleneck r->h1 at `bps` with `queue` packets, 10 ms. */
static sim_ns3 *line(const sim_ns3_config *c, double bps, int queue) {
    sim_ns3 *s = sim_ns3_new(c, NULL);
    sim_ns3_dir slow = {bps, queue};
    for (int i = 0; i < 3; i++) T_CHECK(sim_ns3_add_node(s) == i);
    T_CHECK(sim_ns3_add_link(s, 0, 2, &FAST, &FAST, 0) == 0);    /* h0-r */
    T_CHECK(sim_ns3_add_link(s, 2, 1, &slow, &FAST, 0.010) == 1); /* r-h1 */
    int fw[] = {0, 2}, bw[] = {3, 1};
    T_CHECK(sim_ns3_set_path(s, 0, 1, fw, 2) == 0);
    T_CHECK(sim_ns3_set_path(s, 1, 0, bw, 2) == 0);
    return s;
}

/* A transfer alone on a 10 Mbps bottleneck with a deep queue never loses
 * a packet, so it takes the handshake plus the serialisation of every
 * segment (1448 payload + 54 header bytes) plus about one RTT of slow
 * start. */
static void single_bottleneck(void) {
    sim_ns3_config c;
    sim_ns3_config_default(&c);
    sim_ns3 *s = line(&c, 10e6, 1000);
    const uint64_t bytes = 2000000;
    T_CHECK(sim_ns3_add_transfer(s, 0, 1, bytes, 0.5) == 0);
    T_CHECK_MSG(sim_ns3_run(s) == 0, "%s", sim_ns3_error(s));
    double segs = ceil((double)bytes / 1448);
    double wire = segs * 1502 * 8 / 10e6;
    double took = sim_ns3_finish(s, 0) - 0.5;
    printf("single 10 Mbps bottleneck: %.4f s (serialisation %.4f s)\n", took, wire);
    T_CHECK_MSG(took > wire + 0.02 && took < wire + 0.25, "took %.4f s", took);
    sim_ns3_link_stats st;
    T_CHECK(sim_ns3_link_stats_get(s, 2, &st) == 0);
    T_CHECK_MSG(st.tx_bytes >= bytes + segs * 54 && st.drops == 0,
                "r->h1 tx %llu drops %llu", (unsigned long long)st.tx_bytes,
                (unsigned long long)st.drops);
    T_CHECK(sim_ns3_link_stats_get(s, 4, &st) == -1);
    T_CHECK(sim_ns3_events(s) > 1000);
    sim_ns3_free(s);
}

/* ns-3 keeps a global simulator and global attribute defaults.  A run
 * with another TCP variant and tiny queues in between must not change the
 * result of the same experiment repeated. */
static void repeat_is_identical(void) {
    sim_ns3_config c, reno;
    sim_ns3_config_default(&c);
    sim_ns3_config_default(&reno);
    reno.tcp = "newreno";
    reno.init_cwnd = 2;
    double first = -1;
    for (int round = 0; round < 3; round++) {
        sim_ns3 *s = line(round == 1 ? &reno : &c, 2e6, round == 1 ? 5 : 20);
        T_CHECK(sim_ns3_add_transfer(s, 0, 1, 1000000, 0) == 0);
        T_CHECK(sim_ns3_add_transfer(s, 0, 1, 300000, 0.3) == 1);
        T_CHECK_MSG(sim_ns3_run(s) == 0, "%s", sim_ns3_error(s));
        double f = sim_ns3_finish(s, 0);
        sim_ns3_link_stats st;
        sim_ns3_link_stats_get(s, 2, &st);
        printf("round %d: %s finish %.6f s, %llu drops at the bottleneck\n",
               round, round == 1 ? "newreno/5p" : "cubic/20p", f,
               (unsigned long long)st.drops);
        if (round == 0) {
            first = f;
            T_CHECK_MSG(st.drops > 0, "20-packet queue, 2 flows: expected drops");
        } else if (round == 2) {
            T_CHECK_MSG(f == first, "%.9f vs %.9f", f, first);
        } else {
            T_CHECK(f != first);
        }
        /* Running the same handle again gives the same answer too. */
        if (round == 2) {
            T_CHECK(sim_ns3_run(s) == 0);
            T_CHECK(sim_ns3_finish(s, 0) == first);
        }
        sim_ns3_free(s);
    }
}

/* Square h0 - a - b - h1 with a shortcut a - h1: the caller's path
 * h0->a->b->h1 must be used although a->h1 is shorter, and the reverse
 * path may differ from the forward one. */
static void explicit_paths(void) {
    sim_ns3_config c;
    sim_ns3_config_default(&c);
    sim_ns3 *s = sim_ns3_new(&c, NULL);
    for (int i = 0; i < 4; i++) sim_ns3_add_node(s);   /* h0 h1 a b */
    sim_ns3_dir r = {10e6, 100};
    sim_ns3_add_link(s, 0, 2, &r, &r, 0.001);   /* L0 h0-a */
    sim_ns3_add_link(s, 2, 3, &r, &r, 0.001);   /* L1 a-b  */
    sim_ns3_add_link(s, 3, 1, &r, &r, 0.001);   /* L2 b-h1 */
    sim_ns3_add_link(s, 2, 1, &r, &r, 0.001);   /* L3 a-h1 */
    int fw[] = {0, 2, 4}, bw[] = {7, 1};        /* back via h1->a->h0 */
    T_CHECK(sim_ns3_set_path(s, 0, 1, fw, 3) == 0);
    T_CHECK(sim_ns3_set_path(s, 1, 0, bw, 2) == 0);
    T_CHECK(sim_ns3_add_transfer(s, 0, 1, 500000, 0) == 0);
    T_CHECK_MSG(sim_ns3_run(s) == 0, "%s", sim_ns3_error(s));
    uint64_t tx[8];
    for (int d = 0; d < 8; d++) {
        sim_ns3_link_stats st;
        sim_ns3_link_stats_get(s, d, &st);
        tx[d] = st.tx_bytes;
    }
    T_CHECK(tx[0] > 500000 && tx[2] > 500000 && tx[4] > 500000);  /* data */
    T_CHECK(tx[7] > 0 && tx[1] > 0 && tx[7] < 100000);            /* ACKs */
    T_CHECK(tx[6] == 0 && tx[3] == 0 && tx[5] == 0);              /* unused */
    sim_ns3_free(s);
}

/* Handles used from two threads at once: the shim serialises ns-3, so
 * both get the answer a lone run gives. */
static void *run_thread(void *arg) {
    sim_ns3 *s = arg;
    return (void *)(intptr_t)sim_ns3_run(s);
}

static void threads(void) {
    sim_ns3_config c;
    sim_ns3_config_default(&c);
    sim_ns3 *s[2];
    for (int i = 0; i < 2; i++) {
        s[i] = line(&c, 5e6, 50);
        sim_ns3_add_transfer(s[i], 0, 1, 400000 * (uint64_t)(i + 1), 0);
    }
    T_CHECK(sim_ns3_run(s[1]) == 0);
    double alone = sim_ns3_finish(s[1], 0);
    pthread_t th[2];
    void *rc[2];
    for (int i = 0; i < 2; i++) pthread_create(&th[i], NULL, run_thread, s[i]);
    for (int i = 0; i < 2; i++) pthread_join(th[i], &rc[i]);
    T_CHECK(rc[0] == NULL && rc[1] == NULL);
    T_CHECK(sim_ns3_finish(s[1], 0) == alone);
    T_CHECK(sim_ns3_finish(s[0], 0) > 0 && sim_ns3_finish(s[0], 0) < alone);
    for (int i = 0; i < 2; i++) sim_ns3_free(s[i]);
}

static void errors(void) {
    sim_ns3_config c;
    const char *why = NULL;
    sim_ns3_config_default(&c);
    c.tcp = "reno-ish";
    T_CHECK(sim_ns3_new(&c, &why) == NULL);
    T_CONTAINS(why, "unknown TCP variant");
    sim_ns3_config_default(&c);
    c.qdisc = "red";
    T_CHECK(sim_ns3_new(&c, &why) == NULL);
    T_CONTAINS(why, "queue disc");

    sim_ns3_config_default(&c);
    sim_ns3 *s = sim_ns3_new(&c, NULL);
    sim_ns3_dir bad = {1e6, 0};
    sim_ns3_add_node(s);
    sim_ns3_add_node(s);
    sim_ns3_add_node(s);
    T_CHECK(sim_ns3_add_link(s, 0, 1, &bad, &FAST, 0) == -1);
    T_CONTAINS(sim_ns3_error(s), "queue");
    T_CHECK(sim_ns3_add_link(s, 0, 7, &FAST, &FAST, 0) == -1);
    T_CHECK(sim_ns3_add_link(s, 0, 1, &FAST, &FAST, 0) == 0);
    T_CHECK(sim_ns3_add_link(s, 1, 2, &FAST, &FAST, 0) == 1);
    int gap[] = {0, 3};           /* 0->1 then 2->1: not contiguous */
    T_CHECK(sim_ns3_set_path(s, 0, 2, gap, 2) == -1);
    T_CONTAINS(sim_ns3_error(s), "not contiguous");
    int shortp[] = {0};
    T_CHECK(sim_ns3_set_path(s, 0, 2, shortp, 1) == -1);
    T_CHECK(sim_ns3_add_transfer(s, 0, 2, 0, 0) == -1);
    T_CONTAINS(sim_ns3_error(s), "0 bytes");
    T_CHECK(sim_ns3_run(s) == -1);
    T_CONTAINS(sim_ns3_error(s), "no transfers");
    int fw[] = {0, 2};
    T_CHECK(sim_ns3_set_path(s, 0, 2, fw, 2) == 0);
    T_CHECK(sim_ns3_add_transfer(s, 0, 2, 1000, 0) == 0);
    T_CHECK(sim_ns3_run(s) == -1);   /* no reverse path for the ACKs */
    T_CONTAINS(sim_ns3_error(s), "both directions");
    sim_ns3_free(s);
}

int main(void) {
    printf("ns-3 %s\n", sim_ns3_version());
    single_bottleneck();
    repeat_is_identical();
    explicit_paths();
    threads();
    errors();
    T_DONE();
}
#endif
