/* checklist — one unit's checks: the objectives and measures of the plan
 * as a collapsible tree of the checks that apply to the unit's kind, each
 * with its status mark, title, value against target and a mark where a
 * note exists, a progress cookie like [3/5] per objective and measure,
 * and a detail pane (detail.h).  The keys change the checks (change.h);
 * a unit whose file does not load is shown read-only with its errors. */
#ifndef QTOWN_TUI_CHECKLIST_H
#define QTOWN_TUI_CHECKLIST_H

#include "tui/app.h"

screen *checklist_screen_new(app *a, size_t unit);
/* The same, with the cursor on check `c` (the overview's failed checks). */
screen *checklist_screen_at(app *a, size_t unit, const plan_check *c);
/* The unit a screen shows, or SIZE_MAX when it is not a checklist. */
size_t checklist_unit(const screen *s);

#endif
