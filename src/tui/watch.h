/* watch — noticing, without a restart, that unit files changed on disk
 * (another qtown, a hand edit, a `git pull`).
 *
 * Called about twice a second by the main loop, it costs the same
 * whatever the size of the workspace: it stats the open unit's file, the
 * town's file and the two unit folders, plus a rolling slice of the other
 * unit files (WATCH_SWEEP per call, so every file is looked at within
 * n / WATCH_SWEEP calls).  Only when a folder changed (a file added,
 * removed or replaced, which is how qtown and git write) does it list
 * that folder and stat its files.  A unit whose file changed is read
 * again; one that no longer loads keeps its errors and is read-only. */
#ifndef QTOWN_TUI_WATCH_H
#define QTOWN_TUI_WATCH_H

#include "tui/app.h"

#define WATCH_INTERVAL_MS 500
#define WATCH_SWEEP       64

/* Takes the folders' stamps: call before the units are listed, so that a
 * file added while they load is noticed. */
void watch_start(app *a);
/* `open_unit` is the index of the unit on screen, or SIZE_MAX. */
void watch_poll(app *a, size_t open_unit);
void watch_free(app *a);

#endif
