/* ledger — the checklist's part of the ledger (台账): attaching evidence
 * to a check (prompts for the file, with Tab completing its path, then
 * the title and the validity), opening a check's evidence file in the
 * user's viewer, and offering to record a visit when the user leaves a
 * unit they changed.  Every change goes through the model
 * (evidence_attach, visit_record) and is counted as one of the unit's
 * (change_touched). */
#ifndef QTOWN_TUI_LEDGER_H
#define QTOWN_TUI_LEDGER_H

#include "tui/app.h"

/* Most checks a visit lists (more are left out of the offer). */
#define LEDGER_VISIT_MAX_CHECKS 64

/* Starts attaching evidence to check c of the unit at index ui. */
unsigned ledger_attach(app *a, size_t ui, const plan_check *c);
/* Opens the check's evidence file: the only one, else the one whose
 * number (1, 2...) the user types; the viewer is $QTOWN_OPEN (a program,
 * no shell), else xdg-open. */
unsigned ledger_open(app *a, size_t ui, const plan_check *c);
/* After leaving a unit whose checks were changed: a prompt for the
 * visit's note; Enter records a visit (today, by a->by, these checks),
 * Esc skips. */
unsigned ledger_offer_visit(app *a, size_t ui, const plan_check *const *checks, size_t n);

/* Completes a file's path typed at a prompt (~ is the home folder). */
void ledger_complete_path(const char *text, strbuf *completed, strbuf *choices);

#endif
