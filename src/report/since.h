/* since — what changed since a date (the last meeting), read from the
 * units' history: checks that moved (a status change), rectifications
 * opened, reported done, verified (closed) and reopened.  Nothing else is
 * kept for it: the history is the record. */
#ifndef QTOWN_SINCE_H
#define QTOWN_SINCE_H

#include "model/workspace.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct since_entry {
    size_t unit; /* index into workspace.units */
    const history_entry *h;
} since_entry;

typedef struct since_list {
    int64_t since; /* days since 1970: entries on this day or later */
    since_entry *items; /* by time, then workspace order */
    size_t n;
    size_t checks_moved, rect_opened, rect_closed;
} since_list;

/* Whether an entry tells progress (a check's status, a rectification's
 * step) made on `since` or later. */
bool since_includes(const history_entry *h, int64_t since);
/* The entries of every loaded unit made on `since` or later (the date an
 * entry's time is written with). */
void since_build(since_list *l, const workspace *ws, int64_t since);
void since_free(since_list *l);

#endif
