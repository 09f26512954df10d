#include "model/unit_diff.h"

#include "model/merge.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static unit_change *add(change_list *l, change_kind kind, const char *key)
{
    l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
    unit_change *c = &l->items[l->n++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->key = key;
    return c;
}

void change_list_free(change_list *l)
{
    free(l->items);
    memset(l, 0, sizeof *l);
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static const char *value_text(const check_state *cs)
{
    return cs && cs->has_value ? (cs->value_text ? cs->value_text : "?") : NULL;
}

static void diff_check(const check_state *o, const check_state *n, change_list *out)
{
    status from = o ? o->status : STATUS_TODO, to = n ? n->status : STATUS_TODO;
    bool value = (o && o->has_value) != (n && n->has_value) ||
                 (o && n && o->has_value && o->value != n->value);
    bool note = !unit_same_note(o ? o->note : NULL, n ? n->note : NULL);
    if (from == to && !value && !note)
        return;
    unit_change *c = add(out, CHANGE_CHECK, (n ? n : o)->check->id);
    c->from = from;
    c->to = to;
    if (value) {
        c->old_text = value_text(o);
        c->new_text = value_text(n);
    }
    c->note_changed = note;
    c->by = n ? n->by : NULL;
}

/* Each unit's checks are in plan order: walk both lists together. */
static void diff_checks(const unit *o, const unit *n, change_list *out)
{
    size_t i = 0, j = 0;
    while (i < o->n_checks || j < n->n_checks) {
        const check_state *a = i < o->n_checks ? &o->checks[i] : NULL;
        const check_state *b = j < n->n_checks ? &n->checks[j] : NULL;
        if (a && b && a->check == b->check) {
            diff_check(a, b, out);
            i++, j++;
        } else if (a && (!b || a->check->order < b->check->order)) {
            diff_check(a, NULL, out);
            i++;
        } else {
            diff_check(NULL, b, out);
            j++;
        }
    }
}

static void diff_attributes(const unit *o, const unit *n, change_list *out)
{
    for (size_t i = 0; i < n->n_attrs; i++) {
        const unit_attr *a = unit_find_attr(o, n->attrs[i].key);
        if (a && same(a->text, n->attrs[i].text))
            continue;
        unit_change *c = add(out, CHANGE_ATTRIBUTE, n->attrs[i].key);
        c->old_text = a ? a->text : NULL;
        c->new_text = n->attrs[i].text;
    }
    for (size_t i = 0; i < o->n_attrs; i++)
        if (!unit_find_attr(n, o->attrs[i].key)) {
            unit_change *c = add(out, CHANGE_ATTRIBUTE, o->attrs[i].key);
            c->old_text = o->attrs[i].text;
        }
}

static bool in_history(const unit *u, const history_entry *e)
{
    for (size_t i = 0; i < u->n_history; i++)
        if (history_entry_equal(&u->history[i], e))
            return true;
    return false;
}

static void diff_merged(const unit *o, const unit *n, change_list *out)
{
    for (size_t i = 0; i < n->n_history; i++) {
        const history_entry *e = &n->history[i];
        if (!e->event || strcmp(e->event, HISTORY_MERGE) != 0 || in_history(o, e))
            continue;
        unit_change *c = add(out, CHANGE_MERGED, e->record ? e->record : e->check);
        c->from = e->from;
        c->to = e->to;
        c->by = e->by;
        if (e->record) {
            c->record = unit_find_record(n, e->record);
            c->new_text = e->key;
            c->old_text = e->new_;
        }
    }
}

/* A record changed when one of its fields did (not only updated/by). */
static bool record_fields_equal(const unit_record *a, const unit_record *b)
{
    if (a->kind != b->kind || a->check != b->check)
        return false;
    for (size_t i = 0; i < a->kind->n_fields; i++)
        if (!record_value_equal(&a->values[i], &b->values[i]))
            return false;
    return true;
}

/* What a record's change is told by: its state, for kinds that have one
 * (a rectification: open -> done), else its id. */
static const char *record_word(const unit_record *r)
{
    const char *state = record_text(r, "state");
    return state ? state : r->id;
}

static void diff_records(const unit *o, const unit *n, change_list *out)
{
    for (size_t i = 0; i < n->n_records; i++) {
        const unit_record *nr = &n->records[i], * or = unit_find_record(o, nr->id);
        if (or &&record_fields_equal(or, nr))
            continue;
        unit_change *c = add(out, CHANGE_RECORD, nr->id);
        c->record = nr;
        c->old_text = or ? record_word(or) : NULL;
        c->new_text = record_word(nr);
        c->by = nr->by;
    }
    for (size_t i = 0; i < o->n_records; i++)
        if (!unit_find_record(n, o->records[i].id)) {
            unit_change *c = add(out, CHANGE_RECORD, o->records[i].id);
            c->record = &o->records[i];
            c->old_text = record_word(&o->records[i]);
        }
}

void unit_diff(const unit *old, const unit *new, change_list *out)
{
    if (!old && !new)
        return;
    if (!old || !new) {
        add(out, old ? CHANGE_REMOVED : CHANGE_ADDED, NULL);
        return;
    }
    if (!same(old->name, new->name)) {
        unit_change *c = add(out, CHANGE_NAME, NULL);
        c->old_text = old->name;
        c->new_text = new->name;
    }
    diff_attributes(old, new, out);
    diff_checks(old, new, out);
    diff_records(old, new, out);
    diff_merged(old, new, out);
}
