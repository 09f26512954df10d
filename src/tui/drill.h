/* drill — the units behind one line of the overview (overview.h).
 *
 * For a town target: its figure against its target, its verdict (and why
 * it is not known), the phrase of the document it comes from, then every
 * unit in its filter with its outcome — those that miss it or lack a
 * value first — and its value.  For an objective or a measure: its
 * progress, then every unit that carries it with its own bar, the least
 * advanced first.  Enter opens a unit's checklist; Esc goes back.  The
 * lines follow the overview's figures when a unit changes. */
#ifndef QTOWN_TUI_DRILL_H
#define QTOWN_TUI_DRILL_H

#include "tui/app.h"

/* `parent` is the overview screen below it, which outlives it. */
screen *drill_target_new(app *a, screen *parent, size_t target);
screen *drill_item_new(app *a, screen *parent, size_t item);

#endif
