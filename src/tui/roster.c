#include "tui/roster.h"

#include "i18n/pinyin.h"
#include "model/summary.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void forget_short_names(roster *r)
{
    for (int w = 0; w < ROSTER_WIDTHS; w++) {
        roster_names *rn = &r->shortened[w];
        for (size_t i = 0; i < rn->n; i++)
            free(rn->v[i]);
        free(rn->v);
        memset(rn, 0, sizeof *rn);
    }
}

void roster_update(roster *r, const workspace *ws, size_t i)
{
    const ws_unit *wu = &ws->units[i];
    roster_entry *e = &r->e[i];
    memset(&e->pr, 0, sizeof e->pr);
    memset(&e->rects, 0, sizeof e->rects);
    free(e->sort_key); /* its name may have changed */
    e->sort_key = NULL;
    if (wu->sum) {
        e->pr = wu->sum->progress;
        summary_rect_count(wu->sum, r->today, &e->rects);
    }
    char *name = text_inert(roster_name(ws, i), 0);
    if (e->name && strcmp(e->name, name) == 0) {
        free(name);
        return;
    }
    free(e->name);
    e->name = name;
    forget_short_names(r); /* a name changed: the others may read otherwise */
}

void roster_sync(roster *r, const workspace *ws, size_t from)
{
    if (ws->n_units > r->n) {
        r->e = xgrow(r->e, &r->cap, ws->n_units, sizeof *r->e);
        memset(&r->e[r->n], 0, (ws->n_units - r->n) * sizeof *r->e);
        r->n = ws->n_units;
        forget_short_names(r);
    }
    for (size_t i = from; i < ws->n_units; i++)
        roster_update(r, ws, i);
}

void roster_free(roster *r)
{
    forget_short_names(r);
    for (size_t i = 0; i < r->n; i++) {
        free(r->e[i].sort_key);
        free(r->e[i].name);
    }
    free(r->e);
    memset(r, 0, sizeof *r);
}

const char *roster_name(const workspace *ws, size_t i)
{
    const ws_unit *wu = &ws->units[i];
    return wu->sum ? wu->sum->name : wu->id;
}

bool roster_matches(const workspace *ws, size_t i, const char *pattern)
{
    const char *name = roster_name(ws, i);
    return text_contains(name, pattern) || text_contains(ws->units[i].id, pattern) ||
           pinyin_matches(name, pattern);
}

const char *roster_sort_key(roster *r, const workspace *ws, size_t i)
{
    if (!r->e[i].sort_key)
        r->e[i].sort_key = pinyin_sort_key(roster_name(ws, i));
    return r->e[i].sort_key;
}

const char *roster_short_name(roster *r, size_t index, int cols)
{
    if (index >= r->n)
        return "";
    roster_names *found = NULL, *oldest = &r->shortened[0];
    for (int w = 0; w < ROSTER_WIDTHS; w++) {
        roster_names *rn = &r->shortened[w];
        if (rn->cols == cols && rn->n == r->n)
            found = rn;
        if (rn->used < oldest->used)
            oldest = rn;
    }
    if (!found) {
        found = oldest;
        for (size_t i = 0; i < found->n; i++)
            free(found->v[i]);
        free(found->v);
        const char **names = xcalloc(r->n, sizeof *names);
        for (size_t i = 0; i < r->n; i++)
            names[i] = r->e[i].name ? r->e[i].name : "";
        found->v = xcalloc(r->n, sizeof *found->v);
        text_shorten_apart(names, r->n, cols, found->v);
        free(names);
        found->n = r->n;
        found->cols = cols;
    }
    found->used = ++r->clock;
    return found->v[index];
}
