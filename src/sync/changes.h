/* changes — what changed in qtown's files between two versions of a
 * workspace kept in git (two commits, a commit and the index, a commit and
 * the folder): each changed file's two versions, read with the unit reader
 * against a loose plan (merge_file.h: old versions may predate the plan),
 * and what changed in them (unit_diff.h).  Only the changes are kept (with
 * the unit's id and name, and of a record its kind, id and check), not the
 * units: thousands of files cost their changes' memory, not their units'. */
#ifndef QTOWN_CHANGES_H
#define QTOWN_CHANGES_H

#include "model/loose_plan.h"
#include "model/unit_diff.h"
#include "sync/parsed.h"
#include "sync/repo.h"

/* One of qtown's files that changed. */
typedef struct sync_delta {
    char *path;       /* relative to the workspace */
    bool is_unit;     /* a unit file (else plan.yaml, qtown.yaml, ...) */
    bool unreadable;  /* a version of a unit file did not load */
    const char *id;   /* the unit's, from its newer version; NULL: not read */
    const char *name; /* NULL when not read */
    change_list changes;
} sync_delta;

typedef struct sync_changes {
    sync_delta *items;
    size_t n, cap;
    arena *mem; /* the strings of the deltas and their changes */
} sync_changes;

/* The number of changes (a file without readable changes counts one),
 * and of units concerned. */
size_t sync_changes_count(const sync_changes *sc, size_t *units);
void sync_changes_free(sync_changes *sc);
/* Appends the changes from `old` to `new` (units read from two versions
 * of `path`; NULL: that version is absent, or did not load when
 * `unreadable`).  Nothing of the units is kept. */
void sync_changes_add(sync_changes *sc, const char *path, const unit *old, const unit *new,
                      bool unreadable);

/* Puts the deltas in the order of their paths (as git lists them). */
void sync_changes_sort(sync_changes *sc);

/* Told how far a long step is: `done` of `total` files (fn may be NULL);
 * false stops the step (it then fails). */
typedef struct sync_ticker {
    bool (*fn)(void *ctx, size_t done, size_t total);
    void *ctx;
} sync_ticker;

/* How changes_of_paths reads the new versions besides describing them. */
typedef struct changes_check {
    const plan *plan;      /* each new version of a unit file must load against
                              it (NULL: not checked) */
    diag_list *problems;   /* where what does not load is said */
    sync_ticker tick;      /* told after each file */
    size_t failed;         /* out: new versions that do not load (or cannot be read) */
    parsed_versions *keep; /* the versions parsed are kept there for a merge
                              (NULL: not kept) */
} changes_check;

/* The changes of these paths (from repo_diff or repo_local_changes: each
 * version read by its object id; with `from_folder`, the new one from the
 * folder).  `order` (may be NULL) orders checks.  Appends to out.  With
 * `check` (may be NULL), each new version is also read against
 * check->plan.  False only when git cannot be asked or the ticker said
 * stop. */
bool changes_of_paths(git *g, const plan *order, const path_changes *paths, bool from_folder,
                      changes_check *check, sync_changes *out, diag_list *dl);
/* The changes of every qtown file between two commits (`from` NULL: since
 * nothing; `to` NULL: the index, during a merge). */
bool changes_between(git *g, const plan *order, const char *from, const char *to,
                     changes_check *check, sync_changes *out, diag_list *dl);

#endif
