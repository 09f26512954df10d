/* util/proc: running a program without a shell, not leaking a
 * descriptor when it cannot be started, and launching a viewer. */
#include "harness.h"

#include "util/proc.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/resource.h>

/* Descriptors open in this process (the listing's own, "." and ".."
 * left out). */
static int open_fds(void)
{
    int n = -3;
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

static void test_runs_and_collects(void **state)
{
    const char *argv[] = {"sh", "-c", "cat; echo err >&2; exit 3", NULL};
    proc_opts o = {.in = "a;b $(x)", .in_len = 8};
    proc_result r;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(proc_run(argv, &o, &r, &dl));
    assert_int_equal(r.status, 3);
    assert_string_equal(sb_str(&r.out), "a;b $(x)"); /* data, never parsed */
    assert_string_equal(sb_str(&r.err), "err\n");
    proc_result_free(&r);
}

static void test_no_descriptor_leaks(void **state)
{
    const char *argv[] = {"true", NULL};
    proc_result r;
    diag_list dl = DIAG_LIST_INIT;
    int before = open_fds();
    for (int i = 0; i < 50; i++) {
        assert_true(proc_run(argv, NULL, &r, &dl));
        proc_result_free(&r);
    }
    assert_int_equal(open_fds(), before);
    /* too few descriptors left for the third pipe: refused, none kept */
    struct rlimit old, low;
    assert_int_equal(getrlimit(RLIMIT_NOFILE, &old), 0);
    low = old;
    /* room for four more descriptors: /dev/null and one pipe, not two */
    int probe[4];
    for (int i = 0; i < 4; i++)
        probe[i] = open("/dev/null", O_RDONLY);
    for (int i = 0; i < 4; i++)
        close(probe[i]);
    low.rlim_cur = (rlim_t)probe[3] + 1;
    if (setrlimit(RLIMIT_NOFILE, &low) != 0)
        skip();
    bool started = proc_run(argv, NULL, &r, &dl);
    setrlimit(RLIMIT_NOFILE, &old);
    if (started) /* a tool (valgrind) holds descriptors of its own: no test */
        proc_result_free(&r);
    else
        assert_int_equal(open_fds(), before);
    diag_clear(&dl);
}

/* A viewer is started without a shell and without waiting: the path
 * reaches it as one argument, whatever it holds; its output goes nowhere;
 * qtown returns at once and keeps no descriptor; a program that is not
 * there is said. */
static void test_launch(void **state)
{
    char dir[] = "/tmp/qtown-launch-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char script[256], seen[256], arg[256];
    snprintf(script, sizeof script, "%s/viewer", dir);
    snprintf(seen, sizeof seen, "%s/seen", dir);
    snprintf(arg, sizeof arg, "%s/a file $(touch pwned); x.pdf", dir);
    FILE *f = fopen(script, "w");
    fprintf(f,
            "#!/bin/sh\necho noise\nsleep 0.2\nprintf '%%s|' \"$@\" >'%s.tmp'\nmv '%s.tmp' '%s'\n",
            seen, seen, seen);
    fclose(f);
    chmod(script, 0755);
    const char *argv[] = {script, arg, NULL};
    diag_list dl = DIAG_LIST_INIT;
    int before = open_fds();
    assert_true(proc_launch(argv, &dl));
    assert_int_equal(open_fds(), before);
    assert_int_not_equal(access(seen, F_OK), 0); /* not waited for */
    for (int i = 0; i < 100 && access(seen, F_OK) != 0; i++)
        usleep(50 * 1000);
    char got[512] = "";
    f = fopen(seen, "r");
    assert_non_null(f);
    assert_non_null(fgets(got, sizeof got, f));
    fclose(f);
    char want[300];
    snprintf(want, sizeof want, "%s|", arg);
    assert_string_equal(got, want);
    assert_int_not_equal(access("pwned", F_OK), 0);
    const char *none[] = {"/nonexistent/viewer", "x", NULL};
    assert_false(proc_launch(none, &dl));
    assert_diag(&dl, "/nonexistent/viewer", 0, 0);
    diag_clear(&dl);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_and_collects),
        cmocka_unit_test(test_no_descriptor_leaks),
        cmocka_unit_test(test_launch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
