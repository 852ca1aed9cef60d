/* conf_check.c: shared checks, syntax predicates and the bounded JSON
 * parser (see conf_check.h).  Everything here is pure: no I/O, no session,
 * so the unit tests exercise it directly on the RFC's printed examples. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf_check.h"
#include "alto_addr.h"
#include "alto_buf.h"

/* ---- problems ------------------------------------------------------- */

void conf_probs_init(conf_probs *p) {
    p->n = p->nsoft = p->checked = 0;
    p->list = json_array();
    p->exchange = -1;
}

void conf_probs_free(conf_probs *p) {
    json_decref(p->list);
    p->list = NULL;
    p->n = p->nsoft = 0;
}

static void vprob(conf_probs *p, int soft, const char *path, const char *expected,
                  const char *actual, const char *fmt, va_list ap) {
    p->n++;
    p->nsoft += soft;
    p->checked++;
    if (json_array_size(p->list) >= CONF_PROBS_KEEP) return;
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    json_t *o = json_object();
    json_object_set_new(o, "path", json_string(path ? path : ""));
    json_object_set_new(o, "expected", json_string(expected ? expected : ""));
    json_object_set_new(o, "actual", json_string(actual ? actual : ""));
    json_object_set_new(o, "message", json_string(msg));
    if (p->exchange >= 0)
        json_object_set_new(o, "exchange", json_integer(p->exchange));
    if (soft) json_object_set_new(o, "level", json_string("SHOULD"));
    json_array_append_new(p->list, o);
}

void conf_prob(conf_probs *p, const char *path, const char *expected,
               const char *actual, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprob(p, 0, path, expected, actual, fmt, ap);
    va_end(ap);
}

void conf_prob_soft(conf_probs *p, const char *path, const char *expected,
                    const char *actual, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprob(p, 1, path, expected, actual, fmt, ap);
    va_end(ap);
}

const char *conf_probs_first(const conf_probs *p) {
    json_t *f = json_array_get(p->list, 0);
    const char *m = json_string_value(json_object_get(f, "message"));
    return m ? m : "";
}

const char *conf_probs_first_hard(const conf_probs *p) {
    size_t i;
    json_t *f;
    json_array_foreach(p->list, i, f)
        if (!json_object_get(f, "level")) return json_string_value(json_object_get(f, "message"));
    return conf_probs_first(p);
}

/* ---- paths and renderings -------------------------------------------- */

static int path_plain(const char *k) {
    if (!*k) return 0;
    for (; *k; k++)
        if (!isalnum((unsigned char)*k) && *k != '-' && *k != '_') return 0;
    return 1;
}

void conf_path_key(char *out, const char *base, const char *key) {
    char tmp[CONF_PATH_MAX];
    if (path_plain(key))
        snprintf(tmp, sizeof tmp, "%s.%s", base, key);
    else
        snprintf(tmp, sizeof tmp, "%s[\"%.200s\"]", base, key);
    memcpy(out, tmp, sizeof tmp);
}

void conf_path_idx(char *out, const char *base, size_t idx) {
    char tmp[CONF_PATH_MAX];
    snprintf(tmp, sizeof tmp, "%s[%zu]", base, idx);
    memcpy(out, tmp, sizeof tmp);
}

const char *conf_jshow(const json_t *v) {
    static char buf[200];
    if (!v) return "missing";
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!s) return "?";
    if (strlen(s) >= sizeof buf) {
        memcpy(buf, s, sizeof buf - 4);
        strcpy(buf + sizeof buf - 4, "...");
    } else {
        strcpy(buf, s);
    }
    free(s);
    return buf;
}

/* ---- checks ---------------------------------------------------------- */

int conf_check_media(conf_probs *p, const conf_xchg *x, const char *want) {
    if (!strcmp(x->media, want)) { conf_checked(p, 1); return 1; }
    conf_prob(p, "Content-Type", want, x->resp.content_type ? x->resp.content_type : "(none)",
              "%s %s answered with Content-Type %s, expected %s", x->method, x->url,
              x->resp.content_type ? x->resp.content_type : "(none)", want);
    return 0;
}

int conf_jt_is(const json_t *v, conf_jt t) {
    switch (t) {
    case CONF_JT_ANY: return v != NULL;
    case CONF_JT_OBJECT: return json_is_object(v);
    case CONF_JT_ARRAY: return json_is_array(v);
    case CONF_JT_STRING: return json_is_string(v);
    case CONF_JT_NUMBER: return json_is_number(v);
    case CONF_JT_INTEGER: return json_is_integer(v);
    case CONF_JT_BOOL: return json_is_boolean(v);
    }
    return 0;
}

static const char *const jt_names[] = {
    [CONF_JT_ANY] = "a value", [CONF_JT_OBJECT] = "an object",
    [CONF_JT_ARRAY] = "an array", [CONF_JT_STRING] = "a string",
    [CONF_JT_NUMBER] = "a number", [CONF_JT_INTEGER] = "an integer",
    [CONF_JT_BOOL] = "a boolean",
};

void conf_check_strings(conf_probs *p, const json_t *a, const char *path,
                        const char *expected) {
    size_t i;
    const json_t *x;
    char ip[CONF_PATH_MAX];
    json_array_foreach(a, i, x) {
        if (json_is_string(x)) continue;
        conf_path_idx(ip, path, i);
        conf_prob(p, ip, expected, alto_json_type(x), "%s is %s", ip, alto_json_type(x));
    }
}

json_t *conf_check_member(conf_probs *p, const json_t *obj, const char *base,
                          const char *key, conf_jt type, int required) {
    char path[CONF_PATH_MAX];
    conf_path_key(path, base, key);
    if (!json_is_object(obj)) {
        if (required)
            conf_prob(p, base, "an object", alto_json_type(obj),
                      "%s is %s, expected an object with member \"%s\"", base,
                      alto_json_type(obj), key);
        return NULL;
    }
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            conf_prob(p, path, jt_names[type], "missing", "required member %s is missing", path);
        return NULL;
    }
    if (!conf_jt_is(v, type)) {
        conf_prob(p, path, jt_names[type], alto_json_type(v), "%s is %s, expected %s",
                  path, alto_json_type(v), jt_names[type]);
        return NULL;
    }
    return v;
}

/* ---- syntaxes (RFC 7285 section 10) ------------------------------------ */

static int syn_chars(const char *s, size_t max, const char *extra, int allow_dot,
                     const char **why) {
    size_t n = strlen(s);
    if (n == 0) { *why = "is empty"; return 0; }
    if (n > max) { *why = max == 64 ? "is longer than 64 characters" : "is longer than 32 characters"; return 0; }
    for (const char *c = s; *c; c++) {
        if (isalnum((unsigned char)*c) || strchr(extra, *c)) continue;
        if (*c == '.' && allow_dot) continue;
        *why = *c == '.' ? "uses the reserved '.' separator" : "contains a character outside the allowed set";
        return 0;
    }
    return 1;
}

int conf_syn_pidname(const char *s, const char **why) {
    return syn_chars(s, 64, "-:@_", 0, why);
}

int conf_syn_tag(const char *s, const char **why) {
    size_t n = strlen(s);
    if (n == 0) { *why = "is empty"; return 0; }
    if (n > 64) { *why = "is longer than 64 characters"; return 0; }
    for (const unsigned char *c = (const unsigned char *)s; *c; c++)
        if (*c < 0x21 || *c > 0x7e) { *why = "contains a character outside U+0021..U+007E"; return 0; }
    return 1;
}

int conf_syn_cost_metric(const char *s, const char **why) {
    if (!syn_chars(s, 32, "-:_", 0, why)) return 0;
    if (!strcmp(s, "priv:")) { *why = "has nothing after \"priv:\""; return 0; }
    return 1;
}

int conf_syn_prop_type(const char *s, const char **why) {
    if (!syn_chars(s, 32, "-:_", 0, why)) return 0;
    if (!strcmp(s, "priv:")) { *why = "is \"priv:\" alone, which is not a valid identifier"; return 0; }
    return 1;
}

/* RFC 9274 section 3 replaced the RFC 7285 rule ("numerical" or
 * "ordinal"): <= 32 characters of [A-Za-z0-9-:_], "priv:" for private use,
 * otherwise a value of the ALTO Cost Modes registry (numerical, ordinal,
 * and array from RFC 9275). */
int conf_syn_cost_mode(const char *s, const char **why) {
    static const char *const registered[] = {"numerical", "ordinal", "array"};
    if (!syn_chars(s, 32, "-:_", 0, why)) return 0;
    for (size_t i = 0; i < sizeof registered / sizeof *registered; i++)
        if (!strcmp(s, registered[i])) return 1;
    if (!strncmp(s, "priv:", 5) && s[5]) return 1;
    *why = "is not a registered cost mode (numerical, ordinal, array) nor \"priv:...\"";
    return 0;
}

int conf_syn_addrtype(const char *s) {
    return !strcmp(s, "ipv4") || !strcmp(s, "ipv6");
}

/* RFC 3986 IPv4address: four dec-octets without leading zeros. */
static int syn_ipv4_text(const char *s) {
    int parts = 0;
    const char *p = s;
    while (1) {
        if (!isdigit((unsigned char)*p)) return 0;
        const char *q = p;
        int v = 0;
        while (isdigit((unsigned char)*q)) { v = v * 10 + (*q - '0'); q++; if (q - p > 3) return 0; }
        if (v > 255 || (q - p > 1 && *p == '0')) return 0;
        parts++;
        if (*q == '\0') break;
        if (*q != '.') return 0;
        p = q + 1;
    }
    return parts == 4;
}

static int syn_addr(int fam, const char *s, const char **why) {
    alto_addr a;
    if (fam == 4) {
        if (!syn_ipv4_text(s) || alto_addr_parse(s, 4, &a) < 0) {
            *why = "is not an IPv4 address in dotted-decimal form";
            return 0;
        }
        return 1;
    }
    if (alto_addr_parse(s, 6, &a) < 0) { *why = "is not an IPv6 address"; return 0; }
    char buf[64];
    alto_addr_fmt(&a, buf, sizeof buf);
    if (strcmp(buf, s)) { *why = "is not in the RFC 5952 text form"; return 0; }
    return 1;
}

int conf_syn_typed_addr(const char *s, const char **why) {
    const char *colon = strchr(s, ':');
    if (!colon) { *why = "has no address type (expected \"ipv4:...\" or \"ipv6:...\")"; return 0; }
    if (!strncmp(s, "ipv4:", 5)) return syn_addr(4, s + 5, why);
    if (!strncmp(s, "ipv6:", 5)) return syn_addr(6, s + 5, why);
    *why = "has an unregistered address type";
    return 0;
}

int conf_syn_prefix(const char *family, const char *s, const char **why) {
    int fam = !strcmp(family, "ipv4") ? 4 : !strcmp(family, "ipv6") ? 6 : 0;
    if (!fam) { *why = "has an unregistered address type"; return 0; }
    char addr[128];
    const char *slash = strchr(s, '/');
    size_t alen = slash ? (size_t)(slash - s) : strlen(s);
    if (alen >= sizeof addr) { *why = "is too long"; return 0; }
    memcpy(addr, s, alen);
    addr[alen] = '\0';
    if (!syn_addr(fam, addr, why)) return 0;
    if (slash) {
        const char *d = slash + 1;
        int len = 0, nd = 0;
        for (; isdigit((unsigned char)*d) && nd < 4; d++, nd++) len = len * 10 + (*d - '0');
        if (*d || nd == 0 || len > (fam == 4 ? 32 : 128) || (nd > 1 && slash[1] == '0')) {
            *why = "has an invalid prefix length";
            return 0;
        }
    }
    /* Host bits beyond the length are not rejected: RFC 4632 section 3.1
     * defines the notation by "significant bits" only, and RFC 7285's own
     * example 11.3.1.7 prints 198.51.100.128/24.  The masked prefix is what
     * the non-overlap check compares. */
    alto_prefix p;
    if (alto_prefix_parse(s, fam, 0, &p) < 0) {
        *why = "is not a prefix";
        return 0;
    }
    return 1;
}

/* ---- equality and parsing --------------------------------------------- */

static int cmp_str_json(const void *a, const void *b) {
    const char *x = json_string_value(*(json_t *const *)a);
    const char *y = json_string_value(*(json_t *const *)b);
    return strcmp(x ? x : "", y ? y : "");
}

/* Arrays of strings compare as sets (prefix lists have no order); other
 * arrays compare element-wise. */
int conf_json_set_equal(const json_t *a, const json_t *b) {
    if (json_is_number(a) && json_is_number(b))
        return json_number_value(a) == json_number_value(b);
    if (!a || !b || json_typeof(a) != json_typeof(b)) return 0;
    if (json_is_object(a)) {
        if (json_object_size(a) != json_object_size(b)) return 0;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)a, k, v)
            if (!conf_json_set_equal(v, json_object_get(b, k))) return 0;
        return 1;
    }
    if (json_is_array(a)) {
        size_t n = json_array_size(a);
        if (n != json_array_size(b)) return 0;
        int strings = 1;
        for (size_t i = 0; i < n; i++)
            if (!json_is_string(json_array_get(a, i)) || !json_is_string(json_array_get(b, i)))
                strings = 0;
        if (!strings) {
            for (size_t i = 0; i < n; i++)
                if (!conf_json_set_equal(json_array_get(a, i), json_array_get(b, i))) return 0;
            return 1;
        }
        json_t **x = alto_xmalloc((n + 1) * sizeof *x), **y = alto_xmalloc((n + 1) * sizeof *y);
        for (size_t i = 0; i < n; i++) { x[i] = json_array_get(a, i); y[i] = json_array_get(b, i); }
        qsort(x, n, sizeof *x, cmp_str_json);
        qsort(y, n, sizeof *y, cmp_str_json);
        int eq = 1;
        for (size_t i = 0; i < n && eq; i++) eq = json_equal(x[i], y[i]);
        free(x);
        free(y);
        return eq;
    }
    return json_equal((json_t *)a, (json_t *)b);
}
