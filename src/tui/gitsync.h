/* gitsync — the sync (src/sync) from the screens: the state shown at the
 * right of the title line ("[not synced: 3 files, 1 commit]"), and the
 * key that runs the sync, then reloads the units that came in.
 *
 * The state costs a few runs of git: it is read at the start, then again
 * at the next file poll after a change was saved or files changed (never
 * on a keystroke).
 *
 * The sync runs in a thread of its own while the screens stay usable: the
 * status line shows how far it is ("receiving 3,214 of 10,000 units"),
 * the lists and checklists can be read, and the sync key pressed again
 * stops it (what is committed here stays committed).  Changes wait until
 * it ends (change_allowed says so), and files are not polled meanwhile:
 * git is rewriting them.  git runs without the terminal, which the
 * screens keep: it cannot ask for a password (an ssh agent or git's
 * credential helper answers it; `qtown sync` on the command line can
 * ask). */
#ifndef QTOWN_TUI_GITSYNC_H
#define QTOWN_TUI_GITSYNC_H

#include "tui/app.h"

void gitsync_start(app *a);
/* A change was saved or a file changed: read the state again at the next
 * poll. */
void gitsync_stale(app *a);
/* At a poll: true when the state was read again and changed (never while
 * a sync runs). */
bool gitsync_poll(app *a);
/* Is a sync running? */
bool gitsync_running(const app *a);
/* The state in words as a badge at the right of the top line (briefly
 * when the line is short), or nothing when the workspace is no
 * repository. */
void gitsync_title(const app *a, title_bar *t);
/* The progress line of a running sync, or nothing. */
void gitsync_progress(const app *a, strbuf *out);
/* ACT_SYNC: starts the sync (headless: runs it to its end), or asks the
 * running one to stop. */
unsigned gitsync_run(app *a);
/* Often while a sync runs (GITSYNC_TICK_MS): true when the screen must be
 * drawn again (new progress; or the sync ended: the units that came in
 * reloaded, how it went said on the status line). */
#define GITSYNC_TICK_MS 100
bool gitsync_tick(app *a);
void gitsync_free(app *a);

#endif
