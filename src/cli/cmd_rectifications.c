/* qtown rectifications [--open|--overdue] [--unit UNIT] [--format text|csv]
 *
 * Every rectification of the workspace (or of one unit): overdue first,
 * then by due date, verified ones last; --open leaves the verified out,
 * --overdue keeps only the overdue.  Units whose file is broken are left
 * out and reported on stderr (exit status 1, the list still written). */
#include "cli/common.h"

#include "model/rectify.h"
#include "report/report.h"

#include <stdint.h>
#include <string.h>

int cmd_rectifications(cli_ctx *ctx, int argc, char **argv)
{
    bool open = false, overdue = false;
    const char *format = "text", *unit_name = NULL;
    const cli_option opts[] = {
        {"open", 0, NULL, &open, NULL},
        {"overdue", 0, NULL, &overdue, NULL},
        {"unit", 0, &unit_name, NULL, NULL},
        {"format", 0, &format, NULL, NULL},
        {0},
    };
    char *pos[1];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 0, &n))
        return EXIT_USAGE;
    bool csv = strcmp(format, "csv") == 0;
    if (!csv && strcmp(format, "text") != 0)
        return cli_usage_error(ctx, TR(M_CLI_FORMAT_TEXT_CSV), format);
    if (open && overdue)
        return cli_usage_error(ctx, "%s", tr(M_CLI_OPEN_OR_OVERDUE));
    int64_t today;
    if (!cli_today(&today))
        return EXIT_DATA;
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    diag_list dl = DIAG_LIST_INIT;
    size_t only = SIZE_MAX;
    bool complete = true;
    if (unit_name) {
        ws_unit *wu = cli_find_unit(ctx, &ws, unit_name, &rc);
        if (!wu) {
            workspace_close(&ws);
            return rc;
        }
        only = (size_t)(wu - ws.units);
    } else {
        complete = workspace_load_units(&ws, &dl);
    }
    rect_list l;
    rect_counts counts = {0};
    rect_list_build(&l, &ws, only,
                    overdue ? RECT_ONLY_OVERDUE
                    : open  ? RECT_ONLY_OPEN
                            : RECT_ALL,
                    today);
    rect_section s = {&ws, &l, &counts};
    strbuf out = STRBUF_INIT;
    if (csv)
        report_csv_rectifications(&s, &out);
    else
        report_text_rect_rows(&s, &out);
    cli_emit(NULL, &out, &dl);
    sb_free(&out);
    rect_list_free(&l);
    workspace_close(&ws);
    return complete ? EXIT_DONE : cli_fail(&dl);
}
