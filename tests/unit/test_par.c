/* util/par: every iteration run exactly once, on several threads when
 * asked, none of them taking the process's signals; $QTOWN_THREADS read
 * as documented. */
#include "harness.h"

#include "util/par.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define SEEN_MAX 4096

typedef struct visits {
    atomic_int count[SEEN_MAX];
    pthread_t main;
    atomic_int on_helpers;     /* iterations run by a thread par_for started */
    atomic_int helper_signals; /* ... of which with SIGINT not blocked */
    bool slow;
} visits;

static void visit(void *ctx, size_t i)
{
    visits *v = ctx;
    atomic_fetch_add(&v->count[i], 1);
    if (!pthread_equal(pthread_self(), v->main)) {
        atomic_fetch_add(&v->on_helpers, 1);
        sigset_t now;
        pthread_sigmask(SIG_SETMASK, NULL, &now);
        if (!sigismember(&now, SIGINT))
            atomic_fetch_add(&v->helper_signals, 1);
    }
    if (v->slow) { /* long enough for every thread to take some */
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
}

static visits *run(size_t n, const char *threads, bool slow)
{
    setenv("QTOWN_THREADS", threads, 1);
    visits *v = xcalloc(1, sizeof *v);
    v->main = pthread_self();
    v->slow = slow;
    par_for(n, visit, v);
    unsetenv("QTOWN_THREADS");
    return v;
}

static void test_every_iteration_once(void **state)
{
    static const size_t sizes[] = {0, 1, 2, 7, 256, SEEN_MAX};
    static const char *const threads[] = {"1", "2", "3", "8"};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++)
        for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
            visits *v = run(sizes[s], threads[t], false);
            for (size_t i = 0; i < SEEN_MAX; i++)
                assert_int_equal(atomic_load(&v->count[i]), i < sizes[s] ? 1 : 0);
            free(v);
        }
}

static void test_helpers_share_the_work_and_no_signal(void **state)
{
    visits *v = run(200, "4", true);
    assert_true(atomic_load(&v->on_helpers) > 0);
    assert_int_equal(atomic_load(&v->helper_signals), 0);
    free(v);
    /* one thread asked: the caller does it all */
    v = run(50, "1", true);
    assert_int_equal(atomic_load(&v->on_helpers), 0);
    free(v);
}

static void test_threads_from_the_environment(void **state)
{
    setenv("QTOWN_THREADS", "3", 1);
    assert_int_equal(par_threads(), 3);
    unsetenv("QTOWN_THREADS");
    size_t machine = par_threads();
    assert_true(machine >= 1 && machine <= PAR_MAX_THREADS);
    static const char *const bad[] = {"0", "-2", "x", "3x", "9", "", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        setenv("QTOWN_THREADS", bad[i], 1);
        assert_int_equal(par_threads(), machine);
    }
    unsetenv("QTOWN_THREADS");
}

/* par_for_then: each window's iterations run before `then` sees them,
 * `then` in order, no window over the budget (unless one iteration is),
 * and a `then` that says stop stops it. */
typedef struct windows {
    atomic_int ran[64];
    size_t order[64], n_then, stop_at;
    size_t open; /* iterations run and not yet seen by then: at most a window */
    size_t most_open;
    atomic_size_t running;
} windows;

static void window_run(void *ctx, size_t i)
{
    windows *w = ctx;
    atomic_fetch_add(&w->ran[i], 1);
    atomic_fetch_add(&w->running, 1);
}

static bool window_then(void *ctx, size_t i)
{
    windows *w = ctx;
    assert_int_equal(atomic_load(&w->ran[i]), 1);
    size_t open = atomic_load(&w->running) - w->n_then;
    if (open > w->most_open)
        w->most_open = open;
    w->order[w->n_then++] = i;
    return i != w->stop_at;
}

static size_t window_weight(void *ctx, size_t i)
{
    return i == 10 ? 100 : 10; /* the 11th is over the budget alone */
}

static void test_windows_then_in_order(void **state)
{
    setenv("QTOWN_THREADS", "4", 1);
    windows *w = xcalloc(1, sizeof *w);
    w->stop_at = SIZE_MAX;
    assert_true(par_for_then(40, window_run, window_then, window_weight, 30, w));
    assert_int_equal(w->n_then, 40);
    for (size_t i = 0; i < 40; i++)
        assert_int_equal(w->order[i], i);
    assert_int_equal(w->most_open, 3); /* 30 bytes: three of 10 */
    free(w);
    w = xcalloc(1, sizeof *w);
    w->stop_at = 7;
    assert_false(par_for_then(40, window_run, window_then, window_weight, 30, w));
    assert_int_equal(w->n_then, 8);
    assert_int_equal(atomic_load(&w->ran[20]), 0); /* later windows never read */
    free(w);
    unsetenv("QTOWN_THREADS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_iteration_once),
        cmocka_unit_test(test_helpers_share_the_work_and_no_signal),
        cmocka_unit_test(test_threads_from_the_environment),
        cmocka_unit_test(test_windows_then_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
