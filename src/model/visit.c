#include "model/visit.h"

#include "model/applies.h"
#include "model/record_change.h"
#include "model/summary.h"
#include "model/timestamp.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static bool one_name_valid(const char *s)
{
    static const field_def person = {"visitors", FIELD_LIST, true, NULL};
    return *s && utf8_valid(s, strlen(s), NULL) && record_text_valid(&person, s);
}

bool visit_new_valid(const ws_unit *wu, const visit_new *vn, int64_t today, diag_list *dl)
{
    int64_t day;
    if (!vn->date || !date_parse(vn->date, &day)) {
        diag_add(dl, wu->path, 0, 0, TR(M_RECORD_BAD_FIELD), "date", vn->date ? vn->date : "");
        return false;
    }
    if (day > today) {
        diag_add(dl, wu->path, 0, 0, TR(M_VISIT_FUTURE), vn->date);
        return false;
    }
    if (vn->n_people == 0) {
        diag_add(dl, wu->path, 0, 0, TR(M_RECORD_MISSING_FIELD), tr(M_RECORD_VISIT), "visitors");
        return false;
    }
    for (size_t i = 0; i < vn->n_people; i++)
        if (!one_name_valid(vn->people[i])) {
            diag_add(dl, wu->path, 0, 0, TR(M_RECORD_BAD_FIELD), "visitors", vn->people[i]);
            return false;
        }
    for (size_t i = 0; i < vn->n_checks; i++)
        if (wu->u ? !unit_carries(wu->u, vn->checks[i])
                  : !(vn->checks[i]->kinds & (unsigned)wu->kind)) {
            diag_add(dl, wu->path, 0, 0, TR(M_RECORD_NOT_FOR), tr(M_RECORD_VISIT),
                     vn->checks[i]->id);
            return false;
        }
    if (vn->note &&
        (!utf8_valid(vn->note, strlen(vn->note), NULL) || strlen(vn->note) > UNIT_MAX_NOTE)) {
        diag_add(dl, wu->path, 0, 0, TR(M_RECORD_BAD_FIELD), "note", "...");
        return false;
    }
    return true;
}

bool visit_record(workspace *ws, ws_unit *wu, const visit_new *vn, int64_t today, const char *by,
                  char **id, diag_list *dl)
{
    *id = NULL;
    if (!visit_new_valid(wu, vn, today, dl))
        return false;
    /* the checks as ids, each once, in the order given */
    const char **ids = xcalloc(vn->n_checks + 1, sizeof *ids);
    size_t n_ids = 0;
    for (size_t i = 0; i < vn->n_checks; i++) {
        bool seen = false;
        for (size_t k = 0; k < n_ids; k++)
            seen = seen || strcmp(ids[k], vn->checks[i]->id) == 0;
        if (!seen)
            ids[n_ids++] = vn->checks[i]->id;
    }
    record_field_set fields[4];
    size_t n = 0;
    fields[n++] = (record_field_set){"date", vn->date, NULL, 0};
    fields[n++] = (record_field_set){"visitors", NULL, vn->people, vn->n_people};
    if (n_ids)
        fields[n++] = (record_field_set){"checks", NULL, ids, n_ids};
    if (vn->note && *vn->note)
        fields[n++] = (record_field_set){"note", vn->note, NULL, 0};
    record_change ch = {
        .kind = &record_kind_visit, .fields = fields, .n_fields = n, .history_new = vn->date};
    store_result res;
    bool ok = store_change_records(ws, wu, &ch, 1, by, &res, dl);
    free(ids);
    if (ok)
        *id = ch.new_id;
    else
        free(ch.new_id);
    return ok;
}

int64_t visit_day(const unit_record *r)
{
    int64_t d;
    const char *t = record_text(r, "date");
    return t && date_parse(t, &d) ? d : INT64_MIN;
}

bool visit_last(const unit *u, int64_t *day)
{
    bool any = false;
    *day = INT64_MIN;
    for (size_t i = 0; i < u->n_records; i++) {
        if (u->records[i].kind != &record_kind_visit)
            continue;
        int64_t d = visit_day(&u->records[i]);
        if (d > *day)
            *day = d;
        any = any || d != INT64_MIN;
    }
    return any;
}

static int cmp_visit(const void *a, const void *b)
{
    const visit_item *x = a, *y = b;
    if (x->day != y->day)
        return x->day > y->day ? -1 : 1;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return x->r < y->r ? -1 : x->r > y->r;
}

void visit_list_build(visit_list *l, const workspace *ws, size_t only, int64_t since)
{
    memset(l, 0, sizeof *l);
    size_t cap = 0;
    for (size_t i = 0; i < ws->n_units; i++) {
        const unit *u = workspace_walk_unit(ws, i, only);
        for (size_t k = 0; u && k < u->n_records; k++) {
            const unit_record *r = &u->records[k];
            int64_t day = r->kind == &record_kind_visit ? visit_day(r) : INT64_MIN;
            if (r->kind != &record_kind_visit || day < since)
                continue;
            l->items = xgrow(l->items, &cap, l->n + 1, sizeof *l->items);
            l->items[l->n++] = (visit_item){i, r, day};
        }
    }
    if (l->n)
        qsort(l->items, l->n, sizeof *l->items, cmp_visit);
}

void visit_list_free(visit_list *l)
{
    free(l->items);
    memset(l, 0, sizeof *l);
}

typedef struct unvisited {
    size_t unit;
    int64_t last;
} unvisited;

static int cmp_unvisited(const void *a, const void *b)
{
    const unvisited *x = a, *y = b;
    if (x->last != y->last)
        return x->last < y->last ? -1 : 1;
    return x->unit < y->unit ? -1 : x->unit > y->unit;
}

size_t visit_unvisited(const workspace *ws, int64_t today, int days, size_t **units, int64_t **last)
{
    unvisited *v = xcalloc(ws->n_units + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < ws->n_units; i++) {
        const unit_summary *s = ws->units[i].sum;
        if (!s || s->kind == KIND_TOWN)
            continue;
        if (s->last_visit == INT64_MIN || today - s->last_visit > days)
            v[n++] = (unvisited){i, s->last_visit};
    }
    if (n)
        qsort(v, n, sizeof *v, cmp_unvisited);
    *units = xcalloc(n + 1, sizeof **units);
    *last = xcalloc(n + 1, sizeof **last);
    for (size_t i = 0; i < n; i++) {
        (*units)[i] = v[i].unit;
        (*last)[i] = v[i].last;
    }
    free(v);
    return n;
}
