/* letter — a unit's target responsibility letter (目标责任书): the plan's
 * template for the unit's kind (plan_letter: tasks and targets in the
 * document's words) with the unit's own terms, and its signing.
 *
 * The unit's side lives in the unit file as a unit-level record of kind
 * `letter` (list key `letters:`, record_kinds.c): `tasks` (its own tasks,
 * one line each, after the template's), `targets` ("M6.trainees >= 120":
 * its own value for a target of the template, or a target of its own on
 * a numeric check it carries), `signed` (the day) and `signatories`
 * (who signed), `note`.  A unit has one letter a year: the last record
 * is the one in force.  Signing it marks the template's check
 * (`marks:`, M8.responsibility-letter) done in the same save; a signed
 * letter is not changed again (its record can be, by hand, like any
 * file). */
#ifndef QTOWN_LETTER_H
#define QTOWN_LETTER_H

#include "model/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One figure the letter sets: the template's (in its words) with the
 * unit's value when it has one, or the unit's own. */
typedef struct letter_target {
    const plan_check *check;
    const plan_letter_target *tmpl; /* NULL: the unit's own target */
    range target;                   /* unset: to be agreed (a blank to fill in) */
    bool own;                       /* the value is the unit's */
} letter_target;

typedef struct letter {
    const plan_letter *tmpl;
    const unit_record *record; /* the unit's letter record, or NULL */
    const char *const *own_tasks;
    size_t n_own_tasks;
    letter_target *targets;
    size_t n_targets;
    bool is_signed;
    int64_t signed_on;
    const char *const *signatories;
    size_t n_signatories;
} letter;

/* The letter of a unit (pointers into u and p, which must outlive it);
 * false when the plan has no letter for the unit's kind. */
bool letter_of(const plan *p, const unit *u, letter *out);
void letter_free(letter *l);
/* The record in force (the last of the unit's letter records), or NULL. */
const unit_record *letter_record(const unit *u);

/* A change to a unit's letter: its own terms (tasks replace those it had;
 * targets replace its value of the same check, "CHECK >= N"), and/or its
 * signing. */
typedef struct letter_edit {
    const char *const *tasks;
    size_t n_tasks;
    const char *const *targets;
    size_t n_targets;
    const char *signed_on; /* YYYY-MM-DD; NULL: not signing */
    const char *const *signatories;
    size_t n_signatories;
    const char *note;
} letter_edit;

/* A target as the letter record writes it: "M6.trainees >= 120" (the
 * range's min for >=, max for <=, both for =).  Caller frees. */
char *letter_target_text(const char *check, const range *r);

/* Checks an edit against the plan and the unit's kind before anything is
 * read: a template for the kind, targets on numeric checks the unit
 * carries, signatories with a date.  False with a message. */
bool letter_edit_valid(const plan *p, const ws_unit *wu, const letter_edit *e, diag_list *dl);
/* Applies it under the unit's lock (store_update): the letter record
 * added or changed, and when signing, the template's check marked done,
 * in one save.  Refused, nothing written, when the letter is signed
 * already. */
bool letter_change(workspace *ws, ws_unit *wu, const letter_edit *e, const char *by,
                   store_result *res, diag_list *dl);

#endif
