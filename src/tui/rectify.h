/* rectify (screens) — ordering a rectification on a check and taking its
 * steps from the screens, saved at once through the model
 * (model/rectify.h: checked against the file as it is now, under the
 * unit's lock).  Ordering asks three things in turn at the bottom of the
 * screen: what must be fixed, the owner, the due date (2016-08-31, or +30
 * for 30 days from today).  A verification whose check is not done asks
 * whether to mark it done (y), through the undoable change of change.h. */
#ifndef QTOWN_TUI_RECTIFY_H
#define QTOWN_TUI_RECTIFY_H

#include "model/rectify.h"
#include "tui/app.h"

unsigned rectify_ui_order(app *a, size_t ui, const plan_check *c);
unsigned rectify_ui_step(app *a, size_t ui, const char *id, rect_state to);

#endif
