#include "model/summary.h"

#include "model/applies.h"
#include "model/history.h"
#include "model/visit.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

_Static_assert(STATUS_COUNT <= SUM_STATUS + 1, "a status must fit in SUM_STATUS");

/* The keys are the plan's (which declares every key a unit may have):
 * one copy for a district, not one per unit. */
static void copy_attrs(unit_summary *s, const unit *u, const plan *p, arena *mem)
{
    unit_attr *a = arena_array(mem, u->n_attrs ? u->n_attrs : 1, sizeof *a);
    for (size_t i = 0; i < u->n_attrs; i++) {
        const plan_attribute *pa = plan_find_attribute(p, u->attrs[i].key);
        a[i] = u->attrs[i];
        a[i].key = pa ? pa->key : arena_strdup(mem, u->attrs[i].key);
        a[i].text = arena_strdup(mem, u->attrs[i].text);
    }
    s->attrs = a;
    s->n_attrs = u->n_attrs;
}

/* One byte per check of the plan, and the values, walking the unit's
 * states (in plan order) along the plan. */
static void copy_checks(unit_summary *s, const unit *u, const plan *p, arena *mem)
{
    uint8_t *b = arena_array(mem, p->n_checks ? p->n_checks : 1, 1);
    size_t n_values = 0;
    for (size_t i = 0; i < u->n_checks; i++)
        n_values += u->checks[i].has_value;
    sum_value *v = arena_array(mem, n_values ? n_values : 1, sizeof *v);
    for (size_t i = 0; i < p->n_checks; i++)
        if (unit_carries(u, p->checks[i])) /* model/applies.h */
            b[p->checks[i]->order] = SUM_CARRIED;
    for (size_t i = 0; i < u->n_checks; i++) {
        const check_state *cs = &u->checks[i];
        uint8_t *f = &b[cs->check->order];
        *f |= SUM_STATE | (uint8_t)cs->status;
        if (cs->note && *cs->note)
            *f |= SUM_NOTE;
        if (cs->has_value) {
            *f |= SUM_VALUE;
            v[s->n_values++] = (sum_value){(uint32_t)cs->check->order, cs->value};
        }
    }
    s->checks = b;
    s->n_checks = p->n_checks;
    s->values = v;
}

static void copy_rects(unit_summary *s, const unit *u, arena *mem)
{
    size_t n = 0;
    for (size_t i = 0; i < u->n_records; i++)
        n += u->records[i].kind == &record_kind_rectification;
    rect_fact *f = arena_array(mem, n ? n : 1, sizeof *f);
    for (size_t i = 0; i < u->n_records; i++)
        if (u->records[i].kind == &record_kind_rectification)
            f[s->n_rects++] = rect_fact_of(&u->records[i]);
    s->rects = f;
}

/* What the overview's ledger counts: the evidence that can alert, the
 * latest visit. */
static void copy_ledger(unit_summary *s, const unit *u, arena *mem)
{
    ev_fact *all = xcalloc(u->n_records + 1, sizeof *all);
    s->n_evidence = ev_facts_of(u, all);
    /* a handful of the records, in a district's memory; most units none */
    ev_fact *f = s->n_evidence ? arena_array(mem, s->n_evidence, sizeof *f) : NULL;
    if (f)
        memcpy(f, all, s->n_evidence * sizeof *f);
    free(all);
    s->evidence = f;
    if (!visit_last(u, &s->last_visit))
        s->last_visit = INT64_MIN;
}

unit_summary *summary_of(const unit *u, const plan *p, arena *mem)
{
    unit_summary *s = arena_array(mem, 1, sizeof *s);
    s->kind = u->kind;
    s->name = arena_strdup(mem, u->name);
    copy_attrs(s, u, p, mem);
    copy_checks(s, u, p, mem);
    copy_rects(s, u, mem);
    copy_ledger(s, u, mem);
    s->newest_day = INT64_MIN;
    for (size_t i = 0; i < u->n_history; i++) {
        int64_t day;
        if (history_entry_day(&u->history[i], &day) && day > s->newest_day)
            s->newest_day = day;
    }
    s->progress = unit_progress_of(u, p);
    return s;
}

static uint8_t flags_of(const unit_summary *s, const plan_check *c)
{
    return c->order < s->n_checks ? s->checks[c->order] : 0;
}

bool summary_carries(const unit_summary *s, const plan_check *c)
{
    return (flags_of(s, c) & SUM_CARRIED) != 0;
}

status summary_status(const unit_summary *s, const plan_check *c)
{
    uint8_t f = flags_of(s, c);
    return f & SUM_STATE ? (status)(f & SUM_STATUS) : STATUS_TODO;
}

bool summary_has_note(const unit_summary *s, const plan_check *c)
{
    return (flags_of(s, c) & SUM_NOTE) != 0;
}

static int cmp_order(const void *key, const void *elem)
{
    uint32_t k = *(const uint32_t *)key, e = ((const sum_value *)elem)->order;
    return k < e ? -1 : k > e;
}

const check_state *summary_state(const unit_summary *s, const plan_check *c, check_state *tmp)
{
    uint8_t f = flags_of(s, c);
    if (!(f & SUM_STATE))
        return NULL;
    memset(tmp, 0, sizeof *tmp);
    tmp->check = c;
    tmp->status = (status)(f & SUM_STATUS);
    if (f & SUM_VALUE) {
        uint32_t order = (uint32_t)c->order;
        const sum_value *v = bsearch(&order, s->values, s->n_values, sizeof *v, cmp_order);
        if (v) {
            tmp->has_value = true;
            tmp->value = v->value;
        }
    }
    return tmp;
}

const unit_attr *summary_attr(const unit_summary *s, const char *key)
{
    for (size_t i = 0; i < s->n_attrs; i++)
        if (strcmp(s->attrs[i].key, key) == 0)
            return &s->attrs[i];
    return NULL;
}

void summary_rect_count(const unit_summary *s, int64_t today, rect_counts *c)
{
    for (size_t i = 0; i < s->n_rects; i++)
        rect_count_fact(&s->rects[i], today, c);
}
