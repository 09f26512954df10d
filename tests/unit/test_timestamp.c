/* model/timestamp: dates and times as qtown files hold them, and today. */
#include "harness.h"

#include "model/timestamp.h"

#include <stdlib.h>
#include <time.h>

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
        cmocka_unit_test(test_date_parse_real_days_only),
        cmocka_unit_test(test_date_roundtrip_and_arithmetic),
        cmocka_unit_test(test_date_input_relative),
        cmocka_unit_test(test_today_from_environment_and_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
