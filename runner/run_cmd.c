/* PLACEHOLDER: replaced by the module owner. */
#include <stdio.h>
#include "cmd.h"
int cmd_run(int argc, char **argv) { (void)argc; fprintf(stderr, "altospec %s: not built yet\n", argv[0]); return 2; }
int cmd_validate(int argc, char **argv) { (void)argc; fprintf(stderr, "altospec %s: not built yet\n", argv[0]); return 2; }
