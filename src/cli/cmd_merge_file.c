/* qtown merge-file BASE OURS THEIRS [PATH] — git's merge driver for unit
 * files (.gitattributes: merge=qtown; git config merge.qtown.driver).
 * The merged file replaces OURS, atomically; exit 0 when it is merged, 1
 * when a version cannot be read (OURS is then left as it was, and git
 * reports a conflict).  It never writes conflict markers. */
#include "cli/common.h"

#include "model/merge_file.h"
#include "util/clock.h"

#include <stdlib.h>
#include <string.h>

/* A version of the file; a missing or empty BASE is no common version. */
static bool read_version(const char *path, bool optional, char **buf, file_bytes *f, diag_list *dl)
{
    size_t len = 0;
    *buf = NULL;
    fs_result fr = fs_read_file(path, UNIT_MAX_BYTES, buf, &len, NULL, dl);
    if (fr == FS_MISSING && !optional)
        diag_add(dl, path, 0, 0, TR(M_FS_NO_SUCH_FILE));
    *f = (file_bytes){fr == FS_OK ? *buf : NULL, len};
    return fr == FS_OK || (fr == FS_MISSING && optional);
}

static void say_conflicts(const char *path, const merge_report *rep)
{
    char line[4096];
    for (size_t i = 0; i < rep->n_conflicts; i++) {
        const merge_conflict *c = &rep->conflicts[i];
        if (c->what == MERGE_CHECK || c->what == MERGE_RECORD)
            snprintf(line, sizeof line, tr(c->what == MERGE_CHECK ? M_MERGE_CHECK : M_MERGE_RECORD),
                     path, c->key, c->kept, c->kept_by ? c->kept_by : "?", c->dropped,
                     c->dropped_by ? c->dropped_by : "?");
        else if (c->what == MERGE_ATTRIBUTE)
            snprintf(line, sizeof line, tr(M_MERGE_ATTRIBUTE), path, c->key, c->kept, c->dropped);
        else
            snprintf(line, sizeof line, tr(M_MERGE_NAME), path, c->kept, c->dropped);
        cli_err_line(line);
    }
    if (rep->kept_changed) {
        snprintf(line, sizeof line, tr(M_MERGE_KEPT), path);
        cli_err_line(line);
    }
}

/* The plan whose order checks are written in: the workspace git runs us
 * in (its top folder), when it loads. */
static bool open_order(cli_ctx *ctx, workspace *ws)
{
    diag_list ignored = DIAG_LIST_INIT;
    bool ok = workspace_open(ws, ctx->workspace_dir ? ctx->workspace_dir : ".", &ignored);
    diag_clear(&ignored);
    return ok;
}

int cmd_merge_file(cli_ctx *ctx, int argc, char **argv)
{
    const cli_option opts[] = {{0}};
    char *pos[4] = {NULL, NULL, NULL, NULL};
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 4, &n))
        return EXIT_USAGE;
    if (n < 3)
        return cli_usage_synopsis(ctx);
    const char *path = n == 4 ? pos[3] : pos[1];
    diag_list dl = DIAG_LIST_INIT;
    char *bufs[3];
    file_bytes f[3];
    bool ok = true;
    for (int i = 0; i < 3; i++)
        ok = read_version(pos[i], i == MF_BASE, &bufs[i], &f[i], &dl) && ok;
    workspace ws;
    bool have_ws = ok && open_order(ctx, &ws);
    char now[CLOCK_ISO_SIZE];
    clock_now_iso(now);
    strbuf out = STRBUF_INIT;
    merge_report rep = {0};
    bool removed = false;
    ok = ok && merge_unit_file(path, have_ws ? &ws.plan : NULL, f, now, &out, &removed, &rep, &dl);
    if (ok && removed)
        diag_add(&dl, path, 0, 0, TR(M_CLI_MERGE_REMOVED));
    ok = ok && !removed && fs_write_output(pos[MF_OURS], out.data, out.len, &dl);
    if (ok)
        say_conflicts(path, &rep);
    merge_report_free(&rep);
    sb_free(&out);
    if (have_ws)
        workspace_close(&ws);
    for (int i = 0; i < 3; i++)
        free(bufs[i]);
    return ok ? EXIT_DONE : cli_fail(&dl);
}
