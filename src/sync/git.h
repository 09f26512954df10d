/* git — running the user's own git (their config, credentials and hooks)
 * on a workspace, without a shell: every argument is passed as it is.
 *
 * The children run in the workspace folder with an environment qtown
 * controls, built here and nowhere else (docs/security.md): every GIT_*
 * variable removed but the few that say how to reach a remote and who
 * signs (so GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE... exported by a hook
 * never redirect qtown's git to another repository), the search for a
 * repository stopped at the workspace (GIT_CEILING_DIRECTORIES), git's
 * messages in the C locale (they are read), and qtown's own folder first
 * on $PATH, so that the merge driver git calls (`qtown merge-file`) is
 * this qtown even when it is not installed. */
#ifndef QTOWN_GIT_H
#define QTOWN_GIT_H

#include "util/diag.h"
#include "util/fsutil.h"
#include "util/proc.h"

#define GIT_MAX_ARGS 64

typedef struct git {
    char *root;   /* the work tree */
    fs_tree tree; /* the same, for reading its files (fsutil.h) */
    char *exe;    /* git's path */
    char **env;   /* NAME=VALUE for every child, NULL-terminated */
    size_t n_env;
    bool detach;           /* children run without a terminal (proc.h): the screens */
    struct git_kept *kept; /* git_session's children, until git_close */
    size_t n_kept, cap_kept;
} git;

/* Finds git; false with a clear message when it is not installed. */
bool git_open(git *g, const char *root, diag_list *dl);
void git_close(git *g);
/* Sets NAME=VALUE in the environment of the children, or removes NAME. */
void git_setenv(git *g, const char *name, const char *value);
void git_unsetenv(git *g, const char *name);

/* Runs `git ARGS...` (NULL-terminated) with `in` as its input (may be
 * NULL); false only when git could not be started. */
bool git_run(git *g, const char *in, size_t in_len, proc_result *r, diag_list *dl, ...)
    __attribute__((sentinel));
bool git_runv(git *g, const char *const *args, const char *in, size_t in_len, proc_result *r,
              diag_list *dl);
/* Runs git and wants exit status 0: otherwise adds git's own message to dl
 * and returns false. */
bool git_ok(git *g, diag_list *dl, ...) __attribute__((sentinel));
/* Runs git and returns its output with the last newline removed (caller
 * frees), or NULL (git's message in dl; dl may be NULL to ask quietly). */
char *git_capture(git *g, diag_list *dl, ...) __attribute__((sentinel));

/* `git ARGS...` kept running for requests and answers (proc.h's
 * proc_session: `git cat-file --batch`): started at the first call, the
 * same child for the same ARGS until git_close ends it.  NULL (with a
 * message) when it cannot be started. */
proc_session *git_session(git *g, const char *const *args, diag_list *dl);
/* After a proc_ask that failed: the session ended, git's words in dl; the
 * next git_session with these ARGS starts another. */
void git_session_failed(git *g, proc_session *s, diag_list *dl);

/* A run of git that talks to a remote (fetch, push), which may hang: it
 * is stopped when git reports nothing for idle_s seconds (0: never) or
 * when keep_going (may be NULL) says no (proc.h).  `--progress` is added
 * so that a remote that answers keeps it going; the percentage of the
 * phase git is in is told to `percent` (may be NULL), and the progress
 * lines are taken out of r->err afterwards. */
typedef struct git_net {
    int idle_s;
    bool (*keep_going)(void *ctx);
    void (*percent)(void *ctx, int percent);
    void *ctx;
} git_net;
bool git_run_net(git *g, const char *const *args, const git_net *net, proc_result *r,
                 diag_list *dl);

/* Adds "git ARGS: MESSAGE" to dl from a finished run. */
void git_report(const char *const *args, const proc_result *r, diag_list *dl);

#endif
