/* qtown whoami [NAME] — who signs the changes made here, and where that
 * name comes from; with NAME, sets it in the user's own config file. */
#include "cli/common.h"

#include <stdio.h>
#include <stdlib.h>

static void print_identity(msg_id fmt, const identity *who, FILE *out)
{
    strbuf from = STRBUF_INIT, line = STRBUF_INIT;
    identity_describe_source(who, &from);
    sb_printf(&line, tr(fmt), who->name, sb_str(&from));
    if (out == stdout) {
        cli_out(sb_str(&line));
        cli_out("\n");
    } else {
        cli_err_line(sb_str(&line));
    }
    sb_free(&from);
    sb_free(&line);
}

/* Saves NAME, then says whether something earlier in the order (an
 * environment variable) still wins. */
static int set_name(const char *name)
{
    diag_list dl = DIAG_LIST_INIT;
    if (!identity_config_write(name, &dl))
        return cli_fail(&dl);
    char *path = identity_config_path();
    char line[2048];
    snprintf(line, sizeof line, tr(M_WHOAMI_SET), name, path);
    free(path);
    cli_out(line);
    cli_out("\n");
    identity who;
    if (!identity_resolve(NULL, NULL, NULL, &who, &dl))
        return cli_fail(&dl);
    if (who.source < IDENTITY_USER_CONFIG)
        print_identity(M_WHOAMI_OVERRIDDEN, &who, stderr);
    identity_free(&who);
    return EXIT_DONE;
}

int cmd_whoami(cli_ctx *ctx, int argc, char **argv)
{
    const cli_option opts[] = {{0}};
    char *pos[1];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 1, &n))
        return EXIT_USAGE;
    if (n == 1 && !unit_name_valid(pos[0]))
        return cli_usage_error(ctx, "%s", tr(M_WHO_BAD_NAME));
    if (n == 1)
        return set_name(pos[0]);
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    identity who;
    if (cli_signer(&ws, NULL, &who)) {
        print_identity(M_WHOAMI, &who, stdout);
        identity_free(&who);
    } else {
        rc = EXIT_DATA;
    }
    workspace_close(&ws);
    return rc;
}
