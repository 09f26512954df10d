/* gitsync — the sync (src/sync) from the screens: the state shown at the
 * right of the title line ("[not synced: 3 files, 1 commit]"), and the
 * key that runs the sync, then reloads the units that came in.
 *
 * The state costs a few runs of git: it is read at the start, then again
 * at the next file poll after a change was saved or files changed (never
 * on a keystroke).  The sync hands the terminal over while it runs, as
 * the note editor does, so that git can ask for a password or a key's
 * passphrase on the terminal when it must. */
#ifndef QTOWN_TUI_GITSYNC_H
#define QTOWN_TUI_GITSYNC_H

#include "tui/app.h"

void gitsync_start(app *a);
/* A change was saved or a file changed: read the state again at the next
 * poll. */
void gitsync_stale(app *a);
/* At a poll: true when the state was read again and changed. */
bool gitsync_poll(app *a);
/* The state in words as a badge at the right of the top line (briefly
 * when the line is short), or nothing when the workspace is no
 * repository. */
void gitsync_title(const app *a, title_bar *t);
/* ACT_SYNC: runs the sync and says how it went on the status line. */
unsigned gitsync_run(app *a);
void gitsync_free(app *a);

#endif
