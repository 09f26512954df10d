/* clock — the time qtown writes into files. */
#ifndef QTOWN_CLOCK_H
#define QTOWN_CLOCK_H

#include <stddef.h>
#include <time.h>

#define CLOCK_ISO_SIZE 64

/* Local time as ISO 8601 with its UTC offset: 2026-11-26T10:15:00+08:00;
 * in UTC (...Z) when the zone's offset has seconds (it could not be
 * written exactly).  Years 1970 to 9999 only.  $QTOWN_NOW (seconds since
 * the epoch, in that range), when set, replaces the clock: it makes tests
 * and back-dated bulk imports reproducible. */
void clock_now_iso(char out[CLOCK_ISO_SIZE]);
/* The clock's time ($QTOWN_NOW when set). */
time_t clock_now(void);
void clock_format_iso(time_t t, char out[CLOCK_ISO_SIZE]);

#endif
