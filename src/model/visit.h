/* visit — inspection visits (督查走访): a record of the kind `visit`
 * (record_kinds.c) at the top of a unit's file, under `visits:`, with the
 * day, who went (one or more), the checks looked at and what was found.
 * A unit nobody visited for qtown.yaml's `unvisited_days` (default 90)
 * is listed by the overview. */
#ifndef QTOWN_VISIT_H
#define QTOWN_VISIT_H

#include "model/store.h"

#include <stdint.h>

/* A new visit. */
typedef struct visit_new {
    const char *date;          /* YYYY-MM-DD, not after today */
    const char *const *people; /* who went: at least one */
    size_t n_people;
    const plan_check *const *checks; /* checks of the unit looked at */
    size_t n_checks;
    const char *note; /* what was found; NULL: nothing said */
} visit_new;

/* Checks a visit before anything is read: a real day not after today,
 * one-line names, checks the unit carries, a note of valid UTF-8.  False
 * with a message. */
bool visit_new_valid(const ws_unit *wu, const visit_new *vn, int64_t today, diag_list *dl);
/* Records it under the unit's lock; *id is the new record's id (caller
 * frees). */
bool visit_record(workspace *ws, ws_unit *wu, const visit_new *vn, int64_t today, const char *by,
                  char **id, diag_list *dl);

/* The day of a visit record (validated by the reader). */
int64_t visit_day(const unit_record *r);
/* The day of the unit's last visit; false when it has none. */
bool visit_last(const unit *u, int64_t *day);

/* Visits of a workspace, newest first (ties: workspace order, then file
 * order), since a day (INT64_MIN: all). */
typedef struct visit_item {
    size_t unit; /* index into workspace.units */
    const unit_record *r;
    int64_t day;
} visit_item;

typedef struct visit_list {
    visit_item *items;
    size_t n;
} visit_list;

/* Of every loaded unit (only != SIZE_MAX: of that one alone). */
void visit_list_build(visit_list *l, const workspace *ws, size_t only, int64_t since);
void visit_list_free(visit_list *l);

/* The villages and enterprises (with a summary: read or scanned) not
 * visited within `days` before today, from their summaries (no file is
 * read): never visited first, then the longest ago first.  *last[i] is
 * the day of the last visit (INT64_MIN: never).  Caller frees both. */
size_t visit_unvisited(const workspace *ws, int64_t today, int days, size_t **units,
                       int64_t **last);

#endif
