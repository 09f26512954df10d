/* model/store and workspace: saving, merging under the lock, refusing to
 * overwrite what does not load. */
#include "harness.h"

#include "fixtures.h"
#include "model/store.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct fixture {
    char *root;
    workspace ws;
} fixture;

static char *read_all(const char *path)
{
    char *buf;
    size_t len;
    diag_list dl = DIAG_LIST_INIT;
    fs_result fr = fs_read_file(path, 1 << 24, &buf, &len, NULL, &dl);
    diag_clear(&dl);
    return fr == FS_OK ? buf : NULL;
}

static void write_all(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    fixture *fx = xcalloc(1, sizeof *fx);
    make_test_workspace(&fx->root, &fx->ws);
    char *v = xasprintf("%s/villages/xinzhu.yaml", fx->root);
    write_all(v, "id: xinzhu\nkind: village\nname: 新竹村\nchecks: {}\n");
    free(v);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    remove_test_workspace(fx->root, &fx->ws);
    free(fx);
    return 0;
}

static ws_unit *find(fixture *fx, const char *id)
{
    bool missing;
    diag_list dl = DIAG_LIST_INIT;
    ws_unit *wu = workspace_find_unit(&fx->ws, id, &missing, &dl);
    if (!wu)
        diag_print(&dl, stderr);
    diag_clear(&dl);
    return wu;
}

static check_change status_change(const plan *p, const char *check, status st)
{
    check_change ch = {.check = plan_find_check(p, check), .set_status = true, .status = st};
    assert_non_null(ch.check);
    return ch;
}

static void test_set_writes_history(void **state)
{
    fixture *fx = *state;
    setenv("QTOWN_NOW", "1764123300", 1);
    setenv("TZ", "Asia/Shanghai", 1);
    tzset();
    ws_unit *wu = find(fx, "xinzhu");
    check_change ch = status_change(&fx->ws.plan, "M1.letter", STATUS_DONE);
    store_result res;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(store_apply(&fx->ws, wu, &ch, 1, "钱志锋", &res, &dl));
    assert_int_equal(res.changed, 1);
    assert_true(res.written);
    char *text = read_all(wu->path);
    assert_string_equal(text, "id: xinzhu\nkind: village\nname: 新竹村\nchecks:\n"
                              "  M1.letter:\n    status: done\n"
                              "    updated: 2025-11-26T10:15:00+08:00\n    by: 钱志锋\n"
                              "history:\n- {at: '2025-11-26T10:15:00+08:00', by: 钱志锋, "
                              "check: M1.letter, from: todo, to: done}\n");
    free(text);
    assert_int_equal(unit_status_of(wu->u, ch.check), STATUS_DONE);
}

static void test_unchanged_set_writes_nothing(void **state)
{
    fixture *fx = *state;
    ws_unit *wu = find(fx, "xinzhu");
    check_change ch = status_change(&fx->ws.plan, "M1.letter", STATUS_TODO);
    store_result res;
    diag_list dl = DIAG_LIST_INIT;
    struct stat before, after;
    assert_int_equal(stat(wu->path, &before), 0);
    assert_true(store_apply(&fx->ws, wu, &ch, 1, "x", &res, &dl));
    assert_int_equal(res.changed, 0);
    assert_false(res.written);
    assert_int_equal(stat(wu->path, &after), 0);
    assert_int_equal(before.st_ino, after.st_ino); /* not even replaced */
}

/* The file changed on disk after this process loaded it: the other
 * change survives, only our check is applied. */
static void test_concurrent_change_survives(void **state)
{
    fixture *fx = *state;
    ws_unit *wu = find(fx, "xinzhu");
    assert_non_null(wu);
    write_all(wu->path, "id: xinzhu\nkind: village\nname: 新竹村（手改）\nattributes:\n"
                        "  households: 812\nchecks:\n  M1.letter:\n    status: failed\n"
                        "    note: 手工修改\n");
    /* wu->u still holds the old state (no attributes, M1.letter todo) */
    assert_int_equal(wu->u->n_attrs, 0);
    check_change ch = {
        .check = plan_find_check(&fx->ws.plan, "M1.letter"), .set_note = true, .note = "补充说明"};
    diag_list dl = DIAG_LIST_INIT;
    assert_true(store_apply(&fx->ws, wu, &ch, 1, "x", NULL, &dl));
    char *text = read_all(wu->path);
    assert_non_null(strstr(text, "name: 新竹村（手改）"));
    assert_non_null(strstr(text, "households: 812"));
    assert_non_null(strstr(text, "status: failed"));
    assert_non_null(strstr(text, "note: 补充说明"));
    /* the hand-written note this change replaced is kept in the history */
    const char *kept = strstr(text, "note: 手工修改");
    assert_non_null(kept);
    assert_true(kept > strstr(text, "history:"));
    assert_non_null(strstr(kept, "event: merge"));
    free(text);
    /* the in-memory unit now shows the merged state */
    assert_string_equal(wu->u->name, "新竹村（手改）");
}

static void test_broken_file_is_never_written(void **state)
{
    fixture *fx = *state;
    ws_unit *wu = find(fx, "xinzhu");
    const char *broken = "id: xinzhu\nkind: village\nname: [unclosed\n";
    write_all(wu->path, broken);
    check_change ch = status_change(&fx->ws.plan, "M1.letter", STATUS_DONE);
    diag_list dl = DIAG_LIST_INIT;
    assert_false(store_apply(&fx->ws, wu, &ch, 1, "x", NULL, &dl));
    assert_true(dl.count > 0 && dl.items[0].line > 0);
    char *text = read_all(wu->path);
    assert_string_equal(text, broken);
    free(text);
    diag_clear(&dl);
}

static void test_stale_temp_files(void **state)
{
    fixture *fx = *state;
    char *tmp = xasprintf("%s/villages/.xinzhu.yaml.tmp", fx->root);
    write_all(tmp, "id: xinzhu\nkind: village\nname: HALF WRITT");
    diag_list dl = DIAG_LIST_INIT;
    /* loading the workspace never reads it as a unit */
    assert_true(workspace_load_units(&fx->ws, &dl));
    size_t villages = 0;
    for (size_t i = 0; i < fx->ws.n_units; i++)
        villages += fx->ws.units[i].kind == KIND_VILLAGE;
    assert_int_equal(villages, 1);
    /* and the next save of that unit (under its lock) reuses it and renames it away */
    ws_unit *wu = find(fx, "xinzhu");
    check_change ch = status_change(&fx->ws.plan, "M1.letter", STATUS_DOING);
    assert_true(store_apply(&fx->ws, wu, &ch, 1, "x", NULL, &dl));
    assert_false(fs_exists(tmp));
    free(tmp);
}

static void test_town_file_created_on_first_change(void **state)
{
    fixture *fx = *state;
    ws_unit *wu = find(fx, "town");
    assert_non_null(wu);
    assert_false(fs_exists(wu->path));
    check_change ch = {.check = plan_find_check(&fx->ws.plan, "O2.people"),
                       .set_value = true,
                       .has_value = true,
                       .value = 68,
                       .value_text = "68"};
    diag_list dl = DIAG_LIST_INIT;
    assert_true(store_apply(&fx->ws, wu, &ch, 1, "x", NULL, &dl));
    char *text = read_all(wu->path);
    assert_non_null(strstr(text, "value: 68"));
    assert_non_null(strstr(text, "to: todo, value: 68}"));
    free(text);
}

static void test_mode_preserved(void **state)
{
    fixture *fx = *state;
    char *path = xasprintf("%s/villages/xinzhu.yaml", fx->root);
    assert_int_equal(chmod(path, 0640), 0);
    ws_unit *wu = find(fx, "xinzhu");
    check_change ch = status_change(&fx->ws.plan, "M1.letter", STATUS_DONE);
    diag_list dl = DIAG_LIST_INIT;
    assert_true(store_apply(&fx->ws, wu, &ch, 1, "x", NULL, &dl));
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0640);
    char *text = read_all(path);
    assert_non_null(strstr(text, "status: done"));
    free(text);
    free(path);
}

/* A unit file that is a link (sent by a remote, made by hand) is refused,
 * never followed: the file it points to is neither read nor written, and
 * no lock file appears beside it (issue 10, item 2). */
static void test_symlink_unit_refused(void **state)
{
    fixture *fx = *state;
    char *outside = xasprintf("%s/outside.yaml", fx->root);
    char *link = xasprintf("%s/villages/xinzhu.yaml", fx->root);
    char *lock = xasprintf("%s/.outside.yaml.lock", fx->root);
    assert_int_equal(rename(link, outside), 0);
    assert_int_equal(symlink(outside, link), 0);
    char *before = read_all(outside);
    bool missing;
    diag_list dl = DIAG_LIST_INIT;
    assert_null(workspace_find_unit(&fx->ws, "xinzhu", &missing, &dl));
    assert_diag(&dl, "symbolic link", 0, 0);
    diag_clear(&dl);
    ws_unit *wu = workspace_entry(&fx->ws, KIND_VILLAGE, "xinzhu");
    check_change ch = status_change(&fx->ws.plan, "M1.letter", STATUS_DONE);
    assert_false(store_apply(&fx->ws, wu, &ch, 1, "x", NULL, &dl));
    assert_diag(&dl, "symbolic link", 0, 0);
    diag_clear(&dl);
    char *after = read_all(outside);
    assert_string_equal(before, after);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_int_not_equal(lstat(lock, &st), 0);
    free(before);
    free(after);
    free(lock);
    free(link);
    free(outside);
}

/* A unit folder that is a link to another folder is not walked into. */
static void test_symlink_folder_refused(void **state)
{
    fixture *fx = *state;
    char *elsewhere = xasprintf("%s/elsewhere", fx->root);
    char *villages = xasprintf("%s/villages", fx->root);
    assert_int_equal(rename(villages, elsewhere), 0);
    assert_int_equal(symlink(elsewhere, villages), 0);
    diag_list dl = DIAG_LIST_INIT;
    ws_unit *wu = workspace_entry(&fx->ws, KIND_VILLAGE, "xinzhu");
    check_change ch = status_change(&fx->ws.plan, "M1.letter", STATUS_DONE);
    assert_false(store_apply(&fx->ws, wu, &ch, 1, "x", NULL, &dl));
    assert_diag(&dl, "symbolic link", 0, 0);
    diag_clear(&dl);
    assert_false(workspace_load_units(&fx->ws, &dl));
    assert_diag(&dl, "symbolic link", 0, 0);
    diag_clear(&dl);
    char *text = read_all(elsewhere); /* a folder: NULL */
    assert_null(text);
    char *kept = xasprintf("%s/xinzhu.yaml", elsewhere);
    text = read_all(kept);
    assert_null(strstr(text, "status: done"));
    free(text);
    free(kept);
    free(villages);
    free(elsewhere);
}

/* A FIFO where a unit file should be is reported at once: opening it
 * never waits for a writer (issue 10, item 11). */
static void test_fifo_unit_refused(void **state)
{
    fixture *fx = *state;
    char *path = xasprintf("%s/villages/pipe.yaml", fx->root);
    assert_int_equal(mkfifo(path, 0644), 0);
    bool missing;
    diag_list dl = DIAG_LIST_INIT;
    assert_null(workspace_find_unit(&fx->ws, "pipe", &missing, &dl));
    assert_diag(&dl, "a FIFO, not a regular file", 0, 0);
    diag_clear(&dl);
    ws_unit *wu = workspace_entry(&fx->ws, KIND_VILLAGE, "pipe");
    check_change ch = status_change(&fx->ws.plan, "M1.letter", STATUS_DONE);
    assert_false(store_apply(&fx->ws, wu, &ch, 1, "x", NULL, &dl));
    diag_clear(&dl);
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    free(path);
}

static void test_refuses_check_of_other_kind(void **state)
{
    fixture *fx = *state;
    ws_unit *wu = find(fx, "xinzhu");
    check_change ch = status_change(&fx->ws.plan, "O1.iso", STATUS_DONE);
    diag_list dl = DIAG_LIST_INIT;
    assert_false(store_apply(&fx->ws, wu, &ch, 1, "x", NULL, &dl));
    assert_diag(&dl, "does not apply to village", 0, 0);
    diag_clear(&dl);
}

static void test_find_by_chinese_name(void **state)
{
    fixture *fx = *state;
    ws_unit *wu = find(fx, "新竹村");
    assert_non_null(wu);
    assert_string_equal(wu->id, "xinzhu");
    bool missing;
    diag_list dl = DIAG_LIST_INIT;
    assert_null(workspace_find_unit(&fx->ws, "新竹", &missing, &dl));
    assert_true(missing);
    assert_null(workspace_find_unit(&fx->ws, "../../etc/passwd", &missing, &dl));
    assert_true(missing);
    diag_clear(&dl);
}

static void test_add_unit_refuses_existing(void **state)
{
    fixture *fx = *state;
    diag_list dl = DIAG_LIST_INIT;
    unit *u = unit_new(KIND_ENTERPRISE, "xinzhu", "Clash");
    assert_null(store_add_unit(&fx->ws, u, &dl));
    assert_diag(&dl, "already exists", 0, 0);
    diag_clear(&dl);
    u = unit_new(KIND_ENTERPRISE, "acme", "ACME");
    ws_unit *wu = store_add_unit(&fx->ws, u, &dl);
    assert_non_null(wu);
    assert_true(fs_exists(wu->path));
}

/* A stamp taken in the same clock tick as the file's change cannot vouch
 * for it: a change of the same size within that tick is found by the
 * content's hash. */
static void test_racy_stamp(void **state)
{
    fixture *fx = *state;
    ws_unit *wu = find(fx, "xinzhu");
    assert_true(fs_stamp_racy(&wu->stamp));            /* written by setup just now */
    assert_false(workspace_unit_changed(&fx->ws, wu)); /* same content: not changed */
    /* the same size, and the same mtime as when it was read */
    struct timespec same[2] = {
        {.tv_sec = wu->stamp.mtime_ns / 1000000000, .tv_nsec = wu->stamp.mtime_ns % 1000000000}};
    same[1] = same[0];
    write_all(wu->path, "id: xinzhu\nkind: village\nname: 旧竹村\nchecks: {}\n");
    assert_int_equal(utimensat(AT_FDCWD, wu->path, same, 0), 0);
    assert_true(workspace_unit_changed(&fx->ws, wu));
    /* an old file is not racy: its stamp alone decides.  Setting its times
     * changed its ctime, which nobody can set back: racy until a tick has
     * passed since */
    struct timespec old[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1000000000}};
    assert_int_equal(utimensat(AT_FDCWD, wu->path, old, 0), 0);
    nanosleep(&(struct timespec){.tv_nsec = FS_RACY_NS + 50 * 1000 * 1000}, NULL);
    diag_list dl = DIAG_LIST_INIT;
    assert_true(workspace_reload_unit(&fx->ws, wu, &dl));
    assert_string_equal(wu->u->name, "旧竹村");
    assert_false(fs_stamp_racy(&wu->stamp));
    assert_false(workspace_unit_changed(&fx->ws, wu));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        T(test_set_writes_history),
        T(test_unchanged_set_writes_nothing),
        T(test_concurrent_change_survives),
        T(test_broken_file_is_never_written),
        T(test_stale_temp_files),
        T(test_town_file_created_on_first_change),
        T(test_mode_preserved),
        T(test_symlink_unit_refused),
        T(test_symlink_folder_refused),
        T(test_fifo_unit_refused),
        T(test_refuses_check_of_other_kind),
        T(test_find_by_chinese_name),
        T(test_racy_stamp),
        T(test_add_unit_refuses_existing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
