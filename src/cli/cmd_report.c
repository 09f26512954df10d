/* qtown report [--format FORMAT] [-o FILE] [--since DATE] [--lang zh|en]
 *
 * Loads every unit, builds the overview and writes the report to stdout,
 * or to FILE atomically (a reader never sees half a report, and a failed
 * write leaves the old file); FILE is never one of the workspace's own files
 * and is replaced only when it is a regular file (cli_emit).  Units whose file is broken are left
 * out of the report — which says so — and reported on stderr; the exit status is then 1 although
 * the report is written: the meeting still gets it. */
#include "cli/common.h"

#include "model/scan.h"

#include "model/timestamp.h"
#include "report/overview.h"
#include "report/report.h"
#include "util/clock.h"
#include "util/fsutil.h"
#include "util/strbuf.h"

#include <stdio.h>

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
    const char *format = "text", *output = NULL, *since = NULL;
    const cli_option opts[] = {
        {"format", 0, &format, NULL, NULL},
        {"output", 'o', &output, NULL, NULL},
        {"since", 0, &since, NULL, NULL},
        {0},
    };
    char *pos[1];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 0, &n))
        return EXIT_USAGE;
    report_format f;
    if (!report_format_parse(format, &f)) {
        strbuf choices = STRBUF_INIT;
        report_format_choices(&choices);
        cli_usage_error(ctx, TR(M_CLI_BAD_REPORT_FORMAT), sb_str(&choices), format);
        sb_free(&choices);
        return EXIT_USAGE;
    }
    if (output && !*output)
        return cli_usage_error(ctx, TR(M_CLI_OUTPUT_NAME));
    int64_t today, since_day = 0;
    if (!cli_today(&today))
        return EXIT_DATA;
    if (since && !date_parse_input(since, today, &since_day))
        return cli_usage_error(ctx, TR(M_CLI_SINCE_DATE), since);
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    if ((rc = cli_check_output(ctx, &ws, output)) != EXIT_DONE) {
        workspace_close(&ws);
        return rc;
    }
    diag_list dl = DIAG_LIST_INIT;
    /* the summaries (the cache) make the figures; the notes and records a
     * report shows are read from the files of the units that have them */
    bool complete = workspace_scan(&ws, false, NULL, &dl);
    overview ov;
    overview_build(&ov, &ws);
    overview_add_rectifications(&ov, today);
    if (since)
        overview_add_since(&ov, since_day, today);
    char made[CLOCK_ISO_SIZE];
    clock_now_iso(made);
    strbuf out = STRBUF_INIT;
    report_write(f, &ov, made, &out);
    bool written = cli_emit(output, &out, &dl);
    sb_free(&out);
    overview_free(&ov);
    workspace_close(&ws);
    return complete && written ? EXIT_DONE : cli_fail(&dl);
}
