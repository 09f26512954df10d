/* search — `/` asks for a text, then the cursor goes to the next row that
 * matches it (case-insensitive for Latin letters, exact for Chinese); `n`
 * and `N` go to the next and previous match, wrapping around.  What a row
 * is and what matches is the screen's (screen_ops rows/match/select), so
 * one search serves the unit list (names, ids) and a checklist (titles in
 * both languages, ids, notes).  A search ends with Esc or when the screen
 * changes. */
#ifndef QTOWN_TUI_SEARCH_H
#define QTOWN_TUI_SEARCH_H

#include "tui/app.h"

unsigned search_start(app *a);
unsigned search_step(app *a, int direction);
void search_clear(app *a);

#endif
