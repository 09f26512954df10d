/* model/status: the status table (status.def) and what it answers. */
#include "harness.h"

#include "i18n/i18n.h"
#include "model/status.h"

static void test_names_and_marks(void **state)
{
    static const char *const names[] = {"todo", "doing", "done", "failed", "na"};
    static const char *const marks[] = {"[ ]", "[~]", "[x]", "[!]", "[-]"};
    assert_int_equal(STATUS_COUNT, 5);
    for (int i = 0; i < STATUS_COUNT; i++) {
        status s;
        assert_string_equal(status_name((status)i), names[i]);
        assert_string_equal(status_mark((status)i), marks[i]);
        assert_true(status_parse(names[i], &s));
        assert_int_equal(s, i);
    }
    status s;
    assert_false(status_parse("n/a", &s));
    assert_false(status_parse("Done", &s));
    assert_false(status_parse("", &s));
    assert_string_equal(status_name(STATUS_COUNT), "?");
    assert_string_equal(status_mark(STATUS_COUNT), "[?]");
}

static void test_meanings(void **state)
{
    for (int i = 0; i < STATUS_COUNT; i++) {
        assert_int_equal(status_applicable((status)i), i != STATUS_NA);
        assert_int_equal(status_failed((status)i), i == STATUS_FAILED);
        assert_true(status_default_credit((status)i) == 0);
    }
    assert_false(status_applicable(STATUS_COUNT));
    assert_false(status_failed(STATUS_COUNT));
}

static void test_space_cycles_todo_doing_done(void **state)
{
    assert_int_equal(status_next(STATUS_TODO), STATUS_DOING);
    assert_int_equal(status_next(STATUS_DOING), STATUS_DONE);
    assert_int_equal(status_next(STATUS_DONE), STATUS_TODO);
    assert_int_equal(status_next(STATUS_FAILED), STATUS_TODO);
    assert_int_equal(status_next(STATUS_NA), STATUS_TODO);
}

static void test_choices(void **state)
{
    strbuf sb = STRBUF_INIT;
    i18n_set_lang(LANG_EN);
    tr_status_choices(&sb, false);
    assert_string_equal(sb_str(&sb), "todo, doing, done, failed or na");
    sb_reset(&sb);
    tr_status_choices(&sb, true);
    assert_string_equal(sb_str(&sb), "todo, doing, done or failed");
    sb_reset(&sb);
    i18n_set_lang(LANG_ZH);
    tr_status_choices(&sb, false);
    assert_string_equal(sb_str(&sb), "todo、doing、done、failed 或 na");
    assert_string_equal(tr_status(STATUS_NA), "不适用");
    i18n_set_lang(LANG_EN);
    assert_string_equal(tr_status(STATUS_NA), "n/a");
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_marks),
        cmocka_unit_test(test_meanings),
        cmocka_unit_test(test_space_cycles_todo_doing_done),
        cmocka_unit_test(test_choices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
