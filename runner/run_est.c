/* run_est.c: the estimator section of a run (IETF 113 Demo 2).
 *
 * The transfers of the estimator's policy (repetition 0) are predicted
 * together, as concurrent flows, by the estimator (est.h: ALTO path
 * vectors and ANE bandwidths, then the flow model on that network), and
 * compared with what the run measured on its first backend: per flow,
 * predicted and measured throughput (application bytes * 8 / completion
 * time) and the relative error (predicted - measured) / measured.  The
 * hackathon's published predictions, when the scenario lists them, are
 * put beside them with their own error against the same measurement. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "run_sla.h"
#include "est.h"
#include "alto_buf.h"

static int cmp_abs(const void *a, const void *b) {
    double x = fabs(*(const double *)a), y = fabs(*(const double *)b);
    return x < y ? -1 : x > y;
}

static double median_abs(double *v, int n) {
    if (n == 0) return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_abs);
    return n % 2 ? fabs(v[n / 2]) : (fabs(v[n / 2 - 1]) + fabs(v[n / 2])) / 2;
}

/* |error| at the 90th percentile, nearest rank, of v already sorted by
 * |error| (median_abs sorts it): the same rule as backend_comparison. */
static double p90_abs(const double *v, int n) {
    if (n == 0) return 0;
    int k = (int)ceil(0.9 * n) - 1;
    return fabs(v[k < 0 ? 0 : k >= n ? n - 1 : k]);
}

static const json_t *published(const run_scenario *sc, const char *src, const char *dst) {
    size_t i;
    const json_t *p;
    json_array_foreach(sc->est_published, i, p)
        if (!strcmp(json_string_value(json_object_get(p, "src")), src) &&
            !strcmp(json_string_value(json_object_get(p, "dst")), dst))
            return json_object_get(p, "bps");
    return NULL;
}

json_t *run_est_section(const run_scenario *sc, pol_ctx *c, const json_t *transfers, alto_err *err) {
    const char *pol = sc->est_policy ? sc->est_policy : sc->baseline;
    size_t nt = json_array_size(transfers);
    sim_transfer *x = alto_xcalloc(nt + 1, sizeof *x);
    sim_result *o = alto_xcalloc(nt + 1, sizeof *o);
    const json_t **rec = alto_xcalloc(nt + 1, sizeof *rec);
    int n = 0;
    size_t i;
    const json_t *r;
    json_array_foreach(transfers, i, r) {
        if (strcmp(json_string_value(json_object_get(r, "policy")), pol) ||
            json_integer_value(json_object_get(r, "repetition")) != 0)
            continue;
        const run_request *q = &sc->reqs[json_integer_value(json_object_get(r, "request"))];
        x[n] = (sim_transfer){sim_topo_node(sc->topo, json_string_value(json_object_get(r, "replica"))),
                              q->client, sc->files[q->file].bytes, q->start};
        rec[n++] = r;
    }
    json_t *out = NULL;
    if (est_predict(c->est, &c->rs->params, x, n, o, err)) goto done;
    json_t *flows = json_array();
    double *errs = alto_xcalloc((size_t)n + 1, sizeof *errs), *perrs = alto_xcalloc((size_t)n + 1, sizeof *perrs);
    int np = 0;
    double sum = 0, worst = 0;
    for (int k = 0; k < n; k++) {
        const json_t *t = rec[k];
        double bits = 8 * json_number_value(json_object_get(t, "bytes"));
        double ms = json_number_value(json_object_get(t, "seconds"));
        double pbps = bits / o[k].seconds, mbps = bits / ms, e = (pbps - mbps) / mbps;
        const char *src = json_string_value(json_object_get(t, "replica"));
        const char *dst = json_string_value(json_object_get(t, "client"));
        json_t *f = json_pack("{s:s, s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f}", "src", src, "dst", dst,
                              "file", json_string_value(json_object_get(t, "file")), "bytes", bits / 8,
                              "predicted_seconds", o[k].seconds, "measured_seconds", ms,
                              "predicted_bps", pbps, "measured_bps", mbps, "error", e);
        const json_t *pub = published(sc, src, dst);
        if (pub) {
            double pe = (json_number_value(pub) - mbps) / mbps;
            json_object_set(f, "published_bps", (json_t *)pub);
            json_object_set_new(f, "published_error", json_real(pe));
            perrs[np++] = pe;
        } else {
            json_object_set_new(f, "published_bps", json_null());
        }
        const json_t *per = json_object_get(t, "backends");
        if (per) {
            json_t *mb = json_object();
            const char *bn;
            const json_t *bv;
            json_object_foreach((json_t *)per, bn, bv)
                json_object_set_new(mb, bn, json_real(bits / json_number_value(bv)));
            json_object_set_new(f, "measured_bps_by_backend", mb);
        }
        json_array_append_new(flows, f);
        errs[k] = e;
        sum += fabs(e);
        if (fabs(e) > fabs(worst)) worst = e;
    }
    double med = median_abs(errs, n);
    out = json_pack("{s:s, s:s, s:O, s:o, s:f, s:f, s:f, s:f}", "policy", pol, "backend",
                    json_string_value(json_object_get(rec[0] ? rec[0] : json_null(), "backend")) ?
                    json_string_value(json_object_get(rec[0], "backend")) : "",
                    "alto", est_info(c->est), "flows", flows, "median_abs_error", med,
                    "p90_abs_error", p90_abs(errs, n), "mean_abs_error", n ? sum / n : 0.0, "worst_error", worst);
    if (np) json_object_set_new(out, "published_median_abs_error", json_real(median_abs(perrs, np)));
    free(errs);
    free(perrs);
done:
    free(x);
    free(o);
    free(rec);
    return out;
}
