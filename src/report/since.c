#include "report/since.h"

#include "model/history.h"
#include "model/summary.h"
#include "model/record.h"
#include "util/par.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static bool is_rectification(const history_entry *h)
{
    return h->event && h->record && strcmp(h->event, record_kind_rectification.name) == 0;
}

/* A status change of a check, or a step of a rectification. */
static bool tells_progress(const history_entry *h)
{
    return (h->has_status && !h->event) || is_rectification(h);
}

bool since_includes(const history_entry *h, int64_t since, int64_t until)
{
    int64_t day;
    return tells_progress(h) && history_entry_day(h, &day) && day >= since && day <= until;
}

static void count(since_list *l, const history_entry *h)
{
    if (!is_rectification(h)) {
        l->checks_moved++;
        l->moved_done += h->to == STATUS_DONE;
        l->moved_failed += status_failed(h->to);
    } else if (!h->old && h->new_ && strcmp(h->new_, "open") == 0) {
        l->rect_opened++;
    } else if (h->new_ && strcmp(h->new_, "verified") == 0) {
        l->rect_closed++;
    }
}

static int entry_order(const void *pa, const void *pb)
{
    const since_entry *a = pa, *b = pb;
    int c = timestamp_instant_compare(&a->at, &b->at);
    if (c)
        return c;
    if (a->unit != b->unit)
        return a->unit < b->unit ? -1 : 1;
    return a->entry < b->entry ? -1 : a->entry > b->entry;
}

/* An entry's time; one that is no valid time comes before every valid
 * one (timestamp_compare's order). */
static timestamp_instant entry_time(const history_entry *h)
{
    timestamp_instant at;
    return timestamp_parse(h->at, &at) ? at : (timestamp_instant){INT64_MIN, 0};
}

/* One unit's entries, counted, into `l` (its own list). */
static void take_unit(since_list *l, const unit *u, size_t index, size_t *cap)
{
    for (size_t k = 0; k < u->n_history; k++) {
        const history_entry *h = &u->history[k];
        if (!since_includes(h, l->since, l->until))
            continue;
        l->items = xgrow(l->items, cap, l->n + 1, sizeof *l->items);
        l->items[l->n++] = (since_entry){(uint32_t)index, (uint32_t)k, entry_time(h)};
        count(l, h);
    }
}

/* The units are read in windows of par_for_then: each one's entries in a
 * list of its own, gathered in order after its window.  Every unit weighs
 * one, so that a window is GATHER_WINDOW units from a multiple of it. */
enum { GATHER_WINDOW = 256 };

typedef struct gather {
    const workspace *ws;
    const size_t *units; /* the units to read */
    since_list *parts;   /* per unit of the window: units[i] in parts[i % GATHER_WINDOW] */
    since_list *out;
    size_t cap;
} gather;

static void read_one(void *ctx, size_t i)
{
    gather *g = ctx;
    size_t index = g->units[i];
    const ws_unit *wu = &g->ws->units[index];
    since_list *part = &g->parts[i % GATHER_WINDOW];
    *part = (since_list){.since = g->out->since, .until = g->out->until};
    size_t cap = 0;
    if (wu->u) {
        take_unit(part, wu->u, index, &cap);
        return;
    }
    diag_list dl = DIAG_LIST_INIT; /* a unit that does not load lists nothing */
    unit *u = workspace_read_unit(g->ws, wu, &dl);
    diag_clear(&dl);
    if (u)
        take_unit(part, u, index, &cap);
    unit_free(u);
}

static bool add_one(void *ctx, size_t i)
{
    gather *g = ctx;
    since_list *part = &g->parts[i % GATHER_WINDOW], *l = g->out;
    if (part->n) {
        l->items = xgrow(l->items, &g->cap, l->n + part->n, sizeof *l->items);
        memcpy(l->items + l->n, part->items, part->n * sizeof *part->items);
        l->n += part->n;
    }
    l->checks_moved += part->checks_moved;
    l->moved_done += part->moved_done;
    l->moved_failed += part->moved_failed;
    l->rect_opened += part->rect_opened;
    l->rect_closed += part->rect_closed;
    since_free(part);
    return true;
}

static size_t one_each(void *ctx, size_t i)
{
    (void)ctx;
    (void)i;
    return 1;
}

void since_build(since_list *l, const workspace *ws, int64_t since, int64_t until)
{
    *l = (since_list){.since = since, .until = until};
    size_t *units = xcalloc(ws->n_units + 1, sizeof *units), n = 0;
    for (size_t i = 0; i < ws->n_units; i++) {
        const ws_unit *wu = &ws->units[i];
        if (wu->u || (wu->sum && wu->sum->newest_day >= since))
            units[n++] = i;
    }
    since_list parts[GATHER_WINDOW];
    gather g = {ws, units, parts, l, 0};
    par_for_then(n, read_one, add_one, one_each, GATHER_WINDOW, &g);
    free(units);
    if (l->n > 1)
        qsort(l->items, l->n, sizeof *l->items, entry_order);
}

const history_entry *since_history(const since_list *l, const since_entry *e, const unit *u)
{
    if (!u || e->entry >= u->n_history)
        return NULL;
    const history_entry *h = &u->history[e->entry];
    timestamp_instant at = entry_time(h);
    if (!since_includes(h, l->since, l->until) || timestamp_instant_compare(&at, &e->at) != 0)
        return NULL;
    return h;
}

void since_free(since_list *l)
{
    free(l->items);
    *l = (since_list){0};
}
