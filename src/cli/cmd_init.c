/* qtown init DIR [--demo] [--plan FILE] [--no-git] */
#include "cli/common.h"

#include "sync/repo.h"

#include <stdio.h>

/* Makes the new workspace a git repository with qtown's merge driver and a
 * first commit.  git missing is no failure: the workspace works without. */
static int make_repository(const char *root)
{
    diag_list dl = DIAG_LIST_INIT;
    git g;
    if (!git_open(&g, root, NULL)) {
        cli_err_line(tr(M_INIT_NO_GIT));
        return EXIT_DONE;
    }
    workspace ws;
    identity who = {0};
    bool ok =
        workspace_open(&ws, root, &dl) && identity_resolve(&ws, NULL, repo_user_name, &who, &dl);
    if (ok)
        ok = repo_init(&g, who.name, &dl);
    if (ws.root)
        workspace_close(&ws);
    identity_free(&who);
    git_close(&g);
    return ok ? EXIT_DONE : cli_fail(&dl);
}

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
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 1, &n))
        return EXIT_USAGE;
    if (n != 1)
        return cli_usage_synopsis(ctx);
    diag_list dl = DIAG_LIST_INIT;
    if (!fs_mkdirs(pos[0], &dl) || !workspace_create(pos[0], plan_file, demo, &dl))
        return cli_fail(&dl);
    int rc = no_git ? EXIT_DONE : make_repository(pos[0]);
    char line[4096];
    snprintf(line, sizeof line, demo ? TR(M_CREATED_DEMO) : TR(M_CREATED), pos[0]);
    cli_out(line);
    cli_out("\n");
    return rc;
}
