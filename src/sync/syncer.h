/* syncer — the state of one run of the sync, shared by its steps:
 * sync.c runs them, sync_merge.c is the merge of what came in.  Internal
 * to src/sync. */
#ifndef QTOWN_SYNCER_H
#define QTOWN_SYNCER_H

#include "sync/git.h"
#include "sync/parsed.h"
#include "sync/sync.h"

#define SYNC_MESSAGE_MAX_LINES 200 /* lines of changes in a commit message */
/* The trees of the versions the local commit parsed, kept packed for the
 * merge (parsed.h): at most this many bytes, the two versions of about
 * 5,000 unit files of 4-5 KB; the rest is parsed again. */
#define SYNC_PARSED_BUDGET (64u << 20)

/* Everything one run needs. */
typedef struct syncer {
    const workspace *ws;
    const sync_opts *o;
    git g;
    sync_result *res;
    diag_list *dl;
    char *before;            /* HEAD before the local commit (NULL: there was none) */
    char *local;             /* HEAD after the local commit, before any merge */
    sync_changes committed;  /* what the local commit holds */
    parsed_versions *parsed; /* the versions it parsed, for the merge */
    int merges;              /* merges and fast-forwards done */
    char *tracking;          /* refs/remotes/REMOTE/BRANCH */
    bool has_upstream;
    int timeout_s; /* git may be silent this long on the network; 0: no limit */
    char *hooks;   /* the folder of the user's git hooks (repo_commit_index) */
} syncer;

/* Tells the caller how far the sync is (sync_opts.progress). */
void syncer_progress(syncer *s, sync_step step, size_t done, size_t total);
/* The caller still wants the sync (sync_opts.keep_going); when not, says
 * that it stopped. */
bool syncer_keep_going(syncer *s);

/* Brings the remote's commits (`theirs`) into HEAD: nothing when HEAD has
 * them, a fast-forward when HEAD has nothing else, else a merge (unit files
 * merged in this process; a unit removed on one side and changed on the
 * other kept; anything else git cannot merge undoes the merge and is
 * reported).  What came in is checked against the merged plan (problems go
 * to res->problems) and, for the first merge, is res->received. */
bool sync_merge_remote(syncer *s, const char *theirs);

/* Files in the unit folders that are not unit files are not qtown's: not
 * committed, never touched (qtown check names them).  Drops them. */
void sync_drop_strays(path_changes *paths);

/* The merge's safety net (merge_guard.c): begin before git touches the
 * folder (false: nothing was touched, the reason in dl), end after the
 * merge is committed, undo after a failure (puts qtown's files back as
 * HEAD has them; when it cannot, the next sync does: recover, first thing
 * of every sync, false when that is still not possible). */
bool sync_guard_begin(syncer *s, const char *theirs);
void sync_guard_end(syncer *s);
void sync_guard_undo(syncer *s);
bool sync_guard_recover(syncer *s);

#endif
