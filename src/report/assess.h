/* assess — the year-end assessment computed from a workspace (the
 * overview's scores, grades, ranks and section points, and its town
 * targets) and the plan's assessment rules (model/assessment.h holds the
 * file), and what changed after an assessment: every unit whose score or
 * grade is not the one recorded, and the units added or removed since. */
#ifndef QTOWN_ASSESS_H
#define QTOWN_ASSESS_H

#include "model/assessment.h"
#include "report/overview.h"

/* Fills `a` (assessment_init'ed, its year, day, recorded, by and sources
 * set by the caller) from the overview: each loaded unit's figures, and
 * the outcome the plan's rules give its grade in the workspace's language,
 * due `due_days` after a->day.  The office's notes of `before` (a draft of
 * the same year, may be NULL) are kept. */
void assess_compute(assessment *a, const overview *ov, const assessment *before);

/* What became of a unit after the assessment. */
typedef enum assess_change_kind { ASSESS_CHANGED, ASSESS_ADDED, ASSESS_REMOVED } assess_change_kind;
typedef struct assess_change {
    assess_change_kind kind;
    const char *id;
    const assess_unit *then; /* NULL when added */
    size_t now;              /* index into the overview's units (not for removed) */
} assess_change;

/* The units whose score or grade differs now from the assessment's, then
 * those added and removed since (caller frees *out). */
size_t assess_changes(const assessment *a, const overview *ov, assess_change **out);

/* Adds the assessment of the workspace's year and the year on year from
 * the year before's (ov_assessment); a file that does not load is left
 * out (qtown check reports it). */
void overview_add_assessments(overview *ov);

#endif
