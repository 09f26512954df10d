#include "util/par.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

size_t par_threads(void)
{
    const char *env = getenv("QTOWN_THREADS");
    if (env && *env) {
        char *end;
        long n = strtol(env, &end, 10);
        if (*end == '\0' && n >= 1 && n <= PAR_MAX_THREADS)
            return (size_t)n;
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    if (online < 1)
        return 1;
    return online > PAR_MAX_THREADS ? PAR_MAX_THREADS : (size_t)online;
}

/* Takes iterations one at a time until none is left: a slow file does not
 * hold up the ones after it. */
static void work(par_loop *l, size_t slot)
{
    for (size_t i; (i = atomic_fetch_add(&l->next, 1)) < l->n;) {
        if (l->fn)
            l->fn(l->ctx, i, slot);
        else
            l->plain(l->ctx, i);
    }
}

/* A started thread: its loop and its slot. */
typedef struct par_helper {
    pthread_t thread;
    par_loop *loop;
    size_t slot;
} par_helper;

static void *helper_work(void *arg)
{
    par_helper *h = arg;
    work(h->loop, h->slot);
    return NULL;
}

/* pthread_create with every signal blocked in the new thread: a signal is
 * for the thread that handles it (the command's, or the screens'). */
static bool start_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    bool started = pthread_create(t, NULL, fn, arg) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return started;
}

/* Runs the loop on the caller's thread (slot 0) and on helpers started
 * for it (slots first_slot...), `want` threads in all; returns those
 * used. */
static size_t run_loop(par_loop *l, size_t want, size_t first_slot)
{
    par_helper helpers[PAR_MAX_THREADS];
    size_t started = 0;
    while (started + 1 < want && started < PAR_MAX_THREADS) {
        par_helper *h = &helpers[started];
        h->loop = l;
        h->slot = first_slot + started;
        if (!start_thread(&h->thread, helper_work, h))
            break;
        started++;
    }
    work(l, 0);
    for (size_t t = 0; t < started; t++)
        pthread_join(helpers[t].thread, NULL);
    return started + 1;
}

static size_t threads_for(size_t n, size_t per_thread, size_t busy)
{
    size_t want = par_threads();
    want = want > busy ? want - busy : 1;
    if (per_thread && want > n / per_thread)
        want = n / per_thread;
    return want ? want : 1;
}

size_t par_for(size_t n, par_fn *fn, void *ctx)
{
    par_loop l = {.plain = fn, .ctx = ctx, .n = n};
    atomic_init(&l.next, 0);
    return run_loop(&l, threads_for(n, 1, 0), 1);
}

size_t par_for_slots(size_t n, size_t per_thread, par_slot_fn *fn, void *ctx)
{
    par_loop l = {.fn = fn, .ctx = ctx, .n = n};
    atomic_init(&l.next, 0);
    return run_loop(&l, threads_for(n, per_thread ? per_thread : 1, 0), 1);
}

/* The iterations of a window, numbered from its first. */
typedef struct par_window {
    par_fn *fn;
    void *ctx;
    size_t first;
} par_window;

static void in_window(void *ctx, size_t i)
{
    const par_window *w = ctx;
    w->fn(w->ctx, w->first + i);
}

bool par_for_then(size_t n, par_fn *fn, par_then_fn *then, par_weight_fn *weight, size_t budget,
                  void *ctx)
{
    for (size_t from = 0; from < n;) {
        size_t to = from + 1, held = weight(ctx, from);
        while (to < n && held + weight(ctx, to) <= budget)
            held += weight(ctx, to++);
        par_window w = {fn, ctx, from};
        par_for(to - from, in_window, &w);
        for (; from < to; from++)
            if (!then(ctx, from))
                return false;
    }
    return true;
}

/* The side's thread: its task, then the loop when it is posted by now
 * (else the caller's threads take it all). */
static void *side_work(void *arg)
{
    par_side *s = arg;
    s->task(s->ctx);
    if (atomic_load(&s->posted))
        work(&s->loop, 0); /* a loop of par_fn: no slots */
    return NULL;
}

void par_side_start(par_side *s, par_task_fn *task, void *ctx)
{
    s->task = task;
    s->ctx = ctx;
    atomic_init(&s->posted, false);
    s->started = par_threads() > 1 && start_thread(&s->thread, side_work, s);
}

size_t par_side_for(par_side *s, size_t n, par_fn *fn, void *ctx)
{
    s->loop = (par_loop){.plain = fn, .ctx = ctx, .n = n};
    atomic_init(&s->loop.next, 0);
    atomic_store(&s->posted, true);
    size_t used = run_loop(&s->loop, threads_for(n, 1, s->started), 1);
    if (s->started)
        pthread_join(s->thread, NULL);
    else
        s->task(s->ctx);
    return used + s->started;
}
