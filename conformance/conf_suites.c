/* conf_suites.c: the registry of suites, one line each, in the order a
 * multi-suite run concatenates their tables.  Each suite lives in its own
 * folder (conformance/rfcNNNN/, table in suite.c); see
 * CONFORMANCE-LAYOUT in conformance/README.md.  A new suite adds its
 * extern and one entry here. */
#include <string.h>
#include "conf.h"

extern const conf_suite conf_suite_rfc7285, conf_suite_rfc8189, conf_suite_rfc9274,
    conf_suite_rfc9240, conf_suite_rfc9241, conf_suite_rfc9275, conf_suite_rfc9439;

static const conf_suite *const suites[] = {
    &conf_suite_rfc7285,
    &conf_suite_rfc8189,
    &conf_suite_rfc9240,
    &conf_suite_rfc9241,
    &conf_suite_rfc9274,
    &conf_suite_rfc9275,
    &conf_suite_rfc9439,
};

const conf_suite *const *conf_suites(size_t *n) {
    *n = sizeof suites / sizeof *suites;
    return suites;
}

const conf_suite *conf_suite_find(const char *name) {
    for (size_t i = 0; i < sizeof suites / sizeof *suites; i++)
        if (!strcmp(suites[i]->name, name)) return suites[i];
    return NULL;
}
