#include "report/doc.h"

#include "report/escape.h"
#include "report/texttable.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

void doc_init(document *d)
{
    memset(d, 0, sizeof *d);
    d->lang = "en";
}

void doc_free(document *d)
{
    for (size_t i = 0; i < d->n; i++) {
        doc_block *b = &d->blocks[i];
        free(b->text);
        free(b->label);
        free(b->align);
        for (size_t c = 0; c < b->n_cells; c++)
            free(b->cells[c].text);
        free(b->cells);
    }
    free(d->blocks);
    memset(d, 0, sizeof *d);
}

static doc_block *new_block(document *d, doc_kind kind)
{
    d->blocks = xgrow(d->blocks, &d->cap, d->n + 1, sizeof *d->blocks);
    doc_block *b = &d->blocks[d->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

void doc_add(document *d, doc_kind kind, const char *text, bool strong)
{
    doc_block *b = new_block(d, kind);
    b->text = xstrdup(text ? text : "");
    b->strong = strong;
}

void doc_note(document *d, const char *label, const char *text)
{
    doc_block *b = new_block(d, DOC_NOTE);
    b->label = xstrdup(label);
    b->text = xstrndup(text, unit_note_len(text));
}

void doc_table(document *d, size_t n_cols, const char *align)
{
    doc_block *b = new_block(d, DOC_TABLE);
    b->n_cols = n_cols;
    b->align = xstrdup(align);
}

void doc_cell_add(document *d, const char *text, bool strong)
{
    doc_block *b = &d->blocks[d->n - 1];
    b->cells = xgrow(b->cells, &b->cap_cells, b->n_cells + 1, sizeof *b->cells);
    b->cells[b->n_cells++] = (doc_cell){xstrdup(text ? text : ""), strong};
}

static const char *title_of(const document *d)
{
    return d->n && d->blocks[0].kind == DOC_TITLE ? d->blocks[0].text : "";
}

static bool list_ends(const document *d, size_t i)
{
    return i + 1 == d->n || d->blocks[i + 1].kind != DOC_ITEM;
}

/* ---- text --------------------------------------------------------------- */

static void text_line(strbuf *out, const char *indent, const char *raw, char underline)
{
    char *safe = text_inert(raw, 0);
    sb_printf(out, "%s%s\n", indent, safe);
    for (int w = underline ? text_width(safe) : 0; w > 0; w--)
        sb_putc(out, underline);
    if (underline)
        sb_putc(out, '\n');
    free(safe);
}

static void write_text_table(const doc_block *b, strbuf *out)
{
    text_table t;
    tt_init(&t, b->n_cols, NULL);
    for (size_t c = 0; c < b->n_cells; c++)
        tt_cell(&t, b->cells[c].text);
    tt_write(&t, out);
    tt_free(&t);
}

static void text_block(const doc_block *b, strbuf *out)
{
    switch (b->kind) {
    case DOC_TITLE:
        text_line(out, "", b->text, '=');
        break;
    case DOC_HEADING:
        sb_putc(out, '\n');
        text_line(out, "", b->text, '=');
        break;
    case DOC_SUBHEAD:
        sb_putc(out, '\n');
        text_line(out, "", b->text, 0);
        break;
    case DOC_ENTRY:
        text_line(out, "  ", b->text, 0);
        break;
    case DOC_PARA:
        text_line(out, "    ", b->text, 0);
        break;
    case DOC_NOTE: {
        text_line(out, "    ", b->label, 0);
        char *safe = text_inert(b->text, TEXT_KEEP_NEWLINE);
        for (char *line = safe, *next; line; line = next) {
            next = strchr(line, '\n');
            if (next)
                *next++ = '\0';
            sb_printf(out, "      %s\n", line);
        }
        free(safe);
        break;
    }
    case DOC_ITEM:
        text_line(out, "      - ", b->text, 0);
        break;
    case DOC_TABLE:
        write_text_table(b, out);
        break;
    }
}

/* ---- Markdown ----------------------------------------------------------- */

/* A paragraph starts a line (what would open a block is escaped); a
 * table's cell does not ("-" stays "-"). */
static void md_strong(strbuf *out, const char *raw, bool strong, bool cell)
{
    sb_puts(out, strong ? "**" : "");
    if (cell)
        report_md_escape(out, raw, false, "");
    else
        report_md_para(out, raw);
    sb_puts(out, strong ? "**" : "");
}

static void md_table(const doc_block *b, strbuf *out)
{
    const char **head = xcalloc(b->n_cols, sizeof *head);
    for (size_t c = 0; c < b->n_cols && c < b->n_cells; c++)
        head[c] = b->cells[c].text;
    report_md_table_head(out, head, b->align, b->n_cols);
    free(head);
    for (size_t c = b->n_cols; c < b->n_cells; c++) {
        if (c % b->n_cols == 0)
            sb_putc(out, '|');
        sb_putc(out, ' ');
        md_strong(out, b->cells[c].text, b->cells[c].strong, true);
        sb_puts(out, " |");
        if (c % b->n_cols == b->n_cols - 1)
            sb_putc(out, '\n');
    }
    sb_putc(out, '\n');
}

static void md_block(const document *d, size_t i, strbuf *out)
{
    static const char *const marks[] = {
        [DOC_TITLE] = "# ", [DOC_HEADING] = "## ", [DOC_SUBHEAD] = "### ", [DOC_ENTRY] = "#### "};
    const doc_block *b = &d->blocks[i];
    switch (b->kind) {
    case DOC_TITLE:
    case DOC_HEADING:
    case DOC_SUBHEAD:
    case DOC_ENTRY:
        sb_puts(out, marks[b->kind]);
        report_md_escape(out, b->text, false, "");
        sb_puts(out, "\n\n");
        break;
    case DOC_PARA:
        md_strong(out, b->text, b->strong, false);
        sb_puts(out, "\n\n");
        break;
    case DOC_NOTE:
        md_strong(out, b->label, true, false);
        sb_puts(out, "\\\n");
        report_md_escape(out, b->text, true, "");
        sb_puts(out, "\n\n");
        break;
    case DOC_ITEM:
        sb_puts(out, "- ");
        md_strong(out, b->text, b->strong, false);
        sb_puts(out, list_ends(d, i) ? "\n\n" : "\n");
        break;
    case DOC_TABLE:
        md_table(b, out);
        break;
    }
}

/* ---- HTML --------------------------------------------------------------- */

/* What the ledger needs besides report_html_style. */
static const char doc_style[] =
    "h3{font-size:11pt;margin:5mm 0 1mm;break-after:avoid}\n"
    "h4{font-size:10pt;margin:3mm 0 0.5mm;break-after:avoid}\n"
    "p.alert,p{margin:0.5mm 0 0.5mm 4mm}ul{margin:0.5mm 0 0.5mm 4mm;padding-left:5mm}\n"
    "div.note{margin:0.5mm 0 0.5mm 4mm}div.note b{display:block}\n"
    ".alert{color:#b71c1c;font-weight:bold}td.cell{white-space:pre-wrap}\n";

static void html_element(strbuf *out, const char *tag, const char *raw, bool strong)
{
    sb_printf(out, strong ? "<%s class=\"alert\">" : "<%s>", tag);
    report_html_escape(out, raw);
    sb_printf(out, "</%s>\n", tag);
}

static void html_table(const doc_block *b, strbuf *out)
{
    sb_puts(out, "<table>\n<thead><tr>");
    for (size_t c = 0; c < b->n_cells; c++) {
        bool head = c < b->n_cols;
        if (c == b->n_cols)
            sb_puts(out, "</tr></thead>\n<tbody>\n<tr>");
        else if (c > b->n_cols && c % b->n_cols == 0)
            sb_puts(out, "</tr>\n<tr>");
        const char *cls = b->align[c % b->n_cols] == 'r' ? "num" : "cell";
        sb_printf(out, head ? "<th class=\"%s\">" : "<td class=\"%s%s\">", cls,
                  b->cells[c].strong ? " alert" : "");
        report_html_escape(out, b->cells[c].text);
        sb_puts(out, head ? "</th>" : "</td>");
    }
    sb_puts(out,
            b->n_cells > b->n_cols ? "</tr>\n</tbody>\n</table>\n" : "</tr></thead>\n</table>\n");
}

static void html_block(const document *d, size_t i, strbuf *out)
{
    static const char *const tags[] = {[DOC_TITLE] = "h1",
                                       [DOC_HEADING] = "h2",
                                       [DOC_SUBHEAD] = "h3",
                                       [DOC_ENTRY] = "h4",
                                       [DOC_PARA] = "p"};
    const doc_block *b = &d->blocks[i];
    switch (b->kind) {
    case DOC_NOTE:
        sb_puts(out, "<div class=\"note\"><b>");
        report_html_escape(out, b->label);
        sb_puts(out, "</b>");
        report_html_escape(out, b->text);
        sb_puts(out, "</div>\n");
        break;
    case DOC_ITEM:
        if (i == 0 || d->blocks[i - 1].kind != DOC_ITEM)
            sb_puts(out, "<ul>\n");
        html_element(out, "li", b->text, b->strong);
        if (list_ends(d, i))
            sb_puts(out, "</ul>\n");
        break;
    case DOC_TABLE:
        html_table(b, out);
        break;
    default:
        html_element(out, tags[b->kind], b->text, b->strong);
        break;
    }
}

static void html_begin(const document *d, strbuf *out)
{
    sb_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
              d->lang);
    sb_puts(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html_element(out, "title", title_of(d), false);
    sb_printf(out, "<style>\n%s%s</style>\n</head>\n<body>\n", report_html_style, doc_style);
}

/* ---- all ---------------------------------------------------------------- */

void doc_write_head(const document *d, report_format f, strbuf *out)
{
    if (f == REPORT_HTML)
        html_begin(d, out);
}

void doc_write_tail(report_format f, strbuf *out)
{
    if (f == REPORT_HTML)
        sb_puts(out, "</body>\n</html>\n");
}

void doc_write(const document *d, report_format f, strbuf *out)
{
    doc_write_head(d, f, out);
    doc_write_body(d, f, out);
    doc_write_tail(f, out);
}

void doc_write_body(const document *d, report_format f, strbuf *out)
{
    for (size_t i = 0; i < d->n; i++) {
        if (f == REPORT_HTML)
            html_block(d, i, out);
        else if (f == REPORT_MARKDOWN)
            md_block(d, i, out);
        else
            text_block(&d->blocks[i], out);
    }
}
