#include "model/merge_file.h"

#include "i18n/i18n.h"
#include "model/workspace.h"
#include "util/xalloc.h"

#include <stdlib.h>

unit *unit_parse_loose(const plan *loose, const char *label, const file_bytes *f, const char *path,
                       diag_list *dl)
{
    unit_kind kind;
    char *id;
    if (!workspace_unit_of_path(path, &kind, &id)) {
        diag_add(dl, path, 0, 0, "%s", tr(M_MERGE_NOT_UNIT_FILE));
        return NULL;
    }
    unit *u = unit_parse(loose, label, f->buf, f->len, id, kind, dl);
    free(id);
    return u;
}

bool merge_unit_file(const char *path, const plan *order, const file_bytes files[3],
                     const char *now, strbuf *out, bool *removed, merge_report *rep, diag_list *dl)
{
    static const char *const sides[3] = {"base", "ours", "theirs"};
    unit_kind kind;
    char *id;
    if (!workspace_unit_of_path(path, &kind, &id)) { /* said once, not per version */
        diag_add(dl, path, 0, 0, "%s", tr(M_MERGE_NOT_UNIT_FILE));
        return false;
    }
    free(id);
    file_bytes f[3];
    for (int i = 0; i < 3; i++)
        f[i] = files[i];
    if (f[MF_BASE].buf && f[MF_BASE].len == 0)
        f[MF_BASE].buf = NULL; /* git's empty base: added on both sides */
    plan loose;
    loose_plan_build(&loose, order, f, 3);
    unit *u[3] = {NULL, NULL, NULL};
    bool ok = true;
    for (int i = 0; i < 3; i++) {
        if (!f[i].buf)
            continue;
        char *label = xasprintf("%s (%s)", path, sides[i]);
        u[i] = unit_parse_loose(&loose, label, &f[i], path, dl);
        ok = ok && u[i];
        free(label);
    }
    *removed = false;
    if (ok) {
        unit *merged = unit_merge(u[MF_BASE], u[MF_OURS], u[MF_THEIRS], now, rep);
        *removed = !merged;
        ok = !merged || unit_write(merged, out, path, dl);
        unit_free(merged);
        /* a file past the limit would load nowhere once sent */
        if (ok && out->len > UNIT_MAX_BYTES) {
            diag_add(dl, path, 0, 0, TR(M_MERGE_TOO_LARGE), out->len, UNIT_MAX_BYTES);
            ok = false;
        }
    }
    for (int i = 0; i < 3; i++)
        unit_free(u[i]);
    plan_free(&loose);
    return ok;
}
