/* qtown report [UNIT] [--format FORMAT] [--what checks|scores] [-o FILE] [--since DATE]
 *              [--lang zh|en]
 *
 * --what scores (CSV only) gives the scores table instead of the checks.
 *
 * With UNIT: that unit's ledger (台账, report/ledger.h) in text, Markdown
 * or HTML, with its score, grade and rank as the rankings give them
 * (every unit is read for them).  Without: loads every unit, builds the
 * overview and writes the report.  To stdout, or to FILE atomically (a
 * reader never sees half a report, and a failed write leaves the old
 * file); FILE is never one of the workspace's own files and is replaced
 * only when it is a regular file (cli_emit).  Units whose file is broken
 * are left out of the report — which says so — and reported on stderr;
 * the exit status is then 1 although the report is written: the meeting
 * still gets it. */
#include "cli/common.h"

#include "report/assess.h"

#include "model/timestamp.h"
#include "report/assess.h"
#include "report/ledger.h"
#include "report/overview.h"
#include "report/report.h"
#include "util/clock.h"
#include "util/fsutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct report_args {
    report_format f;
    const char *output, *since;
    bool scores; /* --what scores: the scores table (CSV) */
    int64_t today, since_day;
} report_args;

static int town_report(workspace *ws, const report_args *a)
{
    diag_list dl = DIAG_LIST_INIT;
    bool complete = workspace_load_units(ws, &dl);
    overview ov;
    overview_build(&ov, ws);
    overview_add_rectifications(&ov, a->today);
    overview_add_ledger(&ov, a->today);
    if (a->since)
        overview_add_since(&ov, a->since_day, a->today);
    meeting_list ml;
    complete &= meetings_load(ws, &ml, &dl);
    overview_add_meeting(&ov, &ml);
    meeting_list_free(&ml);
    overview_add_assessments(&ov);
    char made[CLOCK_ISO_SIZE];
    clock_now_iso(made);
    strbuf out = STRBUF_INIT;
    if (a->scores)
        report_csv_scores(&ov, &out);
    else
        report_write(a->f, &ov, made, &out);
    bool written = cli_emit(a->output, &out, &dl);
    sb_free(&out);
    overview_free(&ov);
    return complete && written ? EXIT_DONE : cli_fail(&dl);
}

/* One unit's ledger.  Its score, grade and rank are the rankings': every
 * unit is loaded for them (a broken one is reported and left out, as in
 * the town report, and the status is then 1). */
static int unit_ledger(cli_ctx *ctx, workspace *ws, const char *key, const report_args *a)
{
    int rc = EXIT_DONE;
    ws_unit *wu = cli_find_unit(ctx, ws, key, &rc);
    if (!wu)
        return rc;
    /* loading every unit sorts and re-reads the entries: found again */
    unit_kind kind = wu->kind;
    char *id = xstrdup(wu->id);
    diag_list dl = DIAG_LIST_INIT;
    bool complete = workspace_load_units(ws, &dl);
    wu = workspace_entry(ws, kind, id);
    free(id);
    if (!wu->u)
        return cli_fail(&dl);
    overview ov;
    overview_build(&ov, ws);
    overview_add_assessments(&ov);
    char made[CLOCK_ISO_SIZE];
    clock_now_iso(made);
    ledger_ctx lc = {.ws = ws,
                     .index = (size_t)(wu - ws->units),
                     .u = wu->u,
                     .ov = &ov,
                     .today = a->today,
                     .window = workspace_expiring_days(ws),
                     .made = made};
    strbuf out = STRBUF_INIT;
    ledger_write(&lc, a->f, &out);
    bool written = cli_emit(a->output, &out, &dl);
    sb_free(&out);
    overview_free(&ov);
    return complete && written ? EXIT_DONE : cli_fail(&dl);
}

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
    const char *format = "text", *what = NULL;
    report_args a = {0};
    const cli_option opts[] = {
        {"format", 0, &format, NULL, NULL},
        {"what", 0, &what, NULL, NULL},
        {"output", 'o', &a.output, NULL, NULL},
        {"since", 0, &a.since, NULL, NULL},
        {0},
    };
    char *pos[1];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 1, &n))
        return EXIT_USAGE;
    if (!report_format_parse(format, &a.f)) {
        strbuf choices = STRBUF_INIT;
        report_format_choices(&choices);
        cli_usage_error(ctx, TR(M_CLI_BAD_REPORT_FORMAT), sb_str(&choices), format);
        sb_free(&choices);
        return EXIT_USAGE;
    }
    if (a.output && !*a.output)
        return cli_usage_error(ctx, TR(M_CLI_OUTPUT_NAME));
    a.scores = what && strcmp(what, "scores") == 0;
    if (what && !a.scores && strcmp(what, "checks") != 0)
        return cli_usage_error(ctx, TR(M_REPORT_BAD_WHAT), what);
    if (what && a.f != REPORT_CSV)
        return cli_usage_error(ctx, TR(M_REPORT_WHAT_CSV));
    if (n == 1 && (a.f == REPORT_CSV || a.since))
        return cli_usage_error(ctx, TR(M_CLI_LEDGER_OPTIONS));
    if (!cli_today(&a.today))
        return EXIT_DATA;
    if (a.since && !date_parse_input(a.since, a.today, &a.since_day))
        return cli_usage_error(ctx, TR(M_CLI_SINCE_DATE), a.since);
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    if ((rc = cli_check_output(ctx, &ws, a.output)) == EXIT_DONE)
        rc = n == 1 ? unit_ledger(ctx, &ws, pos[0], &a) : town_report(&ws, &a);
    workspace_close(&ws);
    return rc;
}
