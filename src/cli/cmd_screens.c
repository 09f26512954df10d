/* qtown [-w DIR] — the checklist screens. */
#include "cli/common.h"

#include "tui/tui.h"

int cmd_screens(cli_ctx *ctx, int argc, char **argv)
{
    const cli_option opts[] = {{0}};
    char *pos[1];
    int n;
    workspace ws;
    int rc = cli_parse_and_open(ctx, argc, argv, opts, pos, 0, &n, &ws);
    if (rc != EXIT_DONE)
        return rc;
    rc = tui_run(&ws);
    workspace_close(&ws);
    return rc;
}
