/* ywriter — the one YAML writer: libyaml's emitter set up for files that
 * people read and diff (block style, 2-space indent, no line folding,
 * Chinese written as UTF-8), with every string's style decided here so
 * that nothing a YAML 1.1 reader would take for a boolean, a number or a
 * null is ever written unquoted.
 *
 * Calls after an error are ignored; yw_finish reports it.  The emitter is
 * discarded after an error, never reused (CVE-2024-3205). */
#ifndef QTOWN_YWRITER_H
#define QTOWN_YWRITER_H

#include "util/diag.h"
#include "util/strbuf.h"

#include <stdbool.h>

typedef struct ywriter ywriter;

ywriter *yw_new(strbuf *out);
void yw_map_begin(ywriter *w);
void yw_flow_map_begin(ywriter *w); /* {a: 1, b: 2} on one line */
void yw_map_end(ywriter *w);
void yw_seq_begin(ywriter *w);
void yw_flow_seq_begin(ywriter *w); /* [a, b] on one line */
void yw_seq_end(ywriter *w);
/* Any text: plain when that is unambiguous, a literal block (|) when it
 * has several lines and can be one, double-quoted otherwise. */
void yw_text(ywriter *w, const char *s);
/* A word that must read back as a string: a key, an id, a status.  Plain
 * unless YAML 1.1 would take it for something else (`no`, `2016`): then
 * quoted, as yw_text does. */
void yw_token(ywriter *w, const char *s);
/* A number, true/false or timestamp already in its canonical spelling:
 * written plain so that it reads back typed.  Falls back to yw_text when
 * it is not plain-safe. */
void yw_typed(ywriter *w, const char *s);
void yw_number(ywriter *w, double v);
void yw_bool(ywriter *w, bool v);
/* key: text shorthand */
void yw_pair_text(ywriter *w, const char *key, const char *value);
/* Ends the document; false (with a message about `path`) on any error.
 * Frees the writer. */
bool yw_finish(ywriter *w, const char *path, diag_list *dl);

/* True when s would be read back as a string from a plain scalar. */
bool yaml_plain_is_string(const char *s);
/* Formats a number the way qtown writes it (shortest form, no exponent
 * for ordinary values). */
void yaml_format_number(double v, char out[32]);

#endif
