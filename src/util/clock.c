#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* The instants qtown writes: years 1970 to 9999 (four digits). */
#define CLOCK_MAX_SECONDS 253402300799LL /* 9999-12-31T23:59:59Z */

/* "...T10:15:00" from a broken-down time. */
static void format_tm(const struct tm *tm, char out[CLOCK_ISO_SIZE], const char *zone)
{
    size_t n = strftime(out, CLOCK_ISO_SIZE, "%Y-%m-%dT%H:%M:%S", tm); /* digits only */
    snprintf(out + n, CLOCK_ISO_SIZE - n, "%s", zone);
}

void clock_format_iso(time_t t, char out[CLOCK_ISO_SIZE])
{
    struct tm tm;
    if ((long long)t < 0 || (long long)t > CLOCK_MAX_SECONDS || !localtime_r(&t, &tm)) {
        snprintf(out, CLOCK_ISO_SIZE, "1970-01-01T00:00:00Z");
        return;
    }
    long off = tm.tm_gmtoff;
    if (off % 60 != 0) {
        /* A TZ with seconds in its offset (LMT-like zones, TZ=X-5:45:45)
         * cannot be written as +HH:MM without moving the instant: the
         * same instant in UTC instead. */
        gmtime_r(&t, &tm);
        format_tm(&tm, out, "Z");
        return;
    }
    char zone[16]; /* room for any int pair: the compiler cannot bound off */
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    snprintf(zone, sizeof zone, "%c%02d:%02d", sign, (int)(off / 3600 % 100),
             (int)(off % 3600 / 60));
    format_tm(&tm, out, zone);
}

time_t clock_now(void)
{
    const char *fixed = getenv("QTOWN_NOW");
    time_t t = time(NULL);
    if (fixed && *fixed) {
        char *end;
        long long v = strtoll(fixed, &end, 10);
        /* a value out of range is no instant qtown can write: ignored */
        if (*end == '\0' && v >= 0 && v <= CLOCK_MAX_SECONDS)
            t = (time_t)v;
    }
    return t;
}

void clock_now_iso(char out[CLOCK_ISO_SIZE])
{
    clock_format_iso(clock_now(), out);
}
