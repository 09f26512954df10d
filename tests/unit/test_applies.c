/* model/applies and the plan reader's `where:`: every operator, any-of
 * (a map and a list), what a missing attribute means for a check and for
 * an indicator, every refusal with its FILE:LINE:COLUMN, and a condition
 * written on one line (set --where). */
#include "harness.h"

#include "i18n/i18n.h"
#include "model/applies.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>

/* Line 1..10: the plan's head; checks from line 11 on, one per line, so
 * that a refusal's line is the check's. */
static const char head[] =
    "format: 1\n"
    "id: t\n"
    "document: {title: {zh: 题, en: T}, year: 2026}\n"
    "attributes:\n"
    "- {key: sales, type: number, for: [enterprise], title: {zh: 销售, en: Sales}}\n"
    "- {key: sector, type: string, for: [enterprise], values: [food, wood, services], title: "
    "{zh: 行业, en: Sector}}\n"
    "- {key: big, type: bool, for: [enterprise, village], title: {zh: 大, en: Big}}\n"
    "- {key: farm, type: bool, for: [village], title: {zh: 农, en: Farm}}\n"
    "scoring: {credit: {done: 1}, grades: [{grade: A, min: 0}]}\n"
    "sections:\n- id: s\n  title: {zh: 节, en: S}\n  items:\n  - id: I\n"
    "    title: {zh: 项, en: I}\n    text: {zh: 文, en: Text}\n    checks:\n";
#define FIRST_CHECK_LINE 18

static const char *const good_checks[] = {
    "    - {id: I.eq, title: {zh: 甲, en: A}, for: [enterprise], where: {sales: {eq: 2000}}}\n",
    "    - {id: I.ne, title: {zh: 甲, en: A}, for: [enterprise], where: {sector: {ne: food}}}\n",
    "    - {id: I.gt, title: {zh: 甲, en: A}, for: [enterprise], where: {sales: {gt: 2000}}}\n",
    "    - {id: I.ge, title: {zh: 甲, en: A}, for: [enterprise], where: {sales: {ge: 2000}}}\n",
    "    - {id: I.lt, title: {zh: 甲, en: A}, for: [enterprise], where: {sales: {lt: 2000}}}\n",
    "    - {id: I.le, title: {zh: 甲, en: A}, for: [enterprise], where: {sales: {le: 2000}}}\n",
    "    - {id: I.bare, title: {zh: 甲, en: A}, for: [enterprise], where: {big: true}}\n",
    "    - {id: I.any, title: {zh: 甲, en: A}, for: [enterprise], where: {sales: {ge: 100}, "
    "any-of: {big: true, sector: wood}}}\n",
    "    - {id: I.list, title: {zh: 甲, en: A}, for: [enterprise], where: {any-of: [{sector: "
    "food}, {sector: wood}]}}\n",
    "    - {id: I.both, title: {zh: 甲, en: A}, for: [enterprise, village], where: {big: true}}\n",
    NULL,
};

static void load(plan *p, const char *extra)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, head);
    for (size_t i = 0; good_checks[i]; i++)
        sb_puts(&sb, good_checks[i]);
    sb_puts(&sb, extra ? extra : "");
    diag_list dl = DIAG_LIST_INIT;
    if (!plan_parse(p, "p.yaml", sb_str(&sb), sb.len, &dl)) {
        diag_print(&dl, stderr);
        fail_msg("the plan does not load");
    }
    sb_free(&sb);
}

static unit *enterprise(const plan *p, const char *sales, const char *sector, const char *big)
{
    unit *u = unit_new(KIND_ENTERPRISE, "e", "E");
    diag_list dl = DIAG_LIST_INIT;
    if (sales)
        assert_true(unit_set_attr(u, p, "sales", sales, &dl));
    if (sector)
        assert_true(unit_set_attr(u, p, "sector", sector, &dl));
    if (big)
        assert_true(unit_set_attr(u, p, "big", big, &dl));
    return u;
}

static applies of(const plan *p, const unit *u, const char *check)
{
    return unit_applies(u, plan_find_check(p, check));
}

static void test_operators(void **state)
{
    plan p;
    load(&p, NULL);
    struct {
        const char *sales;
        applies eq, ne_food, gt, ge, lt, le;
    } cases[] = {
        {"1999", APPLIES_EXCLUDED, APPLIES_YES, APPLIES_EXCLUDED, APPLIES_EXCLUDED, APPLIES_YES,
         APPLIES_YES},
        {"2000", APPLIES_YES, APPLIES_YES, APPLIES_EXCLUDED, APPLIES_YES, APPLIES_EXCLUDED,
         APPLIES_YES},
        {"2000.5", APPLIES_EXCLUDED, APPLIES_YES, APPLIES_YES, APPLIES_YES, APPLIES_EXCLUDED,
         APPLIES_EXCLUDED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        unit *u = enterprise(&p, cases[i].sales, "wood", "false");
        assert_int_equal(of(&p, u, "I.eq"), cases[i].eq);
        assert_int_equal(of(&p, u, "I.ne"), cases[i].ne_food);
        assert_int_equal(of(&p, u, "I.gt"), cases[i].gt);
        assert_int_equal(of(&p, u, "I.ge"), cases[i].ge);
        assert_int_equal(of(&p, u, "I.lt"), cases[i].lt);
        assert_int_equal(of(&p, u, "I.le"), cases[i].le);
        assert_int_equal(of(&p, u, "I.bare"), APPLIES_EXCLUDED);
        unit_free(u);
    }
    unit *food = enterprise(&p, "5", "food", "true");
    assert_int_equal(of(&p, food, "I.ne"), APPLIES_EXCLUDED);
    assert_int_equal(of(&p, food, "I.bare"), APPLIES_YES);
    unit_free(food);
    plan_free(&p);
}

static void test_any_of(void **state)
{
    plan p;
    load(&p, NULL);
    unit *u = enterprise(&p, "500", "food", "false");
    assert_int_equal(of(&p, u, "I.any"), APPLIES_EXCLUDED); /* neither big nor wood */
    assert_int_equal(of(&p, u, "I.list"), APPLIES_YES);     /* food */
    unit_free(u);
    u = enterprise(&p, "500", "wood", "false");
    assert_int_equal(of(&p, u, "I.any"), APPLIES_YES);
    assert_int_equal(of(&p, u, "I.list"), APPLIES_YES);
    unit_free(u);
    u = enterprise(&p, "50", "wood", "true");
    assert_int_equal(of(&p, u, "I.any"), APPLIES_EXCLUDED); /* sales fails: all-of wins */
    unit_free(u);
    u = enterprise(&p, "500", "services", NULL);
    /* big unknown, sector fails: the any-of cannot be decided */
    assert_int_equal(of(&p, u, "I.any"), APPLIES_MISSING);
    assert_int_equal(of(&p, u, "I.list"), APPLIES_EXCLUDED);
    unit_free(u);
    plan_free(&p);
}

/* A missing attribute: the check is carried and the unit flagged; an
 * indicator's filter is not satisfied. */
static void test_missing(void **state)
{
    plan p;
    load(&p, NULL);
    unit *u = enterprise(&p, NULL, "wood", NULL);
    assert_int_equal(of(&p, u, "I.ge"), APPLIES_MISSING);
    assert_true(unit_carries(u, plan_find_check(&p, "I.ge")));
    assert_int_equal(filter_eval(&plan_find_check(&p, "I.ge")->where, u), FILTER_UNKNOWN);
    const plan_attribute *keys[4];
    assert_int_equal(unit_missing_attributes(u, &p, keys, 4), 2);
    assert_string_equal(keys[0]->key, "sales");
    assert_string_equal(keys[1]->key, "big");
    strbuf sb = STRBUF_INIT;
    filter_missing_keys(&plan_find_check(&p, "I.any")->where, u, &sb);
    assert_string_equal(sb_str(&sb), "sales, big");
    sb_free(&sb);
    /* setting it decides, and unsetting it again flags it again */
    diag_list dl = DIAG_LIST_INIT;
    assert_true(unit_set_attr(u, &p, "sales", "1500", &dl));
    assert_int_equal(of(&p, u, "I.ge"), APPLIES_EXCLUDED);
    assert_true(unit_unset_attr(u, &p, "sales"));
    assert_int_equal(of(&p, u, "I.ge"), APPLIES_MISSING);
    unit_free(u);
    /* a village carries I.both by its own `big`, never enterprise checks */
    unit *v = unit_new(KIND_VILLAGE, "v", "V");
    assert_int_equal(of(&p, v, "I.eq"), APPLIES_NOT_KIND);
    assert_int_equal(of(&p, v, "I.both"), APPLIES_MISSING);
    unit_free(v);
    plan_free(&p);
}

static void expect_refused(const char *check, const char *needle, int col)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, head);
    sb_puts(&sb, check);
    plan p;
    diag_list dl = DIAG_LIST_INIT;
    assert_false(plan_parse(&p, "p.yaml", sb_str(&sb), sb.len, &dl));
    assert_diag(&dl, needle, FIRST_CHECK_LINE, col);
    assert_string_equal(dl.items[0].file, "p.yaml");
    diag_clear(&dl);
    sb_free(&sb);
}

static void test_refusals(void **state)
{
    i18n_set_lang(LANG_EN);
    const char *c = "    - {id: I.x, title: {zh: 甲, en: A}, for: [enterprise], where: ";
    char *t;
#define REFUSED(where, needle, col)                                                                \
    t = xasprintf("%s%s}\n", c, where);                                                            \
    expect_refused(t, needle, col);                                                                \
    free(t)
    /* column of the where's value: 1-based, after "where: " */
    int w = (int)strlen(c) - 2 + 1; /* 甲 is one column of three bytes */
    REFUSED("{colour: red}", "unknown attribute 'colour'", w + 1);
    REFUSED("{sales: many}", "number", w + 8);
    REFUSED("{big: maybe}", "true or false", w + 6);
    REFUSED("{sales: {about: 3}}", "unknown operator 'about'", w + 9);
    REFUSED("{sector: {gt: food}}", "only a number attribute", w + 9);
    REFUSED("{big: {ge: true}}", "only a number attribute", w + 6);
    REFUSED("{sector: steel}", "not one of the values the plan lists for 'sector'", w + 9);
    REFUSED("{farm: true}", "'farm' is not defined for enterprise units", w + 1);
    REFUSED("{sales: {gt: 1, lt: 9}}", "exactly one operator", w + 8);
    REFUSED("{any-of: {big: true}}", "at least two conditions", w + 9);
    REFUSED("{any-of: {big: true, any-of: {sales: 1}}}", "cannot hold another", w + 21);
    REFUSED("{any-of: [{big: true, sales: 1}, {sector: food}]}", "one condition", w + 10);
    REFUSED("[big]", "where", w);
#undef REFUSED
    /* a village check filtered on an enterprise attribute */
    expect_refused(
        "    - {id: I.v, title: {zh: 甲, en: A}, for: [village, enterprise], where: {sales: 1}}\n",
        "'sales' is not defined for village units", w + 1 + 9);
    /* unscored needs its reason */
    expect_refused("    - {id: I.u, title: {zh: 甲, en: A}, for: [village], unscored: \"\"}\n",
                   "cannot be empty", w);
}

/* "KEY OP VALUE" on one line (set --where): each operator, the value
 * after the longest operator, and the texts that are not a condition. */
static void test_split_condition(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t key_len;
        cond_op op;
        const char *value;
    } good[] = {
        {"size=large", 4, OP_EQ, "large"}, {"size!=large", 4, OP_NE, "large"},
        {"sales>10", 5, OP_GT, "10"},      {"sales>=10", 5, OP_GE, "10"},
        {"sales<10", 5, OP_LT, "10"},      {"sales<=10", 5, OP_LE, "10"},
        {"name=a=b", 4, OP_EQ, "a=b"},     {"sales>==1", 5, OP_GE, "=1"},
        {"note=", 4, OP_EQ, ""},           {"s<=", 1, OP_LE, ""},
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        size_t key_len = 0;
        cond_op op = OP_EQ;
        const char *value = NULL;
        assert_true(filter_split_condition(good[i].text, &key_len, &op, &value));
        assert_int_equal(key_len, good[i].key_len);
        assert_int_equal(op, good[i].op);
        assert_string_equal(value, good[i].value);
    }
    static const char *const bad[] = {"size", "", "=large", "!=x", ">1", "size!large", "size!"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t key_len;
        cond_op op;
        const char *value;
        assert_false(filter_split_condition(bad[i], &key_len, &op, &value));
    }
}

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_operators),       cmocka_unit_test(test_any_of),
        cmocka_unit_test(test_missing),         cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_split_condition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
