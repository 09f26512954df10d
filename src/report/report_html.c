/* The report as one self-contained HTML file: no script, no external
 * asset (styles inline, charts as inline SVG), laid out for A4 paper.
 * Every piece of data passes through report_html_escape() — made inert, then escaped —
 * and data never goes into an attribute; attributes carry only numbers
 * and class names chosen here. */
#include "report/report.h"

#include "report/escape.h"
#include "report/format.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* <tag class="cls">data</tag> */
static void element(strbuf *out, const char *tag, const char *cls, const char *raw)
{
    if (cls)
        sb_printf(out, "<%s class=\"%s\">", tag, cls);
    else
        sb_printf(out, "<%s>", tag);
    report_html_escape(out, raw);
    sb_printf(out, "</%s>", tag);
}

const char report_html_style[] =
    "@page{size:A4;margin:14mm 12mm}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','PingFang SC',"
    "'Microsoft YaHei',sans-serif;font-size:10pt;line-height:1.4;color:#111;margin:0 auto;"
    "max-width:190mm;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "h1{font-size:16pt;margin:0 0 2mm}h2{font-size:12.5pt;margin:6mm 0 2mm;"
    "border-bottom:1.5pt solid #333;break-after:avoid}\n"
    "section{break-inside:auto}\n"
    "ul.summary{margin:0;padding-left:5mm}\n"
    "table{border-collapse:collapse;width:100%;font-size:9pt}\n"
    "th,td{border:0.5pt solid #999;padding:1mm 1.5mm;text-align:left;vertical-align:top}\n"
    "th{background:#eee}thead{display:table-header-group}tr{break-inside:avoid}\n"
    "td.num,th.num{text-align:right;white-space:nowrap}\n"
    ".met{color:#1b5e20;font-weight:bold}.notmet{color:#b71c1c;font-weight:bold}"
    ".unknown{color:#555;font-style:italic}\n"
    "td.met,td.notmet,td.unknown,td.id,th{white-space:nowrap}\n"
    "td.note{width:45%}.small{font-size:7.5pt;color:#333}.nowrap{white-space:nowrap}\n"
    ".why{font-size:8pt;color:#333}\n"
    "svg.bar{width:32mm;height:3.2mm;vertical-align:middle}\n"
    "svg.bar .rest{fill:#e0e0e0}svg.bar .done{fill:#1b5e20}svg.bar .doing{fill:#9ccc65}\n"
    "svg.bar .a-met{fill:#1b5e20}svg.bar .a-notmet{fill:#b71c1c}svg.bar .a-unknown{fill:#9e9e9e}"
    "svg.bar .mark{stroke:#000;stroke-width:1.2}\n"
    ".grade-then{color:#555}"
    ".grade{display:inline-block;min-width:6mm;text-align:center;font-weight:bold;"
    "border:0.8pt solid #333;border-radius:1mm}\n"
    ".g0{background:#c8e6c9}.g1{background:#e6ee9c}.g2{background:#ffe0b2}.g3{background:#ffcdd2}\n"
    ".note{white-space:pre-wrap}\n"
    "table.matrix{font-size:7.5pt}table.matrix td{text-align:right;padding:0.5mm 1mm}\n"
    "table.matrix td:first-child{text-align:left}\n"
    "p.legend{font-size:9pt}\n";

/* A progress bar: done, doing and the rest, on a 0-100 scale. */
static void progress_svg(strbuf *out, const unit_progress *pr)
{
    double done = 0, doing = 0;
    if (pr->applicable) {
        done = 100.0 * (double)pr->done / (double)pr->applicable;
        doing = 100.0 * (double)pr->doing / (double)pr->applicable;
    }
    sb_printf(out,
              "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" "
              "role=\"img\"><rect class=\"rest\" width=\"100\" height=\"10\"/>"
              "<rect class=\"done\" width=\"%.2f\" height=\"10\"/>"
              "<rect class=\"doing\" x=\"%.2f\" width=\"%.2f\" height=\"10\"/></svg>",
              done, done, doing);
}

static const char *verdict_class(ind_verdict v)
{
    static const char *const cls[] = {"met", "notmet", "unknown"};
    return cls[v];
}

/* Actual against target: a bar for the figure, a mark at each end of the
 * target (or at the value compared against). */
static void target_svg(strbuf *out, const ind_result *r)
{
    const plan_indicator *ind = r->ind;
    double marks[2];
    int n_marks = 0;
    if (ind->type == IND_COMPARE && r->has_reference)
        marks[n_marks++] = r->reference;
    if (ind->type != IND_COMPARE && ind->target.has_min)
        marks[n_marks++] = ind->target.min;
    if (ind->type != IND_COMPARE && ind->target.has_max)
        marks[n_marks++] = ind->target.max;
    double scale = ind->type == IND_RATE ? 100 : 0;
    if (scale == 0) {
        scale = r->has_actual ? r->actual : 0;
        for (int i = 0; i < n_marks; i++)
            if (marks[i] > scale)
                scale = marks[i];
        scale *= 1.2;
    }
    if (scale <= 0)
        scale = 1;
    double w = r->has_actual && r->actual > 0 ? 100.0 * r->actual / scale : 0;
    sb_printf(out,
              "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" "
              "role=\"img\"><rect class=\"rest\" width=\"100\" height=\"10\"/>"
              "<rect class=\"a-%s\" y=\"2\" width=\"%.2f\" height=\"6\"/>",
              verdict_class(r->verdict), w > 100 ? 100 : w);
    for (int i = 0; i < n_marks; i++) {
        double x = 100.0 * marks[i] / scale;
        x = x < 0.6 ? 0.6 : x > 99.4 ? 99.4 : x;
        sb_printf(out, "<line class=\"mark\" x1=\"%.2f\" x2=\"%.2f\" y1=\"0\" y2=\"10\"/>", x, x);
    }
    sb_puts(out, "</svg>");
}

static void head(const overview *ov, strbuf *out)
{
    lang l = i18n_lang();
    sb_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
              l == LANG_ZH ? "zh-CN" : "en");
    sb_puts(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    char *title = report_title(ov);
    element(out, "title", NULL, title);
    free(title);
    sb_printf(out, "\n<style>\n%s</style>\n</head>\n<body>\n", report_html_style);
}

static void summary(const overview *ov, const char *made, strbuf *out)
{
    sb_puts(out, "<header>\n");
    char *title = report_title(ov);
    element(out, "h1", NULL, title);
    free(title);
    sb_puts(out, "\n<ul class=\"summary\">\n");
    char *lines[REPORT_MAX_SUMMARY];
    size_t n = report_summary(ov, made, lines);
    for (size_t i = 0; i < n; i++) {
        element(out, "li", NULL, lines[i]);
        sb_putc(out, '\n');
        free(lines[i]);
    }
    sb_puts(out, "</ul>\n</header>\n");
}

static void section_begin(strbuf *out, const char *title)
{
    sb_puts(out, "<section>\n");
    element(out, "h2", NULL, title);
    sb_putc(out, '\n');
}

/* <thead> from column titles; align[i] 'r' marks a numeric column. */
static void thead(strbuf *out, const char *const *cols, const char *align, size_t n)
{
    sb_puts(out, "<table>\n<thead><tr>");
    for (size_t i = 0; i < n; i++)
        element(out, "th", align[i] == 'r' ? "num" : NULL, cols[i]);
    sb_puts(out, "</tr></thead>\n<tbody>\n");
}

static void targets(const overview *ov, strbuf *out)
{
    lang l = i18n_lang();
    section_begin(out, tr(M_SEC_TARGETS));
    const char *cols[] = {tr(M_COL_RESULT), tr(M_COL_ITEM), tr(M_SEC_TARGETS),
                          tr(M_COL_ACTUAL), tr(M_TARGET),   "",
                          tr(M_NOT_MEETING)};
    thead(out, cols, "lllrrll", 7);
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < ov->n_targets; i++) {
        const ind_result *r = &ov->targets[i];
        sb_puts(out, "<tr>");
        element(out, "td", verdict_class(r->verdict), fmt_verdict(r->verdict));
        element(out, "td", "id", r->ind->item);
        element(out, "td", NULL, text2_get(&r->ind->title, l));
        sb_reset(&sb);
        fmt_target_actual(&sb, r, l);
        element(out, "td", "num", sb_str(&sb));
        sb_reset(&sb);
        fmt_target_goal(&sb, r, l);
        element(out, "td", "num", sb_str(&sb));
        sb_puts(out, "<td>");
        target_svg(out, r);
        sb_puts(out, "</td>");
        sb_reset(&sb);
        if (r->verdict == VERDICT_UNKNOWN)
            sb_puts(&sb, fmt_unknown_why(r->why));
        else if (r->verdict == VERDICT_NOT_MET)
            report_target_laggards(ov, r, &sb);
        element(out, "td", "why", sb_str(&sb));
        sb_puts(out, "</tr>\n");
    }
    sb_free(&sb);
    sb_puts(out, "</tbody>\n</table>\n");
    element(out, "p", "legend", tr(M_LEGEND_TARGET_BARS));
    sb_puts(out, "\n</section>\n");
}

static void items(const overview *ov, strbuf *out)
{
    section_begin(out, tr(M_SEC_PROGRESS));
    const char *cols[] = {tr(M_COL_ITEM), tr(M_SEC_PROGRESS), tr(M_COL_PROGRESS), tr(M_COL_DONE),
                          tr(M_COL_FAILED)};
    thead(out, cols, "lllrr", 5);
    for (size_t k = 0; k < ov->n_items; k++) {
        const unit_progress *pr = &ov->items[k].total;
        sb_puts(out, "<tr>");
        element(out, "td", "id", ov->items[k].item->id);
        element(out, "td", NULL, text2_get(&ov->items[k].item->title, i18n_lang()));
        sb_puts(out, "<td>");
        progress_svg(out, pr);
        sb_printf(out,
                  "</td><td class=\"num\">%zu/%zu (%d%%)</td><td class=\"num\">%zu</td></tr>\n",
                  pr->done, pr->applicable, progress_percent(pr), pr->failed);
    }
    sb_puts(out, "</tbody>\n</table>\n");
    element(out, "p", "legend", tr(M_LEGEND_PROGRESS_BARS));
    sb_puts(out, "\n</section>\n");
}

/* The colour of a grade: the plan's first grades g0, g1, g2 (the middle
 * ones of a longer table share g2), its lowest — the units that lag — g3. */
static int grade_class(const plan *p, const char *grade)
{
    for (size_t i = 0; i < p->n_grades; i++)
        if (strcmp(p->grades[i].grade, grade) == 0) {
            if (i > 0 && i + 1 == p->n_grades)
                return 3;
            return i < 2 ? (int)i : 2;
        }
    return 3;
}

static void rank_row(const overview *ov, size_t index, strbuf *out)
{
    const plan *p = &ov->ws->plan;
    const ov_unit *ou = &ov->units[index];
    sb_puts(out, "<tr><td class=\"num\">");
    if (ou->rank)
        sb_printf(out, "%d", ou->rank);
    sb_puts(out, "</td>");
    element(out, "td", NULL, report_unit_name(ov, index));
    strbuf sb = STRBUF_INIT;
    report_score_cell(ov, index, &sb);
    element(out, "td", "num", sb_str(&sb));
    sb_puts(out, "<td>");
    if (report_grade_changed(ov, index)) {
        sb_reset(&sb);
        sb_printf(&sb, "%s→", ou->grade_then);
        element(out, "span", "grade-then", sb_str(&sb));
    }
    if (ou->score.scored) {
        char cls[16];
        snprintf(cls, sizeof cls, "grade g%d", grade_class(p, ou->score.grade));
        element(out, "span", cls, ou->score.grade);
    }
    sb_puts(out, "</td>");
    for (size_t s = 0; s < p->n_sections; s++) {
        sb_reset(&sb);
        report_section_points(ou, s, &sb);
        element(out, "td", "num", sb_str(&sb));
    }
    sb_puts(out, "<td>");
    progress_svg(out, ou->progress);
    sb_printf(out, " %zu/%zu</td><td class=\"num\">%zu</td></tr>\n", ou->progress->done,
              ou->progress->applicable, ou->progress->failed);
    sb_free(&sb);
}

static void ranking(const overview *ov, const char *title, const size_t *order, size_t n,
                    const char *none, strbuf *out)
{
    const plan *p = &ov->ws->plan;
    section_begin(out, title);
    if (!n) {
        element(out, "p", NULL, none);
        sb_puts(out, "\n</section>\n");
        return;
    }
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
    align[1] = align[3] = align[nc - 2] = 'l';
    thead(out, cols, align, nc);
    free(cols);
    free(align);
    for (size_t i = 0; i < n; i++)
        rank_row(ov, order[i], out);
    sb_puts(out, "</tbody>\n</table>\n</section>\n");
}

static void failures(const overview *ov, strbuf *out)
{
    lang l = i18n_lang();
    section_begin(out, tr(M_SEC_FAILURES));
    if (!ov->n_failures) {
        element(out, "p", NULL, tr(M_NO_FAILURES));
        sb_puts(out, "\n</section>\n");
        return;
    }
    const char *cols[] = {tr(M_COL_UNIT), tr(M_COL_CHECK), tr(M_NOTE), tr(M_UPDATED)};
    thead(out, cols, "llll", 4);
    for (size_t i = 0; i < ov->n_failures; i++) {
        const check_state *cs = overview_failure_state(ov, &ov->failures[i]);
        const plan_check *pc = ov->failures[i].check;
        sb_puts(out, "<tr><td>");
        report_html_escape(out, report_unit_name(ov, ov->failures[i].unit));
        element(out, "div", "small", ov->ws->units[ov->failures[i].unit].id);
        sb_puts(out, "</td><td>");
        report_html_escape(out, text2_get(&pc->title, l));
        element(out, "div", "small", pc->id);
        sb_puts(out, "</td>");
        element(out, "td", "note", cs ? cs->note : NULL);
        sb_puts(out, "<td class=\"small\">");
        if (cs && cs->updated) {
            strbuf when = STRBUF_INIT;
            fmt_when(&when, cs->updated, l);
            element(out, "div", "nowrap", sb_str(&when));
            sb_free(&when);
            sb_printf(out, "%s ", tr(M_BY));
            report_html_escape(out, cs->by ? cs->by : "?");
        }
        sb_puts(out, "</td></tr>\n");
    }
    sb_puts(out, "</tbody>\n</table>\n</section>\n");
}

void report_html_rectifications(const rect_section *s, strbuf *out)
{
    section_begin(out, tr(M_SEC_RECTIFICATIONS));
    char *counts = report_rect_counts(s->counts);
    element(out, "p", NULL, counts);
    free(counts);
    if (!s->list->n) {
        element(out, "p", NULL, tr(M_RECT_NONE_OPEN));
        sb_puts(out, "\n</section>\n");
        return;
    }
    const char *cols[] = {tr(M_COL_UNIT), tr(M_COL_CHECK), tr(M_COL_STATE),
                          tr(M_COL_DUE),  tr(M_COL_OWNER), tr(M_COL_WHAT)};
    thead(out, cols, "llllll", 6);
    for (size_t i = 0; i < s->list->n; i++) {
        const rect_item *it = &s->list->items[i];
        rect_row row;
        report_rect_row(s->ws, it, s->list->today, &row);
        sb_puts(out, "<tr><td>");
        report_html_escape(out, row.unit_name);
        element(out, "div", "small", row.unit_id);
        sb_puts(out, "</td><td>");
        report_html_escape(out, row.check_title);
        element(out, "div", "small", row.check_id);
        sb_puts(out, "</td><td class=\"nowrap\">");
        report_html_escape(out, row.state);
        element(out, "div", "small", row.id);
        sb_puts(out, "</td><td class=\"nowrap\">");
        report_html_escape(out, row.due);
        element(out, "div", it->overdue ? "notmet" : "small", row.days);
        sb_puts(out, "</td>");
        element(out, "td", NULL, row.owner);
        sb_puts(out, "<td>");
        element(out, "div", "note", row.what);
        element(out, "div", "small", row.story);
        sb_puts(out, "</td></tr>\n");
    }
    sb_puts(out, "</tbody>\n</table>\n</section>\n");
}

static void rectifications(const overview *ov, strbuf *out)
{
    rect_section s = {ov->ws, &ov->rects, &ov->rect_totals};
    report_html_rectifications(&s, out);
}

static void since(const overview *ov, strbuf *out)
{
    char *title = report_since_title(&ov->since);
    section_begin(out, title);
    free(title);
    char *counts = report_since_counts(&ov->since);
    element(out, "p", NULL, counts);
    free(counts);
    if (ov->since.n) {
        const char *cols[] = {tr(M_COL_WHEN), tr(M_COL_UNIT), tr(M_COL_CHECK), tr(M_COL_CHANGE)};
        thead(out, cols, "llll", 4);
        strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < ov->since.n; i++) {
            const since_entry *e = &ov->since.items[i];
            const history_entry *h = report_since_entry(ov, e);
            if (!h) /* the file changed since: the entry is gone from where it was */
                continue;
            sb_reset(&sb);
            fmt_when(&sb, h->at, i18n_lang());
            sb_puts(out, "<tr>");
            element(out, "td", "nowrap small", sb_str(&sb));
            sb_reset(&sb);
            report_since_what(h, &sb);
            element(out, "td", NULL, report_unit_name(ov, e->unit));
            element(out, "td", "id", h->check ? h->check : "");
            element(out, "td", NULL, sb_str(&sb));
            sb_puts(out, "</tr>\n");
        }
        sb_free(&sb);
        sb_puts(out, "</tbody>\n</table>\n");
    }
    sb_puts(out, "</section>\n");
}

static void matrix(const overview *ov, strbuf *out)
{
    section_begin(out, tr(M_SEC_MATRIX));
    sb_puts(out, "<table class=\"matrix\">\n<thead><tr>");
    element(out, "th", NULL, tr(M_COL_UNIT));
    for (size_t k = 0; k < ov->n_items; k++)
        element(out, "th", "num", ov->items[k].item->id);
    sb_puts(out, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < ov->n_units; i++) {
        const ov_unit *ou = &ov->units[i];
        if (!ou->loaded)
            continue;
        sb_puts(out, "<tr>");
        element(out, "td", NULL, report_unit_name(ov, i));
        for (size_t k = 0; k < ov->n_items; k++) {
            unit_progress pr = overview_unit_item(ov, i, k);
            if (!pr.applicable) {
                sb_puts(out, "<td>-</td>");
                continue;
            }
            int pct = progress_percent(&pr);
            sb_printf(out, "<td style=\"background:rgba(27,94,32,%.2f)\">%d</td>",
                      0.55 * pct / 100.0, pct);
        }
        sb_puts(out, "</tr>\n");
    }
    sb_puts(out, "</tbody>\n</table>\n</section>\n");
}

static void grades(const overview *ov, strbuf *out)
{
    section_begin(out, tr(M_SEC_GRADES));
    strbuf sb = STRBUF_INIT;
    report_grade_table(&ov->ws->plan, &sb);
    element(out, "p", "legend", sb_str(&sb));
    sb_reset(&sb);
    report_score_note(&ov->ws->plan, &sb);
    element(out, "p", "legend", sb_str(&sb));
    sb_free(&sb);
    sb_puts(out, "\n</section>\n");
}

static void begin(const overview *ov, const char *made, strbuf *out)
{
    head(ov, out);
    summary(ov, made, out);
}

static void end(strbuf *out, size_t start)
{
    sb_puts(out, "</body>\n</html>\n");
}

static void lines(const char *title, char *const *text, size_t n, strbuf *out)
{
    section_begin(out, title);
    sb_puts(out, "<ul>\n");
    for (size_t i = 0; i < n; i++) {
        element(out, "li", NULL, text[i]);
        sb_putc(out, '\n');
    }
    sb_puts(out, "</ul>\n</section>\n");
}

void report_html(const overview *ov, const char *made, strbuf *out)
{
    static const report_ops ops = {begin, targets, items,  ranking, failures, rectifications,
                                   since, matrix,  grades, end,     lines,    REPORT_HTML};
    report_compose(&ops, ov, made, out);
}
