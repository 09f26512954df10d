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
 * list of its own, appended in order after its window to the list, which
 * grows by what the window found (a district's list is 16 MB: grown by
 * doubling, or gathered in pieces and copied, it would stand twice in
 * memory at its largest).  Every unit weighs one: a window is
 * GATHER_WINDOW units from a multiple of it. */
enum { GATHER_WINDOW = 256 };

typedef struct gather {
    const workspace *ws;
    const size_t *units; /* the units to read, n of them */
    size_t n;
    since_list *parts; /* per unit of the window: units[i] in parts[i % GATHER_WINDOW] */
    since_list *out;
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

/* Counts one unit's part and, at its window's last unit, appends the
 * window's parts to the list. */
static bool add_one(void *ctx, size_t i)
{
    gather *g = ctx;
    since_list *part = &g->parts[i % GATHER_WINDOW], *l = g->out;
    l->checks_moved += part->checks_moved;
    l->moved_done += part->moved_done;
    l->moved_failed += part->moved_failed;
    l->rect_opened += part->rect_opened;
    l->rect_closed += part->rect_closed;
    if (i % GATHER_WINDOW != GATHER_WINDOW - 1 && i + 1 != g->n)
        return true;
    size_t first = i - i % GATHER_WINDOW, n = 0;
    for (size_t k = first; k <= i; k++)
        n += g->parts[k % GATHER_WINDOW].n;
    if (n)
        l->items = xrealloc(l->items, (l->n + n) * sizeof *l->items);
    for (size_t k = first; k <= i; k++) {
        since_list *p = &g->parts[k % GATHER_WINDOW];
        if (p->n) /* an empty part's items and the list's may be NULL */
            memcpy(l->items + l->n, p->items, p->n * sizeof *p->items);
        l->n += p->n;
        since_free(p);
    }
    return true;
}

static size_t one_each(void *ctx, size_t i)
{
    (void)ctx;
    (void)i;
    return 1;
}

/* Heapsort in place: qsort may take a copy of the whole list to sort it
 * (glibc's merge sort), which a district's list cannot afford. */
static void sift_down(since_entry *a, size_t root, size_t n)
{
    for (size_t child; (child = 2 * root + 1) < n; root = child) {
        if (child + 1 < n && entry_order(&a[child], &a[child + 1]) < 0)
            child++;
        if (entry_order(&a[root], &a[child]) >= 0)
            return;
        since_entry t = a[root];
        a[root] = a[child];
        a[child] = t;
    }
}

static void sort_in_place(since_entry *a, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(a, i, n);
    for (size_t end = n; end-- > 1;) {
        since_entry t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, 0, end);
    }
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
    gather g = {ws, units, n, parts, l};
    par_for_then(n, read_one, add_one, one_each, GATHER_WINDOW, &g);
    free(units);
    sort_in_place(l->items, l->n);
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
