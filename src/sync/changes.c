#include "sync/changes.h"

#include "i18n/i18n.h"
#include "model/merge_file.h"
#include "model/workspace.h"
#include "util/fsutil.h"
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

/* Reads both versions of a changed file and lists what changed in it;
 * with a plan to check against, the new version is read against it too. */
static void add_delta(sync_changes *sc, const plan *order, const char *root, const char *path,
                      const file_bytes *old, const file_bytes *new, unsigned long long new_size,
                      unsigned new_mode, changes_check *check)
{
    unit_kind kind;
    char *id;
    if (!workspace_unit_of_path(path, &kind, &id)) {
        sync_changes_add(sc, path, NULL, NULL, false);
        return;
    }
    file_bytes both[2] = {*old, *new};
    unit_versions v;
    bool readable = unit_versions_read(&v, path, order, both, 2, NULL, NULL);
    sync_changes_add(sc, path, v.u[0], v.u[1], !readable);
    if (check && check->plan && new->buf) {
        char *full = fs_join(root, path);
        unit *u = NULL;
        if (!unreadable_blob(full, new_size, new_mode, check->problems))
            u = v.root[1]
                    ? unit_versions_against(&v, 1, check->plan, full, check->problems)
                    /* it does not even parse: the reader says where */
                    : unit_parse(check->plan, full, new->buf, new->len, id, kind, check->problems);
        check->failed += u == NULL;
        unit_free(u);
        free(full);
    }
    unit_versions_free(&v);
    free(id);
}

/* The new version of a path from the folder: NULL when it is not there
 * (or, counted as failed, cannot be read). */
static char *read_folder(git *g, const char *path, size_t *len, changes_check *check)
{
    char *full = fs_join(g->root, path);
    char *buf = NULL;
    *len = 0;
    bool checking = check && check->plan;
    fs_result fr =
        fs_read_file(full, UNIT_MAX_BYTES, &buf, len, NULL, checking ? check->problems : NULL);
    if (fr != FS_OK) {
        free(buf);
        buf = NULL;
        if (checking && fr == FS_ERROR)
            check->failed++;
    }
    free(full);
    return buf;
}

/* One batch: paths[first, last), the versions of its unit files read from
 * git by object id (the new ones from the folder when `from_folder`).
 * Other files are listed, not read: nothing is said of what is in them,
 * and an evidence file may be 20 MiB, past a unit file's limit. */
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
    size_t at = 0;
    for (size_t i = first; ok && i < last; i++) {
        const path_change *c = &paths->items[i];
        file_bytes old = {NULL, 0}, new = {NULL, 0};
        char *buf = NULL;
        unsigned long long new_size = 0;
        if (is_unit[i - first] && c->old_oid[0])
            old = blobs.files[at++];
        if (is_unit[i - first] && !from_folder && c->new_oid[0]) {
            new_size = blobs.sizes[at];
            new = blobs.files[at++];
        } else if (is_unit[i - first] && from_folder) {
            size_t len;
            buf = read_folder(g, c->path, &len, check);
            new = (file_bytes){buf, len};
        }
        add_delta(out, order, g->root, c->path, &old, &new, new_size, c->new_mode, check);
        free(buf);
        if (check && check->tick.fn && !check->tick.fn(check->tick.ctx, i + 1, paths->n))
            ok = false;
    }
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
