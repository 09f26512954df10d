#include "tui/watch.h"

#include "model/meeting.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Per folder: its stamp, and the indices of ws->units of that kind sorted
 * by id (rebuilt only when units were added), to compare with a listing. */
typedef struct folder {
    unit_kind kind;
    file_stamp stamp;
    size_t *index;
    size_t n_index;
} folder;

struct watch {
    folder dirs[2];
    file_stamp meetings; /* the meetings/ folder: a meeting added changes the town's count */
    size_t indexed;      /* ws->n_units when the indices were built */
    size_t sweep;
};

static const workspace *sort_ws;

static int cmp_by_id(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    return strcmp(sort_ws->units[a].id, sort_ws->units[b].id);
}

static void build_index(app *a)
{
    struct watch *w = a->watch;
    for (int d = 0; d < 2; d++) {
        folder *f = &w->dirs[d];
        free(f->index);
        f->index = xmalloc((a->ws->n_units + 1) * sizeof *f->index);
        f->n_index = 0;
        for (size_t i = 0; i < a->ws->n_units; i++)
            if (a->ws->units[i].kind == f->kind)
                f->index[f->n_index++] = i;
        sort_ws = a->ws;
        qsort(f->index, f->n_index, sizeof *f->index, cmp_by_id);
    }
    w->indexed = a->ws->n_units;
}

static void stat_meetings(const app *a, file_stamp *stamp)
{
    char *dir = fs_join(a->ws->root, MEETINGS_DIR);
    fs_stat(dir, stamp);
    free(dir);
}

static char *folder_path(const app *a, const folder *f)
{
    return fs_join(a->ws->root, workspace_kind_dir(f->kind));
}

void watch_start(app *a)
{
    struct watch *w = a->watch = xcalloc(1, sizeof *a->watch);
    w->dirs[0].kind = KIND_VILLAGE;
    w->dirs[1].kind = KIND_ENTERPRISE;
    for (int d = 0; d < 2; d++) {
        char *dir = folder_path(a, &w->dirs[d]);
        fs_stat(dir, &w->dirs[d].stamp);
        free(dir);
    }
    stat_meetings(a, &w->meetings);
    w->indexed = SIZE_MAX;
}

/* A folder changed: compares its listing with the units known. */
static bool rescan(app *a, folder *f)
{
    diag_list dl = DIAG_LIST_INIT;
    size_t n;
    char **ids = workspace_list_ids(a->ws, f->kind, &n, &dl);
    diag_clear(&dl);
    bool listed_changed = false;
    size_t known = 0, before = a->ws->n_units;
    for (size_t i = 0; i < n || known < f->n_index;) {
        int c = i == n                ? 1
                : known == f->n_index ? -1
                                      : strcmp(ids[i], a->ws->units[f->index[known]].id);
        if (c < 0 && a->ws->n_units > WORKSPACE_MAX_UNITS) { /* the town + the limit */
            i++;            /* past the limit: not shown (the command line refuses it too) */
        } else if (c < 0) { /* a new file */
            ws_unit *wu = workspace_entry(a->ws, f->kind, ids[i]);
            size_t idx = (size_t)(wu - a->ws->units);
            roster_sync(&a->roster, a->ws, a->roster.n);
            app_reload_unit(a, idx);
            listed_changed = true;
            i++;
        } else if (c > 0) { /* a file removed: "the file has disappeared" */
            size_t idx = f->index[known++];
            if (!a->roster.e[idx].gone)
                app_reload_unit(a, idx);
        } else { /* still there, or back again */
            app_refresh_unit(a, f->index[known++]);
            i++;
        }
    }
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
    if (a->ws->n_units != before)
        build_index(a);
    return listed_changed;
}

void watch_poll(app *a, size_t open_unit)
{
    if (!a->watch)
        watch_start(a);
    struct watch *w = a->watch;
    if (w->indexed != a->ws->n_units)
        build_index(a);
    bool listed_changed = false;
    if (open_unit < a->ws->n_units)
        app_refresh_unit(a, open_unit);
    file_stamp meetings;
    stat_meetings(a, &meetings);
    bool met = !fs_stamp_same(&meetings, &w->meetings) || fs_stamp_racy(&w->meetings);
    w->meetings = meetings;
    for (size_t i = 0; i < a->ws->n_units; i++)
        if (a->ws->units[i].kind == KIND_TOWN) {
            /* a meeting came or went: the town's counted check, the overview */
            if (met)
                app_reload_unit(a, i);
            else
                app_refresh_unit(a, i);
            break;
        }
    for (int d = 0; d < 2; d++) {
        folder *f = &w->dirs[d];
        char *dir = folder_path(a, f);
        file_stamp now;
        fs_stat(dir, &now);
        free(dir);
        if (!fs_stamp_same(&now, &f->stamp) || fs_stamp_racy(&f->stamp)) {
            f->stamp = now;
            listed_changed |= rescan(a, f);
        }
    }
    for (size_t k = 0; k < WATCH_SWEEP && k < a->ws->n_units; k++) {
        w->sweep = (w->sweep + 1) % a->ws->n_units;
        app_refresh_unit(a, w->sweep);
    }
    if (listed_changed)
        app_units_changed(a);
}

void watch_free(app *a)
{
    if (!a->watch)
        return;
    for (int d = 0; d < 2; d++)
        free(a->watch->dirs[d].index);
    free(a->watch);
    a->watch = NULL;
}
