/* pol.c: the policy registry.  Adding a policy is one file and one row. */
#include <string.h>
#include "pol.h"

static const pol_impl *const policies[] = {
    &pol_first_listed, &pol_random, &pol_alto_bandwidth, &pol_alto_latency, &pol_oracle,
    &pol_sla_scheduler, &pol_alto_multicost, &pol_alto_cdni,
    &pol_alto_property,
};

const pol_impl *pol_find(const char *name) {
    for (size_t i = 0; i < sizeof policies / sizeof *policies; i++)
        if (name && !strcmp(policies[i]->name, name)) return policies[i];
    return NULL;
}

const char *pol_names(void) {
    return "first-listed, random, alto-bandwidth, alto-latency, oracle, sla-scheduler, "
           "alto-multicost, alto-cdni, alto-property";
}
