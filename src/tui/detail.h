/* detail — the detail pane of a unit's checklist.
 *
 * For a check: its status, whether the unit carries it (and why not, or
 * which attribute is missing), value against target, note, who changed
 * it and when, its evidence (numbered: title, number, issuer, validity,
 * the file's name), its rectifications (state, due date and days left or
 * overdue, owner, what, note, their story), whether it is scored, the
 * paragraph of the document it comes from, the plan's own reading of it,
 * its history (who, when, from, to).  For an objective or a measure: its
 * progress and its paragraph.  Built as lines wrapped to the pane's
 * width; all text from files is made inert on the way. */
#ifndef QTOWN_TUI_DETAIL_H
#define QTOWN_TUI_DETAIL_H

#include "tui/app.h"

typedef struct detail {
    text_lines lines;
    attr_t *attrs;
    size_t cap_attrs;
} detail;

/* `c` NULL: the item itself.  `today`: for validity and days left; ws:
 * its settings (the window of "expiring"). */
void detail_build(detail *d, const workspace *ws, const unit *u, const plan_item *it,
                  const plan_check *c, int64_t today, int width);
/* The unit's attributes: each the plan declares for its kind, its value
 * or "attribute missing" when a check's filter needs it; the checks the
 * unit does not carry, counted. */
void detail_build_attributes(detail *d, const plan *p, const unit *u, int width);
/* Draws lines [scroll, scroll + rows) at (top, x). */
void detail_draw(const detail *d, int top, int x, int rows, int width, size_t scroll);
void detail_free(detail *d);

#endif
