/* qtown report — built by the reports issue. */
#include "cli/common.h"

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return cli_usage_error(ctx, "reports are not built yet");
}
