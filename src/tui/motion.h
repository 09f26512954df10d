/* motion — the moving keys (up, down, page, first, last) as rows to move
 * by, moving a cursor over the rows a screen lets it stop on, keeping the
 * cursor in view, and scrolling a text that has no cursor.  For lists
 * whose rows are not all selectable (headings, notes). */
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
 * way; `cur` when none is.  `selectable` NULL accepts every row. */
size_t motion_move(size_t cur, long delta, size_t n,
                   bool (*selectable)(const void *ctx, size_t row), const void *ctx);

/* Moves `*top`, the first row shown of a list `rows` rows high, the least
 * needed to show row `cur`. */
void motion_follow(size_t *top, size_t cur, size_t rows);

/* Scrolls a text without a cursor by the moving key `act` (pages of `page`
 * lines): `*top` stays at 0 or more, and the last key puts it at `end`;
 * whoever draws bounds it by the text's length.  False when `act` is not
 * a moving key. */
bool motion_scroll(action act, long page, size_t end, size_t *top);

#endif
