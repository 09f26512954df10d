/* The screen manager: starts the terminal, runs the loop that reads a key,
 * dispatches it through the key table to the prompt, the app or the top
 * screen, polls the files, and draws a frame when a handler asks. */
#include "tui/tui.h"

#include "i18n/i18n.h"
#include "sync/repo.h"
#include "tui/app.h"
#include "tui/ask.h"
#include "tui/change.h"
#include "tui/checklist.h"
#include "tui/gitsync.h"
#include "tui/help.h"
#include "tui/lineedit.h"
#include "model/scan.h"
#include "model/timestamp.h"
#include "tui/overview.h"
#include "tui/rectlist.h"
#include "tui/search.h"
#include "tui/term.h"
#include "tui/units.h"
#include "tui/watch.h"
#include "tui/whoami.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- the app ---------------------------------------------------------- */

screen *app_top(app *a)
{
    return a->depth ? a->stack[a->depth - 1] : NULL;
}

void app_screen_free(app *a, screen *s)
{
    (void)a;
    free(s);
}

unsigned app_toggle_screen(app *a, const screen_ops *ops, screen *(*make)(app *a))
{
    int at = -1;
    for (int i = 0; i < a->depth; i++)
        if (a->stack[i]->ops == ops)
            at = i;
    if (at < 0)
        app_push(a, make(a));
    else if (at == a->depth - 1)
        app_pop(a);
    else
        while (a->depth - 1 > at)
            app_pop(a);
    return H_HANDLED | H_REDRAW;
}

void app_push(app *a, screen *s)
{
    if (a->depth == APP_MAX_DEPTH) {
        s->ops->close(a, s);
        return;
    }
    search_clear(a);
    a->stack[a->depth++] = s;
}

void app_pop(app *a)
{
    if (a->depth <= 1)
        return; /* the unit list stays */
    screen *s = a->stack[--a->depth];
    search_clear(a);
    s->ops->close(a, s);
}

void app_message(app *a, draw_role role, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    free(a->msg);
    a->msg = s;
    a->msg_role = role;
}

void app_clear_message(app *a)
{
    free(a->msg);
    a->msg = NULL;
}

char *app_diag_text(const diag *d)
{
    return d->file ? diag_format(d) : text_inert(d->msg, 0);
}

char *app_diag_first(diag_list *dl)
{
    char *s = dl->count ? app_diag_text(&dl->items[0]) : xstrdup("?");
    diag_clear(dl);
    return s;
}

void app_title_place(app *a, const char *screen_name, title_bar *t)
{
    const ws_config *cfg = &a->ws->cfg;
    const char *town = cfg->town ? cfg->town : "";
    char *full =
        xasprintf("qtown  %s %d  %s%s%s%s", town, cfg->year, screen_name, cfg->sample ? " (" : "",
                  cfg->sample ? tr(M_SAMPLE_DATA) : "", cfg->sample ? ")" : "");
    char *brief = xasprintf("%s %s", town, screen_name);
    title_add(t, TITLE_NAME, full, brief);
    free(full);
    free(brief);
    if (!app_writable(a)) {
        char *ro = xasprintf("[%s]", tr(M_TUI_READ_ONLY_TAG));
        title_add(t, TITLE_BADGE, ro, NULL);
        free(ro);
    }
}

void app_unit_changed(app *a, size_t ui)
{
    gitsync_stale(a);
    a->writable_known = false;
    for (int i = 0; i < a->depth; i++)
        if (a->stack[i]->ops->unit_changed)
            a->stack[i]->ops->unit_changed(a, a->stack[i], ui);
    a->dirty = true;
}

void app_units_changed(app *a)
{
    gitsync_stale(a);
    a->writable_known = false;
    for (int i = 0; i < a->depth; i++)
        if (a->stack[i]->ops->units_changed)
            a->stack[i]->ops->units_changed(a, a->stack[i]);
    a->dirty = true;
}

bool app_writable(app *a)
{
    if (!a->writable_known) {
        a->writable = workspace_writable(a->ws, NULL);
        a->writable_known = true;
    }
    return a->writable;
}

void app_reload_unit(app *a, size_t ui)
{
    ws_unit *wu = &a->ws->units[ui];
    diag_list dl = DIAG_LIST_INIT;
    workspace_reload_unit(a->ws, wu, &dl); /* a failure stays in wu->errors */
    diag_clear(&dl);
    roster_update(&a->roster, a->ws, ui);
    bool gone = wu->kind != KIND_TOWN && !fs_tree_exists(&a->ws->tree, wu->path);
    bool listed_changed = gone != a->roster.e[ui].gone;
    a->roster.e[ui].gone = gone;
    app_unit_changed(a, ui);
    if (listed_changed)
        app_units_changed(a);
}

unit *app_unit(app *a, size_t ui)
{
    ws_unit *wu = &a->ws->units[ui];
    if (wu->u)
        return wu->u;
    diag_list dl = DIAG_LIST_INIT; /* a failure stays in wu->errors */
    workspace_unit_full(a->ws, wu, &dl);
    diag_clear(&dl);
    roster_update(&a->roster, a->ws, ui); /* what the file says now */
    a->dirty = true;
    return wu->u;
}

bool app_refresh_unit(app *a, size_t ui)
{
    if (!workspace_unit_changed(a->ws, &a->ws->units[ui]))
        return false;
    app_reload_unit(a, ui);
    return true;
}

/* ---- drawing ---------------------------------------------------------- */

static void draw_status(app *a, int y)
{
    if (a->msg) {
        draw_text(y, 0, COLS, a->msg, draw_attr(a->msg_role), DRAW_PAD);
        return;
    }
    strbuf keys = STRBUF_INIT;
    keys_first_name(&keys, ACT_HELP);
    strbuf progress = STRBUF_INIT;
    gitsync_progress(a, &progress);
    if (progress.len) {
        draw_text(y, 0, COLS, sb_str(&progress), draw_attr(ROLE_NORMAL), DRAW_PAD);
    } else if (a->search) {
        strbuf next = STRBUF_INIT, prev = STRBUF_INIT, back = STRBUF_INIT;
        keys_first_name(&next, ACT_NEXT);
        keys_first_name(&prev, ACT_PREV);
        keys_first_name(&back, ACT_BACK);
        draw_fmt(y, 0, COLS, draw_attr(ROLE_DIM), DRAW_PAD, tr(M_TUI_SEARCH_HINT), a->search,
                 sb_str(&next), sb_str(&prev), sb_str(&back));
        sb_free(&next);
        sb_free(&prev);
        sb_free(&back);
    } else {
        draw_fmt(y, 0, COLS, draw_attr(ROLE_DIM), DRAW_PAD, tr(M_TUI_HINT), sb_str(&keys));
    }
    sb_free(&progress);
    sb_free(&keys);
}

/* Who signs the changes, a badge of the top line (left out before the
 * screen's name and figures when the terminal is narrow). */
static void title_signer(const app *a, title_bar *t)
{
    strbuf who = STRBUF_INIT;
    sb_printf(&who, tr(M_TUI_SIGNER), a->who.name);
    title_add(t, TITLE_BADGE, sb_str(&who), a->who.name);
    sb_free(&who);
}

static void draw_frame(app *a, bool full)
{
    if (full)
        clearok(curscr, TRUE);
    erase();
    if (draw_too_small()) {
        curs_set(0);
        draw_too_small_screen();
    } else {
        screen *s = app_top(a);
        title_bar t = {0};
        s->ops->title(a, s, &t);
        title_signer(a, &t);
        gitsync_title(a, &t); /* at the right, shortened or left out first */
        title_draw(&t, 0, COLS, draw_attr(ROLE_TITLE));
        int bottom = a->prompt ? lineedit_rows(a) : 1;
        int question = a->ask && a->prompt; /* then it goes above the prompt */
        s->ops->draw(a, s, 1, LINES - 1 - bottom - question);
        if (question)
            ask_draw(a, LINES - bottom - 1);
        if (a->prompt) {
            curs_set(1);
            lineedit_draw(a, LINES - bottom, bottom); /* leaves the cursor */
        } else {
            curs_set(0);
            if (a->ask)
                ask_draw(a, LINES - 1);
            else
                draw_status(a, LINES - 1);
        }
    }
    wnoutrefresh(stdscr);
    doupdate();
    term_frame_done();
}

/* ---- dispatch --------------------------------------------------------- */

/* Actions that mean the same on every screen. */
static unsigned app_action(app *a, action act)
{
    switch (act) {
    case ACT_QUIT:
        return H_QUIT;
    case ACT_HELP:
        if (help_is_open(a))
            app_pop(a);
        else
            app_push(a, help_screen_new(a));
        return H_HANDLED | H_REDRAW;
    case ACT_REDRAW:
        return H_HANDLED | H_REDRAW | H_FULL;
    case ACT_WHOAMI:
        app_push(a, whoami_screen_new(a));
        return H_HANDLED | H_REDRAW;
    case ACT_OVERVIEW:
        return overview_toggle(a);
    case ACT_RECTS:
        return rectlist_toggle(a);
    case ACT_SYNC:
        return gitsync_run(a);
    case ACT_UNDO:
        return change_undo(a);
    case ACT_REDO:
        return change_redo(a);
    case ACT_SEARCH:
        return search_start(a);
    case ACT_NEXT:
        return search_step(a, 1);
    case ACT_PREV:
        return search_step(a, -1);
    case ACT_BACK:
    case ACT_MATRIX_LEFT: /* the overview's Back */
        if (a->search) {
            search_clear(a);
            return H_HANDLED | H_REDRAW;
        }
        return 0;
    default:
        return 0;
    }
}

/* Ctrl-Z, wherever the keys go: the screen comes back whole on fg. */
static unsigned suspend(app *a)
{
    if (!term_suspend())
        app_message(a, ROLE_ERROR, "%s", tr(M_TUI_NO_SUSPEND));
    return H_HANDLED | H_REDRAW | H_FULL;
}

static unsigned dispatch(app *a, key k)
{
    if (keys_lookup(S_GLOBAL, k) == ACT_SUSPEND)
        return suspend(a);
    if (a->ask) {
        bool passed;
        unsigned flags = ask_key(a, k, &passed);
        if (!passed)
            return flags;
    }
    if (a->prompt)
        return lineedit_key(a, k);
    screen *s = app_top(a);
    unsigned scopes = S_GLOBAL | s->ops->scopes | (a->search ? S_SEARCH : 0);
    action act = keys_lookup(scopes, k);
    app_clear_message(a);
    if (act == ACT_NONE)
        return H_REDRAW;
    unsigned flags = app_action(a, act);
    if (!(flags & (H_HANDLED | H_QUIT)))
        flags = s->ops->act(a, s, act);
    return flags | H_REDRAW;
}

/* ---- the loop --------------------------------------------------------- */

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static size_t open_unit(const app *a)
{
    for (int i = a->depth; i-- > 0;) {
        size_t u = checklist_unit(a->stack[i]);
        if (u != SIZE_MAX)
            return u;
    }
    return SIZE_MAX;
}

/* One keystroke's work, from dispatch to the frame on the terminal. */
static bool step(app *a, key k)
{
    unsigned flags = dispatch(a, k);
    if (flags & H_QUIT)
        return false;
    if (flags & (H_REDRAW | H_FULL) || a->dirty) {
        draw_frame(a, (flags & H_FULL) != 0);
        a->dirty = false;
    }
    return true;
}

static void poll_files(app *a)
{
    if (gitsync_running(a))
        return; /* git is rewriting them: read when the sync ends */
    watch_poll(a, open_unit(a));
    if (gitsync_poll(a))
        a->dirty = true;
    if (a->dirty) {
        draw_frame(a, false);
        a->dirty = false;
    }
}

static void run(app *a)
{
    int64_t last_poll = now_ms();
    draw_frame(a, false);
    for (;;) {
        int64_t wait = WATCH_INTERVAL_MS - (now_ms() - last_poll);
        if (gitsync_running(a) && wait > GITSYNC_TICK_MS)
            wait = GITSYNC_TICK_MS;
        key k = 0;
        term_event ev = term_read(&k, wait < 0 ? 0 : (int)wait);
        if (ev == TERM_END)
            break;
        term_work_begin();
        if (ev == TERM_RESIZE)
            draw_frame(a, true);
        if (ev == TERM_KEY && !step(a, k))
            break;
        /* headless runs poll only when the script says so, to stay
         * deterministic */
        bool due = !term_headless() && now_ms() - last_poll >= WATCH_INTERVAL_MS;
        if (ev == TERM_POLL || due) {
            poll_files(a);
            last_poll = now_ms();
        }
        if (gitsync_tick(a)) {
            draw_frame(a, false);
            a->dirty = false;
        }
        term_work_end(ev);
    }
}

static void app_free(app *a)
{
    ask_close(a);
    lineedit_close(a);
    while (a->depth > 0) {
        screen *s = a->stack[--a->depth];
        s->ops->close(a, s);
    }
    search_clear(a);
    app_clear_message(a);
    change_log_free(a);
    watch_free(a);
    gitsync_free(a);
    roster_free(&a->roster);
    identity_free(&a->who);
}

int tui_run(workspace *ws)
{
    if (!text_user_locale_is_utf8()) {
        const char *l = getenv("LC_ALL");
        if (!l || !*l)
            l = getenv("LC_CTYPE");
        if (!l || !*l)
            l = getenv("LANG");
        char *shown = text_inert(l && *l ? l : "C", 0); /* the environment's text */
        fprintf(stderr, TR(M_TUI_NEED_UTF8), shown);
        fputc('\n', stderr);
        free(shown);
        return 1;
    }
    /* every unit's summary (from the cache when the files are the ones it
     * was made from); a unit that fails to load is listed with its errors,
     * read-only.  Past the limit the command line refuses, so do the
     * screens: some units would be missing from the lists and searches,
     * silently */
    diag_list dl = DIAG_LIST_INIT;
    workspace_scan(ws, false, NULL, &dl);
    if (!ws->scanned) {
        diag_print(&dl, stderr);
        diag_clear(&dl);
        return 1;
    }
    diag_clear(&dl);
    app a = {.ws = ws};
    diag_list start_dl = DIAG_LIST_INIT;
    if (!identity_resolve(ws, NULL, repo_user_name, &a.who, &start_dl) ||
        !date_today(&a.today, &start_dl)) {
        char *why = app_diag_first(&start_dl);
        fprintf(stderr, "qtown: %s\n", why);
        free(why);
        identity_free(&a.who);
        return 1;
    }
    a.roster.today = a.today;
    watch_start(&a);
    if (!term_start(&dl)) {
        char *why = app_diag_first(&dl);
        fprintf(stderr, TR(M_TUI_NO_TERMINAL), why);
        fputc('\n', stderr);
        free(why);
        watch_free(&a);
        identity_free(&a.who);
        return 1;
    }
    draw_init();
    roster_sync(&a.roster, ws, 0);
    gitsync_start(&a);
    app_push(&a, units_screen_new(&a));
    whoami_notice(&a);
    run(&a);
    app_free(&a);
    term_stop();
    workspace_save_cache(ws); /* the units saved or seen changing meanwhile */
    return 0;
}
