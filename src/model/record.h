/* record — the programme's records kept in a unit file, one mechanism for
 * all of them: rectifications (整改) and evidence (台账) under a check,
 * visits and the responsibility letter's signing under the unit.
 *
 * A record is a mapping with an `id` unique in its unit, the fields its
 * kind declares (record_kinds.c: key, type, required), then `updated` and
 * `by` (the last change).  In the file, a check's records are lists under
 * the check (`rectifications:`), a unit's records lists at the top level
 * (`visits:`); fields are always written in the kind's order, block style.
 * The merge driver merges records by id (merge.h), every change of a
 * record is in the history (event = the kind's name, record = the id),
 * and the store changes them under the unit's lock (record_change.h).
 *
 * Adding a kind of record: its fields and its entry in record_kinds.c;
 * reading, writing, merging and the sync's summary need nothing more. */
#ifndef QTOWN_RECORD_H
#define QTOWN_RECORD_H

#include "i18n/i18n.h"
#include "model/plan.h"

#include <stdbool.h>
#include <stddef.h>

/* Bytes in a one-line field (a title, a number, an owner). */
#define RECORD_MAX_LINE 1024

typedef enum field_type {
    FIELD_LINE,    /* one line of text */
    FIELD_TEXT,    /* any text, several lines (what must be fixed, a note) */
    FIELD_DATE,    /* YYYY-MM-DD */
    FIELD_TIME,    /* a timestamp like 2016-07-14T09:00:00+08:00 */
    FIELD_WORD,    /* one of the field's words (a state) */
    FIELD_LIST,    /* a list of one-line texts (people) */
    FIELD_CHECKS,  /* a list of check ids */
    FIELD_SHA256,  /* 64 lowercase hexadecimal digits */
    FIELD_PATH,    /* a file inside the workspace, relative, '/'-separated */
    FIELD_TARGETS, /* a list of target values: "CHECK >= N", "CHECK <= N", "CHECK = N" */
} field_type;

/* Whether a field holds a list (items) rather than a text. */
bool field_is_list(field_type t);

typedef struct field_def {
    const char *key;
    field_type type;
    bool required;
    const char *const *words; /* FIELD_WORD: the allowed words, NULL-terminated */
} field_def;

typedef struct record_kind {
    const char *name;      /* "rectification": the history's event */
    const char *list_key;  /* "rectifications": the list's key in the file */
    msg_id title;          /* its name in the interface */
    bool in_check;         /* a check's records, else the unit's */
    const char *id_prefix; /* "r": ids read r-3fa2c1 */
    const field_def *fields;
    size_t n_fields;
} record_kind;

/* Every kind, in the order a file lists them. */
extern const record_kind *const record_kinds[];
extern const size_t n_record_kinds;
extern const record_kind record_kind_rectification;
extern const record_kind record_kind_letter;
extern const record_kind record_kind_evidence;
extern const record_kind record_kind_visit;

/* The kind whose list a file names `list_key` under a check (in_check) or
 * at the top of a unit; NULL when none. */
const record_kind *record_kind_of_list(const char *list_key, bool in_check);
/* The index of a field in its kind, or -1. */
int record_field_index(const record_kind *k, const char *key);

/* One field's value; absent when text and items are both NULL. */
typedef struct record_value {
    const char *text;   /* every type but the lists */
    const char **items; /* the list fields (field_is_list) */
    size_t n_items;
} record_value;

typedef struct unit_record {
    const record_kind *kind;
    const char *id;
    const plan_check *check; /* a check's record; NULL for the unit's */
    record_value *values;    /* kind->n_fields of them, in the kind's order */
    const char *updated;     /* when it last changed */
    const char *by;          /* who changed it last */
    int line;                /* where it starts in the file read; 0 when not read */
} unit_record;

/* A target value as a letter's `targets:` item writes it ("M6.trainees
 * >= 120"): the check's id (at most ID_MAX_LEN bytes, copied into check)
 * and the range (min for >=, max for <=, both for =).  False when s is
 * not one. */
bool record_target_parse(const char *s, char *check, size_t check_size, range *target);

/* Whether a text is a valid value of a field (for a list field: of one of
 * its items).  The reader and every command check values with it. */
bool record_text_valid(const field_def *f, const char *text);

bool record_value_equal(const record_value *a, const record_value *b);
bool record_value_present(const record_value *v);
/* A value as one text (a list's items joined by ", "); caller frees. */
char *record_value_text(const record_value *v);
/* A field's text (NULL when absent or a list). */
const char *record_text(const unit_record *r, const char *key);
const record_value *record_value_of(const unit_record *r, const char *key);

#endif
