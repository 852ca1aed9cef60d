/* run_mpart.h: a small multipart/related reader (RFC 2387 over RFC 2046
 * section 5.1) for the RFC 9275 path vector answers. */
#ifndef RUN_MPART_H
#define RUN_MPART_H

#include <stddef.h>
#include <jansson.h>
#include "alto_err.h"

/* Splits body by the boundary of content_type ("multipart/related;
 * boundary=B; type=...; start=..."); *out (new reference) is an array of
 * {"content_id", "content_type", "body"} objects, the root part first (the
 * one `start` names, else the first part).  "body" is the parsed JSON when
 * the part is JSON, else its text.  -1 with err on anything malformed. */
int run_mpart_parse(const char *content_type, const char *body, size_t len, json_t **out,
                    alto_err *err);
/* The value of parameter `name` of a Content-Type (quotes removed) into
 * out; -1 when absent. */
int run_mpart_param(const char *content_type, const char *name, char *out, size_t n);

#endif
