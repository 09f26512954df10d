/* ledger — one unit's ledger (台账), the document the district inspects,
 * printable on A4: the unit and its attributes; its score, grade, rank
 * among its kind and points per section as the rankings give them (from
 * the overview of every unit), with the change against the year before's
 * assessment when there is one; every check it carries,
 * with its status, value, note, evidence (with validity) and its
 * rectifications' ids and states; the unit's rectifications
 * (report_unit_rectifications: each with its story, owner and due date);
 * its visits; its history.  Composed as docs (doc.h) and written as text,
 * Markdown or HTML.  Reads only this unit; its figures come from the
 * overview. */
#ifndef QTOWN_LEDGER_H
#define QTOWN_LEDGER_H

#include "model/workspace.h"
#include "report/doc.h"
#include "report/overview.h"

#include <stdint.h>

typedef struct ledger_ctx {
    const workspace *ws; /* its plan and settings */
    size_t index;        /* the unit's index in ws->units */
    const unit *u;
    const overview *ov; /* every unit's score and rank (with assessments) */
    int64_t today;      /* for validity */
    int window;         /* days of "expiring" */
    const char *made;   /* when the ledger is made (ISO 8601) */
} ledger_ctx;

/* Writes the ledger in the interface's language (text, markdown, html). */
void ledger_write(const ledger_ctx *lc, report_format f, strbuf *out);

/* The town report's part of the ledger: the evidence expired and
 * expiring (unit, check, what, until when), the units not visited for
 * unvisited_days (from the overview's figures: overview_add_ledger). */
void ledger_town_section(const overview *ov, document *d);

#endif
