/* texttable — a table for the terminal whose columns are as wide as
 * their widest cell (in display columns, Chinese counting two), each at
 * most its cap: `qtown evidence`, `qtown visits`, the ledger as text.
 * Every cell is made inert (text_inert) when added, so a table of file
 * data is safe to print as it is. */
#ifndef QTOWN_TEXTTABLE_H
#define QTOWN_TEXTTABLE_H

#include "util/strbuf.h"

#include <stddef.h>

typedef struct text_table {
    size_t n_cols;
    const int *caps; /* n_cols caps (0: none), or NULL */
    char **cells;    /* row by row */
    size_t n, cap;
} text_table;

void tt_init(text_table *t, size_t n_cols, const int *caps);
/* The next cell (a row ends after n_cols of them); NULL is empty. */
void tt_cell(text_table *t, const char *raw);
/* The rows, cells two columns apart, cut to their column's width with
 * "..."; no blanks at the end of a line. */
void tt_write(const text_table *t, strbuf *out);
void tt_free(text_table *t);

#endif
