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
    int64_t since, until; /* days since 1970: entries made on these days or between */
    since_entry *items;   /* by time, then workspace order */
    size_t n;
    size_t checks_moved, rect_opened, rect_closed;
} since_list;

/* Whether an entry tells progress (a check's status, a rectification's
 * step) made from `since` to `until` (the date its time is written with). */
bool since_includes(const history_entry *h, int64_t since, int64_t until);
/* Those entries of every loaded unit. */
void since_build(since_list *l, const workspace *ws, int64_t since, int64_t until);
void since_free(since_list *l);

#endif
