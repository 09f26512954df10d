#include "model/evidence.h"

#include "model/applies.h"
#include "model/summary.h"
#include "model/timestamp.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

const char *ev_validity_title(ev_validity v)
{
    static const msg_id titles[] = {M_EV_NONE,     M_EV_NO_END,  M_EV_VALID,
                                    M_EV_EXPIRING, M_EV_EXPIRED, M_EV_RENEWED};
    return tr(titles[v]);
}

const char *ev_validity_name(ev_validity v)
{
    static const char *const names[] = {"", "no-end", "valid", "expiring", "expired", "renewed"};
    return names[v];
}

bool ev_validity_alerts(ev_validity v)
{
    return v == EV_EXPIRED || v == EV_EXPIRING;
}

static int64_t until_of(const unit_record *r)
{
    int64_t d;
    const char *t = record_text(r, "valid_until");
    return t && date_parse(t, &d) ? d : INT64_MAX;
}

static ev_validity by_date(int64_t until, int64_t today, int window)
{
    if (until == INT64_MAX)
        return EV_NO_END;
    if (until < today)
        return EV_EXPIRED;
    return until - today <= window ? EV_EXPIRING : EV_VALID;
}

/* The latest valid_until among the check's evidence (INT64_MIN: none
 * has one); *any set when the check has evidence at all. */
static int64_t best_until(const unit *u, const plan_check *c, bool *any)
{
    int64_t best = INT64_MIN;
    *any = false;
    for (size_t i = 0; i < u->n_records; i++) {
        const unit_record *r = &u->records[i];
        if (r->kind != &record_kind_evidence || r->check != c)
            continue;
        *any = true;
        int64_t until = until_of(r);
        if (until != INT64_MAX && until > best)
            best = until;
    }
    return best;
}

ev_validity ev_record_validity(const unit *u, const unit_record *r, int64_t today, int window,
                               int64_t *until)
{
    int64_t mine = until_of(r);
    if (until)
        *until = mine;
    ev_validity v = by_date(mine, today, window);
    if (!ev_validity_alerts(v))
        return v;
    bool any;
    return best_until(u, r->check, &any) > mine ? EV_RENEWED : v;
}

ev_validity ev_check_validity(const unit *u, const plan_check *c, int64_t today, int window)
{
    bool any;
    int64_t best = best_until(u, c, &any);
    if (!any)
        return EV_NONE;
    return best == INT64_MIN ? EV_NO_END : by_date(best, today, window);
}

void ev_count(const unit *u, int64_t today, int window, ev_counts *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < u->n_records; i++) {
        const unit_record *r = &u->records[i];
        if (r->kind != &record_kind_evidence || !unit_carries(u, r->check))
            continue;
        c->records++;
        ev_validity v = ev_record_validity(u, r, today, window, NULL);
        c->expired += v == EV_EXPIRED;
        c->expiring += v == EV_EXPIRING;
    }
}

static bool wanted(ev_filter f, ev_validity v)
{
    switch (f) {
    case EV_ONLY_EXPIRED:
        return v == EV_EXPIRED;
    case EV_ONLY_EXPIRING:
        return v == EV_EXPIRING;
    case EV_ONLY_ALERTS:
        return ev_validity_alerts(v);
    default:
        return true;
    }
}

/* Expired, then expiring, then the rest; within the first two by date. */
static int rank_of(ev_validity v)
{
    return v == EV_EXPIRED ? 0 : v == EV_EXPIRING ? 1 : 2;
}

static int cmp_item(const void *a, const void *b)
{
    const ev_item *x = a, *y = b;
    int rx = rank_of(x->validity), ry = rank_of(y->validity);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    if (rx < 2 && x->until != y->until)
        return x->until < y->until ? -1 : 1;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    if (x->check != y->check)
        return x->check->order < y->check->order ? -1 : 1;
    return x->record < y->record ? -1 : x->record > y->record;
}

static void list_add(ev_list *l, size_t *cap, ev_item it)
{
    l->items = xgrow(l->items, cap, l->n + 1, sizeof *l->items);
    l->items[l->n++] = it;
}

void ev_list_build(ev_list *l, const workspace *ws, size_t only, ev_filter f, int64_t today,
                   int window)
{
    memset(l, 0, sizeof *l);
    l->today = today;
    l->window = window;
    size_t cap = 0;
    for (size_t i = 0; i < ws->n_units; i++) {
        const unit *u = workspace_walk_unit(ws, i, only);
        for (size_t k = 0; u && k < u->n_records; k++) {
            const unit_record *r = &u->records[k];
            if (r->kind != &record_kind_evidence || !unit_carries(u, r->check))
                continue; /* what does not apply is not counted (its record is kept) */
            int64_t until;
            ev_validity v = ev_record_validity(u, r, today, window, &until);
            if (wanted(f, v))
                list_add(l, &cap, (ev_item){i, r, k, r->check, v, until});
        }
    }
    if (l->n)
        qsort(l->items, l->n, sizeof *l->items, cmp_item);
}

void ev_list_free(ev_list *l)
{
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* Whether a record can alert (ev_fact): of a check the unit carries, with
 * a valid_until that no record of its check passes; *until its day. */
static bool can_alert(const unit *u, const unit_record *r, int64_t *until)
{
    if (r->kind != &record_kind_evidence || !unit_carries(u, r->check))
        return false;
    bool any;
    *until = until_of(r);
    return *until != INT64_MAX && best_until(u, r->check, &any) <= *until;
}

size_t ev_facts_of(const unit *u, ev_fact *out)
{
    size_t n = 0;
    for (size_t i = 0; i < u->n_records; i++) {
        int64_t until;
        if (can_alert(u, &u->records[i], &until))
            out[n++] = (ev_fact){until, (uint32_t)u->records[i].check->order, (uint32_t)i};
    }
    return n;
}

void ev_list_alerts(ev_list *l, const workspace *ws, int64_t today, int window)
{
    const plan *p = &ws->plan;
    memset(l, 0, sizeof *l);
    l->today = today;
    l->window = window;
    const plan_check **by_order = xcalloc(p->n_checks + 1, sizeof *by_order);
    for (size_t i = 0; i < p->n_checks; i++)
        by_order[p->checks[i]->order] = p->checks[i];
    size_t cap = 0;
    for (size_t i = 0; i < ws->n_units; i++) {
        const unit_summary *s = ws->units[i].sum;
        for (size_t k = 0; s && k < s->n_evidence; k++) {
            const ev_fact *f = &s->evidence[k];
            ev_validity v = by_date(f->until, today, window);
            if (ev_validity_alerts(v) && f->check < p->n_checks)
                list_add(l, &cap, (ev_item){i, NULL, f->record, by_order[f->check], v, f->until});
        }
    }
    free(by_order);
    if (l->n)
        qsort(l->items, l->n, sizeof *l->items, cmp_item);
}

const unit_record *ev_item_record(const unit *u, const ev_item *it)
{
    if (!u || it->record >= u->n_records)
        return NULL;
    const unit_record *r = &u->records[it->record];
    return r->kind == &record_kind_evidence && r->check == it->check && until_of(r) == it->until
               ? r
               : NULL;
}

void ev_describe_validity(const unit_record *r, ev_validity v, int64_t until, int64_t today,
                          strbuf *out)
{
    const char *from = record_text(r, "valid_from");
    const char *to = record_text(r, "valid_until");
    if (from && to)
        sb_printf(out, tr(M_EV_FROM_UNTIL), from, to);
    else if (to)
        sb_printf(out, tr(M_EV_UNTIL), to);
    else if (from)
        sb_printf(out, tr(M_EV_FROM), from);
    else
        sb_puts(out, tr(M_EV_NO_END));
    if (v == EV_EXPIRED)
        sb_printf(out, tr(M_EV_EXPIRED_AGO), (long long)(today - until));
    else if (v == EV_EXPIRING)
        sb_printf(out, tr(M_EV_EXPIRING_IN), (long long)(until - today));
    else if (v == EV_RENEWED)
        sb_printf(out, " (%s)", tr(M_EV_RENEWED));
}

void ev_describe(const unit_record *r, ev_validity v, int64_t until, int64_t today, strbuf *out)
{
    static const char *const parts[] = {"title", "number", "issuer", NULL};
    for (size_t i = 0; parts[i]; i++) {
        const char *t = record_text(r, parts[i]);
        if (t)
            sb_printf(out, "%s%s", i ? ", " : "", t);
    }
    sb_puts(out, "; ");
    ev_describe_validity(r, v, until, today, out);
}

void ev_check_tag(ev_validity v, strbuf *out)
{
    if (v == EV_EXPIRED)
        sb_printf(out, "[%s]", tr(M_EV_TAG_EXPIRED));
    else if (v == EV_EXPIRING)
        sb_printf(out, "[%s]", tr(M_EV_TAG_EXPIRING));
}
