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
    name_verdict name;
    assert_null(store_add_unit(&fx->ws, u, &name, &dl));
    assert_diag(&dl, "already exists", 0, 0);
    diag_clear(&dl);
    u = unit_new(KIND_ENTERPRISE, "acme", "ACME");
    ws_unit *wu = store_add_unit(&fx->ws, u, &name, &dl);
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

static check_change note_change(const plan *p, const char *note)
{
    check_change ch = {.check = plan_find_check(p, "M1.letter"), .set_note = true, .note = note};
    assert_non_null(ch.check);
    return ch;
}

/* A note change is in the history with the note it replaced. */
static void test_note_change_recorded(void **state)
{
    fixture *fx = *state;
    ws_unit *wu = find(fx, "xinzhu");
    diag_list dl = DIAG_LIST_INIT;
    check_change ch = note_change(&fx->ws.plan, "第一次");
    assert_true(store_apply(&fx->ws, wu, &ch, 1, "甲", NULL, &dl));
    ch = note_change(&fx->ws.plan, "第二次\n两行");
    store_result res;
    assert_true(store_apply(&fx->ws, wu, &ch, 1, "乙", &res, &dl));
    assert_int_equal(res.notes_kept, 0);
    const unit *u = wu->u;
    assert_int_equal(u->n_history, 2);
    assert_string_equal(u->history[0].event, HISTORY_NOTE);
    assert_null(u->history[0].note); /* there was none */
    assert_false(u->history[0].has_status);
    assert_string_equal(u->history[1].event, HISTORY_NOTE);
    assert_string_equal(u->history[1].note, "第一次");
    assert_string_equal(u->history[1].by, "乙");
    /* and it reads back from the file */
    assert_true(workspace_reload_unit(&fx->ws, wu, &dl));
    assert_string_equal(wu->u->history[1].note, "第一次");
}

/* An editor started from one note; someone saved another meanwhile: the
 * save wins the field, the other's note is kept as a merge (its author
 * and time) and in the note entry, and the result says so. */
static void test_note_base_conflict(void **state)
{
    fixture *fx = *state;
    ws_unit *wu = find(fx, "xinzhu");
    write_all(wu->path, "id: xinzhu\nkind: village\nname: 新竹村\nchecks:\n  M1.letter:\n"
                        "    status: doing\n    note: 甲写的\n"
                        "    updated: 2026-01-02T03:04:05+08:00\n    by: 甲\n");
    assert_true(workspace_reload_unit(&fx->ws, wu, NULL)); /* the screen has seen it... */
    check_change ch = note_change(&fx->ws.plan, "乙写的");
    ch.has_note_base = true; /* ...but the editor was opened before */
    ch.note_base = "原来的";
    store_result res;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(store_apply(&fx->ws, wu, &ch, 1, "乙", &res, &dl));
    assert_int_equal(res.notes_kept, 1);
    assert_string_equal(res.kept_by, "甲");
    const unit *u = wu->u;
    assert_string_equal(unit_find_check(u, "M1.letter")->note, "乙写的");
    assert_int_equal(u->n_history, 2);
    const history_entry *lost = &u->history[0], *note = &u->history[1];
    assert_string_equal(lost->event, HISTORY_MERGE);
    assert_string_equal(lost->by, "甲");
    assert_string_equal(lost->at, "2026-01-02T03:04:05+08:00");
    assert_string_equal(lost->note, "甲写的");
    assert_true(lost->has_status && lost->from == STATUS_DOING && lost->to == STATUS_DOING);
    assert_string_equal(note->event, HISTORY_NOTE);
    assert_string_equal(note->by, "乙");
    assert_string_equal(note->note, "甲写的");
    /* started from what is on disk: no merge */
    ch = note_change(&fx->ws.plan, "丙写的");
    ch.has_note_base = true;
    ch.note_base = "乙写的\n"; /* a trailing line end is not part of a note */
    assert_true(store_apply(&fx->ws, wu, &ch, 1, "丙", &res, &dl));
    assert_int_equal(res.notes_kept, 0);
}

static void add_village(fixture *fx, const char *id, const char *name, bool expect_ok,
                        name_verdict expect, const char *needle)
{
    diag_list dl = DIAG_LIST_INIT;
    name_verdict v;
    ws_unit *wu = store_add_unit(&fx->ws, unit_new(KIND_VILLAGE, id, name), &v, &dl);
    assert_int_equal(wu != NULL, expect_ok);
    assert_int_equal(v, expect);
    if (needle)
        assert_diag(&dl, needle, 0, 0);
    diag_clear(&dl);
}

/* One unit, one name: another unit's name, another unit's id and the
 * town's name are refused, naming the other unit. */
static void test_add_refuses_taken_name(void **state)
{
    fixture *fx = *state;
    add_village(fx, "xinzhu-2", "新竹村", false, NAME_TAKEN, "village xinzhu");
    add_village(fx, "other", "xinzhu", false, NAME_TAKEN, "the id of");
    add_village(fx, "other", "town", false, NAME_TAKEN, "town");
    add_village(fx, "other", "two\nlines", false, NAME_INVALID, NULL);
    add_village(fx, "quoted", "\"引号\" 村: x", true, NAME_OK, NULL);
    /* a name the writer quotes is still found, and still taken */
    add_village(fx, "quoted-2", "\"引号\" 村: x", false, NAME_TAKEN, "quoted");
    ws_unit *wu = find(fx, "\"引号\" 村: x");
    assert_non_null(wu);
    assert_string_equal(wu->id, "quoted");
    char *path = xasprintf("%s/villages/other.yaml", fx->root);
    assert_false(fs_exists(path));
    free(path);
}

/* Names already on disk twice: finding by it is an error listing both
 * ids, never a pick; the check reports both at their name. */
static void test_duplicate_names_on_disk(void **state)
{
    fixture *fx = *state;
    char *v = xasprintf("%s/villages/xinzhu-2.yaml", fx->root);
    write_all(v, "id: xinzhu-2\nkind: village\nname: 新竹村\n");
    free(v);
    diag_list dl = DIAG_LIST_INIT;
    bool missing;
    assert_null(workspace_find_unit(&fx->ws, "新竹村", &missing, &dl));
    assert_true(missing);
    assert_diag(&dl, "xinzhu, xinzhu-2", 0, 0);
    diag_clear(&dl);
    assert_true(workspace_load_units(&fx->ws, &dl));
    assert_false(workspace_check_unique_names(&fx->ws, &dl));
    assert_int_equal(dl.count, 2);
    assert_diag(&dl, "xinzhu-2", 3, 7);
    assert_true(strstr(dl.items[0].file, "xinzhu") != NULL);
    diag_clear(&dl);
}

/* fs_resolve_new(path) compared with the workspace's real root + rest. */
static void assert_resolves(fixture *fx, const char *path, const char *rest)
{
    char *got = fs_resolve_new(path);
    char *want = *rest ? fs_join(fx->ws.tree.root, rest) : xstrdup(fx->ws.tree.root);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
    free(want);
}

/* A path whose last parts are not there yet resolves as mkdir -p would
 * make it, its links followed: what new-year and -o compare with the
 * workspace. */
static void test_resolve_new_paths(void **state)
{
    fixture *fx = *state;
    char *p = xasprintf("%s/a/b/../c/./d/", fx->root);
    assert_resolves(fx, p, "a/c/d");
    free(p);
    p = xasprintf("%s/villages/../next", fx->root);
    assert_resolves(fx, p, "next");
    free(p);
    p = xasprintf("%s/gone/../../%s/x", fx->root, strrchr(fx->ws.tree.root, '/') + 1);
    assert_resolves(fx, p, "x");
    free(p);
    assert_resolves(fx, fx->root, "");
    char *link = xasprintf("%s/up", fx->root);
    assert_int_equal(symlink("/", link), 0);
    p = xasprintf("%s/not-there", link);
    char *got = fs_resolve_new(p);
    assert_string_equal(got, "/not-there");
    free(got);
    free(p);
    p = xasprintf("%s/x/../..", link);
    got = fs_resolve_new(p);
    assert_string_equal(got, "/");
    free(got);
    free(p);
    unlink(link);
    free(link);
    assert_true(fs_path_under("/a/b", "/a"));
    assert_true(fs_path_under("/a", "/a"));
    assert_false(fs_path_under("/ab", "/a"));
    assert_false(fs_path_under("/a", "/a/b"));
    assert_true(fs_path_under("/x", "/"));
}

/* Under one names' lock (a writer of many names: import) the names are
 * read once, and each name written is known at once: a unit renamed frees
 * its old name and takes the new one, a unit added takes its name. */
static void test_names_under_one_lock(void **state)
{
    fixture *fx = *state;
    diag_list dl = DIAG_LIST_INIT;
    fs_lock lock;
    assert_true(store_lock_names(&fx->ws, &lock, &dl));
    ws_unit *wu = find(fx, "xinzhu");
    assert_non_null(wu);
    unit_edit e = {"新竹二村", NULL, 0};
    assert_true(store_edit_unit(&fx->ws, wu, &e, "甲", NULL, &dl));
    add_village(fx, "a", "新竹二村", false, NAME_TAKEN, "village xinzhu");
    add_village(fx, "b", "新竹村", true, NAME_OK, NULL);
    add_village(fx, "c", "新竹村", false, NAME_TAKEN, "village b");
    /* read once: a file written behind the lock's back is not read again
     * while it is held (every qtown takes the lock before it writes a name) */
    char *path = xasprintf("%s/villages/byhand.yaml", fx->root);
    write_all(path, "id: byhand\nkind: village\nname: 手写村\n");
    add_village(fx, "d", "手写村", true, NAME_OK, NULL);
    store_unlock_names(&fx->ws, &lock);
    assert_false(fx->ws.names_locked);
    /* taken again, the lock reads them again */
    add_village(fx, "e", "手写村", false, NAME_TAKEN, "village byhand");
    add_village(fx, "f", "新竹二村", false, NAME_TAKEN, "village xinzhu");
    unlink(path);
    free(path);
    assert_int_equal(dl.count, 0);
}

/* Units asked for one at a time (an import's thousands) are found by
 * kind and id through the workspace's index: the same entry every time,
 * a village and an enterprise of one id apart, none listed twice by the
 * listing that follows, all found again once it sorted them. */
static void test_unit_index_finds_every_unit(void **state)
{
    fixture *fx = *state;
    diag_list dl = DIAG_LIST_INIT;
    workspace_close(&fx->ws);
    enum { MANY_IDS = 300 };
    for (int i = 0; i < MANY_IDS; i += 3) { /* a third of them have files */
        char *path = xasprintf("%s/villages/u%03d.yaml", fx->root, i);
        char *text = xasprintf("id: u%03d\nkind: village\nname: 村%03d\n", i, i);
        write_all(path, text);
        free(text);
        free(path);
    }
    assert_true(workspace_open(&fx->ws, fx->root, &dl));
    workspace *ws = &fx->ws;
    size_t before = ws->n_units;
    for (int i = MANY_IDS - 1; i >= 0; i--) { /* out of order: the listing sorts */
        char id[16];
        snprintf(id, sizeof id, "u%03d", i);
        ws_unit *v = workspace_entry(ws, KIND_VILLAGE, id);
        ws_unit *e = workspace_entry(ws, KIND_ENTERPRISE, id);
        assert_ptr_not_equal(v, e);
        assert_ptr_equal(workspace_entry(ws, KIND_VILLAGE, id), v);
        assert_int_equal(v->kind, KIND_VILLAGE);
        assert_string_equal(v->id, id);
    }
    assert_int_equal(ws->n_units, before + 2 * MANY_IDS);
    assert_true(workspace_list_units(ws, &dl));
    size_t listed = ws->n_units;
    for (int i = 0; i < MANY_IDS; i++) {
        char id[16];
        snprintf(id, sizeof id, "u%03d", i);
        size_t seen = 0;
        for (size_t k = 0; k < ws->n_units; k++)
            seen += ws->units[k].kind == KIND_VILLAGE && strcmp(ws->units[k].id, id) == 0;
        assert_int_equal(seen, 1);
        ws_unit *v = workspace_entry(ws, KIND_VILLAGE, id);
        assert_string_equal(v->id, id);
        assert_int_equal(v->kind, KIND_VILLAGE);
        assert_string_equal(workspace_entry(ws, KIND_ENTERPRISE, id)->id, id);
    }
    assert_int_equal(ws->n_units, listed); /* nothing added by the look-ups */
    assert_non_null(find(fx, "xinzhu"));
    assert_int_equal(dl.count, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        T(test_set_writes_history),
        T(test_resolve_new_paths),
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
        T(test_note_change_recorded),
        T(test_note_base_conflict),
        T(test_add_refuses_taken_name),
        T(test_duplicate_names_on_disk),
        T(test_names_under_one_lock),
        T(test_unit_index_finds_every_unit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
