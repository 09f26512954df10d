/* qtown [-w DIR] — the checklist screens. */
#include "cli/common.h"

#include "tui/tui.h"

int cmd_screens(cli_ctx *ctx, int argc, char **argv)
{
    const cli_option opts[] = {{0}};
    char *pos[1];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 0, &n))
        return EXIT_USAGE;
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    rc = tui_run(&ws);
    workspace_close(&ws);
    return rc;
}
