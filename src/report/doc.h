/* doc — a small printable document, composed once and written as text,
 * Markdown or HTML: a title, headings, paragraphs, notes kept as typed,
 * bulleted lists and tables.  The unit's ledger (ledger.h) is one.
 *
 * Every text given is data: each format makes it safe when it writes it
 * (text_inert for the terminal, esc_md, esc_html).  A block or a cell may
 * be `strong` (an alert: bold, and in HTML the alert's colour). */
#ifndef QTOWN_DOC_H
#define QTOWN_DOC_H

#include "report/report.h"
#include "util/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum doc_kind {
    DOC_TITLE,   /* the document's title (once, first) */
    DOC_HEADING, /* a part: attributes, checks, visits, history */
    DOC_SUBHEAD, /* a group inside a part (an objective or a measure) */
    DOC_ENTRY,   /* the head line of an entry (a check) */
    DOC_PARA,    /* one line of text */
    DOC_NOTE,    /* several lines, kept as typed, with a label */
    DOC_ITEM,    /* a bulleted line, after a DOC_PARA that names the list */
    DOC_TABLE,   /* a table: the first row is its header */
} doc_kind;

typedef struct doc_cell {
    char *text;
    bool strong;
} doc_cell;

typedef struct doc_block {
    doc_kind kind;
    char *text;  /* NULL for a table */
    char *label; /* DOC_NOTE: what the note is ("Note") */
    bool strong;
    /* DOC_TABLE */
    size_t n_cols;
    char *align;     /* 'l' or 'r' per column (a copy) */
    doc_cell *cells; /* row by row */
    size_t n_cells, cap_cells;
} doc_block;

typedef struct document {
    const char *lang; /* "zh-CN" or "en": the HTML's language */
    doc_block *blocks;
    size_t n, cap;
} document;

void doc_init(document *d);
void doc_free(document *d);

void doc_add(document *d, doc_kind kind, const char *text, bool strong);
void doc_note(document *d, const char *label, const char *text);
/* A table: its header cells follow (doc_cell), then its rows. */
void doc_table(document *d, size_t n_cols, const char *align);
void doc_cell_add(document *d, const char *text, bool strong);

/* Writes the document (text, markdown or html; csv is not a format of a
 * document): doc_write_head, doc_write_body, doc_write_tail. */
void doc_write(const document *d, report_format f, strbuf *out);
/* Its pieces, for a document written in parts or as a part of another
 * one of that format (the town report's ledger section: the body only):
 * the head (HTML: up to <body>, the title from the doc's DOC_TITLE), the
 * blocks, the tail (HTML: </body></html>). */
void doc_write_head(const document *d, report_format f, strbuf *out);
void doc_write_body(const document *d, report_format f, strbuf *out);
void doc_write_tail(report_format f, strbuf *out);

#endif
