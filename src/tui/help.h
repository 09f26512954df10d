/* help — every key, generated from the key table that dispatches them
 * (keys.def), grouped by where it works, in the interface language. */
#ifndef QTOWN_TUI_HELP_H
#define QTOWN_TUI_HELP_H

#include "tui/app.h"

screen *help_screen_new(app *a);
bool help_is_open(const app *a);

#endif
