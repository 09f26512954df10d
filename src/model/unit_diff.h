/* unit_diff — what changed between two versions of a unit, as changes a
 * person can read: checks whose state changed, attributes, the name, the
 * unit added or removed, and losing states that a merge recorded in the
 * history (merge.h).  The sync says with them what it sends and receives,
 * and writes them into its commit messages. */
#ifndef QTOWN_UNIT_DIFF_H
#define QTOWN_UNIT_DIFF_H

#include "model/unit.h"

typedef enum change_kind {
    CHANGE_ADDED,     /* the unit is new */
    CHANGE_REMOVED,   /* the unit's file is gone */
    CHANGE_NAME,      /* old_text -> new_text */
    CHANGE_ATTRIBUTE, /* key: old_text -> new_text (NULL: absent) */
    CHANGE_CHECK,     /* key: from -> to, value old_text -> new_text, note */
    CHANGE_MERGED,    /* key: a merge kept another state; `to` and `by` are
                         the losing one's (a record's field: `record` and
                         new_text the field, old_text the losing value) */
    CHANGE_RECORD,    /* key: a record's id; old_text/new_text its state
                         before and after (its id for kinds without a
                         state), NULL when it was added/removed; `record`
                         the newer version */
} change_kind;

typedef struct unit_change {
    change_kind kind;
    const char *key;
    status from, to;
    const char *old_text, *new_text;
    bool note_changed;
    const char *by; /* who made the change, when the file says */
    const unit_record *record;
} unit_change;

typedef struct change_list {
    unit_change *items;
    size_t n, cap;
} change_list;

/* Appends the changes from `old` to `new` (either may be NULL: the unit
 * did not exist).  A check counts as changed when its status, value or
 * note did (not when only `updated` or `by` did).  The strings point
 * into the two units (and their plan), which must outlive the list. */
void unit_diff(const unit *old, const unit *new, change_list *out);
void change_list_free(change_list *l);

#endif
