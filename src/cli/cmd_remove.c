/* qtown remove UNIT: the unit's file moves to archive/ (never deleted). */
#include "cli/common.h"

#include "model/store.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_remove(cli_ctx *ctx, int argc, char **argv)
{
    workspace ws;
    ws_unit *wu;
    int rc = cli_open_one_unit(ctx, argc, argv, &ws, &wu);
    if (rc != EXIT_DONE)
        return rc;
    diag_list dl = DIAG_LIST_INIT;
    char *archived = NULL;
    if (wu->kind == KIND_TOWN) {
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
