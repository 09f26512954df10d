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
