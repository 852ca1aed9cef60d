/* conf_plan.c: suite planning, which suites a run selects and the one
 * table it runs (moved out of cmd_conform, issue 11 item 3).  Several
 * suites run as one: their tables are concatenated in the order they were
 * selected ("all" = registry order, conf_suites.c), the name joins theirs
 * with '+' ("rfc7285+rfc9275") and the title with "; ".  Without
 * --suite the run is every suite that is not opt_in (conf.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "conf_run.h"
#include "alto_buf.h"
#include "alto_doc.h"

#define PLAN_MAX (sizeof ((conf_plan *)0)->sel / sizeof *((conf_plan *)0)->sel)

static void plan_add_one(conf_plan *p, const conf_suite *s) {
    for (size_t j = 0; j < p->n; j++)
        if (p->sel[j] == s) return;
    if (p->n < PLAN_MAX) p->sel[p->n++] = s;
}

int conf_plan_add(conf_plan *p, const char *list, alto_err *err) {
    char buf[256];
    size_t nall;
    const conf_suite *const *all = conf_suites(&nall);
    snprintf(buf, sizeof buf, "%s", list);
    for (char *save = NULL, *name = strtok_r(buf, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        int found = 0;
        for (size_t k = 0; k < nall; k++) {
            if (strcmp(name, "all") && strcmp(name, all[k]->name)) continue;
            plan_add_one(p, all[k]);
            found = 1;
        }
        if (found || !strcmp(name, "all")) continue;
        size_t off = (size_t)snprintf(err->msg, sizeof err->msg, "unknown suite \"%s\" (known:", name);
        for (size_t k = 0; k < nall && off < sizeof err->msg; k++)
            off += (size_t)snprintf(err->msg + off, sizeof err->msg - off, " %s", all[k]->name);
        if (off < sizeof err->msg) snprintf(err->msg + off, sizeof err->msg - off, ", all)");
        return -1;
    }
    return 0;
}

const conf_suite *conf_plan_suite(conf_plan *p) {
    if (!p->n) {    /* no --suite: every suite not opted out of the default */
        size_t nall;
        const conf_suite *const *all = conf_suites(&nall);
        for (size_t k = 0; k < nall; k++)
            if (!all[k]->opt_in) plan_add_one(p, all[k]);
    }
    if (p->n == 1) return p->sel[0];
    if (p->cases) return &p->merged;
    size_t total = 0;
    for (size_t k = 0; k < p->n; k++) total += p->sel[k]->ncases;
    p->cases = alto_xcalloc(total, sizeof *p->cases);
    total = 0;
    for (size_t k = 0; k < p->n; k++) {
        memcpy(p->cases + total, p->sel[k]->cases, p->sel[k]->ncases * sizeof *p->cases);
        total += p->sel[k]->ncases;
        size_t nl = strlen(p->name), tl = strlen(p->title);
        snprintf(p->name + nl, sizeof p->name - nl, "%s%s", k ? "+" : "", p->sel[k]->name);
        snprintf(p->title + tl, sizeof p->title - tl, "%s%s", k ? "; " : "", p->sel[k]->title);
    }
    p->merged = (conf_suite){.name = p->name, .title = p->title, .cases = p->cases, .ncases = total};
    return &p->merged;
}

int conf_plan_has(const conf_plan *p, const char *name) {
    for (size_t k = 0; k < p->n; k++)
        if (!strcmp(p->sel[k]->name, name)) return 1;
    return 0;
}

void conf_plan_for_requirements(conf_plan *p, const char *reqs) {
    if (!reqs || p->n <= 1) return;
    const conf_suite *named = NULL;
    alto_err derr;
    alto_doc *d = alto_doc_load(reqs, &derr);
    const char *nm = d ? json_string_value(json_object_get(alto_doc_root(d), "suite")) : NULL;
    for (size_t k = 0; nm && k < p->n; k++)
        if (!strcmp(p->sel[k]->name, nm)) named = p->sel[k];
    alto_doc_free(d);
    p->sel[0] = named ? named : p->sel[0];
    p->n = 1;
}

void conf_plan_free(conf_plan *p) {
    free(p->cases);
    p->cases = NULL;
}
