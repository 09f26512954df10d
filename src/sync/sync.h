/* sync — a workspace kept in step with the others through git, the way
 * `qtown sync` and the screens' sync key do it:
 *
 *   1. the changed unit files are checked (a file that does not load is
 *      never committed: nothing is done);
 *   2. qtown's files that changed are committed, with a message saying
 *      which checks changed, in which units, by whom;
 *   3. the remote is fetched (the branch's upstream, else "origin" or the
 *      only remote); unreachable: the commit stays here, to be pushed on
 *      the next sync ("offline"), and that is not an error;
 *   4. what came in is merged: unit files through qtown's merge driver
 *      (merge.h: never a conflict); a unit removed on one side and changed
 *      on the other is kept; a conflict in plan.yaml, qtown.yaml or any
 *      other file stops the sync: the merge is undone, the folder is left
 *      as it was after step 2, and the message says what to do;
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

typedef struct sync_opts {
    const char *by; /* who commits, when git has no name for the user (NULL:
                       the signer, model/identity.h) */
    bool no_prompt; /* git may not ask for a password (the screens) */
} sync_opts;

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
 * plan conflict, a push the remote refused); the folder is then as it was,
 * except for a commit of the local changes already made (res->commit). */
bool sync_run(const workspace *ws, const sync_opts *o, sync_result *res, diag_list *dl);
void sync_result_free(sync_result *res);

#endif
