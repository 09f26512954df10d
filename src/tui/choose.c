#include "tui/choose.h"

#include "tui/motion.h"
#include "util/xalloc.h"

#include <stdlib.h>

typedef struct choose_screen {
    screen base;
    char *title;
    char **lines;
    size_t n, cur, top;
    int page; /* rows as last drawn */
    choose_fn picked;
    void *ctx;
    void (*free_ctx)(void *);
} choose_screen;

static choose_screen *self(screen *s)
{
    return (choose_screen *)s;
}

static void title(app *a, screen *s, title_bar *t)
{
    (void)a;
    title_add(t, TITLE_NAME, self(s)->title, NULL);
}

static void draw(app *a, screen *s, int top, int rows)
{
    (void)a;
    choose_screen *cs = self(s);
    cs->page = rows;
    motion_follow(&cs->top, cs->cur, (size_t)rows);
    for (int y = 0; y < rows && cs->top + (size_t)y < cs->n; y++) {
        size_t i = cs->top + (size_t)y;
        attr_t attr = i == cs->cur ? draw_attr(ROLE_CURSOR) : A_NORMAL;
        draw_blank(top + y, 0, COLS, attr);
        draw_text(top + y, 2, COLS - 2, cs->lines[i], attr, 0);
    }
}

static unsigned act(app *a, screen *s, action act)
{
    choose_screen *cs = self(s);
    long delta;
    if (motion_delta(act, cs->page > 1 ? cs->page - 1 : 1, cs->n, &delta)) {
        cs->cur = motion_move(cs->cur, delta, cs->n, NULL, NULL);
        return H_HANDLED | H_REDRAW;
    }
    if (act == ACT_BACK) {
        app_pop(a);
        return H_HANDLED | H_REDRAW;
    }
    if (act != ACT_OPEN || cs->n == 0)
        return 0;
    /* taken out of the screen first: closing it must not free them */
    choose_fn picked = cs->picked;
    void *ctx = cs->ctx;
    void (*free_ctx)(void *) = cs->free_ctx;
    size_t cur = cs->cur;
    cs->ctx = NULL;
    app_pop(a);
    unsigned flags = picked(a, cur, ctx) | H_HANDLED | H_REDRAW;
    if (free_ctx)
        free_ctx(ctx);
    return flags;
}

static void close_screen(app *a, screen *s)
{
    (void)a;
    choose_screen *cs = self(s);
    if (cs->ctx && cs->free_ctx)
        cs->free_ctx(cs->ctx);
    for (size_t i = 0; i < cs->n; i++)
        free(cs->lines[i]);
    free(cs->lines);
    free(cs->title);
    free(cs);
}

static const screen_ops ops = {
    .title = title,
    .draw = draw,
    .act = act,
    .close = close_screen,
};

screen *choose_screen_new(const char *title_text, const char *const *lines, size_t n, size_t cursor,
                          choose_fn picked, void *ctx, void (*free_ctx)(void *))
{
    choose_screen *cs = xcalloc(1, sizeof *cs);
    cs->base.ops = &ops;
    cs->title = xstrdup(title_text);
    cs->lines = xmalloc((n ? n : 1) * sizeof *cs->lines);
    for (size_t i = 0; i < n; i++)
        cs->lines[i] = xstrdup(lines[i]);
    cs->n = n;
    cs->cur = cursor < n ? cursor : 0;
    cs->page = 1;
    cs->picked = picked;
    cs->ctx = ctx;
    cs->free_ctx = free_ctx;
    return &cs->base;
}
