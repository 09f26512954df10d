#include "cli/common.h"
int cmd_new_year(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage_synopsis(ctx);
}
