/* qtown notice UNIT [--format html|markdown] [-o FILE]
 *
 * The rectification notice (整改通知书) of one unit, to print on A4 and
 * hand over; in Chinese unless --lang says otherwise (the paper goes to
 * the unit, whatever language the inspector's screens speak). */
#include "cli/common.h"

#include "report/notice.h"

int cmd_notice(cli_ctx *ctx, int argc, char **argv)
{
    const char *format = "html", *output = NULL;
    const cli_option opts[] = {
        {"format", 0, &format, NULL, NULL},
        {"output", 'o', &output, NULL, NULL},
        {0},
    };
    char *pos[1];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 1, &n))
        return EXIT_USAGE;
    if (n != 1)
        return cli_usage_error(ctx, "%s", tr(M_CLI_NOTICE_USAGE));
    doc_format f;
    if (!doc_format_parse(format, &f))
        return cli_usage_error(ctx, TR(M_CLI_FORMAT_HTML_MARKDOWN), format);
    if (output && !*output)
        return cli_usage_error(ctx, "%s", tr(M_CLI_OUTPUT_NAME));
    int64_t today;
    if (!cli_today(&today))
        return EXIT_DATA;
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    if ((rc = cli_check_output(ctx, &ws, output)) != EXIT_DONE) {
        workspace_close(&ws);
        return rc;
    }
    if (!ctx->lang)
        i18n_set_lang(LANG_ZH);
    ws_unit *wu = cli_find_unit(ctx, &ws, pos[0], &rc);
    if (wu) {
        strbuf out = STRBUF_INIT;
        diag_list dl = DIAG_LIST_INIT;
        notice_write(f, &ws, (size_t)(wu - ws.units), today, &out);
        rc = cli_emit(output, &out, &dl) ? EXIT_DONE : cli_fail(&dl);
        sb_free(&out);
    }
    workspace_close(&ws);
    return rc;
}
