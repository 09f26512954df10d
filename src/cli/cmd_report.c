/* qtown report [--format FORMAT] [-o FILE] [--lang zh|en]
 *
 * Loads every unit, builds the overview and writes the report to stdout,
 * or to FILE atomically (a reader never sees half a report, and a failed
 * write leaves the old file).  Units whose file is broken are left out of
 * the report — which says so — and reported on stderr; the exit status is
 * then 1 although the report is written: the meeting still gets it. */
#include "cli/common.h"

#include "report/overview.h"
#include "report/report.h"
#include "util/clock.h"
#include "util/fsutil.h"
#include "util/strbuf.h"

#include <stdio.h>

/* Reports go out as they are: text to a terminal is made inert piece by
 * piece by the text writer, so the bytes can be written unchanged. */
static bool emit(const char *path, const strbuf *out, diag_list *dl)
{
    if (path)
        return fs_write_atomic(path, sb_str(out), out->len, 0644, dl);
    fwrite(sb_str(out), 1, out->len, stdout); /* errors: cli_run checks */
    return true;
}

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
    const char *format = "text", *output = NULL;
    const cli_option opts[] = {
        {"format", 0, &format, NULL, NULL},
        {"output", 'o', &output, NULL, NULL},
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
        cli_usage_error(ctx, "--format takes %s, not '%s'", sb_str(&choices), format);
        sb_free(&choices);
        return EXIT_USAGE;
    }
    if (output && !*output)
        return cli_usage_error(ctx, "-o needs a file name");
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    diag_list dl = DIAG_LIST_INIT;
    bool complete = workspace_load_units(&ws, &dl);
    overview ov;
    overview_build(&ov, &ws);
    char made[CLOCK_ISO_SIZE];
    clock_now_iso(made);
    strbuf out = STRBUF_INIT;
    report_write(f, &ov, made, &out);
    bool written = emit(output, &out, &dl);
    sb_free(&out);
    overview_free(&ov);
    workspace_close(&ws);
    return complete && written ? EXIT_DONE : cli_fail(&dl);
}
