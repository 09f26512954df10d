#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>

void clock_format_iso(time_t t, char out[CLOCK_ISO_SIZE])
{
    struct tm tm;
    localtime_r(&t, &tm);
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    snprintf(out, CLOCK_ISO_SIZE, "%04d-%02d-%02dT%02d:%02d:%02d%c%02ld:%02ld", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, sign, off / 3600,
             (off % 3600) / 60);
}

time_t clock_now(void)
{
    const char *fixed = getenv("QTOWN_NOW");
    time_t t = time(NULL);
    if (fixed && *fixed) {
        char *end;
        long long v = strtoll(fixed, &end, 10);
        if (*end == '\0')
            t = (time_t)v;
    }
    return t;
}

void clock_now_iso(char out[CLOCK_ISO_SIZE])
{
    clock_format_iso(clock_now(), out);
}
