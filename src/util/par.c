#include "util/par.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
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

typedef struct par_loop {
    par_fn *fn;
    void *ctx;
    size_t n;
    atomic_size_t next; /* the next iteration nobody has taken */
} par_loop;

/* Takes iterations one at a time until none is left: a slow file does not
 * hold up the ones after it. */
static void *work(void *arg)
{
    par_loop *l = arg;
    for (size_t i; (i = atomic_fetch_add(&l->next, 1)) < l->n;)
        l->fn(l->ctx, i);
    return NULL;
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

void par_for(size_t n, par_fn *fn, void *ctx)
{
    par_loop l = {fn, ctx, n, 0};
    size_t want = par_threads();
    if (want > n)
        want = n;
    pthread_t helpers[PAR_MAX_THREADS];
    size_t started = 0;
    if (want > 1) {
        /* the helpers start with every signal blocked: a signal is for the
         * thread that handles it (the command's, or the screens') */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        while (started + 1 < want && pthread_create(&helpers[started], NULL, work, &l) == 0)
            started++;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    work(&l);
    for (size_t t = 0; t < started; t++)
        pthread_join(helpers[t], NULL);
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
