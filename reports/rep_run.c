/* PLACEHOLDER: replaced by the run-report owner. */
#include "rep_run.h"
int rep_run_render(const json_t *report, const char *dir, alto_err *err) {
    (void)report; (void)dir;
    return alto_err_set(err, "run reports are not built yet");
}
