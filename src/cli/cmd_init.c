/* qtown init DIR [--demo] [--plan FILE] [--no-git] */
#include "cli/common.h"

#include <stdio.h>

int cmd_init(cli_ctx *ctx, int argc, char **argv)
{
    bool demo = false, no_git = false;
    const char *plan_file = NULL;
    const cli_option opts[] = {
        {"demo", 0, NULL, &demo, NULL},
        {"plan", 0, &plan_file, NULL, NULL},
        {"no-git", 0, NULL, &no_git, NULL},
        {0},
    };
    char *pos[1];
    if (cli_parse_exact(ctx, argc, argv, opts, pos, 1) != EXIT_DONE)
        return EXIT_USAGE;
    diag_list dl = DIAG_LIST_INIT;
    if (!fs_mkdirs(pos[0], &dl) || !workspace_create(pos[0], plan_file, demo, &dl))
        return cli_fail(&dl);
    int rc = no_git ? EXIT_DONE : cli_make_repository(pos[0]);
    char line[4096];
    snprintf(line, sizeof line, demo ? TR(M_CREATED_DEMO) : TR(M_CREATED), pos[0]);
    cli_out(line);
    cli_out("\n");
    return rc;
}
