/* util/text: UTF-8, display width, cutting, the inert-text sanitizer. */
#include "harness.h"

#include "util/text.h"

#include <stdlib.h>

static void test_utf8_valid(void **state)
{
    size_t bad = 99;
    assert_true(utf8_valid("新竹村 abc", strlen("新竹村 abc"), NULL));
    assert_false(utf8_valid("ab\xff", 3, &bad));
    assert_int_equal(bad, 2);
    assert_false(utf8_valid("\xc0\x80", 2, &bad));         /* overlong NUL */
    assert_false(utf8_valid("\xed\xa0\x80", 3, &bad));     /* surrogate */
    assert_false(utf8_valid("\xe6\x96", 2, &bad));         /* cut */
    assert_false(utf8_valid("\xf4\x90\x80\x80", 4, &bad)); /* > U+10FFFF */
}

static void test_position(void **state)
{
    const char *s = "ab\n新竹x";
    int line, col;
    text_position(s, strlen("ab\n新竹"), &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 3);
}

static void test_width(void **state)
{
    assert_int_equal(text_width("abc"), 3);
    assert_int_equal(text_width("新竹村"), 6);
    assert_int_equal(text_width("a新"), 3);
}

static void test_fit_never_splits_wide(void **state)
{
    int used;
    size_t n = text_fit("新竹村", 5, &used);
    assert_int_equal(n, strlen("新竹"));
    assert_int_equal(used, 4);
    n = text_fit("新竹村", 1, &used);
    assert_int_equal(n, 0);
    assert_int_equal(used, 0);
}

static void test_truncate(void **state)
{
    char *t = text_truncate("新竹村民委员会", 9);
    assert_string_equal(t, "新竹村...");
    assert_int_equal(text_width(t), 9);
    free(t);
    t = text_truncate("short", 9);
    assert_string_equal(t, "short");
    free(t);
    t = text_truncate("新竹村", 2);
    assert_true(text_width(t) <= 2);
    free(t);
}

static void test_inert(void **state)
{
    char *s = text_inert("a\x1b[31mred\x07", 0);
    assert_string_equal(s, "a\\x1b[31mred\\x07");
    free(s);
    s = text_inert("csi\xc2\x9b"
                   "x",
                   0); /* U+009B, a C1 control */
    assert_string_equal(s, "csi\\x9bx");
    free(s);
    s = text_inert("bidi\xe2\x80\xae"
                   "evil",
                   0); /* U+202E */
    assert_string_equal(s, "bidi\\u202eevil");
    free(s);
    s = text_inert("zw\xe2\x80\x8b"
                   "sp",
                   0); /* U+200B */
    assert_string_equal(s, "zw\\u200bsp");
    free(s);
    s = text_inert("bad\xff", 0);
    assert_string_equal(s, "bad\\xff");
    free(s);
    s = text_inert("line1\nline2\ttab", TEXT_KEEP_NEWLINE);
    assert_string_equal(s, "line1\nline2 tab");
    free(s);
    s = text_inert("line1\nline2", 0);
    assert_string_equal(s, "line1\\x0aline2");
    free(s);
    s = text_inert("新竹村", 0);
    assert_string_equal(s, "新竹村");
    free(s);
    assert_false(text_needs_escape("新竹村 ok", 0));
    assert_true(text_needs_escape("a\x1b", 0));
}

static void test_contains(void **state)
{
    assert_true(text_contains("ISO 9000 certified", "iso"));
    assert_true(text_contains("新竹村", "竹"));
    assert_false(text_contains("新竹村", "镇"));
    assert_true(text_contains("x", ""));
}

/* What a shell reads back from a quoted name is the name (issue 10,
 * item 5: a remote's file name pasted into a command to run). */
static void test_shell_quote(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"villages/x.yaml", "villages/x.yaml"},
        {"origin/main", "origin/main"},
        {"villages/$(touch${IFS}PWNED)x.yaml", "'villages/$(touch${IFS}PWNED)x.yaml'"},
        {"it's", "'it'\\''s'"},
        {"", "''"},
        {"-rf", "'-rf'"},
        {"a b;c`d`\n", "'a b;c`d`\n'"},
        {"新竹村", "'新竹村'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *q = text_shell_quote(cases[i][0]);
        assert_string_equal(q, cases[i][1]);
        free(q);
    }
}

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid), cmocka_unit_test(test_position),
        cmocka_unit_test(test_width),      cmocka_unit_test(test_fit_never_splits_wide),
        cmocka_unit_test(test_truncate),   cmocka_unit_test(test_inert),
        cmocka_unit_test(test_contains),   cmocka_unit_test(test_shell_quote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
