/* rfc9274.h: private to the RFC 9274 (ALTO cost mode registry) suite
 * (conformance/rfc9274/): section 3.2 (the cost mode encoding that
 * replaces RFC 7285 section 10.5) in s3_2_cost_mode_encoding.c, section
 * 4 (an unsupported cost mode is E_INVALID_FIELD_VALUE) in
 * s4_backward_compatibility.c.  Run function of rfc9274/<section>/<name>:
 * r9274_<name>. */
#ifndef RFC9274_H
#define RFC9274_H

#include "conf_ctx.h"
#include "conf_msg.h"

void r9274_cost_mode_encoding(conf_ctx *c);
void r9274_unsupported_mode(conf_ctx *c);

#endif
