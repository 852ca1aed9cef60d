/* alto_netmap.h: a network map (RFC 7285 section 11.2.1) indexed for
 * endpoint lookup.
 *
 * The PID of an endpoint is the PID of the longest prefix that contains it
 * (section 11.2.1.6 makes the map complete and longest-prefix-match
 * unambiguous); on equal lengths the first PID in the map's order wins, so
 * a map that (wrongly) lists one prefix twice still gives one answer.
 * Prefixes are read leniently (host bits masked): judging their syntax is
 * the conformance engine's job, finding a PID is everybody's. */
#ifndef ALTO_NETMAP_H
#define ALTO_NETMAP_H

#include <jansson.h>
#include "alto_addr.h"

typedef struct alto_netmap alto_netmap;

/* Indexes body["network-map"] (the map keeps a reference to body). */
alto_netmap *alto_netmap_new(const json_t *body);
void alto_netmap_free(alto_netmap *m);
/* The PID of an address, or NULL (borrowed from the body). */
const char *alto_netmap_pid(const alto_netmap *m, const alto_addr *a);
/* The same for a typed address "ipv4:..." / "ipv6:..."; NULL also when
 * the text is not one. */
const char *alto_netmap_pid_typed(const alto_netmap *m, const char *typed);
/* The map's body (borrowed). */
const json_t *alto_netmap_body(const alto_netmap *m);

#endif
