/* ledger — one unit's ledger (台账), the document the district inspects,
 * printable on A4: the unit and its attributes; every check it carries,
 * with its status, value, note, evidence (with validity) and
 * rectifications; its visits; its history.  Composed once as a doc
 * (doc.h) and written as text, Markdown or HTML.  Reads only this unit. */
#ifndef QTOWN_LEDGER_H
#define QTOWN_LEDGER_H

#include "model/workspace.h"
#include "report/doc.h"
#include "report/overview.h"

#include <stdint.h>

typedef struct ledger_ctx {
    const workspace *ws; /* its plan and settings */
    const unit *u;
    int64_t today;    /* for validity */
    int window;       /* days of "expiring" */
    const char *made; /* when the ledger is made (ISO 8601) */
} ledger_ctx;

/* Composes the ledger in the interface's language. */
void ledger_build(const ledger_ctx *lc, doc *d);

/* The town report's part of the ledger: the evidence expired and
 * expiring (unit, check, what, until when), the units not visited for
 * unvisited_days (from the overview's figures). */
void ledger_town_section(const overview *ov, doc *d);

#endif
