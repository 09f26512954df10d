/* The report in Markdown (CommonMark with GitHub tables).  Data is made
 * inert, then every ASCII character that Markdown could read as markup is
 * backslash-escaped, so a note can neither format, link, embed HTML nor
 * break a table. */
#include "report/report.h"

#include "report/escape.h"
#include "report/format.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void heading(strbuf *out, const char *title)
{
    sb_puts(out, "\n## ");
    report_md_escape(out, title, false, "");
    sb_puts(out, "\n\n");
}

static void summary(const overview *ov, const char *made, strbuf *out)
{
    char *title = report_title(ov);
    sb_puts(out, "# ");
    report_md_escape(out, title, false, "");
    free(title);
    sb_puts(out, "\n\n");
    char *lines[REPORT_MAX_SUMMARY];
    size_t n = report_summary(ov, made, lines);
    for (size_t i = 0; i < n; i++) {
        sb_puts(out, "- ");
        report_md_para(out, lines[i]);
        sb_putc(out, '\n');
        free(lines[i]);
    }
}

static void target_row(const overview *ov, const ind_result *r, strbuf *out)
{
    lang l = i18n_lang();
    strbuf sb = STRBUF_INIT;
    sb_putc(out, '|');
    report_md_table_cell(out, fmt_verdict(r->verdict));
    report_md_table_cell(out, r->ind->item);
    report_md_table_cell(out, text2_get(&r->ind->title, l));
    fmt_target_actual(&sb, r, l);
    report_md_table_cell(out, sb_str(&sb));
    sb_reset(&sb);
    fmt_target_goal(&sb, r, l);
    report_md_table_cell(out, sb_str(&sb));
    sb_reset(&sb);
    if (r->verdict == VERDICT_UNKNOWN)
        sb_puts(&sb, fmt_unknown_why(r->why));
    else if (r->verdict == VERDICT_NOT_MET)
        report_target_laggards(ov, r, &sb);
    report_md_table_cell(out, sb_str(&sb));
    sb_putc(out, '\n');
    sb_free(&sb);
}

static void targets(const overview *ov, strbuf *out)
{
    const char *cols[] = {tr(M_COL_RESULT), tr(M_COL_ITEM), tr(M_SEC_TARGETS),
                          tr(M_COL_ACTUAL), tr(M_TARGET),   tr(M_NOT_MEETING)};
    heading(out, tr(M_SEC_TARGETS));
    report_md_table_head(out, cols, "lllrrl", 6);
    for (size_t i = 0; i < ov->n_targets; i++)
        target_row(ov, &ov->targets[i], out);
}

static void items(const overview *ov, strbuf *out)
{
    const char *cols[] = {tr(M_COL_ITEM), tr(M_SEC_PROGRESS), tr(M_COL_PROGRESS), tr(M_COL_DONE),
                          tr(M_COL_FAILED)};
    heading(out, tr(M_SEC_PROGRESS));
    report_md_para(out, tr(M_LEGEND_PROGRESS_BARS));
    sb_puts(out, "\n\n");
    report_md_table_head(out, cols, "lllrr", 5);
    for (size_t k = 0; k < ov->n_items; k++) {
        const unit_progress *pr = &ov->items[k].total;
        sb_putc(out, '|');
        report_md_table_cell(out, ov->items[k].item->id);
        report_md_table_cell(out, text2_get(&ov->items[k].item->title, i18n_lang()));
        sb_puts(out, " `[");
        fmt_bar(out, pr, 20);
        sb_printf(out, "]` | %zu/%zu (%d%%) | %zu |\n", pr->done, pr->applicable,
                  progress_percent(pr), pr->failed);
    }
}

static void rank_rows(const overview *ov, const size_t *order, size_t n, strbuf *out)
{
    const plan *p = &ov->ws->plan;
    size_t nc = 0;
    const char **cols = xcalloc(p->n_sections + 6, sizeof *cols);
    char *align = xcalloc(p->n_sections + 7, 1);
    cols[nc++] = tr(M_COL_RANK);
    cols[nc++] = tr(M_COL_NAME);
    cols[nc++] = tr(M_COL_SCORE);
    cols[nc++] = tr(M_COL_GRADE);
    for (size_t s = 0; s < p->n_sections; s++)
        cols[nc++] = text2_get(&p->sections[s].title, i18n_lang());
    cols[nc++] = tr(M_COL_DONE);
    cols[nc++] = tr(M_COL_FAILED);
    memset(align, 'r', nc);
    align[1] = align[3] = 'l';
    report_md_table_head(out, cols, align, nc);
    free(cols);
    free(align);
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const ov_unit *ou = &ov->units[order[i]];
        sb_reset(&sb);
        if (ou->rank)
            sb_printf(&sb, "%d", ou->rank);
        sb_putc(out, '|');
        report_md_table_cell(out, sb_str(&sb));
        report_md_table_cell(out, report_unit_name(ov, order[i]));
        sb_reset(&sb);
        report_score_cell(ov, order[i], &sb);
        report_md_table_cell(out, sb_str(&sb));
        sb_reset(&sb);
        report_grade_cell(ov, order[i], "→", &sb);
        report_md_table_cell(out, sb_str(&sb));
        for (size_t s = 0; s < p->n_sections; s++) {
            sb_reset(&sb);
            report_section_points(ou, s, &sb);
            report_md_table_cell(out, sb_str(&sb));
        }
        sb_printf(out, " %zu/%zu | %zu |\n", ou->progress->done, ou->progress->applicable,
                  ou->progress->failed);
    }
    sb_free(&sb);
}

static void ranking(const overview *ov, const char *title, const size_t *order, size_t n,
                    const char *none, strbuf *out)
{
    heading(out, title);
    if (!n) {
        report_md_para(out, none);
        sb_putc(out, '\n');
        return;
    }
    rank_rows(ov, order, n, out);
}

static void failures(const overview *ov, strbuf *out)
{
    lang l = i18n_lang();
    heading(out, tr(M_SEC_FAILURES));
    if (!ov->n_failures) {
        report_md_para(out, tr(M_NO_FAILURES));
        sb_putc(out, '\n');
        return;
    }
    for (size_t i = 0; i < ov->n_failures; i++) {
        const check_state *cs = overview_failure_state(ov, &ov->failures[i]);
        const plan_check *pc = ov->failures[i].check;
        size_t u = ov->failures[i].unit;
        sb_puts(out, "- **");
        report_md_escape(out, report_unit_name(ov, u), false, "");
        sb_puts(out, "** (");
        report_md_escape(out, ov->ws->units[u].id, false, "");
        sb_puts(out, ") ");
        report_md_escape(out, pc->id, false, "");
        sb_putc(out, ' ');
        report_md_escape(out, text2_get(&pc->title, l), false, "");
        if (cs && cs->note && *cs->note) {
            sb_puts(out, "\\\n  ");
            report_md_escape(out, cs->note, true, "  ");
        }
        if (cs && cs->updated) {
            strbuf when = STRBUF_INIT;
            fmt_when(&when, cs->updated, l);
            sb_printf(out, "\\\n  *%s ", tr(M_UPDATED));
            report_md_escape(out, sb_str(&when), false, "");
            sb_free(&when);
            sb_printf(out, " %s ", tr(M_BY));
            report_md_escape(out, cs->by ? cs->by : "?", false, "");
            sb_putc(out, '*');
        }
        sb_putc(out, '\n');
    }
}

static void matrix(const overview *ov, strbuf *out)
{
    heading(out, tr(M_SEC_MATRIX));
    sb_puts(out, "| ");
    report_md_escape(out, tr(M_COL_UNIT), false, "");
    sb_puts(out, " |");
    for (size_t k = 0; k < ov->n_items; k++) {
        sb_putc(out, ' ');
        report_md_escape(out, ov->items[k].item->id, false, "");
        sb_puts(out, " |");
    }
    sb_puts(out, "\n| --- |");
    for (size_t k = 0; k < ov->n_items; k++)
        sb_puts(out, " ---: |");
    sb_putc(out, '\n');
    for (size_t i = 0; i < ov->n_units; i++) {
        const ov_unit *ou = &ov->units[i];
        if (!ou->loaded)
            continue;
        sb_putc(out, '|');
        report_md_table_cell(out, report_unit_name(ov, i));
        for (size_t k = 0; k < ov->n_items; k++) {
            unit_progress pr = overview_unit_item(ov, i, k);
            if (pr.applicable)
                sb_printf(out, " %d |", progress_percent(&pr));
            else
                sb_puts(out, " - |");
        }
        sb_putc(out, '\n');
    }
}

static void grades(const overview *ov, strbuf *out)
{
    heading(out, tr(M_SEC_GRADES));
    strbuf sb = STRBUF_INIT;
    report_grade_table(&ov->ws->plan, &sb);
    report_md_para(out, sb_str(&sb));
    sb_puts(out, "\n\n");
    sb_reset(&sb);
    report_score_note(&ov->ws->plan, &sb);
    report_md_para(out, sb_str(&sb));
    sb_putc(out, '\n');
    sb_free(&sb);
}

void report_markdown_rectifications(const rect_section *s, strbuf *out)
{
    heading(out, tr(M_SEC_RECTIFICATIONS));
    char *counts = report_rect_counts(s->counts);
    report_md_para(out, counts);
    sb_puts(out, "\n\n");
    free(counts);
    if (!s->list->n) {
        report_md_para(out, tr(M_RECT_NONE_OPEN));
        sb_putc(out, '\n');
        return;
    }
    const char *cols[] = {tr(M_COL_UNIT), tr(M_COL_CHECK), tr(M_COL_ID),    tr(M_COL_STATE),
                          tr(M_COL_DUE),  tr(M_COL_DAYS),  tr(M_COL_OWNER), tr(M_COL_WHAT)};
    report_md_table_head(out, cols, "llllllll", 8);
    for (size_t i = 0; i < s->list->n; i++) {
        rect_row row;
        report_rect_row(s->ws, &s->list->items[i], s->list->today, &row);
        sb_putc(out, '|');
        report_md_table_cell(out, row.unit_name);
        report_md_table_cell(out, row.check_id);
        report_md_table_cell(out, row.id);
        report_md_table_cell(out, row.state);
        report_md_table_cell(out, row.due);
        report_md_table_cell(out, row.days);
        report_md_table_cell(out, row.owner);
        char *what = xasprintf("%s (%s)", row.what ? row.what : "", row.story);
        report_md_table_cell(out, *row.story ? what : row.what);
        free(what);
        sb_putc(out, '\n');
    }
}

static void rectifications(const overview *ov, strbuf *out)
{
    rect_section s = {ov->ws, &ov->rects, &ov->rect_totals};
    report_markdown_rectifications(&s, out);
}

static void since(const overview *ov, strbuf *out)
{
    char *title = report_since_title(&ov->since);
    heading(out, title);
    free(title);
    char *counts = report_since_counts(&ov->since);
    report_md_para(out, counts);
    sb_puts(out, "\n\n");
    free(counts);
    if (!ov->since.n)
        return;
    const char *cols[] = {tr(M_COL_WHEN), tr(M_COL_UNIT), tr(M_COL_CHECK), tr(M_COL_CHANGE)};
    report_md_table_head(out, cols, "llll", 4);
    strbuf sb = STRBUF_INIT, when = STRBUF_INIT;
    for (size_t i = 0; i < ov->since.n; i++) {
        const since_entry *e = &ov->since.items[i];
        const history_entry *h = report_since_entry(ov, e);
        if (!h) /* the file changed since: the entry is gone from where it was */
            continue;
        sb_reset(&sb);
        sb_reset(&when);
        report_since_what(h, &sb);
        fmt_when(&when, h->at, i18n_lang());
        sb_putc(out, '|');
        report_md_table_cell(out, sb_str(&when));
        report_md_table_cell(out, report_unit_name(ov, e->unit));
        report_md_table_cell(out, h->check ? h->check : "");
        report_md_table_cell(out, sb_str(&sb));
        sb_putc(out, '\n');
    }
    sb_free(&sb);
    sb_free(&when);
}

static void end(strbuf *out, size_t start) {}

static void lines(const char *title, char *const *text, size_t n, strbuf *out)
{
    heading(out, title);
    for (size_t i = 0; i < n; i++) {
        sb_puts(out, "- ");
        report_md_para(out, text[i]);
        sb_putc(out, '\n');
    }
}

void report_markdown(const overview *ov, const char *made, strbuf *out)
{
    static const report_ops ops = {summary, targets, items,  ranking, failures, rectifications,
                                   since,   matrix,  grades, end,     lines,    REPORT_MARKDOWN};
    report_compose(&ops, ov, made, out);
}
