#include "util/csvread.h"

#include "i18n/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* The reader's place in the text: the byte, and the line and column it
 * is at (kept as it goes, so that positions cost nothing). */
typedef struct cursor {
    const char *s;
    size_t len, at;
    int line, col;
} cursor;

static bool at_end(const cursor *c)
{
    return c->at >= c->len;
}

static char peek(const cursor *c)
{
    return at_end(c) ? '\0' : c->s[c->at];
}

/* Moves past one character (a CRLF pair counts as one line end). */
static void advance(cursor *c)
{
    char ch = c->s[c->at++];
    if (ch == '\r' && peek(c) == '\n')
        c->at++;
    /* the rest of a UTF-8 character is in the same column */
    while (!at_end(c) && ((unsigned char)c->s[c->at] & 0xC0) == 0x80)
        c->at++;
    if (ch == '\n' || ch == '\r') {
        c->line++;
        c->col = 1;
    } else {
        c->col++;
    }
}

static bool at_line_end(const cursor *c)
{
    return peek(c) == '\n' || peek(c) == '\r';
}

/* A quoted cell, the cursor on its opening quote. */
static bool quoted(cursor *c, const char *path, strbuf *out, diag_list *dl)
{
    int line = c->line, col = c->col;
    advance(c);
    for (;;) {
        if (at_end(c)) {
            diag_add(dl, path, line, col, "%s", tr(M_CSV_UNCLOSED_QUOTE));
            return false;
        }
        size_t from = c->at;
        char ch = peek(c);
        if (ch == '"') {
            advance(c);
            if (peek(c) != '"')
                break;
            sb_putc(out, '"');
            advance(c);
        } else if (ch == '\r' || ch == '\n') {
            sb_putc(out, '\n'); /* CRLF in a cell is one line break */
            advance(c);
        } else {
            advance(c);
            sb_add(out, c->s + from, c->at - from);
        }
    }
    if (!at_end(c) && peek(c) != ',' && !at_line_end(c)) {
        diag_add(dl, path, c->line, c->col, "%s", tr(M_CSV_AFTER_QUOTE));
        return false;
    }
    return true;
}

static void unquoted(cursor *c, strbuf *out)
{
    size_t from = c->at;
    while (!at_end(c) && peek(c) != ',' && !at_line_end(c))
        advance(c);
    sb_add(out, c->s + from, c->at - from);
}

/* The cell as the writer meant it: its formula quote taken off. */
static void finish_cell(csv_table *t, csv_cell *cell, const strbuf *raw)
{
    const char *s = sb_str(raw);
    static const char triggers[] = "=+-@\t\r\n";
    if (s[0] == '\'' && s[1] && (strchr(triggers, s[1]) || s[1] == '\''))
        s++;
    else
        cell->formula = s[0] && strchr(triggers, s[0]) != NULL;
    cell->text = arena_strdup(t->mem, s);
}

static bool row_is_blank(const csv_cell *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cells[i].text[0])
            return false;
    return true;
}

/* One row, the cursor at its start; cells go to *cells. */
static bool read_row(cursor *c, const char *path, csv_table *t, csv_cell **cells, size_t *cap,
                     size_t *n, diag_list *dl)
{
    strbuf raw = STRBUF_INIT;
    bool ok = true;
    *n = 0;
    for (;;) {
        *cells = xgrow(*cells, cap, *n + 1, sizeof **cells);
        csv_cell *cell = &(*cells)[(*n)++];
        memset(cell, 0, sizeof *cell);
        cell->line = c->line;
        cell->col = c->col;
        sb_reset(&raw);
        if (peek(c) == '"')
            ok = quoted(c, path, &raw, dl);
        else
            unquoted(c, &raw);
        if (!ok)
            break;
        finish_cell(t, cell, &raw);
        if (peek(c) != ',')
            break;
        advance(c);
    }
    if (ok && at_line_end(c))
        advance(c);
    sb_free(&raw);
    return ok;
}

bool csv_read(const char *path, const char *text, size_t len, csv_table *t, diag_list *dl)
{
    memset(t, 0, sizeof *t);
    t->mem = arena_new(len + 1024);
    cursor c = {text, len, 0, 1, 1};
    csv_cell *cells = NULL;
    size_t cap_cells = 0, cap_rows = 0;
    bool ok = true;
    while (ok && !at_end(&c)) {
        int line = c.line;
        size_t n;
        ok = read_row(&c, path, t, &cells, &cap_cells, &n, dl);
        if (!ok || row_is_blank(cells, n))
            continue;
        t->rows = xgrow(t->rows, &cap_rows, t->n + 1, sizeof *t->rows);
        csv_read_row *row = &t->rows[t->n++];
        row->line = line;
        row->n = n;
        row->cells = arena_array(t->mem, n, sizeof *row->cells);
        memcpy(row->cells, cells, n * sizeof *cells);
    }
    free(cells);
    if (!ok) {
        csv_table_free(t);
        t->mem = NULL;
    }
    return ok;
}

void csv_table_free(csv_table *t)
{
    free(t->rows);
    if (t->mem)
        arena_free(t->mem);
    memset(t, 0, sizeof *t);
}
