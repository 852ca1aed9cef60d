/* cmd.h: the altospec subcommands.  Each returns the process exit status:
 * 0 success, 1 an unexpected result (failed expectation or conformance
 * case), 2 a usage, configuration or harness error. */
#ifndef CMD_H
#define CMD_H

int cmd_serve(int argc, char **argv);       /* server-under-test/srv_cmd.c */
int cmd_conform(int argc, char **argv);     /* conformance/conf_cmd.c */
int cmd_report(int argc, char **argv);      /* reports/rep_cmd.c */
int cmd_run(int argc, char **argv);         /* runner/run_cmd.c */
int cmd_validate(int argc, char **argv);    /* runner/run_cmd.c */
int cmd_matrix(int argc, char **argv);      /* matrix/mtx_cmd.c */
int cmd_merge(int argc, char **argv);       /* matrix/mtx_merge.c */

#endif
