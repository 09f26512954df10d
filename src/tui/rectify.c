#include "tui/rectify.h"

#include "i18n/i18n.h"
#include "model/timestamp.h"
#include "tui/change.h"
#include "tui/lineedit.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* What has been typed so far, handed from one prompt to the next. */
typedef struct order_ctx {
    size_t unit;
    const plan_check *check;
    char *what, *owner;
} order_ctx;

static void order_free(void *p)
{
    order_ctx *o = p;
    free(o->what);
    free(o->owner);
    free(o);
}

static order_ctx *order_copy(const order_ctx *o)
{
    order_ctx *c = xcalloc(1, sizeof *c);
    c->unit = o->unit;
    c->check = o->check;
    c->what = o->what ? xstrdup(o->what) : NULL;
    c->owner = o->owner ? xstrdup(o->owner) : NULL;
    return c;
}

static bool blank_text(const char *s)
{
    return !s[strspn(s, " \t\r\n")];
}

/* After a save (done or refused): the roster and every screen see the
 * unit as its file is now. */
static void saved(app *a, size_t ui)
{
    roster_update(&a->roster, a->ws, ui);
    app_unit_changed(a, ui);
}

static void say_problem(app *a, diag_list *dl)
{
    char *why = app_diag_first(dl);
    app_message(a, ROLE_ERROR, tr(M_TUI_NOT_SAVED), why);
    free(why);
}

static unsigned due_typed(app *a, const char *text, void *ctx)
{
    const order_ctx *o = ctx;
    int64_t due;
    char day[DATE_SIZE];
    if (!date_parse_input(text, a->today, &due)) {
        app_message(a, ROLE_ERROR, tr(M_RECT_BAD_DUE), text);
        return H_HANDLED | H_REDRAW;
    }
    date_format(due, day);
    if (!change_prepare(a, o->unit))
        return H_HANDLED | H_REDRAW;
    rect_new n = {o->check, o->what, o->owner, day};
    char *id = NULL;
    diag_list dl = DIAG_LIST_INIT;
    if (rect_open(a->ws, &a->ws->units[o->unit], &n, a->who.name, &id, &dl))
        app_message(a, ROLE_OK, tr(M_TUI_RECT_ORDERED), id, o->check->id, day);
    else
        say_problem(a, &dl);
    saved(a, o->unit);
    free(id);
    return H_HANDLED | H_REDRAW;
}

static unsigned owner_typed(app *a, const char *text, void *ctx)
{
    if (blank_text(text)) {
        app_message(a, ROLE_ERROR, "%s", tr(M_RECT_NO_OWNER));
        return H_HANDLED | H_REDRAW;
    }
    order_ctx *next = order_copy(ctx);
    next->owner = xstrdup(text);
    lineedit_open(a, tr(M_TUI_RECT_ASK_DUE), "+30", false, 32, due_typed, next, order_free);
    return H_HANDLED | H_REDRAW;
}

static unsigned what_typed(app *a, const char *text, void *ctx)
{
    if (blank_text(text)) {
        app_message(a, ROLE_ERROR, "%s", tr(M_RECT_NO_WHAT));
        return H_HANDLED | H_REDRAW;
    }
    order_ctx *next = order_copy(ctx);
    next->what = xstrdup(text);
    lineedit_open(a, tr(M_TUI_RECT_ASK_OWNER), "", false, RECORD_MAX_LINE, owner_typed, next,
                  order_free);
    return H_HANDLED | H_REDRAW;
}

unsigned rectify_ui_order(app *a, size_t ui, const plan_check *c)
{
    if (!change_prepare(a, ui))
        return H_HANDLED | H_REDRAW;
    order_ctx *o = xcalloc(1, sizeof *o);
    o->unit = ui;
    o->check = c;
    char *label = xasprintf(tr(M_TUI_RECT_ASK_WHAT), c->id);
    lineedit_open(a, label, "", true, UNIT_MAX_NOTE, what_typed, o, order_free);
    free(label);
    return H_HANDLED | H_REDRAW;
}

/* ---- steps ------------------------------------------------------------ */

typedef struct done_ctx {
    size_t unit;
    const plan_check *check;
} done_ctx;

static unsigned mark_done_answered(app *a, const char *text, void *ctx)
{
    const done_ctx *d = ctx;
    if (text[0] != 'y' && text[0] != 'Y')
        return H_HANDLED | H_REDRAW;
    check_value v = {.st = STATUS_DONE};
    return change_apply(a, d->unit, d->check, CH_STATUS, &v);
}

/* A verification closes the loop: the check may be marked done now. */
static void offer_check_done(app *a, size_t ui, const plan_check *c)
{
    const unit *u = app_unit(a, ui);
    if (!c || !u || unit_status_of(u, c) == STATUS_DONE)
        return;
    done_ctx *d = xmalloc(sizeof *d);
    *d = (done_ctx){ui, c};
    char *label = xasprintf(tr(M_TUI_RECT_ASK_CHECK_DONE), c->id);
    lineedit_open(a, label, "y", false, 8, mark_done_answered, d, free);
    free(label);
}

unsigned rectify_ui_step(app *a, size_t ui, const char *id, rect_state to)
{
    char *keep = xstrdup(id); /* the record goes when the unit is read again */
    if (!change_prepare(a, ui)) {
        free(keep);
        return H_HANDLED | H_REDRAW;
    }
    rect_step_req req = {.id = keep, .to = to};
    rect_state from;
    const plan_check *c = NULL;
    diag_list dl = DIAG_LIST_INIT;
    if (rect_step(a->ws, &a->ws->units[ui], &req, a->who.name, &from, &c, &dl)) {
        app_message(a, ROLE_OK, tr(M_TUI_RECT_STEPPED), keep, rect_state_title(from),
                    rect_state_title(to));
        saved(a, ui);
        if (to == RECT_VERIFIED)
            offer_check_done(a, ui, c);
    } else {
        say_problem(a, &dl);
        saved(a, ui);
    }
    free(keep);
    return H_HANDLED | H_REDRAW;
}
