/* merge — the three-way merge of a unit: what two people did to the same
 * village or enterprise since their common version, made into one unit
 * without losing either side's work.  No git here: the merge driver
 * (merge_file.h) and the tests call it on units they have read.
 *
 * The rules (docs/sync.md says the same to users):
 * - Each check, attribute and the name merge on their own: a change made
 *   on one side only is taken; the same change on both sides is taken once.
 * - The same check changed differently on both sides: the state with the
 *   later `updated` wins (compared as instants; a state without `updated`
 *   is the older).  The losing state is kept in the history as an entry
 *   with `event: merge`: `at` and `by` of the losing change, `from` the
 *   common version's status, `to` the losing status, and its value and
 *   note where they differ from the kept ones.  An exact tie is broken by
 *   a fixed rule (the state that sorts last by status, value, note, by),
 *   so every laptop reaches the same result.
 * - An attribute or the name changed differently on both sides: the side
 *   whose file was changed last wins (the newest `updated` or history `at`
 *   in it), a tie going to the text that sorts last.  There is no history
 *   for attributes; the loss is reported (merge_report), and the sync
 *   puts it in the merge commit's message.
 * - Removed on one side (a check, an attribute, a whole unit) and changed
 *   on the other: the changed one is kept.  Removed on one side and left
 *   alone on the other: removed.
 * - Records (rectifications, evidence, visits...) merge by id: added on
 *   either side, kept; removed on one side and unchanged on the other,
 *   removed; on both sides, each field on its own, and a field both sides
 *   changed differently takes the value of the record updated later, the
 *   other kept in the history (`event: merge` with the record, the field
 *   as `key` and the losing value as `new`).
 * - History lists merge as a union: every entry of either side once (an
 *   entry repeated on one side stays repeated), ordered by time; entries
 *   removed from one side come back (the history is append-only).
 *
 * All three units must have been read against the same plan. */
#ifndef QTOWN_MERGE_H
#define QTOWN_MERGE_H

#include "model/unit.h"

typedef enum merge_what { MERGE_CHECK, MERGE_ATTRIBUTE, MERGE_NAME, MERGE_RECORD } merge_what;

/* A difference that could not be taken from both sides: one side won. */
typedef struct merge_conflict {
    merge_what what;
    char *key; /* check id, attribute key, "record-id.field"; NULL for the name */
    bool theirs_won;
    char *kept; /* "done" / "done = 2" / the attribute's text */
    char *dropped;
    char *kept_by; /* checks: who set each state (may be NULL) */
    char *dropped_by;
} merge_conflict;

typedef struct merge_report {
    merge_conflict *conflicts;
    size_t n_conflicts, cap_conflicts;
    bool kept_changed; /* removed on one side, changed on the other: kept */
} merge_report;

void merge_report_free(merge_report *rep);

/* Merges ours and theirs against base; any of the three may be NULL (not
 * there: added on both sides, removed, never existed).  Returns the merged
 * unit (a new one, sharing nothing with the inputs but the plan), or NULL
 * when the unit is removed.  `now` is the time of the merge, used only
 * for a losing state that has no `updated`.  rep may be NULL. */
unit *unit_merge(const unit *base, const unit *ours, const unit *theirs, const char *now,
                 merge_report *rep);

/* Exact equality of two units (name, attributes, checks, history); NULL
 * equals only NULL. */
bool unit_equal(const unit *a, const unit *b);
bool check_state_equal(const check_state *a, const check_state *b);
bool history_entry_equal(const history_entry *a, const history_entry *b);
bool unit_record_equal(const unit_record *a, const unit_record *b);

#endif
