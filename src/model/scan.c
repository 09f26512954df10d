#include "model/scan.h"

#include "model/cache.h"
#include "model/ids.h"
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

/* ---- the listing, the cache and the stats, at once ----------------------- */

/* Files stat'ed at a time by whichever thread takes them next. */
#define SCAN_STAT_CHUNK 1024

/* A folder of unit files, opened through the workspace's tree (never
 * through a link); NULL when it is missing. */
static DIR *open_folder(const workspace *ws, unit_kind kind)
{
    const char *dir = workspace_kind_dir(kind);
    return fs_tree_opendir(&ws->tree, *dir ? dir : ".", NULL);
}

/* At 100,000 units the listing (~0.1 s), the cache's reading (~0.35 s)
 * and the stats (~0.3 s of the kernel's time) take about as long as each
 * other.  The cache needs no listing: another thread reads it while this
 * one lists the files and stats them; that thread then takes the stats
 * left, and so do threads of their own on the processors left over. */
typedef struct stat_job {
    const workspace *ws;
    DIR *folders[3];    /* the town's (the workspace), villages/, enterprises/ */
    file_stamp *now;    /* one per unit: its file's stamp, or an absent one */
    atomic_bool listed; /* ws->units and now are made: stats can be taken */
    atomic_size_t next; /* the first unit no thread has taken */
    cache *c;           /* the cache's reader's: what it read */
    bool fresh;         /* the cache is not read */
} stat_job;

static const unit_kind folder_kinds[3] = {KIND_TOWN, KIND_VILLAGE, KIND_ENTERPRISE};

static DIR *folder_of(const stat_job *j, unit_kind kind)
{
    return j->folders[kind == KIND_TOWN ? 0 : kind == KIND_VILLAGE ? 1 : 2];
}

/* The stamp of wu's file now, or an absent stamp. */
static file_stamp stat_unit(const stat_job *j, const ws_unit *wu)
{
    file_stamp now = {0};
    DIR *folder = folder_of(j, wu->kind);
    char name[ID_MAX_LEN + sizeof ".yaml"];
    size_t len = strlen(wu->id);
    if (!folder || len > ID_MAX_LEN) /* no file can have that name */
        return now;
    if (wu->kind == KIND_TOWN) {
        memcpy(name, "town.yaml", sizeof "town.yaml");
    } else {
        memcpy(name, wu->id, len);
        memcpy(name + len, ".yaml", sizeof ".yaml");
    }
    if (fs_stamp_at(dirfd(folder), name, &now) != FS_OK)
        memset(&now, 0, sizeof now);
    return now;
}

/* Takes stats until none is left; nothing before the listing is done. */
static int stat_some(void *arg)
{
    stat_job *j = arg;
    if (!atomic_load(&j->listed))
        return 0; /* the listing's thread takes them all */
    size_t n = j->ws->n_units;
    for (size_t from; (from = atomic_fetch_add(&j->next, SCAN_STAT_CHUNK)) < n;)
        for (size_t i = from; i < n && i < from + SCAN_STAT_CHUNK; i++)
            j->now[i] = stat_unit(j, &j->ws->units[i]);
    return 0;
}

/* The cache's reader: reads it, then helps with the stats. */
static int read_cache(void *arg)
{
    stat_job *j = arg;
    j->c = cache_read(j->ws, j->ws->sums);
    return stat_some(j);
}

static size_t processors(void)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus > 1 ? (size_t)cpus : 1;
}

typedef struct scan_threads {
    thrd_t reader; /* the cache's */
    bool reading;  /* ... started */
    thrd_t stat[SCAN_MAX_THREADS];
    size_t stating; /* threads of stats started */
} scan_threads;

/* Starts reading the cache in another thread (unless `fresh`; in this
 * one when no thread can be made). */
static void cache_start(stat_job *j, const workspace *ws, bool fresh, scan_threads *t)
{
    *j = (stat_job){.ws = ws, .fresh = fresh};
    atomic_init(&j->listed, false);
    atomic_init(&j->next, 0);
    t->reading = false;
    t->stating = 0;
    if (!fresh)
        t->reading = thrd_create(&t->reader, read_cache, j) == thrd_success;
}

/* Once the units are listed: the stats, on every processor. */
static void stats_take(stat_job *j, const workspace *ws, scan_threads *t)
{
    for (int k = 0; k < 3; k++)
        j->folders[k] = open_folder(ws, folder_kinds[k]);
    j->now = xcalloc(ws->n_units + 1, sizeof *j->now);
    atomic_store(&j->listed, true);
    size_t busy = 1 + t->reading, want = 0;
    if (processors() > busy)
        want = processors() - busy;
    if (want > SCAN_MAX_THREADS)
        want = SCAN_MAX_THREADS;
    if (want > ws->n_units / SCAN_STAT_CHUNK) /* a few files: no thread is worth it */
        want = ws->n_units / SCAN_STAT_CHUNK;
    while (t->stating < want && thrd_create(&t->stat[t->stating], stat_some, j) == thrd_success)
        t->stating++;
    stat_some(j);
}

/* Waits for every thread; the cache read (NULL when there is none or it
 * is not trusted). */
static cache *scan_join(stat_job *j, scan_threads *t)
{
    for (size_t i = 0; i < t->stating; i++)
        thrd_join(t->stat[i], NULL);
    if (t->reading)
        thrd_join(t->reader, NULL);
    else if (!j->fresh)
        j->c = cache_read(j->ws, j->ws->sums);
    return j->c;
}

static void stats_free(stat_job *j)
{
    for (int k = 0; k < 3; k++)
        if (j->folders[k])
            closedir(j->folders[k]);
    free(j->now);
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
    size_t n = processors();
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

/* Takes each unit's summary from the cache when its file (stamp now[i])
 * is the one the cache was made from; returns those that must be parsed. */
static ws_unit **use_cache(workspace *ws, cache *c, const file_stamp *now, scan_stats *st,
                           size_t *n_todo)
{
    ws_unit **todo = xcalloc(ws->n_units + 1, sizeof *todo);
    *n_todo = 0;
    for (size_t i = 0; i < ws->n_units; i++) {
        ws_unit *wu = &ws->units[i];
        file_stamp kept;
        bool renewed;
        st->units += now[i].exists;
        const unit_summary *s =
            wu->sum || wu->u ? NULL : cache_lookup(c, ws, wu, &now[i], &kept, &renewed);
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
    /* each file's stamp is taken after the listing and compared with the
     * cache's entry (a file changed after its stat is seen at the next
     * scan, as it would be had it changed after this one) */
    stat_job sj;
    scan_threads threads;
    cache_start(&sj, ws, fresh, &threads);
    bool listed = workspace_list_units(ws, dl);
    if (listed)
        stats_take(&sj, ws, &threads);
    cache *c = scan_join(&sj, &threads);
    st->stat_threads = threads.stating + threads.reading;
    if (!listed) {
        cache_free(c);
        stats_free(&sj);
        return false;
    }
    size_t n_todo;
    ws_unit **todo = use_cache(ws, c, sj.now, st, &n_todo);
    stats_free(&sj);
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
