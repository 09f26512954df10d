/* import_sheet — a sheet from a spreadsheet made into changes, for
 * `qtown import` (cli/cmd_import.c: its options and what it prints).
 *
 * A sheet is one of two shapes, which its header tells:
 * - units: kind, id, name and attribute keys (what `qtown list --format
 *   csv` writes, its progress columns left alone): new units are added as
 *   `qtown add` adds them, existing ones edited as `qtown edit` edits them;
 * - checks: unit, check, status[, value][, note], or the checks table of
 *   `qtown report --format csv` in either language (its status codes
 *   column is read): changes applied as `qtown set` applies them.
 * Every row is checked first (import_sheet_read), each problem at its
 * FILE:LINE:COLUMN in the diag list; nothing is changed unless every row
 * is valid.  Each unit is then saved once through the store (atomic,
 * merged with what is on disk: import_apply). */
#ifndef QTOWN_IMPORT_SHEET_H
#define QTOWN_IMPORT_SHEET_H

#include "model/store.h"
#include "model/workspace.h"
#include "util/arena.h"
#include "util/charset.h"
#include "util/csvread.h"

#include <stdbool.h>
#include <stddef.h>

/* A sheet is read whole; a report of a district's every check fits. */
#define IMPORT_MAX_BYTES   (256u * 1024 * 1024)
#define IMPORT_MAX_COLUMNS 1024

/* One unit's change: a new unit, an edit of one, or check changes. */
typedef struct import_unit {
    unit_kind kind;
    const char *id;
    int line;
    unit *added; /* a new unit (owned), else NULL */
    const char *name;
    attr_change *attrs;
    size_t n_attrs, cap_attrs;
    check_change *checks;
    status *before; /* each check's status before its change */
    size_t n_checks, cap_checks;
} import_unit;

typedef struct import_plan {
    arena *mem;
    import_unit *units;
    size_t n, cap;
} import_plan;

/* The file's text as UTF-8 (the encoding given, or detected: *used), in
 * cells.  False with why in dl. */
bool import_sheet_load(const char *path, charset cs, csv_table *t, charset *used, diag_list *dl);

/* An empty plan; import_plan_free frees what a plan holds. */
void import_plan_init(import_plan *ip);
void import_plan_free(import_plan *ip);

/* Reads the sheet `t` (read from `path`, which the problems name) into
 * ip, a unit's changes together, in the order of their first rows.
 * False with every bad row in dl. */
bool import_sheet_read(workspace *ws, const char *path, const csv_table *t, import_plan *ip,
                       diag_list *dl);

/* What import_apply did: the changes and units done (or, with dry_run,
 * that would be), and the id of the unit it stopped at (NULL: none). */
typedef struct import_outcome {
    size_t changes, units;
    const char *stopped_at;
} import_outcome;

/* Called with each unit that changes, before it is saved: its entry and
 * the unit as it is now (NULL for a new one). */
typedef void import_tell_fn(void *ctx, const import_unit *iu, const unit *now);

/* Saves the plan's changes unit by unit through the store (nothing with
 * dry_run), signed `by`; when the plan gives names, under the names' lock
 * and only after every one of them is checked free again.  False, with
 * why in dl and out->stopped_at set, at the first unit that cannot be
 * saved (the units before it are saved). */
bool import_apply(workspace *ws, import_plan *ip, bool dry_run, const char *by,
                  import_tell_fn *tell, void *ctx, import_outcome *out, diag_list *dl);

#endif
