#include "sync/changes.h"

#include "i18n/i18n.h"
#include "model/merge_file.h"
#include "model/workspace.h"
#include "util/fsutil.h"
#include "util/par.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Files whose versions are read from git in one go: their memory, not the
 * whole change's, is what a step holds at once. */
#define CHANGES_BATCH 256

size_t sync_changes_count(const sync_changes *sc, size_t *units)
{
    size_t n = 0, u = 0;
    for (size_t i = 0; i < sc->n; i++) {
        n += sc->items[i].changes.n ? sc->items[i].changes.n : 1;
        u += sc->items[i].is_unit;
    }
    if (units)
        *units = u;
    return n;
}

void sync_changes_free(sync_changes *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        change_list_free(&sc->items[i].changes);
        free(sc->items[i].path);
    }
    free(sc->items);
    if (sc->mem)
        arena_free(sc->mem);
    memset(sc, 0, sizeof *sc);
}

static const char *keep(sync_changes *sc, const char *s)
{
    return s ? arena_strdup(sc->mem, s) : NULL;
}

/* What the words for a change need of a record (summary.h), copied: its
 * kind, id and check, who and when; not its fields. */
static const unit_record *keep_record(sync_changes *sc, const unit_record *r)
{
    if (!r)
        return NULL;
    unit_record *k = arena_alloc(sc->mem, sizeof *k);
    memset(k, 0, sizeof *k);
    k->kind = r->kind; /* a static table */
    k->id = keep(sc, r->id);
    k->updated = keep(sc, r->updated);
    k->by = keep(sc, r->by);
    if (r->check) {
        plan_check *c = arena_alloc(sc->mem, sizeof *c);
        memset(c, 0, sizeof *c);
        c->id = keep(sc, r->check->id);
        k->check = c;
    }
    return k;
}

void sync_changes_add(sync_changes *sc, const char *path, const unit *old, const unit *new,
                      bool unreadable)
{
    if (!sc->mem)
        sc->mem = arena_new(64 * 1024);
    sc->items = xgrow(sc->items, &sc->cap, sc->n + 1, sizeof *sc->items);
    sync_delta *d = &sc->items[sc->n++];
    memset(d, 0, sizeof *d);
    d->path = xstrdup(path);
    unit_kind kind;
    char *id;
    d->is_unit = workspace_unit_of_path(path, &kind, &id);
    if (!d->is_unit)
        return;
    free(id);
    d->unreadable = unreadable;
    const unit *u = new ? new : old;
    d->id = u ? keep(sc, u->id) : NULL;
    d->name = u ? keep(sc, u->name) : NULL;
    if (unreadable)
        return;
    unit_diff(old, new, &d->changes);
    /* the changes point into the units: copies, for after they are gone */
    for (size_t i = 0; i < d->changes.n; i++) {
        unit_change *c = &d->changes.items[i];
        c->key = keep(sc, c->key);
        c->old_text = keep(sc, c->old_text);
        c->new_text = keep(sc, c->new_text);
        c->by = keep(sc, c->by);
        c->record = keep_record(sc, c->record);
    }
}

static int cmp_delta(const void *a, const void *b)
{
    return strcmp(((const sync_delta *)a)->path, ((const sync_delta *)b)->path);
}

void sync_changes_sort(sync_changes *sc)
{
    if (sc->n)
        qsort(sc->items, sc->n, sizeof *sc->items, cmp_delta);
}

/* Says why the new version of a file that came in from git cannot load
 * without reading it: too large to be read, or not a regular file. */
static bool unreadable_blob(const char *full, unsigned long long size, unsigned mode,
                            diag_list *problems)
{
    if (mode == 0120000)
        diag_add(problems, full, 0, 0, "%s", tr(M_FS_SYMLINK));
    else if (mode && mode != 0100644 && mode != 0100755)
        diag_add(problems, full, 0, 0, "%s", tr(M_SYNC_NOT_REGULAR));
    else if (size > UNIT_MAX_BYTES) /* never read (repo_read_blobs) */
        diag_add(problems, full, 0, 0, TR(M_FS_TOO_LARGE), (intmax_t)size, (size_t)UNIT_MAX_BYTES);
    else
        return false;
    return true;
}

/* One changed file of a batch: its versions read (and checked) by any
 * thread (read_delta), then listed in the changes in order (add_delta). */
typedef struct delta_job {
    const path_change *c;
    file_bytes old, new;
    unsigned long long new_size;
    char *buf; /* the new version, when read from the folder */
    char *id;  /* NULL: not a unit file */
    unit_kind kind;
    unit_versions v;
    bool readable;
    diag_list problems; /* this file's, said in the order of the files */
    size_t failed;      /* it does not load against the plan checked */
} delta_job;

typedef struct delta_batch {
    const char *root;
    const plan *order;
    changes_check *check;
    delta_job *jobs;
    sync_changes *out;
    size_t first, total; /* for the progress: the batch's place in the whole */
} delta_batch;

/* The bytes of a batch's files whose trees are in memory at once (the
 * batch's files are read in windows of this much). */
#define CHANGES_WINDOW_BYTES (16 * 1024 * 1024)

/* The new version of a path from the folder: NULL when it is not there
 * (or, counted as failed, cannot be read). */
static char *read_folder(const char *root, delta_job *j, bool checking, size_t *len)
{
    char *full = fs_join(root, j->c->path);
    char *buf = NULL;
    *len = 0;
    fs_result fr =
        fs_read_file(full, UNIT_MAX_BYTES, &buf, len, NULL, checking ? &j->problems : NULL);
    if (fr != FS_OK) {
        free(buf);
        buf = NULL;
        if (checking && fr == FS_ERROR)
            j->failed++;
    }
    free(full);
    return buf;
}

/* Reads both versions of a changed unit file; with a plan to check
 * against, the new version is read against it too.  Touches only its job
 * (par_for). */
static void read_delta(void *ctx, size_t i)
{
    const delta_batch *b = ctx;
    delta_job *j = &b->jobs[i];
    if (!workspace_unit_of_path(j->c->path, &j->kind, &j->id))
        return;
    bool checking = b->check && b->check->plan;
    file_bytes both[2] = {j->old, j->new};
    j->readable = unit_versions_read(&j->v, j->c->path, b->order, both, 2, NULL, NULL);
    if (!checking || !j->new.buf)
        return;
    char *full = fs_join(b->root, j->c->path);
    unit *u = NULL;
    if (!unreadable_blob(full, j->new_size, j->c->new_mode, &j->problems))
        u = j->v.root[1] ? unit_versions_against(&j->v, 1, b->check->plan, full, &j->problems)
                         /* it does not even parse: the reader says where */
                         : unit_parse(b->check->plan, full, j->new.buf, j->new.len, j->id, j->kind,
                                      &j->problems);
    j->failed += u == NULL;
    unit_free(u);
    free(full);
}

static void delta_job_free(delta_job *j)
{
    unit_versions_free(&j->v);
    diag_clear(&j->problems);
    free(j->buf);
    free(j->id);
    memset(j, 0, sizeof *j);
}

/* The trees read_delta parsed, to `keep` as far as its budget goes. */
static void keep_trees(parsed_versions *keep, const delta_job *j)
{
    const file_bytes versions[2] = {j->old, j->new};
    for (size_t i = 0; i < 2; i++)
        if (j->v.root[i])
            parsed_keep(keep, versions[i].buf, versions[i].len, j->v.root[i]);
}

/* Lists what changed in a file read by read_delta, and what it said; then
 * tells the progress.  False when it says stop. */
static bool add_delta(void *ctx, size_t i)
{
    delta_batch *b = ctx;
    delta_job *j = &b->jobs[i];
    changes_check *check = b->check;
    if (!j->id)
        sync_changes_add(b->out, j->c->path, NULL, NULL, false);
    else
        sync_changes_add(b->out, j->c->path, j->v.u[0], j->v.u[1], !j->readable);
    if (check && check->plan) {
        diag_move(check->problems, &j->problems);
        check->failed += j->failed;
    }
    if (j->id && j->readable && check && check->keep)
        keep_trees(check->keep, j);
    delta_job_free(j);
    return !check || !check->tick.fn || check->tick.fn(check->tick.ctx, b->first + i + 1, b->total);
}

static size_t delta_bytes(void *ctx, size_t i)
{
    const delta_job *j = &((delta_batch *)ctx)->jobs[i];
    return j->old.len + j->new.len + 1;
}

/* One batch: paths[first, last), the versions of its unit files read from
 * git by object id (the new ones from the folder when `from_folder`),
 * read on every processor, then listed in order.  Other files are listed,
 * not read: nothing is said of what is in them, and an evidence file may
 * be 20 MiB, past a unit file's limit. */
static bool batch_of_paths(git *g, const plan *order, const path_changes *paths, size_t first,
                           size_t last, bool from_folder, changes_check *check, sync_changes *out,
                           diag_list *dl)
{
    const char **names = xcalloc(2 * (last - first) + 1, sizeof *names);
    size_t k = 0;
    bool *is_unit = xcalloc(last - first, sizeof *is_unit);
    for (size_t i = first; i < last; i++) {
        const path_change *c = &paths->items[i];
        is_unit[i - first] = workspace_is_unit_path(c->path);
        if (is_unit[i - first] && c->old_oid[0])
            names[k++] = c->old_oid;
        if (is_unit[i - first] && !from_folder && c->new_oid[0])
            names[k++] = c->new_oid;
    }
    repo_blobs blobs;
    bool ok = repo_read_blobs(g, names, k, &blobs, dl);
    delta_job *jobs = xcalloc(last - first, sizeof *jobs);
    bool checking = check && check->plan;
    size_t at = 0;
    for (size_t i = first; ok && i < last; i++) {
        delta_job *j = &jobs[i - first];
        j->c = &paths->items[i];
        if (is_unit[i - first] && j->c->old_oid[0])
            j->old = blobs.files[at++];
        if (is_unit[i - first] && !from_folder && j->c->new_oid[0]) {
            j->new_size = blobs.sizes[at];
            j->new = blobs.files[at++];
        } else if (is_unit[i - first] && from_folder) {
            size_t len;
            j->buf = read_folder(g->root, j, checking, &len);
            j->new = (file_bytes){j->buf, len};
        }
    }
    delta_batch b = {g->root, order, check, jobs, out, first, paths->n};
    ok = ok &&
         par_for_then(last - first, read_delta, add_delta, delta_bytes, CHANGES_WINDOW_BYTES, &b);
    for (size_t i = first; i < last; i++)
        delta_job_free(&jobs[i - first]);
    free(jobs);
    free(is_unit);
    free(names);
    repo_blobs_free(&blobs);
    return ok;
}

bool changes_of_paths(git *g, const plan *order, const path_changes *paths, bool from_folder,
                      changes_check *check, sync_changes *out, diag_list *dl)
{
    bool ok = true;
    for (size_t first = 0; ok && first < paths->n; first += CHANGES_BATCH) {
        size_t last = first + CHANGES_BATCH < paths->n ? first + CHANGES_BATCH : paths->n;
        ok = batch_of_paths(g, order, paths, first, last, from_folder, check, out, dl);
    }
    return ok;
}

bool changes_between(git *g, const plan *order, const char *from, const char *to,
                     changes_check *check, sync_changes *out, diag_list *dl)
{
    char *base = from ? xstrdup(from)
                      : git_capture(g, dl, "hash-object", "-t", "tree", "--stdin",
                                    NULL); /* the empty tree */
    path_changes paths;
    bool ok = base && repo_diff(g, base, to, &paths, dl);
    if (ok) {
        ok = changes_of_paths(g, order, &paths, false, check, out, dl);
        path_changes_free(&paths);
    }
    free(base);
    return ok;
}
