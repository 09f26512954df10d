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

/* par_for_slots: every iteration once; a slot is one thread's (the
 * caller's is 0), below the threads it says it used; per_thread bounds
 * the threads. */
typedef struct slotted {
    atomic_int count[SEEN_MAX];
    pthread_t owner[PAR_MAX_THREADS];
    atomic_bool owned[PAR_MAX_THREADS];
    atomic_int foreign;               /* a slot used by two threads, or out of range */
    size_t per_slot[PAR_MAX_THREADS]; /* written by the slot's thread alone */
    bool slow;
} slotted;

static void slot_visit(void *ctx, size_t i, size_t slot)
{
    slotted *s = ctx;
    atomic_fetch_add(&s->count[i], 1);
    if (slot >= PAR_MAX_THREADS) {
        atomic_fetch_add(&s->foreign, 1);
        return;
    }
    bool expected = false;
    if (atomic_compare_exchange_strong(&s->owned[slot], &expected, true))
        s->owner[slot] = pthread_self();
    else if (!pthread_equal(s->owner[slot], pthread_self()))
        atomic_fetch_add(&s->foreign, 1);
    s->per_slot[slot]++;
    if (s->slow) {
        struct timespec ms = {0, 1000000};
        nanosleep(&ms, NULL);
    }
}

static size_t run_slots(slotted *s, size_t n, size_t per_thread, const char *threads)
{
    setenv("QTOWN_THREADS", threads, 1);
    size_t used = par_for_slots(n, per_thread, slot_visit, s);
    unsetenv("QTOWN_THREADS");
    return used;
}

static void test_slots_belong_to_one_thread(void **state)
{
    slotted *s = xcalloc(1, sizeof *s);
    s->slow = true;
    size_t used = run_slots(s, 200, 1, "4");
    assert_true(used >= 1 && used <= 4);
    for (size_t i = 0; i < SEEN_MAX; i++)
        assert_int_equal(atomic_load(&s->count[i]), i < 200 ? 1 : 0);
    assert_int_equal(atomic_load(&s->foreign), 0);
    assert_true(pthread_equal(s->owner[0], pthread_self()));
    size_t total = 0;
    for (size_t k = 0; k < PAR_MAX_THREADS; k++) {
        if (k >= used)
            assert_false(atomic_load(&s->owned[k]));
        total += s->per_slot[k];
    }
    assert_int_equal(total, 200);
    assert_true(used > 1); /* 1 ms each: the helpers took some */
    free(s);
}

static void test_slots_per_thread_bounds_the_threads(void **state)
{
    static const struct {
        size_t n, per_thread;
        const char *threads;
        size_t most;
    } cases[] = {{0, 64, "8", 1},   {63, 64, "8", 1},   {100, 64, "8", 1},
                 {128, 64, "8", 2}, {1000, 64, "3", 3}, {SEEN_MAX, 0, "8", 8}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        slotted *s = xcalloc(1, sizeof *s);
        size_t used = run_slots(s, cases[c].n, cases[c].per_thread, cases[c].threads);
        assert_true(used >= 1 && used <= cases[c].most);
        for (size_t i = 0; i < SEEN_MAX; i++)
            assert_int_equal(atomic_load(&s->count[i]), i < cases[c].n ? 1 : 0);
        assert_int_equal(atomic_load(&s->foreign), 0);
        free(s);
    }
}

/* par_side: the task runs once, in a thread of its own that takes no
 * signals and then helps with the loop; with one thread, in the caller's
 * after the loop; par_side_for returns only when the task is done. */
typedef struct side_run {
    visits v;
    atomic_int tasks;
    pthread_t task_thread;
    atomic_bool task_signals;
    atomic_int done_loop; /* iterations done when the task ran */
    struct timespec task_time;
} side_run;

static void side_task(void *ctx)
{
    side_run *r = ctx;
    nanosleep(&r->task_time, NULL);
    r->task_thread = pthread_self();
    sigset_t now;
    pthread_sigmask(SIG_SETMASK, NULL, &now);
    atomic_store(&r->task_signals, !sigismember(&now, SIGINT));
    int done = 0;
    for (size_t i = 0; i < SEEN_MAX; i++)
        done += atomic_load(&r->v.count[i]);
    atomic_store(&r->done_loop, done);
    atomic_fetch_add(&r->tasks, 1);
}

static side_run *run_side(size_t n, const char *threads, long task_ns, bool *started)
{
    side_run *r = xcalloc(1, sizeof *r);
    r->v.main = pthread_self();
    r->v.slow = true;
    r->task_time = (struct timespec){0, task_ns};
    setenv("QTOWN_THREADS", threads, 1);
    par_side side;
    par_side_start(&side, side_task, r);
    *started = side.started;
    size_t used = par_side_for(&side, n, visit, &r->v);
    unsetenv("QTOWN_THREADS");
    assert_true(used >= 1 && used <= 2 + (size_t)atoi(threads));
    assert_int_equal(atomic_load(&r->tasks), 1);
    for (size_t i = 0; i < SEEN_MAX; i++)
        assert_int_equal(atomic_load(&r->v.count[i]), i < n ? 1 : 0);
    return r;
}

static void test_side_task_then_helps(void **state)
{
    bool started;
    /* two threads: the caller's and the task's, which then takes some of
     * the 200 slow iterations */
    side_run *r = run_side(200, "2", 1000000, &started);
    assert_true(started);
    assert_false(pthread_equal(r->task_thread, pthread_self()));
    assert_false(atomic_load(&r->task_signals));
    assert_true(atomic_load(&r->v.on_helpers) > 0);
    assert_int_equal(atomic_load(&r->v.helper_signals), 0);
    free(r);
    /* one thread: the caller runs the task, after the loop */
    r = run_side(50, "1", 0, &started);
    assert_false(started);
    assert_true(pthread_equal(r->task_thread, pthread_self()));
    assert_int_equal(atomic_load(&r->done_loop), 50);
    assert_int_equal(atomic_load(&r->v.on_helpers), 0);
    free(r);
    /* no loop: par_side_for waits for a slow task */
    r = run_side(0, "2", 50000000, &started);
    assert_true(started);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_iteration_once),
        cmocka_unit_test(test_helpers_share_the_work_and_no_signal),
        cmocka_unit_test(test_threads_from_the_environment),
        cmocka_unit_test(test_windows_then_in_order),
        cmocka_unit_test(test_slots_belong_to_one_thread),
        cmocka_unit_test(test_slots_per_thread_bounds_the_threads),
        cmocka_unit_test(test_side_task_then_helps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
