/* summary — what the unit list, the overview and the reports need of a
 * unit without reading its file again: its name and attributes, the
 * status (and value) of every check of the plan, what its rectifications
 * count, its evidence records that can alert (the days they end), the day
 * of its latest visit and the day of its latest change.  Notes, times, authors, records
 * and the history stay in the file: a screen or a report that shows them
 * reads the unit (workspace_unit_full).
 *
 * A summary is derived (summary_of, from a unit as read or written) and
 * kept in the workspace's cache (cache.h) so that opening a district of
 * 100,000 units stats their files instead of parsing them.  It is never
 * the truth: it says what a file said, and is made again from the file at
 * any doubt.
 *
 * Small on purpose (docs/limits.md gives the figure per unit): one byte per
 * check of the plan, values and rectifications only where there are
 * some. */
#ifndef QTOWN_SUMMARY_H
#define QTOWN_SUMMARY_H

#include "model/evidence.h"
#include "model/rectify.h"
#include "model/unit.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Per check of the plan (by plan_check.order): its status and flags. */
#define SUM_STATUS  0x0f /* the status (todo when the file holds none) */
#define SUM_CARRIED 0x10 /* the unit carries the check */
#define SUM_STATE   0x20 /* the file holds a state for it */
#define SUM_VALUE   0x40 /* ... with a value */
#define SUM_NOTE    0x80 /* ... with a note */

typedef struct sum_value {
    uint32_t order; /* the check's plan_check.order */
    double value;
} sum_value;

typedef struct unit_summary {
    unit_kind kind;
    const char *name;
    const unit_attr *attrs;
    size_t n_attrs;
    const uint8_t *checks; /* one per check of the plan */
    size_t n_checks;
    const sum_value *values; /* by order */
    size_t n_values;
    const rect_fact *rects; /* its rectifications */
    size_t n_rects;
    const ev_fact *evidence; /* its evidence records that can alert (ev_facts_of) */
    size_t n_evidence;
    int64_t last_visit;     /* the day of its latest visit (visit_last); INT64_MIN: none */
    int64_t newest_day;     /* of its latest history entry (days); INT64_MIN: none */
    unit_progress progress; /* over the checks it carries */
    bool name_only;         /* holds its kind and name alone (cache_read_names) */
} unit_summary;

/* The summary of a unit, allocated in `mem`. */
unit_summary *summary_of(const unit *u, const plan *p, arena *mem);

bool summary_carries(const unit_summary *s, const plan_check *c);
status summary_status(const unit_summary *s, const plan_check *c);
bool summary_has_note(const unit_summary *s, const plan_check *c);
/* A check's state as far as a summary knows it — its status and value,
 * no note, time or author — written into *tmp; NULL when the file holds
 * none (todo).  For the code that scores and counts (score.h,
 * indicators.h), which reads nothing else. */
const check_state *summary_state(const unit_summary *s, const plan_check *c, check_state *tmp);
const unit_attr *summary_attr(const unit_summary *s, const char *key);
/* Its rectifications counted as of `today` (rect_count's figures). */
void summary_rect_count(const unit_summary *s, int64_t today, rect_counts *c);

#endif
