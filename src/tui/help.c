#include "tui/help.h"

#include "i18n/i18n.h"
#include "tui/motion.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>

typedef struct help_screen {
    screen base;
    list_view view; /* a text: no cursor */
    size_t n_lines; /* as last drawn, to bound scrolling */
} help_screen;

static const screen_ops ops;

static help_screen *self(screen *s)
{
    return (help_screen *)s;
}

bool help_is_open(const app *a)
{
    return a->depth > 0 && a->stack[a->depth - 1]->ops == &ops;
}

typedef struct help_line {
    action act;     /* ACT_NONE: a heading */
    unsigned scope; /* headings */
} help_line;

/* The lines of the help: each scope's heading, then its actions, in the
 * order of the table. */
static size_t help_lines(help_line *out, size_t max)
{
    size_t n = 0;
    for (unsigned b = 0; b < SCOPE_COUNT; b++) {
        if (n < max)
            out[n] = (help_line){ACT_NONE, b};
        n++;
        for (int act = ACT_NONE + 1; act < ACTION_COUNT; act++)
            if (keys_scope((action)act) == 1u << b) {
                if (n < max)
                    out[n] = (help_line){(action)act, b};
                n++;
            }
    }
    return n;
}

static void title(app *a, screen *s, title_bar *t)
{
    (void)a;
    (void)s;
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "qtown  %s", tr(M_TUI_HELP_TITLE));
    title_add(t, TITLE_NAME, sb_str(&sb), tr(M_TUI_HELP_TITLE));
    sb_free(&sb);
}

static void draw(app *a, screen *s, int top, int rows)
{
    (void)a;
    help_screen *hs = self(s);
    help_line lines[ACTION_COUNT + SCOPE_COUNT];
    size_t n = help_lines(lines, sizeof lines / sizeof *lines);
    hs->n_lines = n;
    list_show_text(&hs->view, (size_t)rows, n);
    int key_w = COLS / 3 < 22 ? COLS / 3 : 22;
    strbuf sb = STRBUF_INIT;
    for (int y = 0; y < rows && hs->view.top + (size_t)y < n; y++) {
        const help_line *l = &lines[hs->view.top + (size_t)y];
        if (l->act == ACT_NONE) {
            draw_text(top + y, 0, COLS, keys_scope_title(l->scope), draw_attr(ROLE_GROUP), 0);
            continue;
        }
        sb_reset(&sb);
        keys_describe(&sb, l->act);
        draw_text(top + y, 2, key_w - 1, sb_str(&sb), A_NORMAL, 0);
        draw_text(top + y, 2 + key_w, COLS - 2 - key_w, keys_help(l->act), A_NORMAL, 0);
    }
    sb_free(&sb);
}

static unsigned act(app *a, screen *s, action act)
{
    help_screen *hs = self(s);
    /* the end of the help is bounded when drawn */
    if (list_scroll(&hs->view, act, hs->n_lines))
        return H_HANDLED | H_REDRAW;
    switch (act) {
    case ACT_BACK:
    case ACT_OPEN:
        app_pop(a);
        break;
    default:
        return 0;
    }
    return H_HANDLED | H_REDRAW;
}

static const screen_ops ops = {
    .scopes = 0,
    .title = title,
    .draw = draw,
    .act = act,
    .close = app_screen_free,
};

screen *help_screen_new(app *a)
{
    (void)a;
    help_screen *hs = xcalloc(1, sizeof *hs);
    hs->base.ops = &ops;
    return &hs->base;
}
