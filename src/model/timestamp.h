/* timestamp — the date-and-time form qtown files use. */
#ifndef QTOWN_TIMESTAMP_H
#define QTOWN_TIMESTAMP_H

#include "util/diag.h"

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

/* Calendar dates (due dates, validity, visits): YYYY-MM-DD, held as days
 * since 1970-01-01 so that "overdue" and "days left" are subtractions. */
#define DATE_SIZE 11
/* Exactly YYYY-MM-DD naming a real day (2016-02-30 is refused). */
bool date_parse(const char *s, int64_t *days);
void date_format(int64_t days, char out[DATE_SIZE]);
/* The year, month (1-12) and day of a date. */
void date_split(int64_t days, int *year, int *month, int *day);
/* Today: $QTOWN_TODAY (YYYY-MM-DD: to review a past year, and for tests)
 * when set, else the local date of the clock ($QTOWN_NOW).  False, with
 * a message, when QTOWN_TODAY is not a date. */
bool date_today(int64_t *days, diag_list *dl);
/* A date as a person types it: YYYY-MM-DD, or +N / -N days from today. */
bool date_parse_input(const char *s, int64_t today, int64_t *days);

#endif
