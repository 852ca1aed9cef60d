/* sim_cdni.c: loading the `cdni:` section of a topology (sim_cdni.h).
 * Every value is checked where it stands, so a bad footprint is named by
 * file:line:col and its path; the result is a plain JSON copy with the
 * footprints that name hosts resolved to values, which the server serves
 * as it is. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim_cdni.h"
#include "sim_topo.h"
#include "alto_addr.h"
#include "alto_schema.h"

static const alto_field sec_fields[] = {
    {.name = "downstream", .type = ALTO_S_ARRAY, .required = 1},
    {0},
};
static const alto_field dcdn_fields[] = {
    {.name = "name", .type = ALTO_S_STRING, .required = 1},
    {.name = "hosts", .type = ALTO_S_ARRAY},
    {.name = "advertisement", .type = ALTO_S_ARRAY, .required = 1},
    {0},
};
static const alto_field adv_fields[] = {
    {.name = "capability-type", .type = ALTO_S_STRING, .required = 1},
    {.name = "capability-value", .type = ALTO_S_ANY, .required = 1},
    {.name = "footprints", .type = ALTO_S_ARRAY},
    {0},
};
static const alto_field fp_fields[] = {
    {.name = "footprint-type", .type = ALTO_S_STRING, .required = 1},
    {.name = "footprint-value", .type = ALTO_S_ARRAY},
    {.name = "hosts", .type = ALTO_S_ARRAY},
    {0},
};

static const char *const fp_types[] = {"ipv4cidr", "ipv6cidr", "asn", "countrycode", "altopid"};

int sim_cdni_footprint_type(const char *type) {
    for (size_t i = 0; i < sizeof fp_types / sizeof *fp_types; i++)
        if (type && !strcmp(type, fp_types[i])) return 1;
    return 0;
}

static const struct { const char *type, *list; } cap_lists[] = {
    {"FCI.DeliveryProtocol", "delivery-protocols"},
    {"FCI.AcquisitionProtocol", "acquisition-protocols"},
    {"FCI.RedirectionMode", "redirection-modes"},
};

const char *sim_cdni_cap_list(const char *capability_type) {
    for (size_t i = 0; i < sizeof cap_lists / sizeof *cap_lists; i++)
        if (capability_type && !strcmp(capability_type, cap_lists[i].type)) return cap_lists[i].list;
    return NULL;
}

static int pidname_ok(const char *s) {
    size_t n = strlen(s);
    if (!n || n > 64) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("-:@_.", *s)) return 0;
    return 1;
}

const char *sim_cdni_footprint_why(const char *type, const char *v) {
    alto_prefix p;
    if (!strcmp(type, "ipv4cidr") || !strcmp(type, "ipv6cidr")) {
        int fam = type[3] == '4' ? 4 : 6;
        if (!strchr(v, '/')) return "expected CIDR notation address/length";
        if (alto_prefix_parse(v, fam, 1, &p))
            return fam == 4 ? "expected an IPv4 prefix with no host bits set, like 192.0.2.0/24"
                            : "expected an IPv6 prefix with no host bits set, like 2001:db8::/32";
        return NULL;
    }
    if (!strcmp(type, "asn")) {
        if (strncmp(v, "as", 2) || !v[2]) return "expected \"as\" and the AS number in decimal, like as64496";
        for (const char *c = v + 2; *c; c++)
            if (!isdigit((unsigned char)*c)) return "expected \"as\" and the AS number in decimal, like as64496";
        if (v[2] == '0' && v[3]) return "the AS number has a leading zero";
        if (strlen(v + 2) > 10 || strtoull(v + 2, NULL, 10) > 4294967295ull)
            return "the AS number is over 4294967295 (RFC 6793)";
        return NULL;
    }
    if (!strcmp(type, "countrycode")) {
        if (strlen(v) != 2 || !islower((unsigned char)v[0]) || !islower((unsigned char)v[1]) ||
            !isascii((unsigned char)v[0]) || !isascii((unsigned char)v[1]))
            return "expected an ISO 3166-1 alpha-2 code in lowercase, like de";
        return NULL;
    }
    if (!strcmp(type, "altopid")) return pidname_ok(v) ? NULL : "expected a PIDName (RFC 7285 10.1)";
    return "not a registered footprint type";
}

/* The values a `hosts:` footprint stands for, appended to out. */
static int from_hosts(const alto_doc *d, const struct sim_topo *t, const json_t *fp,
                      const char *type, json_t *out, alto_err *err) {
    const json_t *hosts = json_object_get(fp, "hosts");
    size_t i;
    const json_t *h;
    if (strcmp(type, "ipv4cidr") && strcmp(type, "ipv6cidr") && strcmp(type, "altopid"))
        return alto_doc_errf(d, err, fp, "hosts", -1, "footprints of type %s cannot be derived "
                             "from hosts; give footprint-value", type);
    json_array_foreach(hosts, i, h) {
        int n = json_is_string(h) ? sim_topo_node(t, json_string_value(h)) : -1;
        if (n < 0 || !t->nodes[n].is_host)
            return alto_doc_errf(d, err, hosts, NULL, (int)i, "expected the name of a host, got %s",
                                 alto_doc_show(h));
        const sim_node *nd = &t->nodes[n];
        if (!strcmp(type, "altopid")) {
            json_array_append_new(out, json_string(t->pids[nd->pid].name));
            continue;
        }
        for (int k = 0; k < nd->naddrs; k++) {
            char buf[80], pf[96];
            if ((nd->addrs[k].family == 4) != (type[3] == '4')) continue;
            snprintf(pf, sizeof pf, "%s/%d", alto_addr_fmt(&nd->addrs[k], buf, sizeof buf),
                     nd->addrs[k].family == 4 ? 32 : 128);
            json_array_append_new(out, json_string(pf));
        }
    }
    if (!json_array_size(out))
        return alto_doc_errf(d, err, fp, "hosts", -1, "these hosts have no %s address", type);
    return 0;
}

static json_t *parse_footprint(const alto_doc *d, const struct sim_topo *t, const json_t *fp,
                               alto_err *err) {
    if (!json_is_object(fp)) {
        alto_doc_errf(d, err, fp, NULL, -1, "expected a footprint object, got %s", alto_doc_show(fp));
        return NULL;
    }
    if (alto_schema_check(d, fp, fp_fields, err)) return NULL;
    const char *type = json_string_value(json_object_get(fp, "footprint-type"));
    if (!sim_cdni_footprint_type(type)) {
        alto_doc_errf(d, err, fp, "footprint-type", -1, "expected one of ipv4cidr, ipv6cidr, asn, "
                      "countrycode, altopid, got \"%s\"", type);
        return NULL;
    }
    const json_t *vals = json_object_get(fp, "footprint-value");
    if (!vals == !json_object_get(fp, "hosts")) {
        alto_doc_errf(d, err, fp, NULL, -1, "a footprint gives exactly one of footprint-value and hosts");
        return NULL;
    }
    json_t *out = json_array();
    if (!vals) {
        if (from_hosts(d, t, fp, type, out, err)) goto fail;
    } else {
        if (!json_array_size(vals)) {
            alto_doc_errf(d, err, fp, "footprint-value", -1, "needs at least one value (RFC 9241 3.6: <1..*>)");
            goto fail;
        }
        size_t i;
        const json_t *v;
        json_array_foreach(vals, i, v) {
            const char *why = json_is_string(v) ? sim_cdni_footprint_why(type, json_string_value(v))
                                                : "expected a string";
            if (!why && !strcmp(type, "altopid") && sim_topo_pid(t, json_string_value(v)) < 0)
                why = "no PID of this topology has this name";
            if (why) {
                alto_doc_errf(d, err, vals, NULL, (int)i, "%s footprint %s: %s", type, alto_doc_show(v), why);
                goto fail;
            }
            json_array_append(out, (json_t *)v);
        }
    }
    return json_pack("{s:s, s:o}", "footprint-type", type, "footprint-value", out);
fail:
    json_decref(out);
    return NULL;
}

/* capability-value of the RFC 8008 one-list types: {list: [strings]}. */
static int check_cap_value(const alto_doc *d, const json_t *a, alto_err *err) {
    const char *type = json_string_value(json_object_get(a, "capability-type"));
    const json_t *v = json_object_get(a, "capability-value");
    if (json_is_null(v)) return alto_doc_errf(d, err, a, "capability-value", -1, "must not be null");
    if (!*type) return alto_doc_errf(d, err, a, "capability-type", -1, "must not be empty");
    const char *list = sim_cdni_cap_list(type);
    if (!list) return 0;
    const json_t *l = json_object_get(v, list);
    int ok = json_is_object(v) && json_is_array(l) && json_array_size(l) > 0;
    size_t i;
    const json_t *e;
    json_array_foreach(l, i, e) ok = ok && json_is_string(e);
    if (!ok)
        return alto_doc_errf(d, err, a, "capability-value", -1, "%s takes {\"%s\": [strings]} "
                             "(RFC 8008 section 5.2), got %s", type, list, alto_doc_show(v));
    return 0;
}

static json_t *parse_adv(const alto_doc *d, const struct sim_topo *t, const json_t *a, alto_err *err) {
    if (!json_is_object(a)) {
        alto_doc_errf(d, err, a, NULL, -1, "expected an advertisement object, got %s", alto_doc_show(a));
        return NULL;
    }
    if (alto_schema_check(d, a, adv_fields, err) || check_cap_value(d, a, err)) return NULL;
    json_t *fps = json_array();
    size_t i;
    const json_t *fp;
    json_array_foreach(json_object_get(a, "footprints"), i, fp) {
        json_t *one = parse_footprint(d, t, fp, err);
        if (!one) {
            json_decref(fps);
            return NULL;
        }
        json_array_append_new(fps, one);
    }
    return json_pack("{s:O, s:O, s:o}", "capability-type", json_object_get(a, "capability-type"),
                     "capability-value", json_object_get(a, "capability-value"), "footprints", fps);
}

static json_t *parse_dcdn(const alto_doc *d, const struct sim_topo *t, const json_t *c, alto_err *err) {
    if (!json_is_object(c)) {
        alto_doc_errf(d, err, c, NULL, -1, "expected a downstream CDN object, got %s", alto_doc_show(c));
        return NULL;
    }
    if (alto_schema_check(d, c, dcdn_fields, err)) return NULL;
    const char *name = json_string_value(json_object_get(c, "name"));
    if (!pidname_ok(name) || strchr(name, '.') || strlen(name) > 48) {
        alto_doc_errf(d, err, c, "name", -1, "expected up to 48 characters of [A-Za-z0-9-:@_] "
                      "(it makes the resource id cdni-<name>), got \"%s\"", name);
        return NULL;
    }
    json_t *hosts = json_array(), *advs = json_array();
    size_t i;
    const json_t *h, *a;
    json_array_foreach(json_object_get(c, "hosts"), i, h) {
        int n = json_is_string(h) ? sim_topo_node(t, json_string_value(h)) : -1;
        if (n < 0 || !t->nodes[n].is_host) {
            alto_doc_errf(d, err, json_object_get(c, "hosts"), NULL, (int)i,
                          "expected the name of a host, got %s", alto_doc_show(h));
            goto fail;
        }
        json_array_append(hosts, (json_t *)h);
    }
    json_array_foreach(json_object_get(c, "advertisement"), i, a) {
        json_t *one = parse_adv(d, t, a, err);
        if (!one) goto fail;
        json_array_append_new(advs, one);
    }
    return json_pack("{s:s, s:o, s:o}", "name", name, "hosts", hosts, "advertisement", advs);
fail:
    json_decref(hosts);
    json_decref(advs);
    return NULL;
}

json_t *sim_cdni_parse(const alto_doc *d, const struct sim_topo *t, const json_t *sec, alto_err *err) {
    if (!json_is_object(sec)) {
        alto_doc_errf(d, err, sec, NULL, -1, "expected an object with \"downstream\", got %s", alto_doc_show(sec));
        return NULL;
    }
    if (alto_schema_check(d, sec, sec_fields, err)) return NULL;
    const json_t *ds = json_object_get(sec, "downstream");
    if (!json_array_size(ds) || json_array_size(ds) > SIM_CDNI_MAX) {
        alto_doc_errf(d, err, sec, "downstream", -1, "expected 1 to %d downstream CDNs, got %zu",
                      SIM_CDNI_MAX, json_array_size(ds));
        return NULL;
    }
    json_t *out = json_array(), *names = json_object();
    size_t i;
    const json_t *c;
    json_array_foreach(ds, i, c) {
        json_t *one = parse_dcdn(d, t, c, err);
        if (!one) goto fail;
        const char *name = json_string_value(json_object_get(one, "name"));
        if (json_object_get(names, name)) {
            alto_doc_errf(d, err, c, "name", -1, "a second downstream CDN named \"%s\"", name);
            json_decref(one);
            goto fail;
        }
        json_object_set_new(names, name, json_true());
        json_array_append_new(out, one);
    }
    json_decref(names);
    return json_pack("{s:o}", "downstream", out);
fail:
    json_decref(out);
    json_decref(names);
    return NULL;
}
