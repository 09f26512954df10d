/* model/identity: who signs a change, each source in its order, and the
 * user's config file (read, written, refused). */
#include "harness.h"

#include "fixtures.h"
#include "model/identity.h"
#include "util/fsutil.h"

#include <unistd.h>

static const char *git_answer; /* what the stand-in for git says */

static char *fake_git_name(const char *root)
{
    (void)root;
    return git_answer ? xstrdup(git_answer) : NULL;
}

typedef struct fixture {
    char *root;
    workspace ws;
    char *config_home;
} fixture;

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    make_test_workspace(&f->root, &f->ws);
    f->config_home = fs_join(f->root, "config-home");
    setenv("XDG_CONFIG_HOME", f->config_home, 1);
    unsetenv("QTOWN_USER");
    setenv("USER", "login-name", 1);
    git_answer = NULL;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    free(f->config_home);
    remove_test_workspace(f->root, &f->ws);
    free(f);
    return 0;
}

/* Resolves and checks the name and its source. */
static void expect(fixture *f, const char *by, const char *name, identity_source source)
{
    identity who;
    diag_list dl = DIAG_LIST_INIT;
    if (!identity_resolve(&f->ws, by, fake_git_name, &who, &dl)) {
        diag_print(&dl, stderr);
        fail_msg("no identity");
    }
    assert_string_equal(who.name, name);
    assert_int_equal(who.source, source);
    identity_free(&who);
}

static void test_order(void **state)
{
    fixture *f = *state;
    expect(f, NULL, "login-name", IDENTITY_LOGIN);
    f->ws.cfg.inspector = "共用的名字";
    expect(f, NULL, "共用的名字", IDENTITY_WORKSPACE);
    git_answer = "";
    expect(f, NULL, "共用的名字", IDENTITY_WORKSPACE); /* git has none */
    git_answer = "Git 名";
    expect(f, NULL, "Git 名", IDENTITY_GIT);
    diag_list dl = DIAG_LIST_INIT;
    assert_true(identity_config_write("自己的名字", &dl));
    expect(f, NULL, "自己的名字", IDENTITY_USER_CONFIG);
    setenv("QTOWN_USER", "环境变量", 1);
    expect(f, NULL, "环境变量", IDENTITY_ENV);
    expect(f, "选项", "选项", IDENTITY_OPTION);
    /* without a workspace, steps 4 and 5 are skipped */
    unsetenv("QTOWN_USER");
    char *path = identity_config_path();
    unlink(path);
    free(path);
    identity who;
    assert_true(identity_resolve(NULL, NULL, fake_git_name, &who, &dl));
    assert_int_equal(who.source, IDENTITY_LOGIN);
    identity_free(&who);
}

static void write_config(const char *text)
{
    char *path = identity_config_path();
    diag_list dl = DIAG_LIST_INIT;
    char *dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
    assert_true(fs_mkdirs(dir, &dl));
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
    free(dir);
    free(path);
}

/* A broken config or an unfit name stops the resolution with a message:
 * the next source would sign as someone else. */
static void test_refusals(void **state)
{
    fixture *f = *state;
    identity who;
    diag_list dl = DIAG_LIST_INIT;
    write_config("name: [unclosed\n");
    assert_false(identity_resolve(&f->ws, NULL, fake_git_name, &who, &dl));
    assert_true(dl.count > 0 && dl.items[0].line > 0);
    diag_clear(&dl);
    write_config("name: ok\ncolour: red\n");
    assert_false(identity_resolve(&f->ws, NULL, fake_git_name, &who, &dl));
    assert_diag(&dl, "colour", 2, 1);
    diag_clear(&dl);
    write_config("name: \"a\\u202eb\"\n"); /* a bidi override */
    assert_false(identity_resolve(&f->ws, NULL, fake_git_name, &who, &dl));
    diag_clear(&dl);
    write_config("# nothing set\n");
    git_answer = "Git 名";
    expect(f, NULL, "Git 名", IDENTITY_GIT); /* a config without a name */
    git_answer = "two\nlines";
    assert_false(identity_resolve(&f->ws, NULL, fake_git_name, &who, &dl));
    diag_clear(&dl);
    setenv("QTOWN_USER", "\x1b[2J", 1);
    assert_false(identity_resolve(&f->ws, NULL, fake_git_name, &who, &dl));
    assert_diag(&dl, "QTOWN_USER", 0, 0);
    diag_clear(&dl);
    unsetenv("QTOWN_USER");
}

/* The config file is replaced only when it is a regular file. */
static void test_config_write_refuses_links(void **state)
{
    (void)state;
    char *path = identity_config_path();
    diag_list dl = DIAG_LIST_INIT;
    assert_true(identity_config_write("第一个", &dl));
    char *name;
    assert_true(identity_config_read(path, &name, &dl));
    assert_string_equal(name, "第一个");
    free(name);
    char *target = xasprintf("%s.target", path);
    FILE *t = fopen(target, "w");
    fputs("keep\n", t);
    fclose(t);
    unlink(path);
    assert_int_equal(symlink(target, path), 0);
    assert_false(identity_config_write("第二个", &dl));
    assert_diag(&dl, "a symbolic link", 0, 0);
    diag_clear(&dl);
    char *buf;
    size_t len;
    assert_int_equal(fs_read_file(target, 100, &buf, &len, NULL, &dl), FS_OK);
    assert_string_equal(buf, "keep\n");
    free(buf);
    free(target);
    free(path);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        T(test_order),
        T(test_refusals),
        T(test_config_write_refuses_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
