/* run_alto.c: the policies' ALTO client (see run_alto.h).
 *
 * Errors say what the server said: the HTTP status and the RFC 7285 error
 * code when there is one, or the transport error; the caller prefixes the
 * scenario line of the policy or of alto.url.  Answers are cached per
 * question so a workload of 10,000 requests from 50 clients asks the server
 * at most once per (client, replica set), which bounds the request count. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "run_alto.h"
#include "alto_buf.h"
#include "alto_http.h"
#include "run_mpart.h"

#define EVIDENCE_BODY_CAP (16 * 1024)
#define MT_IRD "application/alto-directory+json"
#define MT_NETMAP "application/alto-networkmap+json"
#define MT_COSTMAP "application/alto-costmap+json"
#define MT_COSTMAP_FILTER "application/alto-costmapfilter+json"
#define MT_ECS "application/alto-endpointcost+json"
#define MT_ECS_PARAMS "application/alto-endpointcostparams+json"
#define MT_ERROR "application/alto-error+json"

struct run_alto {
    char *ird_url;
    double timeout;
    alto_http *http;
    json_t *ird;
    json_t *evidence;
    json_t *cache;          /* question key -> array of costs */
    json_t *netmaps;        /* uri -> network map body */
};

run_alto *run_alto_new(const char *ird_url, double timeout) {
    run_alto *a = alto_xcalloc(1, sizeof *a);
    a->ird_url = alto_xstrdup(ird_url);
    a->timeout = timeout > 0 ? timeout : 10;
    a->http = alto_http_new();
    a->evidence = json_array();
    a->cache = json_object();
    a->netmaps = json_object();
    return a;
}

void run_alto_free(run_alto *a) {
    if (!a) return;
    alto_http_free(a->http);
    json_decref(a->ird);
    json_decref(a->evidence);
    json_decref(a->cache);
    json_decref(a->netmaps);
    free(a->ird_url);
    free(a);
}

json_t *run_alto_evidence(run_alto *a) { return a->evidence; }
const char *run_alto_url(const run_alto *a) { return a->ird_url; }

/* Absolute URI for an IRD entry: RFC 7285 9.2 allows relative URIs,
 * resolved against the IRD's own URI. */
static char *resolve_uri(const char *base, const char *uri) {
    if (strstr(uri, "://")) return alto_xstrdup(uri);
    alto_buf b = ALTO_BUF_INIT;
    const char *p = strstr(base, "://");
    const char *host_end = p ? strchr(p + 3, '/') : NULL;
    if (uri[0] == '/') {
        alto_buf_append(&b, base, host_end ? (size_t)(host_end - base) : strlen(base));
    } else {
        const char *slash = strrchr(base, '/');
        alto_buf_append(&b, base, slash ? (size_t)(slash - base + 1) : strlen(base));
    }
    alto_buf_puts(&b, uri);
    return alto_buf_take(&b);
}

static void add_evidence(run_alto *a, const char *label, const alto_http_req *rq,
                         const alto_http_resp *rs) {
    json_t *e = json_object();
    json_object_set_new(e, "policy", json_string(label ? label : ""));
    json_object_set_new(e, "method", json_string(rq->method));
    json_object_set_new(e, "url", json_string(rq->url));
    if (rq->body) {
        json_t *j = json_loadb(rq->body, rq->body_len, 0, NULL);
        json_object_set_new(e, "request_content_type", json_string(rq->content_type));
        json_object_set_new(e, "request_body", j ? j : json_stringn(rq->body, rq->body_len));
    }
    json_object_set_new(e, "status", json_integer(rs->status));
    if (rs->content_type)
        json_object_set_new(e, "response_content_type", json_string(rs->content_type));
    size_t n = rs->body.len;
    json_t *body = NULL;
    if (n <= EVIDENCE_BODY_CAP) body = json_loadb(rs->body.data ? rs->body.data : "", n, 0, NULL);
    if (!body) body = json_stringn(rs->body.data ? rs->body.data : "",
                                   n > EVIDENCE_BODY_CAP ? EVIDENCE_BODY_CAP : n);
    if (!body) body = json_string("(response body is not UTF-8)");
    json_object_set_new(e, "response_body", body);
    json_object_set_new(e, "response_bytes", json_integer((json_int_t)n));
    if (n > EVIDENCE_BODY_CAP) json_object_set_new(e, "response_truncated", json_true());
    if (rs->error[0]) json_object_set_new(e, "error", json_string(rs->error));
    json_object_set_new(e, "elapsed", json_real(rs->elapsed));
    char *curl = alto_http_curl_cmd(rq);
    json_object_set_new(e, "curl", json_string(curl));
    free(curl);
    json_array_append_new(a->evidence, e);
}

/* Sends one request (body serialized compactly with sorted keys, so the
 * evidence and the curl line are stable) and records the exchange as
 * evidence.  rs is filled either way; alto_http_do's return code. */
static int send_request(run_alto *a, const char *label, const char *method, const char *url,
                        const char *accept, const char *ctype, const json_t *body,
                        alto_http_resp *rs) {
    char *text = body ? json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    alto_http_req rq = {0};
    rq.method = method;
    rq.url = url;
    rq.accept = accept;
    rq.content_type = ctype;
    rq.body = text;
    rq.body_len = text ? strlen(text) : 0;
    rq.timeout = a->timeout;
    rq.connect_timeout = a->timeout < 5 ? a->timeout : 5;
    memset(rs, 0, sizeof *rs);
    int rc = alto_http_do(a->http, &rq, rs);
    add_evidence(a, label, &rq, rs);
    free(text);
    return rc;
}

/* One exchange: 0 with *out = the parsed 200 body, or -1 with the
 * server's error in err. */
static int exchange(run_alto *a, const char *label, const char *method, const char *url,
                    const char *accept, const char *ctype, const json_t *body, json_t **out,
                    alto_err *err) {
    alto_http_resp rs;
    int rc = send_request(a, label, method, url, accept, ctype, body, &rs);
    if (rc != 0) {
        alto_err_set(err, "%s %s: no answer from the ALTO server: %s", method, url,
                     rs.error[0] ? rs.error : "transport error");
        alto_http_resp_free(&rs);
        return -1;
    }
    json_t *j = json_loadb(rs.body.data ? rs.body.data : "", rs.body.len, 0, NULL);
    if (rs.status != 200) {
        const char *code = j ? json_string_value(json_object_get(json_object_get(j, "meta"), "code")) : NULL;
        const char *field = j ? json_string_value(json_object_get(json_object_get(j, "meta"), "field")) : NULL;
        alto_err_set(err, "%s %s: the ALTO server answered %ld%s%s%s%s", method, url, rs.status,
                     code ? " " : "", code ? code : "", field ? " field " : "", field ? field : "");
        json_decref(j);
        alto_http_resp_free(&rs);
        return -1;
    }
    alto_http_resp_free(&rs);
    if (!json_is_object(j)) {
        json_decref(j);
        return alto_err_set(err, "%s %s: the ALTO server's answer is not a JSON object", method, url);
    }
    *out = j;
    return 0;
}

int run_alto_ird(run_alto *a, alto_err *err) {
    json_t *ird;
    if (exchange(a, "discovery", "GET", a->ird_url, MT_IRD "," MT_ERROR, NULL, NULL, &ird, err))
        return -1;
    if (!json_is_object(json_object_get(ird, "resources"))) {
        json_decref(ird);
        return alto_err_set(err, "GET %s: not an ALTO information resource directory "
                            "(no \"resources\" object)", a->ird_url);
    }
    a->ird = ird;
    return 0;
}

void run_alto_plan_free(run_alto_plan *p) {
    free(p->metric); free(p->mode); free(p->type_name); free(p->uri); free(p->netmap_uri);
    memset(p, 0, sizeof *p);
}

static const char *str_or(const json_t *v) {
    return json_is_string(v) ? json_string_value(v) : "?";
}

static int offers_type(const json_t *res, const char *type_name) {
    const json_t *names = json_object_get(json_object_get(res, "capabilities"), "cost-type-names");
    size_t i;
    const json_t *v;
    json_array_foreach(names, i, v)
        if (json_is_string(v) && !strcmp(json_string_value(v), type_name)) return 1;
    return 0;
}

static const char *media_type(const json_t *res) {
    const char *m = json_string_value(json_object_get(res, "media-type"));
    return m ? m : "";
}

/* The network map a cost map uses (first entry of "uses" that is one). */
static const char *netmap_of(const json_t *resources, const json_t *res) {
    const json_t *uses = json_object_get(res, "uses");
    size_t i;
    const json_t *v;
    json_array_foreach(uses, i, v) {
        const json_t *r = json_object_get(resources, json_string_value(v));
        if (r && !strcmp(media_type(r), MT_NETMAP)) return json_string_value(json_object_get(r, "uri"));
    }
    return NULL;
}

int run_alto_plan_new(run_alto *a, const char *metric, const char *via_pref, run_alto_plan *out,
                      alto_err *err) {
    memset(out, 0, sizeof *out);
    const json_t *types = json_object_get(json_object_get(a->ird, "meta"), "cost-types");
    const json_t *resources = json_object_get(a->ird, "resources");
    static const char *const modes[] = {"numerical", "ordinal"};
    alto_buf offered = ALTO_BUF_INIT;
    const char *tn;
    const json_t *tv;
    json_object_foreach((json_t *)types, tn, tv) {
        alto_buf_printf(&offered, "%s%s/%s", offered.len ? ", " : "",
                        str_or(json_object_get(tv, "cost-metric")),
                        str_or(json_object_get(tv, "cost-mode")));
    }
    /* Best: numerical before ordinal, then ECS, filtered, full. */
    for (int m = 0; m < 2; m++) {
        json_object_foreach((json_t *)types, tn, tv) {
            const char *cm = json_string_value(json_object_get(tv, "cost-metric"));
            const char *mo = json_string_value(json_object_get(tv, "cost-mode"));
            if (!cm || !mo || strcmp(cm, metric) || strcmp(mo, modes[m])) continue;
            for (int via = 0; via < 3; via++) {
                if (via_pref && !strcmp(via_pref, "endpoint-cost") && via != RUN_VIA_ECS) continue;
                if (via_pref && !strcmp(via_pref, "cost-map") && via == RUN_VIA_ECS) continue;
                const char *rid;
                const json_t *r;
                json_object_foreach((json_t *)resources, rid, r) {
                    const char *mt = media_type(r);
                    const char *acc = json_string_value(json_object_get(r, "accepts"));
                    int ok = 0;
                    if (via == RUN_VIA_ECS) ok = !strcmp(mt, MT_ECS) && acc && strstr(acc, MT_ECS_PARAMS);
                    else if (via == RUN_VIA_FILTERED) ok = !strcmp(mt, MT_COSTMAP) && acc && strstr(acc, MT_COSTMAP_FILTER);
                    else ok = !strcmp(mt, MT_COSTMAP) && !acc;
                    if (!ok || !offers_type(r, tn)) continue;
                    const char *nm = via == RUN_VIA_ECS ? NULL : netmap_of(resources, r);
                    if (via != RUN_VIA_ECS && !nm) continue;
                    const char *uri = json_string_value(json_object_get(r, "uri"));
                    if (!uri) continue;
                    out->metric = alto_xstrdup(cm);
                    out->mode = alto_xstrdup(mo);
                    out->type_name = alto_xstrdup(tn);
                    out->via = (run_alto_via)via;
                    out->uri = resolve_uri(a->ird_url, uri);
                    out->netmap_uri = nm ? resolve_uri(a->ird_url, nm) : NULL;
                    alto_buf_free(&offered);
                    return 0;
                }
            }
        }
    }
    alto_err_set(err, "the ALTO server at %s offers no %sresource with cost metric \"%s\" "
                 "(its cost types: %s)", a->ird_url,
                 via_pref ? (!strcmp(via_pref, "endpoint-cost") ? "endpoint cost " : "cost map ") : "",
                 metric, offered.len ? offered.data : "none");
    alto_buf_free(&offered);
    return -1;
}

/* PID of an address by longest-prefix match over the network map. */
static const char *pid_of(const json_t *netmap, const alto_addr *addr) {
    const json_t *m = json_object_get(netmap, "network-map");
    const char *pid, *best = NULL;
    int best_len = -1;
    const json_t *pv;
    json_object_foreach((json_t *)m, pid, pv) {
        static const char *const fams[] = {"ipv4", "ipv6"};
        for (int f = 0; f < 2; f++) {
            if ((addr->family == 4) != (f == 0)) continue;
            size_t i;
            const json_t *s;
            json_array_foreach(json_object_get(pv, fams[f]), i, s) {
                alto_prefix pr;
                if (!json_is_string(s) || alto_prefix_parse(json_string_value(s), addr->family, 0, &pr))
                    continue;
                if (alto_prefix_contains(&pr, addr) && pr.len > best_len) {
                    best = pid;
                    best_len = pr.len;
                }
            }
        }
    }
    return best;
}

static int get_netmap(run_alto *a, const char *label, const char *uri, const json_t **out,
                      alto_err *err) {
    json_t *nm = json_object_get(a->netmaps, uri);
    if (!nm) {
        if (exchange(a, label, "GET", uri, MT_NETMAP "," MT_ERROR, NULL, NULL, &nm, err)) return -1;
        json_object_set_new(a->netmaps, uri, nm);
    }
    *out = nm;
    return 0;
}

static int number_cost(const json_t *v, double *out) {
    if (!json_is_number(v)) return -1;
    *out = json_number_value(v);
    return 0;
}

static int ask(run_alto *a, const run_alto_plan *p, const char *label, const alto_addr *srcs,
               int n, const alto_addr *dst, double *out, alto_err *err) {
    char dtxt[80], stxt[80];
    alto_addr_fmt_typed(dst, dtxt, sizeof dtxt);
    json_t *ctype = json_pack("{s:s, s:s}", "cost-metric", p->metric, "cost-mode", p->mode);
    json_t *ans = NULL;
    int rc = 0;
    if (p->via == RUN_VIA_ECS) {
        json_t *sa = json_array();
        for (int i = 0; i < n; i++)
            json_array_append_new(sa, json_string(alto_addr_fmt_typed(&srcs[i], stxt, sizeof stxt)));
        json_t *body = json_pack("{s:O, s:{s:o, s:[s]}}", "cost-type", ctype, "endpoints",
                                 "srcs", sa, "dsts", dtxt);
        rc = exchange(a, label, "POST", p->uri, MT_ECS "," MT_ERROR, MT_ECS_PARAMS, body, &ans, err);
        json_decref(body);
        if (rc == 0) {
            const json_t *m = json_object_get(ans, "endpoint-cost-map");
            for (int i = 0; i < n && rc == 0; i++) {
                /* Keys are typed addresses; compare parsed, not as text. */
                const char *sk, *dk;
                const json_t *row, *cell;
                int found = 0;
                json_object_foreach((json_t *)m, sk, row) {
                    alto_addr sa2;
                    if (alto_addr_parse_typed(sk, &sa2) || sa2.family != srcs[i].family ||
                        memcmp(sa2.b, srcs[i].b, 16))
                        continue;
                    json_object_foreach((json_t *)row, dk, cell) {
                        alto_addr da;
                        if (alto_addr_parse_typed(dk, &da) || da.family != dst->family ||
                            memcmp(da.b, dst->b, 16))
                            continue;
                        found = number_cost(cell, &out[i]) == 0;
                    }
                }
                if (!found)
                    rc = alto_err_set(err, "POST %s: the answer has no numeric %s cost from %s "
                                      "to %s", p->uri, p->metric,
                                      alto_addr_fmt_typed(&srcs[i], stxt, sizeof stxt), dtxt);
            }
        }
    } else {
        const json_t *nm;
        rc = get_netmap(a, label, p->netmap_uri, &nm, err);
        const char *dpid = rc ? NULL : pid_of(nm, dst);
        if (rc == 0 && !dpid)
            rc = alto_err_set(err, "GET %s: no PID of the network map contains %s",
                              p->netmap_uri, dtxt);
        const char **spid = alto_xcalloc((size_t)n + 1, sizeof *spid);
        for (int i = 0; i < n && rc == 0; i++) {
            spid[i] = pid_of(nm, &srcs[i]);
            if (!spid[i])
                rc = alto_err_set(err, "GET %s: no PID of the network map contains %s",
                                  p->netmap_uri, alto_addr_fmt_typed(&srcs[i], stxt, sizeof stxt));
        }
        if (rc == 0 && p->via == RUN_VIA_FILTERED) {
            json_t *sa = json_array();
            for (int i = 0; i < n; i++) json_array_append_new(sa, json_string(spid[i]));
            json_t *body = json_pack("{s:O, s:{s:o, s:[s]}}", "cost-type", ctype, "pids",
                                     "srcs", sa, "dsts", dpid);
            rc = exchange(a, label, "POST", p->uri, MT_COSTMAP "," MT_ERROR, MT_COSTMAP_FILTER,
                          body, &ans, err);
            json_decref(body);
        } else if (rc == 0) {
            rc = exchange(a, label, "GET", p->uri, MT_COSTMAP "," MT_ERROR, NULL, NULL, &ans, err);
        }
        if (rc == 0) {
            const json_t *m = json_object_get(ans, "cost-map");
            for (int i = 0; i < n && rc == 0; i++) {
                const json_t *cell = json_object_get(json_object_get(m, spid[i]), dpid);
                if (number_cost(cell, &out[i]))
                    rc = alto_err_set(err, "%s: the cost map has no numeric %s cost from PID %s "
                                      "to PID %s", p->uri, p->metric, spid[i], dpid);
            }
        }
        free(spid);
    }
    json_decref(ctype);
    json_decref(ans);
    return rc;
}

int run_alto_costs(run_alto *a, const run_alto_plan *p, const char *label, const alto_addr *srcs,
                   int n, const alto_addr *dst, double *out, alto_err *err) {
    alto_buf key = ALTO_BUF_INIT;
    char t[80];
    alto_buf_printf(&key, "%s|%s|%d|%s>", p->type_name, p->uri, (int)p->via,
                    alto_addr_fmt_typed(dst, t, sizeof t));
    for (int i = 0; i < n; i++) alto_buf_printf(&key, "%s,", alto_addr_fmt_typed(&srcs[i], t, sizeof t));
    const json_t *hit = json_object_get(a->cache, key.data);
    if (hit) {
        for (int i = 0; i < n; i++) out[i] = json_number_value(json_array_get(hit, (size_t)i));
        alto_buf_free(&key);
        return 0;
    }
    int rc = ask(a, p, label, srcs, n, dst, out, err);
    if (rc == 0) {
        json_t *arr = json_array();
        for (int i = 0; i < n; i++) json_array_append_new(arr, json_real(out[i]));
        json_object_set_new(a->cache, key.data, arr);
    }
    alto_buf_free(&key);
    return rc;
}

/* ---- RFC 9275 path vectors: multipart answers ----------------------------- */

const json_t *run_alto_ird_doc(const run_alto *a) { return a->ird; }

char *run_alto_resolve(const run_alto *a, const char *uri) { return resolve_uri(a->ird_url, uri); }

int run_alto_post_json(run_alto *a, const char *label, const char *url, const char *accept,
                       const char *ctype, const json_t *body, json_t **out, alto_err *err) {
    return exchange(a, label, "POST", url, accept, ctype, body, out, err);
}

int run_alto_post_mpart(run_alto *a, const char *label, const char *url, const char *accept,
                        const char *ctype, const json_t *body, json_t **parts, alto_err *err) {
    alto_http_resp rs;
    int rc = send_request(a, label, "POST", url, accept, ctype, body, &rs);
    *parts = NULL;
    if (rc != 0) {
        alto_err_set(err, "POST %s: no answer from the ALTO server: %s", url,
                     rs.error[0] ? rs.error : "transport error");
    } else if (rs.status != 200) {
        json_t *j = json_loadb(rs.body.data ? rs.body.data : "", rs.body.len, 0, NULL);
        const json_t *meta = json_object_get(j, "meta");
        const char *code = json_string_value(json_object_get(meta, "code"));
        const char *field = json_string_value(json_object_get(meta, "field"));
        alto_err_set(err, "POST %s: the ALTO server answered %ld%s%s%s%s", url, rs.status,
                     code ? " " : "", code ? code : "", field ? " field " : "", field ? field : "");
        json_decref(j);
        rc = -1;
    } else if (run_mpart_parse(rs.content_type, rs.body.data ? rs.body.data : "", rs.body.len,
                               parts, err)) {
        char m[ALTO_ERR_MAX];
        snprintf(m, sizeof m, "%s", err->msg);
        alto_err_set(err, "POST %s: %s", url, m);
        rc = -1;
    } else {
        /* The evidence keeps the parts as JSON too: readable in the report. */
        json_t *ev = json_array_get(a->evidence, json_array_size(a->evidence) - 1);
        json_object_set(ev, "response_parts", *parts);
    }
    alto_http_resp_free(&rs);
    return rc ? -1 : 0;
}

int run_alto_pid(run_alto *a, const char *label, const char *netmap_uri, const alto_addr *addr,
                 const char **pid, alto_err *err) {
    const json_t *nm;
    if (get_netmap(a, label, netmap_uri, &nm, err)) return -1;
    *pid = pid_of(nm, addr);
    if (!*pid) {
        char t[80];
        return alto_err_set(err, "GET %s: no PID of the network map contains %s", netmap_uri,
                            alto_addr_fmt_typed(addr, t, sizeof t));
    }
    return 0;
}
