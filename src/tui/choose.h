/* choose — a short list to pick one line from: the attribute to edit,
 * then one of the values the plan lists for it.  Enter picks the line
 * under the cursor, Esc goes back without picking.  The screen is gone
 * (closed) when `picked` runs, so `picked` may open another. */
#ifndef QTOWN_TUI_CHOOSE_H
#define QTOWN_TUI_CHOOSE_H

#include "tui/app.h"

typedef unsigned (*choose_fn)(app *a, size_t picked, void *ctx);

/* `lines` are copied; `ctx` is freed with `free_ctx` (may be NULL) after
 * `picked` ran or when the list closes without a pick. */
screen *choose_screen_new(const char *title, const char *const *lines, size_t n, size_t cursor,
                          choose_fn picked, void *ctx, void (*free_ctx)(void *));

#endif
