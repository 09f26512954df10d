#include "tui/whoami.h"

#include "i18n/i18n.h"
#include "tui/lineedit.h"
#include "tui/motion.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct whoami_screen {
    screen base;
    list_view view; /* rows: the inspectors, then "another name" */
} whoami_screen;

static const screen_ops ops;

static whoami_screen *self(screen *s)
{
    return (whoami_screen *)s;
}

static size_t n_rows(const app *a)
{
    return a->ws->cfg.n_inspectors + 1;
}

static void title(app *a, screen *s, title_bar *t)
{
    (void)a;
    (void)s;
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "qtown  %s", tr(M_TUI_WHO_TITLE));
    title_add(t, TITLE_NAME, sb_str(&sb), tr(M_TUI_WHO_TITLE));
    sb_free(&sb);
}

static void draw(app *a, screen *s, int top, int rows)
{
    whoami_screen *ws = self(s);
    strbuf sb = STRBUF_INIT;
    identity_describe_source(&a->who, &sb);
    draw_fmt(top, 0, COLS, A_NORMAL, 0, tr(M_TUI_WHO_NOW), a->who.name, sb_str(&sb));
    sb_reset(&sb);
    char *path = identity_config_path();
    draw_fmt(top + 1, 0, COLS, draw_attr(ROLE_DIM), 0, tr(M_TUI_WHO_CHOOSE), path);
    free(path);
    int list_top = top + 3, list_rows = rows - 3;
    if (list_rows < 1)
        return;
    list_show(&ws->view, (size_t)list_rows);
    for (int y = 0; y < list_rows && ws->view.top + (size_t)y < n_rows(a); y++) {
        size_t r = ws->view.top + (size_t)y;
        bool other = r == a->ws->cfg.n_inspectors;
        const char *name = other ? tr(M_TUI_WHO_OTHER) : a->ws->cfg.inspectors[r];
        attr_t attr = r == ws->view.cur ? draw_attr(ROLE_CURSOR) : A_NORMAL;
        draw_blank(list_top + y, 0, COLS, attr);
        bool current = !other && strcmp(name, a->who.name) == 0;
        draw_text(list_top + y, 2, COLS - 2, current ? "*" : " ", attr, 0);
        draw_text(list_top + y, 4, COLS - 4, name, attr | (other ? A_DIM : 0), 0);
    }
    sb_free(&sb);
}

/* Signs as `name` from now on, remembered in the user's config; says so,
 * and says when something earlier in the order ($QTOWN_USER) will sign
 * again next time. */
static void sign_as(app *a, const char *name)
{
    diag_list dl = DIAG_LIST_INIT;
    bool saved = identity_config_write(name, &dl);
    identity_free(&a->who);
    a->who.name = xstrdup(name);
    a->who.source = IDENTITY_USER_CONFIG;
    a->who.where = identity_config_path();
    identity next = {0};
    if (!saved) {
        char *why = app_diag_first(&dl);
        app_message(a, ROLE_ERROR, tr(M_TUI_WHO_NOT_SAVED), name, why);
        free(why);
    } else if (identity_resolve(a->ws, NULL, NULL, &next, &dl) &&
               next.source < IDENTITY_USER_CONFIG) {
        strbuf from = STRBUF_INIT;
        identity_describe_source(&next, &from);
        app_message(a, ROLE_ERROR, tr(M_TUI_WHO_OVERRIDDEN), name, next.name, sb_str(&from));
        sb_free(&from);
    } else {
        app_message(a, ROLE_OK, tr(M_TUI_WHO_SAVED), name);
    }
    identity_free(&next);
    diag_clear(&dl);
    if (app_top(a)->ops == &ops)
        app_pop(a);
}

static unsigned name_typed(app *a, const char *text, void *ctx)
{
    (void)ctx;
    if (!unit_name_valid(text)) {
        app_message(a, ROLE_ERROR, "%s", tr(M_WHO_BAD_NAME));
        return H_HANDLED;
    }
    sign_as(a, text);
    return H_HANDLED;
}

static unsigned choose(app *a, whoami_screen *ws)
{
    if (ws->view.cur < a->ws->cfg.n_inspectors) {
        sign_as(a, a->ws->cfg.inspectors[ws->view.cur]);
        return H_HANDLED | H_REDRAW;
    }
    strbuf label = STRBUF_INIT;
    sb_printf(&label, "%s%s", tr(M_TUI_WHO_NAME), tr(M_TUI_COLON));
    lineedit_open(a, sb_str(&label), "", false, UNIT_MAX_NAME, name_typed, NULL, NULL);
    sb_free(&label);
    return H_HANDLED | H_REDRAW;
}

static unsigned act(app *a, screen *s, action act)
{
    whoami_screen *ws = self(s);
    if (list_key(&ws->view, act, n_rows(a)))
        return H_HANDLED | H_REDRAW;
    switch (act) {
    case ACT_OPEN:
        return choose(a, ws);
    case ACT_BACK:
        app_pop(a);
        return H_HANDLED | H_REDRAW;
    default:
        return 0;
    }
}

static const screen_ops ops = {
    .scopes = 0,
    .title = title,
    .draw = draw,
    .act = act,
    .close = app_screen_free,
};

screen *whoami_screen_new(app *a)
{
    whoami_screen *ws = xcalloc(1, sizeof *ws);
    ws->base.ops = &ops;
    ws->view.cur = a->ws->cfg.n_inspectors; /* "another name", unless one is the current */
    for (size_t i = 0; i < a->ws->cfg.n_inspectors; i++)
        if (strcmp(a->ws->cfg.inspectors[i], a->who.name) == 0)
            ws->view.cur = i;
    return &ws->base;
}

void whoami_notice(app *a)
{
    if (a->who.source != IDENTITY_WORKSPACE)
        return;
    strbuf keyname = STRBUF_INIT;
    keys_first_name(&keyname, ACT_WHOAMI);
    app_message(a, ROLE_NORMAL, tr(M_TUI_WHO_SHARED), a->who.name, sb_str(&keyname));
    sb_free(&keyname);
}
