/* conf_cov.h: requirement coverage (see conf_cov.c). */
#ifndef CONF_COV_H
#define CONF_COV_H

#include <stdio.h>
#include "conf.h"

/* Loads the requirements file, checks every case id against suite s and
 * that every case of s is linked to some requirement; prints the listing
 * to out when print is set.  -1 with file:line:col on a problem. */
int conf_cov_check(const char *path, const conf_suite *s, int print, FILE *out, alto_err *err);

#endif
