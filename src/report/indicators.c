#include "report/indicators.h"

#include "model/applies.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

bool indicator_selects(const plan_indicator *ind, const unit_summary *u)
{
    if (u->kind != ind->units ||
        filter_eval_attrs(&ind->where, u->attrs, u->n_attrs) != FILTER_HOLDS)
        return false;
    /* a unit that does not carry the check is not asked for it */
    return summary_carries(u, ind->check) && (!ind->against || summary_carries(u, ind->against));
}

static bool reads_values(const plan_indicator *ind)
{
    return ind->type == IND_SUM || ind->type == IND_COMPARE || ind->meets_by_value;
}

/* The outcome of one unit for a count, sum or rate. */
static ind_unit unit_outcome(const plan_indicator *ind, const unit_summary *u, size_t index)
{
    ind_unit iu = {.unit = index};
    check_state tmp;
    const check_state *cs = summary_state(u, ind->check, &tmp);
    status st = cs ? cs->status : STATUS_TODO;
    if (cs && cs->has_value) {
        iu.has_value = true;
        iu.value = cs->value;
    }
    if (!status_applicable(st))
        iu.outcome = OUTCOME_NA;
    else if (reads_values(ind) && !iu.has_value)
        iu.outcome = OUTCOME_NO_VALUE;
    else if (ind->type == IND_SUM)
        iu.outcome = OUTCOME_VALUE;
    else if (ind->meets_by_value)
        iu.outcome = range_contains(&ind->meets, iu.value) ? OUTCOME_MEETS : OUTCOME_MISSES;
    else
        iu.outcome = st == STATUS_DONE ? OUTCOME_MEETS : OUTCOME_MISSES;
    return iu;
}

/* The town's outcome for a compare: both values needed, neither n/a. */
static ind_unit compare_outcome(ind_result *r, const unit_summary *u, size_t index)
{
    const plan_indicator *ind = r->ind;
    ind_unit iu = {.unit = index, .outcome = OUTCOME_NO_VALUE};
    check_state ta, tb;
    const check_state *a = summary_state(u, ind->check, &ta);
    const check_state *b = summary_state(u, ind->against, &tb);
    if ((a && !status_applicable(a->status)) || (b && !status_applicable(b->status))) {
        iu.outcome = OUTCOME_NA;
        return iu;
    }
    if (a && a->has_value) {
        iu.has_value = true;
        iu.value = a->value;
        r->has_actual = true;
        r->actual = a->value;
    }
    if (b && b->has_value) {
        r->has_reference = true;
        r->reference = b->value;
    }
    if (r->has_actual && r->has_reference)
        iu.outcome = cond_op_holds(ind->compare_op, r->actual, r->reference) ? OUTCOME_MEETS
                                                                             : OUTCOME_MISSES;
    return iu;
}

static void tally(ind_result *r, const ind_unit *iu)
{
    r->in_filter++;
    switch (iu->outcome) {
    case OUTCOME_NA:
        r->na++;
        break;
    case OUTCOME_NO_VALUE:
        r->no_value++;
        break;
    case OUTCOME_MEETS:
        r->meeting++;
        break;
    case OUTCOME_VALUE:
        r->actual += iu->value;
        break;
    default:
        break;
    }
}

/* The figure and the verdict, once every unit is tallied. */
static void decide(ind_result *r)
{
    const plan_indicator *ind = r->ind;
    size_t applicable = r->in_filter - r->na;
    if (r->in_filter == 0)
        r->why = UNKNOWN_NO_UNITS;
    else if (applicable == 0)
        r->why = UNKNOWN_ALL_NA;
    else if (reads_values(ind) && r->no_value == applicable)
        r->why = UNKNOWN_NO_VALUE;
    else if (ind->type == IND_COMPARE && !(r->has_actual && r->has_reference))
        r->why = UNKNOWN_NO_VALUE;
    switch (ind->type) {
    case IND_COUNT:
        r->actual = (double)r->meeting;
        r->has_actual = true;
        break;
    case IND_SUM:
        r->has_actual = r->why == UNKNOWN_NONE;
        break;
    case IND_RATE:
        /* meeting * 100 is exact, so a rate exactly at its target is
         * computed exactly (17 of 20 is 85, not 84.999...) */
        r->has_actual = applicable > 0;
        r->actual = applicable ? (double)r->meeting * 100.0 / (double)applicable : 0;
        break;
    default:
        break;
    }
    if (r->why != UNKNOWN_NONE)
        r->verdict = VERDICT_UNKNOWN;
    else if (ind->type == IND_COMPARE)
        r->verdict = r->meeting ? VERDICT_MET : VERDICT_NOT_MET;
    else
        r->verdict = range_contains(&ind->target, r->actual) ? VERDICT_MET : VERDICT_NOT_MET;
}

/* Tallies every unit in its filter; `units` (room for one per unit of the
 * workspace, or NULL) receives them, in workspace order. */
static void evaluate_one(const workspace *ws, const plan_indicator *ind, ind_result *r,
                         ind_unit *units)
{
    memset(r, 0, sizeof *r);
    r->ind = ind;
    for (size_t i = 0; i < ws->n_units; i++) {
        const unit_summary *u = ws->units[i].sum;
        if (!u || !indicator_selects(ind, u))
            continue;
        ind_unit iu = ind->type == IND_COMPARE ? compare_outcome(r, u, i) : unit_outcome(ind, u, i);
        if (units)
            units[r->in_filter] = iu;
        tally(r, &iu);
    }
    decide(r);
}

void indicators_evaluate(const workspace *ws, ind_result *out)
{
    for (size_t i = 0; i < ws->plan.n_indicators; i++)
        evaluate_one(ws, &ws->plan.indicators[i], &out[i], NULL);
}

ind_unit *indicator_units(const workspace *ws, const plan_indicator *ind, size_t *n)
{
    ind_unit *units = xmalloc((ws->n_units + 1) * sizeof *units);
    ind_result r;
    evaluate_one(ws, ind, &r, units);
    *n = r.in_filter;
    return units;
}
