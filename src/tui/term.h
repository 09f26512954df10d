/* term — the terminal: starting and ending curses, reading keys, and the
 * hooks tests use.
 *
 * Keys come from get_wch (whole characters, so Chinese input works; a
 * resize arrives as KEY_RESIZE: no signal handler of our own).
 *
 * Test hooks (environment):
 *   QTOWN_TEST_IDLE_FILE=F  after each frame, when no input is waiting,
 *                           F holds the number of frames drawn: a test
 *                           knows the screen has settled.
 *   QTOWN_TEST_KEYS=F       headless: curses draws to /dev/null at the
 *                           size $COLUMNS x $LINES, and the keys come from
 *                           F (text; <Down> <Enter> <Esc> <Tab> <Space>
 *                           <BS> <C-r> <lt> ... name keys; <resize 30x10>
 *                           resizes; <poll> looks for changed files; <dump>
 *                           appends the screen as text to
 *                           $QTOWN_TEST_SCREEN; <touch PATH> creates the
 *                           file PATH and <wait PATH> waits (10 s at most)
 *                           until it exists: several qtowns in step, for
 *                           the concurrency tests).  The end of F quits.
 *   QTOWN_TEST_STATS=F      at the end, F gets the number of keystrokes
 *                           and of polls and the time spent on them (CPU
 *                           and wall-clock, ns): bench/bench-tui.sh. */
#ifndef QTOWN_TUI_TERM_H
#define QTOWN_TUI_TERM_H

#include "tui/keys.h"
#include "util/diag.h"

#include <stdbool.h>

typedef enum term_event { TERM_KEY, TERM_TIMEOUT, TERM_RESIZE, TERM_POLL, TERM_END } term_event;

bool term_start(diag_list *dl);
void term_stop(void);
bool term_headless(void);
/* Waits up to timeout_ms for a key. */
term_event term_read(key *k, int timeout_ms);
/* Around the work done for one event (a key, a poll): measured for
 * QTOWN_TEST_STATS. */
void term_work_begin(void);
void term_work_end(term_event ev);
/* After a frame was drawn (doupdate). */
void term_frame_done(void);
/* Ctrl-Z: gives the terminal back to the shell and stops qtown as a
 * terminal program does (SIGTSTP); returns once the shell's `fg`
 * continues it, with the terminal taken back and its size read again.
 * The caller redraws every cell.  False (nothing done) when qtown was
 * started with SIGTSTP ignored (no job control to bring it back), and
 * headless. */
bool term_suspend(void);

#endif
