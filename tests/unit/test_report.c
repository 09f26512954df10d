/* report/indicators, score, overview on the fixture workspace
 * tests/data/report-ws, whose expected figures are computed by hand in
 * tests/data/report-ws/README.md; and scores at the grade edges. */
#include "harness.h"

#include "i18n/i18n.h"
#include "model/summary.h"
#include "model/workspace.h"
#include "report/format.h"
#include "report/overview.h"
#include "report/score.h"

#include <stdint.h>
#include <stdlib.h>

static workspace ws;
static overview ov;

static int load_fixture(void **state)
{
    const char *data = getenv("QTOWN_TEST_DATA");
    char *root = fs_join(data ? data : "tests/data", "report-ws");
    diag_list dl = DIAG_LIST_INIT;
    bool ok = workspace_open(&ws, root, &dl) && workspace_load_units(&ws, &dl);
    free(root);
    if (!ok) {
        diag_print(&dl, stderr);
        return -1;
    }
    overview_build(&ov, &ws);
    i18n_set_lang(LANG_EN);
    return 0;
}

static int free_fixture(void **state)
{
    overview_free(&ov);
    workspace_close(&ws);
    return 0;
}

static const ind_result *target(const char *id)
{
    for (size_t i = 0; i < ov.n_targets; i++)
        if (strcmp(ov.targets[i].ind->id, id) == 0)
            return &ov.targets[i];
    fail_msg("no indicator %s", id);
    return NULL;
}

static size_t unit_index(const char *id)
{
    for (size_t i = 0; i < ws.n_units; i++)
        if (strcmp(ws.units[i].id, id) == 0)
            return i;
    fail_msg("no unit %s", id);
    return SIZE_MAX;
}

/* The outcome of one unit behind a target; -1 when not in its filter. */
static int outcome_of(const ind_result *r, const char *unit_id)
{
    size_t u = unit_index(unit_id), n;
    ind_unit *units = indicator_units(&ws, r->ind, &n);
    int found = -1;
    for (size_t i = 0; i < n; i++)
        if (units[i].unit == u)
            found = (int)units[i].outcome;
    free(units);
    return found;
}

static void test_rate_exactly_at_target(void **state)
{
    const ind_result *r = target("T-iso-rate");
    /* epsilon's sales are exactly 2000: not > 2000; zeta is not industrial */
    assert_int_equal(r->in_filter, 4);
    assert_int_equal(r->meeting, 3);
    assert_true(r->actual == 75.0);
    assert_int_equal(r->verdict, VERDICT_MET);
    assert_int_equal(outcome_of(r, "delta"), OUTCOME_MISSES);
    assert_int_equal(outcome_of(r, "epsilon"), -1);
    assert_int_equal(outcome_of(r, "zeta"), -1);
}

static void test_missing_attribute_is_out_of_filter(void **state)
{
    const ind_result *r = target("T-ne-missing");
    /* size ne small: beta is small, delta has no size at all */
    assert_int_equal(outcome_of(r, "delta"), -1);
    assert_int_equal(outcome_of(r, "beta"), -1);
    assert_int_equal(r->in_filter, 4);
    assert_true(r->actual == 75.0);
    assert_int_equal(r->verdict, VERDICT_NOT_MET);
    assert_int_equal(outcome_of(r, "epsilon"), OUTCOME_MISSES);
    const ind_result *h = target("T-households");
    assert_int_equal(outcome_of(h, "dongpo"), -1);             /* no households */
    assert_int_equal(outcome_of(h, "chenjia"), -1);            /* 80 < 100 */
    assert_int_equal(outcome_of(h, "baishui"), OUTCOME_MEETS); /* exactly 100 */
    assert_true(h->actual == 2.0);
    assert_int_equal(h->verdict, VERDICT_MET);
}

static void test_compare(void **state)
{
    const ind_result *r = target("T-compare");
    assert_true(r->has_actual && r->actual == 96.8);
    assert_true(r->has_reference && r->reference == 95.2);
    assert_int_equal(r->verdict, VERDICT_MET);
    const ind_result *u = target("T-compare-unknown");
    assert_true(u->has_actual);
    assert_false(u->has_reference);
    assert_int_equal(u->verdict, VERDICT_UNKNOWN);
    assert_int_equal(u->why, UNKNOWN_NO_VALUE);
}

static void test_count(void **state)
{
    const ind_result *r = target("T-brand-count");
    assert_true(r->actual == 2.0); /* exactly the minimum of 2-3 */
    assert_int_equal(r->na, 2);
    assert_int_equal(r->verdict, VERDICT_MET);
    const ind_result *e = target("T-brand-large");
    assert_int_equal(e->in_filter, 0);
    assert_int_equal(e->verdict, VERDICT_UNKNOWN);
    assert_int_equal(e->why, UNKNOWN_NO_UNITS);
}

static void test_count_by_value(void **state)
{
    const ind_result *r = target("T-meetings");
    assert_int_equal(outcome_of(r, "anshan"), OUTCOME_MEETS); /* exactly 4 */
    assert_int_equal(outcome_of(r, "baishui"), OUTCOME_MISSES);
    assert_int_equal(outcome_of(r, "chenjia"), OUTCOME_NO_VALUE);
    assert_int_equal(outcome_of(r, "dongpo"), OUTCOME_MEETS); /* doing, but 5 */
    assert_true(r->actual == 2.0);
    assert_int_equal(r->verdict, VERDICT_MET);
}

static void test_sum(void **state)
{
    const ind_result *r = target("T-adoptions");
    assert_true(r->actual == 1.5); /* delta's 10 is n/a: left out */
    assert_int_equal(r->no_value, 3);
    assert_int_equal(r->na, 1);
    assert_int_equal(outcome_of(r, "delta"), OUTCOME_NA);
    assert_int_equal(outcome_of(r, "alpha"), OUTCOME_VALUE);
    assert_int_equal(r->verdict, VERDICT_MET);
    const ind_result *p = target("T-people");
    assert_true(p->actual == 60.0);
    assert_int_equal(p->verdict, VERDICT_MET); /* exactly at >= 60 */
    const ind_result *n = target("T-no-values");
    assert_false(n->has_actual);
    assert_int_equal(n->verdict, VERDICT_UNKNOWN);
    assert_int_equal(n->why, UNKNOWN_NO_VALUE);
}

static void test_rate_excludes_na(void **state)
{
    const ind_result *r = target("T-letters");
    assert_int_equal(r->in_filter, 4);
    assert_int_equal(r->na, 1);
    assert_int_equal(r->meeting, 2);
    assert_true(r->actual > 66.66 && r->actual < 66.67);
    assert_int_equal(r->verdict, VERDICT_NOT_MET);
    strbuf sb = STRBUF_INIT;
    fmt_target_actual(&sb, r, LANG_EN);
    assert_string_equal(sb_str(&sb), "66.6% (2/3)"); /* cut, never rounded up */
    sb_free(&sb);
    const ind_result *e = target("T-equipment");
    assert_int_equal(e->verdict, VERDICT_UNKNOWN);
    assert_int_equal(e->why, UNKNOWN_ALL_NA);
}

static void test_summary_counts(void **state)
{
    assert_int_equal(ov.n_targets, 13);
    assert_int_equal(ov.targets_met, 7);
    assert_int_equal(ov.targets_not_met, 2);
    assert_int_equal(ov.targets_unknown, 4);
    assert_int_equal(ov.n_broken, 0);
}

static double points_of(const char *id)
{
    const ov_unit *ou = &ov.units[unit_index(id)];
    assert_true(ou->score.scored);
    return ou->score.points;
}

static void test_unit_scores(void **state)
{
    assert_true(points_of("anshan") == 100.0);
    assert_true(points_of("baishui") == 82.9); /* 60 + 40 * 4/7: meetings capped */
    assert_true(points_of("chenjia") == 49.2); /* 60 * 1.5/4 + 40 * 4/6 */
    assert_true(points_of("dongpo") == 71.4);  /* only measures apply: 100 * 5/7 */
    assert_true(points_of("alpha") == 85.0);
    assert_true(points_of("zeta") == 60.0); /* exactly the C edge */
    assert_string_equal(ov.units[unit_index("zeta")].score.grade, "C");
    assert_true(points_of("beta") == 50.0);
    assert_true(points_of("gamma") == 22.5);
    assert_true(points_of("delta") == 0.0);
    const ov_unit *d = &ov.units[unit_index("dongpo")];
    assert_true(d->section_max[0] == 0 && d->section_max[1] == 100.0);
}

static void test_town_score(void **state)
{
    /* objectives: own checks 2.5 of 4, targets 5 of 8 (one left out);
     * measures: own check 1 of 1, targets 2 of 3 (one left out) */
    const ov_unit *t = &ov.units[ov.town];
    assert_true(t->score.points == 67.5);
    assert_string_equal(t->score.grade, "C");
    assert_true(t->section_points[0] == 37.5);
    assert_true(t->section_points[1] == 30.0);
}

static void test_ranking(void **state)
{
    static const char *const villages[] = {"anshan", "baishui", "dongpo", "chenjia"};
    assert_int_equal(ov.n_villages, 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(ws.units[ov.villages[i]].id, villages[i]);
    /* equal scores share a rank, and are in pinyin order of their names:
     * 艾普西隆 (ai) before 德尔塔 (de) */
    static const char *const enterprises[] = {"alpha", "zeta", "beta", "gamma", "epsilon", "delta"};
    static const int ranks[] = {1, 2, 3, 4, 5, 5};
    assert_int_equal(ov.n_enterprises, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(ws.units[ov.enterprises[i]].id, enterprises[i]);
        assert_int_equal(ov.units[ov.enterprises[i]].rank, ranks[i]);
    }
    /* grade D lags: chenjia; then beta, gamma, delta, epsilon, worst first */
    assert_int_equal(ov.n_lagging, 5);
    assert_string_equal(ws.units[ov.lagging[0]].id, "chenjia");
    assert_string_equal(ws.units[ov.lagging[4]].id, "beta");
}

/* Equal scores rank in pinyin order of the names, as the unit list sorts
 * them, before the ids decide: 丰杨村 (feng) after 晨山村 (chen), although
 * its id comes first and 丰 comes first by code point. */
static void test_ties_in_pinyin_order(void **state)
{
    unit_score same = {.scored = true, .points = 80, .grade = "B"};
    unit_score best = {.scored = true, .points = 90, .grade = "A"};
    score_entry e[] = {
        {.unit = 0, .id = "a-fengyang", .name = "丰杨村", .score = same},
        {.unit = 1, .id = "b-chenshan", .name = "晨山村", .score = same},
        {.unit = 2, .id = "c-guanzhuang", .name = "观庄村", .score = same},
        {.unit = 3, .id = "d-xicheng", .name = "西城村", .score = best},
        {.unit = 4, .id = "e-twin", .name = "晨山村", .score = same}, /* same name: by id */
    };
    score_rank(e, 5);
    static const size_t order[] = {3, 1, 4, 0, 2};
    static const int ranks[] = {1, 2, 2, 2, 2};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(e[i].unit, order[i]);
        assert_int_equal(e[i].rank, ranks[i]);
    }
}

static void test_failures_and_items(void **state)
{
    static const char *const who[] = {"chenjia", "delta", "gamma"};
    static const char *const what[] = {"O3.clean", "O1.iso", "M1.letter"};
    assert_int_equal(ov.n_failures, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(ws.units[ov.failures[i].unit].id, who[i]);
        assert_string_equal(ov.failures[i].check->id, what[i]);
    }
    const ov_item *o3 = &ov.items[2];
    assert_string_equal(o3->item->id, "O3");
    assert_int_equal(o3->total.applicable, 6);
    assert_int_equal(o3->total.done, 4);
    assert_int_equal(o3->total.doing, 1);
    assert_int_equal(o3->total.failed, 1);
    assert_int_equal(o3->total.na, 2);
    unit_progress c = overview_unit_item(&ov, unit_index("chenjia"), 2);
    assert_int_equal(c.applicable, 2); /* the matrix cell chenjia x O3 */
    assert_int_equal(c.done, 0);
}

/* ---- grade edges, on units made in memory ------------------------------ */

/* A village with the fixture plan's checks set: objectives O3.clean (w 1)
 * and O3.patrol (w 3); measures M1.letter (1), M1.equipment (1),
 * M1.meetings (2, target >= 4), M1.plan (4). */
static unit_score village(const char *const statuses[6], double meetings_value)
{
    static const char *const ids[6] = {"O3.clean",     "O3.patrol",   "M1.letter",
                                       "M1.equipment", "M1.meetings", "M1.plan"};
    unit *u = unit_new(KIND_VILLAGE, "v", "v");
    for (int i = 0; i < 6; i++) {
        const plan_check *pc = plan_find_check(&ws.plan, ids[i]);
        check_state *cs = unit_check_state(u, pc);
        assert_true(status_parse(statuses[i], &cs->status));
        if (pc->numeric && meetings_value >= 0) {
            cs->has_value = true;
            cs->value = meetings_value;
        }
    }
    arena *mem = arena_new(1024);
    unit_score s = score_unit(&ws.plan, summary_of(u, &ws.plan, mem), NULL, 0, NULL, NULL);
    arena_free(mem);
    unit_free(u);
    return s;
}

/* Each case: the six statuses, the meetings value (-1: none), the score
 * computed by hand and its grade. */
static void test_grade_edges(void **state)
{
    static const struct {
        const char *st[6];
        double meetings;
        double points;
        const char *grade;
    } cases[] = {
        /* 60 + 40 * (1 + 0 + 1 + 4)/8: meetings done without a value is
         * capped at the doing credit (1 of its weight 2) -> exactly 90 */
        {{"done", "done", "done", "todo", "done", "done"}, -1, 90.0, "A"},
        /* the same with the value meeting its target: 60 + 40 * 7/8 */
        {{"done", "done", "done", "todo", "done", "done"}, 4, 95.0, "A"},
        /* 60 + 40 * (0.5 + 1 + 2 + 2)/8 = 87.5: just below A */
        {{"done", "done", "doing", "done", "done", "doing"}, 4, 87.5, "B"},
        /* 60 + 40 * (0 + 0 + 2 + 2)/8 = 80 */
        {{"done", "done", "todo", "todo", "done", "doing"}, 4, 80.0, "B"},
        /* 60 + 40 * (0.5 + 1 + 2 + 0)/8 = 77.5 */
        {{"done", "done", "doing", "done", "done", "todo"}, 4, 77.5, "C"},
        /* todo with a value meeting the target earns nothing: exactly 60 */
        {{"done", "done", "failed", "todo", "todo", "todo"}, 9, 60.0, "C"},
        /* 60 * (1 + 1.5)/4 + 40 * (2 + 2)/8 = 37.5 + 20 = 57.5 */
        {{"done", "doing", "todo", "todo", "done", "doing"}, 4, 57.5, "D"},
        /* doing with a value meeting the target: the doing credit.
         * 60 + 40 * (1 + 1 + 1 + 4)/8 */
        {{"done", "done", "done", "done", "doing", "done"}, 4, 95.0, "A"},
        /* n/a leaves the weight out: 60 * 2.5/4 + 40 * 5/7 = 66.07 */
        {{"done", "doing", "done", "na", "done", "doing"}, 4, 66.1, "C"},
        /* a whole section n/a: only measures count, 100 * (1 + 2 + 4)/8 */
        {{"na", "na", "done", "todo", "done", "done"}, 4, 87.5, "B"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        unit_score s = village(cases[i].st, cases[i].meetings);
        if (!s.scored || s.points != cases[i].points || strcmp(s.grade, cases[i].grade) != 0)
            fail_msg("case %zu: %.2f %s, expected %.2f %s", i, s.points, s.grade, cases[i].points,
                     cases[i].grade);
    }
    const char *const none[] = {"na", "na", "na", "na", "na", "na"};
    unit_score s = village(none, -1);
    assert_false(s.scored);
    assert_string_equal(s.grade, "");
}

static void test_rounding_and_grade_table(void **state)
{
    assert_true(score_round(89.94) == 89.9);
    assert_true(score_round(89.95) == 90.0);
    assert_string_equal(plan_grade_for(&ws.plan, score_round(89.94)), "B");
    assert_string_equal(plan_grade_for(&ws.plan, score_round(89.96)), "A");
    assert_string_equal(plan_grade_for(&ws.plan, 80.0), "B");
    assert_string_equal(plan_grade_for(&ws.plan, 79.9), "C");
    assert_string_equal(plan_grade_for(&ws.plan, 60.0), "C");
    assert_string_equal(plan_grade_for(&ws.plan, 59.9), "D");
    assert_string_equal(plan_grade_for(&ws.plan, 0.0), "D");
}

static void test_credit_of_numeric_target(void **state)
{
    const plan_check *pc = plan_find_check(&ws.plan, "M1.meetings");
    check_state cs = {.check = pc, .status = STATUS_DONE, .has_value = true, .value = 4};
    assert_true(score_check_credit(&ws.plan, pc, &cs) == 1.0);
    cs.value = 3.99;
    assert_true(score_check_credit(&ws.plan, pc, &cs) == 0.5);
    cs.has_value = false;
    assert_true(score_check_credit(&ws.plan, pc, &cs) == 0.5);
    cs.status = STATUS_FAILED;
    cs.has_value = true;
    cs.value = 10;
    assert_true(score_check_credit(&ws.plan, pc, &cs) == 0.0); /* the status rules */
    assert_true(score_check_credit(&ws.plan, pc, NULL) == 0.0);
}

static void test_bar(void **state)
{
    strbuf sb = STRBUF_INIT;
    unit_progress pr = {.applicable = 10, .done = 5, .doing = 2};
    fmt_bar(&sb, &pr, 10);
    assert_string_equal(sb_str(&sb), "#####==...");
    sb_reset(&sb);
    unit_progress empty = {0};
    fmt_bar(&sb, &empty, 4);
    assert_string_equal(sb_str(&sb), "....");
    sb_free(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate_exactly_at_target),
        cmocka_unit_test(test_missing_attribute_is_out_of_filter),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_count_by_value),
        cmocka_unit_test(test_sum),
        cmocka_unit_test(test_rate_excludes_na),
        cmocka_unit_test(test_summary_counts),
        cmocka_unit_test(test_unit_scores),
        cmocka_unit_test(test_town_score),
        cmocka_unit_test(test_ranking),
        cmocka_unit_test(test_ties_in_pinyin_order),
        cmocka_unit_test(test_failures_and_items),
        cmocka_unit_test(test_grade_edges),
        cmocka_unit_test(test_rounding_and_grade_table),
        cmocka_unit_test(test_credit_of_numeric_target),
        cmocka_unit_test(test_bar),
    };
    return cmocka_run_group_tests(tests, load_fixture, free_fixture);
}
