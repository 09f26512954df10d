#include "tui/gitsync.h"

#include "i18n/i18n.h"
#include "sync/sync.h"
#include "tui/watch.h"
#include "util/xalloc.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gitsync {
    sync_state st;
    bool known; /* st was read (a repository, git installed) */
    bool stale;
};

static bool read_state(app *a)
{
    struct gitsync *g = a->gitsync;
    sync_state before = g->st;
    bool known_before = g->known;
    diag_list dl = DIAG_LIST_INIT;
    g->known = sync_status(a->ws->root, &g->st, &dl) && g->st.is_repo && !g->st.git_missing;
    diag_clear(&dl);
    g->stale = false;
    return g->known != known_before || memcmp(&before, &g->st, sizeof before) != 0;
}

void gitsync_start(app *a)
{
    a->gitsync = xcalloc(1, sizeof *a->gitsync);
    read_state(a);
}

void gitsync_stale(app *a)
{
    if (a->gitsync)
        a->gitsync->stale = true;
}

bool gitsync_poll(app *a)
{
    return a->gitsync && a->gitsync->stale && read_state(a);
}

void gitsync_describe(const app *a, strbuf *out)
{
    const struct gitsync *g = a->gitsync;
    if (!g || !g->known)
        return;
    if (g->st.changed_files || g->st.unpushed)
        sb_printf(out, tr(M_TUI_SYNC_PENDING), g->st.changed_files, g->st.unpushed);
    else if (g->st.has_remote)
        sb_puts(out, tr(M_TUI_SYNC_CLEAN));
}

/* The units that came in are read again; units added or removed are
 * found by the watch. */
static void reload_received(app *a, const sync_changes *received)
{
    workspace *ws = a->ws;
    for (size_t r = 0; r < received->n; r++) {
        unit_kind kind;
        char *id;
        if (!workspace_unit_of_path(received->items[r].path, &kind, &id))
            continue;
        for (size_t i = 0; i < ws->n_units && i < a->roster.n; i++)
            if (ws->units[i].kind == kind && strcmp(ws->units[i].id, id) == 0)
                app_refresh_unit(a, i);
        free(id);
    }
    watch_poll(a, SIZE_MAX);
}

/* The plan or the settings came in: the screens still use the old ones. */
static bool settings_received(const sync_changes *received)
{
    for (size_t r = 0; r < received->n; r++)
        if (strcmp(received->items[r].path, "plan.yaml") == 0 ||
            strcmp(received->items[r].path, "qtown.yaml") == 0)
            return true;
    return false;
}

static void report(app *a, const sync_result *res)
{
    size_t sent = sync_changes_count(&res->sent, NULL);
    size_t received = sync_changes_count(&res->received, NULL);
    if (res->problems.count)
        app_message(a, ROLE_ERROR, tr(M_TUI_SYNC_PROBLEMS), res->problems.count);
    else if (settings_received(&res->received))
        app_message(a, ROLE_ERROR, "%s", tr(M_TUI_SYNC_RESTART));
    else if (!res->remote)
        app_message(a, ROLE_OK, tr(M_TUI_SYNC_NO_REMOTE), sent);
    else if (res->offline)
        app_message(a, ROLE_ERROR, tr(M_TUI_SYNC_OFFLINE), sent, res->remote);
    else
        app_message(a, ROLE_OK, tr(M_TUI_SYNCED), res->remote, res->branch, sent, received);
}

unsigned gitsync_run(app *a)
{
    /* the terminal is git's while it runs: it may ask for a password */
    def_prog_mode();
    endwin();
    fprintf(stderr, "%s\n", tr(M_TUI_SYNCING));
    sync_opts o = {.by = a->who.name};
    sync_result res;
    diag_list dl = DIAG_LIST_INIT;
    bool ok = sync_run(a->ws, &o, &res, &dl);
    reset_prog_mode();
    if (ok) {
        reload_received(a, &res.received);
        report(a, &res);
    } else {
        char *why = app_diag_first(&dl);
        app_message(a, ROLE_ERROR, "%s", why);
        free(why);
    }
    sync_result_free(&res);
    diag_clear(&dl);
    if (a->gitsync)
        read_state(a);
    return H_HANDLED | H_REDRAW | H_FULL;
}

void gitsync_free(app *a)
{
    free(a->gitsync);
    a->gitsync = NULL;
}
