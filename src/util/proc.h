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

/* The full path of a program on $PATH, or NULL (caller frees). */
char *proc_find(const char *name);
/* The folder of the running executable, or NULL (caller frees). */
char *proc_self_dir(void);

#endif
