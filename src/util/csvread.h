/* csvread — the one CSV reader: RFC 4180 as Excel and qtown's own writer
 * (report/csv.h) write it, so that what qtown writes reads back the same.
 *
 * - cells are separated by commas, rows by CRLF, LF or CR; a cell in
 *   double quotes may hold commas, line breaks (kept as LF) and doubled
 *   quotes ("" is one ");
 * - a quote the writer put before a cell that would start a formula
 *   ('=1, '-3, '@x) or before one that starts with a quote itself is taken
 *   off again;
 * - a cell that starts like a formula without it (= + - @, a tab, a line
 *   break) is marked `formula`: it came from somewhere else, and the
 *   reader of a column decides (a number may start with - or +, a text
 *   may not);
 * - rows whose every cell is empty (Excel's trailing ,,,) are left out.
 * Every cell keeps where it starts in the file, for FILE:LINE:COLUMN. */
#ifndef QTOWN_CSVREAD_H
#define QTOWN_CSVREAD_H

#include "util/arena.h"
#include "util/diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct csv_cell {
    const char *text;
    int line, col; /* 1-based; the column counts characters */
    bool formula;
} csv_cell;

typedef struct csv_read_row {
    csv_cell *cells;
    size_t n;
    int line;
} csv_read_row;

typedef struct csv_table {
    arena *mem; /* the cells' texts and arrays */
    csv_read_row *rows;
    size_t n;
} csv_table;

/* Reads UTF-8 text (charset.h makes it) of the file `path`.  False with
 * FILE:LINE:COLUMN for a quoted cell never closed or text after a closing
 * quote; *t is then empty.  Free with csv_table_free either way. */
bool csv_read(const char *path, const char *text, size_t len, csv_table *t, diag_list *dl);
void csv_table_free(csv_table *t);

#endif
