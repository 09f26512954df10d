/* csv — RFC 4180 CSV that Excel on a Chinese Windows opens correctly:
 * UTF-8 with a byte-order mark, CRLF line ends, every text cell that could
 * start a formula (= + - @ tab CR LF) prefixed with a quote (') — and one
 * that starts with a quote, so that util/csvread.h reads back exactly what
 * was written — and control characters made visible (text_inert) like
 * everywhere else. */
#ifndef QTOWN_CSV_H
#define QTOWN_CSV_H

#include "util/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct csv_writer {
    strbuf *out;
    bool row_started;
} csv_writer;

void csv_begin(csv_writer *w, strbuf *out); /* writes the BOM */
void csv_text(csv_writer *w, const char *s);
void csv_number(csv_writer *w, double v);
void csv_end_row(csv_writer *w);
/* A whole row of text cells (NULL: an empty cell), ended. */
void csv_row(csv_writer *w, const char *const *cells, size_t n);

#endif
