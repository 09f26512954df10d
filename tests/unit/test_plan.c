/* model/plan: the default plan, traced to its source document, and the
 * plan reader's validation. */
#include "harness.h"

#include "fixtures.h"
#include "util/fsutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The source document with line breaks and blanks removed: an item's
 * paragraph may be split across lines in the original. */
static char *source_text(void)
{
    const char *root = getenv("QTOWN_SOURCE_ROOT");
    char *path = xasprintf("%s/data/source/jiaze-2016-quality-town.zh.txt", root ? root : ".");
    char *buf;
    size_t len;
    diag_list dl = DIAG_LIST_INIT;
    assert_int_equal(fs_read_file(path, 1 << 20, &buf, &len, NULL, &dl), FS_OK);
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < len; i++)
        if (buf[i] != '\n' && buf[i] != '\r' && buf[i] != ' ')
            sb_putc(&sb, buf[i]);
    free(buf);
    free(path);
    return sb_steal(&sb);
}

static void assert_traceable(const char *doc, const char *text, const char *what)
{
    if (!text || !*text)
        return;
    strbuf sb = STRBUF_INIT;
    for (const char *p = text; *p; p++)
        if (*p != '\n' && *p != ' ')
            sb_putc(&sb, *p);
    if (!strstr(doc, sb_str(&sb)))
        fail_msg("%s is not in the source document: %s", what, text);
    sb_free(&sb);
}

static void test_default_plan_shape(void **state)
{
    plan p;
    diag_list dl = DIAG_LIST_INIT;
    if (!plan_load_builtin(&p, "jiaze-2016", &dl))
        diag_print(&dl, stderr);
    assert_string_equal(p.id, "jiaze-2016");
    assert_string_equal(p.doc.number, "嘉政发〔2016〕7号");
    assert_string_equal(p.doc.leader, "薛健峰");
    assert_string_equal(p.doc.office_director, "钱志锋");
    assert_int_equal(p.doc.year, 2016);
    assert_int_equal(p.n_sections, 2);
    assert_int_equal(p.sections[0].n_items, 7);
    assert_int_equal(p.sections[1].n_items, 8);
    for (size_t s = 0; s < 2; s++)
        for (size_t i = 0; i < p.sections[s].n_items; i++) {
            const plan_item *it = &p.sections[s].items[i];
            char id[24];
            snprintf(id, sizeof id, "%c%zu", s == 0 ? 'O' : 'M', i + 1);
            assert_string_equal(it->id, id);
            assert_true(it->n_checks >= 3 && it->n_checks <= 8);
            assert_true(*it->title.zh && *it->title.en && *it->text.zh && *it->text.en);
            for (size_t c = 0; c < it->n_checks; c++)
                assert_true(it->checks[c].kinds != 0);
        }
    assert_true(p.n_indicators >= 15);
    assert_true(p.n_grades == 4);
    plan_free(&p);
}

static const plan_indicator *find_indicator_by_check(const plan *p, const char *check)
{
    for (size_t i = 0; i < p->n_indicators; i++)
        if (strcmp(p->indicators[i].check->id, check) == 0)
            return &p->indicators[i];
    return NULL;
}

/* Every town-wide target of the document is an indicator, as data. */
static void test_default_plan_targets(void **state)
{
    plan p;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(plan_load_builtin(&p, "jiaze-2016", &dl));
    const plan_indicator *ind = find_indicator_by_check(&p, "O1.town-pass-rate");
    assert_non_null(ind);
    assert_int_equal(ind->type, IND_COMPARE);
    assert_int_equal(ind->compare_op, OP_GT);
    ind = find_indicator_by_check(&p, "O2.changzhou-brand");
    /* "2-3" is what to strive for: at least 2 */
    assert_true(ind && ind->target.min == 2 && !ind->target.has_max);
    ind = find_indicator_by_check(&p, "O5.iso9000-14000");
    assert_true(ind && ind->type == IND_RATE && ind->target.min == 85);
    /* "2000万元以上" includes 2000, as "98%以上" includes 98 */
    bool sales_filter = false;
    for (size_t i = 0; i < ind->where.n_all; i++)
        sales_filter |= strcmp(ind->where.all[i].attr, "annual_sales_wan") == 0 &&
                        ind->where.all[i].op == OP_GE && ind->where.all[i].number == 2000;
    assert_true(sales_filter);
    ind = find_indicator_by_check(&p, "O6.participants");
    assert_true(ind && ind->type == IND_SUM && ind->target.min == 60);
    plan_free(&p);
}

static void test_default_plan_is_traceable(void **state)
{
    plan p;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(plan_load_builtin(&p, "jiaze-2016", &dl));
    char *doc = source_text();
    assert_traceable(doc, p.doc.title.zh, "the title");
    assert_traceable(doc, p.doc.number, "the number");
    assert_traceable(doc, p.doc.guiding_idea.zh, "the guiding idea");
    assert_traceable(doc, p.doc.duties.zh, "the office's duties");
    for (size_t s = 0; s < p.n_sections; s++)
        for (size_t i = 0; i < p.sections[s].n_items; i++) {
            const plan_item *it = &p.sections[s].items[i];
            assert_traceable(doc, it->text.zh, it->id);
            for (size_t c = 0; c < it->n_checks; c++)
                assert_traceable(doc, it->checks[c].source, it->checks[c].id);
        }
    for (size_t i = 0; i < p.n_indicators; i++) {
        assert_non_null(p.indicators[i].source);
        assert_traceable(doc, p.indicators[i].source, p.indicators[i].id);
    }
    assert_traceable(doc, p.doc.programme.zh, "the programme");
    /* the responsibility letters: every task and target, in the
     * document's words */
    assert_int_equal(p.n_letters, 2);
    for (size_t l = 0; l < p.n_letters; l++) {
        const plan_letter *pl = &p.letters[l];
        assert_non_null(pl->source);
        assert_traceable(doc, pl->source, "a letter");
        assert_traceable(doc, pl->closing_source, "a letter's closing");
        assert_true(pl->n_tasks > 0 && pl->n_targets > 0);
        for (size_t t = 0; t < pl->n_tasks; t++) {
            assert_non_null(pl->tasks[t].source);
            assert_traceable(doc, pl->tasks[t].source, "a letter's task");
            assert_true(pl->tasks[t].n_checks > 0);
        }
        for (size_t t = 0; t < pl->n_targets; t++) {
            assert_non_null(pl->targets[t].source);
            assert_traceable(doc, pl->targets[t].source, pl->targets[t].check->id);
        }
    }
    assert_traceable(doc, p.assessment.source, "the assessment");
    assert_int_equal(p.assessment.n_outcomes, p.n_grades);
    free(doc);
    plan_free(&p);
}

/* What the programme's year adds to the plan: letters per kind, the
 * assessment's outcomes per grade, the one check counted from meetings. */
static void test_programme_year(void **state)
{
    plan p;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(plan_load_builtin(&p, "jiaze-2016", &dl));
    const plan_letter *v = plan_letter_for(&p, KIND_VILLAGE);
    const plan_letter *e = plan_letter_for(&p, KIND_ENTERPRISE);
    assert_true(v && e && v != e);
    assert_null(plan_letter_for(&p, KIND_TOWN));
    const plan_outcome *d = plan_outcome_for(&p, "D");
    assert_true(d && d->due_days == 30);
    assert_string_equal(d->text.zh, "考核不合格，通报批评，限期提交整改方案");
    assert_null(plan_outcome_for(&p, "E"));
    const plan_check *m = plan_counted_check(&p, COUNT_MEETINGS);
    assert_true(m && strcmp(m->id, "M1.work-meetings") == 0);
    plan_free(&p);

    /* refusals, each at its place */
    static const char bad[] =
        "format: 1\nid: t\ndocument: {title: T, year: 2016}\n"
        "scoring:\n  sections: {s: 100}\n  credit: {done: 1}\n  grades: [{grade: A, min: 0}]\n"
        "sections:\n- id: s\n  title: S\n  items:\n  - id: I\n    title: I\n    text: I\n"
        "    checks:\n    - {id: I.a, title: A, for: [village]}\n"
        "    - {id: I.n, title: N, for: [village], value: {unit: x}, counted: meetings}\n"
        "    - {id: I.m, title: M, for: [town], value: {unit: x}, counted: visits}\n"
        "letters:\n- for: [town]\n  title: L\n"
        "- for: [village]\n  title: L\n  targets: [{check: I.a, text: A, target: {min: 1}}]\n"
        "  tasks: [{text: T, checks: [I.zz]}]\n"
        "assessment:\n  outcomes: [{grade: B, text: X}]\n";
    assert_false(plan_parse(&p, "bad.yaml", bad, sizeof bad - 1, &dl));
    assert_diag(&dl, "only a numeric town check", 17, 70);
    assert_diag(&dl, "'counted' is 'meetings', not 'visits'", 18, 67);
    assert_diag(&dl, "not the town", 20, 8);
    assert_diag(&dl, "needs a numeric check", 24, 43);
    assert_diag(&dl, "unknown check 'I.zz'", 25, 30);
    assert_diag(&dl, "'B' is not a grade", 27, 22);
    diag_clear(&dl);
}

static void test_lookup(void **state)
{
    plan p;
    load_mini_plan(&p);
    const plan_check *c = plan_find_check(&p, "O2.people");
    assert_non_null(c);
    assert_true(c->numeric);
    assert_true(c->target.has_min && c->target.min == 60);
    assert_string_equal(plan_check_item(&p, c)->id, "O2");
    assert_null(plan_find_check(&p, "O2.nobody"));
    assert_int_equal(plan_count_checks_for(&p, KIND_ENTERPRISE), 3);
    assert_string_equal(plan_grade_for(&p, 90), "A");
    assert_string_equal(plan_grade_for(&p, 89.9), "B");
    assert_string_equal(plan_grade_for(&p, 59.99), "D");
    plan_free(&p);
}

/* "Did you mean": another case, a part of an id or title, a few typos;
 * best first, in plan order among equals, never more than asked. */
static void test_suggest_checks(void **state)
{
    plan p;
    load_mini_plan(&p);
    const plan_check *got[3];
    assert_int_equal(plan_suggest_checks(&p, "o2.PEOPLE", got, 3), 1);
    assert_string_equal(got[0]->id, "O2.people");
    assert_int_equal(plan_suggest_checks(&p, "O2.peple", got, 3), 1); /* a typo */
    assert_string_equal(got[0]->id, "O2.people");
    assert_int_equal(plan_suggest_checks(&p, "people", got, 3), 1); /* the part after the item */
    assert_string_equal(got[0]->id, "O2.people");
    assert_int_equal(plan_suggest_checks(&p, "ISO", got, 3), 1); /* in an id and a title */
    assert_string_equal(got[0]->id, "O1.iso");
    assert_int_equal(plan_suggest_checks(&p, "合格率", got, 3), 2); /* Chinese titles */
    assert_string_equal(got[0]->id, "O1.rate");
    assert_string_equal(got[1]->id, "O1.district");
    assert_int_equal(plan_suggest_checks(&p, "O1", got, 2), 2); /* at most 2 asked */
    assert_string_equal(got[0]->id, "O1.iso");
    assert_int_equal(plan_suggest_checks(&p, "zzzzzz", got, 3), 0);
    assert_int_equal(plan_suggest_checks(&p, "O1.rate", got, 0), 0);
    plan_free(&p);
}

/* A small valid plan, edited by each refusal test. */
static const char base_plan[] =
    "format: 1\nid: t\ndocument: {title: {zh: 题, en: T}, year: 2026}\n"
    "attributes:\n- {key: big, type: bool, for: [enterprise], title: {zh: 大, en: Big}}\n"
    "scoring: {credit: {done: 1}, grades: [{grade: A, min: 0}]}\n"
    "sections:\n- id: s\n  title: {zh: 节, en: S}\n  items:\n  - id: I1\n"
    "    title: {zh: 项, en: I}\n    text: {zh: 文, en: Text}\n    checks:\n"
    "    - {id: I1.a, title: {zh: 甲, en: A}, for: [enterprise]}\n"
    "    - {id: I1.n, title: {zh: 数, en: N}, for: [town], value: {unit: {zh: 人, en: people}}}\n";

static void expect_plan_refused(const char *extra, const char *needle)
{
    char *text = xasprintf("%s%s", base_plan, extra);
    plan p;
    diag_list dl = DIAG_LIST_INIT;
    assert_false(plan_parse(&p, "p.yaml", text, strlen(text), &dl));
    assert_diag(&dl, needle, 0, 0);
    for (size_t i = 0; i < dl.count; i++)
        assert_true(dl.items[i].line > 0);
    diag_clear(&dl);
    free(text);
}

static void test_plan_refusals(void **state)
{
    plan p;
    diag_list dl = DIAG_LIST_INIT;
    if (!plan_parse(&p, "p.yaml", base_plan, strlen(base_plan), &dl))
        diag_print(&dl, stderr);
    plan_free(&p);
    expect_plan_refused("extra: 1\n", "unknown key 'extra'");
    expect_plan_refused("    - {id: I2.x, title: {zh: 乙, en: B}, for: [village]}\n",
                        "must start with its item's id");
    expect_plan_refused("    - {id: I1.a, title: {zh: 乙, en: B}, for: [village]}\n", "used twice");
    expect_plan_refused("    - {id: I1.b, title: {zh: 乙, en: B}, for: [city]}\n",
                        "unknown kind of unit 'city'");
    expect_plan_refused(
        "    - {id: I1.b, title: {zh: 乙, en: B}, for: [village], target: {min: 1}}\n",
        "only a numeric check");
    expect_plan_refused("    - {id: I1.b, title: {zh: 乙}, for: [village]}\n", "has no 'en'");
    expect_plan_refused("indicators:\n- {id: T1, title: {zh: 指, en: T}, type: count, check: "
                        "I1.zz, units: enterprise, target: {min: 1}}\n",
                        "unknown check 'I1.zz'");
    expect_plan_refused("indicators:\n- {id: T1, title: {zh: 指, en: T}, type: count, check: I1.a, "
                        "units: village, target: {min: 1}}\n",
                        "not carried by village");
    expect_plan_refused("indicators:\n- {id: T1, title: {zh: 指, en: T}, type: sum, check: I1.a, "
                        "units: enterprise, target: {min: 1}}\n",
                        "a sum needs a numeric check");
    expect_plan_refused("indicators:\n- {id: T1, title: {zh: 指, en: T}, type: rate, check: I1.a, "
                        "units: enterprise, where: {colour: red}, target: {min: 1}}\n",
                        "unknown attribute 'colour'");
    expect_plan_refused("indicators:\n- {id: T1, title: {zh: 指, en: T}, type: rate, check: I1.a, "
                        "units: enterprise, where: {big: {gt: 1}}, target: {min: 1}}\n",
                        "only a number attribute");
    expect_plan_refused("indicators:\n- {id: T1, title: {zh: 指, en: T}, type: compare, check: "
                        "I1.n, units: town, target: {op: gt}}\n",
                        "needs 'against'");
    expect_plan_refused("indicators:\n- {id: T1, title: {zh: 指, en: T}, type: rate, check: I1.a, "
                        "units: enterprise, target: {}}\n",
                        "needs min, max or both");
    expect_plan_refused("indicators:\n- {id: T1, title: {zh: 指, en: T}, type: average, check: "
                        "I1.a, units: enterprise, target: {min: 1}}\n",
                        "unknown indicator type 'average'");
    char *v2 = xstrdup(base_plan);
    v2[8] = '2';
    assert_false(plan_parse(&p, "p.yaml", v2, strlen(v2), &dl));
    assert_diag(&dl, "plan format 2 is not known", 1, 9);
    diag_clear(&dl);
    free(v2);
}

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_plan_shape),
        cmocka_unit_test(test_default_plan_targets),
        cmocka_unit_test(test_default_plan_is_traceable),
        cmocka_unit_test(test_programme_year),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_suggest_checks),
        cmocka_unit_test(test_plan_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
