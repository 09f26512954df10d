/* sync/changes: what changed in qtown's files between two versions of a
 * workspace kept in git — two commits, a commit and the index, a commit
 * and the folder — each unit file read in both versions (against a plan
 * made from the files: old versions may name checks no plan knows), files
 * that do not load marked so, and files that are not qtown's left out.
 * Runs the real git in a temporary repository; skipped without git. */
#include "harness.h"

#include "fixtures.h"
#include "sync/changes.h"
#include "sync/parsed.h"
#include "yaml/ydoc.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char root[] = "/tmp/qtown-changes-XXXXXX";
static git G;
static plan P;
static char *first, *second; /* commits */

static void put(const char *path, const char *text)
{
    char *full = fs_join(root, path);
    diag_list dl = DIAG_LIST_INIT;
    char *dir = xstrdup(full);
    *strrchr(dir, '/') = '\0';
    assert_true(fs_mkdirs(dir, &dl));
    assert_true(fs_write_output(full, text, strlen(text), &dl));
    free(dir);
    free(full);
}

static void gone(const char *path)
{
    char *full = fs_join(root, path);
    assert_int_equal(unlink(full), 0);
    free(full);
}

static char *commit_all(const char *message)
{
    diag_list dl = DIAG_LIST_INIT;
    assert_true(git_ok(&G, &dl, "add", "-A", NULL));
    assert_true(git_ok(&G, &dl, "commit", "-q", "-m", message, NULL));
    char *id = git_capture(&G, &dl, "rev-parse", "HEAD", NULL);
    diag_print(&dl, stderr);
    assert_non_null(id);
    return id;
}

static const char village_a[] = "id: a\nkind: village\nname: A\nchecks:\n"
                                "  M1.letter:\n    status: doing\n";

/* First commit: two villages, the settings, a README (not qtown's).
 * Second: a's letter done, b removed, c added, an enterprise that does
 * not load added, the settings and the README changed. */
static int setup(void **state)
{
    if (!mkdtemp(root))
        return -1;
    char *home = fs_join(root, ".home");
    setenv("HOME", home, 1);
    free(home);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    setenv("GIT_AUTHOR_NAME", "tester", 1);
    setenv("GIT_AUTHOR_EMAIL", "tester@example.org", 1);
    setenv("GIT_COMMITTER_NAME", "tester", 1);
    setenv("GIT_COMMITTER_EMAIL", "tester@example.org", 1);
    diag_list dl = DIAG_LIST_INIT;
    if (!git_open(&G, root, &dl)) {
        diag_clear(&dl);
        return 0; /* no git: each test skips */
    }
    load_mini_plan(&P);
    git_ok(&G, &dl, "init", "-q", NULL);
    put("qtown.yaml", "plan: mini\n");
    put("villages/a.yaml", village_a);
    put("villages/b.yaml", "id: b\nkind: village\nname: B\n");
    put("README.md", "notes\n");
    first = commit_all("first");
    put("villages/a.yaml", "id: a\nkind: village\nname: A\nchecks:\n"
                           "  M1.letter:\n    status: done\n    by: 甲\n");
    gone("villages/b.yaml");
    /* c names a check this plan does not have: an old version may */
    put("villages/c.yaml", "id: c\nkind: village\nname: C\nchecks:\n"
                           "  X9.retired:\n    status: done\n");
    put("enterprises/bad.yaml", "id: bad\nkind: enterprise\nname: \"unclosed\n");
    put("qtown.yaml", "plan: mini\ntown: T\n");
    put("README.md", "more notes\n");
    second = commit_all("second");
    diag_print(&dl, stderr);
    return dl.count ? -1 : 0;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
    return remove(path);
}

static int teardown(void **state)
{
    nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    if (G.exe) {
        plan_free(&P);
        git_close(&G);
    }
    free(first);
    free(second);
    return 0;
}

static const sync_delta *delta(const sync_changes *sc, const char *path)
{
    for (size_t i = 0; i < sc->n; i++)
        if (strcmp(sc->items[i].path, path) == 0)
            return &sc->items[i];
    return NULL;
}

#define NEED_GIT()                                                                                 \
    do {                                                                                           \
        if (!G.exe)                                                                                \
            skip();                                                                                \
    } while (0)

static void test_between_two_commits(void **state)
{
    NEED_GIT();
    sync_changes sc = {0};
    diag_list dl = DIAG_LIST_INIT;
    assert_true(changes_between(&G, &P, first, second, NULL, &sc, &dl));
    assert_int_equal(dl.count, 0);
    assert_int_equal(sc.n, 5);
    assert_null(delta(&sc, "README.md")); /* not one of qtown's files */

    const sync_delta *a = delta(&sc, "villages/a.yaml");
    assert_non_null(a);
    assert_true(a->is_unit);
    assert_false(a->unreadable);
    assert_int_equal(a->changes.n, 1);
    assert_int_equal(a->changes.items[0].kind, CHANGE_CHECK);
    assert_string_equal(a->changes.items[0].key, "M1.letter");
    assert_int_equal(a->changes.items[0].from, STATUS_DOING);
    assert_int_equal(a->changes.items[0].to, STATUS_DONE);
    assert_string_equal(a->changes.items[0].by, "甲");

    const sync_delta *b = delta(&sc, "villages/b.yaml");
    assert_non_null(b);
    assert_string_equal(b->id, "b"); /* from the version it had */
    assert_int_equal(b->changes.items[0].kind, CHANGE_REMOVED);

    const sync_delta *c = delta(&sc, "villages/c.yaml");
    assert_non_null(c);
    assert_int_equal(c->changes.items[0].kind, CHANGE_ADDED);
    assert_false(c->unreadable); /* read, though the plan does not know its check */
    assert_string_equal(c->name, "C");

    const sync_delta *bad = delta(&sc, "enterprises/bad.yaml");
    assert_non_null(bad);
    assert_true(bad->is_unit);
    assert_true(bad->unreadable);
    assert_null(bad->name);
    assert_int_equal(bad->changes.n, 0);

    const sync_delta *cfg = delta(&sc, "qtown.yaml");
    assert_non_null(cfg);
    assert_false(cfg->is_unit);
    assert_int_equal(cfg->changes.n, 0);

    /* each file without readable changes counts one */
    size_t units;
    assert_int_equal(sync_changes_count(&sc, &units), 5);
    assert_int_equal(units, 4);
    sync_changes_free(&sc);
    assert_int_equal(sc.n, 0);
}

/* With a plan to check against, each new version of a unit file is read
 * against it too: c's check is not in the plan, bad does not parse. */
static void test_new_versions_checked_against_the_plan(void **state)
{
    NEED_GIT();
    sync_changes sc = {0};
    diag_list dl = DIAG_LIST_INIT, problems = DIAG_LIST_INIT;
    changes_check check = {.plan = &P, .problems = &problems};
    assert_true(changes_between(&G, &P, first, second, &check, &sc, &dl));
    assert_int_equal(dl.count, 0);
    assert_int_equal(check.failed, 2);
    assert_true(problems.count >= 2);
    diag_clear(&problems);
    sync_changes_free(&sc);
}

static void test_since_nothing_everything_is_added(void **state)
{
    NEED_GIT();
    sync_changes sc = {0};
    diag_list dl = DIAG_LIST_INIT;
    assert_true(changes_between(&G, NULL, NULL, first, NULL, &sc, &dl));
    assert_int_equal(sc.n, 3); /* qtown.yaml, a, b */
    const sync_delta *a = delta(&sc, "villages/a.yaml");
    assert_non_null(a);
    assert_int_equal(a->changes.n, 1);
    assert_int_equal(a->changes.items[0].kind, CHANGE_ADDED);
    sync_changes_free(&sc);
}

static void test_the_index_and_the_folder(void **state)
{
    NEED_GIT();
    diag_list dl = DIAG_LIST_INIT;
    /* staged: a's letter failed; then, in the folder only: n/a */
    put("villages/a.yaml", "id: a\nkind: village\nname: A\nchecks:\n"
                           "  M1.letter:\n    status: failed\n");
    assert_true(git_ok(&G, &dl, "add", "villages/a.yaml", NULL));
    put("villages/a.yaml", "id: a\nkind: village\nname: A\nchecks:\n"
                           "  M1.letter:\n    status: na\n");
    sync_changes sc = {0};
    assert_true(changes_between(&G, &P, second, NULL, NULL, &sc, &dl)); /* to the index */
    assert_int_equal(sc.n, 1);
    assert_int_equal(sc.items[0].changes.items[0].from, STATUS_DONE);
    assert_int_equal(sc.items[0].changes.items[0].to, STATUS_FAILED);
    sync_changes_free(&sc);

    path_changes paths = {0};
    assert_true(repo_local_changes(&G, &paths, &dl)); /* from HEAD (second) */
    assert_int_equal(paths.n, 1);
    assert_true(changes_of_paths(&G, &P, &paths, true, NULL, &sc, &dl)); /* to the folder */
    assert_int_equal(sc.items[0].changes.items[0].to, STATUS_NA);
    sync_changes_free(&sc);
    path_changes_free(&paths);
    assert_true(git_ok(&G, &dl, "checkout", "-q", "HEAD", "--", "villages/a.yaml", NULL));
    diag_print(&dl, stderr);
    assert_int_equal(dl.count, 0);
}

/* A file of qtown's that is not a unit (an evidence file, up to 20 MiB) is
 * listed, not read: past a unit file's size limit it is no problem. */
static void test_a_large_evidence_file_is_not_read(void **state)
{
    NEED_GIT();
    diag_list dl = DIAG_LIST_INIT, problems = DIAG_LIST_INIT;
    size_t len = UNIT_MAX_BYTES + 1024;
    char *big = xmalloc(len + 1);
    memset(big, 'x', len);
    big[len] = '\0';
    put("evidence/a/scan-0123abcd.pdf", big);
    free(big);
    path_changes paths = {0};
    assert_true(repo_local_changes(&G, &paths, &dl));
    assert_int_equal(paths.n, 1);
    sync_changes sc = {0};
    changes_check check = {.plan = &P, .problems = &problems};
    assert_true(changes_of_paths(&G, &P, &paths, true, &check, &sc, &dl));
    diag_print(&problems, stderr);
    assert_int_equal(check.failed, 0);
    assert_int_equal(problems.count, 0);
    assert_int_equal(sc.n, 1);
    assert_false(sc.items[0].is_unit);
    sync_changes_free(&sc);
    path_changes_free(&paths);
    gone("evidence/a/scan-0123abcd.pdf");
    assert_int_equal(dl.count, 0);
}

static void test_an_unknown_commit_is_an_error(void **state)
{
    NEED_GIT();
    sync_changes sc = {0};
    diag_list dl = DIAG_LIST_INIT;
    assert_false(changes_between(&G, &P, "0123456789abcdef0123456789abcdef01234567", second, NULL,
                                 &sc, &dl));
    assert_true(dl.count > 0);
    diag_clear(&dl);
    sync_changes_free(&sc);
}

/* More files than a batch, read on several threads: listed, and what does
 * not load said, in the order of the files, exactly as one thread does. */
static void changes_with_threads(const char *threads, const char *from, const char *to,
                                 sync_changes *sc, diag_list *problems, size_t *failed)
{
    setenv("QTOWN_THREADS", threads, 1);
    diag_list dl = DIAG_LIST_INIT;
    changes_check check = {.plan = &P, .problems = problems};
    assert_true(changes_between(&G, &P, from, to, &check, sc, &dl));
    assert_int_equal(dl.count, 0);
    *failed = check.failed;
    unsetenv("QTOWN_THREADS");
}

static void test_many_files_on_several_threads(void **state)
{
    NEED_GIT();
    enum { N = 600 };
    size_t broken = 0;
    for (int i = 0; i < N; i++) {
        char path[64], text[160];
        snprintf(path, sizeof path, "villages/v%03d.yaml", i);
        if (i % 7 == 3) /* does not load: the value is not a status */
            snprintf(text, sizeof text,
                     "id: v%03d\nkind: village\nname: V\nchecks:\n"
                     "  M1.letter:\n    status: maybe%d\n",
                     i, i),
                broken++;
        else
            snprintf(text, sizeof text,
                     "id: v%03d\nkind: village\nname: V\nchecks:\n"
                     "  M1.letter:\n    status: %s\n",
                     i, i % 2 ? "done" : "doing");
        put(path, text);
    }
    char *many = commit_all("many");
    sync_changes one = {0}, several = {0};
    diag_list one_said = DIAG_LIST_INIT, several_said = DIAG_LIST_INIT;
    size_t one_failed, several_failed;
    changes_with_threads("1", second, many, &one, &one_said, &one_failed);
    changes_with_threads("4", second, many, &several, &several_said, &several_failed);
    assert_int_equal(several_failed, broken);
    assert_int_equal(one_failed, broken);
    assert_int_equal(several.n, N);
    assert_int_equal(several.n, one.n);
    for (size_t i = 0; i < several.n; i++) {
        assert_string_equal(several.items[i].path, one.items[i].path);
        if (i)
            assert_true(strcmp(several.items[i - 1].path, several.items[i].path) < 0);
        assert_int_equal(several.items[i].changes.n, one.items[i].changes.n);
        assert_int_equal(several.items[i].unreadable, one.items[i].unreadable);
    }
    assert_true(several_said.count >= broken);
    assert_int_equal(several_said.count, one_said.count);
    for (size_t i = 0; i < several_said.count; i++) {
        assert_string_equal(several_said.items[i].file, one_said.items[i].file);
        assert_string_equal(several_said.items[i].msg, one_said.items[i].msg);
        if (i)
            assert_true(strcmp(several_said.items[i - 1].file, several_said.items[i].file) <= 0);
    }
    diag_clear(&one_said);
    diag_clear(&several_said);
    sync_changes_free(&one);
    sync_changes_free(&several);
    free(many);
}

/* Versions kept by their bytes: found again only with exactly those
 * bytes (not with others of the same length), each once, within the
 * budget. */
static void test_parsed_versions_kept_by_their_bytes(void **state)
{
    static const ylimits lim = {.max_depth = 8, .max_scalar = 1024, .max_nodes = 1000};
    const char *v1 = "id: a\nchecks:\n  O1.x: {status: done}\n";
    const char *v2 = "id: a\nchecks:\n  O1.x: {status: fail}\n"; /* the same length */
    arena *mem = arena_new(1024);
    ydoc d1, d2;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(ydoc_parse(&d1, mem, "v1", v1, strlen(v1), &lim, &dl));
    assert_true(ydoc_parse(&d2, mem, "v2", v2, strlen(v2), &lim, &dl));
    parsed_versions *pv = parsed_new(4096);
    assert_null(parsed_find(pv, v1, strlen(v1), mem));
    assert_true(parsed_keep(pv, v1, strlen(v1), d1.root));
    assert_false(parsed_keep(pv, v1, strlen(v1), d1.root)); /* kept already */
    assert_null(parsed_find(pv, v2, strlen(v2), mem));
    const ynode *found = parsed_find(pv, v1, strlen(v1), mem);
    assert_non_null(found);
    assert_string_equal(ynode_get(ynode_get(ynode_get(found, "checks"), "O1.x"), "status")->str,
                        "done");
    assert_int_equal(ynode_get(found, "checks")->line, ynode_get(d1.root, "checks")->line);
    assert_int_equal(parsed_count(pv), 1);
    size_t one = parsed_bytes(pv);
    parsed_free(pv);
    /* a budget for one version: the second is not kept, nor found */
    pv = parsed_new(one + one / 2);
    assert_true(parsed_keep(pv, v1, strlen(v1), d1.root));
    assert_false(parsed_keep(pv, v2, strlen(v2), d2.root));
    assert_null(parsed_find(pv, v2, strlen(v2), mem));
    assert_true(parsed_bytes(pv) <= one + one / 2);
    /* many versions: all found again */
    parsed_free(pv);
    pv = parsed_new(64u << 20);
    char buf[64];
    for (int i = 0; i < 500; i++) {
        int n = snprintf(buf, sizeof buf, "id: a\nn: %d\n", i);
        ydoc d;
        assert_true(ydoc_parse(&d, mem, "v", buf, (size_t)n, &lim, &dl));
        assert_true(parsed_keep(pv, buf, (size_t)n, d.root));
    }
    for (int i = 0; i < 500; i++) {
        int n = snprintf(buf, sizeof buf, "id: a\nn: %d\n", i);
        found = parsed_find(pv, buf, (size_t)n, mem);
        assert_non_null(found);
        assert_int_equal(atoi(ynode_get(found, "n")->str), i);
    }
    parsed_free(pv);
    arena_free(mem);
    diag_clear(&dl);
}

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parsed_versions_kept_by_their_bytes),
        cmocka_unit_test(test_between_two_commits),
        cmocka_unit_test(test_new_versions_checked_against_the_plan),
        cmocka_unit_test(test_since_nothing_everything_is_added),
        cmocka_unit_test(test_the_index_and_the_folder),
        cmocka_unit_test(test_a_large_evidence_file_is_not_read),
        cmocka_unit_test(test_an_unknown_commit_is_an_error),
        cmocka_unit_test(test_many_files_on_several_threads),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
