/* store — changing units on disk without ever losing anyone's work.
 *
 * A change is a delta (this check's status, value or note), never a whole
 * unit: under the unit's lock the file is read again and only the changed
 * checks are applied to what is on disk now, so a change made by another
 * qtown or by hand since this one loaded the file survives.  The result is
 * written atomically (fsutil), every change is appended to the unit's
 * history (a status or value change with its statuses, a note change with
 * the note it replaced: docs/unit-format.md), and a file that does not
 * load is never written. */
#ifndef QTOWN_STORE_H
#define QTOWN_STORE_H

#include "model/workspace.h"

#define STORE_LOCK_WAIT_MS 10000
/* Reads and re-applies when the file changed under the save (see
 * fs_write_atomic_locked); only where locks do not work. */
#define STORE_TRIES 5

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
    /* The note this change was made from (what an editor started with):
     * a different note on disk was written by someone else meanwhile.
     * Without has_note_base, the unit as loaded (wu->u) tells. */
    bool has_note_base;
    const char *note_base;
} check_change;

typedef struct store_result {
    size_t changed; /* things the edit changed (checks, attributes, records) */
    bool written;   /* false when the file already said so */
    /* Notes someone else wrote since this writer's base, replaced by this
     * save and kept in the history (event "merge"); kept_by is the author
     * of the last one (NULL: not known), valid while wu->u is. */
    size_t notes_kept;
    const char *kept_by;
} store_result;

/* An edit of one unit: `apply` changes `u`, the unit as its file is now
 * (read again under the lock), and returns how many things it changed.
 * `base` is the unit as this writer saw it (NULL when not loaded): what
 * differs between base and u was written by someone else since, and must
 * not be dropped silently.  `now` is the time of the change.  A problem
 * added to dl cancels the save (nothing is written). */
typedef struct store_edit {
    size_t (*apply)(unit *u, const unit *base, const void *ctx, const char *by, const char *now,
                    diag_list *dl);
    const void *ctx;
} store_edit;

/* The one way to change a unit's file: under the unit's lock, read the
 * file again, apply the edit, write it atomically (only when its bytes
 * change), re-trying where locks do not work.  On success wu->u and
 * wu->stamp describe the file as written.  Every kind of change (checks,
 * attributes, records) is a store_edit. */
bool store_update(workspace *ws, ws_unit *wu, const store_edit *edit, const char *by,
                  store_result *res, diag_list *dl);

/* Applies changes to one unit under its lock; on success wu->u and
 * wu->stamp describe the file as written.  `by` is recorded in the checks
 * and the history.  No note is lost: a note a change replaces goes into
 * the history (event "note"), and one that someone else wrote after this
 * writer's base (note_base, else wu->u as loaded) is also kept as the
 * losing side of a merge (event "merge": its time, author and status), the
 * later save's text winning the field. */
bool store_apply(workspace *ws, ws_unit *wu, const check_change *changes, size_t n, const char *by,
                 store_result *res, diag_list *dl);

/* Applies one check change to u, the unit as its file is now, inside a
 * store_edit (base: as this writer loaded it, or NULL); true when the
 * check's state changed.  For edits that change a check along with
 * something else in one save (verifying a rectification marks its check
 * done).  The change must have been checked as store_apply checks it. */
bool check_change_apply(unit *u, const unit *base, const check_change *ch, const char *by,
                        const char *now);

/* A change of a unit's own data, applied like a check change: validated
 * first, then a store_edit (store_update: the lock, the file read again),
 * each attribute and the name on their own, each change in the history
 * (events "attribute" and "name"). */
typedef struct attr_change {
    const char *key;
    const char *value; /* NULL: remove the attribute */
} attr_change;

typedef struct unit_edit {
    const char *name; /* NULL: kept */
    const attr_change *attrs;
    size_t n_attrs;
} unit_edit;

/* Checks an edit without changing anything: the name by the one rule
 * (workspace_check_name; *name_check says how it fared), every key
 * declared by the plan for the unit's kind, every value of its type and
 * among the plan's values. */
bool store_edit_unit_valid(workspace *ws, const ws_unit *wu, const unit_edit *e,
                           name_verdict *name_check, diag_list *dl);
/* Validates and applies, a new name under the names' lock
 * (store_lock_names) from its check to the write; res->changed counts the
 * attributes and the name that changed. */
bool store_edit_unit(workspace *ws, ws_unit *wu, const unit_edit *e, const char *by,
                     store_result *res, diag_list *dl);

/* Moves a village's or an enterprise's file to the workspace's archive
 * (archive/villages/ID.yaml, archive/enterprises/ID.yaml; ID-2.yaml ...
 * when that name is taken): nothing is deleted, and qtown reads only the
 * unit folders.  Under the unit's lock; *archived (caller frees) is the
 * path it now has, relative to the workspace. */
bool store_remove_unit(workspace *ws, ws_unit *wu, char **archived, diag_list *dl);

/* Adds a new unit (a village or an enterprise) to the workspace and
 * writes its file; refuses an id that exists as either kind, and a name
 * workspace_check_name refuses (*name_check says which; NAME_OK when the
 * failure was another).  Takes ownership of u. */
ws_unit *store_add_unit(workspace *ws, unit *u, name_verdict *name_check, diag_list *dl);

/* The lock a writer that gives a unit a name holds from its name check
 * (workspace_check_name) to its write, so that two writers cannot both
 * take one name (`.names.lock` in the workspace folder).  Taking it reads
 * the names again (model/names.h: what the files say now, every file
 * stat'ed, read only when the cache does not vouch for it); while it is
 * held (ws->names_locked) store_add_unit and store_edit_unit neither take
 * it again nor read the names again: a writer of many names (import) takes
 * it once, checks them all, then writes them.  store_unlock_names lets
 * the names go with the lock. */
bool store_lock_names(workspace *ws, fs_lock *lock, diag_list *dl);
void store_unlock_names(workspace *ws, fs_lock *lock);

#endif
