/* qtown check — validate every file of the workspace. */
#include "cli/common.h"

#include "model/applies.h"
#include "model/assessment.h"
#include "model/meeting.h"
#include "model/evidence_file.h"
#include "model/summary.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* Files in the unit folders that qtown would silently skip: a typo in a
 * file name must not make a unit vanish unnoticed. */
static void report_strays(const workspace *ws, diag_list *dl)
{
    static const char *const dirs[] = {"villages", "enterprises"};
    for (size_t k = 0; k < 2; k++) {
        char *dir = fs_join(ws->root, dirs[k]);
        DIR *d = fs_tree_opendir(&ws->tree, dir, NULL); /* never through a link */
        struct dirent *e;
        while (d && (e = readdir(d)) != NULL) {
            char *id;
            if (e->d_name[0] == '.')
                continue; /* lock and temporary files, hidden files */
            if (workspace_is_unit_file_name(e->d_name, &id)) {
                free(id);
                continue;
            }
            char *path = fs_join(dir, e->d_name);
            diag_add(dl, path, 0, 0, TR(M_CLI_NOT_A_UNIT_FILE_NAME));
            free(path);
        }
        if (d)
            closedir(d);
        free(dir);
    }
}

/* One id for a village and an enterprise: `qtown add` refuses it, and
 * commands taking UNIT would find only the village. */
static void report_shared_ids(const workspace *ws, diag_list *dl)
{
    size_t nv, ne;
    char **v = workspace_list_ids(ws, KIND_VILLAGE, &nv, NULL);
    char **e = workspace_list_ids(ws, KIND_ENTERPRISE, &ne, NULL);
    for (size_t i = 0, j = 0; i < nv && j < ne;) { /* both sorted */
        int c = strcmp(v[i], e[j]);
        if (c == 0) {
            char *path = workspace_unit_path(ws, KIND_ENTERPRISE, e[j]);
            diag_add(dl, path, 0, 0, TR(M_CHECK_SHARED_ID), e[j]);
            free(path);
        }
        i += c <= 0;
        j += c >= 0;
    }
    for (size_t i = 0; i < nv; i++)
        free(v[i]);
    for (size_t j = 0; j < ne; j++)
        free(e[j]);
    free(v);
    free(e);
}

/* Units that lack an attribute a check's `where:` needs: not an error
 * (the check is carried, the safe reading), but the office should fill
 * it in, so each is named (on stdout: the files are fine). */
static void report_missing_attributes(const workspace *ws)
{
    strbuf out = STRBUF_INIT;
    for (size_t i = 0; i < ws->n_units; i++) {
        const unit_summary *s = ws->units[i].sum; /* check keeps no unit whole */
        const plan_attribute *keys[16];
        size_t n = s ? attrs_missing(&ws->plan, s->kind, s->attrs, s->n_attrs, keys, 16) : 0;
        if (!n)
            continue;
        strbuf list = STRBUF_INIT;
        for (size_t k = 0; k < n && k < 16; k++)
            sb_printf(&list, "%s%s", k ? ", " : "", keys[k]->key);
        sb_printf(&out, "%s: ", ws->units[i].path + strlen(ws->root) + 1);
        sb_printf(&out, tr(M_CHECK_ATTR_MISSING), sb_str(&list));
        sb_putc(&out, '\n');
        sb_free(&list);
    }
    cli_out(sb_str(&out));
    sb_free(&out);
}

int cmd_check(cli_ctx *ctx, int argc, char **argv)
{
    const cli_option opts[] = {{0}};
    char *pos[1];
    int n;
    workspace ws;
    int rc = cli_parse_and_open(ctx, argc, argv, opts, pos, 0, &n, &ws);
    if (rc != EXIT_DONE)
        return rc;
    diag_list dl = DIAG_LIST_INIT;
    /* every unit whole: the names, the evidence files and the states are
     * checked against the files themselves, never against the cache */
    workspace_load_units(&ws, &dl);
    workspace_check_unique_names(&ws, &dl);
    report_strays(&ws, &dl);
    report_shared_ids(&ws, &dl);
    meeting_list ml;
    meetings_load(&ws, &ml, &dl);
    meeting_list_free(&ml);
    assessments_check(&ws, &dl);
    report_missing_attributes(&ws);
    evidence_check_all(&ws, &dl);
    if (dl.count) {
        rc = cli_fail(&dl);
    } else {
        char line[4096];
        snprintf(line, sizeof line, tr(M_CHECK_OK), ws.root, ws.n_units);
        cli_out(line);
        cli_out("\n");
        if (!workspace_writable(&ws, NULL)) {
            cli_out(tr(M_READ_ONLY));
            cli_out("\n");
        }
    }
    workspace_close(&ws);
    return rc;
}
