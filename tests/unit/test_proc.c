/* util/proc: running a program without a shell, feeding and draining it
 * whatever the sizes, not leaking a descriptor when it cannot be started,
 * and launching a viewer. */
#include "harness.h"

#include "util/proc.h"

#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A pump that deadlocks hangs: this makes it a failure instead. */
#define HANG_S 120

/* Runs argv; one that hangs fails the test. */
static void run_or_fail(const char *const *argv, const proc_opts *o, proc_result *r)
{
    diag_list dl = DIAG_LIST_INIT;
    alarm(HANG_S);
    assert_true(proc_run(argv, o, r, &dl));
    alarm(0);
}

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

/* len bytes of letters, no two runs of a pipe's size alike. */
static char *letters(size_t len)
{
    char *in = xmalloc(len);
    for (size_t i = 0; i < len; i++)
        in[i] = (char)('a' + (i * 7 + i / 4093) % 26);
    return in;
}

/* Tens of MB in both directions at once: the child writes while it
 * reads, so both pipes fill up.  A pump that writes all its input before
 * it reads blocks with the child blocked on its full stdout. */
static void test_cat_moves_tens_of_mb(void **state)
{
    size_t len = 32u << 20;
    char *in = letters(len);
    const char *argv[] = {"cat", NULL};
    proc_opts o = {.in = in, .in_len = len};
    proc_result r;
    run_or_fail(argv, &o, &r);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.out.len, len);
    assert_memory_equal(r.out.data, in, len);
    proc_result_free(&r);
    free(in);
}

/* Runs git in `dir` with a private config; its output (caller frees). */
static char *git_in(const char *dir, const char *const *args, const char *in, size_t in_len)
{
    static const char *const env[] = {"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", NULL};
    const char *argv[8] = {"git"};
    for (size_t i = 0; args[i]; i++)
        argv[i + 1] = args[i];
    proc_opts o = {.cwd = dir, .env = env, .in = in, .in_len = in_len};
    proc_result r;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(proc_run(argv, &o, &r, &dl));
    assert_int_equal(r.status, 0);
    sb_free(&r.err);
    return sb_steal(&r.out);
}

/* A repository holding one blob the size of a unit file, and `asks`
 * requests for it (one name a line), as the sync asks git cat-file. */
typedef struct blob_repo {
    char dir[32];
    strbuf blob, in;
    char *oid, *head; /* head: the line that comes before each answer */
    size_t asks, answer;
} blob_repo;

static void blob_repo_make(blob_repo *b, size_t asks)
{
    memset(b, 0, sizeof *b);
    snprintf(b->dir, sizeof b->dir, "/tmp/qtown-proc-XXXXXX");
    assert_non_null(mkdtemp(b->dir));
    const char *init[] = {"init", "-q", ".", NULL};
    free(git_in(b->dir, init, NULL, 0));
    for (int i = 0; i < 100; i++)
        sb_printf(&b->blob, "  O%d.check: {status: done, by: 钱志锋}\n", i % 10);
    const char *hash[] = {"hash-object", "-w", "--stdin", NULL};
    b->oid = git_in(b->dir, hash, b->blob.data, b->blob.len);
    b->oid[strcspn(b->oid, "\n")] = '\0';
    b->head = xasprintf("%s blob %zu\n", b->oid, b->blob.len);
    b->asks = asks;
    b->answer = strlen(b->head) + b->blob.len + 1;
    for (size_t i = 0; i < asks; i++)
        sb_printf(&b->in, "%s\n", b->oid);
    /* more than a pipe holds each way */
    assert_true(b->in.len > 256 * 1024 && asks * b->answer > 20u << 20);
}

/* Is `out` the answers to every request? */
static void assert_answers(const blob_repo *b, const char *out)
{
    for (size_t i = 0; i < b->asks; i += b->asks / 7) {
        assert_memory_equal(out + i * b->answer, b->head, strlen(b->head));
        assert_memory_equal(out + i * b->answer + strlen(b->head), b->blob.data, b->blob.len);
    }
}

static void blob_repo_remove(blob_repo *b)
{
    char *rm = xasprintf("rm -rf '%s'", b->dir);
    assert_int_equal(system(rm), 0);
    free(rm);
    free(b->head);
    free(b->oid);
    sb_free(&b->in);
    sb_free(&b->blob);
}

/* What the sync does with thousands of files: thousands of names to
 * `git cat-file --batch` (more than a pipe holds), tens of MB of blobs
 * back. */
static void test_git_cat_file_batch_tens_of_mb(void **state)
{
    char *git = proc_find("git");
    if (!git)
        skip();
    free(git);
    blob_repo b;
    blob_repo_make(&b, 12000);
    const char *batch[] = {"cat-file", "--batch", NULL};
    alarm(HANG_S);
    char *out = git_in(b.dir, batch, b.in.data, b.in.len);
    alarm(0);
    assert_int_equal(strlen(out), b.asks * b.answer);
    assert_answers(&b, out);
    free(out);
    blob_repo_remove(&b);
}

/* Is the answer `out` as long as the ctx says? */
static bool has_bytes(void *ctx, const strbuf *out)
{
    return out->len >= *(const size_t *)ctx;
}

/* Asks a session and wants exactly `want` bytes back; one that hangs fails
 * the test. */
static void ask_or_fail(proc_session *s, const char *in, size_t len, size_t want, strbuf *out)
{
    alarm(HANG_S);
    assert_true(proc_ask(s, in, len, has_bytes, &want, out));
    alarm(0);
    assert_int_equal(out->len, want);
}

/* One child for several requests: each of tens of MB, answered while it
 * is sent (both pipes full at once); the child is still there for the
 * next one, and ends with its input. */
static void test_session_cat_tens_of_mb(void **state)
{
    size_t len = 24u << 20;
    char *in = letters(len);
    const char *argv[] = {"cat", NULL};
    diag_list dl = DIAG_LIST_INIT;
    int before = open_fds();
    proc_session *s = proc_open(argv, NULL, &dl);
    assert_non_null(s);
    for (int round = 0; round < 2; round++) {
        strbuf out = STRBUF_INIT;
        ask_or_fail(s, in + round, len - round, len - round, &out);
        assert_memory_equal(out.data, in + round, len - round);
        sb_free(&out);
    }
    proc_result r;
    proc_close(s, &r);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.out.len, 0);
    proc_result_free(&r);
    assert_int_equal(open_fds(), before);
    free(in);
}

/* The sync's conversation: thousands of names to one `git cat-file
 * --batch`, tens of MB of blobs back, twice from the same child. */
static void test_session_git_cat_file(void **state)
{
    char *git = proc_find("git");
    if (!git)
        skip();
    blob_repo b;
    blob_repo_make(&b, 10000);
    static const char *const env[] = {"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", NULL};
    const char *argv[] = {git, "cat-file", "--batch", NULL};
    proc_opts o = {.cwd = b.dir, .env = env};
    diag_list dl = DIAG_LIST_INIT;
    proc_session *s = proc_open(argv, &o, &dl);
    assert_non_null(s);
    for (int round = 0; round < 2; round++) {
        strbuf out = STRBUF_INIT;
        ask_or_fail(s, b.in.data, b.in.len, b.asks * b.answer, &out);
        assert_answers(&b, out.data);
        sb_free(&out);
    }
    proc_result r;
    proc_close(s, &r);
    assert_int_equal(r.status, 0);
    proc_result_free(&r);
    free(git);
    blob_repo_remove(&b);
}

/* A child that ends in the middle of a conversation: the request fails
 * (it does not hang, nor does a signal kill us), and the end says its
 * status and what it said; nothing is left open. */
static void test_session_child_ends(void **state)
{
    const char *argv[] = {"sh", "-c", "read x; echo \"got $x\"; echo gone >&2; exit 5", NULL};
    diag_list dl = DIAG_LIST_INIT;
    int before = open_fds();
    proc_session *s = proc_open(argv, NULL, &dl);
    assert_non_null(s);
    size_t len = 4u << 20, never = SIZE_MAX;
    char *in = xmalloc(len);
    memset(in, 'x', len);
    in[0] = 'a', in[1] = '\n';
    strbuf out = STRBUF_INIT;
    alarm(HANG_S);
    assert_false(proc_ask(s, in, len, has_bytes, &never, &out));
    alarm(0);
    /* what it answered before it ended, as far as it was read */
    assert_true(out.len == 0 || strcmp(sb_str(&out), "got a\n") == 0);
    proc_result r;
    proc_close(s, &r);
    assert_int_equal(r.status, 5);
    assert_string_equal(sb_str(&r.err), "gone\n");
    proc_result_free(&r);
    sb_free(&out);
    free(in);
    assert_int_equal(open_fds(), before);
    const char *none[] = {"/nonexistent/program", NULL};
    s = proc_open(none, NULL, &dl); /* started: exec fails in the child */
    assert_non_null(s);
    proc_close(s, &r);
    assert_int_equal(r.status, 127);
    proc_result_free(&r);
    diag_clear(&dl);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Has the process gone (killed and reaped by init)?  Waits up to 5 s. */
static bool gone(pid_t pid)
{
    for (int i = 0; i < 500; i++) {
        if (kill(pid, 0) != 0 && errno == ESRCH)
            return true;
        usleep(10000);
    }
    return false;
}

/* A child that hangs, with a grandchild (git and the ssh it started):
 * stopped after idle_ms of silence, both of them, in about that time. */
static void test_silent_child_stopped_with_what_it_started(void **state)
{
    const char *argv[] = {"sh", "-c", "sleep 60 & echo $!; wait", NULL};
    proc_opts o = {.idle_ms = 300, .detach = true};
    proc_result r;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    run_or_fail(argv, &o, &r);
    double took = seconds_since(&t0);
    assert_true(r.timed_out);
    assert_false(r.stopped);
    assert_true(took >= 0.3 && took < 0.3 + PROC_GRACE_MS / 1000.0 + 5);
    assert_int_equal(r.status, 128 + SIGTERM);
    pid_t grandchild = (pid_t)atoi(sb_str(&r.out));
    assert_true(grandchild > 0);
    assert_true(gone(grandchild));
    proc_result_free(&r);
}

typedef struct heard {
    size_t calls, bytes;
    int asked, stop_after;
} heard;

static void count_err(void *ctx, const char *data, size_t len)
{
    heard *h = ctx;
    h->calls++;
    h->bytes += len;
}

static bool until_asked(void *ctx)
{
    heard *h = ctx;
    return ++h->asked <= h->stop_after;
}

/* A child that keeps reporting (git's progress) is not stopped, however
 * long it takes; what it reports is told as it comes. */
static void test_talking_child_not_stopped(void **state)
{
    const char *argv[] = {"sh", "-c", "for i in 1 2 3 4 5 6 7 8; do echo $i >&2; sleep 0.1; done",
                          NULL};
    heard h = {0};
    proc_opts o = {.idle_ms = 2000, .on_err = count_err, .ctx = &h};
    proc_result r;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(proc_run(argv, &o, &r, &dl));
    assert_false(r.timed_out);
    assert_int_equal(r.status, 0);
    assert_string_equal(sb_str(&r.err), "1\n2\n3\n4\n5\n6\n7\n8\n");
    assert_int_equal(h.bytes, r.err.len);
    assert_true(h.calls >= 2);
    proc_result_free(&r);
}

/* keep_going saying no stops the child at once (the screens' Esc). */
static void test_keep_going_stops(void **state)
{
    const char *argv[] = {"sleep", "60", NULL};
    heard h = {.stop_after = 2};
    proc_opts o = {.keep_going = until_asked, .ctx = &h};
    proc_result r;
    run_or_fail(argv, &o, &r);
    assert_true(r.stopped);
    assert_false(r.timed_out);
    assert_int_equal(h.asked, 3);
    assert_int_equal(r.status, 128 + SIGTERM);
    proc_result_free(&r);
}

/* A child that ended while something it left behind holds its pipes: its
 * status, not a timeout, once the pipes stay silent. */
static void test_ended_child_left_holding_pipes(void **state)
{
    const char *argv[] = {"sh", "-c", "sleep 60 & echo $!; exit 4", NULL};
    proc_opts o = {.idle_ms = 300, .detach = true};
    proc_result r;
    run_or_fail(argv, &o, &r);
    assert_false(r.timed_out);
    assert_int_equal(r.status, 4);
    pid_t left = (pid_t)atoi(sb_str(&r.out));
    assert_true(left > 0);
    kill(left, SIGKILL);
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
        cmocka_unit_test(test_cat_moves_tens_of_mb),
        cmocka_unit_test(test_git_cat_file_batch_tens_of_mb),
        cmocka_unit_test(test_session_cat_tens_of_mb),
        cmocka_unit_test(test_session_git_cat_file),
        cmocka_unit_test(test_session_child_ends),
        cmocka_unit_test(test_silent_child_stopped_with_what_it_started),
        cmocka_unit_test(test_talking_child_not_stopped),
        cmocka_unit_test(test_keep_going_stops),
        cmocka_unit_test(test_ended_child_left_holding_pipes),
        cmocka_unit_test(test_no_descriptor_leaks),
        cmocka_unit_test(test_launch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
