/* timestamp — the date-and-time form qtown files use. */
#ifndef QTOWN_TIMESTAMP_H
#define QTOWN_TIMESTAMP_H

#include <stdbool.h>
#include <stdint.h>

/* YYYY-MM-DD, optionally followed by THH:MM[:SS[.frac]] and Z or +HH:MM. */
bool timestamp_valid(const char *s);

/* The instant a timestamp names: seconds since the epoch and nanoseconds.
 * A timestamp without an offset (or a date alone, taken as midnight) is
 * read as UTC.  False when s is not valid. */
typedef struct timestamp_instant {
    int64_t sec;
    int32_t nsec;
} timestamp_instant;
bool timestamp_parse(const char *s, timestamp_instant *out);

/* Orders two timestamps by the instant they name (not by their text:
 * 10:00+08:00 is before 03:00Z).  NULL and invalid texts come before every
 * valid one; two of them are equal. */
int timestamp_compare(const char *a, const char *b);
int timestamp_instant_compare(const timestamp_instant *a, const timestamp_instant *b);

#endif
