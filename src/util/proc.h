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
    /* For a child that may hang (git on the network): it is stopped when
     * it has written nothing for idle_ms (0: never waits out), or when
     * keep_going (may be NULL), asked every PROC_TICK_MS, says no.
     * Stopped means SIGTERM (git removes its lock files), then SIGKILL
     * after PROC_GRACE_MS, to everything it started when it has a process
     * group of its own (below); its output so far is kept. */
    int idle_ms;
    bool (*keep_going)(void *ctx);
    /* Told of standard error as it comes (git's progress); may be NULL. */
    void (*on_err)(void *ctx, const char *data, size_t len);
    void *ctx;
    /* The child runs in a session of its own, without a terminal: it
     * cannot ask anything (the screens own the terminal), and stopping it
     * stops all it started.  Without `detach`, a child that may be stopped
     * gets a process group of its own unless this process is in the
     * foreground of a terminal: there it stays in ours, so that it can
     * ask for a password and Ctrl-C reaches both. */
    bool detach;
} proc_opts;

#define PROC_TICK_MS  100
#define PROC_GRACE_MS 2000

typedef struct proc_result {
    int status;     /* the exit status; 128+N after signal N */
    bool timed_out; /* stopped after idle_ms of silence */
    bool stopped;   /* stopped because keep_going said no */
    strbuf out, err;
} proc_result;

/* Runs argv[0] (searched on $PATH) and waits for it.  False (with a
 * message) only when it could not be started; a program that ran and
 * failed (or was stopped) returns true with its status. */
bool proc_run(const char *const *argv, const proc_opts *o, proc_result *r, diag_list *dl);
void proc_result_free(proc_result *r);

/* A child kept running for a conversation of requests and answers (the
 * sync's `git cat-file --batch`, one for the whole sync instead of one a
 * batch).  As with proc_run, nothing can deadlock whatever the sizes: the
 * request is written only as far as the pipe takes it, while the answer
 * (and standard error) is read.  o as for proc_run (`in`, idle_ms,
 * keep_going and on_err are not used): NULL, with a message, when it
 * cannot be started. */
typedef struct proc_session proc_session;
proc_session *proc_open(const char *const *argv, const proc_opts *o, diag_list *dl);
/* Is the answer in `out` whole?  Called after each read; ctx may keep
 * how far it has looked. */
typedef bool proc_whole_fn(void *ctx, const strbuf *out);
/* Sends `in` and appends the answer to `out` until `whole` says it is all
 * there; false when the child ends or stops reading first (proc_close
 * then says why). */
bool proc_ask(proc_session *s, const char *in, size_t len, proc_whole_fn *whole, void *ctx,
              strbuf *out);
/* Ends the conversation (the child reads end of file) and waits for it:
 * its status, and all it said on standard error, in r (to be freed).
 * NULL: r is empty. */
void proc_close(proc_session *s, proc_result *r);

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
