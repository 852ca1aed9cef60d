/* alto_schema.h: the small schema helper that validates loaded documents.
 *
 * A schema is a table of member rows; alto_schema_check() walks an object,
 * rejects unknown members (a typo in a scenario must not be ignored
 * silently), requires the required ones and checks each value's type, unit
 * and range.  Errors come from alto_doc_errf(), so they carry file, line,
 * column and JSON path.  Values with units are parsed here too, so callers
 * read numbers in base units: bits per second, seconds, bytes. */
#ifndef ALTO_SCHEMA_H
#define ALTO_SCHEMA_H

#include "alto_doc.h"

typedef enum alto_stype {
    ALTO_S_ANY = 0,
    ALTO_S_STRING,
    ALTO_S_INT,         /* JSON integer */
    ALTO_S_NUMBER,      /* integer or real */
    ALTO_S_BOOL,
    ALTO_S_OBJECT,
    ALTO_S_ARRAY,
    ALTO_S_RATE,        /* "5Mbps" -> bits/s;           number = bits/s */
    ALTO_S_DURATION,    /* "25ms"  -> seconds;          number = seconds */
    ALTO_S_SIZE,        /* "10MiB" or 10485760 -> bytes; number = bytes */
    ALTO_S_STRING_OR_ARRAY, /* a string or an array of strings */
} alto_stype;

/* Limits of every value of a kind (README, "Input limits"): rates
 * 1 bps..10 Tbps, durations 0 or 1 ns..1e6 s (11.6 days), sizes 0 or
 * 1 B..1e15 B (1 PB), integers and plain numbers within +-(2^53 - 1), so
 * every one is exact as a double.  Everything must be finite; rates,
 * durations and sizes must not be negative, and a rate of 0 is refused. */
#define ALTO_RATE_MAX 1e13
#define ALTO_DURATION_MAX 1e6
#define ALTO_SIZE_MAX 1e15
#define ALTO_INT_MAX 9007199254740991.0

typedef struct alto_field {
    const char *name;
    alto_stype type;
    int required;
    int has_min, has_max;   /* range in base units, checked when set */
    double min, max;
} alto_field;

/* Terminate tables with {NULL}. */
int alto_schema_check(const alto_doc *d, const json_t *obj,
                      const alto_field *fields, alto_err *err);

/* Typed getters.  When the member is absent they store `dflt` and return 0;
 * a present member of the wrong type or unit is an error (-1). */
int alto_get_rate(const alto_doc *d, const json_t *obj, const char *key,
                  double dflt, double *out, alto_err *err);
int alto_get_duration(const alto_doc *d, const json_t *obj, const char *key,
                      double dflt, double *out, alto_err *err);
int alto_get_size(const alto_doc *d, const json_t *obj, const char *key,
                  double dflt, double *out, alto_err *err);
int alto_get_number(const alto_doc *d, const json_t *obj, const char *key,
                    double dflt, double *out, alto_err *err);
int alto_get_int(const alto_doc *d, const json_t *obj, const char *key,
                 long long dflt, long long *out, alto_err *err);
/* Borrowed string, or dflt (may be NULL) when absent. */
int alto_get_string(const alto_doc *d, const json_t *obj, const char *key,
                    const char *dflt, const char **out, alto_err *err);

#endif
