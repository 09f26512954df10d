#include "report/texttable.h"

#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum { GAP = 2 };

void tt_init(text_table *t, size_t n_cols, const int *caps)
{
    memset(t, 0, sizeof *t);
    t->n_cols = n_cols;
    t->caps = caps;
}

void tt_cell(text_table *t, const char *raw)
{
    t->cells = xgrow(t->cells, &t->cap, t->n + 1, sizeof *t->cells);
    t->cells[t->n++] = text_inert(raw ? raw : "", 0);
}

void tt_write(const text_table *t, strbuf *out)
{
    int *w = xcalloc(t->n_cols, sizeof *w);
    for (size_t i = 0; i < t->n; i++) {
        size_t c = i % t->n_cols;
        int cw = text_width(t->cells[i]);
        int cap = t->caps && t->caps[c] ? t->caps[c] : cw;
        if ((cw < cap ? cw : cap) > w[c])
            w[c] = cw < cap ? cw : cap;
    }
    for (size_t row = 0; row * t->n_cols < t->n; row++) {
        size_t start = out->len, end = out->len;
        for (size_t c = 0; c < t->n_cols && row * t->n_cols + c < t->n; c++) {
            const char *s = t->cells[row * t->n_cols + c];
            char *cut = text_truncate(s, w[c]);
            sb_pad(out, cut, w[c] + GAP);
            if (*cut)
                end = out->len - (size_t)(w[c] + GAP - text_width(cut));
            free(cut);
        }
        out->len = end > start ? end : start;
        sb_putc(out, '\n');
    }
    free(w);
}

void tt_free(text_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}
