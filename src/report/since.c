#include "report/since.h"

#include "model/history.h"
#include "model/record.h"
#include "model/timestamp.h"
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
    if (!is_rectification(h))
        l->checks_moved++;
    else if (!h->old && h->new_ && strcmp(h->new_, "open") == 0)
        l->rect_opened++;
    else if (h->new_ && strcmp(h->new_, "verified") == 0)
        l->rect_closed++;
}

static int entry_order(const void *pa, const void *pb)
{
    const since_entry *a = pa, *b = pb;
    int c = timestamp_compare(a->h->at, b->h->at);
    if (c)
        return c;
    if (a->unit != b->unit)
        return a->unit < b->unit ? -1 : 1;
    return a->h < b->h ? -1 : a->h > b->h;
}

void since_build(since_list *l, const workspace *ws, int64_t since, int64_t until)
{
    size_t cap = 0;
    *l = (since_list){.since = since, .until = until};
    for (size_t i = 0; i < ws->n_units; i++) {
        const unit *u = ws->units[i].u;
        for (size_t k = 0; u && k < u->n_history; k++) {
            const history_entry *h = &u->history[k];
            if (!since_includes(h, since, until))
                continue;
            l->items = xgrow(l->items, &cap, l->n + 1, sizeof *l->items);
            l->items[l->n++] = (since_entry){i, h};
            count(l, h);
        }
    }
    if (l->n > 1)
        qsort(l->items, l->n, sizeof *l->items, entry_order);
}

void since_free(since_list *l)
{
    free(l->items);
    *l = (since_list){0};
}
