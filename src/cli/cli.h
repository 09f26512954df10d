/* cli — the command line (commands.def; docs/qtown.1).  Exit status: 0
 * done, 1 the data is wrong (problems on stderr as FILE:LINE:COLUMN:
 * message), 2 the command is wrong (usage on stderr). */
#ifndef QTOWN_CLI_H
#define QTOWN_CLI_H

int cli_run(int argc, char **argv);

#endif
