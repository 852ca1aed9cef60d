/* srv_metrics.c: the RFC 9439 performance metrics of the reference server
 * (`serve --perf-metrics`, SRV_EXT_PM), computed from the topology's routes
 * (sim_topo_path) and link figures (rate, propagation delay, drop-tail
 * queue) and, for tput, from the flow model (sim/sim_flow*).
 *
 * The simulated network has no traffic of its own and no lossy links, so
 * the "estimation" values describe the idle network, where every packet
 * sees the same delay; the "sla" values are a bound the network can
 * honestly commit to; the "nominal" ones are configuration.  Units are
 * RFC 9439's: delays in microseconds, bandwidths in bytes per second,
 * lossrate a fraction (0.01 = 1%, as its example), hopcount an integer.
 *
 *   estimation (filtered-cost-map-pm, endpoint-cost-pm)
 *     num-delay-ow, pm-delay-ow-min, pm-delay-ow-p95   propagation delay of
 *         the route: on the idle network every percentile, the minimum and
 *         the median (delay-ow's default operator) are that one value
 *     num-delay-rt        forward plus reverse propagation delay (exactly
 *                         delay-ow there and back)
 *     num-hopcount        links of the route (no cost-context: "estimation"
 *                         by section 3.1; kept as the base server has it)
 *     pm-delay-variation  0: no packet is later than the fastest one
 *     pm-lossrate         0: nothing is dropped on an idle network
 *     pm-bw-residual      bottleneck capacity: nothing is reserved
 *     pm-tput             the flow model's steady-state rate of a bulk TCP
 *                         transfer alone on the route (below)
 *   nominal (filtered-cost-map-pm-nominal, endpoint-cost-pm-nominal)
 *     num-bw-available    bottleneck capacity: on the idle network all of it
 *                         is available (the base server's type; no
 *                         "estimation" twin, since RFC 7285 11.2.3.5 allows
 *                         one full cost map per metric and mode)
 *     pm-bw-maxres        bottleneck capacity: all of it is reservable
 *   sla (filtered-cost-map-pm-sla, endpoint-cost-pm-sla)
 *     pm-sla-delay-ow-max        propagation delay plus, at every link, a
 *         full drop-tail queue of 1502-byte packets (1448 payload + 54
 *         header: the flow model's segments) drained at the link's rate:
 *         no packet can take longer, so the network can commit to it
 *     pm-sla-delay-rt-max        the bounds of both routes added
 *     pm-sla-delay-variation-max the queueing part of the bound alone
 *
 * tput: two runs of the flow simulator (sim_flow_run, the flow backend's
 * defaults: Cubic, 1448-byte segments, 10-segment initial window, 4 MiB
 * receive window), one transfer of 64 MiB and one of 128 MiB alone on the
 * route; the answer is the marginal rate 64 MiB / (t128 - t64), which
 * leaves out the handshake and slow start: the rate of a long transfer,
 * bottleneck capacity less header and ACK overhead, or the receive window
 * per round trip on long fat routes.  Host to host, once per topology
 * load; a PID's value is the worst (smallest) over its host pairs, like
 * every other cost of the server (srv_model.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "srv_int.h"
#include "sim_flow.h"
#include "alto_buf.h"

#define TPUT_SHORT (64.0 * 1048576.0)
#define TPUT_LONG (128.0 * 1048576.0)

/* Microseconds, rounded to the nanosecond (as srv_model.c's delays). */
static double usec(double seconds) { return round(seconds * 1e9) / 1e3; }

/* Seconds a full drop-tail queue of the route a -> b takes to drain,
 * summed over its links; -1 when there is no route. */
static double queueing(const srv_model *m, int a, int b) {
    sim_params p;
    sim_params_default(&p);
    const int *links;
    int n = sim_topo_path(m->topo, a, b, &links);
    if (n < 0) return -1;
    double s = 0;
    for (int i = 0; i < n; i++) {
        const sim_link *l = &m->topo->links[links[i]];
        s += l->queue * (p.mss + p.header) * 8.0 / l->bps;
    }
    return s;
}

static double ow_max(const srv_model *m, int a, int b) {
    sim_path_metrics f;
    double q = queueing(m, a, b);
    if (q < 0 || sim_topo_metrics(m->topo, a, b, &f) < 0) return NAN;
    return usec(f.delay + q);
}

double srv_pm_host_cost(const srv_model *m, srv_metric metric, int a, int b) {
    sim_path_metrics f;
    if (sim_topo_metrics(m->topo, a, b, &f) < 0) return NAN;
    switch (metric) {
    case SRV_M_DELAY_OW_MAX:
        return ow_max(m, a, b);
    case SRV_M_DELAY_RT_MAX:
        return ow_max(m, a, b) + ow_max(m, b, a);
    case SRV_M_DELAY_VAR:
    case SRV_M_LOSSRATE:
        return 0.0;
    case SRV_M_DELAY_VAR_MAX:
        return usec(queueing(m, a, b));
    case SRV_M_BW_RESIDUAL:
    case SRV_M_BW_MAXRES:
        return isinf(f.bottleneck_bps) ? NAN : f.bottleneck_bps / 8.0;
    case SRV_M_TPUT:
        return m->tput && a != b ? m->tput[(size_t)a * m->topo->nhosts + b] : NAN;
    default:
        return NAN;
    }
}

/* Completion time of one transfer of bytes from host a to host b alone. */
static int lone_transfer(const srv_model *m, int a, int b, double bytes, double *secs,
                         alto_err *err) {
    sim_params p;
    sim_params_default(&p);
    sim_transfer x = {.src = a, .dst = b, .bytes = bytes, .start = 0};
    sim_result r;
    if (sim_flow_run(m->topo, &p, NULL, &x, 1, &r, NULL, err) < 0) return -1;
    *secs = r.seconds;
    return 0;
}

int srv_pm_build_tput(srv_model *m, alto_err *err) {
    int nh = m->topo->nhosts;
    m->tput = alto_xcalloc((size_t)nh * nh + 1, sizeof *m->tput);
    for (int a = 0; a < nh; a++)
        for (int b = 0; b < nh; b++) {
            double t1, t2;
            m->tput[(size_t)a * nh + b] = NAN;
            if (a == b) continue;
            if (lone_transfer(m, a, b, TPUT_SHORT, &t1, err) < 0 ||
                lone_transfer(m, a, b, TPUT_LONG, &t2, err) < 0)
                return -1;
            if (t2 > t1) m->tput[(size_t)a * nh + b] = round((TPUT_LONG - TPUT_SHORT) / (t2 - t1));
        }
    return 0;
}
