/* letter_doc — a unit's target responsibility letter (目标责任书) as the
 * paper both sides sign (model/letter.h): the title, the parties (the
 * town's government, the unit), the opening in the document's words, the
 * tasks (the template's, then the unit's own), the targets with the
 * values required (the unit's own where it has one, a blank to fill in
 * where the value is to be agreed), the assessment rules (each grade of
 * the plan's scoring and what it brings), the closing, and the lines to
 * sign — or, once signed, who signed and when.  HTML laid out for A4 or
 * Markdown (document.h); every piece of data escaped. */
#ifndef QTOWN_LETTER_DOC_H
#define QTOWN_LETTER_DOC_H

#include "model/letter.h"
#include "report/document.h"

#include <stdint.h>

/* The letter of a loaded unit of the workspace; false (nothing written)
 * when the plan has no letter for its kind. */
bool letter_write(doc_format f, const workspace *ws, const unit *u, int64_t today, strbuf *out);

#endif
