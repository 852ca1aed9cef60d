/* suite.c: the RFC 9274 (ALTO cost mode registry) suite: the encoding of
 * cost modes (section 3.2, which replaces RFC 7285 section 10.5) and the
 * error for an unsupported one (section 4).  The cost modes of multi-cost
 * requests are the same strings and the same rule (the rfc8189 suite
 * sends only advertised ones).  scenarios/conformance/rfc9274-requirements.yaml
 * lists every normative statement against these ids. */
#include "rfc9274.h"

static const conf_case rfc9274_cases[] = {
    {.id = "rfc9274/3.2/cost-mode-encoding", .section = "3.2", .level = CONF_MUST,
     .title = "every cost mode in meta.cost-types is registered (numerical, ordinal, array) or priv:",
     .requirement = "A cost mode is encoded as a string. The string MUST be no more than 32 characters, and it "
     "MUST NOT contain characters other than US-ASCII alphanumeric characters (U+0030-U+0039, U+0041-U+005A, "
     "and U+0061-U+007A), the hyphen-minus ('-', U+002D), the colon (':', U+003A), or the low line ('_', "
     "U+005F). Cost modes reserved for Private Use are prefixed with \"priv:\" (Section 5). Otherwise, the "
     "cost mode MUST have a value that is listed in the registry created in Section 5 of [...]",
     .needs = 0, .run = r9274_cost_mode_encoding},
    {.id = "rfc9274/4/unsupported-mode", .section = "4", .level = CONF_MUST,
     .title = "a request with a cost mode the server does not offer: E_INVALID_FIELD_VALUE",
     .requirement = "If an ALTO client includes a cost mode that is not supported by an ALTO server, the server "
     "indicates such an error with the error code E_INVALID_FIELD_VALUE as per Section 8.5.2 of",
     .needs = CONF_NEED_POST, .run = r9274_unsupported_mode},
};

const conf_suite conf_suite_rfc9274 = {
    .name = "rfc9274", .title = "RFC 9274: A Cost Mode Registry for ALTO",
    .cases = rfc9274_cases, .ncases = sizeof rfc9274_cases / sizeof *rfc9274_cases,
    .opt_in = 1,
};
