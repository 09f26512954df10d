/* indicators — the plan's town-wide targets, evaluated over the loaded
 * units of a workspace: the actual figure, the verdict (met, not met, not
 * known) and the units behind it.  The rules, precisely
 * (docs/scoring.md has them for readers):
 *
 * Filter.  A unit is in an indicator's filter when it has loaded, is of
 * the indicator's kind (`units:`), its `where:` holds (model/applies.h)
 * and it carries the indicator's check (a check whose own `where:` leaves
 * the unit out is not asked of it).  A unit that lacks an attribute named
 * by the indicator's filter is NOT in it, whatever the operator (even
 * `ne`): an unknown attribute never proves anything.  Units whose file
 * failed to load are left out.
 *
 * A unit in the filter has one outcome for the indicator:
 *   n/a       its check is n/a: left out of every figure (rates exclude it
 *             from the denominator);
 *   no value  the indicator reads values (sum, compare, `meets: {..}`) and
 *             the check has none;
 *   meets / misses  (count, rate, compare) — by status `done`, or by the
 *             value lying in `meets:` when the plan gives a value range;
 *             a unit with no value misses;
 *   value     (sum) its value is added.
 * Statuses other than n/a do not matter to a value: a value entered while
 * the check is still `doing` counts (it is the figure known today).
 *
 * Figures.  count = units that meet; sum = sum of the values entered;
 * rate = 100 * meet / (in the filter and not n/a), a percentage;
 * compare = the town's value of `check` OP the town's value of `against`.
 *
 * Verdict.  Not known when no unit is in the filter, when every unit in it
 * is n/a, or when the indicator reads values and none was entered (for a
 * compare: either of the two values is missing).  Otherwise met when the
 * figure lies in the target range (both ends included) — or, for a
 * compare, when the comparison holds — and not met otherwise. */
#ifndef QTOWN_INDICATORS_H
#define QTOWN_INDICATORS_H

#include "model/summary.h"
#include "model/workspace.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ind_verdict { VERDICT_MET, VERDICT_NOT_MET, VERDICT_UNKNOWN } ind_verdict;

/* Why a verdict is not known. */
typedef enum ind_unknown {
    UNKNOWN_NONE,     /* the verdict is known */
    UNKNOWN_NO_UNITS, /* no unit in the filter */
    UNKNOWN_ALL_NA,   /* every unit in the filter is n/a */
    UNKNOWN_NO_VALUE, /* no value entered */
} ind_unknown;

typedef enum ind_outcome {
    OUTCOME_MEETS,
    OUTCOME_MISSES,
    OUTCOME_VALUE, /* sum: adds its value */
    OUTCOME_NO_VALUE,
    OUTCOME_NA,
} ind_outcome;

/* One unit behind an indicator. */
typedef struct ind_unit {
    uint32_t unit;   /* index into workspace.units (WORKSPACE_MAX_UNITS) */
    uint8_t outcome; /* an ind_outcome */
    bool has_value;
    double value;
} ind_unit;

typedef struct ind_result {
    const plan_indicator *ind;
    ind_verdict verdict;
    ind_unknown why;
    bool has_actual;
    double actual;      /* count, sum, rate (%), or the town's value */
    bool has_reference; /* compare: the value compared against */
    double reference;
    size_t in_filter; /* units in the filter */
    size_t na;        /* ... of which n/a */
    size_t meeting;   /* ... meeting (count, rate, compare) */
    size_t no_value;  /* ... without the value the indicator reads */
} ind_result;

/* Evaluates every indicator of the workspace's plan over its units' summaries
 * into out[0 .. plan.n_indicators-1]: the figures only (nothing to free). */
void indicators_evaluate(const workspace *ws, ind_result *out);
/* The units behind an indicator (every unit in its filter, with its
 * outcome, in workspace order), evaluated again from the summaries when a
 * presenter lists them: a district's indicators would hold a million.
 * Caller frees; *n is their number (ind_result.in_filter). */
ind_unit *indicator_units(const workspace *ws, const plan_indicator *ind, size_t *n);

/* Is the unit in the indicator's filter (kind, conditions, the check carried)? */
bool indicator_selects(const plan_indicator *ind, const unit_summary *u);

#endif
