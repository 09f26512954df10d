/* report/indicators: which units an indicator's filter selects (kind and
 * `where:` conditions, all of them, and one of `any-of:`), at the edges of
 * every operator, for each type of attribute, and for units that lack the
 * attribute (never selected, even by `ne`).  The figures over a whole workspace are in
 * test_report.c. */
#include "harness.h"

#include "fixtures.h"
#include "model/summary.h"
#include "report/indicators.h"
#include "util/fsutil.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static plan P;

/* The mini plan with these indicators instead of its own. */
static const char indicators[] =
    "indicators:\n"
    "- {id: gt, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1},\n"
    "   where: {annual_sales_wan: {gt: 2000}}}\n"
    "- {id: ge, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1},\n"
    "   where: {annual_sales_wan: {ge: 2000}}}\n"
    "- {id: lt, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1},\n"
    "   where: {annual_sales_wan: {lt: 2000}}}\n"
    "- {id: le, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1},\n"
    "   where: {annual_sales_wan: {le: 2000}}}\n"
    "- {id: eq, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1},\n"
    "   where: {annual_sales_wan: 2000}}\n"
    "- {id: ne, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1},\n"
    "   where: {annual_sales_wan: {ne: 2000}}}\n"
    "- {id: bool, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1},\n"
    "   where: {industrial: true}}\n"
    "- {id: bool-ne, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1},\n"
    "   where: {industrial: {ne: true}}}\n"
    "- {id: text, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1},\n"
    "   where: {size: small}}\n"
    "- {id: text-ne, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1},\n"
    "   where: {size: {ne: small}}}\n"
    "- {id: and, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1},\n"
    "   where: {industrial: true, annual_sales_wan: {ge: 2000}}}\n"
    "- {id: all, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1}}\n"
    "- {id: any, title: x, type: count, check: O1.iso, units: enterprise, target: {min: 1},\n"
    "   where: {any-of: [{size: small}, {annual_sales_wan: {lt: 2000}}]}}\n"
    "- {id: all-and-any, title: x, type: count, check: O1.iso, units: enterprise,\n"
    "   target: {min: 1}, where: {industrial: false, any-of: [{size: small}, {size: large}]}}\n"
    "- {id: village, title: x, type: count, check: M1.letter, units: village, target: {min: 1},\n"
    "   where: {households: {ge: 100}}}\n";

static int setup(void **state)
{
    char *path = xasprintf("%s/mini-plan.yaml", test_data_dir());
    char *buf;
    size_t len;
    diag_list dl = DIAG_LIST_INIT;
    assert_int_equal(fs_read_file(path, 1 << 20, &buf, &len, NULL, &dl), FS_OK);
    char *cut = strstr(buf, "\nindicators:\n");
    assert_non_null(cut);
    strbuf text = STRBUF_INIT;
    sb_add(&text, buf, (size_t)(cut - buf) + 1);
    sb_puts(&text, indicators);
    bool ok = plan_parse(&P, "plan.yaml", text.data, text.len, &dl);
    diag_print(&dl, stderr);
    diag_clear(&dl);
    sb_free(&text);
    free(buf);
    free(path);
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    plan_free(&P);
    return 0;
}

static const plan_indicator *ind(const char *id)
{
    for (size_t i = 0; i < P.n_indicators; i++)
        if (strcmp(P.indicators[i].id, id) == 0)
            return &P.indicators[i];
    fail_msg("no indicator %s", id);
    return NULL;
}

/* The units every test looks at: sales at 2000 and half a unit either
 * side, one with no attributes at all, and a village. */
enum { AT, ABOVE, BELOW, BARE, VILLAGE, N_UNITS };
static const char *const names[N_UNITS] = {"at", "above", "below", "bare", "village"};
static unit *units[N_UNITS];

static unit *make(const char *id, unit_kind kind, const char *attributes)
{
    char *body = xasprintf("name: %s\n%s", id, attributes);
    unit *u = unit_of(&P, kind, id, body);
    free(body);
    return u;
}

static int make_units(void **state)
{
    units[AT] = make("at", KIND_ENTERPRISE,
                     "attributes: {annual_sales_wan: 2000, industrial: true, size: small}\n");
    units[ABOVE] = make("above", KIND_ENTERPRISE,
                        "attributes: {annual_sales_wan: 2000.5, industrial: false, size: large}\n");
    units[BELOW] = make("below", KIND_ENTERPRISE, "attributes: {annual_sales_wan: 1999.5}\n");
    units[BARE] = make("bare", KIND_ENTERPRISE, "");
    units[VILLAGE] = make("village", KIND_VILLAGE, "attributes: {households: 100}\n");
    return 0;
}

static int free_units(void **state)
{
    for (int i = 0; i < N_UNITS; i++)
        unit_free(units[i]);
    return 0;
}

/* Asserts which units the indicator selects: `want` holds one 0/1 per unit. */
/* The reports select from units' summaries (model/summary.h). */
static bool unit_selected(const plan_indicator *i, const unit *u)
{
    arena *mem = arena_new(4096);
    bool yes = indicator_selects(i, summary_of(u, &P, mem));
    arena_free(mem);
    return yes;
}

static void selects(const char *id, const char want[N_UNITS])
{
    for (int i = 0; i < N_UNITS; i++)
        if (unit_selected(ind(id), units[i]) != (want[i] == '1'))
            fail_msg("indicator %s %s unit %s", id, want[i] == '1' ? "does not select" : "selects",
                     names[i]);
}

static void test_number_operators_at_their_edges(void **state)
{
    /*           at, above, below, bare, village */
    selects("gt", "01000");
    selects("ge", "11000");
    selects("lt", "00100");
    selects("le", "10100");
    selects("eq", "10000");
    selects("ne", "01100"); /* bare has no sales: not selected by ne either */
}

static void test_bool_and_text(void **state)
{
    selects("bool", "10000");
    selects("bool-ne", "01000"); /* below and bare lack it */
    selects("text", "10000");
    selects("text-ne", "01000");
}

static void test_every_condition_must_hold(void **state)
{
    selects("and", "10000"); /* above: sales, not industrial; below: neither */
}

static void test_any_of_one_condition_holds(void **state)
{
    selects("any", "10100");         /* at: small; below: sales under 2000 */
    selects("all-and-any", "01000"); /* above: not industrial and large */
}

static void test_kind_alone(void **state)
{
    selects("all", "11110");
    selects("village", "00001");
    /* a village at the edge of households, and one below it */
    unit *small = make("small", KIND_VILLAGE, "attributes: {households: 99.99}\n");
    assert_false(unit_selected(ind("village"), small));
    unit_free(small);
}

static void test_an_attribute_of_another_type_never_holds(void **state)
{
    /* a condition on text "2000" against the number 2000 (as a plan read
     * loosely could hold): no match, whatever the operator */
    const plan_indicator *eq = ind("eq");
    plan_condition c = eq->where.all[0];
    c.type = ATTR_TEXT;
    c.text = "2000";
    plan_indicator copy = *eq;
    copy.where.all = &c;
    copy.where.n_all = 1;
    assert_false(unit_selected(&copy, units[AT]));
    c.op = OP_NE;
    assert_false(unit_selected(&copy, units[AT]));
    /* and the same condition as a number does hold: the test can fail */
    assert_true(unit_selected(eq, units[AT]));
}

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_number_operators_at_their_edges, make_units,
                                        free_units),
        cmocka_unit_test_setup_teardown(test_bool_and_text, make_units, free_units),
        cmocka_unit_test_setup_teardown(test_every_condition_must_hold, make_units, free_units),
        cmocka_unit_test_setup_teardown(test_any_of_one_condition_holds, make_units, free_units),
        cmocka_unit_test_setup_teardown(test_kind_alone, make_units, free_units),
        cmocka_unit_test_setup_teardown(test_an_attribute_of_another_type_never_holds, make_units,
                                        free_units),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
