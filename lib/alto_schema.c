/* alto_schema.c: member tables checked against loaded objects.
 *
 * Unknown members are errors: in a hand-written scenario, "bandwith:" is a
 * typo that would otherwise silently fall back to a default, which is the
 * worst kind of wrong result.  Rates and durations must carry units, for
 * the same reason. */
#include <math.h>
#include <string.h>
#include "alto_schema.h"
#include "alto_units.h"
#include "alto_buf.h"

static const char *type_word(alto_stype t) {
    static const char *const words[] = {
        [ALTO_S_ANY] = "a value", [ALTO_S_STRING] = "a string",
        [ALTO_S_INT] = "an integer", [ALTO_S_NUMBER] = "a number",
        [ALTO_S_BOOL] = "true or false", [ALTO_S_OBJECT] = "an object",
        [ALTO_S_ARRAY] = "a list", [ALTO_S_RATE] = "a rate like \"5Mbps\"",
        [ALTO_S_DURATION] = "a duration like \"25ms\"",
        [ALTO_S_SIZE] = "a size like \"10MiB\" or a number of bytes",
        [ALTO_S_STRING_OR_ARRAY] = "a string or a list of strings",
    };
    return words[t];
}

/* Limits every value of a kind obeys, wherever it appears, so that nothing
 * reaches the simulator that it would turn into zeros or infinities (a
 * 1e-300 bps link, a 1e300-byte file, a start in 1e300 s).  Documented in
 * README, "Input limits"; a field's own has_min/has_max narrow them. */
static const struct kind_limit {
    alto_stype type;
    double min_nonzero, max;    /* 0 itself is allowed when min_nonzero > 0 */
    int zero_ok;
    const char *unit;
} kind_limits[] = {
    {ALTO_S_RATE, 1, ALTO_RATE_MAX, 0, "bps"},
    {ALTO_S_DURATION, 1e-9, ALTO_DURATION_MAX, 1, "s"},
    {ALTO_S_SIZE, 1, ALTO_SIZE_MAX, 1, "B"},
    {ALTO_S_INT, 1, ALTO_INT_MAX, 1, ""},
    {ALTO_S_NUMBER, 0, ALTO_INT_MAX, 1, ""},
};

/* The kind's limits for num (in base units); 0 ok, -1 with a message. */
static int kind_check(const alto_doc *d, const json_t *obj, const char *key, alto_stype t,
                      const json_t *v, double num, alto_err *err) {
    for (size_t i = 0; i < sizeof kind_limits / sizeof *kind_limits; i++) {
        const struct kind_limit *k = &kind_limits[i];
        if (k->type != t) continue;
        const char *u = k->unit;
        if (!isfinite(num))     /* "1e308MB": finite as written, not once in bytes */
            return alto_doc_errf(d, err, obj, key, -1, "%s is above the limit %g%s", alto_doc_show(v),
                                 k->max, u);
        if ((num < 0 || num == 0) && !k->zero_ok)
            return alto_doc_errf(d, err, obj, key, -1, "must be positive, got %s", alto_doc_show(v));
        if (num < 0 && t != ALTO_S_INT && t != ALTO_S_NUMBER)
            return alto_doc_errf(d, err, obj, key, -1, "must not be negative, got %s",
                                 alto_doc_show(v));
        if (num != 0 && fabs(num) < k->min_nonzero && t != ALTO_S_NUMBER)
            return alto_doc_errf(d, err, obj, key, -1, "%s is below the smallest %s%g%s allowed",
                                 alto_doc_show(v), t == ALTO_S_DURATION ? "non-zero " : "",
                                 k->min_nonzero, u);
        if (fabs(num) > k->max && k->max == ALTO_INT_MAX)
            return alto_doc_errf(d, err, obj, key, -1, "%s is beyond 2^53 - 1, the largest integer "
                                 "kept exactly", alto_doc_show(v));
        if (fabs(num) > k->max)
            return alto_doc_errf(d, err, obj, key, -1, "%s is above the limit %g%s", alto_doc_show(v),
                                 k->max, u);
    }
    return 0;
}

/* Converts a unit-bearing value to base units; -1 if it does not parse. */
static int unit_value(alto_stype t, const json_t *v, double *out) {
    if (t == ALTO_S_SIZE && json_is_integer(v)) {
        *out = (double)json_integer_value(v);
        return 0;
    }
    if (!json_is_string(v)) return -1;
    const char *s = json_string_value(v);
    switch (t) {
    case ALTO_S_RATE: return alto_parse_rate(s, out);
    case ALTO_S_DURATION: return alto_parse_duration(s, out);
    case ALTO_S_SIZE: return alto_parse_size(s, out);
    default: return -1;
    }
}

static int check_value(const alto_doc *d, const json_t *obj, const alto_field *f,
                       const json_t *v, alto_err *err) {
    double num = 0;
    int ok = 1, ranged = 0;
    switch (f->type) {
    case ALTO_S_ANY: break;
    case ALTO_S_STRING: ok = json_is_string(v); break;
    case ALTO_S_INT: ok = json_is_integer(v); num = (double)json_integer_value(v); ranged = 1; break;
    case ALTO_S_NUMBER: ok = json_is_number(v); num = json_number_value(v); ranged = 1; break;
    case ALTO_S_BOOL: ok = json_is_boolean(v); break;
    case ALTO_S_OBJECT: ok = json_is_object(v); break;
    case ALTO_S_ARRAY: ok = json_is_array(v); break;
    case ALTO_S_STRING_OR_ARRAY:
        if (json_is_array(v)) {
            size_t i;
            const json_t *e;
            json_array_foreach(v, i, e)
                if (!json_is_string(e))
                    return alto_doc_errf(d, err, v, NULL, (int)i, "expected a string, got %s",
                                         alto_doc_show(e));
        } else {
            ok = json_is_string(v);
        }
        break;
    case ALTO_S_RATE:
    case ALTO_S_DURATION:
    case ALTO_S_SIZE:
        ok = unit_value(f->type, v, &num) == 0;
        ranged = 1;
        break;
    }
    if (!ok)
        return alto_doc_errf(d, err, obj, f->name, -1, "expected %s, got %s",
                             type_word(f->type), alto_doc_show(v));
    if (ranged && kind_check(d, obj, f->name, f->type, v, num, err)) return -1;
    if (ranged && f->has_min && num < f->min)
        return alto_doc_errf(d, err, obj, f->name, -1, "%s is below the minimum %g",
                             alto_doc_show(v), f->min);
    if (ranged && f->has_max && num > f->max)
        return alto_doc_errf(d, err, obj, f->name, -1, "%s is above the maximum %g",
                             alto_doc_show(v), f->max);
    return 0;
}

int alto_schema_check(const alto_doc *d, const json_t *obj, const alto_field *fields,
                      alto_err *err) {
    if (!json_is_object(obj))
        return alto_doc_errf(d, err, obj, NULL, -1, "expected an object, got %s",
                             alto_doc_show(obj));
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        const alto_field *f = fields;
        while (f->name && strcmp(f->name, key)) f++;
        if (!f->name) {
            alto_buf known = ALTO_BUF_INIT;
            for (const alto_field *g = fields; g->name; g++)
                alto_buf_printf(&known, "%s%s", g == fields ? "" : ", ", g->name);
            alto_doc_errf(d, err, obj, key, -1, "unknown member (known: %s)",
                          known.data ? known.data : "none");
            alto_buf_free(&known);
            return -1;
        }
        if (check_value(d, obj, f, v, err)) return -1;
    }
    for (const alto_field *f = fields; f->name; f++)
        if (f->required && !json_object_get(obj, f->name))
            return alto_doc_errf(d, err, obj, NULL, -1, "missing required member \"%s\"",
                                 f->name);
    return 0;
}

static int get_unit(const alto_doc *d, const json_t *obj, const char *key, alto_stype t,
                    double dflt, double *out, alto_err *err) {
    const json_t *v = json_object_get(obj, key);
    if (!v) { *out = dflt; return 0; }
    if (unit_value(t, v, out))
        return alto_doc_errf(d, err, obj, key, -1, "expected %s, got %s", type_word(t),
                             alto_doc_show(v));
    return kind_check(d, obj, key, t, v, *out, err);
}

int alto_get_rate(const alto_doc *d, const json_t *obj, const char *key, double dflt,
                  double *out, alto_err *err) {
    return get_unit(d, obj, key, ALTO_S_RATE, dflt, out, err);
}

int alto_get_duration(const alto_doc *d, const json_t *obj, const char *key, double dflt,
                      double *out, alto_err *err) {
    return get_unit(d, obj, key, ALTO_S_DURATION, dflt, out, err);
}

int alto_get_size(const alto_doc *d, const json_t *obj, const char *key, double dflt,
                  double *out, alto_err *err) {
    return get_unit(d, obj, key, ALTO_S_SIZE, dflt, out, err);
}

int alto_get_number(const alto_doc *d, const json_t *obj, const char *key, double dflt,
                    double *out, alto_err *err) {
    const json_t *v = json_object_get(obj, key);
    if (!v) { *out = dflt; return 0; }
    if (!json_is_number(v))
        return alto_doc_errf(d, err, obj, key, -1, "expected a number, got %s", alto_doc_show(v));
    *out = json_number_value(v);
    return kind_check(d, obj, key, ALTO_S_NUMBER, v, *out, err);
}

int alto_get_int(const alto_doc *d, const json_t *obj, const char *key, long long dflt,
                 long long *out, alto_err *err) {
    const json_t *v = json_object_get(obj, key);
    if (!v) { *out = dflt; return 0; }
    if (!json_is_integer(v))
        return alto_doc_errf(d, err, obj, key, -1, "expected an integer, got %s",
                             alto_doc_show(v));
    *out = json_integer_value(v);
    return kind_check(d, obj, key, ALTO_S_INT, v, (double)*out, err);
}

int alto_get_string(const alto_doc *d, const json_t *obj, const char *key, const char *dflt,
                    const char **out, alto_err *err) {
    const json_t *v = json_object_get(obj, key);
    if (!v) { *out = dflt; return 0; }
    if (!json_is_string(v))
        return alto_doc_errf(d, err, obj, key, -1, "expected a string, got %s", alto_doc_show(v));
    *out = json_string_value(v);
    return 0;
}
