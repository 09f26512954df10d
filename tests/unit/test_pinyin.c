/* i18n/pinyin: names in pinyin order (ICU's "zh" collation) and found by
 * full pinyin, initials or characters. */
#include "harness.h"

#include "i18n/pinyin.h"

#include <stdlib.h>

static int cmp_pinyin(const void *a, const void *b)
{
    return pinyin_compare(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_bytes(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_keys(const void *a, const void *b)
{
    char *ka = pinyin_sort_key(*(const char *const *)a);
    char *kb = pinyin_sort_key(*(const char *const *)b);
    int c = strcmp(ka, kb);
    free(ka);
    free(kb);
    return c;
}

static void assert_order(const char **got, const char *const *want, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(got[i], want[i]) != 0) {
            for (size_t k = 0; k < n; k++)
                fprintf(stderr, "  %zu: %s (want %s)\n", k, got[k], want[k]);
            fail_msg("order differs at %zu", i);
        }
}

/* The demo's villages: pinyin order is not the order of their code points
 * (丰 U+4E30 comes first by bytes, 晨 by sound). */
static void test_villages_in_pinyin_order(void **state)
{
    static const char *const want[] = {"晨山村", "丰杨村", "观庄村",   "闵墅村",
                                       "士桥村", "西城村", "夏庄桥村", "跃进村"};
    const char *names[] = {"丰杨村", "士桥村", "夏庄桥村", "晨山村",
                           "西城村", "观庄村", "跃进村",   "闵墅村"};
    size_t n = sizeof names / sizeof *names;
    qsort(names, n, sizeof *names, cmp_bytes);
    assert_string_not_equal(names[0], want[0]); /* code points disagree */
    qsort(names, n, sizeof *names, cmp_pinyin);
    assert_order(names, want, n);
    qsort(names, n, sizeof *names, cmp_keys); /* the keys say the same */
    assert_order(names, want, n);
}

/* Polyphonic surnames take the reading ICU's collation gives them, the
 * most common one: 曾 ceng, 单 dan, 解 jie, 仇 chou, 朴 pu, 区 qu, 查 cha,
 * 盖 gai, 乐 le, 长 zhang, 重 zhong.  This is the order promised. */
static void test_polyphonic_surnames_as_icu_sorts_them(void **state)
{
    static const char *const want[] = {"曾伟", "查明", "陈刚", "仇亮", "单丽", "盖军",
                                       "解放", "乐平", "李强", "朴实", "区华", "王芳",
                                       "张伟", "长江", "赵敏", "重阳", "周杰"};
    const char *names[] = {"周杰", "重阳", "赵敏", "长江", "张伟", "王芳", "区华", "朴实", "李强",
                           "乐平", "解放", "盖军", "单丽", "仇亮", "陈刚", "查明", "曾伟"};
    size_t n = sizeof names / sizeof *names;
    qsort(names, n, sizeof *names, cmp_pinyin);
    assert_order(names, want, n);
}

/* Digits before Chinese, Latin letters after, either case together. */
static void test_mixed_scripts(void **state)
{
    static const char *const want[] = {"1号仓库", "嘉森", "a公司", "B公司"};
    const char *names[] = {"B公司", "a公司", "嘉森", "1号仓库"};
    qsort(names, 4, sizeof *names, cmp_pinyin);
    assert_order(names, want, 4);
    assert_int_equal(pinyin_compare("嘉森", "嘉森"), 0);
}

static void test_matches_full_pinyin_initials_and_characters(void **state)
{
    const char *name = "常州嘉森人造板有限公司";
    assert_true(pinyin_matches(name, "jiasen"));
    assert_true(pinyin_matches(name, "JiaSen"));
    assert_true(pinyin_matches(name, "jia sen"));
    assert_true(pinyin_matches(name, "jsrzb"));
    assert_true(pinyin_matches(name, "jiasrzb")); /* full and initials mixed */
    assert_true(pinyin_matches(name, "changzhou"));
    assert_true(pinyin_matches(name, "czjs"));   /* zh by its first letter */
    assert_true(pinyin_matches(name, "chzhjs")); /* ... or by both */
    /* not by another part of a syllable: xia is not a piece of xian */
    assert_false(pinyin_matches(name, "xia"));
    assert_false(pinyin_matches(name, "jiase"));
    assert_true(pinyin_matches(name, "嘉森"));
    assert_true(pinyin_matches(name, "嘉sen"));
    assert_true(pinyin_matches(name, ""));
    /* consecutive characters only, each from the start of its syllable */
    assert_false(pinyin_matches(name, "jiazhou"));
    assert_false(pinyin_matches(name, "iasen"));
    assert_false(pinyin_matches(name, "jsx"));
    assert_false(pinyin_matches(name, "森嘉"));
    /* ASCII in a name matches itself; a polyphone its one reading */
    assert_true(pinyin_matches("A区3号楼", "a"));
    assert_true(pinyin_matches("A区3号楼", "3hao"));
    assert_true(pinyin_matches("重庆路", "zhongqing"));
    assert_false(pinyin_matches("", "a"));
}

static void test_syllables(void **state)
{
    char *s = pinyin_of("嘉泽镇A-1");
    assert_string_equal(s, "jia ze zhen a - 1");
    free(s);
    s = pinyin_of("（晨山）");
    assert_string_equal(s, "（ chen shan ）");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_villages_in_pinyin_order),
        cmocka_unit_test(test_polyphonic_surnames_as_icu_sorts_them),
        cmocka_unit_test(test_mixed_scripts),
        cmocka_unit_test(test_matches_full_pinyin_initials_and_characters),
        cmocka_unit_test(test_syllables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
