/* score — a unit's and the town's score on 100 points, its grade, and the
 * ranking of villages and of enterprises.  Every number comes from the
 * plan's `scoring:` (section weights, credit per status, grades) and its
 * checks' and indicators' weights; docs/scoring.md explains the rules to
 * readers:
 *
 *  - only the checks the unit carries (model/applies.h), that count in
 *    scores (not `unscored:`) and are not n/a;
 *  - an item's fraction = sum(weight x credit) / sum(weight) over them; a
 *    section's = sum(item weight x item fraction) / sum(item weight) over
 *    its items where something counts, an item weighing its `weight:` when
 *    the plan gives items weights, else what its checks weigh (so that,
 *    without item weights, the section pools its checks);
 *  - the score = 100 x sum(section weight x fraction) / sum(section
 *    weight), over the sections where something applies (so a section the
 *    unit has nothing in does not count against it); rounded to one
 *    decimal, and graded on that rounded figure (what is shown is what is
 *    graded);
 *  - a numeric check with a target earns the credit of its status, but
 *    never more than the `doing` credit unless its value meets the target;
 *  - the town is scored on its own checks plus the town targets: each
 *    indicator counts in the section of its item with its weight, a met
 *    target earning the `done` credit, a missed one the `failed` credit,
 *    one not known for want of values the `todo` credit; a target not
 *    known because no unit is in its filter (or all are n/a) is left out,
 *    like an n/a check.  An indicator with no item is not scored;
 *  - nothing applicable at all: no score, no grade, ranked after the rest. */
#ifndef QTOWN_SCORE_H
#define QTOWN_SCORE_H

#include "model/plan.h"
#include "model/summary.h"
#include "model/unit.h"
#include "report/indicators.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct unit_score {
    bool scored;       /* false when nothing applies */
    double points;     /* 0..100, rounded to one decimal */
    const char *grade; /* from the plan's grade table; "" when not scored */
} unit_score;

/* The credit (0..1) one check earns; cs may be NULL (todo). */
double score_check_credit(const plan *p, const plan_check *c, const check_state *cs);

/* Scores a unit (its summary: the states it holds, model/summary.h).  `town_targets` (the evaluated
 * indicators, n of them) only for the town; NULL otherwise.  `section_points`, when not NULL,
 * receives each section's points (rounded like the score; 0 for a section
 * where nothing applies) and `section_max` its share of the 100 points. */
unit_score score_unit(const plan *p, const unit_summary *u, const ind_result *town_targets,
                      size_t n, double *section_points, double *section_max);

/* The points rounded as scores are (one decimal). */
double score_round(double points);

/* One entry to rank. */
typedef struct score_entry {
    size_t unit; /* caller's index */
    const char *id;
    const char *name; /* equal scores are in pinyin order of the names (NULL: the id) */
    unit_score score;
    int rank; /* set by score_rank: 1-based, equal scores share a rank; 0 = not scored */
} score_entry;

/* Sorts by points (highest first; equal points in pinyin order of the
 * names, as the unit list sorts them, then by id) and numbers the ranks. */
void score_rank(score_entry *e, size_t n);

#endif
