/* changes — what changed in qtown's files between two versions of a
 * workspace kept in git (two commits, a commit and the index, a commit and
 * the folder): each changed file's two versions, read with the unit reader
 * against a loose plan (loose_plan.h: old versions may predate the plan),
 * and what changed in them (unit_diff.h). */
#ifndef QTOWN_CHANGES_H
#define QTOWN_CHANGES_H

#include "model/loose_plan.h"
#include "model/unit_diff.h"
#include "sync/repo.h"

/* One of qtown's files that changed, with its two versions read. */
typedef struct sync_delta {
    char *path;      /* relative to the workspace */
    bool is_unit;    /* a unit file (else plan.yaml, qtown.yaml, ...) */
    bool unreadable; /* a version of a unit file did not load */
    unit *old, *new; /* NULL: not there (or unreadable) */
    plan loose;      /* what they were read with */
    change_list changes;
} sync_delta;

typedef struct sync_changes {
    sync_delta *items;
    size_t n, cap;
} sync_changes;

/* The number of changes (a file without readable changes counts one),
 * and of units concerned. */
size_t sync_changes_count(const sync_changes *sc, size_t *units);
void sync_changes_free(sync_changes *sc);

/* The changes of these paths from `from` (a commit; NULL: the files did
 * not exist) to `to` (a commit; "" the index; NULL the folder itself).
 * `order` (may be NULL) orders checks.  Appends to out. */
bool changes_of_paths(git *g, const plan *order, const char *from, const char *to,
                      const path_changes *paths, sync_changes *out, diag_list *dl);
/* The changes of every qtown file between two commits (`from` NULL: since
 * nothing; `to` NULL: the index, during a merge). */
bool changes_between(git *g, const plan *order, const char *from, const char *to, sync_changes *out,
                     diag_list *dl);

#endif
