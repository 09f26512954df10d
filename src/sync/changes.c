#include "sync/changes.h"

#include "model/merge_file.h"
#include "model/workspace.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

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
        sync_delta *d = &sc->items[i];
        change_list_free(&d->changes);
        unit_free(d->old);
        unit_free(d->new);
        if (d->loose.mem)
            plan_free(&d->loose);
        free(d->path);
    }
    free(sc->items);
    memset(sc, 0, sizeof *sc);
}

/* Reads both versions of a changed file and lists what changed in it. */
static void add_delta(sync_changes *sc, const plan *order, const char *path, const file_bytes *old,
                      const file_bytes *new)
{
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
    file_bytes both[2] = {*old, *new};
    loose_plan_build(&d->loose, order, both, 2);
    if (old->buf)
        d->old = unit_parse_loose(&d->loose, path, old, path, NULL);
    if (new->buf)
        d->new = unit_parse_loose(&d->loose, path, new, path, NULL);
    d->unreadable = (old->buf && !d->old) || (new->buf && !d->new);
    if (!d->unreadable)
        unit_diff(d->old, d->new, &d->changes);
}

bool changes_of_paths(git *g, const plan *order, const char *from, const char *to,
                      const path_changes *paths, sync_changes *out, diag_list *dl)
{
    size_t n = paths->n, per = (from != NULL) + (to != NULL);
    const char **names = xcalloc(per * n + 1, sizeof *names);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) { /* git names versions REV:PATH (":PATH": the index) */
        if (from)
            names[k++] = xasprintf("%s:%s", from, paths->items[i].path);
        if (to)
            names[k++] = xasprintf("%s:%s", to, paths->items[i].path);
    }
    repo_blobs blobs;
    bool ok = repo_read_blobs(g, names, k, &blobs, dl);
    for (size_t i = 0; ok && i < n; i++) {
        const char *path = paths->items[i].path;
        file_bytes old = {NULL, 0}, new = {NULL, 0};
        size_t at = i * per;
        if (from)
            old = blobs.files[at++];
        char *buf = NULL;
        size_t len = 0;
        if (to) {
            new = blobs.files[at];
        } else {
            char *full = fs_join(g->root, path);
            if (fs_tree_read(&g->tree, full, UNIT_MAX_BYTES, &buf, &len, NULL, NULL) == FS_OK)
                new = (file_bytes){buf, len};
            free(full);
        }
        add_delta(out, order, path, &old, &new);
        free(buf);
    }
    for (size_t i = 0; i < k; i++)
        free((char *)names[i]);
    free(names);
    repo_blobs_free(&blobs);
    return ok;
}

bool changes_between(git *g, const plan *order, const char *from, const char *to, sync_changes *out,
                     diag_list *dl)
{
    char *base = from ? xstrdup(from)
                      : git_capture(g, dl, "hash-object", "-t", "tree", "--stdin",
                                    NULL); /* the empty tree */
    path_changes paths;
    bool ok = base && repo_diff(g, base, to, &paths, dl);
    if (ok) {
        ok = changes_of_paths(g, order, from, to ? to : "", &paths, out, dl);
        path_changes_free(&paths);
    }
    free(base);
    return ok;
}
