/* model/rectify: a rectification's steps, overdue at the day boundary,
 * the list a meeting reads and its counts, all computed by hand from the
 * fixture below; and its changes through the store (checked against the
 * file as it is now, nothing written when refused). */
#include "harness.h"

#include "fixtures.h"
#include "i18n/i18n.h"
#include "model/rectify.h"
#include "model/timestamp.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdlib.h>

/* Acme failed O1.iso on 2016-07-14; five rectifications:
 *   r-a  O1.iso   open      due 2016-08-10
 *   r-b  O1.iso   reopened  due 2016-08-01
 *   r-c  O1.iso   verified  due 2016-07-31, done 07-30, verified 08-05: on time
 *   r-d  M1.letter verified due 2016-08-02, done 08-03, verified 08-06: late
 *   r-e  M1.letter done     due 2016-09-01
 *   r-f  M1.letter verified due 2015-12-01, verified 2015-12-20: last year */
static const char acme[] =
    "id: acme\n"
    "kind: enterprise\n"
    "name: Acme\n"
    "checks:\n"
    "  O1.iso:\n"
    "    status: failed\n"
    "    rectifications:\n"
    "    - id: r-a\n      what: fix a\n      owner: Ann\n      due: 2016-08-10\n"
    "      state: open\n      opened: 2016-07-14T09:00:00+08:00\n      opened_by: Q\n"
    "    - id: r-b\n      what: fix b\n      owner: Bob\n      due: 2016-08-01\n"
    "      state: reopened\n      opened: 2016-07-14T09:05:00+08:00\n"
    "      done: 2016-07-20T10:00:00+08:00\n      reopened: 2016-07-25T10:00:00+08:00\n"
    "    - id: r-c\n      what: fix c\n      owner: Cy\n      due: 2016-07-31\n"
    "      state: verified\n      opened: 2016-07-14T09:10:00+08:00\n"
    "      done: 2016-07-30T10:00:00+08:00\n      verified: 2016-08-05T10:00:00+08:00\n"
    "  M1.letter:\n"
    "    status: todo\n"
    "    rectifications:\n"
    "    - id: r-d\n      what: fix d\n      owner: Di\n      due: 2016-08-02\n"
    "      state: verified\n      done: 2016-08-03T10:00:00+08:00\n"
    "      verified: 2016-08-06T10:00:00+08:00\n"
    "    - id: r-e\n      what: fix e\n      owner: Ed\n      due: 2016-09-01\n"
    "      state: done\n"
    "    - id: r-f\n      what: fix f\n      owner: Fay\n      due: 2015-12-01\n"
    "      state: verified\n      verified: 2015-12-20T10:00:00+08:00\n"
    "history:\n"
    "- {at: '2016-07-14T08:50:00+08:00', by: Q, check: O1.iso, from: todo, to: failed}\n";

static plan P;

static int setup_plan(void **state)
{
    text_init_locale();
    i18n_set_lang(LANG_EN);
    load_mini_plan(&P);
    return 0;
}

static int teardown_plan(void **state)
{
    plan_free(&P);
    return 0;
}

static const unit_record *rec(const unit *u, const char *id)
{
    const unit_record *r = unit_find_record(u, id);
    assert_non_null(r);
    return r;
}

static unit *fixture_unit(void)
{
    diag_list dl = DIAG_LIST_INIT;
    unit *u = parse_unit(&P, acme, "acme", KIND_ENTERPRISE, &dl);
    if (!u)
        diag_print(&dl, stderr);
    assert_non_null(u);
    return u;
}

static void test_steps(void **state)
{
    /* every pair, against the table of rectify.h */
    static const char *const allowed[] = {"open>done",        "open>verified", "done>verified",
                                          "done>reopened",    "reopened>done", "reopened>verified",
                                          "verified>reopened"};
    for (int f = 0; f < RECT_N_STATES; f++)
        for (int t = 0; t < RECT_N_STATES; t++) {
            char pair[32];
            snprintf(pair, sizeof pair, "%s>%s", rect_state_name((rect_state)f),
                     rect_state_name((rect_state)t));
            bool want = false;
            for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
                want |= strcmp(allowed[i], pair) == 0;
            if (rect_can_step((rect_state)f, (rect_state)t) != want)
                fail_msg("%s should be %s", pair, want ? "allowed" : "refused");
        }
    rect_state s;
    assert_true(rect_state_parse("reopened", &s));
    assert_int_equal(s, RECT_REOPENED);
    assert_false(rect_state_parse("closed", &s));
}

static void test_overdue_at_the_day_boundary(void **state)
{
    unit *u = fixture_unit();
    const unit_record *a = rec(u, "r-a"), *b = rec(u, "r-b"), *c = rec(u, "r-c");
    assert_false(rect_overdue(a, test_day("2016-08-09")));
    assert_false(rect_overdue(a, test_day("2016-08-10"))); /* due today is not overdue */
    assert_true(rect_overdue(a, test_day("2016-08-11")));
    assert_true(rect_overdue(b, test_day("2016-08-02")));             /* reopened counts as open */
    assert_false(rect_overdue(c, test_day("2020-01-01")));            /* verified never is */
    assert_true(rect_overdue(rec(u, "r-e"), test_day("2016-09-02"))); /* done, not verified */
    assert_true(rect_on_time(c));
    assert_false(rect_on_time(rec(u, "r-d")));
    unit_free(u);
}

static void test_counts_and_rate(void **state)
{
    unit *u = fixture_unit();
    rect_counts c = {0};
    rect_count(u, test_day("2016-08-10"), &c);
    assert_int_equal(c.open, 3);          /* a, b, e */
    assert_int_equal(c.overdue, 1);       /* b: due 08-01 */
    assert_int_equal(c.verified_year, 2); /* c and d; f was last year */
    assert_int_equal(c.on_time, 1);       /* c */
    assert_true(rect_on_time_rate(&c) == 50.0);
    c = (rect_counts){0};
    rect_count(u, test_day("2016-08-11"), &c);
    assert_int_equal(c.overdue, 2); /* and a */
    c = (rect_counts){0};
    rect_count_check(u, plan_find_check(&P, "O1.iso"), test_day("2016-08-11"), &c);
    assert_int_equal(c.open, 2);
    assert_int_equal(c.overdue, 2);
    assert_int_equal(c.verified_year, 1);
    assert_string_equal(rect_first_open(u, plan_find_check(&P, "O1.iso"))->id, "r-b");
    assert_null(rect_first_open(u, plan_find_check(&P, "O2.people")));
    unit_free(u);
}

static void test_list_order(void **state)
{
    workspace ws = {0};
    ws_unit wu = {.kind = KIND_ENTERPRISE, .u = fixture_unit()};
    ws.units = &wu;
    ws.n_units = 1;
    rect_list l;
    rect_list_build(&l, &ws, SIZE_MAX, RECT_ALL, test_day("2016-08-11"));
    const char *want[] = {"r-b", "r-a", "r-e", "r-f", "r-c", "r-d"};
    assert_int_equal(l.n, 6);
    for (size_t i = 0; i < l.n; i++)
        assert_string_equal(l.items[i].r->id, want[i]);
    assert_true(l.items[0].overdue && l.items[1].overdue && !l.items[2].overdue);
    rect_list_free(&l);
    rect_list_build(&l, &ws, SIZE_MAX, RECT_ONLY_OVERDUE, test_day("2016-08-10"));
    assert_int_equal(l.n, 1);
    rect_list_free(&l);
    rect_list_build(&l, &ws, 0, RECT_ONLY_OPEN, test_day("2016-08-10"));
    assert_int_equal(l.n, 3);
    rect_list_free(&l);
    rect_list_build(&l, &ws, SIZE_MAX, RECT_MEETING, test_day("2016-08-10"));
    assert_int_equal(l.n, 5); /* not f, verified last year */
    rect_list_free(&l);
    unit_free(wu.u);
}

static void test_story(void **state)
{
    unit *u = fixture_unit();
    strbuf sb = STRBUF_INIT;
    rect_story(u, rec(u, "r-c"), &sb);
    assert_string_equal(sb_str(&sb), "failed on 2016-07-14, rectification ordered on 2016-07-14, "
                                     "rectified on 2016-07-30, verified on 2016-08-05");
    sb_reset(&sb);
    rect_story(u, rec(u, "r-b"), &sb);
    assert_string_equal(sb_str(&sb), "failed on 2016-07-14, rectification ordered on 2016-07-14, "
                                     "rectified on 2016-07-20, reopened on 2016-07-25");
    sb_free(&sb);
    unit_free(u);
}

/* ---- through the store ------------------------------------------------ */

typedef struct fixture {
    char *root;
    workspace ws;
    ws_unit *wu;
} fixture;

static char *file_text(const fixture *fx)
{
    char *buf;
    size_t len;
    diag_list dl = DIAG_LIST_INIT;
    assert_int_equal(fs_read_file(fx->wu->path, 1 << 20, &buf, &len, NULL, &dl), FS_OK);
    return buf;
}

static int setup_ws(void **state)
{
    fixture *fx = xcalloc(1, sizeof *fx);
    make_test_workspace(&fx->root, &fx->ws);
    char *path = xasprintf("%s/enterprises/acme.yaml", fx->root);
    FILE *f = fopen(path, "w");
    fputs("id: acme\nkind: enterprise\nname: Acme\nchecks:\n  O1.iso:\n    status: failed\n"
          "history:\n"
          "- {at: '2016-07-14T08:50:00+08:00', by: Q, check: O1.iso, from: todo, to: failed}\n",
          f);
    fclose(f);
    free(path);
    bool missing;
    diag_list dl = DIAG_LIST_INIT;
    fx->wu = workspace_find_unit(&fx->ws, "acme", &missing, &dl);
    assert_non_null(fx->wu);
    *state = fx;
    return 0;
}

static int teardown_ws(void **state)
{
    fixture *fx = *state;
    remove_test_workspace(fx->root, &fx->ws);
    free(fx);
    return 0;
}

static char *open_one(fixture *fx, const char *check, const char *what, const char *due)
{
    rect_new n = {plan_find_check(&fx->ws.plan, check), what, "王刚", due};
    char *id = NULL;
    diag_list dl = DIAG_LIST_INIT;
    if (!rect_open(&fx->ws, fx->wu, &n, "钱志锋", &id, &dl))
        diag_print(&dl, stderr);
    assert_non_null(id);
    return id;
}

static void test_verification_marks_the_check_done(void **state)
{
    fixture *fx = *state;
    setenv("QTOWN_NOW", "1468458000", 1); /* 2016-07-14T01:00:00Z */
    char *first = open_one(fx, "O1.iso", "换供应商", "2016-08-31");
    char *second = open_one(fx, "O1.iso", "复检", "2016-08-15"); /* several on one check */
    assert_string_not_equal(first, second);
    diag_list dl = DIAG_LIST_INIT;
    rect_state from;
    const plan_check *pc = NULL;
    rect_step_req done = {.id = first, .to = RECT_DONE, .note = "已更换"};
    setenv("QTOWN_NOW", "1471000000", 1); /* 2016-08-12 */
    assert_true(rect_step(&fx->ws, fx->wu, &done, "王刚", &from, &pc, &dl));
    assert_int_equal(from, RECT_OPEN);
    assert_string_equal(pc->id, "O1.iso");
    rect_step_req verified = {.id = first, .to = RECT_VERIFIED, .mark_check_done = true};
    setenv("QTOWN_NOW", "1472169600", 1); /* 2016-08-26 */
    assert_true(rect_step(&fx->ws, fx->wu, &verified, "钱志锋", &from, NULL, &dl));
    assert_int_equal(from, RECT_DONE);
    assert_int_equal(unit_status_of(fx->wu->u, pc), STATUS_DONE);
    const unit_record *r = unit_find_record(fx->wu->u, first);
    assert_string_equal(record_text(r, "done_by"), "王刚");
    assert_string_equal(record_text(r, "verified_by"), "钱志锋");
    assert_string_equal(record_text(r, "opened_by"), "钱志锋");
    assert_string_equal(record_text(r, "note"), "已更换");
    assert_true(rect_on_time(r));
    char *text = file_text(fx);
    char *entry = xasprintf("record: %s, old: done, new: verified, event: rectification}", first);
    assert_non_null(strstr(text, entry));
    assert_non_null(strstr(text, "check: O1.iso, from: failed, to: done}"));
    /* the failure stays in the story */
    strbuf sb = STRBUF_INIT;
    rect_story(fx->wu->u, r, &sb);
    assert_non_null(strstr(sb_str(&sb), "failed on 2016-07-14"));
    assert_non_null(strstr(sb_str(&sb), "verified on 2016-08-26"));
    /* the second one is still open: an overdue one the day after it is due */
    assert_true(rect_overdue(unit_find_record(fx->wu->u, second), test_day("2016-08-16")));
    /* reopened, then verified again without a report of done: allowed */
    rect_step_req reopen = {.id = first, .to = RECT_REOPENED};
    assert_true(rect_step(&fx->ws, fx->wu, &reopen, "钱志锋", &from, NULL, &dl));
    rect_step_req again = {.id = first, .to = RECT_VERIFIED};
    assert_true(rect_step(&fx->ws, fx->wu, &again, "钱志锋", &from, NULL, &dl));
    assert_int_equal(from, RECT_REOPENED);
    assert_int_equal(dl.count, 0);
    sb_free(&sb);
    free(text), free(entry), free(first), free(second);
}

static void test_refused_changes_write_nothing(void **state)
{
    fixture *fx = *state;
    char *id = open_one(fx, "O1.iso", "换供应商", "2016-08-31");
    char *before = file_text(fx);
    diag_list dl = DIAG_LIST_INIT;
    rect_step_req nonsense = {.id = id, .to = RECT_REOPENED}; /* open -> reopened */
    assert_false(rect_step(&fx->ws, fx->wu, &nonsense, "A", NULL, NULL, &dl));
    assert_diag(&dl, "is open: it cannot become reopened", 0, 0);
    rect_step_req unknown = {.id = "r-nope", .to = RECT_DONE};
    assert_false(rect_step(&fx->ws, fx->wu, &unknown, "A", NULL, NULL, &dl));
    assert_diag(&dl, "no record 'r-nope' in acme", 0, 0);
    rect_step_req to_open = {.id = id, .to = RECT_OPEN};
    assert_false(rect_step(&fx->ws, fx->wu, &to_open, "A", NULL, NULL, &dl));
    rect_new bad_due = {plan_find_check(&fx->ws.plan, "O1.iso"), "w", "o", "2016-02-30"};
    char *none = NULL;
    assert_false(rect_open(&fx->ws, fx->wu, &bad_due, "A", &none, &dl));
    assert_diag(&dl, "'2016-02-30' is not a date", 0, 0);
    rect_new empty = {plan_find_check(&fx->ws.plan, "O1.iso"), " \n", "o", "2016-08-31"};
    assert_false(rect_open(&fx->ws, fx->wu, &empty, "A", &none, &dl));
    assert_diag(&dl, "must say what is to be fixed", 0, 0);
    rect_new no_owner = {plan_find_check(&fx->ws.plan, "O1.iso"), "w", "", "2016-08-31"};
    assert_false(rect_open(&fx->ws, fx->wu, &no_owner, "A", &none, &dl));
    rect_new two_lines = {plan_find_check(&fx->ws.plan, "O1.iso"), "w", "a\nb", "2016-08-31"};
    assert_false(rect_open(&fx->ws, fx->wu, &two_lines, "A", &none, &dl));
    rect_new not_carried = {plan_find_check(&fx->ws.plan, "O1.rate"), "w", "o", "2016-08-31"};
    assert_false(rect_open(&fx->ws, fx->wu, &not_carried, "A", &none, &dl));
    assert_diag(&dl, "does not apply", 0, 0);
    assert_null(none);
    char *after = file_text(fx);
    assert_string_equal(before, after);
    diag_clear(&dl);
    free(before), free(after), free(id);
}

/* Another laptop verified it after this one loaded the unit: this one's
 * "done" is checked against the file as it is now and refused. */
static void test_step_checked_on_the_file_as_it_is_now(void **state)
{
    fixture *fx = *state;
    char *id = open_one(fx, "O1.iso", "换供应商", "2016-08-31");
    workspace ws2;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(workspace_open(&ws2, fx->root, &dl));
    bool missing;
    ws_unit *other = workspace_find_unit(&ws2, "acme", &missing, &dl);
    rect_step_req verified = {.id = id, .to = RECT_VERIFIED};
    assert_true(rect_step(&ws2, other, &verified, "B", NULL, NULL, &dl));
    workspace_close(&ws2);
    rect_step_req reopen = {.id = id, .to = RECT_DONE};
    assert_false(rect_step(&fx->ws, fx->wu, &reopen, "A", NULL, NULL, &dl));
    assert_diag(&dl, "is verified: it cannot become done", 0, 0);
    diag_clear(&dl);
    free(id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steps),
        cmocka_unit_test(test_overdue_at_the_day_boundary),
        cmocka_unit_test(test_counts_and_rate),
        cmocka_unit_test(test_list_order),
        cmocka_unit_test(test_story),
        cmocka_unit_test_setup_teardown(test_verification_marks_the_check_done, setup_ws,
                                        teardown_ws),
        cmocka_unit_test_setup_teardown(test_refused_changes_write_nothing, setup_ws, teardown_ws),
        cmocka_unit_test_setup_teardown(test_step_checked_on_the_file_as_it_is_now, setup_ws,
                                        teardown_ws),
    };
    return cmocka_run_group_tests(tests, setup_plan, teardown_plan);
}
