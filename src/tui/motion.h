/* motion — the moving keys (up, down, page, first, last) as rows to move
 * by, and moving a cursor over the rows a screen lets it stop on.  For
 * lists whose rows are not all selectable (headings, notes). */
#ifndef QTOWN_TUI_MOTION_H
#define QTOWN_TUI_MOTION_H

#include "tui/keys.h"

#include <stdbool.h>
#include <stddef.h>

/* The rows `act` moves by (1, a page of `page` rows, or to either end of
 * `n` rows); false when it is not a moving key. */
bool motion_delta(action act, long page, size_t n, long *delta);

/* The row `delta` rows from `cur` among `n`, clamped, that `selectable`
 * accepts: the nearest in the direction moved, else the nearest the other
 * way; `cur` when none is. */
size_t motion_move(size_t cur, long delta, size_t n,
                   bool (*selectable)(const void *ctx, size_t row), const void *ctx);

#endif
