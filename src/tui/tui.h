/* tui — the checklist screens (ncursesw). */
#ifndef QTOWN_TUI_H
#define QTOWN_TUI_H

#include "model/workspace.h"

/* Runs the screens on an open workspace until the user quits; returns the
 * exit status. */
int tui_run(workspace *ws);

#endif
