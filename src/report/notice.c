#include "report/notice.h"

#include "model/rectify.h"
#include "model/timestamp.h"
#include "report/document.h"
#include "report/report.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* What the notice says apart from its items (texts, not yet escaped). */
typedef struct notice_text {
    const char *town;
    char *unit_line, *body, *issuer_sign, *made;
} notice_text;

static void notice_text_of(const workspace *ws, const unit *u, int64_t today, notice_text *t)
{
    lang l = i18n_lang();
    const char *town = ws->cfg.town ? ws->cfg.town : text2_get(&ws->plan.doc.issuer, l);
    char day[DATE_SIZE];
    date_format(today, day);
    t->town = town;
    t->unit_line = xasprintf(tr(M_NOTICE_UNIT), u->name, u->id);
    t->body = xasprintf(tr(M_NOTICE_BODY), u->name, text2_get(&ws->plan.doc.title, l), town);
    t->issuer_sign = xasprintf(tr(M_NOTICE_SIGN_ISSUER), town);
    t->made = xasprintf(tr(M_NOTICE_MADE), day);
}

static void notice_text_free(notice_text *t)
{
    free(t->unit_line), free(t->body), free(t->issuer_sign), free(t->made);
}

/* An item's texts: the check, the finding, the due date (with days). */
typedef struct notice_item {
    rect_row row;
    const char *finding;
    char *due;
} notice_item;

static void notice_item_of(const workspace *ws, const rect_item *it, int64_t today, notice_item *ni)
{
    report_rect_row(ws, it, today, &ni->row);
    const check_state *cs = unit_state_of(ws->units[it->unit].u, it->r->check);
    ni->finding = cs && cs->note ? cs->note : "";
    ni->due = it->overdue ? xasprintf("%s (%s)", ni->row.due, ni->row.days) : xstrdup(ni->row.due);
}

static const char style[] =
    "@page{size:A4;margin:20mm 18mm}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC','Source Han Serif SC','SimSun',"
    "'Songti SC',serif;font-size:11pt;line-height:1.6;color:#000;margin:0 auto;max-width:174mm}\n"
    "h1{font-size:20pt;text-align:center;letter-spacing:0.3em;margin:0 0 6mm}\n"
    "p.town{text-align:center;margin:0 0 4mm}\n"
    "table{border-collapse:collapse;width:100%;font-size:10pt;margin:4mm 0}\n"
    "th,td{border:0.6pt solid #000;padding:1.5mm 2mm;text-align:left;vertical-align:top}\n"
    "th{background:#eee;white-space:nowrap}thead{display:table-header-group}"
    "tr{break-inside:avoid}\n"
    "td.no{text-align:center;white-space:nowrap}td.due{min-width:22mm}\n"
    ".text{white-space:pre-wrap}.small{font-size:8.5pt;color:#333}\n"
    "div.signs{display:flex;justify-content:space-between;margin-top:14mm;break-inside:avoid}\n"
    "div.signs div{width:48%}div.signs p{margin:0 0 8mm}\n"
    "p.made{text-align:right;margin-top:8mm}\n";

static void html_cell(strbuf *out, const char *cls, const char *raw, const char *small)
{
    sb_printf(out, "<td class=\"%s\">", cls);
    report_html_escape(out, raw);
    if (small && *small) {
        sb_puts(out, "<div class=\"small\">");
        report_html_escape(out, small);
        sb_puts(out, "</div>");
    }
    sb_puts(out, "</td>");
}

static void html_items(strbuf *out, const workspace *ws, const rect_list *l)
{
    if (!l->n) {
        doc_html_p(out, NULL, tr(M_NOTICE_NONE));
        return;
    }
    const msg_id cols[] = {M_NOTICE_COL_NO, M_NOTICE_COL_CHECK, M_NOTICE_COL_FINDING,
                           M_COL_WHAT,      M_COL_OWNER,        M_NOTICE_COL_DUE};
    sb_puts(out, "<table>\n<thead><tr>");
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++) {
        sb_puts(out, "<th>");
        report_html_escape(out, tr(cols[i]));
        sb_puts(out, "</th>");
    }
    sb_puts(out, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < l->n; i++) {
        notice_item ni;
        notice_item_of(ws, &l->items[i], l->today, &ni);
        sb_printf(out, "<tr><td class=\"no\">%zu</td>", i + 1);
        html_cell(out, "text", ni.row.check_title, ni.row.check_id);
        html_cell(out, "text", ni.finding, NULL);
        html_cell(out, "text", ni.row.what, ni.row.id);
        html_cell(out, "text", ni.row.owner, NULL);
        html_cell(out, "due", ni.due, NULL);
        sb_puts(out, "</tr>\n");
        free(ni.due);
    }
    sb_puts(out, "</tbody>\n</table>\n");
}

static void notice_html(const workspace *ws, const notice_text *t, const rect_list *l, strbuf *out)
{
    doc_html_begin(out, tr(M_NOTICE_TITLE), style);
    sb_puts(out, "<h1>");
    report_html_escape(out, tr(M_NOTICE_TITLE));
    sb_puts(out, "</h1>\n");
    doc_html_p(out, "town", t->town);
    doc_html_p(out, NULL, t->unit_line);
    doc_html_p(out, NULL, t->body);
    html_items(out, ws, l);
    sb_puts(out, "<div class=\"signs\">\n<div>\n");
    doc_html_p(out, NULL, t->issuer_sign);
    doc_html_p(out, NULL, tr(M_NOTICE_SIGN_INSPECTOR));
    doc_html_p(out, NULL, tr(M_NOTICE_SIGN_DATE));
    sb_puts(out, "</div>\n<div>\n");
    doc_html_p(out, NULL, tr(M_NOTICE_SIGN_UNIT));
    doc_html_p(out, NULL, tr(M_NOTICE_SIGN_DATE));
    sb_puts(out, "</div>\n</div>\n");
    doc_html_p(out, "made", t->made);
    doc_html_end(out);
}

static void md_items(strbuf *out, const workspace *ws, const rect_list *l)
{
    if (!l->n) {
        doc_md_line(out, tr(M_NOTICE_NONE));
        return;
    }
    const msg_id cols[] = {M_NOTICE_COL_NO, M_NOTICE_COL_CHECK, M_NOTICE_COL_FINDING,
                           M_COL_WHAT,      M_COL_OWNER,        M_NOTICE_COL_DUE};
    sb_putc(out, '|');
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        report_md_table_cell(out, tr(cols[i]));
    sb_puts(out, "\n|");
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        sb_puts(out, " --- |");
    sb_putc(out, '\n');
    for (size_t i = 0; i < l->n; i++) {
        notice_item ni;
        notice_item_of(ws, &l->items[i], l->today, &ni);
        char *check = xasprintf("%s (%s)", ni.row.check_title, ni.row.check_id);
        sb_printf(out, "| %zu |", i + 1);
        report_md_table_cell(out, check);
        report_md_table_cell(out, ni.finding);
        report_md_table_cell(out, ni.row.what);
        report_md_table_cell(out, ni.row.owner);
        report_md_table_cell(out, ni.due);
        sb_putc(out, '\n');
        free(check);
        free(ni.due);
    }
    sb_putc(out, '\n');
}

static void notice_markdown(const workspace *ws, const notice_text *t, const rect_list *l,
                            strbuf *out)
{
    sb_puts(out, "# ");
    report_md_escape(out, tr(M_NOTICE_TITLE), false, "");
    sb_puts(out, "\n\n");
    doc_md_line(out, t->town);
    doc_md_line(out, t->unit_line);
    doc_md_line(out, t->body);
    md_items(out, ws, l);
    const char *signs[] = {t->issuer_sign,         tr(M_NOTICE_SIGN_INSPECTOR),
                           tr(M_NOTICE_SIGN_DATE), tr(M_NOTICE_SIGN_UNIT),
                           tr(M_NOTICE_SIGN_DATE), t->made};
    for (size_t i = 0; i < sizeof signs / sizeof *signs; i++)
        doc_md_line(out, signs[i]);
}

void notice_write(doc_format f, const workspace *ws, size_t index, int64_t today, strbuf *out)
{
    rect_list l;
    rect_list_build(&l, ws, index, RECT_ONLY_OPEN, today);
    notice_text t;
    notice_text_of(ws, ws->units[index].u, today, &t);
    if (f == DOC_HTML)
        notice_html(ws, &t, &l, out);
    else
        notice_markdown(ws, &t, &l, out);
    notice_text_free(&t);
    rect_list_free(&l);
}
