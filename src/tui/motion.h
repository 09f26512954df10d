/* motion — the moving keys (up, down, page, first, last) as rows to move
 * by, moving a cursor over the rows a screen lets it stop on, keeping the
 * cursor in view, and scrolling a text that has no cursor.  For lists
 * whose rows are not all selectable (headings, notes).
 *
 * Every list screen keeps a list_view and moves it with list_key; the
 * motion_* steps below are what it is made of. */
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

/* A list as a screen shows it: the row under the cursor, the first row
 * shown, and how many rows were shown when it was last drawn, which is
 * what a page is for every list.  The screen owns the rows and says where
 * the cursor may stop (`selectable`, asked with `ctx`; NULL: anywhere). */
typedef struct list_view {
    size_t cur, top;
    size_t shown; /* rows last drawn; 0 before the first drawing */
    bool (*selectable)(const void *ctx, size_t row);
    const void *ctx;
} list_view;

/* The rows a page key moves by: the rows last drawn less one, which stays
 * in view for context; at least 1. */
long list_page(const list_view *v);
/* Moves the cursor `delta` rows among `n`, onto a row it may stop on. */
void list_move(list_view *v, long delta, size_t n);
/* A moving key moves the cursor among `n` rows; false when `act` is not
 * a moving key. */
bool list_key(list_view *v, action act, size_t n);
/* Drawing `rows` rows of the list: they are its page from now on, and the
 * first row shown moves the least needed to show the cursor. */
void list_show(list_view *v, size_t rows);
/* Drawing `rows` lines of a text of `n` lines that has no cursor (the
 * help, the detail pane): they are its page from now on, and `top` goes
 * no further than where the text's last line shows at the bottom. */
void list_show_text(list_view *v, size_t rows, size_t n);
/* A text without a cursor: a moving key
 * scrolls `top` by lines or pages (motion_scroll; `end` for the last
 * key); whoever draws bounds it.  False when `act` is not a moving key. */
bool list_scroll(list_view *v, action act, size_t end);

#endif
