/* PLACEHOLDER: replaced by the module owner. */
#include <stdio.h>
#include "cmd.h"
int cmd_report(int argc, char **argv) { (void)argc; fprintf(stderr, "altospec %s: not built yet\n", argv[0]); return 2; }
