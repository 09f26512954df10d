/* document — what the papers qtown hands out share (the rectification
 * notice, the responsibility letter): their two formats, HTML laid out
 * for A4 paper (self-contained, no script) or Markdown, and the pieces
 * every such paper is made of, each escaped by the formats' one escaper
 * (report.h). */
#ifndef QTOWN_DOCUMENT_H
#define QTOWN_DOCUMENT_H

#include "util/strbuf.h"

#include <stdbool.h>

typedef enum doc_format { DOC_HTML, DOC_MARKDOWN } doc_format;

/* "html" or "markdown". */
bool doc_format_parse(const char *s, doc_format *out);

/* <!DOCTYPE html> ... <body>: the page's language, its title (data,
 * escaped) and its style sheet (qtown's own, written as it is). */
void doc_html_begin(strbuf *out, const char *title, const char *style);
void doc_html_end(strbuf *out);
/* <p class="cls">text</p> (cls may be NULL). */
void doc_html_p(strbuf *out, const char *cls, const char *raw);
/* A paragraph of Markdown (line breaks kept), then a blank line. */
void doc_md_line(strbuf *out, const char *raw);

#endif
