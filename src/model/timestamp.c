#include "model/timestamp.h"

#include "i18n/i18n.h"
#include "util/clock.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Reads n digits as a number; false when they are not all digits. */
static bool digits(const char **p, int n, int *value)
{
    int v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (!isdigit((unsigned char)**p))
            return false;
        v = v * 10 + (**p - '0');
    }
    if (value)
        *value = v;
    return true;
}

static bool expect(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The inverse (Howard Hinnant's civil_from_days). */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* The time of day after the 'T': HH:MM[:SS[.frac]], then the offset. */
static bool parse_time(const char *p, int64_t *sec, int32_t *nsec)
{
    int hh, mm, ss = 0, sign = 1, oh = 0, om = 0;
    if (!digits(&p, 2, &hh) || !expect(&p, ':') || !digits(&p, 2, &mm))
        return false;
    if (*p == ':') {
        p++;
        if (!digits(&p, 2, &ss))
            return false;
        if (*p == '.') {
            p++;
            if (!isdigit((unsigned char)*p))
                return false;
            int32_t scale = 100000000;
            for (; isdigit((unsigned char)*p); p++, scale /= 10)
                *nsec += scale * (*p - '0');
        }
    }
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        sign = *p++ == '-' ? -1 : 1;
        if (!digits(&p, 2, &oh) || !expect(&p, ':') || !digits(&p, 2, &om))
            return false;
    }
    if (*p != '\0' || hh > 23 || mm > 59 || ss > 60 || oh > 23 || om > 59)
        return false;
    *sec += (int64_t)hh * 3600 + mm * 60 + ss - sign * ((int64_t)oh * 3600 + om * 60);
    return true;
}

bool timestamp_parse(const char *s, timestamp_instant *out)
{
    const char *p = s;
    int y, m, d;
    timestamp_instant t = {0, 0};
    if (!s || !digits(&p, 4, &y) || !expect(&p, '-') || !digits(&p, 2, &m) || !expect(&p, '-') ||
        !digits(&p, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    t.sec = days_from_civil(y, m, d) * 86400;
    if (*p && (!expect(&p, 'T') || !parse_time(p, &t.sec, &t.nsec)))
        return false;
    if (out)
        *out = t;
    return true;
}

bool timestamp_valid(const char *s)
{
    return timestamp_parse(s, NULL);
}

int timestamp_instant_compare(const timestamp_instant *a, const timestamp_instant *b)
{
    if (a->sec != b->sec)
        return a->sec < b->sec ? -1 : 1;
    if (a->nsec != b->nsec)
        return a->nsec < b->nsec ? -1 : 1;
    return 0;
}

int timestamp_compare(const char *a, const char *b)
{
    timestamp_instant ta, tb;
    bool va = timestamp_parse(a, &ta), vb = timestamp_parse(b, &tb);
    if (!va || !vb)
        return va - vb;
    return timestamp_instant_compare(&ta, &tb);
}

bool date_parse(const char *s, int64_t *days)
{
    const char *p = s;
    int y, m, d;
    if (!s || !digits(&p, 4, &y) || !expect(&p, '-') || !digits(&p, 2, &m) || !expect(&p, '-') ||
        !digits(&p, 2, &d) || *p != '\0')
        return false;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *days = days_from_civil(y, m, d);
    return true;
}

void date_format(int64_t days, char out[DATE_SIZE])
{
    int64_t y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) { /* outside what a file can hold: clamp, never overflow */
        snprintf(out, DATE_SIZE, "%s", y < 0 ? "0000-01-01" : "9999-12-31");
        return;
    }
    snprintf(out, DATE_SIZE, "%04d-%02d-%02d", (int)y, m, d);
}

void date_split(int64_t days, int *year, int *month, int *day)
{
    int64_t y;
    civil_from_days(days, &y, month, day);
    *year = (int)(y < -9999 ? -9999 : y > 99999 ? 99999 : y);
}

bool date_today(int64_t *days, diag_list *dl)
{
    const char *fixed = getenv("QTOWN_TODAY");
    if (fixed && *fixed) {
        if (date_parse(fixed, days))
            return true;
        diag_add(dl, NULL, 0, 0, TR(M_BAD_TODAY), fixed);
        return false;
    }
    time_t t = clock_now();
    struct tm tm;
    if (!localtime_r(&t, &tm)) {
        diag_add(dl, NULL, 0, 0, "%s", tr(M_NO_CLOCK));
        return false;
    }
    *days = days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return true;
}

bool date_parse_input(const char *s, int64_t today, int64_t *days)
{
    if (s && (s[0] == '+' || s[0] == '-') && isdigit((unsigned char)s[1])) {
        char *end;
        long n = strtol(s + 1, &end, 10);
        /* at most about 27 years either way: a typo, not a plan */
        if (*end != '\0' || n > 10000)
            return false;
        *days = today + (s[0] == '-' ? -n : n);
        return true;
    }
    return date_parse(s, days);
}
