/* model/store, two writers: with stale copies of the same unit — what the
 * other one did survives (re-read under the lock), and a note replaced
 * behind a writer's back is kept in the history. */
#include "harness.h"

#include "model/store.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <unistd.h>

typedef struct fixture {
    char dir[64];
    workspace a, b; /* two qtowns on the same folder */
} fixture;

static char *plan_path(void)
{
    const char *data = getenv("QTOWN_TEST_DATA");
    return xasprintf("%s/robust-plan.yaml", data ? data : "tests/data");
}

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    strcpy(f->dir, "/tmp/qtown-writers.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    char *root = fs_join(f->dir, "ws");
    char *plan_file = plan_path();
    diag_list dl = DIAG_LIST_INIT;
    bool ok = workspace_create(root, plan_file, false, &dl) && workspace_open(&f->a, root, &dl) &&
              workspace_open(&f->b, root, &dl);
    unit *u = unit_new(KIND_VILLAGE, "v1", "村一");
    name_verdict name;
    ok = ok && store_add_unit(&f->a, u, &name, &dl) != NULL;
    diag_print(&dl, stderr);
    diag_clear(&dl);
    free(plan_file);
    free(root);
    *state = f;
    return ok ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    workspace_close(&f->a);
    workspace_close(&f->b);
    char *cmd = xasprintf("rm -rf '%s'", f->dir);
    int rc = system(cmd);
    free(cmd);
    free(f);
    return rc;
}

static ws_unit *load(workspace *ws)
{
    bool missing;
    diag_list dl = DIAG_LIST_INIT;
    ws_unit *wu = workspace_find_unit(ws, "v1", &missing, &dl);
    diag_print(&dl, stderr);
    diag_clear(&dl);
    return wu;
}

static void set(workspace *ws, ws_unit *wu, const char *check, status st, double value,
                const char *note)
{
    check_change ch = {.check = plan_find_check(&ws->plan, check),
                       .set_status = true,
                       .status = st,
                       .set_value = true,
                       .has_value = true,
                       .value = value,
                       .set_note = note != NULL,
                       .note = note};
    assert_non_null(ch.check);
    diag_list dl = DIAG_LIST_INIT;
    bool ok = store_apply(ws, wu, &ch, 1, "tester", NULL, &dl);
    diag_print(&dl, stderr);
    diag_clear(&dl);
    assert_true(ok);
}

static size_t count_merges(const unit *u, const char *note)
{
    size_t n = 0;
    for (size_t i = 0; i < u->n_history; i++) {
        const history_entry *h = &u->history[i];
        n += h->event && strcmp(h->event, "merge") == 0 && h->note && strcmp(h->note, note) == 0;
    }
    return n;
}

static void test_stale_writer_keeps_other_checks(void **state)
{
    fixture *f = *state;
    ws_unit *wa = load(&f->a), *wb = load(&f->b);
    set(&f->a, wa, "O1.c1", STATUS_DONE, 1, "a's note");
    /* b still holds the unit as it was before a's change */
    set(&f->b, wb, "O1.c2", STATUS_DOING, 2, "b's note");
    const unit *u = wb->u;
    const check_state *c1 = unit_find_check(u, "O1.c1"), *c2 = unit_find_check(u, "O1.c2");
    assert_non_null(c1);
    assert_non_null(c2);
    assert_int_equal(c1->status, STATUS_DONE);
    assert_string_equal(c1->note, "a's note");
    assert_int_equal(c2->status, STATUS_DOING);
    assert_string_equal(c2->note, "b's note");
    /* each writer's status change and note change (nothing replaced) */
    assert_int_equal(u->n_history, 4);
    assert_string_equal(u->history[1].event, "note");
    assert_null(u->history[1].note);
    assert_int_equal(count_merges(u, "a's note"), 0);
}

static void test_replaced_note_kept_in_history(void **state)
{
    fixture *f = *state;
    ws_unit *wa = load(&f->a), *wb = load(&f->b);
    set(&f->a, wa, "O1.c1", STATUS_DONE, 1, "a's note");
    set(&f->b, wb, "O1.c1", STATUS_DONE, 2, "b's note");
    const unit *u = wb->u;
    const check_state *c1 = unit_find_check(u, "O1.c1");
    assert_string_equal(c1->note, "b's note");
    assert_int_equal(count_merges(u, "a's note"), 1);
    /* a: its value, its note; b: a's state that lost (its author), b's
     * value, b's note replacing a's */
    assert_int_equal(u->n_history, 5);
    assert_string_equal(u->history[0].value_text ? u->history[0].value_text : "1", "1");
    assert_true(u->history[0].has_value && u->history[0].value == 1);
    assert_string_equal(u->history[2].event, "merge");
    assert_string_equal(u->history[2].by, "tester");
    assert_true(u->history[3].has_value && u->history[3].value == 2);
    assert_string_equal(u->history[4].event, "note");
    assert_string_equal(u->history[4].note, "a's note");
}

static void test_seen_note_replaced_without_merge(void **state)
{
    fixture *f = *state;
    ws_unit *wa = load(&f->a);
    set(&f->a, wa, "O1.c1", STATUS_DONE, 1, "first");
    ws_unit *wb = load(&f->b); /* b has seen "first" */
    set(&f->b, wb, "O1.c1", STATUS_DONE, 2, "second");
    assert_int_equal(count_merges(wb->u, "first"), 0);
    assert_string_equal(unit_find_check(wb->u, "O1.c1")->note, "second");
    const history_entry *last = &wb->u->history[wb->u->n_history - 1];
    assert_string_equal(last->event, "note");
    assert_string_equal(last->note, "first"); /* the replaced note, once */
}

static char *read_whole(const char *path)
{
    char *buf;
    size_t len;
    return fs_read_file(path, UNIT_MAX_BYTES, &buf, &len, NULL, NULL) == FS_OK ? buf : NULL;
}

/* Whatever a caller passes, qtown never writes a file it cannot load: a
 * 'by' with a line break (the reader refuses it) is refused before the
 * save, and the file stays as it was. */
static void test_never_writes_what_would_not_load(void **state)
{
    fixture *f = *state;
    ws_unit *wa = load(&f->a);
    char *before = read_whole(wa->path);
    assert_non_null(before);
    check_change ch = {
        .check = plan_find_check(&f->a.plan, "O1.c1"), .set_status = true, .status = STATUS_DONE};
    diag_list dl = DIAG_LIST_INIT;
    assert_false(store_apply(&f->a, wa, &ch, 1, "two\nlines", NULL, &dl));
    assert_diag(&dl, "not saved, nothing was changed: the new content would not load again", 0, 0);
    diag_clear(&dl);
    char *after = read_whole(wa->path);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stale_writer_keeps_other_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replaced_note_kept_in_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_seen_note_replaced_without_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_never_writes_what_would_not_load, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
