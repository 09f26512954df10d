/* notice — the rectification notice (整改通知书) handed to a unit: the
 * town, the unit, each rectification still open with the check it failed,
 * the finding (the check's note), what must be fixed, the owner and the
 * due date, and a place for both sides to sign.  HTML laid out for A4
 * paper (self-contained, no script), or Markdown.  Written in the
 * interface language (the command makes it Chinese unless asked).  Every
 * piece of data goes through the formats' one escaper. */
#ifndef QTOWN_NOTICE_H
#define QTOWN_NOTICE_H

#include "model/workspace.h"
#include "report/document.h"
#include "util/strbuf.h"

#include <stdbool.h>
#include <stdint.h>

/* The notice of units[index] (loaded) as of today, in a format of the
 * papers (document.h). */
void notice_write(doc_format f, const workspace *ws, size_t index, int64_t today, strbuf *out);

#endif
