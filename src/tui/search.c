#include "tui/search.h"

#include "i18n/i18n.h"
#include "tui/lineedit.h"
#include "util/xalloc.h"

#include <stdlib.h>

static bool searchable(const screen *s)
{
    return s && s->ops->rows && s->ops->match && s->ops->select && s->ops->current;
}

void search_clear(app *a)
{
    free(a->search);
    a->search = NULL;
}

/* Goes to the next (direction 1) or previous (-1) match after the
 * cursor; false when nothing matches. */
static bool go(app *a, screen *s, int direction)
{
    size_t n = s->ops->rows(a, s);
    if (n == 0)
        return false;
    size_t from = s->ops->current(a, s);
    size_t hit = SIZE_MAX, nth = 0, total = 0;
    for (size_t k = 1; k <= n; k++) {
        size_t r = direction > 0 ? (from + k) % n : (from + n - k) % n;
        if (hit == SIZE_MAX && s->ops->match(a, s, r, a->search))
            hit = r;
    }
    if (hit == SIZE_MAX)
        return false;
    s->ops->select(a, s, hit);
    for (size_t r = 0; r < n; r++)
        if (s->ops->match(a, s, r, a->search)) {
            total++;
            if (r <= hit)
                nth++;
        }
    app_message(a, ROLE_NORMAL, tr(M_TUI_MATCH), a->search, nth, total);
    return true;
}

static unsigned typed(app *a, const char *text, void *ctx)
{
    (void)ctx;
    search_clear(a);
    if (!*text)
        return H_HANDLED;
    a->search = xstrdup(text);
    screen *s = app_top(a);
    if (!searchable(s) || !go(a, s, 1)) {
        app_message(a, ROLE_ERROR, tr(M_TUI_NO_MATCH), text);
        search_clear(a);
    }
    return H_HANDLED | H_REDRAW;
}

unsigned search_start(app *a)
{
    if (!searchable(app_top(a))) {
        app_message(a, ROLE_NORMAL, "%s", tr(M_TUI_NOTHING_TO_SEARCH));
        return H_HANDLED | H_REDRAW;
    }
    lineedit_open(a, "/", "", false, 256, typed, NULL, NULL);
    return H_HANDLED | H_REDRAW;
}

unsigned search_step(app *a, int direction)
{
    screen *s = app_top(a);
    if (a->search && searchable(s) && !go(a, s, direction)) {
        app_message(a, ROLE_ERROR, tr(M_TUI_NO_MATCH), a->search);
    }
    return H_HANDLED | H_REDRAW;
}
