/* sync — a workspace kept in step with the others through git, the way
 * `qtown sync` and the screens' sync key do it:
 *
 *   1. the changed unit files are checked (a file that does not load is
 *      never committed: nothing is done);
 *   2. qtown's files that changed are committed, with a message saying
 *      which checks changed, in which units, by whom;
 *   3. the remote is fetched (the branch's upstream, else "origin" or the
 *      only remote); unreachable: the commit stays here, to be pushed on
 *      the next sync ("offline"), and that is not an error; a remote that
 *      stops answering (git silent for the timeout) is one;
 *   4. what came in is merged: unit files changed on both sides in this
 *      process, thousands at a time (merge_file.h, the rules of merge.h:
 *      never a conflict; git's merge driver, `qtown merge-file`, does the
 *      same file by file for a merge made by hand); a unit removed on one
 *      side and changed on the other is kept; a conflict in plan.yaml,
 *      qtown.yaml or any other file stops the sync: the merge is undone,
 *      the folder is left as it was after step 2, and the message says
 *      what to do;
 *   5. the result is pushed (fetched and merged again if someone pushed in
 *      between).
 *
 * The library never prints: the result says what was sent and received
 * (sync_changes), summary.h words it. */
#ifndef QTOWN_SYNC_H
#define QTOWN_SYNC_H

#include "model/workspace.h"
#include "sync/changes.h"

/* Whether there is anything to sync, for the screens: cheap (two runs of
 * git at most). */
typedef struct sync_state {
    bool git_missing;
    bool is_repo;
    size_t changed_files; /* qtown's files changed since the last commit */
    size_t unpushed;      /* commits here the remote has not got (as last fetched) */
    bool has_remote;
} sync_state;
bool sync_status(const char *root, sync_state *st, diag_list *dl);

/* How far a sync is, for a progress line. */
typedef enum sync_step {
    SYNC_CHECKING,  /* reading the files changed here: done of total */
    SYNC_FETCHING,  /* git fetch: done percent (total 100) */
    SYNC_RECEIVING, /* merging and reading what came in: done of total units */
    SYNC_SENDING,   /* git push: done percent (total 100) */
} sync_step;

typedef struct sync_progress {
    sync_step step;
    size_t done, total;
    const char *remote; /* NULL before the remote is known */
} sync_progress;

typedef struct sync_opts {
    const char *by;   /* who commits, when git has no name for the user (NULL:
                         the signer, model/identity.h) */
    bool no_terminal; /* git runs without the terminal (the screens own it):
                         it cannot ask for a password */
    /* Both may be NULL; they are called from the thread running the sync.
     * progress: told as each step moves on.  keep_going: asked while
     * git talks to the remote, while the files changed here are read, and
     * between the merge's batches; false stops the sync (a merge begun is
     * undone; what is committed here stays committed). */
    void (*progress)(void *ctx, const sync_progress *p);
    bool (*keep_going)(void *ctx);
    void *ctx;
} sync_opts;

/* How long git may stay silent while it talks to the remote (a fetch, a
 * push) before the sync gives up on it, when `git config
 * qtown.networkTimeout SECONDS` does not say (0 there: no limit). */
#define SYNC_TIMEOUT_S     60
#define SYNC_TIMEOUT_MAX_S 86400

typedef struct sync_result {
    char *commit;          /* the commit made of the local changes, or NULL */
    sync_changes sent;     /* what the remote has now got from here; offline,
                              what waits to be sent; without a remote, what
                              was just committed */
    sync_changes received; /* what came in: the files to reload */
    char *remote;          /* e.g. "origin"; NULL without a remote */
    char *branch;
    bool offline;         /* the remote could not be reached */
    char *offline_reason; /* git's words */
    bool pushed;
    diag_list problems; /* merged files that do not load against the plan */
} sync_result;

/* Runs the sync on the workspace.  False with messages in dl when it could
 * not be done (git missing, no repository, a file that does not load, a
 * plan conflict, a push the remote refused, a remote that stopped
 * answering, keep_going said no); the folder is then as it was, except
 * for a commit of the local changes already made (res->commit) and a
 * merge already committed. */
bool sync_run(const workspace *ws, const sync_opts *o, sync_result *res, diag_list *dl);
void sync_result_free(sync_result *res);

#endif
