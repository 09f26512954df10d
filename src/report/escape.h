/* escape — untrusted text made safe for the document formats qtown
 * writes, one function per format, used by every writer (the town's
 * report, the unit's ledger): text is made inert first (text_inert:
 * controls, bidi overrides and invalid bytes become visible escapes),
 * then what the format would read as markup is escaped. */
#ifndef QTOWN_ESCAPE_H
#define QTOWN_ESCAPE_H

#include "util/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

/* HTML text: & < > " ' as entities; line breaks kept (shown with
 * white-space: pre-wrap).  Data never goes into an attribute. */
void report_html_escape(strbuf *out, const char *raw);

/* Markdown text.  Without `breaks`, text inside a line (a heading's, a
 * table cell's): what would open inline markup, HTML or a cell is
 * escaped, a line break becomes a space.  With `breaks`, text that starts
 * a line (a paragraph, a list item's text): also what would open a block
 * is escaped, a line break kept as a hard break and the next line
 * indented by `indent` (continuation lines of a list).  Needless escapes
 * are left out, so that figures ("96.8%", ">= 100%") read as typed. */
void report_md_escape(strbuf *out, const char *raw, bool breaks, const char *indent);
/* Text that starts a line, on one line (a line break becomes a space):
 * what would open a block or inline markup is escaped. */
void report_md_para(strbuf *out, const char *raw);
/* A GitHub table's header row and delimiter row; `align` holds 'l' or
 * 'r' per column. */
void report_md_table_head(strbuf *out, const char *const *cols, const char *align, size_t n);
/* One cell of a row (the row starts with '|'). */
void report_md_table_cell(strbuf *out, const char *raw);

#endif
