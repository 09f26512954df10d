/* model/timestamp: dates and times as qtown files hold them (valid, the
 * instant they name, their order), calendar dates, and today. */
#include "harness.h"

#include "model/timestamp.h"

#include <stdlib.h>
#include <time.h>

static void test_timestamp_compare(void **state)
{
    assert_true(timestamp_compare("2025-02-01T09:00:00+08:00", "2025-02-01T02:00:00Z") < 0);
    assert_int_equal(timestamp_compare("2025-03-01T08:00:00+08:00", "2025-03-01T00:00:00Z"), 0);
    assert_true(timestamp_compare("2025-03-01T00:00:00.5Z", "2025-03-01T00:00:00.25Z") > 0);
    assert_true(timestamp_compare("2025-03-01", "2025-02-28T23:59:59Z") > 0);
    assert_true(timestamp_compare(NULL, "1970-01-01") < 0);
    assert_true(timestamp_compare("1969-12-31T23:59:59Z", "1970-01-01") < 0);
    assert_true(timestamp_compare("2024-02-29T00:00:00-05:00", "2024-02-29T04:59:59Z") > 0);
    assert_int_equal(timestamp_compare(NULL, NULL), 0);
    assert_true(timestamp_valid("2025-03-01T00:00:00.123Z"));
    assert_false(timestamp_valid("2025-03-01T00:00:00+0800"));
    assert_false(timestamp_valid("2025-03-01 00:00"));
    /* digits are not enough: the fields must be a real date and time */
    assert_true(timestamp_valid("2024-02-29T23:59:60+14:00"));
    assert_false(timestamp_valid("2025-02-29"));
    assert_false(timestamp_valid("2026-13-01"));
    assert_false(timestamp_valid("2026-00-10"));
    assert_false(timestamp_valid("2026-04-31"));
    assert_false(timestamp_valid("2026-01-01T24:00:00Z"));
    assert_false(timestamp_valid("2026-01-01T10:60:00Z"));
    assert_false(timestamp_valid("2026-01-01T10:00:61Z"));
    assert_false(timestamp_valid("2026-01-01T10:00:00+99:99"));
}

/* The instant a timestamp names, exactly: offsets, fractions, a date
 * alone, a leap second, before 1970. */
static void test_timestamp_parse_exact_instants(void **state)
{
    static const struct {
        const char *text;
        int64_t sec;
        int32_t nsec;
    } cases[] = {
        {"1970-01-01", 0, 0},
        {"1970-01-01T00:00Z", 0, 0},
        {"1970-01-01T08:00:00+08:00", 0, 0},
        {"1969-12-31T16:30:00-07:30", 0, 0},
        {"1970-01-01T00:00:00", 0, 0}, /* no offset: UTC */
        {"1969-12-31T23:59:59Z", -1, 0},
        {"1970-01-01T00:00:00.5Z", 0, 500000000},
        {"1970-01-01T00:00:00.000000001Z", 0, 1},
        {"1970-01-01T00:00:00.1234567899Z", 0, 123456789}, /* past nanoseconds: dropped */
        {"2016-12-31T23:59:60Z", 1483228800, 0},           /* a leap second: the next one */
        {"2025-11-26T10:15:00+08:00", 1764123300, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        timestamp_instant t = {-7, -7};
        if (!timestamp_parse(cases[i].text, &t))
            fail_msg("%s refused", cases[i].text);
        if (t.sec != cases[i].sec || t.nsec != cases[i].nsec)
            fail_msg("%s: %lld.%09d, expected %lld.%09d", cases[i].text, (long long)t.sec,
                     (int)t.nsec, (long long)cases[i].sec, (int)cases[i].nsec);
    }
}

static void test_timestamp_refuses_what_is_not_one(void **state)
{
    static const char *const bad[] = {
        "",
        "2025-03-01T",
        "2025-03-01T10",
        "2025-03-01T10:00:",
        "2025-03-01T10:00:00.",
        "2025-03-01T10:00:00z",
        "2025-03-01T10:00:00+08",
        "2025-03-01T10:00:00+08:00 ",
        "2025-03-01t10:00:00Z",
        "2025-03-01T1:00:00Z",
        "25-03-01",
        "2025-3-1",
        "2025-03-01T10:00:00+24:00",
        "2025-03-01T10:00:00+08:60",
        "2025-03-01T10:00:00ZZ",
    };
    timestamp_instant t = {42, 42};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (timestamp_parse(bad[i], &t) || timestamp_valid(bad[i]))
            fail_msg("'%s' accepted", bad[i]);
    assert_int_equal(t.sec, 42); /* a refused text leaves the instant alone */
    assert_false(timestamp_parse(NULL, &t));
    assert_false(timestamp_valid(NULL));
}

static void test_instant_and_invalid_ordering(void **state)
{
    timestamp_instant a = {10, 5}, b = {10, 6}, c = {11, 0};
    assert_int_equal(timestamp_instant_compare(&a, &b), -1);
    assert_int_equal(timestamp_instant_compare(&b, &a), 1);
    assert_int_equal(timestamp_instant_compare(&b, &c), -1);
    assert_int_equal(timestamp_instant_compare(&c, &c), 0);
    /* invalid texts come first, equal among themselves */
    assert_true(timestamp_compare("yesterday", "1900-01-01") < 0);
    assert_true(timestamp_compare("1900-01-01", "yesterday") > 0);
    assert_int_equal(timestamp_compare("yesterday", "2025-02-30"), 0);
    assert_int_equal(timestamp_compare("yesterday", NULL), 0);
}

static void test_date_parse_real_days_only(void **state)
{
    int64_t d;
    assert_true(date_parse("1970-01-01", &d));
    assert_int_equal(d, 0);
    assert_true(date_parse("2016-02-29", &d)); /* a leap year */
    assert_true(date_parse("2000-02-29", &d)); /* divisible by 400 */
    static const char *const bad[] = {
        "2016-02-30",  "2015-02-29",  "1900-02-29", "2016-13-01",
        "2016-00-10",  "2016-04-31",  "2016-4-1",   "2016-04-01T00:00",
        "2016-04-01 ", " 2016-04-01", "",           "２０１６-04-01",
        "+30",         "2016/04/01"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(date_parse(bad[i], &d));
    assert_false(date_parse(NULL, &d));
}

static void test_date_roundtrip_and_arithmetic(void **state)
{
    int64_t a, b;
    char out[DATE_SIZE];
    for (int64_t d = -719000; d <= 2900000; d += 997) /* years 1 to 9909 */ {
        date_format(d, out);
        assert_true(date_parse(out, &a));
        assert_int_equal(a, d);
    }
    assert_true(date_parse("2016-08-31", &a));
    assert_true(date_parse("2016-09-01", &b));
    assert_int_equal(b - a, 1);
    assert_true(date_parse("2016-12-31", &a));
    assert_true(date_parse("2017-01-01", &b));
    assert_int_equal(b - a, 1);
    date_format(a + 60, out);
    assert_string_equal(out, "2017-03-01");
}

static void test_date_input_relative(void **state)
{
    int64_t today, d;
    assert_true(date_parse("2016-07-14", &today));
    assert_true(date_parse_input("+30", today, &d));
    assert_int_equal(d - today, 30);
    assert_true(date_parse_input("-1", today, &d));
    assert_int_equal(d - today, -1);
    assert_true(date_parse_input("+0", today, &d));
    assert_int_equal(d, today);
    assert_true(date_parse_input("2016-08-31", today, &d));
    char out[DATE_SIZE];
    date_format(d, out);
    assert_string_equal(out, "2016-08-31");
    static const char *const bad[] = {"+", "+3a", "30", "+ 3", "++3", "+99999", "-x", "+3 "};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(date_parse_input(bad[i], today, &d));
}

static void test_today_from_environment_and_clock(void **state)
{
    diag_list dl = DIAG_LIST_INIT;
    int64_t d, want;
    setenv("QTOWN_TODAY", "2016-11-29", 1);
    assert_true(date_today(&d, &dl));
    assert_true(date_parse("2016-11-29", &want));
    assert_int_equal(d, want);
    setenv("QTOWN_TODAY", "2016-02-30", 1);
    assert_false(date_today(&d, &dl));
    assert_diag(&dl, "2016-02-30", 0, 0);
    diag_clear(&dl);
    unsetenv("QTOWN_TODAY");
    /* the local date of the clock: 2025-11-26T02:15Z is the 26th in
     * Shanghai, the 25th in Los Angeles */
    setenv("QTOWN_NOW", "1764123300", 1);
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    assert_true(date_today(&d, &dl));
    assert_true(date_parse("2025-11-26", &want));
    assert_int_equal(d, want);
    setenv("TZ", "America/Los_Angeles", 1);
    tzset();
    assert_true(date_today(&d, &dl));
    assert_int_equal(d, want - 1);
    unsetenv("QTOWN_NOW");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_timestamp_compare),
        cmocka_unit_test(test_timestamp_parse_exact_instants),
        cmocka_unit_test(test_timestamp_refuses_what_is_not_one),
        cmocka_unit_test(test_instant_and_invalid_ordering),
        cmocka_unit_test(test_date_parse_real_days_only),
        cmocka_unit_test(test_date_roundtrip_and_arithmetic),
        cmocka_unit_test(test_date_input_relative),
        cmocka_unit_test(test_today_from_environment_and_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
