/* rectlist — the rectification list (`R`, from the unit list, the
 * overview or anywhere): every unit's rectifications, overdue first, then
 * by due date (model/rectify.h), each with its days left or overdue, the
 * unit, the check, its state, owner and what must be fixed.  d, v and r
 * take a step (done, verified, reopened); Enter opens the unit's
 * checklist on the check; f shows the open ones, the overdue or all. */
#ifndef QTOWN_TUI_RECTLIST_H
#define QTOWN_TUI_RECTLIST_H

#include "tui/app.h"

unsigned rectlist_toggle(app *a);

#endif
