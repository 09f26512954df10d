/* qtown remove UNIT: the unit's file moves to archive/ (never deleted). */
#include "cli/common.h"

#include "model/store.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_remove(cli_ctx *ctx, int argc, char **argv)
{
    const cli_option opts[] = {{0}};
    char *pos[1];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 1, &n))
        return EXIT_USAGE;
    if (n != 1)
        return cli_usage_error(ctx, "%s", tr(M_REMOVE_USAGE));
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    diag_list dl = DIAG_LIST_INIT;
    bool missing = false;
    ws_unit *wu = workspace_find_unit(&ws, pos[0], &missing, &dl);
    char *archived = NULL;
    if (!wu) {
        rc = missing ? cli_usage_error(ctx, tr(M_NO_SUCH_UNIT), pos[0]) : cli_fail(&dl);
    } else if (wu->kind == KIND_TOWN) {
        rc = cli_usage_error(ctx, "%s", tr(M_REMOVE_TOWN));
    } else {
        char *name = xstrdup(wu->u ? wu->u->name : wu->id);
        if (!store_remove_unit(&ws, wu, &archived, &dl)) {
            rc = cli_fail(&dl);
        } else {
            char line[2048];
            snprintf(line, sizeof line, tr(M_REMOVED), tr_kind(wu->kind), wu->id, name, archived);
            cli_out(line);
            cli_out("\n");
        }
        free(name);
    }
    free(archived);
    diag_clear(&dl);
    workspace_close(&ws);
    return rc;
}
