/* qtown add village|enterprise ID NAME [--attr KEY=VALUE]... */
#include "cli/common.h"

#include "model/ids.h"
#include "model/store.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Applies --attr KEY=VALUE options; false after a usage error. */
static bool apply_attrs(cli_ctx *ctx, workspace *ws, unit *u, const char **attrs)
{
    for (size_t i = 0; attrs && attrs[i]; i++) {
        const char *eq = strchr(attrs[i], '=');
        if (!eq) {
            cli_usage_error(ctx, TR(M_CLI_BAD_ATTR), attrs[i]);
            return false;
        }
        if (!cli_set_attr(ctx, ws, u, attrs[i], (size_t)(eq - attrs[i]), eq + 1))
            return false;
    }
    return true;
}

int cmd_add(cli_ctx *ctx, int argc, char **argv)
{
    const char **attrs = NULL;
    const cli_option opts[] = {{"attr", 0, NULL, NULL, &attrs}, {0}};
    char *pos[3];
    int n, rc;
    if (!cli_parse(ctx, argc, argv, opts, pos, 3, &n)) {
        free(attrs);
        return EXIT_USAGE;
    }
    unit_kind kind;
    if (n != 3) {
        rc = cli_usage_synopsis(ctx);
    } else if (!unit_kind_parse(pos[0], &kind) || kind == KIND_TOWN) {
        rc = cli_usage_error(ctx, TR(M_CLI_BAD_UNIT_KIND), pos[0]);
    } else if (!id_is_unit_id(pos[1])) {
        rc = cli_usage_error(ctx, TR(M_CLI_BAD_UNIT_ID), pos[1], ID_MAX_LEN);
    } else if (!unit_name_valid(pos[2])) {
        rc = cli_usage_error(ctx, TR(M_NAME_INVALID), UNIT_MAX_NAME);
    } else {
        workspace ws;
        rc = cli_open_workspace(ctx, &ws);
        if (rc == EXIT_DONE) {
            unit *u = unit_new(kind, pos[1], pos[2]);
            diag_list dl = DIAG_LIST_INIT;
            name_verdict name;
            if (!apply_attrs(ctx, &ws, u, attrs)) {
                unit_free(u);
                rc = EXIT_USAGE;
            } else if (!store_add_unit(&ws, u, &name, &dl)) {
                /* a name another unit has is a command to change, not data */
                rc = name == NAME_TAKEN || name == NAME_INVALID
                         ? cli_usage_error(ctx, "%s", dl.items[0].msg)
                         : cli_fail(&dl);
            } else {
                char line[1024];
                snprintf(line, sizeof line, tr(M_ADDED), tr_kind(kind), pos[1], pos[2]);
                cli_out(line);
                cli_out("\n");
            }
            diag_clear(&dl);
            workspace_close(&ws);
        }
    }
    free(attrs);
    return rc;
}
