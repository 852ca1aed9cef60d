/* conf_expect.h: expectations files, the CI baseline of known results.
 *
 * YAML (or JSON), loaded with alto_doc so every error names file:line:col:
 *
 *   # scenarios/conformance/example-expect.yaml
 *   expect:
 *     - case: "rfc7285/11.3.2.3/constraint-*"   # glob or id prefix
 *       verdict: FAIL                            # PASS FAIL WARN UNSUPPORTED SKIP ERROR
 *       reason: "constraints not implemented yet (ticket 42)"
 *
 * The first matching entry decides a case's expected verdict.  A case with
 * an expectation matches only that verdict, so a fix shows up as an
 * unexpected PASS and the baseline gets updated.  A case without one is
 * expected to be anything but FAIL or ERROR.  An entry that matches no
 * case of the suite is a configuration error (a typo must not silently
 * expect nothing). */
#ifndef CONF_EXPECT_H
#define CONF_EXPECT_H

#include "conf.h"
#include "alto_err.h"

typedef struct conf_expect conf_expect;

conf_expect *conf_expect_load(const char *path, alto_err *err);
void conf_expect_free(conf_expect *e);
/* Expected verdict of id: 1 and *v, *reason set; 0 when none. */
int conf_expect_lookup(const conf_expect *e, const char *id, conf_verdict *v, const char **reason);
/* -1 with file:line:col when an entry matches no case of the suite. */
int conf_expect_check_suite(const conf_expect *e, const conf_suite *s, alto_err *err);

#endif
