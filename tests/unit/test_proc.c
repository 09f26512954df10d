/* util/proc: running a program without a shell, and not leaking a
 * descriptor when it cannot be started. */
#include "harness.h"

#include "util/proc.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_and_collects),
        cmocka_unit_test(test_no_descriptor_leaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
