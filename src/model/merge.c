#include "model/merge.h"

#include "model/timestamp.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "yaml/ywriter.h"

#include <stdlib.h>
#include <string.h>

typedef struct merger {
    const unit *b, *o, *t;
    unit *r; /* the result */
    const char *now;
    merge_report *rep;
    history_entry *extra; /* merge entries for losing check states */
    size_t n_extra, cap_extra;
} merger;

/* ---- equality and order ------------------------------------------------ */

static bool text_eq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static int text_cmp(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static bool value_eq(bool ha, double a, bool hb, double b)
{
    return ha == hb && (!ha || a == b);
}

/* Same status, value and note (the model's rule: unit_same_note): what a
 * person sees of a check. */
static bool state_content_eq(const check_state *a, const check_state *b)
{
    return a->status == b->status && value_eq(a->has_value, a->value, b->has_value, b->value) &&
           unit_same_note(a->note, b->note);
}

bool check_state_equal(const check_state *a, const check_state *b)
{
    if (!a || !b)
        return a == b;
    return state_content_eq(a, b) && text_eq(a->updated, b->updated) && text_eq(a->by, b->by);
}

static int num_cmp(double a, double b)
{
    return a < b ? -1 : a > b;
}

/* No value sorts before any value. */
static int value_cmp(bool ha, double a, bool hb, double b)
{
    if (ha != hb)
        return ha ? 1 : -1;
    return ha ? num_cmp(a, b) : 0;
}

/* A total order on history entries (for finding the same entry on both
 * sides). */
static int entry_cmp(const history_entry *a, const history_entry *b)
{
    int c;
    if ((c = text_cmp(a->at, b->at)) || (c = text_cmp(a->check, b->check)) ||
        (c = text_cmp(a->record, b->record)) || (c = text_cmp(a->by, b->by)) ||
        (c = num_cmp(a->has_status, b->has_status)) ||
        (a->has_status && ((c = num_cmp(a->from, b->from)) || (c = num_cmp(a->to, b->to)))) ||
        (c = value_cmp(a->has_value, a->value, b->has_value, b->value)) ||
        (c = text_cmp(a->key, b->key)) || (c = text_cmp(a->old, b->old)) ||
        (c = text_cmp(a->new_, b->new_)) || (c = text_cmp(a->note, b->note)))
        return c;
    return text_cmp(a->event, b->event);
}

bool history_entry_equal(const history_entry *a, const history_entry *b)
{
    return entry_cmp(a, b) == 0;
}

static bool history_eq(const unit *a, const unit *b)
{
    if (a->n_history != b->n_history)
        return false;
    for (size_t i = 0; i < a->n_history; i++)
        if (entry_cmp(&a->history[i], &b->history[i]) != 0)
            return false;
    return true;
}

static bool attrs_eq(const unit *a, const unit *b)
{
    if (a->n_attrs != b->n_attrs)
        return false;
    for (size_t i = 0; i < a->n_attrs; i++)
        if (!text_eq(a->attrs[i].key, b->attrs[i].key) ||
            !text_eq(a->attrs[i].text, b->attrs[i].text))
            return false;
    return true;
}

bool unit_equal(const unit *a, const unit *b)
{
    if (!a || !b)
        return a == b;
    if (!text_eq(a->name, b->name) || !attrs_eq(a, b) || a->n_checks != b->n_checks ||
        !history_eq(a, b))
        return false;
    for (size_t i = 0; i < a->n_checks; i++)
        if (a->checks[i].check != b->checks[i].check ||
            !check_state_equal(&a->checks[i], &b->checks[i]))
            return false;
    if (a->n_records != b->n_records)
        return false;
    for (size_t i = 0; i < a->n_records; i++)
        if (!unit_record_equal(&a->records[i], &b->records[i]))
            return false;
    return true;
}

/* The tie-break between two states updated at the same instant: a fixed
 * order on their content, the same whichever side is "ours". */
static int state_tie_cmp(const check_state *a, const check_state *b)
{
    int c;
    if ((c = num_cmp(a->status, b->status)) ||
        (c = value_cmp(a->has_value, a->value, b->has_value, b->value)) ||
        (c = text_cmp(a->note, b->note)))
        return c;
    return text_cmp(a->by, b->by);
}

/* ---- copying into the result ------------------------------------------- */

static const char *dup(merger *m, const char *s)
{
    return s ? arena_strdup(m->r->mem, s) : NULL;
}

static void put_check(merger *m, const check_state *src)
{
    check_state *cs = unit_check_state(m->r, src->check);
    *cs = *src;
    cs->value_text = dup(m, src->value_text);
    cs->note = dup(m, src->note);
    cs->updated = dup(m, src->updated);
    cs->by = dup(m, src->by);
}

static void put_attr(merger *m, const unit_attr *src)
{
    unit *r = m->r;
    r->attrs = xgrow(r->attrs, &r->cap_attrs, r->n_attrs + 1, sizeof *r->attrs);
    unit_attr *a = &r->attrs[r->n_attrs++];
    *a = *src;
    a->key = dup(m, src->key);
    a->text = dup(m, src->text);
}

static void put_entry(merger *m, const history_entry *src)
{
    history_entry h = *src;
    h.at = dup(m, src->at);
    h.by = dup(m, src->by);
    h.check = dup(m, src->check);
    h.record = dup(m, src->record);
    h.value_text = dup(m, src->value_text);
    h.key = dup(m, src->key);
    h.old = dup(m, src->old);
    h.new_ = dup(m, src->new_);
    h.note = dup(m, src->note);
    h.event = dup(m, src->event);
    unit_add_history(m->r, &h);
}

/* ---- reporting ----------------------------------------------------------- */

static char *describe_state(const check_state *cs)
{
    if (!cs->has_value)
        return xstrdup(status_name(cs->status));
    char num[32];
    yaml_format_number(cs->value, num);
    return xasprintf("%s = %s", status_name(cs->status), num);
}

static merge_conflict *add_conflict(merger *m, merge_what what, const char *key, bool theirs_won)
{
    merge_report *rep = m->rep;
    if (!rep)
        return NULL;
    rep->conflicts =
        xgrow(rep->conflicts, &rep->cap_conflicts, rep->n_conflicts + 1, sizeof *rep->conflicts);
    merge_conflict *c = &rep->conflicts[rep->n_conflicts++];
    memset(c, 0, sizeof *c);
    c->what = what;
    c->key = key ? xstrdup(key) : NULL;
    c->theirs_won = theirs_won;
    return c;
}

void merge_report_free(merge_report *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->n_conflicts; i++) {
        merge_conflict *c = &rep->conflicts[i];
        free(c->key);
        free(c->kept);
        free(c->dropped);
        free(c->kept_by);
        free(c->dropped_by);
    }
    free(rep->conflicts);
    memset(rep, 0, sizeof *rep);
}

/* ---- three-way choices ----------------------------------------------------- */

typedef enum pick { PICK_OURS, PICK_THEIRS, PICK_BOTH_CHANGED } pick;

/* Which side to take, given which versions are equal.  "Absent" is a
 * version like any other: both absent are equal. */
static pick three_way(bool eq_ot, bool eq_bo, bool eq_bt)
{
    if (eq_ot || eq_bt)
        return PICK_OURS;
    if (eq_bo)
        return PICK_THEIRS;
    return PICK_BOTH_CHANGED;
}

/* ---- checks ------------------------------------------------------------ */

static void record_loser(merger *m, const check_state *base, const check_state *win,
                         const check_state *lose, bool theirs_won)
{
    history_entry h = {
        .at = lose->updated ? lose->updated : m->now,
        .by = lose->by,
        .check = lose->check->id,
        .has_status = true,
        .from = base ? base->status : STATUS_TODO,
        .to = lose->status,
        .event = HISTORY_MERGE,
    };
    if (lose->has_value && !value_eq(true, lose->value, win->has_value, win->value)) {
        h.has_value = true;
        h.value = lose->value;
        h.value_text = lose->value_text;
    }
    if (unit_note_len(lose->note) && !unit_same_note(lose->note, win->note))
        h.note = lose->note;
    m->extra = xgrow(m->extra, &m->cap_extra, m->n_extra + 1, sizeof *m->extra);
    m->extra[m->n_extra++] = h;
    merge_conflict *c = add_conflict(m, MERGE_CHECK, lose->check->id, theirs_won);
    if (c) {
        c->kept = describe_state(win);
        c->dropped = describe_state(lose);
        c->kept_by = win->by ? xstrdup(win->by) : NULL;
        c->dropped_by = lose->by ? xstrdup(lose->by) : NULL;
    }
}

static void merge_check(merger *m, const check_state *b, const check_state *o, const check_state *t)
{
    switch (three_way(check_state_equal(o, t), check_state_equal(b, o), check_state_equal(b, t))) {
    case PICK_OURS:
        if (o)
            put_check(m, o);
        return;
    case PICK_THEIRS:
        if (t)
            put_check(m, t);
        return;
    case PICK_BOTH_CHANGED:
        break;
    }
    if (!o || !t) { /* removed on one side, changed on the other */
        if (m->rep)
            m->rep->kept_changed = true;
        put_check(m, o ? o : t);
        return;
    }
    int c = timestamp_compare(o->updated, t->updated);
    if (c == 0)
        c = state_tie_cmp(o, t);
    const check_state *win = c >= 0 ? o : t, *lose = c >= 0 ? t : o;
    put_check(m, win);
    if (!state_content_eq(win, lose))
        record_loser(m, b, win, lose, win == t);
}

/* The next check of a unit's list if it is `pc`. */
static const check_state *take_if(const unit *u, size_t *i, const plan_check *pc)
{
    if (*i < u->n_checks && u->checks[*i].check == pc)
        return &u->checks[(*i)++];
    return NULL;
}

static void consider(const unit *u, size_t i, const plan_check **first)
{
    if (i < u->n_checks && (!*first || u->checks[i].check->order < (*first)->order))
        *first = u->checks[i].check;
}

/* Walks the three check lists (each in plan order) together. */
static void merge_checks(merger *m)
{
    size_t ib = 0, io = 0, it = 0;
    for (;;) {
        const plan_check *pc = NULL;
        consider(m->b, ib, &pc);
        consider(m->o, io, &pc);
        consider(m->t, it, &pc);
        if (!pc)
            return;
        const check_state *b = take_if(m->b, &ib, pc);
        const check_state *o = take_if(m->o, &io, pc);
        const check_state *t = take_if(m->t, &it, pc);
        merge_check(m, b, o, t);
    }
}

/* ---- attributes and name ------------------------------------------------- */

/* The newest time written anywhere in the unit: when its file was last
 * changed through qtown, as far as the file can tell. */
static timestamp_instant unit_latest(const unit *u)
{
    timestamp_instant best = {INT64_MIN, 0}, t;
    for (size_t i = 0; i < u->n_checks; i++)
        if (timestamp_parse(u->checks[i].updated, &t) && timestamp_instant_compare(&t, &best) > 0)
            best = t;
    for (size_t i = 0; i < u->n_records; i++)
        if (timestamp_parse(u->records[i].updated, &t) && timestamp_instant_compare(&t, &best) > 0)
            best = t;
    for (size_t i = 0; i < u->n_history; i++)
        if (timestamp_parse(u->history[i].at, &t) && timestamp_instant_compare(&t, &best) > 0)
            best = t;
    return best;
}

/* Both sides changed a text differently: true when ours wins. */
static bool ours_wins_text(const merger *m, const char *ours, const char *theirs)
{
    timestamp_instant lo = unit_latest(m->o), lt = unit_latest(m->t);
    int c = timestamp_instant_compare(&lo, &lt);
    return c != 0 ? c > 0 : strcmp(ours, theirs) >= 0;
}

/* Merges one text (an attribute's or the name); returns the side to take
 * (NULL: removed). */
static const char *merge_text(merger *m, merge_what what, const char *key, const char *b,
                              const char *o, const char *t)
{
    switch (three_way(text_eq(o, t), text_eq(b, o), text_eq(b, t))) {
    case PICK_OURS:
        return o;
    case PICK_THEIRS:
        return t;
    case PICK_BOTH_CHANGED:
        break;
    }
    if (!o || !t) {
        if (m->rep)
            m->rep->kept_changed = true;
        return o ? o : t;
    }
    bool ours = ours_wins_text(m, o, t);
    merge_conflict *c = add_conflict(m, what, key, !ours);
    if (c) {
        c->kept = xstrdup(ours ? o : t);
        c->dropped = xstrdup(ours ? t : o);
    }
    return ours ? o : t;
}

static void merge_attr_key(merger *m, const char *key)
{
    const unit_attr *b = unit_find_attr(m->b, key), *o = unit_find_attr(m->o, key),
                    *t = unit_find_attr(m->t, key);
    const char *kept = merge_text(m, MERGE_ATTRIBUTE, key, b ? b->text : NULL, o ? o->text : NULL,
                                  t ? t->text : NULL);
    if (kept)
        put_attr(m, o && kept == o->text ? o : t);
}

static void merge_attributes(merger *m)
{
    for (size_t i = 0; i < m->o->n_attrs; i++)
        merge_attr_key(m, m->o->attrs[i].key);
    for (size_t i = 0; i < m->t->n_attrs; i++)
        if (!unit_find_attr(m->o, m->t->attrs[i].key))
            merge_attr_key(m, m->t->attrs[i].key);
}

/* ---- records (by id) ---------------------------------------------------- */

static void put_value(merger *m, unit_record *r, size_t i, const record_value *v)
{
    const char *key = r->kind->fields[i].key;
    if (v->items)
        unit_record_set_list(m->r, r, key, v->items, v->n_items);
    else
        unit_record_set(m->r, r, key, v->text);
}

static unit_record *put_record(merger *m, const unit_record *src)
{
    unit_record *r = unit_add_record(m->r, src->kind, src->check, src->id);
    for (size_t i = 0; i < src->kind->n_fields; i++)
        put_value(m, r, i, &src->values[i]);
    r->updated = dup(m, src->updated);
    r->by = dup(m, src->by);
    return r;
}

bool unit_record_equal(const unit_record *a, const unit_record *b)
{
    if (!a || !b)
        return a == b;
    if (a->kind != b->kind || a->check != b->check || !text_eq(a->id, b->id) ||
        !text_eq(a->updated, b->updated) || !text_eq(a->by, b->by))
        return false;
    for (size_t i = 0; i < a->kind->n_fields; i++)
        if (!record_value_equal(&a->values[i], &b->values[i]))
            return false;
    return true;
}

/* A field both sides changed differently: the loser's value kept in the
 * history, as a losing check state is. */
static void record_field_loser(merger *m, const unit_record *win, const unit_record *lose, size_t i,
                               bool theirs_won)
{
    char *lost = record_value_text(&lose->values[i]);
    history_entry h = {
        .at = lose->updated ? lose->updated : m->now,
        .by = lose->by,
        .check = lose->check ? lose->check->id : NULL,
        .record = lose->id,
        .key = lose->kind->fields[i].key,
        .new_ = record_value_present(&lose->values[i]) ? arena_strdup(m->r->mem, lost) : NULL,
        .event = HISTORY_MERGE,
    };
    m->extra = xgrow(m->extra, &m->cap_extra, m->n_extra + 1, sizeof *m->extra);
    m->extra[m->n_extra++] = h;
    merge_conflict *c = add_conflict(m, MERGE_RECORD, NULL, theirs_won);
    if (c) {
        c->key = xasprintf("%s.%s", lose->id, lose->kind->fields[i].key);
        c->kept = record_value_text(&win->values[i]);
        c->dropped = lost;
        c->kept_by = win->by ? xstrdup(win->by) : NULL;
        c->dropped_by = lose->by ? xstrdup(lose->by) : NULL;
    } else {
        free(lost);
    }
}

/* Both sides have the record: each field merges on its own; where both
 * changed it differently the later `updated` wins. */
static void merge_record_fields(merger *m, const unit_record *b, const unit_record *o,
                                const unit_record *t)
{
    static const record_value absent = {0};
    int later = timestamp_compare(o->updated, t->updated);
    if (later == 0)
        later = text_cmp(o->by, t->by);
    const unit_record *newer = later >= 0 ? o : t, *older = later >= 0 ? t : o;
    unit_record *r = put_record(m, newer);
    for (size_t i = 0; i < o->kind->n_fields; i++) {
        const record_value *vb = b && b->kind == o->kind ? &b->values[i] : &absent;
        const record_value *vo = &o->values[i], *vt = &t->values[i];
        switch (three_way(record_value_equal(vo, vt), record_value_equal(vb, vo),
                          record_value_equal(vb, vt))) {
        case PICK_OURS:
            put_value(m, r, i, vo);
            break;
        case PICK_THEIRS:
            put_value(m, r, i, vt);
            break;
        case PICK_BOTH_CHANGED:
            put_value(m, r, i, &newer->values[i]);
            record_field_loser(m, newer, older, i, newer == t);
            break;
        }
    }
}

static void merge_record(merger *m, const char *id)
{
    const unit_record *b = unit_find_record(m->b, id), *o = unit_find_record(m->o, id),
                      *t = unit_find_record(m->t, id);
    if (o && t && o->kind == t->kind) {
        if (unit_record_equal(o, t))
            put_record(m, o);
        else
            merge_record_fields(m, b, o, t);
        return;
    }
    if (o && t) /* the same id for two kinds (by hand): ours keeps the id */
        t = NULL;
    const unit_record *one = o ? o : t;
    if (!one || (b && unit_record_equal(b, one)))
        return; /* removed on the other side, unchanged on this one */
    if (b && m->rep)
        m->rep->kept_changed = true; /* removed there, changed here: kept */
    put_record(m, one);
}

/* Ours' records in their order, then those only theirs has. */
static void merge_records(merger *m)
{
    for (size_t i = 0; i < m->o->n_records; i++)
        merge_record(m, m->o->records[i].id);
    for (size_t i = 0; i < m->t->n_records; i++)
        if (!unit_find_record(m->o, m->t->records[i].id))
            merge_record(m, m->t->records[i].id);
}

/* ---- history ------------------------------------------------------------ */

typedef struct hist_item {
    const history_entry *e;
    timestamp_instant at;
    int side; /* 0 ours (or the one list taken), 1 theirs, 2 merge entries */
    size_t idx;
} hist_item;

static int cmp_entry_ptr(const void *a, const void *b)
{
    return entry_cmp(*(const history_entry *const *)a, *(const history_entry *const *)b);
}

static int cmp_hist_item(const void *a, const void *b)
{
    const hist_item *x = a, *y = b;
    int c = timestamp_instant_compare(&x->at, &y->at);
    if (c)
        return c;
    if (x->side != y->side)
        return x->side < y->side ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void add_item(hist_item **items, size_t *n, size_t *cap, const history_entry *e, int side,
                     size_t idx)
{
    *items = xgrow(*items, cap, *n + 1, sizeof **items);
    hist_item *it = &(*items)[(*n)++];
    it->e = e;
    it->side = side;
    it->idx = idx;
    if (!timestamp_parse(e->at, &it->at))
        it->at = (timestamp_instant){INT64_MIN, 0};
}

static const history_entry **sorted_entries(const unit *u)
{
    const history_entry **p = xmalloc((u->n_history + 1) * sizeof *p);
    for (size_t i = 0; i < u->n_history; i++)
        p[i] = &u->history[i];
    qsort(p, u->n_history, sizeof *p, cmp_entry_ptr);
    return p;
}

/* Theirs' entries that ours lacks, as a multiset: an entry theirs holds k
 * times more often than ours is added k times. */
static void add_theirs_missing(const unit *o, const unit *t, hist_item **items, size_t *n,
                               size_t *cap)
{
    const history_entry **so = sorted_entries(o), **st = sorted_entries(t);
    size_t i = 0, j = 0;
    while (j < t->n_history) {
        int c = i < o->n_history ? entry_cmp(so[i], st[j]) : 1;
        if (c < 0) {
            i++;
            continue;
        }
        size_t k = 0, g = 0;
        while (c == 0 && i + k < o->n_history && entry_cmp(so[i + k], st[j]) == 0)
            k++;
        while (j + g < t->n_history && entry_cmp(st[j + g], st[j]) == 0)
            g++;
        for (size_t x = k; x < g; x++)
            add_item(items, n, cap, st[j + x], 1, (size_t)(st[j + x] - t->history));
        i += k;
        j += g;
    }
    free(so);
    free(st);
}

static bool has_entry(const hist_item *items, size_t n, const history_entry *e)
{
    for (size_t i = 0; i < n; i++)
        if (entry_cmp(items[i].e, e) == 0)
            return true;
    return false;
}

static void merge_history(merger *m)
{
    const unit *o = m->o, *t = m->t;
    bool take_theirs = !history_eq(o, t) && !history_eq(m->b, t) && history_eq(m->b, o);
    bool union_needed = !history_eq(o, t) && !history_eq(m->b, t) && !history_eq(m->b, o);
    const unit *first = take_theirs ? t : o;
    hist_item *items = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < first->n_history; i++)
        add_item(&items, &n, &cap, &first->history[i], 0, i);
    if (union_needed)
        add_theirs_missing(o, t, &items, &n, &cap);
    size_t before = n;
    for (size_t i = 0; i < m->n_extra; i++)
        if (!has_entry(items, n, &m->extra[i]))
            add_item(&items, &n, &cap, &m->extra[i], 2, i);
    if (union_needed || n != before)
        qsort(items, n, sizeof *items, cmp_hist_item);
    for (size_t i = 0; i < n; i++)
        put_entry(m, items[i].e);
    free(items);
}

/* ---- the merge ------------------------------------------------------------ */

static unit *merge_present(const unit *b, const unit *o, const unit *t, const char *now,
                           merge_report *rep)
{
    unit *empty = b ? NULL : unit_new(o->kind, o->id, "");
    merger m = {.b = b ? b : empty, .o = o, .t = t, .now = now, .rep = rep};
    m.r = unit_new(o->kind, o->id, "");
    m.r->name = dup(&m, merge_text(&m, MERGE_NAME, NULL, b ? b->name : NULL, o->name, t->name));
    merge_attributes(&m);
    merge_checks(&m);
    merge_records(&m);
    merge_history(&m);
    free(m.extra);
    unit_free(empty);
    return m.r;
}

unit *unit_merge(const unit *base, const unit *ours, const unit *theirs, const char *now,
                 merge_report *rep)
{
    if (!ours && !theirs)
        return NULL;
    if (ours && theirs)
        return merge_present(base, ours, theirs, now, rep);
    const unit *kept = ours ? ours : theirs;
    if (base) {
        if (unit_equal(base, kept))
            return NULL; /* removed on one side, left alone on the other */
        if (rep)
            rep->kept_changed = true;
    }
    return merge_present(kept, kept, kept, now, NULL);
}
