/* The report for the terminal: plain text, columns measured in display
 * columns, every piece of data made inert before it is measured. */
#include "report/report.h"

#include "model/timestamp.h"
#include "report/format.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum { TITLE_COLS = 40, NAME_COLS = 24, ITEM_TITLE_COLS = 36, BAR_COLS = 20, CELL_COLS = 4 };

enum { GAP = 2 }; /* columns between two cells */

enum { CHECK_COLS = 27 }; /* a check id: the default plan's longest is 27 */

/* Data, made inert, cut to `cols` columns and padded to them plus GAP. */
static void cell(strbuf *out, const char *raw, int cols)
{
    char *safe = text_inert(raw ? raw : "", 0);
    char *cut = text_truncate(safe, cols);
    sb_pad(out, cut, cols + GAP);
    free(cut);
    free(safe);
}

/* Right-aligned in `cols` columns (numbers), then GAP. */
static void rcell(strbuf *out, const char *s, int cols)
{
    for (int w = text_width(s); w < cols; w++)
        sb_putc(out, ' ');
    sb_printf(out, "%s%*s", s, GAP, "");
}

static void heading(strbuf *out, const char *title)
{
    sb_printf(out, "\n%s\n", title);
    for (int i = text_width(title); i > 0; i--)
        sb_putc(out, '=');
    sb_putc(out, '\n');
}

/* A multi-line text (a note), inert, each line indented. */
static void indented(strbuf *out, const char *raw, const char *indent)
{
    char *safe = text_inert(raw, TEXT_KEEP_NEWLINE);
    sb_puts(out, indent);
    for (const char *p = safe; *p; p++) {
        sb_putc(out, *p);
        if (*p == '\n' && p[1])
            sb_puts(out, indent);
    }
    if (!*safe || safe[strlen(safe) - 1] != '\n')
        sb_putc(out, '\n');
    free(safe);
}

static void summary(const overview *ov, const char *made, strbuf *out)
{
    char *raw = report_title(ov);
    char *title = text_inert(raw, 0);
    free(raw);
    sb_printf(out, "%s\n", title);
    for (int i = text_width(title); i > 0; i--)
        sb_putc(out, '#');
    sb_putc(out, '\n');
    free(title);
    char *lines[REPORT_MAX_SUMMARY];
    size_t n = report_summary(ov, made, lines);
    for (size_t i = 0; i < n; i++) {
        indented(out, lines[i], "");
        free(lines[i]);
    }
}

static void target_row(const overview *ov, const ind_result *r, int vcols, strbuf *out)
{
    lang l = i18n_lang();
    strbuf sb = STRBUF_INIT;
    cell(out, fmt_verdict(r->verdict), vcols);
    cell(out, r->ind->item ? r->ind->item : "", CELL_COLS);
    cell(out, text2_get(&r->ind->title, l), TITLE_COLS);
    fmt_target_actual(&sb, r, l);
    cell(out, sb_str(&sb), 18);
    sb_reset(&sb);
    fmt_target_goal(&sb, r, l);
    sb_printf(out, "%s\n", sb_str(&sb));
    sb_reset(&sb);
    if (r->verdict == VERDICT_UNKNOWN) {
        sb_puts(&sb, fmt_unknown_why(r->why));
    } else if (r->verdict == VERDICT_NOT_MET) {
        report_target_laggards(ov, r, &sb);
        if (sb.len) {
            char *list = sb_steal(&sb);
            sb_printf(&sb, "%s: %s", tr(M_NOT_MEETING), list);
            free(list);
        }
    }
    if (sb.len) {
        for (int i = 0; i < vcols + CELL_COLS + 2 * GAP; i++)
            sb_putc(out, ' ');
        char *safe = text_inert(sb_str(&sb), 0);
        sb_printf(out, "%s\n", safe);
        free(safe);
    }
    sb_free(&sb);
}

static void targets(const overview *ov, strbuf *out)
{
    heading(out, tr(M_SEC_TARGETS));
    int vcols = fmt_verdict_width();
    cell(out, tr(M_COL_RESULT), vcols);
    cell(out, tr(M_COL_ITEM), CELL_COLS);
    cell(out, tr(M_SEC_TARGETS), TITLE_COLS);
    cell(out, tr(M_COL_ACTUAL), 18);
    sb_printf(out, "%s\n", tr(M_TARGET));
    for (size_t i = 0; i < ov->n_targets; i++)
        target_row(ov, &ov->targets[i], vcols, out);
}

static void progress_cells(const unit_progress *pr, strbuf *out)
{
    sb_putc(out, '[');
    fmt_bar(out, pr, BAR_COLS);
    sb_printf(out, "] %4zu/%-4zu %3d%%", pr->done, pr->applicable, progress_percent(pr));
}

static void items(const overview *ov, strbuf *out)
{
    lang l = i18n_lang();
    heading(out, tr(M_SEC_PROGRESS));
    sb_printf(out, "%s\n", tr(M_LEGEND_PROGRESS_BARS));
    for (size_t k = 0; k < ov->n_items; k++) {
        const ov_item *oi = &ov->items[k];
        cell(out, oi->item->id, CELL_COLS);
        cell(out, text2_get(&oi->item->title, l), ITEM_TITLE_COLS);
        progress_cells(&oi->total, out);
        if (oi->total.failed) {
            sb_puts(out, "  ");
            sb_printf(out, tr(M_FAILED_COUNT), oi->total.failed);
        }
        sb_putc(out, '\n');
    }
}

/* The score and grade columns: wider with the year before's beside
 * ("100.0 (-100.0)", "B->A"). */
static int score_cols(const overview *ov)
{
    return ov->assessment.has_previous ? 15 : 6;
}

static int grade_cols(const overview *ov)
{
    return ov->assessment.has_previous ? 11 : 5;
}

static void ranking_header(const overview *ov, strbuf *out)
{
    const plan *p = &ov->ws->plan;
    rcell(out, tr(M_COL_RANK), CELL_COLS);
    cell(out, tr(M_COL_NAME), NAME_COLS);
    rcell(out, tr(M_COL_SCORE), score_cols(ov));
    cell(out, tr(M_COL_GRADE), grade_cols(ov));
    for (size_t s = 0; s < p->n_sections; s++)
        cell(out, text2_get(&p->sections[s].title, i18n_lang()), 16);
    sb_printf(out, "%s  %s\n", tr(M_COL_DONE), tr(M_COL_FAILED));
}

static void ranking_row(const overview *ov, size_t index, char **names, strbuf *out)
{
    const ov_unit *ou = &ov->units[index];
    strbuf sb = STRBUF_INIT;
    if (ou->rank)
        sb_printf(&sb, "%d", ou->rank);
    else
        sb_putc(&sb, '-');
    rcell(out, sb_str(&sb), CELL_COLS);
    cell(out, names[index], NAME_COLS);
    sb_reset(&sb);
    report_score_cell(ov, index, &sb);
    rcell(out, sb.len ? sb_str(&sb) : "-", score_cols(ov));
    sb_reset(&sb);
    report_grade_cell(ov, index, "->", &sb);
    cell(out, sb_str(&sb), grade_cols(ov));
    for (size_t s = 0; s < ov->ws->plan.n_sections; s++) {
        sb_reset(&sb);
        report_section_points(ou, s, &sb);
        cell(out, sb_str(&sb), 16);
    }
    sb_printf(out, "%zu/%zu  %zu\n", ou->progress->done, ou->progress->applicable,
              ou->progress->failed);
    sb_free(&sb);
}

static void ranking(const overview *ov, const char *title, const size_t *order, size_t n,
                    const char *none, strbuf *out)
{
    heading(out, title);
    if (!n) {
        sb_printf(out, "%s\n", none);
        return;
    }
    ranking_header(ov, out);
    char **names = report_short_names(ov, NAME_COLS);
    for (size_t i = 0; i < n; i++)
        ranking_row(ov, order[i], names, out);
    report_names_free(ov, names);
}

static void failures(const overview *ov, strbuf *out)
{
    lang l = i18n_lang();
    heading(out, tr(M_SEC_FAILURES));
    if (!ov->n_failures) {
        sb_printf(out, "%s\n", tr(M_NO_FAILURES));
        return;
    }
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < ov->n_failures; i++) {
        const ov_failure *f = &ov->failures[i];
        const check_state *cs = overview_failure_state(ov, f);
        sb_reset(&sb);
        sb_printf(&sb, "%s %s (%s)  %s  %s", status_mark(STATUS_FAILED),
                  report_unit_name(ov, f->unit), ov->ws->units[f->unit].id, f->check->id,
                  text2_get(&f->check->title, l));
        indented(out, sb_str(&sb), "");
        if (cs && cs->note && *cs->note)
            indented(out, cs->note, "      ");
        if (cs && cs->updated) {
            sb_reset(&sb);
            sb_printf(&sb, "%s ", tr(M_UPDATED));
            fmt_when(&sb, cs->updated, l);
            sb_printf(&sb, " %s %s", tr(M_BY), cs->by ? cs->by : "?");
            indented(out, sb_str(&sb), "      ");
        }
    }
    sb_free(&sb);
}

/* The first line of a text (what must be fixed), for a one-line row. */
static char *first_line(const char *s)
{
    s = s ? s : "";
    return xstrndup(s, strcspn(s, "\n"));
}

/* The rows; with `stories`, each followed by its story, indented. */
static void rect_rows(const rect_section *s, bool stories, strbuf *out)
{
    cell(out, tr(M_COL_UNIT), NAME_COLS);
    cell(out, tr(M_COL_CHECK), CHECK_COLS);
    cell(out, tr(M_COL_ID), 8);
    cell(out, tr(M_COL_STATE), 8);
    cell(out, tr(M_COL_DUE), 10);
    cell(out, tr(M_COL_DAYS), 16);
    cell(out, tr(M_COL_OWNER), 16);
    sb_printf(out, "%s\n", tr(M_COL_WHAT));
    for (size_t i = 0; i < s->list->n; i++) {
        rect_row row;
        report_rect_row(s->ws, &s->list->items[i], s->list->today, &row);
        cell(out, row.unit_name, NAME_COLS);
        cell(out, row.check_id, CHECK_COLS);
        cell(out, row.id, 8);
        cell(out, row.state, 8);
        cell(out, row.due, 10);
        cell(out, row.days, 16);
        cell(out, row.owner, 16);
        char *what = first_line(row.what);
        char *safe = text_inert(what, 0);
        sb_printf(out, "%s\n", safe);
        free(safe);
        free(what);
        if (stories && *row.story)
            indented(out, row.story, "    ");
    }
}

void report_text_rect_rows(const rect_section *s, strbuf *out)
{
    rect_rows(s, false, out);
}

void report_text_rectifications(const rect_section *s, strbuf *out)
{
    heading(out, tr(M_SEC_RECTIFICATIONS));
    char *counts = report_rect_counts(s->counts);
    indented(out, counts, "");
    free(counts);
    if (!s->list->n) {
        sb_printf(out, "%s\n", tr(M_RECT_NONE_OPEN));
        return;
    }
    rect_rows(s, true, out);
}

static void rectifications(const overview *ov, strbuf *out)
{
    rect_section s = {ov->ws, &ov->rects, &ov->rect_totals};
    report_text_rectifications(&s, out);
}

static void since(const overview *ov, strbuf *out)
{
    char *title = report_since_title(&ov->since);
    heading(out, title);
    free(title);
    char *counts = report_since_counts(&ov->since);
    indented(out, counts, "");
    free(counts);
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < ov->since.n; i++) {
        const since_entry *e = &ov->since.items[i];
        const history_entry *h = report_since_entry(ov, e);
        if (!h) /* the file changed since: the entry is gone from where it was */
            continue;
        sb_reset(&sb);
        report_since_what(h, &sb);
        char day[DATE_SIZE];
        snprintf(day, sizeof day, "%.10s", h->at);
        cell(out, day, 10);
        cell(out, report_unit_name(ov, e->unit), NAME_COLS);
        cell(out, h->check ? h->check : "", CHECK_COLS);
        char *safe = text_inert(sb_str(&sb), 0);
        sb_printf(out, "%s\n", safe);
        free(safe);
    }
    sb_free(&sb);
}

static void matrix(const overview *ov, strbuf *out)
{
    heading(out, tr(M_SEC_MATRIX));
    cell(out, tr(M_COL_UNIT), NAME_COLS - GAP);
    for (size_t k = 0; k < ov->n_items; k++)
        rcell(out, ov->items[k].item->id, CELL_COLS - 1);
    sb_putc(out, '\n');
    char num[16];
    char **names = report_short_names(ov, NAME_COLS - GAP);
    for (size_t i = 0; i < ov->n_units; i++) {
        const ov_unit *ou = &ov->units[i];
        if (!ou->loaded)
            continue;
        cell(out, names[i], NAME_COLS - GAP);
        for (size_t k = 0; k < ov->n_items; k++) {
            unit_progress pr = overview_unit_item(ov, i, k);
            if (pr.applicable)
                snprintf(num, sizeof num, "%d", progress_percent(&pr));
            else
                snprintf(num, sizeof num, "-");
            rcell(out, num, CELL_COLS - 1);
        }
        sb_putc(out, '\n');
    }
    report_names_free(ov, names);
}

static void grades(const overview *ov, strbuf *out)
{
    heading(out, tr(M_SEC_GRADES));
    report_grade_table(&ov->ws->plan, out);
    sb_puts(out, "\n");
    report_score_note(&ov->ws->plan, out);
    sb_puts(out, "\n");
}

/* Padding leaves spaces at the ends of lines: cut them (from `from` on). */
static void trim_line_ends(strbuf *out, size_t from)
{
    size_t w = from;
    for (size_t r = from; r < out->len; r++) {
        if (out->data[r] == '\n')
            while (w > from && out->data[w - 1] == ' ')
                w--;
        out->data[w++] = out->data[r];
    }
    out->len = w;
    if (out->data)
        out->data[w] = '\0';
}

/* The text goes to a terminal: whatever piece of it came from a file
 * unescaped (a plan's grade or unit name in a heading), it leaves inert.
 * Cells are inert already, so this changes nothing else. */
static void finish(strbuf *out, size_t from)
{
    trim_line_ends(out, from);
    if (!out->data || !text_needs_escape(out->data + from, TEXT_KEEP_NEWLINE))
        return;
    char *safe = text_inert(out->data + from, TEXT_KEEP_NEWLINE);
    out->len = from;
    sb_puts(out, safe);
    free(safe);
}

static void lines(const char *title, char *const *text, size_t n, strbuf *out)
{
    heading(out, title);
    for (size_t i = 0; i < n; i++)
        indented(out, text[i], "");
}

void report_text(const overview *ov, const char *made, strbuf *out)
{
    static const report_ops ops = {summary, targets, items,  ranking, failures, rectifications,
                                   since,   matrix,  grades, finish,  lines,    REPORT_TEXT};
    report_compose(&ops, ov, made, out);
}
