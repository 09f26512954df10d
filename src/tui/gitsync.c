#include "tui/gitsync.h"

#include "i18n/i18n.h"
#include "sync/summary.h"
#include "sync/sync.h"
#include "tui/term.h"
#include "tui/watch.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A sync running in a thread of its own.  The thread owns res and dl
 * until `done`; what it tells of its progress is copied under `lock`. */
typedef struct running {
    pthread_t thread;
    const workspace *ws;
    sync_opts opts;
    char *by; /* who signs: a copy (w may change the screens' while it runs) */
    sync_result res;
    diag_list dl;
    bool ok;
    atomic_bool done;
    atomic_bool stop; /* asked to stop */
    pthread_mutex_t lock;
    sync_progress progress; /* the last told; remote copied into `remote` */
    char remote[128];
    bool told;     /* progress was told since it was last shown */
    bool threaded; /* else it ran before gitsync_run returned */
} running;

struct gitsync {
    sync_state st;
    bool known; /* st was read (a repository, git installed) */
    bool stale;
    running *run; /* NULL when no sync is running */
    char *shown;  /* the progress line as last drawn */
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
    return a->gitsync && !a->gitsync->run && a->gitsync->stale && read_state(a);
}

bool gitsync_running(const app *a)
{
    return a->gitsync && a->gitsync->run;
}

void gitsync_title(const app *a, title_bar *t)
{
    const struct gitsync *g = a->gitsync;
    if (g && g->run) {
        title_add_right(t, TITLE_BADGE, tr(M_TUI_SYNC_RUNNING), NULL);
        return;
    }
    if (!g || !g->known)
        return;
    if (g->st.changed_files || g->st.unpushed) {
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, tr(M_TUI_SYNC_PENDING), g->st.changed_files, g->st.unpushed);
        title_add_right(t, TITLE_BADGE, sb_str(&sb), tr(M_TUI_SYNC_PENDING_BRIEF));
        sb_free(&sb);
    } else if (g->st.has_remote) {
        title_add_right(t, TITLE_BADGE, tr(M_TUI_SYNC_CLEAN), NULL);
    }
}

void gitsync_progress(const app *a, strbuf *out)
{
    const struct gitsync *g = a->gitsync;
    if (g && g->run && g->shown)
        sb_puts(out, g->shown);
}

/* ---- the thread ---------------------------------------------------------------------- */

static void told(void *ctx, const sync_progress *p)
{
    running *r = ctx;
    pthread_mutex_lock(&r->lock);
    r->progress = *p;
    snprintf(r->remote, sizeof r->remote, "%s", p->remote ? p->remote : "");
    r->progress.remote = r->remote;
    r->told = true;
    pthread_mutex_unlock(&r->lock);
}

static bool keep_going(void *ctx)
{
    return !atomic_load(&((running *)ctx)->stop);
}

static void *run_sync(void *arg)
{
    running *r = arg;
    /* signals are the screens' business (a resize), not this thread's */
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    r->ok = sync_run(r->ws, &r->opts, &r->res, &r->dl);
    atomic_store(&r->done, true);
    return NULL;
}

/* ---- the end of a sync -------------------------------------------------------------------- */

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

/* Waits for the thread (done, or about to be) and, unless quitting, says
 * how it went. */
static void finish(app *a, bool quitting)
{
    struct gitsync *g = a->gitsync;
    running *r = g->run;
    if (r->threaded)
        pthread_join(r->thread, NULL);
    pthread_mutex_destroy(&r->lock);
    g->run = NULL;
    free(g->shown);
    g->shown = NULL;
    if (!quitting && r->ok) {
        reload_received(a, &r->res.received);
        report(a, &r->res);
    } else if (!quitting) {
        char *why = app_diag_first(&r->dl);
        app_message(a, ROLE_ERROR, "%s", why);
        free(why);
    }
    sync_result_free(&r->res);
    diag_clear(&r->dl);
    free(r->by);
    free(r);
    if (!quitting)
        read_state(a);
    a->dirty = true;
}

unsigned gitsync_run(app *a)
{
    struct gitsync *g = a->gitsync;
    if (g->run) { /* the key again: stop it */
        atomic_store(&g->run->stop, true);
        app_message(a, ROLE_NORMAL, "%s", tr(M_TUI_SYNC_STOPPING));
        return H_HANDLED | H_REDRAW;
    }
    running *r = xcalloc(1, sizeof *r);
    r->ws = a->ws;
    r->by = a->who.name ? xstrdup(a->who.name) : NULL;
    r->opts = (sync_opts){.by = r->by,
                          .no_terminal = true, /* the screens keep it */
                          .progress = told,
                          .keep_going = keep_going,
                          .ctx = r};
    r->dl = (diag_list)DIAG_LIST_INIT;
    atomic_init(&r->done, false);
    atomic_init(&r->stop, false);
    pthread_mutex_init(&r->lock, NULL);
    g->run = r;
    g->shown = xstrdup(tr(M_TUI_SYNCING));
    r->threaded = pthread_create(&r->thread, NULL, run_sync, r) == 0;
    if (!r->threaded)
        run_sync(r);                     /* no thread to be had: the screens wait */
    if (!r->threaded || term_headless()) /* a script of keys must not race the sync */
        finish(a, false);
    return H_HANDLED | H_REDRAW;
}

bool gitsync_tick(app *a)
{
    struct gitsync *g = a->gitsync;
    running *r = g ? g->run : NULL;
    if (!r)
        return false;
    if (atomic_load(&r->done)) {
        finish(a, false);
        return true;
    }
    strbuf line = STRBUF_INIT;
    pthread_mutex_lock(&r->lock);
    bool changed = r->told;
    if (changed)
        summary_progress(&r->progress, i18n_lang(), &line);
    r->told = false;
    pthread_mutex_unlock(&r->lock);
    if (changed && (!g->shown || strcmp(g->shown, sb_str(&line)) != 0)) {
        free(g->shown);
        g->shown = sb_steal(&line);
    } else {
        changed = false;
    }
    sb_free(&line);
    return changed;
}

void gitsync_free(app *a)
{
    struct gitsync *g = a->gitsync;
    if (g && g->run) { /* quitting: the sync stops where it safely can */
        atomic_store(&g->run->stop, true);
        finish(a, true);
    }
    if (g)
        free(g->shown);
    free(g);
    a->gitsync = NULL;
}
