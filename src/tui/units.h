/* units — the unit list: the town, the villages and the enterprises in
 * groups, each with its progress (done of applicable checks) and its
 * failures; filter (all / unfinished / with failures), sort (id / name /
 * progress), search by name or id.  Enter opens a unit's checklist.
 *
 * The list's order and membership are computed when the filter or sort
 * changes or units appear or vanish, not on every keystroke: marking a
 * check updates that unit's row in place (it does not jump away). */
#ifndef QTOWN_TUI_UNITS_H
#define QTOWN_TUI_UNITS_H

#include "tui/app.h"

screen *units_screen_new(app *a);

#endif
