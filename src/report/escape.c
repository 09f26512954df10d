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
 * code, strikethrough and table cells.  Needless escapes are left out:
 * '<' where no tag, comment or autolink can open (before a letter, '/',
 * '!' or '?'), '>' inside a line, '&' where no entity can start, and '[' — a link or a reference
 * needs a ']' followed by '(', '[' or ':', and that ']' is escaped (md_special). */
static const char md_inline[] = "\\`*_|~";

/* A character of data that must be escaped where it stands. */
static bool md_special(const char *p)
{
    if (strchr(md_inline, *p))
        return true;
    if (*p == ']')
        return p[1] == '(' || p[1] == '[' || p[1] == ':';
    bool letter = (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z');
    if (*p == '<')
        return letter || p[1] == '/' || p[1] == '!' || p[1] == '?';
    /* an entity: &amp; &#38; */
    return *p == '&' && (letter || p[1] == '#');
}

static bool line_end(char c)
{
    return c == '\0' || c == '\n' || c == ' ' || c == '\t';
}

/* The rest of the line from p holds only c, spaces and tabs (a thematic
 * break, a setext underline). */
static bool line_only(const char *p, char c)
{
    for (; *p && *p != '\n'; p++)
        if (*p != c && *p != ' ' && *p != '\t')
            return false;
    return true;
}

/* Where a line of data starts a block: the length of the marker that
 * would open one (its last byte is escaped), 0 when none would.  Only
 * what Markdown really reads there counts, so that figures ("96.8%",
 * ">= 100%" in the middle of a line) stay as they are. */
static size_t block_marker(const char *p)
{
    if (*p == '>' || *p == '[')
        return 1; /* a quote; a task list's box ("- [x]") or a link reference */
    if (*p == '#') {
        size_t n = strspn(p, "#");
        return n <= 6 && line_end(p[n]) ? 1 : 0; /* a heading */
    }
    if ((*p == '-' || *p == '+' || *p == '*') && line_end(p[1]))
        return 1; /* a list item */
    if ((*p == '-' || *p == '=') && line_only(p, *p))
        return 1; /* a setext underline or a thematic break */
    size_t d = strspn(p, "0123456789");
    if (d > 0 && d <= 9 && (p[d] == '.' || p[d] == ')') && line_end(p[d + 1]))
        return d + 1; /* an ordered list item */
    return 0;
}

/* The start of a line of data: escapes what would open a block, also
 * behind the up to three spaces of indentation Markdown allows there. */
static const char *md_line_start(strbuf *out, const char *p)
{
    while (*p == ' ')
        sb_putc(out, *p++);
    size_t n = block_marker(p);
    if (!n)
        return p;
    sb_add(out, p, n - 1);
    sb_putc(out, '\\');
    sb_putc(out, p[n - 1]);
    return p + n;
}

enum {
    MD_BLOCK = 1,  /* the text starts a line: what would open a block is escaped */
    MD_BREAKS = 2, /* a line break is kept (a hard break, the next line indented) */
};

/* Data as Markdown text.  A line break becomes a space unless MD_BREAKS,
 * when each line ends in a hard break and the next, indented by
 * `indent` (continuation lines of a list item), starts a line. */
static void md_text(strbuf *out, const char *raw, unsigned flags, const char *indent)
{
    char *safe = text_inert(raw ? raw : "", TEXT_KEEP_NEWLINE);
    const char *p = flags & MD_BLOCK ? md_line_start(out, safe) : safe;
    for (; *p; p++) {
        if (*p == '\n') {
            if (!p[1])
                break;
            if (flags & MD_BREAKS) {
                sb_printf(out, "\\\n%s", indent);
                p = md_line_start(out, p + 1) - 1;
            } else {
                sb_putc(out, ' ');
            }
            continue;
        }
        if (md_special(p))
            sb_putc(out, '\\');
        sb_putc(out, *p);
    }
    free(safe);
}

void report_md_escape(strbuf *out, const char *raw, bool breaks, const char *indent)
{
    md_text(out, raw, breaks ? MD_BLOCK | MD_BREAKS : 0, indent);
}

void report_md_para(strbuf *out, const char *raw)
{
    md_text(out, raw, MD_BLOCK, "");
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
