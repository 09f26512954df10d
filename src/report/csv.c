#include "report/csv.h"

#include "report/format.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>

void csv_begin(csv_writer *w, strbuf *out)
{
    w->out = out;
    w->row_started = false;
    sb_puts(out, "\xEF\xBB\xBF");
}

static void separator(csv_writer *w)
{
    if (w->row_started)
        sb_putc(w->out, ',');
    w->row_started = true;
}

static void cell(csv_writer *w, const char *s)
{
    /* a text that starts with the quote itself gets one too, so that the
     * reader (util/csvread.h) takes off exactly what was added */
    bool formula = s[0] && strchr("=+-@\t\r\n'", s[0]);
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        sb_putc(w->out, '"');
    if (formula)
        sb_putc(w->out, '\'');
    /* runs between quotes are copied whole: reports write millions of cells */
    for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
        sb_add(w->out, s, (size_t)(q - s + 1));
        sb_putc(w->out, '"'); /* doubled */
    }
    sb_puts(w->out, s);
    if (quote)
        sb_putc(w->out, '"');
}

void csv_text(csv_writer *w, const char *s)
{
    separator(w);
    if (!s)
        s = "";
    /* cells are read in terminals too (list --format csv): controls inert */
    if (!text_needs_escape(s, TEXT_KEEP_NEWLINE)) {
        cell(w, s);
        return;
    }
    char *safe = text_inert(s, TEXT_KEEP_NEWLINE);
    cell(w, safe);
    free(safe);
}

void csv_number(csv_writer *w, double v)
{
    separator(w);
    fmt_number(w->out, v);
}

void csv_end_row(csv_writer *w)
{
    sb_puts(w->out, "\r\n");
    w->row_started = false;
}

void csv_row(csv_writer *w, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        csv_text(w, cells[i]);
    csv_end_row(w);
}
