#include "model/merge_file.h"

#include "i18n/i18n.h"
#include "model/workspace.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

bool unit_versions_read(unit_versions *v, const char *path, const plan *order,
                        const file_bytes *files, size_t n, const char *const *labels, diag_list *dl)
{
    return unit_versions_read_parsed(v, path, order, files, NULL, n, labels, dl);
}

bool unit_versions_read_parsed(unit_versions *v, const char *path, const plan *order,
                               const file_bytes *files, const ynode *const *parsed, size_t n,
                               const char *const *labels, diag_list *dl)
{
    memset(v, 0, sizeof *v);
    if (n > UNIT_VERSIONS_MAX || !workspace_unit_of_path(path, &v->kind, &v->id)) {
        diag_add(dl, path, 0, 0, "%s", tr(M_MERGE_NOT_UNIT_FILE));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (!files[i].buf)
            continue;
        const char *label = labels && labels[i] ? labels[i] : path;
        v->len[i] = files[i].len;
        if (parsed && parsed[i]) {
            v->root[i] = parsed[i];
            continue;
        }
        ydoc doc;
        v->tree[i] = arena_new(files[i].len * 2 + 1024);
        bool ok_tree = unit_parse_tree(&doc, v->tree[i], label, files[i].buf, files[i].len, dl);
        v->root[i] = ok_tree ? doc.root : NULL;
        if (ok_tree && !doc.root)
            diag_add(dl, label, 1, 1, TR(M_FILE_EMPTY));
        ok = ok && v->root[i];
    }
    loose_plan_build(&v->loose, order, v->root, n);
    for (size_t i = 0; i < n; i++) {
        if (!v->root[i])
            continue;
        v->u[i] =
            unit_versions_against(v, i, &v->loose, labels && labels[i] ? labels[i] : path, dl);
        ok = ok && v->u[i];
    }
    return ok;
}

unit *unit_versions_against(const unit_versions *v, size_t i, const plan *p, const char *label,
                            diag_list *dl)
{
    if (i >= UNIT_VERSIONS_MAX || !v->root[i])
        return NULL;
    return unit_from_tree(p, label, v->root[i], v->len[i], v->id, v->kind, dl);
}

void unit_versions_free(unit_versions *v)
{
    for (size_t i = 0; i < UNIT_VERSIONS_MAX; i++) {
        unit_free(v->u[i]);
        if (v->tree[i])
            arena_free(v->tree[i]);
    }
    if (v->loose.mem)
        plan_free(&v->loose);
    free(v->id);
    memset(v, 0, sizeof *v);
}

bool merge_versions(const unit_versions *v, const char *path, const char *now, strbuf *out,
                    unit **merged, merge_report *rep, diag_list *dl)
{
    *merged = unit_merge(v->u[MF_BASE], v->u[MF_OURS], v->u[MF_THEIRS], now, rep);
    if (!*merged)
        return true;
    if (!unit_write(*merged, out, path, dl))
        return false;
    /* a file past the limit would load nowhere once sent */
    if (out->len <= UNIT_MAX_BYTES)
        return true;
    diag_add(dl, path, 0, 0, TR(M_MERGE_TOO_LARGE), out->len, UNIT_MAX_BYTES);
    return false;
}

bool merge_unit_file(const char *path, const plan *order, const file_bytes files[3],
                     const char *now, strbuf *out, bool *removed, merge_report *rep, diag_list *dl)
{
    static const char *const sides[3] = {"base", "ours", "theirs"};
    file_bytes f[3];
    char *labels[3];
    for (int i = 0; i < 3; i++) {
        f[i] = files[i];
        labels[i] = xasprintf("%s (%s)", path, sides[i]);
    }
    if (f[MF_BASE].buf && f[MF_BASE].len == 0)
        f[MF_BASE].buf = NULL; /* git's empty base: added on both sides */
    unit_versions v;
    bool ok = unit_versions_read(&v, path, order, f, 3, (const char *const *)labels, dl);
    unit *merged = NULL;
    ok = ok && merge_versions(&v, path, now, out, &merged, rep, dl);
    *removed = ok && !merged;
    unit_free(merged);
    unit_versions_free(&v);
    for (int i = 0; i < 3; i++)
        free(labels[i]);
    return ok;
}
