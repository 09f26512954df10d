/* store — changing units on disk without ever losing anyone's work.
 *
 * A change is a delta (this check's status, value or note), never a whole
 * unit: under the unit's lock the file is read again and only the changed
 * checks are applied to what is on disk now, so a change made by another
 * qtown or by hand since this one loaded the file survives.  The result is
 * written atomically (fsutil), a status change is appended to the unit's
 * history, and a file that does not load is never written. */
#ifndef QTOWN_STORE_H
#define QTOWN_STORE_H

#include "model/workspace.h"

#define STORE_LOCK_WAIT_MS 10000

typedef struct check_change {
    const plan_check *check;
    bool set_status;
    status status;
    bool set_value; /* with has_value false: remove the value */
    bool has_value;
    double value;
    const char *value_text; /* optional: the value as typed */
    bool set_note;          /* with note NULL or "": remove the note */
    const char *note;
} check_change;

typedef struct store_result {
    size_t changed; /* checks whose state changed */
    bool written;   /* false when the file already said so */
} store_result;

/* Applies changes to one unit under its lock; on success wu->u and
 * wu->stamp describe the file as written.  `by` is recorded in the checks
 * and the history. */
bool store_apply(workspace *ws, ws_unit *wu, const check_change *changes, size_t n, const char *by,
                 store_result *res, diag_list *dl);

/* Adds a new unit (a village or an enterprise) to the workspace and
 * writes its file; refuses an id that exists as either kind.  Takes
 * ownership of u. */
ws_unit *store_add_unit(workspace *ws, unit *u, diag_list *dl);

#endif
