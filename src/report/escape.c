#include "report/escape.h"

#include "util/text.h"

#include <stdlib.h>
#include <string.h>

/* The one HTML escaper: inert text (controls, bidi overrides made
 * visible), then & < > " ' as entities.  Line breaks are kept (notes are
 * shown with white-space: pre-wrap). */
void report_html_escape(strbuf *out, const char *raw)
{
    char *safe = text_inert(raw ? raw : "", TEXT_KEEP_NEWLINE);
    for (const char *p = safe; *p; p++) {
        switch (*p) {
        case '&':
            sb_puts(out, "&amp;");
            break;
        case '<':
            sb_puts(out, "&lt;");
            break;
        case '>':
            sb_puts(out, "&gt;");
            break;
        case '"':
            sb_puts(out, "&quot;");
            break;
        case '\'':
            sb_puts(out, "&#39;");
            break;
        default:
            sb_putc(out, *p);
        }
    }
    free(safe);
}

/* Characters escaped anywhere in data (CommonMark lets any ASCII
 * punctuation be escaped): those that open or close inline markup, HTML,
 * links, table cells and entities. */
static const char md_inline[] = "\\`*_[]<>|~&";
/* At the start of a line they would open a block: a heading, a list, a
 * quote, a setext underline, a fenced block. */
static const char md_block[] = "#+-=>`~";

/* The start of a line of data: escapes what would open a block, including
 * an ordered list's "1." or "1)", also behind the up to three spaces of
 * indentation Markdown allows there. */
static const char *md_line_start(strbuf *out, const char *p)
{
    while (*p == ' ')
        sb_putc(out, *p++);
    if (*p && strchr(md_block, *p)) {
        sb_putc(out, '\\');
        sb_putc(out, *p);
        return p + 1;
    }
    const char *d = p;
    while (*d >= '0' && *d <= '9')
        d++;
    if (d > p && (*d == '.' || *d == ')')) {
        sb_add(out, p, (size_t)(d - p));
        sb_putc(out, '\\');
        sb_putc(out, *d);
        return d + 1;
    }
    return p;
}

/* Data as Markdown text; a line break becomes a space unless `breaks`,
 * when each line ends in a hard break and the next is indented by
 * `indent` (continuation lines of a list item). */
void report_md_escape(strbuf *out, const char *raw, bool breaks, const char *indent)
{
    char *safe = text_inert(raw ? raw : "", TEXT_KEEP_NEWLINE);
    const char *p = md_line_start(out, safe);
    for (; *p; p++) {
        if (*p == '\n') {
            if (!p[1])
                break;
            if (breaks) {
                sb_printf(out, "\\\n%s", indent);
                p = md_line_start(out, p + 1) - 1;
            } else {
                sb_putc(out, ' ');
            }
            continue;
        }
        if (strchr(md_inline, *p))
            sb_putc(out, '\\');
        sb_putc(out, *p);
    }
    free(safe);
}

/* A table's header row and its delimiter row; `align` is one of l/r per
 * column. */
void report_md_table_head(strbuf *out, const char *const *cols, const char *align, size_t n)
{
    sb_puts(out, "|");
    for (size_t i = 0; i < n; i++) {
        sb_putc(out, ' ');
        report_md_escape(out, cols[i], false, "");
        sb_puts(out, " |");
    }
    sb_puts(out, "\n|");
    for (size_t i = 0; i < n; i++)
        sb_puts(out, align[i] == 'r' ? " ---: |" : " --- |");
    sb_putc(out, '\n');
}

void report_md_table_cell(strbuf *out, const char *raw)
{
    sb_putc(out, ' ');
    report_md_escape(out, raw, false, "");
    sb_puts(out, " |");
}
