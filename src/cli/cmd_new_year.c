/* qtown new-year DIR [--plan FILE] [--year YEAR]
 *
 * Makes next year's workspace in DIR (missing or empty, never a link,
 * apart from this workspace: neither inside it nor holding it)
 * from this one (workspace_create_next): the same units with their names
 * and attributes and no check states or records, the plan given or this
 * year's, the year given or the next, and this year's assessment copied
 * into its assessments/ as the link to the year before.  Like init, the
 * new workspace is made a git repository when git is there. */
#include "cli/common.h"

#include "model/assessment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --year: a year after this one (four digits); false after a usage error. */
static bool parse_year(const cli_ctx *ctx, const char *typed, int now, int *year)
{
    char *end;
    long y = typed ? strtol(typed, &end, 10) : now + 1;
    if (typed && (strlen(typed) != 4 || *end || y <= now)) {
        cli_usage_error(ctx, TR(M_NEWYEAR_BAD_YEAR), now, typed);
        return false;
    }
    *year = (int)y;
    return true;
}

/* This year's assessment as its file is, checked first (a broken one is
 * no link); *bytes NULL when there is none. */
static bool read_assessment(const workspace *ws, int year, char **bytes, size_t *len, bool *final,
                            diag_list *dl)
{
    assessment a;
    char *rel = assessment_rel_path(year);
    fs_result fr = assessment_load(ws, year, &a, dl);
    *bytes = NULL;
    if (fr == FS_OK) {
        *final = a.final;
        assessment_free(&a);
        fr = workspace_file_read(ws, rel, ASSESSMENT_MAX_BYTES, bytes, len, dl);
    }
    free(rel);
    return fr == FS_OK || fr == FS_MISSING;
}

static void say_made(const char *dir, const next_year *ny, size_t n_units, int year_now,
                     const char *linked_state)
{
    char line[4096];
    snprintf(line, sizeof line, TR(M_NEWYEAR_MADE), ny->year, dir, n_units, ny->plan_id);
    cli_out(line);
    cli_out("\n");
    if (ny->assessment)
        snprintf(line, sizeof line, TR(M_NEWYEAR_LINKED), ny->assessment_rel, linked_state,
                 ny->assessment_rel);
    else
        snprintf(line, sizeof line, TR(M_NEWYEAR_NO_ASSESSMENT), year_now);
    cli_out(line);
    cli_out("\n");
}

static int new_year(workspace *ws, const char *dir, next_year *ny, int year_now)
{
    diag_list dl = DIAG_LIST_INIT;
    char *bytes = NULL;
    size_t len = 0;
    bool final = false;
    if (!workspace_load_units(ws, &dl) || !read_assessment(ws, year_now, &bytes, &len, &final, &dl))
        return cli_fail(&dl);
    char *rel = assessment_rel_path(year_now);
    ny->assessment = bytes;
    ny->assessment_len = len;
    ny->assessment_rel = bytes ? rel : NULL;
    int rc = EXIT_DATA;
    if (workspace_create_next(ws, dir, ny, &dl)) {
        rc = cli_make_repository(dir);
        say_made(dir, ny, ws->n_units, year_now,
                 tr(final ? M_ASSESS_STATE_FINAL : M_ASSESS_STATE_DRAFT));
    } else {
        rc = cli_fail(&dl);
    }
    free(ny->plan_id);
    free(bytes);
    free(rel);
    return rc;
}

int cmd_new_year(cli_ctx *ctx, int argc, char **argv)
{
    const char *plan_file = NULL, *year_arg = NULL;
    const cli_option opts[] = {
        {"plan", 0, &plan_file, NULL, NULL},
        {"year", 0, &year_arg, NULL, NULL},
        {0},
    };
    char *pos[1];
    int rc;
    if (cli_parse_exact(ctx, argc, argv, opts, pos, 1) != EXIT_DONE)
        return EXIT_USAGE;
    workspace ws;
    if ((rc = cli_open_workspace(ctx, &ws)) != EXIT_DONE)
        return rc;
    int now = ws.cfg.year ? ws.cfg.year : ws.plan.doc.year;
    next_year ny = {.plan_file = plan_file};
    if (!parse_year(ctx, year_arg, now, &ny.year))
        rc = EXIT_USAGE;
    else
        rc = new_year(&ws, pos[0], &ny, now);
    workspace_close(&ws);
    return rc;
}
