/* since — what changed since a date (the last meeting), read from the
 * units' history: checks that moved (a status change), rectifications
 * opened, reported done, verified (closed) and reopened.  Nothing else is
 * kept for it: the history is the record.
 *
 * The list holds references, not the entries: a district's changes since
 * a meeting are in every unit, and keeping those units whole would cost
 * some 11 KB each.  Each changed unit is read, its entries taken (where
 * and when), and the unit let go; a presenter reads the unit behind a
 * reference when it shows it (since_history). */
#ifndef QTOWN_SINCE_H
#define QTOWN_SINCE_H

#include "model/timestamp.h"
#include "model/workspace.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct since_entry {
    uint32_t unit;        /* index into workspace.units */
    uint32_t entry;       /* index into the unit's history */
    timestamp_instant at; /* its time: the order, and how it is known again */
} since_entry;

typedef struct since_list {
    int64_t since, until; /* days since 1970: entries made on these days or between */
    since_entry *items;   /* by time, then workspace order */
    size_t n;
    size_t checks_moved, rect_opened, rect_closed;
    size_t moved_done, moved_failed; /* of checks_moved: to done, to failed */
} since_list;

/* Whether an entry tells progress (a check's status, a rectification's
 * step) made from `since` to `until` (the date its time is written with). */
bool since_includes(const history_entry *h, int64_t since, int64_t until);
/* Those entries of every unit changed from `since` on (its summary says
 * so) or loaded whole: a unit not loaded is read for it (on every
 * processor, util/par.h) and let go again. */
void since_build(since_list *l, const workspace *ws, int64_t since, int64_t until);
/* The entry a reference names, in its unit `u` as read now (NULL: it does
 * not load); NULL when the file changed since the list was made and no
 * longer holds that entry there. */
const history_entry *since_history(const since_list *l, const since_entry *e, const unit *u);
void since_free(since_list *l);

#endif
