#include "model/scan.h"

#include "model/cache.h"
#include "model/summary.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <unistd.h>

/* More threads than this gain nothing on a laptop's disk. */
#define SCAN_MAX_THREADS 8
/* Fewer files than this per thread are parsed by one. */
#define SCAN_FILES_PER_THREAD 64

/* ---- the stat of every file, from its folder's descriptor ------------- */

/* A folder of unit files, opened through the workspace's tree (never
 * through a link); NULL when it is missing. */
static DIR *open_folder(const workspace *ws, unit_kind kind)
{
    const char *dir = workspace_kind_dir(kind);
    return fs_tree_opendir(&ws->tree, *dir ? dir : ".", NULL);
}

/* The stamp of wu's file now, or an absent stamp. */
static file_stamp stat_unit(DIR *folder, const ws_unit *wu)
{
    file_stamp now = {0};
    if (!folder)
        return now;
    char *name = wu->kind == KIND_TOWN ? xstrdup("town.yaml") : xasprintf("%s.yaml", wu->id);
    if (fs_stamp_at(dirfd(folder), name, &now) != FS_OK)
        memset(&now, 0, sizeof now);
    free(name);
    return now;
}

/* ---- parsing what the cache does not vouch for, in parallel ----------- */

typedef struct job {
    const workspace *ws;
    ws_unit **todo;
    size_t n;
    atomic_size_t next;
} job;

typedef struct worker {
    job *j;
    arena *mem;
} worker;

static int work(void *arg)
{
    worker *w = arg;
    job *j = w->j;
    for (size_t i; (i = atomic_fetch_add(&j->next, 1)) < j->n;)
        workspace_read_summary(j->ws, j->todo[i], w->mem);
    return 0;
}

static size_t threads_for(size_t files)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = cpus > 0 ? (size_t)cpus : 1;
    if (n > SCAN_MAX_THREADS)
        n = SCAN_MAX_THREADS;
    if (n > files / SCAN_FILES_PER_THREAD)
        n = files / SCAN_FILES_PER_THREAD;
    return n ? n : 1;
}

/* Parses the files; each thread sums up into an arena of its own, which
 * the workspace keeps.  Returns the threads used. */
static size_t parse_all(workspace *ws, ws_unit **todo, size_t n)
{
    job j = {.ws = ws, .todo = todo, .n = n};
    atomic_init(&j.next, 0);
    size_t want = threads_for(n);
    worker *w = xcalloc(want, sizeof *w);
    thrd_t *t = xcalloc(want, sizeof *t);
    size_t started = 0;
    for (size_t i = 0; i < want; i++) {
        w[i] = (worker){&j, i == 0 ? ws->sums : arena_new(256 * 1024)};
        if (i > 0 && thrd_create(&t[i], work, &w[i]) != thrd_success) {
            arena_free(w[i].mem);
            break;
        }
        started = i + 1;
    }
    work(&w[0]); /* this thread is one of them */
    for (size_t i = 1; i < started; i++) {
        thrd_join(t[i], NULL);
        ws->more_sums = xrealloc(ws->more_sums, (ws->n_more_sums + 1) * sizeof *ws->more_sums);
        ws->more_sums[ws->n_more_sums++] = w[i].mem;
    }
    free(w);
    free(t);
    return started;
}

/* ---- the scan ------------------------------------------------------------ */

/* Takes each unit's summary from the cache when its file is the one the
 * cache was made from; returns those that must be parsed. */
static ws_unit **use_cache(workspace *ws, cache *c, scan_stats *st, size_t *n_todo)
{
    ws_unit **todo = xcalloc(ws->n_units + 1, sizeof *todo);
    DIR *folders[3] = {open_folder(ws, KIND_TOWN), open_folder(ws, KIND_VILLAGE),
                       open_folder(ws, KIND_ENTERPRISE)};
    *n_todo = 0;
    for (size_t i = 0; i < ws->n_units; i++) {
        ws_unit *wu = &ws->units[i];
        DIR *folder = folders[wu->kind == KIND_TOWN ? 0 : wu->kind == KIND_VILLAGE ? 1 : 2];
        file_stamp now = stat_unit(folder, wu), kept;
        bool renewed;
        st->units += now.exists;
        const unit_summary *s =
            wu->sum || wu->u ? NULL : cache_lookup(c, ws, wu, &now, &kept, &renewed);
        if (wu->sum || wu->u) {
            continue; /* read already (workspace_find_unit) */
        } else if (s) {
            wu->sum = s;
            wu->stamp = kept;
            diag_clear(&wu->errors);
            st->cached++;
            st->rehashed += renewed;
        } else {
            todo[(*n_todo)++] = wu;
        }
    }
    for (int k = 0; k < 3; k++)
        if (folders[k])
            closedir(folders[k]);
    return todo;
}

/* How many parsed files make it worth writing a lazy scan's cache again:
 * the square root of the units' number (316 of 100,000). */
static size_t worth_writing(size_t units)
{
    size_t r = 0;
    while ((r + 1) * (r + 1) <= units)
        r++;
    return r;
}

/* The scan; the cache is written again when anything differed from it
 * (when `lazy`, only when more than worth_writing files were parsed). */
static bool scan(workspace *ws, bool fresh, bool lazy, scan_stats *stats, diag_list *dl)
{
    scan_stats local;
    scan_stats *st = stats ? stats : &local;
    memset(st, 0, sizeof *st);
    if (!workspace_list_units(ws, dl))
        return false;
    cache *c = fresh ? NULL : cache_read(ws, ws->sums);
    size_t n_todo;
    ws_unit **todo = use_cache(ws, c, st, &n_todo);
    if (n_todo) {
        st->parsed = n_todo;
        st->threads = parse_all(ws, todo, n_todo);
    }
    bool ok = true;
    size_t n_new = 0; /* parsed, and to be kept in the cache */
    for (size_t i = 0; i < n_todo; i++) {
        n_new += cache_keeps(todo[i]->kind);
        if (!todo[i]->sum) {
            workspace_unit_errors(todo[i], dl);
            ok = false;
        }
    }
    /* new or changed files, racy entries made sure of, units gone */
    ws->cache_stale = !c || n_new || st->rehashed || cache_count(c) != st->cached;
    free(todo);
    cache_free(c);
    if (ws->cache_stale && (!c || !lazy || n_todo > worth_writing(ws->n_units))) {
        diag_list ignored = DIAG_LIST_INIT;
        st->wrote = cache_write(ws, &ignored);
        ws->cache_stale = !st->wrote;
        diag_clear(&ignored);
    }
    return ok;
}

bool workspace_scan(workspace *ws, bool fresh, scan_stats *stats, diag_list *dl)
{
    return scan(ws, fresh, false, stats, dl);
}

bool workspace_scan_once(workspace *ws, scan_stats *stats, diag_list *dl)
{
    return scan(ws, false, true, stats, dl);
}

void workspace_save_cache(workspace *ws)
{
    if (!ws->cache_stale)
        return;
    diag_list ignored = DIAG_LIST_INIT;
    if (cache_write(ws, &ignored))
        ws->cache_stale = false;
    diag_clear(&ignored);
}
