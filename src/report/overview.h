/* overview — the town at a glance, computed once from a loaded workspace
 * for the meeting: the town targets (indicators), each objective's and
 * measure's progress across all units, every unit's score, grade and rank,
 * its progress per item (the units x items matrix, each row computed from
 * the unit's summary when it is shown), the units that lag and
 * the checks that failed.  The reports and the overview screen only
 * present it.
 *
 * "Lagging" units are the villages and enterprises whose grade is the
 * lowest of the plan's grade table (D in the default plan); with fewer
 * than two grades nobody lags.  Failures are every check whose status is
 * `failed`, in workspace order (town, villages, enterprises) and plan
 * order. */
#ifndef QTOWN_OVERVIEW_H
#define QTOWN_OVERVIEW_H

#include "model/meeting.h"
#include "model/evidence.h"
#include "model/rectify.h"
#include "model/workspace.h"
#include "report/indicators.h"
#include "report/score.h"
#include "report/since.h"

#include <stdbool.h>
#include <stddef.h>

/* An objective or a measure, with its progress summed over every unit. */
typedef struct ov_item {
    const plan_item *item;
    size_t section; /* index into plan.sections */
    unit_progress total;
} ov_item;

/* One unit of the workspace (parallel to workspace.units).  72 bytes: a
 * district has 100,000 of them (its row of the matrix is computed when
 * shown: overview_unit_item). */
typedef struct ov_unit {
    unit_score score;
    const unit_progress *progress; /* its whole checklist: its summary's, as scored */
    double *section_points;        /* plan.n_sections of each */
    double *section_max;
    /* Year on year (overview_add_assessments, when the year before's
     * assessment is there): its score and grade then when it was scored
     * (grade_then in the overview's memory, NULL otherwise). */
    double score_then;
    const char *grade_then;
    int rank;    /* among its kind (villages, enterprises); 0 = not ranked */
    bool loaded; /* false: its file failed to load; nothing else is set */
    bool lagging;
    bool listed_then; /* in the year before's assessment */
    bool scored_then;
} ov_unit;

typedef struct ov_failure {
    size_t unit; /* index into workspace.units */
    const plan_check *check;
} ov_failure;

/* The last work meeting and what changed since it (overview_add_meeting):
 * checks whose status moved and rectifications opened and verified from
 * its day to today (since.h), and the town targets met now that were not
 * then and missed now that were not missed then (from the figures
 * recorded with it). */
typedef struct ov_meeting {
    bool held;         /* a meeting is on record */
    size_t n_meetings; /* of the workspace's year */
    int64_t date;
    size_t n_decisions;
    size_t moved, moved_done, moved_failed, rect_opened, rect_closed;
    bool figures_known; /* the meeting recorded the figures */
    bool scored_then;
    double score_then;
    char *grade_then; /* owned, whole (a plan's grade may be long); NULL when not scored */
    const plan_indicator **newly_met, **newly_missed;
    size_t n_newly_met, n_newly_missed;
} ov_meeting;

/* The year's assessment and the year before's (overview_add_assessments,
 * report/assess.h): whether this year's is on record, final or a draft,
 * and how many units changed after it; and year on year, from the year
 * before's assessment (new-year copies it into the workspace): the
 * town's score and grade then, how many units score better, worse or the
 * same now, and how many targets were met then (each unit's figures then
 * are in its ov_unit). */
typedef struct ov_assessment {
    bool held;
    int year;
    bool final;
    int64_t day;
    size_t n_changed;
    bool has_previous;
    int previous_year;
    bool town_scored_then; /* its grade then: the town's ov_unit */
    double town_score_then;
    size_t better, worse, same, targets_met_then;
} ov_assessment;

typedef struct overview {
    /* Not const: what the summaries do not hold (a note, a record) is read
     * from the unit's file when a presenter asks (overview_unit) */
    workspace *ws;
    int64_t today;       /* the day the figures speak of (date_today) */
    ind_result *targets; /* one per plan indicator */
    size_t n_targets;
    size_t targets_met, targets_not_met, targets_unknown;
    ov_item *items; /* every objective and measure, in plan order */
    size_t n_items;
    ov_unit *units;
    size_t n_units;
    size_t town;      /* index of the town, or SIZE_MAX when it failed to load */
    size_t *villages; /* indices, best first */
    size_t n_villages;
    size_t *enterprises;
    size_t n_enterprises;
    size_t *lagging; /* villages then enterprises, worst first */
    size_t n_lagging;
    ov_failure *failures;
    size_t n_failures;
    size_t n_broken;   /* unit files that failed to load (left out) */
    unit_progress all; /* every check of every unit */
    /* Rectifications (overview_add_rectifications): the open ones, overdue
     * first, then those verified this year, and the town's counts as of
     * `today`. */
    bool has_rects;
    rect_list rects;
    rect_counts rect_totals;
    /* What changed since a date (overview_add_since). */
    bool has_since;
    since_list since;
    ov_meeting meeting;       /* overview_add_meeting; held false until then */
    ov_assessment assessment; /* overview_add_assessments; held false until then */
    /* The ledger (overview_add_ledger, model/evidence.h, model/visit.h),
     * as of `today`, from the summaries: the evidence records expired or
     * expiring within the window (their records NULL: overview_evidence),
     * and the villages and enterprises not visited for unvisited_days
     * (never visited first), with the day of their last visit (INT64_MIN:
     * never). */
    bool has_ledger;
    int window, unvisited_days;
    ev_list evidence;
    size_t ev_expired, ev_expiring;
    size_t *unvisited;
    int64_t *unvisited_last;
    size_t n_unvisited;
    double *points_; /* private: the block the units' points live in */
    arena *mem_;     /* private: the units' grades then */
} overview;

/* Builds the overview of a workspace from its units' summaries
 * (workspace_scan, or workspace_load_units), as of today (date_today;
 * the clock's date when QTOWN_TODAY is not a date: commands check it
 * first).  The workspace must outlive it. */
void overview_build(overview *ov, workspace *ws);
void overview_free(overview *ov);
/* Adds the rectification section as of `today` (days since 1970): the
 * open rectifications and those verified this year (the units that have
 * rectifications are read whole for it; those it does not list are let
 * go again). */
void overview_add_rectifications(overview *ov, int64_t today);
/* Adds what changed from a day (the last meeting) to another (today):
 * references to the history entries (since.h), each changed unit read
 * for them and let go again unless it was loaded before. */
void overview_add_since(overview *ov, int64_t since, int64_t until);
/* Adds the ledger's figures as of `today`: evidence expired and expiring,
 * units not visited lately (qtown.yaml's windows), from the summaries (no
 * unit is read for them). */
void overview_add_ledger(overview *ov, int64_t today);

/* Adds the last of the meetings (sorted by date, meetings_load) and what
 * changed since it, counted (overview_add_since's list when it spans the
 * same days, else the same reading). */
void overview_add_meeting(overview *ov, const meeting_list *ml);
/* The town's figures now, to record with a meeting (strings in mem). */
void overview_figures(const overview *ov, arena *mem, meeting_figures *f);

/* A unit's progress on one item (ov->items[item]): a cell of the units x
 * items matrix, from its summary (all zero when it does not load). */
unit_progress overview_unit_item(const overview *ov, size_t index, size_t item);
/* The whole unit behind an index, for the presenters: read from its file
 * when only its summary is known (NULL when it does not load). */
const unit *overview_unit(const overview *ov, size_t index);
/* A failure's check state with its note (NULL when the file changed and
 * holds none any more). */
const check_state *overview_failure_state(const overview *ov, const ov_failure *f);
/* The record an evidence alert (ov->evidence) is about, from its unit's
 * file (NULL when the file changed and holds it no more). */
const unit_record *overview_evidence(const overview *ov, const ev_item *it);
/* The name a unit is shown with (its id when it does not load). */
const char *overview_unit_name(const overview *ov, size_t index);

#endif
