/* model/assessment: an assessment file read and written again byte for
 * byte, every field typed, and bad files refused with positions. */
#include "harness.h"

#include "fixtures.h"
#include "model/assessment.h"
#include "util/strbuf.h"

#include <stdlib.h>

/* The mini plan, loaded for each test: the reader checks nothing against
 * it yet but takes it, as the meeting reader does. */
static plan P;

static int with_mini_plan(void **state)
{
    text_init_locale();
    load_mini_plan(&P);
    return 0;
}

static int without_plan(void **state)
{
    plan_free(&P);
    return 0;
}

static const char full[] =
    "year: 2026\n"
    "state: final\n"
    "day: 2026-12-20\n"
    "recorded: 2026-12-20T10:00:00+08:00\n"
    "by: 钱志锋\n"
    "plan:\n"
    "  id: mini\n"
    "  sha256: e0534cb7a34076866f01ee7f20e2086ed7fbcb40183c3ac23a5a2e4d3dded660\n"
    "data:\n"
    "  commit: \"32ec6033b41b5323cb705664c3709c48d118243b\"\n"
    "  uncommitted: true\n"
    "note: |\n"
    "  办公室复核\n"
    "  两行\n"
    "targets:\n"
    "  met: [T-iso, T-letters]\n"
    "  not_met: []\n"
    "  unknown: [T-rate]\n"
    "units:\n"
    "- id: town\n"
    "  kind: town\n"
    "  name: 测试镇\n"
    "  score: 50\n"
    "  grade: D\n"
    "  sections: {objectives: 10, measures: 40}\n"
    "  outcome: 限期整改\n"
    "  due: 2027-01-19\n"
    "- id: e1\n"
    "  kind: enterprise\n"
    "  name: 甲厂\n"
    "  score: 45.5\n"
    "  grade: D\n"
    "  rank: 2\n"
    "  sections: {objectives: 45.5, measures: 0}\n"
    "  note: \"yes\"\n"
    "- id: v9\n"
    "  kind: village\n"
    "  name: 九村\n";

static void test_roundtrip_byte_for_byte(void **state)
{
    diag_list dl = DIAG_LIST_INIT;
    assessment a;
    assert_true(assessment_parse(&a, &P, "a.yaml", 2026, full, sizeof full - 1, &dl));
    assert_int_equal(dl.count, 0);
    assert_true(a.final);
    assert_int_equal(a.year, 2026);
    assert_int_equal(a.n_units, 3);
    assert_int_equal(a.n_met, 2);
    assert_int_equal(a.n_not_met, 0);
    assert_true(a.uncommitted);
    const assess_unit *e1 = assessment_find_unit(&a, "e1");
    assert_non_null(e1);
    assert_true(e1->scored);
    assert_true(e1->score == 45.5);
    assert_int_equal(e1->rank, 2);
    assert_string_equal(e1->note, "yes");
    assert_int_equal(e1->n_sections, 2);
    assert_true(e1->due == ASSESSMENT_NO_DUE);
    const assess_unit *v9 = assessment_find_unit(&a, "v9");
    assert_false(v9->scored);
    assert_null(v9->grade);
    strbuf out = STRBUF_INIT;
    assert_true(assessment_write(&a, &out, "a.yaml", &dl));
    assert_string_equal(sb_str(&out), full);
    sb_free(&out);
    assessment_free(&a);
}

static void test_refused_with_positions(void **state)
{
    static const char bad[] = "year: 2025\n"
                              "state: done\n"
                              "day: 2026-02-30\n"
                              "colour: red\n"
                              "targets:\n"
                              "  met: [\"not an id\"]\n"
                              "units:\n"
                              "- id: Bad\n"
                              "  kind: city\n"
                              "- id: e1\n"
                              "  kind: enterprise\n"
                              "  score: high\n"
                              "  rank: 0\n"
                              "- id: e1\n"
                              "  kind: enterprise\n";
    diag_list dl = DIAG_LIST_INIT;
    assessment a;
    assert_false(assessment_parse(&a, &P, "a.yaml", 2026, bad, sizeof bad - 1, &dl));
    assert_diag(&dl, "2025", 1, 7);
    assert_diag(&dl, "done", 2, 8);
    assert_diag(&dl, "2026-02-30", 3, 6);
    assert_diag(&dl, "colour", 4, 1);
    assert_diag(&dl, "not an id", 6, 9);
    assert_diag(&dl, "Bad", 8, 7);
    assert_diag(&dl, "city", 9, 9);
    assert_diag(&dl, "score", 12, 10);
    assert_diag(&dl, "rank", 13, 9);
    assert_diag(&dl, "e1", 14, 7);
    assessment_free(&a);
    diag_clear(&dl);

    assert_false(assessment_parse(&a, &P, "a.yaml", 2026, "", 0, &dl));
    assert_diag(&dl, "empty", 1, 1);
    assessment_free(&a);
    diag_clear(&dl);
    assert_false(assessment_parse(&a, &P, "a.yaml", 2026, "a: &x 1\nb: *x\n", 14, &dl));
    assessment_free(&a);
    diag_clear(&dl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_roundtrip_byte_for_byte, with_mini_plan, without_plan),
        cmocka_unit_test_setup_teardown(test_refused_with_positions, with_mini_plan, without_plan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
