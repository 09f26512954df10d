/* record_change — adding and changing records (record.h) the way every
 * change to a unit is made: a delta applied under the unit's lock to the
 * file as it is now (store.h), the record's `updated` and `by` set, and
 * an entry in the history.  A field that someone else changed since this
 * writer loaded the unit, and that this change replaces, is kept in the
 * history (`event: merge`), as a replaced note is: nothing is lost. */
#ifndef QTOWN_RECORD_CHANGE_H
#define QTOWN_RECORD_CHANGE_H

#include "model/store.h"

/* One field to set: a text, or a list (items); both NULL removes it. */
typedef struct record_field_set {
    const char *key;
    const char *text;
    const char *const *items;
    size_t n_items;
} record_field_set;

typedef struct record_change {
    const record_kind *kind;
    const char *id;          /* the record to change; NULL: add a new one */
    const plan_check *check; /* a new record's check (kinds in_check) */
    const record_field_set *fields;
    size_t n_fields;
    /* What the history entry says changed (e.g. "open" -> "done"; a new
     * record: old NULL, new its state or title). */
    const char *history_old, *history_new;
    char *new_id; /* set for a new record: its id (caller frees) */
} record_change;

/* Checks a change against its kind before anything is read: known fields,
 * valid values, the required fields of a new record, a check the unit
 * carries.  False with a message. */
bool record_change_valid(const ws_unit *wu, const record_change *ch, diag_list *dl);

/* Applies one change to u (the file as it is now; base as this writer
 * loaded it, or NULL).  For store_edits that check more (a state's
 * transitions) on the current unit before they apply.  False, with a
 * message, when the record is not there. */
bool record_apply(unit *u, const unit *base, record_change *ch, const char *by, const char *now,
                  diag_list *dl);

/* Validates, then applies the changes to one unit under its lock. */
bool store_change_records(workspace *ws, ws_unit *wu, record_change *changes, size_t n,
                          const char *by, store_result *res, diag_list *dl);

#endif
