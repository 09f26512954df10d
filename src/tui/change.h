/* change — every change the screens make to a unit goes through here.
 *
 * It is saved at once through store_apply (the unit's lock, a re-read,
 * only this check applied, an atomic write), the status line says that it
 * was saved or why not, and it is recorded so that `u` undoes it and
 * Ctrl-R redoes it, each by applying the inverse change the same way.  An
 * undo is refused when the check was changed on disk since (by another
 * qtown or by hand): undoing must not throw someone else's work away. */
#ifndef QTOWN_TUI_CHANGE_H
#define QTOWN_TUI_CHANGE_H

#include "tui/app.h"

/* The fields of a check a change sets. */
enum { CH_STATUS = 1, CH_VALUE = 2, CH_NOTE = 4 };

typedef struct check_value {
    status st;
    bool has_value;
    double value;
    const char *value_text;
    const char *note;
    /* With CH_NOTE: the note the editor started from, when it may differ
     * from the file by the time of the save (an editor left open while
     * another qtown saves): a note someone else saved meanwhile is then
     * kept in the history and the status line says so (store.h). */
    bool has_note_base;
    const char *note_base;
} check_value;

/* Sets `fields` of check c of the unit at index `unit` to `to`; the one
 * place a change prepares the unit (change_prepare) before it saves. */
unsigned change_apply(app *a, size_t unit, const plan_check *c, unsigned fields,
                      const check_value *to);
/* Moves the check's status on from what the file says now (the Space
 * key), along status.def's cycle (status_next). */
unsigned change_cycle(app *a, size_t unit, const plan_check *c);
/* Sets check c to status st in every unit of `units` (indices) that
 * carries it (by its summary; the store checks again under each unit's
 * lock), as one change that `u` undoes whole.  Says nothing: the caller
 * tells the tally. */
typedef struct bulk_tally {
    size_t changed, unchanged, skipped, failed;
} bulk_tally;
void change_status_many(app *a, const size_t *units, size_t n, const plan_check *c, status st,
                        bulk_tally *t);
unsigned change_undo(app *a);
unsigned change_redo(app *a);
void change_log_free(app *a);

/* Sets attribute `key` of the unit to `value` (NULL: removes it), saved
 * at once through store_edit (validated, under the unit's lock, in the
 * history).  Not in the undo log: an attribute is set again the same way. */
unsigned change_attribute(app *a, size_t unit, const char *attr, const char *value);
/* What a visit looked at: the checks of a unit changed through the
 * screens (saved; undone or not) since change_mark() returned `mark`.
 * Fills out (at most max), each check once; returns how many. */
size_t change_mark(app *a);
size_t change_checks_since(app *a, size_t mark, size_t unit, const plan_check **out, size_t max);
/* Counts a change made on a check outside this module (evidence
 * attached) as one of the unit's. */
void change_touched(app *a, size_t unit, const plan_check *c);

/* Before a change: re-reads the unit if its file changed on disk, so that
 * what the screen shows (and an undo records) is what the file says.
 * False, with a message, when the unit cannot be changed (its file does
 * not load). */
bool change_prepare(app *a, size_t unit);
/* False, with the same message, when the unit (as loaded) cannot be
 * changed; reads nothing. */
bool change_allowed(app *a, size_t unit);

#endif
