/* model/unit_diff: what changed between two versions of a unit, as the
 * sync tells it: the unit added or removed, its name, attributes, checks
 * (status, value, note; not `updated` or `by` alone) and the states a
 * merge kept in the history. */
#include "harness.h"

#include "fixtures.h"
#include "model/unit_diff.h"
#include "util/xalloc.h"

static plan P;

static int setup(void **state)
{
    load_mini_plan(&P);
    return 0;
}

static int teardown(void **state)
{
    plan_free(&P);
    return 0;
}

/* The enterprise acme from the rest of its file. */
static unit *ent(const char *body)
{
    return unit_of(&P, KIND_ENTERPRISE, "acme", body);
}

/* The changes from the unit `a` to the unit `b` (bodies), in *out. */
static void diff(const char *a, const char *b, unit **ua, unit **ub, change_list *out)
{
    *ua = ent(a);
    *ub = ent(b);
    *out = (change_list){0};
    unit_diff(*ua, *ub, out);
}

static void done_with(unit *a, unit *b, change_list *l)
{
    change_list_free(l);
    unit_free(a);
    unit_free(b);
}

static void test_added_removed_nothing(void **state)
{
    unit *u = ent("name: Acme\n");
    change_list l = {0};
    unit_diff(NULL, NULL, &l);
    assert_int_equal(l.n, 0);
    unit_diff(NULL, u, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].kind, CHANGE_ADDED);
    assert_null(l.items[0].key);
    unit_diff(u, NULL, &l);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.items[1].kind, CHANGE_REMOVED);
    /* a unit compared with itself: nothing */
    change_list same = {0};
    unit_diff(u, u, &same);
    assert_int_equal(same.n, 0);
    change_list_free(&l);
    unit_free(u);
}

static void test_name(void **state)
{
    unit *a, *b;
    change_list l;
    diff("name: Acme\n", "name: 艾克米\n", &a, &b, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].kind, CHANGE_NAME);
    assert_string_equal(l.items[0].old_text, "Acme");
    assert_string_equal(l.items[0].new_text, "艾克米");
    done_with(a, b, &l);
}

static void test_attributes_changed_added_removed(void **state)
{
    unit *a, *b;
    change_list l;
    diff("name: A\nattributes:\n  annual_sales_wan: 2000\n  industrial: true\n  size: small\n",
         "name: A\nattributes:\n  size: large\n  annual_sales_wan: 2000.0\n", &a, &b, &l);
    /* the new version's attributes first (size changed; sales unchanged in
     * number but written differently: a change of text), then the removed */
    assert_int_equal(l.n, 3);
    assert_int_equal(l.items[0].kind, CHANGE_ATTRIBUTE);
    assert_string_equal(l.items[0].key, "size");
    assert_string_equal(l.items[0].old_text, "small");
    assert_string_equal(l.items[0].new_text, "large");
    assert_string_equal(l.items[1].key, "annual_sales_wan");
    assert_string_equal(l.items[1].old_text, "2000");
    assert_string_equal(l.items[1].new_text, "2000.0");
    assert_string_equal(l.items[2].key, "industrial");
    assert_string_equal(l.items[2].old_text, "true");
    assert_null(l.items[2].new_text);
    done_with(a, b, &l);
    diff("name: A\n", "name: A\nattributes:\n  industrial: false\n", &a, &b, &l);
    assert_int_equal(l.n, 1);
    assert_null(l.items[0].old_text);
    assert_string_equal(l.items[0].new_text, "false");
    done_with(a, b, &l);
}

static void test_check_status_value_note(void **state)
{
    unit *a, *b;
    change_list l;
    diff("name: A\nchecks:\n  O2.people:\n    status: doing\n    value: 10\n",
         "name: A\nchecks:\n  O2.people:\n    status: done\n    value: 60\n    by: 甲\n", &a, &b,
         &l);
    assert_int_equal(l.n, 1);
    const unit_change *c = &l.items[0];
    assert_int_equal(c->kind, CHANGE_CHECK);
    assert_string_equal(c->key, "O2.people");
    assert_int_equal(c->from, STATUS_DOING);
    assert_int_equal(c->to, STATUS_DONE);
    assert_string_equal(c->old_text, "10");
    assert_string_equal(c->new_text, "60");
    assert_false(c->note_changed);
    assert_string_equal(c->by, "甲");
    done_with(a, b, &l);

    /* a value alone: the status stays, the texts say what it was */
    diff("name: A\nchecks:\n  O2.people:\n    status: doing\n",
         "name: A\nchecks:\n  O2.people:\n    status: doing\n    value: 5\n", &a, &b, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].from, STATUS_DOING);
    assert_int_equal(l.items[0].to, STATUS_DOING);
    assert_null(l.items[0].old_text);
    assert_string_equal(l.items[0].new_text, "5");
    assert_null(l.items[0].by);
    done_with(a, b, &l);

    /* the same number written another way is no change */
    diff("name: A\nchecks:\n  O2.people:\n    value: 60\n",
         "name: A\nchecks:\n  O2.people:\n    value: 60.0\n", &a, &b, &l);
    assert_int_equal(l.n, 0);
    done_with(a, b, &l);

    /* a note alone; a trailing line end is not a change of note */
    diff("name: A\nchecks:\n  O1.iso:\n    status: done\n    note: ok\n",
         "name: A\nchecks:\n  O1.iso:\n    status: done\n    note: |\n      ok\n", &a, &b, &l);
    assert_int_equal(l.n, 0);
    done_with(a, b, &l);
    diff("name: A\nchecks:\n  O1.iso:\n    status: done\n    note: ok\n",
         "name: A\nchecks:\n  O1.iso:\n    status: done\n    note: not ok\n", &a, &b, &l);
    assert_int_equal(l.n, 1);
    assert_true(l.items[0].note_changed);
    assert_int_equal(l.items[0].from, STATUS_DONE);
    assert_int_equal(l.items[0].to, STATUS_DONE);
    assert_null(l.items[0].old_text);
    assert_null(l.items[0].new_text);
    done_with(a, b, &l);
}

static void test_updated_or_by_alone_is_no_change(void **state)
{
    unit *a, *b;
    change_list l;
    diff("name: A\nchecks:\n  O1.iso:\n    status: done\n    updated: 2026-01-01T08:00:00+08:00\n"
         "    by: 甲\n",
         "name: A\nchecks:\n  O1.iso:\n    status: done\n    updated: 2026-02-01T08:00:00+08:00\n"
         "    by: 乙\n",
         &a, &b, &l);
    assert_int_equal(l.n, 0);
    done_with(a, b, &l);
}

static void test_checks_come_and_go_in_plan_order(void **state)
{
    unit *a, *b;
    change_list l;
    /* M1.letter leaves the file (back to todo), O1.iso arrives done and
     * O2.people arrives todo without value or note (no change) */
    diff("name: A\nchecks:\n  M1.letter:\n    status: done\n    by: 甲\n",
         "name: A\nchecks:\n  O2.people:\n    status: todo\n  O1.iso:\n    status: done\n", &a, &b,
         &l);
    assert_int_equal(l.n, 2);
    assert_string_equal(l.items[0].key, "O1.iso");
    assert_int_equal(l.items[0].from, STATUS_TODO);
    assert_int_equal(l.items[0].to, STATUS_DONE);
    assert_string_equal(l.items[1].key, "M1.letter");
    assert_int_equal(l.items[1].from, STATUS_DONE);
    assert_int_equal(l.items[1].to, STATUS_TODO);
    assert_null(l.items[1].by); /* the new version says nothing of who */
    done_with(a, b, &l);
}

static void test_merge_entries_new_in_history(void **state)
{
    const char *kept = "  - {at: 2026-01-02T08:00:00+08:00, by: 甲, check: O1.iso, from: todo, "
                       "to: failed, event: merge}\n";
    const char *plain = "  - {at: 2026-01-03T08:00:00+08:00, by: 乙, check: O1.iso, from: todo, "
                        "to: done}\n";
    const char *lost = "  - {at: 2026-01-04T08:00:00+08:00, by: 丙, check: M1.letter, from: todo, "
                       "to: doing, event: merge}\n";
    char *old = xasprintf("name: A\nhistory:\n%s", kept);
    char *new = xasprintf("name: A\nhistory:\n%s%s%s", kept, plain, lost);
    unit *a, *b;
    change_list l;
    diff(old, new, &a, &b, &l);
    /* the merge entry both versions have is old news; a plain entry is
     * not a merge */
    assert_int_equal(l.n, 1);
    assert_int_equal(l.items[0].kind, CHANGE_MERGED);
    assert_string_equal(l.items[0].key, "M1.letter");
    assert_int_equal(l.items[0].to, STATUS_DOING);
    assert_string_equal(l.items[0].by, "丙");
    done_with(a, b, &l);
    free(old);
    free(new);
}

static void test_everything_at_once_in_order(void **state)
{
    unit *a, *b;
    change_list l;
    diff("name: A\nattributes:\n  size: small\nchecks:\n  O1.iso:\n    status: doing\n",
         "name: B\nattributes:\n  size: medium\nchecks:\n  O1.iso:\n    status: failed\n"
         "history:\n  - {at: 2026-01-04T08:00:00+08:00, by: 丙, check: O1.iso, from: todo, "
         "to: done, event: merge}\n",
         &a, &b, &l);
    assert_int_equal(l.n, 4);
    assert_int_equal(l.items[0].kind, CHANGE_NAME);
    assert_int_equal(l.items[1].kind, CHANGE_ATTRIBUTE);
    assert_int_equal(l.items[2].kind, CHANGE_CHECK);
    assert_int_equal(l.items[3].kind, CHANGE_MERGED);
    done_with(a, b, &l);
}

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_added_removed_nothing),
        cmocka_unit_test(test_name),
        cmocka_unit_test(test_attributes_changed_added_removed),
        cmocka_unit_test(test_check_status_value_note),
        cmocka_unit_test(test_updated_or_by_alone_is_no_change),
        cmocka_unit_test(test_checks_come_and_go_in_plan_order),
        cmocka_unit_test(test_merge_entries_new_in_history),
        cmocka_unit_test(test_everything_at_once_in_order),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
