/* tui/motion: the cursor and scrolling that every list screen (units,
 * checklist, overview, drill-down, help, the line editor) shares. */
#include "harness.h"

#include "tui/motion.h"

/* Rows 0 and 3 are headings: the cursor never stops there. */
static bool not_heading(const void *ctx, size_t row)
{
    (void)ctx;
    return row != 0 && row != 3;
}

static bool none(const void *ctx, size_t row)
{
    (void)ctx;
    (void)row;
    return false;
}

static void test_delta(void **state)
{
    long d = 0;
    assert_true(motion_delta(ACT_UP, 10, 50, &d) && d == -1);
    assert_true(motion_delta(ACT_DOWN, 10, 50, &d) && d == 1);
    assert_true(motion_delta(ACT_PAGE_UP, 10, 50, &d) && d == -10);
    assert_true(motion_delta(ACT_PAGE_DOWN, 10, 50, &d) && d == 10);
    assert_true(motion_delta(ACT_TOP, 10, 50, &d) && d == -50);
    assert_true(motion_delta(ACT_BOTTOM, 10, 50, &d) && d == 50);
    d = 7;
    assert_false(motion_delta(ACT_OPEN, 10, 50, &d));
    assert_int_equal(d, 7);
}

static void test_move_skips_headings(void **state)
{
    /* rows: 0 heading, 1, 2, 3 heading, 4, 5 */
    assert_int_equal(motion_move(2, 1, 6, not_heading, NULL), 4);
    assert_int_equal(motion_move(4, -1, 6, not_heading, NULL), 2);
    assert_int_equal(motion_move(1, -1, 6, not_heading, NULL), 1); /* nearest the other way */
    assert_int_equal(motion_move(1, -6, 6, not_heading, NULL), 1);
    assert_int_equal(motion_move(1, 100, 6, not_heading, NULL), 5); /* clamped */
    assert_int_equal(motion_move(0, 0, 6, not_heading, NULL), 1);   /* onto the first */
    assert_int_equal(motion_move(2, 1, 6, none, NULL), 2);          /* stays */
    assert_int_equal(motion_move(3, 1, 0, not_heading, NULL), 0);   /* an empty list */
    assert_int_equal(motion_move(0, 3, 6, NULL, NULL), 3);          /* every row */
    assert_int_equal(motion_move(4, -9, 6, NULL, NULL), 0);
}

static void test_follow(void **state)
{
    size_t top = 5;
    motion_follow(&top, 7, 10); /* in view: unmoved */
    assert_int_equal(top, 5);
    motion_follow(&top, 3, 10); /* above: it becomes the first row */
    assert_int_equal(top, 3);
    motion_follow(&top, 20, 10); /* below: it becomes the last row */
    assert_int_equal(top, 11);
    motion_follow(&top, 20, 1);
    assert_int_equal(top, 20);
}

static void test_scroll(void **state)
{
    size_t top = 5;
    assert_true(motion_scroll(ACT_UP, 10, 99, &top) && top == 4);
    assert_true(motion_scroll(ACT_DOWN, 10, 99, &top) && top == 5);
    assert_true(motion_scroll(ACT_PAGE_UP, 10, 99, &top) && top == 0); /* not below 0 */
    assert_true(motion_scroll(ACT_UP, 10, 99, &top) && top == 0);
    assert_true(motion_scroll(ACT_PAGE_DOWN, 10, 99, &top) && top == 10);
    assert_true(motion_scroll(ACT_PAGE_UP, 10, 99, &top) && top == 0);
    assert_true(motion_scroll(ACT_BOTTOM, 10, 99, &top) && top == 99);
    assert_true(motion_scroll(ACT_TOP, 10, 99, &top) && top == 0);
    assert_false(motion_scroll(ACT_BACK, 10, 99, &top));
    assert_int_equal(top, 0);
}

/* A page is the rows last drawn less one, on every list. */
static void test_list_pages_by_the_rows_last_drawn(void **state)
{
    list_view v = {.selectable = not_heading};
    assert_int_equal(list_page(&v), 1); /* not drawn yet */
    list_move(&v, 0, 50);
    assert_int_equal(v.cur, 1); /* off the heading */
    list_show(&v, 10);
    assert_int_equal(list_page(&v), 9);
    assert_true(list_key(&v, ACT_PAGE_DOWN, 50) && v.cur == 10);
    list_show(&v, 10); /* the cursor is the last row shown */
    assert_int_equal(v.top, 1);
    list_show(&v, 4); /* a smaller terminal: smaller pages */
    assert_int_equal(v.top, 7);
    assert_true(list_key(&v, ACT_PAGE_UP, 50) && v.cur == 7);
    assert_true(list_key(&v, ACT_BOTTOM, 50) && v.cur == 49);
    assert_true(list_key(&v, ACT_TOP, 50) && v.cur == 1);
    assert_false(list_key(&v, ACT_OPEN, 50));
    list_show(&v, 2);
    assert_int_equal(list_page(&v), 1);
}

static void test_text_scrolls_within_its_lines(void **state)
{
    list_view v = {0};
    list_show_text(&v, 10, 25);
    assert_true(list_scroll(&v, ACT_PAGE_DOWN, 25) && v.top == 9);
    assert_true(list_scroll(&v, ACT_PAGE_DOWN, 25) && v.top == 18);
    list_show_text(&v, 10, 25); /* the last line at the bottom, no further */
    assert_int_equal(v.top, 15);
    assert_true(list_scroll(&v, ACT_BOTTOM, 25) && v.top == 25);
    list_show_text(&v, 30, 25); /* all of it fits */
    assert_int_equal(v.top, 0);
    assert_false(list_scroll(&v, ACT_OPEN, 25));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delta),
        cmocka_unit_test(test_move_skips_headings),
        cmocka_unit_test(test_follow),
        cmocka_unit_test(test_scroll),
        cmocka_unit_test(test_list_pages_by_the_rows_last_drawn),
        cmocka_unit_test(test_text_scrolls_within_its_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
