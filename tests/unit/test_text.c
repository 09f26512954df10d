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

/* Names cut for a narrow column stay apart: a plain cut when it is
 * unique, else the start and the part where they differ. */
static void test_shorten_apart(void **state)
{
    const char *names[] = {"常州市武进区嘉泽镇卫生院", "常州市武进区嘉泽镇农业技术推广服务中心",
                           "常州嘉泽机械制造有限公司", "新竹村", "常州嘉泽机械制造有限公司"};
    char *out[5];
    text_shorten_apart(names, 5, 16, out);
    assert_string_equal(out[3], "新竹村");          /* fits: kept */
    assert_string_equal(out[2], "常州嘉泽机械..."); /* unique when cut at the end */
    assert_string_equal(out[2], out[4]);            /* the same name reads the same */
    assert_string_equal(out[0], "常州市...卫生院"); /* where it differs is kept */
    assert_true(strstr(out[1], "农业") != NULL);
    assert_string_not_equal(out[0], out[1]);
    for (int i = 0; i < 5; i++) {
        assert_true(text_width(out[i]) <= 16);
        free(out[i]);
    }
    /* too narrow to tell apart: plain cuts, never past the width */
    text_shorten_apart(names, 2, 5, out);
    assert_true(text_width(out[0]) <= 5 && text_width(out[1]) <= 5);
    free(out[0]);
    free(out[1]);
}

/* The top line's parts: details and badges give way before names, names
 * before figures; figures are cut last. */
static void test_fit_parts(void **state)
{
    text_part p[] = {
        {.text = "qtown  Town 2016  Overview", .brief = "Town Overview", .rank = 2, .keep = true},
        {.text = "Town 62.2 (C)", .brief = "62.2 (C)", .rank = 3, .keep = true},
        {.text = "Targets 14 met, 11 not", .brief = "Met 14/25", .rank = 3, .keep = true},
        {.text = "[not synced: 3 files changed]", .brief = "[not synced]", .rank = 1},
    };
    /* everything fits */
    assert_int_equal(text_fit_parts(p, 4, 3, 200), 26 + 13 + 22 + 29 + 9);
    assert_ptr_equal(p[3].shown, p[3].text);
    /* the badge shortens first, then goes */
    text_fit_parts(p, 4, 3, 90);
    assert_ptr_equal(p[3].shown, p[3].brief);
    assert_ptr_equal(p[0].shown, p[0].text);
    text_fit_parts(p, 4, 3, 70);
    assert_null(p[3].shown);
    assert_ptr_equal(p[1].shown, p[1].text);
    /* then the name's brief form, then the figures' */
    text_fit_parts(p, 4, 3, 60);
    assert_ptr_equal(p[0].shown, p[0].brief);
    assert_ptr_equal(p[2].shown, p[2].text);
    int w = text_fit_parts(p, 4, 3, 40);
    assert_true(w <= 40);
    assert_ptr_equal(p[1].shown, p[1].brief);
    assert_ptr_equal(p[2].shown, p[2].brief);
    /* at last the name is cut, the figures kept whole */
    w = text_fit_parts(p, 4, 3, 30);
    assert_int_equal(w, 30);
    assert_true(p[0].cols < text_width(p[0].brief));
    assert_int_equal(p[1].cols, 8);
    assert_int_equal(p[2].cols, 9);
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
        cmocka_unit_test(test_contains),   cmocka_unit_test(test_shorten_apart),
        cmocka_unit_test(test_fit_parts),  cmocka_unit_test(test_shell_quote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
