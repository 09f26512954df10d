#include "model/scan.h"

#include "model/cache.h"
#include "model/ids.h"
#include "model/summary.h"
#include "util/par.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

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
 * one lists the files (par_side); the stats are then taken by every
 * thread, the cache's reader's among them once it is done. */
typedef struct stat_job {
    const workspace *ws;
    DIR *folders[3]; /* the town's (the workspace), villages/, enterprises/ */
    file_stamp *now; /* one per unit: its file's stamp, or an absent one */
    bool names_only; /* the cache read for the names alone (cache_read_names) */
    cache *c;        /* the cache's reader's: what it read */
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

/* The stats of the `chunk`th SCAN_STAT_CHUNK units. */
static void stat_chunk(void *arg, size_t chunk)
{
    stat_job *j = arg;
    size_t n = j->ws->n_units, from = chunk * SCAN_STAT_CHUNK;
    for (size_t i = from; i < n && i < from + SCAN_STAT_CHUNK; i++)
        j->now[i] = stat_unit(j, &j->ws->units[i]);
}

/* The cache's reader (par_side's task). */
static void read_cache(void *arg)
{
    stat_job *j = arg;
    j->c = j->names_only ? cache_read_names(j->ws, j->ws->sums) : cache_read(j->ws, j->ws->sums);
}

/* Once the units are listed: the stats, on every processor (n_units 0
 * when the listing failed: only the cache's reading is waited for).
 * Returns the threads that took stats or read the cache besides the
 * caller. */
static size_t stats_take(stat_job *j, const workspace *ws, size_t n_units, par_side *reader)
{
    if (n_units) {
        for (int k = 0; k < 3; k++)
            j->folders[k] = open_folder(ws, folder_kinds[k]);
        j->now = xcalloc(n_units + 1, sizeof *j->now);
    }
    size_t chunks = (n_units + SCAN_STAT_CHUNK - 1) / SCAN_STAT_CHUNK;
    return (reader ? par_side_for(reader, chunks, stat_chunk, j) : par_for(chunks, stat_chunk, j)) -
           1;
}

static void stats_free(stat_job *j)
{
    for (int k = 0; k < 3; k++)
        if (j->folders[k])
            closedir(j->folders[k]);
    free(j->now);
}

/* ---- parsing what the cache does not vouch for, in parallel ----------- */

typedef struct parse_job {
    const workspace *ws;
    ws_unit **todo;
    arena *mem[PAR_MAX_THREADS]; /* by slot: each thread sums up into its own */
} parse_job;

static void parse_one(void *ctx, size_t i, size_t slot)
{
    parse_job *j = ctx;
    if (!j->mem[slot])
        j->mem[slot] = arena_new(256 * 1024);
    workspace_read_summary(j->ws, j->todo[i], j->mem[slot]);
}

/* Parses the files; the workspace keeps the threads' arenas.  Returns the
 * threads used. */
static size_t parse_all(workspace *ws, ws_unit **todo, size_t n)
{
    parse_job j = {.ws = ws, .todo = todo, .mem = {ws->sums}};
    size_t used = par_for_slots(n, SCAN_FILES_PER_THREAD, parse_one, &j);
    for (size_t slot = 1; slot < used; slot++) {
        if (!j.mem[slot])
            continue; /* a thread that found nothing left to take */
        ws->more_sums = xrealloc(ws->more_sums, (ws->n_more_sums + 1) * sizeof *ws->more_sums);
        ws->more_sums[ws->n_more_sums++] = j.mem[slot];
    }
    return used;
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

/* How many parsed files make it worth writing a names scan's cache again:
 * the square root of the units' number (316 of 100,000). */
static size_t worth_writing(size_t units)
{
    size_t r = 0;
    while ((r + 1) * (r + 1) <= units)
        r++;
    return r;
}

/* Parses the units of todo[from, n) (st->parsed, st->threads). */
static void parse_some(workspace *ws, ws_unit **todo, size_t from, size_t n, scan_stats *st)
{
    if (from == n)
        return;
    st->parsed += n - from;
    size_t used = parse_all(ws, todo + from, n - from);
    if (used > st->threads)
        st->threads = used;
}

/* Whether what the scan found differs from the cache c: new or changed
 * files, racy entries made sure of, units gone. */
static bool differs(const cache *c, ws_unit **todo, size_t n_todo, const scan_stats *st)
{
    size_t n_new = 0; /* parsed, and to be kept in the cache */
    for (size_t i = 0; i < n_todo; i++)
        n_new += cache_keeps(todo[i]->kind);
    return !c || n_new || st->rehashed || cache_count(c) != st->cached;
}

/* A names scan that writes the cache: the summaries it took from the
 * cache hold names alone, so the cache is read whole and they are taken
 * again from it (parsed, those it no longer vouches for: appended to
 * todo).  Returns the cache read whole. */
static cache *read_whole(workspace *ws, cache *names, const file_stamp *now, scan_stats *st,
                         ws_unit ***todo, size_t *n_todo)
{
    cache_free(names);
    for (size_t i = 0; i < ws->n_units; i++)
        if (ws->units[i].sum && ws->units[i].sum->name_only)
            ws->units[i].sum = NULL;
    cache *c = cache_read(ws, ws->sums);
    st->units = st->cached = st->rehashed = 0; /* counted again */
    size_t n_more;
    ws_unit **more = use_cache(ws, c, now, st, &n_more);
    *todo = xrealloc(*todo, (*n_todo + n_more + 1) * sizeof **todo);
    memcpy(*todo + *n_todo, more, n_more * sizeof *more);
    free(more);
    parse_some(ws, *todo, *n_todo, *n_todo + n_more, st);
    *n_todo += n_more;
    return c;
}

/* The scan; the cache is written again when anything differed from it.
 * `names`: the cache's summaries are read for their names alone, and the
 * cache is written only when more than worth_writing files were parsed
 * (then read whole first). */
static bool scan(workspace *ws, bool fresh, bool names, scan_stats *stats, diag_list *dl)
{
    scan_stats local;
    scan_stats *st = stats ? stats : &local;
    memset(st, 0, sizeof *st);
    /* each file's stamp is taken after the listing and compared with the
     * cache's entry (a file changed after its stat is seen at the next
     * scan, as it would be had it changed after this one) */
    stat_job sj = {.ws = ws, .names_only = names};
    par_side reader;
    if (!fresh)
        par_side_start(&reader, read_cache, &sj);
    bool listed = workspace_list_units(ws, dl);
    st->stat_threads = stats_take(&sj, ws, listed ? ws->n_units : 0, fresh ? NULL : &reader);
    cache *c = sj.c;
    if (!listed) {
        cache_free(c);
        stats_free(&sj);
        return false;
    }
    size_t n_todo;
    ws_unit **todo = use_cache(ws, c, sj.now, st, &n_todo);
    parse_some(ws, todo, 0, n_todo, st);
    bool write =
        differs(c, todo, n_todo, st) && (!c || !names || n_todo > worth_writing(ws->n_units));
    if (write && c && names)
        c = read_whole(ws, c, sj.now, st, &todo, &n_todo);
    stats_free(&sj);
    bool ok = true;
    for (size_t i = 0; i < n_todo; i++)
        if (!todo[i]->sum) {
            workspace_unit_errors(todo[i], dl);
            ok = false;
        }
    ws->cache_stale = differs(c, todo, n_todo, st);
    free(todo);
    cache_free(c);
    if (ws->cache_stale && write) {
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

bool workspace_scan_names(workspace *ws, scan_stats *stats, diag_list *dl)
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
