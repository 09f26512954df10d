/* proc — running another program (git) without a shell: the arguments go
 * to execvp as they are, so no text from a file or a user is ever parsed
 * by a shell.  Standard input is fed from memory (or /dev/null), standard
 * output and error are collected. */
#ifndef QTOWN_PROC_H
#define QTOWN_PROC_H

#include "util/diag.h"
#include "util/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct proc_opts {
    const char *cwd;        /* NULL: this process's */
    const char *const *env; /* NAME=VALUE to set, NAME alone to remove
                               (NULL-terminated), or NULL */
    const char *in;         /* fed to standard input; NULL: /dev/null */
    size_t in_len;
} proc_opts;

typedef struct proc_result {
    int status; /* the exit status; 128+N after signal N */
    strbuf out, err;
} proc_result;

/* Runs argv[0] (searched on $PATH) and waits for it.  False (with a
 * message) only when it could not be started; a program that ran and
 * failed returns true with its status. */
bool proc_run(const char *const *argv, const proc_opts *o, proc_result *r, diag_list *dl);
void proc_result_free(proc_result *r);

/* Starts a program (argv[0], searched on $PATH) without a shell and
 * without waiting for it: a viewer for a file.  It runs on its own
 * (its own session, reaped at once through a second fork), with standard
 * input, output and error on /dev/null so that nothing it says reaches
 * the screens.  False, with a message, when argv[0] is not a program
 * that can be run or cannot be started; what it does afterwards is its
 * own business. */
bool proc_launch(const char *const *argv, diag_list *dl);

/* The full path of a program on $PATH, or NULL (caller frees). */
char *proc_find(const char *name);
/* The folder of the running executable, or NULL (caller frees). */
char *proc_self_dir(void);

#endif
