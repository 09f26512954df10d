/* unit — one village, enterprise or the town: its attributes, the state
 * of its checks and its audit trail; read from and written to its YAML
 * file (docs/unit-format.md).
 *
 * A unit owns an arena: its strings live there, and a change allocates the
 * new strings there too (a unit is small; a session changes it a little).
 *
 * The file keys (id kind name attributes checks{status value note updated
 * by} history) are a contract with scripts and people: the writer always
 * emits them in that order, block style, and reading then writing an
 * unchanged file gives back the same bytes. */
#ifndef QTOWN_UNIT_H
#define QTOWN_UNIT_H

#include "model/plan.h"
#include "model/record.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "yaml/ydoc.h"

#include <stdbool.h>
#include <stddef.h>

/* What a unit file may hold (docs/limits.md; tested at and past each in
 * tests/e2e/limits.sh).  qtown never writes a file past them: a change
 * that would is refused, the file left as it was. */
#define UNIT_MAX_BYTES (4 * 1024 * 1024)
#define UNIT_MAX_NOTE  65536 /* bytes in one note, and in any one text */
#define UNIT_MAX_NAME  256   /* bytes in a unit's name and in 'by' */
#define UNIT_MAX_DEPTH 7     /* nesting the reader accepts; the format uses 6 */
/* Values in one file.  The densest thing qtown writes is a history line,
 * more than 6 bytes per value, so whatever it writes within UNIT_MAX_BYTES
 * stays under this; a hostile file of tiny values costs ~60 MB to refuse. */
#define UNIT_MAX_NODES (UNIT_MAX_BYTES / 6)

typedef struct unit_attr {
    const char *key;
    attr_type type;
    const char *text; /* as written (numbers keep their spelling) */
    double number;
    bool boolean;
} unit_attr;

typedef struct check_state {
    const plan_check *check;
    status status;
    bool has_value;
    double value;
    const char *value_text; /* as written, so an unchanged value keeps its bytes */
    const char *note;       /* NULL when none */
    const char *updated;    /* ISO 8601, NULL when never set through qtown */
    const char *by;
} check_state;

/* One line of the append-only audit trail (docs/unit-format.md).  What
 * happened is told by `event` and the fields it sets:
 * - no event: a check's status (from -> to) and value changed;
 * - "merge": a check state that lost a merge (its status, value, note);
 * - "note": a check's note was replaced; `note` holds the old text;
 * - "attribute": attribute `key` went from `old` to `new_` (NULL: unset);
 * - "name": the unit's name went from `old` to `new_`;
 * - a record kind ("rectification", "evidence", "visit", "letter"):
 *   record `record` (of check `check`, if any) went from `old` to `new_`.
 * `from`/`to` are present (has_status) only where a status is told. */
typedef struct history_entry {
    const char *at;
    const char *by;
    const char *check;  /* NULL when the entry is not about a check */
    const char *record; /* a record's id */
    bool has_status;    /* from and to are set */
    status from, to;
    bool has_value; /* the value set, when the change set one */
    double value;
    const char *value_text;
    const char *key;   /* the attribute or field that changed */
    const char *old;   /* what it was (NULL: absent) */
    const char *new_;  /* what it became (NULL: absent) */
    const char *note;  /* a note replaced (event "note") or lost in a merge */
    const char *event; /* why, when not a plain status change */
    int line;          /* where it starts in the file read; 0 when not read */
} history_entry;

/* The events of history entries qtown writes (others are read and kept). */
#define HISTORY_MERGE     "merge"
#define HISTORY_NOTE      "note"
#define HISTORY_ATTRIBUTE "attribute"
#define HISTORY_NAME      "name"

typedef struct unit {
    arena *mem;
    const char *id;
    unit_kind kind;
    const char *name;
    int name_line, name_col; /* where the name is in the file read; 0 otherwise */
    unit_attr *attrs;
    size_t n_attrs, cap_attrs;
    check_state *checks; /* in plan order; only checks that have a state */
    size_t n_checks, cap_checks;
    /* records (record.h): in the order read or added; a check's records
     * are written under their check, the unit's after the checks */
    unit_record *records;
    size_t n_records, cap_records;
    history_entry *history;
    size_t n_history, cap_history;
    /* model/applies.h: what each plan check's filter says of this unit,
     * by plan_check.order; NULL until evaluated */
    unsigned char *applies;
    size_t n_applies;
    /* ... and the attributes it lacks that those filters need */
    const plan_attribute **missing;
    size_t n_missing;
} unit;

unit *unit_new(unit_kind kind, const char *id, const char *name);
/* With a guess of the bytes its strings will take (a file's length). */
unit *unit_new_sized(unit_kind kind, const char *id, const char *name, size_t mem_hint);
void unit_free(unit *u);

/* The bounds a unit file's YAML is read with (for readers of the same
 * files that need the tree itself). */
extern const ylimits unit_yaml_limits;

/* Reads a unit file; every problem is reported (path:line:col).  The
 * expected id and kind come from the file's name and folder. */
unit *unit_parse(const plan *p, const char *path, const char *buf, size_t len,
                 const char *expect_id, unit_kind expect_kind, diag_list *dl);
/* The two halves of unit_parse, for readers that need the tree for
 * something else too (merge_file.h builds a loose plan from it) or read
 * it against two plans: the YAML tree of a unit file (allocated in
 * `tree`; the size limit checked first), and a unit read from it.  `len`
 * is the file's size, to size the unit's memory; the unit keeps nothing of
 * the tree. */
bool unit_parse_tree(ydoc *doc, arena *tree, const char *path, const char *buf, size_t len,
                     diag_list *dl);
unit *unit_from_tree(const plan *p, const char *path, const ynode *root, size_t len,
                     const char *expect_id, unit_kind expect_kind, diag_list *dl);
/* The file's bytes (appended to out). */
bool unit_write(const unit *u, strbuf *out, const char *path, diag_list *dl);

check_state *unit_find_check(const unit *u, const char *check_id);
/* The state of a plan check (binary search on plan order, for code that
 * walks every unit: reports, the overview); NULL when it has none. */
const check_state *unit_state_of(const unit *u, const plan_check *c);
/* The state of a check, created as todo if absent. */
check_state *unit_check_state(unit *u, const plan_check *c);
/* Status of a check, todo when absent. */
status unit_status_of(const unit *u, const plan_check *c);
const unit_attr *unit_find_attr(const unit *u, const char *key);
/* The plan's declaration of attribute `key` for units of this kind, or
 * NULL with a message (unknown, or not for this kind). */
const plan_attribute *unit_attr_declared(unit_kind kind, const plan *p, const char *key,
                                         diag_list *dl);
/* Sets (or adds) an attribute from its text, checked against the plan's
 * declaration of the key (which must exist and be for this kind).  Which
 * checks the unit carries is evaluated again (model/applies.h). */
bool unit_set_attr(unit *u, const plan *p, const char *key, const char *text, diag_list *dl);
void unit_add_history(unit *u, const history_entry *e);

/* The record with this id (any kind), or NULL. */
unit_record *unit_find_record(const unit *u, const char *id);
/* Adds a record of kind k with the given id (copied), every field absent;
 * a check's record (c set) gives the check a state (todo) if it has none.
 * Pointers to other records and to check states may move. */
unit_record *unit_add_record(unit *u, const record_kind *k, const plan_check *c, const char *id);
/* Sets a field from its text, copied (NULL: the field becomes absent). */
void unit_record_set(unit *u, unit_record *r, const char *key, const char *text);
/* Sets a list field (items copied; NULL: absent). */
void unit_record_set_list(unit *u, unit_record *r, const char *key, const char *const *items,
                          size_t n);
/* An id for a new record of kind k that no record of u has: the kind's
 * prefix and six hexadecimal digits of a hash of `seed` (what the record
 * says, who makes it and when), so that two laptops adding records to one
 * unit do not make the same id, and a test gets the same id every run. */
const char *unit_new_record_id(unit *u, const record_kind *k, const char *seed);

/* A note's trailing line ends are not part of it: a note read from a
 * block scalar (`|`) ends in a newline nobody typed, and an editor ends
 * its file with one.  unit_note_len: the note's length without them (0
 * for NULL); unit_same_note: whether two notes say the same (NULL and ""
 * are no note). */
size_t unit_note_len(const char *note);
bool unit_same_note(const char *a, const char *b);

/* A unit's name and a signer's (`by`): one line of printable UTF-8 text
 * (no control, bidi or zero-width character), 1 to UNIT_MAX_NAME bytes. */
bool unit_name_valid(const char *name);

/* Removes an attribute; false when the unit has none of that key. */
bool unit_unset_attr(unit *u, const plan *p, const char *key);

/* A number a person types (set --value, the screens' value prompt, --attr
 * KEY=VALUE of a number attribute), read by one rule for every front end:
 * the spaces and tabs around it are not part of it; the rest must be a
 * decimal number as the files write it ([-+]digits[.digits][e[-+]digits]:
 * 2, 98.5, 1e3; no hex, no inf or nan, no thousands separator, no decimal
 * comma), read the same whatever the locale (yd_parse_number).  TYPED_BLANK
 * when nothing else is there (a value is cleared); TYPED_NUMBER with
 * *value and, when text is not NULL, *text: the number as typed without
 * the blanks (caller frees), which is what the file keeps. */
typedef enum typed_number { TYPED_BLANK, TYPED_NUMBER, TYPED_NOT_A_NUMBER } typed_number;
typed_number unit_read_typed_number(const char *typed, double *value, char **text);

/* Progress over the checks this unit carries (model/applies.h; n/a left
 * out). */
typedef struct unit_progress {
    size_t applicable; /* carried and not n/a */
    size_t done;
    size_t doing;
    size_t failed;
    size_t na;
} unit_progress;
unit_progress unit_progress_of(const unit *u, const plan *p);
/* Counts one check of the given status (n/a is not applicable). */
void unit_progress_add(unit_progress *pr, status st);

#endif
