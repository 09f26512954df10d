#include "tui/overview.h"

#include "i18n/i18n.h"
#include "model/timestamp.h"
#include "report/assess.h"
#include "report/format.h"
#include "report/report.h"
#include "tui/checklist.h"
#include "tui/drill.h"
#include "tui/lineedit.h"
#include "tui/motion.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The parts of the page, in order (Tab goes from one to the next). */
enum {
    P_TARGETS,
    P_ITEMS,
    P_VILLAGES,
    P_ENTERPRISES,
    P_LAGGING,
    P_FAILURES,
    P_RECTS,
    P_SINCE,
    P_LEDGER,
    P_MATRIX,
    P_COUNT
};

typedef enum row_kind {
    R_BROKEN,         /* how many unit files are left out: they did not load */
    R_MEETING,        /* a line about the last meeting (index: which) */
    R_ASSESSMENT,     /* a line about the year's assessment (index: which) */
    R_HEADER,         /* a part's title */
    R_NOTE,           /* a line of explanation (msg) */
    R_WHY,            /* why a target is not known (index: the target) */
    R_TARGET,         /* index: into ov.targets */
    R_ITEM,           /* index: into ov.items */
    R_RANK_HEAD,      /* the column names of a ranking */
    R_RANK,           /* index: a unit */
    R_FAIL,           /* index: into fails */
    R_EVIDENCE,       /* index: into ov.evidence */
    R_UNVISITED_HEAD, /* how many units nobody visited lately */
    R_UNVISITED,      /* index: into ov.unvisited */
    R_MATRIX_HEAD,    /* the item ids */
    R_MATRIX,         /* index: a unit */
    R_RECT_SUM,       /* the rectifications' counts */
    R_RECT,           /* index: into ov.rects */
    R_SINCE_SUM,      /* what changed since the date, counted */
    R_SINCE,          /* index: into ov.since */
} row_kind;

/* Eight bytes: a district's page has some 15 rows a unit (its ranking,
 * its matrix row, its changes since the meeting). */
typedef struct ov_row {
    uint8_t kind; /* row_kind */
    uint8_t part;
    uint16_t msg;   /* R_NOTE: a msg_id */
    uint32_t index; /* a unit (WORKSPACE_MAX_UNITS), or into a list of ov */
} ov_row;
_Static_assert(MSG_COUNT <= UINT16_MAX, "a row's msg is 16 bits");

/* A failed check, by unit and check: its state is looked up when drawn,
 * never kept, since the unit may be read again (and its states freed)
 * before the overview is recomputed. */
typedef struct fail_ref {
    size_t unit;
    const plan_check *check;
} fail_ref;

typedef struct overview_screen {
    screen base;
    overview ov;
    fail_ref *fails; /* ov.failures without their states */
    bool stale;      /* a unit changed: recompute before use */
    unsigned generation;
    /* The page's rows: n_rows of them, all stored but the changes since
     * the date (R_SINCE, ov.since.n rows from since_at: row_at makes
     * them), which are most of a district's page. */
    ov_row *rows;
    size_t n_rows, n_stored, cap_rows, since_at;
    list_view view;
    int64_t since;       /* what changed since this day (c changes it) */
    size_t matrix_first; /* the first item column of the matrix shown (scrolled sideways) */
} overview_screen;

static const screen_ops ops;

static overview_screen *self(screen *s)
{
    return (overview_screen *)s;
}

static bool selectable(const ov_row *r)
{
    return r->kind == R_TARGET || r->kind == R_ITEM || r->kind == R_RANK || r->kind == R_FAIL ||
           r->kind == R_EVIDENCE || r->kind == R_UNVISITED || r->kind == R_MATRIX ||
           r->kind == R_RECT || r->kind == R_SINCE;
}

static void add(overview_screen *os, ov_row r)
{
    os->rows = xgrow(os->rows, &os->cap_rows, os->n_stored + 1, sizeof *os->rows);
    os->rows[os->n_stored++] = r;
    os->n_rows++;
}

/* Row i of the page. */
static ov_row row_at(const overview_screen *os, size_t i)
{
    size_t n_since = os->ov.since.n;
    if (i >= os->since_at && i - os->since_at < n_since)
        return (ov_row){.kind = R_SINCE, .part = P_SINCE, .index = (uint32_t)(i - os->since_at)};
    return os->rows[i < os->since_at ? i : i - n_since];
}

static void add_units(overview_screen *os, int part, const size_t *units, size_t n, msg_id none)
{
    add(os, (ov_row){.kind = R_HEADER, .part = part});
    if (!n)
        add(os, (ov_row){.kind = R_NOTE, .part = part, .msg = none});
    else
        add(os, (ov_row){.kind = R_RANK_HEAD, .part = part});
    for (size_t i = 0; i < n; i++)
        add(os, (ov_row){.kind = R_RANK, .part = part, .index = units[i]});
}

/* Evidence and visits: what expired or is expiring, who was not visited.
 * The evidence list holds no records (the summaries): a record is looked
 * up when drawn, as a failure is. */
static void add_ledger(overview_screen *os)
{
    const overview *ov = &os->ov;
    add(os, (ov_row){.kind = R_HEADER, .part = P_LEDGER});
    for (size_t i = 0; i < ov->evidence.n; i++)
        add(os, (ov_row){.kind = R_EVIDENCE, .part = P_LEDGER, .index = i});
    add(os, (ov_row){.kind = R_UNVISITED_HEAD, .part = P_LEDGER});
    for (size_t i = 0; i < ov->n_unvisited; i++)
        add(os, (ov_row){.kind = R_UNVISITED, .part = P_LEDGER, .index = i});
}

/* The page's rows, from the figures. */
static void build_rows(overview_screen *os)
{
    const overview *ov = &os->ov;
    os->n_rows = os->n_stored = 0;
    /* room for every row at once: grown by doubling, a district's page
     * (a million rows) would be copied as it grows */
    size_t most = 64 + 2 * ov->n_targets + ov->n_items + 2 * ov->n_units + ov->n_lagging +
                  ov->n_failures + ov->rects.n + ov->evidence.n + ov->n_unvisited;
    os->rows = xgrow(os->rows, &os->cap_rows, most, sizeof *os->rows);
    free(os->fails);
    os->fails = xmalloc((ov->n_failures + 1) * sizeof *os->fails);
    for (size_t i = 0; i < ov->n_failures; i++)
        os->fails[i] = (fail_ref){ov->failures[i].unit, ov->failures[i].check};
    if (ov->n_broken)
        add(os, (ov_row){.kind = R_BROKEN, .part = P_TARGETS});
    char *lines[REPORT_MAX_MEETING];
    size_t n = report_meeting_lines(ov, lines);
    for (size_t i = 0; i < n; i++) {
        add(os, (ov_row){.kind = R_MEETING, .part = P_TARGETS, .index = i});
        free(lines[i]);
    }
    char *alines[REPORT_MAX_ASSESSMENT];
    n = report_assessment_lines(ov, alines);
    for (size_t i = 0; i < n; i++) {
        add(os, (ov_row){.kind = R_ASSESSMENT, .part = P_TARGETS, .index = i});
        free(alines[i]);
    }
    add(os, (ov_row){.kind = R_HEADER, .part = P_TARGETS});
    for (size_t i = 0; i < ov->n_targets; i++) {
        add(os, (ov_row){.kind = R_TARGET, .part = P_TARGETS, .index = i});
        if (ov->targets[i].verdict == VERDICT_UNKNOWN)
            add(os, (ov_row){.kind = R_WHY, .part = P_TARGETS, .index = i});
    }
    add(os, (ov_row){.kind = R_HEADER, .part = P_ITEMS});
    add(os, (ov_row){.kind = R_NOTE, .part = P_ITEMS, .msg = M_LEGEND_PROGRESS_BARS});
    for (size_t k = 0; k < ov->n_items; k++)
        add(os, (ov_row){.kind = R_ITEM, .part = P_ITEMS, .index = k});
    add_units(os, P_VILLAGES, ov->villages, ov->n_villages, M_NONE);
    add_units(os, P_ENTERPRISES, ov->enterprises, ov->n_enterprises, M_NONE);
    add_units(os, P_LAGGING, ov->lagging, ov->n_lagging, M_NONE_LAGGING);
    add(os, (ov_row){.kind = R_HEADER, .part = P_FAILURES});
    if (!ov->n_failures)
        add(os, (ov_row){.kind = R_NOTE, .part = P_FAILURES, .msg = M_NO_FAILURES});
    for (size_t i = 0; i < ov->n_failures; i++)
        add(os, (ov_row){.kind = R_FAIL, .part = P_FAILURES, .index = i});
    add(os, (ov_row){.kind = R_HEADER, .part = P_RECTS});
    add(os, (ov_row){.kind = R_RECT_SUM, .part = P_RECTS});
    for (size_t i = 0; i < ov->rects.n; i++)
        add(os, (ov_row){.kind = R_RECT, .part = P_RECTS, .index = i});
    add(os, (ov_row){.kind = R_HEADER, .part = P_SINCE});
    add(os, (ov_row){.kind = R_SINCE_SUM, .part = P_SINCE});
    os->since_at = os->n_rows;
    os->n_rows += ov->since.n;
    add_ledger(os);
    add(os, (ov_row){.kind = R_HEADER, .part = P_MATRIX});
    add(os, (ov_row){.kind = R_MATRIX_HEAD, .part = P_MATRIX});
    for (size_t i = 0; i < ov->n_units; i++)
        if (ov->units[i].loaded)
            add(os, (ov_row){.kind = R_MATRIX, .part = P_MATRIX, .index = i});
}

/* The row that shows the same thing as `r` did (after a recomputation),
 * else the first selectable row of its part. */
static size_t find_row(const overview_screen *os, ov_row r)
{
    size_t first_of_part = SIZE_MAX;
    for (size_t i = 0; i < os->n_rows; i++) {
        ov_row row = row_at(os, i);
        const ov_row *x = &row;
        if (x->kind == r.kind && x->part == r.part && x->index == r.index)
            return i;
        if (first_of_part == SIZE_MAX && x->part == r.part && selectable(x))
            first_of_part = i;
    }
    return first_of_part != SIZE_MAX ? first_of_part : 0;
}

static void recompute(app *a, overview_screen *os)
{
    ov_row keep = os->n_rows ? row_at(os, os->view.cur) : (ov_row){.kind = R_TARGET};
    bool had_rows = os->n_rows > 0;
    overview_free(&os->ov);
    overview_build(&os->ov, a->ws);
    overview_add_rectifications(&os->ov, a->today);
    overview_add_since(&os->ov, os->since, a->today);
    meeting_list ml;
    meetings_load(a->ws, &ml, NULL);
    overview_add_meeting(&os->ov, &ml);
    meeting_list_free(&ml);
    overview_add_assessments(&os->ov);
    overview_add_ledger(&os->ov, a->today);
    build_rows(os);
    os->view.cur = had_rows ? find_row(os, keep) : 0;
    list_move(&os->view, 0, os->n_rows);
    os->stale = false;
    os->generation++;
}

const overview *overview_screen_data(app *a, screen *s, unsigned *generation)
{
    overview_screen *os = self(s);
    if (os->stale)
        recompute(a, os);
    if (generation)
        *generation = os->generation;
    return &os->ov;
}

/* ---- moving ------------------------------------------------------------ */

static bool row_selectable(const void *ctx, size_t i)
{
    ov_row r = row_at(ctx, i);
    return selectable(&r);
}

/* To the first selectable row of the next (step 1) or previous (-1) part
 * that has one, wrapping around. */
static void jump_part(overview_screen *os, int step)
{
    int part = os->n_rows ? row_at(os, os->view.cur).part : 0;
    for (int k = 1; k <= P_COUNT; k++) {
        int p = ((part + step * k) % P_COUNT + P_COUNT) % P_COUNT;
        for (size_t i = 0; i < os->n_rows; i++)
            if (row_at(os, i).part == p && row_selectable(os, i)) {
                os->view.cur = i;
                os->view.top = i; /* the part starts at the top of the screen */
                while (os->view.top > 0 && !row_selectable(os, os->view.top - 1) &&
                       row_at(os, os->view.top - 1).part == p)
                    os->view.top--;
                return;
            }
    }
}

/* ---- drawing ----------------------------------------------------------- */

/* The top line: the town's score and grade and its targets met are what
 * a meeting looks at, kept on any width (a projector's 80 columns). */
static void title(app *a, screen *s, title_bar *t)
{
    const overview *ov = overview_screen_data(a, s, NULL);
    app_title_place(a, tr(M_TUI_OVERVIEW), t);
    strbuf sb = STRBUF_INIT, brief = STRBUF_INIT;
    if (ov->town != SIZE_MAX && ov->units[ov->town].score.scored) {
        strbuf points = STRBUF_INIT;
        fmt_score(&points, ov->units[ov->town].score.points);
        sb_printf(&sb, tr(M_TUI_OV_SCORE), sb_str(&points), ov->units[ov->town].score.grade);
        sb_printf(&brief, tr(M_TUI_OV_SCORE_BRIEF), sb_str(&points),
                  ov->units[ov->town].score.grade);
        title_add(t, TITLE_FIGURE, sb_str(&sb), sb_str(&brief));
        sb_free(&points);
    }
    sb_reset(&sb);
    sb_reset(&brief);
    sb_printf(&sb, tr(M_TUI_OV_TARGETS), ov->targets_met, ov->targets_not_met, ov->targets_unknown);
    sb_printf(&brief, tr(M_TUI_OV_TARGETS_BRIEF), ov->targets_met, ov->n_targets);
    title_add(t, TITLE_FIGURE, sb_str(&sb), sb_str(&brief));
    sb_free(&sb);
    sb_free(&brief);
}

static void part_title(const app *a, const overview_screen *os, int part, strbuf *out)
{
    static const msg_id titles[P_COUNT] = {
        M_SEC_TARGETS, M_SEC_PROGRESS, M_SEC_RANK_VILLAGES,  M_SEC_RANK_ENTERPRISES,
        M_NONE,        M_SEC_FAILURES, M_SEC_RECTIFICATIONS, M_NONE,
        M_SEC_LEDGER,  M_SEC_MATRIX};
    const overview *ov = &os->ov;
    if (part == P_LAGGING || part == P_SINCE) {
        char *t =
            part == P_LAGGING ? report_lagging_title(&a->ws->plan) : report_since_title(&ov->since);
        sb_puts(out, t);
        free(t);
    } else {
        sb_puts(out, tr(titles[part]));
    }
    if (part == P_FAILURES)
        sb_printf(out, tr(M_TUI_COUNT), ov->n_failures);
    if (part == P_LEDGER)
        sb_printf(out, tr(M_TUI_OV_LEDGER), ov->ev_expired, ov->ev_expiring, ov->n_unvisited);
}

/* The page is laid out in at most this many columns: on a wide screen
 * the figures stay next to what they measure. */
enum { PAGE_MAX_COLS = 120 };

static int page_cols(void)
{
    return COLS < PAGE_MAX_COLS ? COLS : PAGE_MAX_COLS;
}

static attr_t verdict_attr(ind_verdict v)
{
    return v == VERDICT_MET       ? draw_status_attr(STATUS_DONE)
           : v == VERDICT_NOT_MET ? draw_status_attr(STATUS_FAILED)
                                  : draw_attr(ROLE_DIM);
}

/* Town target: mark, item, title, figure, target. */
static void draw_target(const ind_result *r, int y, attr_t base)
{
    lang l = i18n_lang();
    int mark_w = fmt_verdict_width(), id_x = 1 + mark_w + 1, title_x = id_x + 4;
    int figure_w = page_cols() >= 80 ? 16 : 10, goal_x = page_cols() - figure_w;
    int actual_x = goal_x - figure_w - 1;
    draw_text(y, 1, mark_w, fmt_verdict(r->verdict), base | verdict_attr(r->verdict), 0);
    draw_text(y, id_x, 3, r->ind->item ? r->ind->item : "", base | draw_attr(ROLE_DIM), 0);
    draw_text(y, title_x, actual_x - title_x - 1, text2_get(&r->ind->title, l), base, 0);
    strbuf sb = STRBUF_INIT;
    fmt_target_actual(&sb, r, l);
    draw_text(y, actual_x, figure_w, sb_str(&sb), base, 0);
    sb_reset(&sb);
    fmt_target_goal(&sb, r, l);
    draw_text(y, goal_x, figure_w, sb_str(&sb), base, 0);
    sb_free(&sb);
}

static void draw_why(const ind_result *r, int y)
{
    int x = 1 + fmt_verdict_width() + 5;
    draw_fmt(y, x, page_cols() - x, draw_attr(ROLE_DIM), 0, "%s%s%s", tr(M_VERDICT_UNKNOWN),
             tr(M_TUI_COLON), fmt_unknown_why(r->why));
}

/* Objective or measure: id, title, bar, done/applicable, percent, failed. */
static void draw_item(const ov_item *oi, int y, attr_t base)
{
    const unit_progress *pr = &oi->total;
    int bar_w = page_cols() >= 100 ? 20 : page_cols() >= 70 ? 12 : 0;
    int fail_w = page_cols() >= 70 ? 14 : 0;
    int nums_x = page_cols() - fail_w - 15, bar_x = nums_x - (bar_w ? bar_w + 3 : 0);
    draw_text(y, 1, 3, oi->item->id, base | A_BOLD, 0);
    draw_text(y, 5, bar_x - 6, text2_get(&oi->item->title, i18n_lang()), base, 0);
    if (bar_w) {
        strbuf bar = STRBUF_INIT;
        sb_putc(&bar, '[');
        fmt_bar(&bar, pr, bar_w);
        sb_putc(&bar, ']');
        draw_text(y, bar_x, bar_w + 2, sb_str(&bar), base, 0);
        sb_free(&bar);
    }
    draw_fmt(y, nums_x, 15, base, 0, "%5zu/%-5zu%3d%%", pr->done, pr->applicable,
             progress_percent(pr));
    if (fail_w && pr->failed)
        draw_fmt(y, page_cols() - fail_w + 1, fail_w - 1, base | draw_status_attr(STATUS_FAILED), 0,
                 tr(M_FAILED_COUNT), pr->failed);
}

/* The columns of a ranking: rank, name, score, grade, points per part
 * of the plan (when there is room), done, failed. */
typedef struct rank_cols {
    int name_w, score_x, grade_x, sec_x, sec_w, n_sec, done_x, fail_x;
} rank_cols;

static rank_cols rank_layout(const overview *ov)
{
    rank_cols c;
    /* year on year, the score takes its change ("100.0 (-100.0)") */
    int score_w = ov->assessment.has_previous ? 15 : 6;
    c.sec_w = page_cols() >= 110 ? 16 : page_cols() >= 80 ? 11 : 0;
    for (;;) {
        c.n_sec = c.sec_w ? (int)ov->ws->plan.n_sections : 0;
        c.fail_x = page_cols() - 7;
        c.done_x = c.fail_x - 11;
        c.sec_x = c.done_x - c.n_sec * c.sec_w;
        c.grade_x = c.sec_x - 6;
        c.score_x = c.grade_x - score_w - 1;
        c.name_w = c.score_x - 7;
        /* the names keep room: the points per part give way first */
        if (c.name_w >= 16 || !c.n_sec)
            return c;
        c.sec_w = 0;
    }
}

/* Ranked unit: rank, name, score, grade, points per part, done, failed. */
static void draw_rank(app *a, const overview_screen *os, size_t ui, int y, attr_t base)
{
    const ov_unit *ou = &os->ov.units[ui];
    rank_cols c = rank_layout(&os->ov);
    strbuf sb = STRBUF_INIT;
    if (ou->rank)
        sb_printf(&sb, "%4d", ou->rank);
    draw_text(y, 0, 4, sb_str(&sb), base, 0);
    draw_text(y, 6, c.name_w, roster_short_name(&a->roster, ui, c.name_w), base, 0);
    sb_reset(&sb);
    report_score_cell(&os->ov, ui, &sb);
    int score_w = c.grade_x - c.score_x - 1, pad = score_w - text_width(sb_str(&sb));
    draw_text(y, c.score_x + (pad > 0 ? pad : 0), score_w, sb_str(&sb), base, 0);
    sb_reset(&sb);
    report_grade_cell(&os->ov, ui, "->", &sb);
    attr_t grade_attr = ou->lagging ? draw_status_attr(STATUS_FAILED) : A_BOLD;
    draw_text(y, c.grade_x + 1, 5, sb_str(&sb), base | grade_attr, 0);
    for (int s = 0; s < c.n_sec; s++) {
        sb_reset(&sb);
        report_section_points(ou, (size_t)s, &sb);
        draw_fmt(y, c.sec_x + s * c.sec_w, c.sec_w, base, 0, "%*s", c.sec_w - 1, sb_str(&sb));
    }
    draw_fmt(y, c.done_x, 11, base, 0, "%5zu/%-5zu", ou->progress->done, ou->progress->applicable);
    if (ou->progress->failed)
        draw_fmt(y, c.fail_x + 1, 6, base | draw_status_attr(STATUS_FAILED), 0, "!%zu",
                 ou->progress->failed);
    sb_free(&sb);
}

static void draw_rank_header(const app *a, const overview *ov, int y)
{
    const plan *p = &a->ws->plan;
    rank_cols c = rank_layout(ov);
    attr_t dim = draw_attr(ROLE_DIM);
    draw_text(y, 0, 5, tr(M_COL_RANK), dim, 0);
    draw_text(y, 6, c.name_w, tr(M_COL_NAME), dim, 0);
    int score_w = c.grade_x - c.score_x - 1, pad = score_w - text_width(tr(M_COL_SCORE));
    draw_text(y, c.score_x + (pad > 0 ? pad : 0), score_w, tr(M_COL_SCORE), dim, 0);
    draw_text(y, c.grade_x + 1, 5, tr(M_COL_GRADE), dim, 0);
    for (int s = 0; s < c.n_sec; s++)
        draw_text(y, c.sec_x + s * c.sec_w + 1, c.sec_w - 1,
                  text2_get(&p->sections[s].title, i18n_lang()), dim, 0);
    draw_text(y, c.done_x + 1, 10, tr(M_COL_DONE), dim, 0);
    draw_text(y, c.fail_x + 1, 6, tr(M_COL_FAILED), dim, 0);
}

/* The state of a failed check now (NULL when its unit no longer has it),
 * read from the unit's file the first time a row shows it: the summaries
 * the overview is made from hold no notes. */
static const check_state *fail_state(app *a, const fail_ref *f)
{
    const unit *u = app_unit(a, f->unit);
    return u ? unit_state_of(u, f->check) : NULL;
}

/* Failed check: unit, check, the first line of its note. */
static void draw_fail(app *a, const fail_ref *f, int y, attr_t base)
{
    const check_state *cs = fail_state(a, f);
    int unit_w = page_cols() >= 100 ? 24 : 16, check_w = page_cols() >= 100 ? 32 : 20;
    int check_x = 5 + unit_w + 1, note_x = check_x + check_w + 1;
    draw_text(y, 1, 3, status_mark(STATUS_FAILED), base | draw_status_attr(STATUS_FAILED), 0);
    draw_text(y, 5, unit_w, roster_short_name(&a->roster, f->unit, unit_w), base, 0);
    draw_text(y, check_x, check_w, text2_get(&f->check->title, i18n_lang()), base, 0);
    if (cs && cs->note && *cs->note && note_x < page_cols()) {
        size_t len = strcspn(cs->note, "\n");
        char *first = xstrndup(cs->note, len);
        draw_text(y, note_x, page_cols() - note_x, first, base | draw_attr(ROLE_DIM), 0);
        free(first);
    }
}

/* Evidence: its state and days, unit, check, title (its unit read the
 * first time a row shows it); the check's row when the record is gone
 * (the unit was read again). */
static void draw_evidence(app *a, const overview_screen *os, const ev_item *e, int y, attr_t base)
{
    const unit *u = app_unit(a, e->unit);
    const unit_record *r = ev_item_record(u, e);
    const overview *ov = &os->ov;
    int unit_w = page_cols() >= 100 ? 24 : 16, check_w = page_cols() >= 100 ? 28 : 18;
    int state_w = 22, unit_x = 1 + state_w + 1, check_x = unit_x + unit_w + 1;
    int title_x = check_x + check_w + 1;
    if (r) {
        int64_t until;
        ev_validity v = ev_record_validity(u, r, ov->today, ov->window, &until);
        long long days = v == EV_EXPIRED ? ov->today - until : until - ov->today;
        draw_fmt(y, 1, state_w, base | (v == EV_EXPIRED ? draw_attr(ROLE_ERROR) : A_BOLD), 0,
                 tr(v == EV_EXPIRED ? M_EV_DAYS_AGO : M_EV_DAYS_LEFT), ev_validity_title(v), days);
    }
    draw_text(y, unit_x, unit_w, roster_name(a->ws, e->unit), base, 0);
    draw_text(y, check_x, check_w, text2_get(&e->check->title, i18n_lang()), base, 0);
    if (r && title_x < page_cols())
        draw_text(y, title_x, page_cols() - title_x, record_text(r, "title"),
                  base | draw_attr(ROLE_DIM), 0);
}

/* A unit not visited lately: its name, its last visit (or never). */
static void draw_unvisited(app *a, const overview *ov, size_t i, int y, attr_t base)
{
    int name_w = page_cols() >= 100 ? 40 : 24;
    draw_text(y, 5, name_w, roster_name(a->ws, ov->unvisited[i]), base, 0);
    char day[DATE_SIZE];
    if (ov->unvisited_last[i] != INT64_MIN)
        date_format(ov->unvisited_last[i], day);
    draw_fmt(y, 5 + name_w + 1, page_cols() - name_w - 6, base | draw_attr(ROLE_DIM), 0, "%s%s%s",
             tr(M_COL_LAST_VISIT), tr(M_TUI_COLON),
             ov->unvisited_last[i] != INT64_MIN ? day : tr(M_NEVER));
}

enum { MATRIX_CELL_W = 5, MATRIX_MIN_NAME = 16, MATRIX_MAX_NAME = 40 };

/* The matrix's columns: the units' names stay at the left, the item
 * columns that fit beside them are shown from `first` on (the matrix
 * scrolls sideways when the page is narrower than all of them), with a
 * mark on the side where more are hidden. */
typedef struct matrix_cols {
    int name_w;
    size_t first, shown;
} matrix_cols;

static matrix_cols matrix_layout(const overview_screen *os)
{
    size_t n = os->ov.n_items;
    matrix_cols m;
    int w = page_cols() - 2 - (int)n * MATRIX_CELL_W;
    m.name_w = w < MATRIX_MIN_NAME ? MATRIX_MIN_NAME : w > MATRIX_MAX_NAME ? MATRIX_MAX_NAME : w;
    int fit = (page_cols() - 2 - m.name_w) / MATRIX_CELL_W;
    m.shown = fit < 1 ? 1 : (size_t)fit;
    if (m.shown >= n) {
        m.shown = n;
        m.first = 0;
    } else {
        m.first = os->matrix_first < n - m.shown ? os->matrix_first : n - m.shown;
    }
    return m;
}

static int matrix_cell_x(const matrix_cols *m, size_t k)
{
    return 1 + m->name_w + (int)(k - m->first) * MATRIX_CELL_W;
}

static void draw_matrix_head(const overview_screen *os, int y)
{
    const overview *ov = &os->ov;
    matrix_cols m = matrix_layout(os);
    draw_text(y, 1, m.name_w - 1, tr(M_COL_UNIT), draw_attr(ROLE_DIM), 0);
    if (m.first > 0)
        draw_text(y, m.name_w, 1, "<", A_BOLD, 0);
    for (size_t k = m.first; k < m.first + m.shown; k++)
        draw_fmt(y, matrix_cell_x(&m, k), MATRIX_CELL_W, A_BOLD, 0, "%*s", MATRIX_CELL_W,
                 ov->items[k].item->id);
    if (m.first + m.shown < ov->n_items)
        draw_text(y, matrix_cell_x(&m, m.first + m.shown), 1, ">", A_BOLD, 0);
}

static void draw_matrix_row(app *a, const overview_screen *os, size_t ui, int y, attr_t base)
{
    matrix_cols m = matrix_layout(os);
    draw_text(y, 1, m.name_w - 1, roster_short_name(&a->roster, ui, m.name_w - 1), base, 0);
    for (size_t k = m.first; k < m.first + m.shown; k++) {
        int x = matrix_cell_x(&m, k);
        unit_progress cell = overview_unit_item(&os->ov, ui, k);
        const unit_progress *pr = &cell;
        if (!pr->applicable) {
            draw_fmt(y, x, MATRIX_CELL_W, base | draw_attr(ROLE_DIM), 0, "%*s", MATRIX_CELL_W, "-");
            continue;
        }
        int pct = progress_percent(pr);
        attr_t at = pr->failed   ? draw_status_attr(STATUS_FAILED)
                    : pct == 100 ? draw_status_attr(STATUS_DONE)
                                 : A_NORMAL;
        draw_fmt(y, x, MATRIX_CELL_W, base | at, 0, "%*d", MATRIX_CELL_W, pct);
    }
}

/* Scrolls the matrix one item column (step 1 or -1); false when there
 * is nothing more that way. */
static bool matrix_scroll(overview_screen *os, int step)
{
    matrix_cols m = matrix_layout(os);
    if (step > 0 && m.first + m.shown < os->ov.n_items) {
        os->matrix_first = m.first + 1;
        return true;
    }
    if (step < 0 && m.first > 0) {
        os->matrix_first = m.first - 1;
        return true;
    }
    return false;
}

/* A line about the last meeting: the first in bold, the rest dim. */
static void draw_meeting_line(const overview *ov, size_t which, int y)
{
    char *lines[REPORT_MAX_MEETING];
    size_t n = report_meeting_lines(ov, lines);
    if (which < n)
        draw_text(y, 0, page_cols(), lines[which], which ? draw_attr(ROLE_DIM) : A_BOLD, 0);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
}

/* A line about the year's assessment, dim. */
static void draw_assessment_line(const overview *ov, size_t which, int y)
{
    char *lines[REPORT_MAX_ASSESSMENT];
    size_t n = report_assessment_lines(ov, lines);
    if (which < n)
        draw_text(y, 0, page_cols(), lines[which], draw_attr(ROLE_DIM), 0);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
}

/* A rectification: days left or overdue, unit, check, owner, what. */
static void draw_rect(app *a, const rect_item *it, int y, attr_t base)
{
    int unit_w = page_cols() >= 100 ? 24 : 16, check_w = page_cols() >= 100 ? 24 : 16;
    int unit_x = 16, check_x = unit_x + unit_w + 1, owner_x = check_x + check_w + 1;
    strbuf sb = STRBUF_INIT;
    rect_days_words(it->r, a->today, &sb);
    if (!sb.len)
        sb_puts(&sb, rect_state_title(it->state));
    attr_t days = it->overdue ? draw_status_attr(STATUS_FAILED) : draw_attr(ROLE_DIM);
    draw_text(y, 1, unit_x - 2, sb_str(&sb), base | days, 0);
    draw_text(y, unit_x, unit_w, roster_name(a->ws, it->unit), base, 0);
    draw_text(y, check_x, check_w, it->r->check ? it->r->check->id : "", base, 0);
    sb_reset(&sb);
    const char *what = record_text(it->r, "what");
    sb_printf(&sb, "%s: ", record_text(it->r, "owner"));
    sb_add(&sb, what, strcspn(what, "\n"));
    if (owner_x < page_cols())
        draw_text(y, owner_x, page_cols() - owner_x, sb_str(&sb), base, 0);
    sb_free(&sb);
}

/* A change since the date: its day, unit, check and what happened, read
 * from its unit when the row is drawn; when the file changed since and
 * the entry is no longer where it was, the row says so. */
static void draw_since(app *a, const overview_screen *os, const since_entry *e, int y, attr_t base)
{
    int unit_w = page_cols() >= 100 ? 24 : 16, check_w = page_cols() >= 100 ? 24 : 16;
    int unit_x = 12, check_x = unit_x + unit_w + 1, what_x = check_x + check_w + 1;
    const history_entry *h = since_history(&os->ov.since, e, app_unit(a, e->unit));
    if (h)
        draw_fmt(y, 1, 10, base | draw_attr(ROLE_DIM), 0, "%.10s", h->at);
    draw_text(y, unit_x, unit_w, roster_name(a->ws, e->unit), base, 0);
    if (!h) {
        draw_text(y, check_x, page_cols() - check_x, tr(M_SINCE_ENTRY_GONE),
                  base | draw_attr(ROLE_DIM), 0);
        return;
    }
    draw_text(y, check_x, check_w, h->check ? h->check : "", base, 0);
    strbuf sb = STRBUF_INIT;
    report_since_what(h, &sb);
    if (what_x < page_cols())
        draw_text(y, what_x, page_cols() - what_x, sb_str(&sb), base, 0);
    sb_free(&sb);
}

static void draw_summary_line(char *text, int y)
{
    draw_text(y, 1, COLS - 1, text, draw_attr(ROLE_DIM), 0);
    free(text);
}

static void draw_row(app *a, overview_screen *os, size_t i, int y)
{
    ov_row row = row_at(os, i);
    const ov_row *r = &row;
    const overview *ov = &os->ov;
    attr_t base = i == os->view.cur ? draw_attr(ROLE_CURSOR) : A_NORMAL;
    if (i == os->view.cur)
        draw_blank(y, 0, COLS, base);
    strbuf sb = STRBUF_INIT;
    switch (r->kind) {
    case R_BROKEN:
        draw_fmt(y, 0, COLS, draw_attr(ROLE_ERROR), 0, tr(M_REPORT_BROKEN), ov->n_broken);
        break;
    case R_MEETING:
        draw_meeting_line(ov, r->index, y);
        break;
    case R_ASSESSMENT:
        draw_assessment_line(ov, r->index, y);
        break;
    case R_HEADER:
        part_title(a, os, r->part, &sb);
        draw_text(y, 0, COLS, sb_str(&sb), draw_attr(ROLE_GROUP), 0);
        break;
    case R_NOTE:
        draw_text(y, 1, COLS - 1, tr(r->msg), draw_attr(ROLE_DIM), 0);
        break;
    case R_WHY:
        draw_why(&ov->targets[r->index], y);
        break;
    case R_TARGET:
        draw_target(&ov->targets[r->index], y, base);
        break;
    case R_ITEM:
        draw_item(&ov->items[r->index], y, base);
        break;
    case R_RANK_HEAD:
        draw_rank_header(a, ov, y);
        break;
    case R_RANK:
        draw_rank(a, os, r->index, y, base);
        break;
    case R_FAIL:
        draw_fail(a, &os->fails[r->index], y, base);
        break;
    case R_EVIDENCE:
        draw_evidence(a, os, &os->ov.evidence.items[r->index], y, base);
        break;
    case R_UNVISITED_HEAD:
        draw_fmt(y, 1, COLS - 1, draw_attr(ROLE_DIM), 0, tr(M_LEDGER_UNVISITED), ov->n_unvisited,
                 ov->unvisited_days);
        break;
    case R_UNVISITED:
        draw_unvisited(a, ov, r->index, y, base);
        break;
    case R_MATRIX_HEAD:
        draw_matrix_head(os, y);
        break;
    case R_MATRIX:
        draw_matrix_row(a, os, r->index, y, base);
        break;
    case R_RECT_SUM:
        draw_summary_line(report_rect_counts(&ov->rect_totals), y);
        break;
    case R_RECT:
        draw_rect(a, &ov->rects.items[r->index], y, base);
        break;
    case R_SINCE_SUM:
        draw_summary_line(report_since_counts(&ov->since), y);
        break;
    case R_SINCE:
        draw_since(a, os, &ov->since.items[r->index], y, base);
        break;
    }
    sb_free(&sb);
}

/* Keeps the cursor in view, with the title of its part when it is the
 * part's first line. */
static void scroll_to_cursor(overview_screen *os, int rows)
{
    size_t lead = os->view.cur;
    while (lead > 0 && !row_selectable(os, lead - 1) &&
           row_at(os, lead - 1).part == row_at(os, os->view.cur).part)
        lead--;
    if (lead < os->view.top)
        os->view.top = lead;
    list_show(&os->view, (size_t)rows);
}

/* The row of the matrix's item ids. */
static size_t matrix_head_row(const overview_screen *os)
{
    for (size_t i = 0; i < os->n_rows; i++)
        if (row_at(os, i).kind == R_MATRIX_HEAD)
            return i;
    return SIZE_MAX;
}

static bool cursor_in_matrix(const overview_screen *os)
{
    return os->n_rows && row_at(os, os->view.cur).part == P_MATRIX;
}

static void draw(app *a, screen *s, int top, int rows)
{
    overview_screen *os = self(s);
    overview_screen_data(a, s, NULL);
    if (rows <= 0 || !os->n_rows)
        return;
    scroll_to_cursor(os, rows);
    /* in the matrix, the item ids stay in view above its rows */
    size_t head = matrix_head_row(os);
    if (cursor_in_matrix(os) && head != SIZE_MAX && os->view.top > head && rows > 1) {
        list_show(&os->view, (size_t)rows - 1);
        draw_matrix_head(os, top++);
        rows--;
    }
    for (int y = 0; y < rows && os->view.top + (size_t)y < os->n_rows; y++)
        draw_row(a, os, os->view.top + (size_t)y, top + y);
}

/* ---- acting ------------------------------------------------------------ */

static unsigned open_row(app *a, overview_screen *os)
{
    if (!os->n_rows)
        return H_HANDLED;
    ov_row row = row_at(os, os->view.cur);
    const ov_row *r = &row;
    screen *next = NULL;
    switch (r->kind) {
    case R_TARGET:
        next = drill_target_new(a, &os->base, r->index);
        break;
    case R_ITEM:
        next = drill_item_new(a, &os->base, r->index);
        break;
    case R_RANK:
    case R_MATRIX:
        next = checklist_screen_new(a, r->index);
        break;
    case R_FAIL:
        next = checklist_screen_at(a, os->fails[r->index].unit, os->fails[r->index].check);
        break;
    case R_EVIDENCE:
        next = checklist_screen_at(a, os->ov.evidence.items[r->index].unit,
                                   os->ov.evidence.items[r->index].check);
        break;
    case R_UNVISITED:
        next = checklist_screen_new(a, os->ov.unvisited[r->index]);
        break;
    case R_RECT:
        next = checklist_screen_at(a, os->ov.rects.items[r->index].unit,
                                   os->ov.rects.items[r->index].r->check);
        break;
    case R_SINCE: {
        const since_entry *e = &os->ov.since.items[r->index];
        const history_entry *h = since_history(&os->ov.since, e, app_unit(a, e->unit));
        const plan_check *c = h && h->check ? plan_find_check(&a->ws->plan, h->check) : NULL;
        next = c ? checklist_screen_at(a, e->unit, c) : checklist_screen_new(a, e->unit);
        break;
    }
    default:
        break;
    }
    if (next)
        app_push(a, next);
    return H_HANDLED | H_REDRAW;
}

static unsigned since_typed(app *a, const char *text, void *ctx)
{
    overview_screen *os = ctx;
    int64_t day;
    if (!date_parse_input(text, a->today, &day)) {
        app_message(a, ROLE_ERROR, tr(M_CLI_SINCE_DATE), text);
        return H_HANDLED | H_REDRAW;
    }
    os->since = day;
    os->stale = true;
    return H_HANDLED | H_REDRAW;
}

static unsigned ask_since(app *a, overview_screen *os)
{
    char day[DATE_SIZE];
    date_format(os->since, day);
    lineedit_open(a, tr(M_TUI_ASK_SINCE), day, false, 32, since_typed, os, NULL);
    return H_HANDLED | H_REDRAW;
}

static unsigned act(app *a, screen *s, action act)
{
    overview_screen *os = self(s);
    overview_screen_data(a, s, NULL);
    if (list_key(&os->view, act, os->n_rows)) {
        if (act == ACT_TOP)
            os->view.top = 0; /* with the first part's title */
        return H_HANDLED | H_REDRAW;
    }
    switch (act) {
    case ACT_NEXT_PART:
        jump_part(os, 1);
        break;
    case ACT_PREV_PART:
        jump_part(os, -1);
        break;
    case ACT_OPEN:
        return open_row(a, os);
    case ACT_MATRIX_RIGHT:
        /* in the matrix: sideways, never opening a checklist by surprise */
        if (!cursor_in_matrix(os))
            return open_row(a, os);
        matrix_scroll(os, 1);
        break;
    case ACT_MATRIX_LEFT:
        if (!cursor_in_matrix(os) || !matrix_scroll(os, -1))
            app_pop(a);
        break;
    case ACT_SINCE:
        return ask_since(a, os);
    case ACT_BACK:
        app_pop(a);
        break;
    default:
        return 0;
    }
    return H_HANDLED | H_REDRAW;
}

/* ---- search ------------------------------------------------------------ */

static size_t rows(app *a, screen *s)
{
    overview_screen_data(a, s, NULL);
    return self(s)->n_rows;
}

static size_t current(app *a, screen *s)
{
    (void)a;
    return self(s)->view.cur;
}

static bool match(app *a, screen *s, size_t i, const char *pattern)
{
    overview_screen *os = self(s);
    ov_row row = row_at(os, i);
    const ov_row *r = &row;
    const overview *ov = &os->ov;
    lang l = i18n_lang();
    switch (r->kind) {
    case R_TARGET:
        return text_contains(text2_get(&ov->targets[r->index].ind->title, l), pattern) ||
               text_contains(ov->targets[r->index].ind->id, pattern);
    case R_ITEM:
        return text_contains(ov->items[r->index].item->id, pattern) ||
               text_contains(text2_get(&ov->items[r->index].item->title, l), pattern);
    case R_RANK:
    case R_MATRIX:
        return roster_matches(a->ws, r->index, pattern);
    case R_UNVISITED:
        return roster_matches(a->ws, ov->unvisited[r->index], pattern);
    case R_EVIDENCE:
        return roster_matches(a->ws, ov->evidence.items[r->index].unit, pattern) ||
               text_contains(ov->evidence.items[r->index].check->id, pattern) ||
               text_contains(text2_get(&ov->evidence.items[r->index].check->title, l), pattern);
    case R_FAIL: {
        const fail_ref *f = &os->fails[r->index];
        const check_state *cs = fail_state(a, f);
        return text_contains(roster_name(a->ws, f->unit), pattern) ||
               text_contains(f->check->id, pattern) ||
               text_contains(text2_get(&f->check->title, l), pattern) ||
               (cs && cs->note && text_contains(cs->note, pattern));
    }
    default:
        return false;
    }
}

static void select_row(app *a, screen *s, size_t i)
{
    (void)a;
    self(s)->view.cur = i;
}

/* ---- life -------------------------------------------------------------- */

static void unit_changed(app *a, screen *s, size_t ui)
{
    (void)a;
    (void)ui;
    self(s)->stale = true;
}

static void units_changed(app *a, screen *s)
{
    (void)a;
    self(s)->stale = true;
}

static void close_screen(app *a, screen *s)
{
    (void)a;
    overview_screen *os = self(s);
    overview_free(&os->ov);
    free(os->fails);
    free(os->rows);
    free(os);
}

static const screen_ops ops = {
    .scopes = S_OVERVIEW,
    .title = title,
    .draw = draw,
    .act = act,
    .rows = rows,
    .current = current,
    .match = match,
    .select = select_row,
    .unit_changed = unit_changed,
    .units_changed = units_changed,
    .close = close_screen,
};

static screen *overview_screen_new(app *a)
{
    overview_screen *os = xcalloc(1, sizeof *os);
    os->base.ops = &ops;
    os->view = (list_view){.selectable = row_selectable, .ctx = os};
    /* what changed since the last work meeting, when one is on record,
     * else in the last 30 days */
    os->since = a->today - 30;
    meeting_list ml;
    meetings_load(a->ws, &ml, NULL);
    if (ml.n && ml.items[ml.n - 1].date <= a->today)
        os->since = ml.items[ml.n - 1].date;
    meeting_list_free(&ml);
    recompute(a, os);
    return &os->base;
}

unsigned overview_toggle(app *a)
{
    return app_toggle_screen(a, &ops, overview_screen_new);
}
