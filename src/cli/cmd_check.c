/* qtown check — validate every file of the workspace. */
#include "cli/common.h"

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
        DIR *d = opendir(dir);
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
            diag_add(dl, path, 0, 0,
                     "not a unit file name (ID.yaml, the id made of a-z, 0-9 and '-'): ignored");
            free(path);
        }
        if (d)
            closedir(d);
        free(dir);
    }
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
    workspace_load_units(&ws, &dl);
    workspace_check_unique_names(&ws, &dl);
    report_strays(&ws, &dl);
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
