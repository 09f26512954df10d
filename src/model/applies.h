/* applies — which units carry which checks, and which units an indicator
 * counts: the one evaluator of the plan's filters (`where:`).
 *
 * A condition on an attribute the unit has holds or fails; on one it
 * lacks it is *unknown*.  A filter fails when a condition of `all` fails
 * or when every condition of `any-of` fails; otherwise it is unknown when
 * a condition it needs is unknown; otherwise it holds.
 *
 * The two readers of a filter take "unknown" differently, on purpose:
 * - a check is carried when its kinds include the unit's and its filter
 *   does not fail: an attribute nobody entered keeps the check on the
 *   unit's list (the safe reading) and the unit is flagged so that the
 *   office fills it in;
 * - an indicator counts a unit only when its filter holds: a missing
 *   attribute proves nothing (report/indicators.h).
 *
 * A unit keeps what its checks' filters say, evaluated once when it is
 * read and again when one of its attributes changes (unit_applies_refresh),
 * so that the screens and the reports look it up, never evaluate it. */
#ifndef QTOWN_APPLIES_H
#define QTOWN_APPLIES_H

#include "model/plan.h"
#include "model/unit.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum filter_result { FILTER_FAILS, FILTER_HOLDS, FILTER_UNKNOWN } filter_result;

filter_result filter_eval(const plan_filter *f, const unit *u);
/* The same over a set of attributes (a unit's summary, model/summary.h). */
filter_result filter_eval_attrs(const plan_filter *f, const unit_attr *attrs, size_t n_attrs);
/* a OP b, as a condition and a compare indicator read it. */
bool cond_op_holds(cond_op op, double a, double b);
bool filter_is_set(const plan_filter *f);

/* Does the check apply to the unit, and why not. */
typedef enum applies {
    APPLIES_NOT_KIND, /* its `for` does not name the unit's kind */
    APPLIES_EXCLUDED, /* its `where` fails on the unit's attributes */
    APPLIES_YES,
    APPLIES_MISSING, /* carried because an attribute it needs is not set */
} applies;

/* What the filter says of this unit, computed now. */
applies check_applies(const plan_check *c, const unit *u);
/* What the unit keeps (computed now for a unit that keeps nothing yet). */
applies unit_applies(const unit *u, const plan_check *c);
/* Carried: APPLIES_YES or APPLIES_MISSING. */
bool unit_carries(const unit *u, const plan_check *c);
/* Evaluates every check of the plan for the unit again (after a read or
 * an attribute change). */
void unit_applies_refresh(unit *u, const plan *p);

/* The attributes a unit lacks that a filter of a check of its kind names
 * (each once, in the plan's order of attributes): what the office should
 * fill in.  Kept with what applies (unit_applies_refresh; evaluated here
 * for a unit made in memory that never was).  Returns how many; `keys`
 * (may be NULL) receives up to `max`. */
size_t unit_missing_attributes(const unit *u, const plan *p, const plan_attribute **keys,
                               size_t max);
/* The same for a unit known by its kind and attributes only (a summary):
 * computed now, not kept. */
size_t attrs_missing(const plan *p, unit_kind kind, const unit_attr *attrs, size_t n_attrs,
                     const plan_attribute **keys, size_t max);
/* The attributes that one filter names and the unit lacks, written
 * "key, key" into out (nothing when none). */
void filter_missing_keys(const plan_filter *f, const unit *u, strbuf *out);

/* One condition written on a line, "KEY OP VALUE" with OP one of = != >
 * >= < <= (the symbols filter_describe writes): `qtown set --kind KIND
 * --where ...`.  Gives the key's length, the operator and where the value
 * starts; false when the text has no operator or no key. */
bool filter_split_condition(const char *text, size_t *key_len, cond_op *op, const char **value);
/* The condition "a OP its value" (a's key, type and value: the texts stay
 * a's).  The values a --where compares with are read into a unit made for
 * the purpose by unit_set_attr, so that a --where is read and checked as
 * --attr is (the key declared for the kind, the value of its type and
 * among the plan's values).  Evaluated with filter_eval: a unit matches
 * when the filter holds (a missing attribute matches nothing). */
plan_condition filter_condition_of(const unit_attr *a, cond_op op);

/* The filter written for people: "size = large; any of: key_enterprise =
 * true, famous_brand = true". */
void filter_describe(const plan_filter *f, strbuf *out);

#endif
