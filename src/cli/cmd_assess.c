/* qtown assess [--final] [--by NAME]
 *
 * Computes the year-end assessment (考核) of the workspace's programme year
 * and writes it to assessments/YEAR.yaml (model/assessment.h): every
 * unit's score, grade, rank and section points, the town's targets, the
 * plan and the data it was computed from, and what the plan's rules give
 * each grade.  A draft is computed again each time, keeping the office's
 * notes; --final marks it final.  A final assessment is never written
 * again: the command refuses (exit 1) and shows what changed after it. */
#include "cli/common.h"

#include "model/assessment.h"
#include "model/timestamp.h"
#include "report/assess.h"
#include "report/format.h"
#include "report/texttable.h"
#include "sync/repo.h"
#include "util/clock.h"
#include "util/sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void format_figures(strbuf *sb, bool scored, double points, const char *grade)
{
    if (!scored) {
        sb_puts(sb, tr(M_ASSESS_NOT_SCORED));
        return;
    }
    fmt_score(sb, points);
    sb_printf(sb, " %s", grade ? grade : "");
}

/* The units whose figures are not those the assessment recorded. */
static void print_changes(const assessment *a, const overview *ov)
{
    assess_change *ch;
    size_t n = assess_changes(a, ov, &ch);
    strbuf sb = STRBUF_INIT;
    char *rel = assessment_rel_path(a->year);
    if (!n)
        sb_printf(&sb, tr(M_ASSESS_UNCHANGED), rel);
    else
        sb_printf(&sb, tr(M_ASSESS_CHANGED), rel, n);
    sb_putc(&sb, '\n');
    for (size_t i = 0; i < n; i++) {
        strbuf then = STRBUF_INIT, now = STRBUF_INIT;
        if (ch[i].then)
            format_figures(&then, ch[i].then->scored, ch[i].then->score, ch[i].then->grade);
        if (ch[i].kind != ASSESS_REMOVED) {
            const unit_score *s = &ov->units[ch[i].now].score;
            format_figures(&now, s->scored, s->points, s->grade);
        }
        if (ch[i].kind == ASSESS_CHANGED)
            sb_printf(&sb, TR(M_ASSESS_CHANGED_UNIT), ch[i].id, sb_str(&then), sb_str(&now));
        else if (ch[i].kind == ASSESS_ADDED)
            sb_printf(&sb, TR(M_ASSESS_ADDED_UNIT), ch[i].id, sb_str(&now));
        else
            sb_printf(&sb, TR(M_ASSESS_REMOVED_UNIT), ch[i].id, sb_str(&then));
        sb_putc(&sb, '\n');
        sb_free(&then);
        sb_free(&now);
    }
    cli_out(sb_str(&sb));
    sb_free(&sb);
    free(rel);
    free(ch);
}

/* The plan is not the one the assessment was computed from (its text's
 * sha256 differs): said after the units. */
static void print_plan_change(const assessment *a, const workspace *ws)
{
    char sha[SHA256_HEX_SIZE];
    if (!a->plan_sha256 || !workspace_plan_sha256(ws, sha, NULL) ||
        strcmp(sha, a->plan_sha256) == 0)
        return;
    char line[4096];
    snprintf(line, sizeof line, TR(M_ASSESS_PLAN_CHANGED), a->plan_id ? a->plan_id : "?",
             ws->plan.id);
    cli_out(line);
    cli_out("\n");
}

/* The result as a table, after a line saying where it went. */
static void print_assessment(const assessment *a)
{
    static const int caps[] = {24, 24, 0, 0, 0, 40, 0};
    text_table t;
    strbuf sb = STRBUF_INIT;
    char *rel = assessment_rel_path(a->year);
    sb_printf(&sb, TR(M_ASSESS_WRITTEN), a->year, rel,
              tr(a->final ? M_ASSESS_STATE_FINAL : M_ASSESS_STATE_DRAFT));
    sb_putc(&sb, '\n');
    if (!a->final)
        sb_printf(&sb, "%s\n", tr(M_ASSESS_DRAFT_HINT));
    sb_printf(&sb, TR(M_ASSESS_TARGETS), a->n_met, a->n_not_met, a->n_unknown);
    sb_putc(&sb, '\n');
    tt_init(&t, 7, caps);
    const msg_id head[] = {M_COL_ID,   M_COL_NAME,           M_COL_SCORE,     M_COL_GRADE,
                           M_COL_RANK, M_ASSESS_COL_OUTCOME, M_ASSESS_COL_DUE};
    for (size_t i = 0; i < 7; i++)
        tt_cell(&t, tr(head[i]));
    for (size_t i = 0; i < a->n_units; i++) {
        const assess_unit *u = &a->units[i];
        strbuf score = STRBUF_INIT;
        char rank[16] = "", due[DATE_SIZE] = "";
        if (u->scored)
            fmt_score(&score, u->score);
        if (u->rank)
            snprintf(rank, sizeof rank, "%d", u->rank);
        if (u->due != ASSESSMENT_NO_DUE)
            date_format(u->due, due);
        tt_cell(&t, u->id);
        tt_cell(&t, u->name);
        tt_cell(&t, u->scored ? sb_str(&score) : tr(M_ASSESS_NOT_SCORED));
        tt_cell(&t, u->grade);
        tt_cell(&t, rank);
        tt_cell(&t, u->outcome);
        tt_cell(&t, due);
        sb_free(&score);
    }
    tt_write(&t, &sb);
    tt_free(&t);
    fputs(sb_str(&sb), stdout); /* the table's cells are inert already */
    sb_free(&sb);
    free(rel);
}

/* The sources and the signer of a new computation. */
static bool describe(assessment *a, const workspace *ws, const char *by, int64_t today,
                     diag_list *dl)
{
    char sha[SHA256_HEX_SIZE], now[CLOCK_ISO_SIZE];
    if (!workspace_plan_sha256(ws, sha, dl))
        return false;
    identity who;
    if (!cli_signer(ws, by, &who))
        return false;
    clock_now_iso(now);
    a->day = today;
    a->recorded = arena_strdup(a->mem, now);
    a->by = arena_strdup(a->mem, who.name);
    identity_free(&who);
    a->plan_id = arena_strdup(a->mem, ws->plan.id);
    a->plan_sha256 = arena_strdup(a->mem, sha);
    bool uncommitted;
    char *commit = repo_data_commit(ws->root, ASSESSMENTS_DIR, &uncommitted);
    if (commit) {
        a->commit = arena_strdup(a->mem, commit);
        a->uncommitted = uncommitted;
    }
    free(commit);
    return true;
}

static int assess(workspace *ws, bool final, const char *by, int64_t today)
{
    diag_list dl = DIAG_LIST_INIT;
    int year = ws->cfg.year ? ws->cfg.year : ws->plan.doc.year;
    assessment before, a;
    fs_lock lock;
    if (!workspace_load_units(ws, &dl) || !assessment_lock(ws, year, &lock, &dl))
        return cli_fail(&dl);
    fs_result fr = assessment_load(ws, year, &before, &dl);
    if (fr != FS_OK && fr != FS_MISSING) {
        fs_lock_release(&lock);
        return cli_fail(&dl);
    }
    overview ov;
    overview_build(&ov, ws);
    int rc = EXIT_DATA;
    if (fr == FS_OK && before.final) {
        char *rel = assessment_rel_path(year), *path = fs_join(ws->root, rel);
        print_changes(&before, &ov);
        print_plan_change(&before, ws);
        diag_add(&dl, path, 0, 0, "%s", tr(M_ASSESS_FINAL_KEPT));
        free(path);
        free(rel);
        rc = cli_fail(&dl);
    } else {
        assessment_init(&a, year);
        a.final = final;
        if (describe(&a, ws, by, today, &dl)) {
            assess_compute(&a, &ov, fr == FS_OK ? &before : NULL);
            if (assessment_save(ws, &a, &dl)) {
                print_assessment(&a);
                rc = EXIT_DONE;
            }
        }
        if (rc != EXIT_DONE)
            rc = cli_fail(&dl);
        assessment_free(&a);
    }
    if (fr == FS_OK)
        assessment_free(&before);
    overview_free(&ov);
    fs_lock_release(&lock);
    return rc;
}

int cmd_assess(cli_ctx *ctx, int argc, char **argv)
{
    bool final = false;
    const char *by = NULL;
    const cli_option opts[] = {
        {"final", 0, NULL, &final, NULL},
        {"by", 0, &by, NULL, NULL},
        {0},
    };
    char *pos[1];
    int rc;
    int64_t today;
    if (cli_parse_exact(ctx, argc, argv, opts, pos, 0) != EXIT_DONE)
        return EXIT_USAGE;
    if (!cli_check_by(ctx, by))
        return EXIT_USAGE;
    if (!cli_today(&today))
        return EXIT_DATA;
    workspace ws;
    if ((rc = cli_open_workspace(ctx, &ws)) != EXIT_DONE)
        return rc;
    rc = assess(&ws, final, by, today);
    workspace_close(&ws);
    return rc;
}
