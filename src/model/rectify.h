/* rectify — rectification (整改): what must be fixed after a failed check,
 * by whom and by when, from its opening to its verification.
 *
 * A rectification is a record of the kind `rectification` (record.h,
 * record_kinds.c) under the check it is about; a check may have several.
 * Its state moves only along these steps, each signed (who, when) in the
 * record and in the history:
 *
 *   open     -> done (reported fixed) | verified
 *   done     -> verified | reopened (the fix did not hold)
 *   reopened -> done | verified
 *   verified -> reopened
 *
 * Verifying without a report of done is allowed: an inspector who finds
 * the defect fixed on a visit closes it at once (the history still says
 * open -> verified).  Every other step (open -> reopened, verified ->
 * done, a state to itself) makes no sense and is refused.  A step is
 * checked against the file as it is now, under the unit's lock, so two
 * laptops cannot both take a step from a state that is no longer there.
 *
 * Overdue is computed: a rectification not verified whose due date is
 * before today (due today is not overdue).  Today is date_today(). */
#ifndef QTOWN_RECTIFY_H
#define QTOWN_RECTIFY_H

#include "model/store.h"
#include "util/strbuf.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum rect_state { RECT_OPEN, RECT_DONE, RECT_VERIFIED, RECT_REOPENED } rect_state;
#define RECT_N_STATES 4

/* The word in the file ("open") and in the interface ("待整改"). */
const char *rect_state_name(rect_state s);
const char *rect_state_title(rect_state s);
bool rect_state_parse(const char *word, rect_state *out);
/* Whether a rectification may go from one state to another (above). */
bool rect_can_step(rect_state from, rect_state to);

/* A rectification's state, due date and whether it is still to be closed
 * (every state but verified).  The reader has validated the fields. */
rect_state rect_state_of(const unit_record *r);
int64_t rect_due(const unit_record *r);
bool rect_is_open(const unit_record *r);
bool rect_overdue(const unit_record *r, int64_t today);
/* The day a step was taken ("done", "verified"...): the date part of its
 * time; false when the step was never taken. */
bool rect_step_day(const unit_record *r, const char *step, int64_t *day);
/* Closed on time: verified, and reported done (or, without a report,
 * verified) on or before the due date. */
bool rect_on_time(const unit_record *r);

/* "3 days overdue", "12 days left", "due today" in the interface
 * language; nothing for a verified one. */
void rect_days_words(const unit_record *r, int64_t today, strbuf *out);

/* A new rectification on a check of a unit. */
typedef struct rect_new {
    const plan_check *check;
    const char *what;  /* what must be fixed: not empty */
    const char *owner; /* who is responsible: a person or a department */
    const char *due;   /* YYYY-MM-DD */
} rect_new;

/* Checks a new rectification before anything is read: a check the unit
 * carries, a text to fix, an owner, a real due date.  False with a
 * message (for a usage error). */
bool rect_new_valid(const ws_unit *wu, const rect_new *n, diag_list *dl);
/* Opens it (state open, opened/opened_by now and by); *id is its new id
 * (caller frees). */
bool rect_open(workspace *ws, ws_unit *wu, const rect_new *n, const char *by, char **id,
               diag_list *dl);

/* A step of a rectification. */
typedef struct rect_step_req {
    const char *id;
    rect_state to;        /* done, verified or reopened */
    const char *note;     /* NULL: the note stays as it is */
    bool mark_check_done; /* with verified: the check becomes done in the same save */
} rect_step_req;

/* Takes the step on the file as it is now: the record must be there and
 * the step must make sense from its current state.  *from (may be NULL)
 * is the state it left, *check the check it is about. */
bool rect_step(workspace *ws, ws_unit *wu, const rect_step_req *req, const char *by,
               rect_state *from, const plan_check **check, diag_list *dl);

/* The story of a rectification in words, for the history and the
 * reports: "failed on 2016-07-14, rectified on 2016-08-20, verified on
 * 2016-08-26" (the failure is the check's last one in the history before
 * the record was opened; steps not taken are left out). */
void rect_story(const unit *u, const unit_record *r, strbuf *out);

/* The rectifications of a workspace, in the order a meeting reads them:
 * overdue first (most overdue first), then the other open ones by due
 * date, then verified ones by due date; ties in workspace order. */
typedef enum rect_filter {
    RECT_ALL,
    RECT_ONLY_OPEN,
    RECT_ONLY_OVERDUE,
    RECT_MEETING, /* the open ones and those verified in the year of today */
} rect_filter;

typedef struct rect_item {
    size_t unit; /* index into workspace.units */
    const unit_record *r;
    rect_state state;
    int64_t due;
    bool overdue;
} rect_item;

typedef struct rect_list {
    rect_item *items;
    size_t n;
    int64_t today;
} rect_list;

/* Of every loaded unit (only: a unit index not SIZE_MAX: of that unit
 * alone).  The units must outlive the list and stay unchanged. */
void rect_list_build(rect_list *l, const workspace *ws, size_t only, rect_filter f, int64_t today);
void rect_list_free(rect_list *l);

/* Counts for a meeting: open (not verified), overdue, verified in the
 * year of today and how many of those on time. */
typedef struct rect_counts {
    size_t open, overdue, verified_year, on_time;
} rect_counts;
void rect_count(const unit *u, int64_t today, rect_counts *c);
/* What counting needs of one rectification, small enough to keep for
 * every unit of a district (model/summary.h): open or not, its due date,
 * the day it was verified (INT64_MIN: it is not) and whether on time. */
typedef struct rect_fact {
    int64_t due;
    int64_t verified_day;
    bool open, on_time;
} rect_fact;
rect_fact rect_fact_of(const unit_record *r);
/* Adds one rectification to the counts, as rect_count does. */
void rect_count_fact(const rect_fact *f, int64_t today, rect_counts *c);
/* Of one check of a unit only (for a checklist's row). */
void rect_count_check(const unit *u, const plan_check *pc, int64_t today, rect_counts *c);
/* The open rectification of a check due first (NULL when none). */
const unit_record *rect_first_open(const unit *u, const plan_check *pc);
/* The on-time rate in percent (0 when nothing was verified). */
double rect_on_time_rate(const rect_counts *c);

#endif
