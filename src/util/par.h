/* par — a loop of independent iterations run on the machine's cores: the
 * one thread pool of qtown (nothing else starts threads).
 *
 * The sync reads, checks and merges thousands of unit files, and a scan
 * (model/scan.h) stats and parses a district's; each file is independent of
 * the others, so a batch of them is spread over the processors, and what
 * must happen in order (messages, writes, the summary) is done afterwards
 * by the caller, in order.  The threads par starts receive no signals (the
 * caller's thread still does); when no thread can be started, the caller
 * does it all. */
#ifndef QTOWN_PAR_H
#define QTOWN_PAR_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

typedef void par_fn(void *ctx, size_t i);

/* How many threads par_for uses: the processors online, at most
 * PAR_MAX_THREADS; $QTOWN_THREADS (1 to PAR_MAX_THREADS) when set. */
#define PAR_MAX_THREADS 8
size_t par_threads(void);

/* Calls fn(ctx, i) once for every i in [0, n), from up to par_threads()
 * threads (the caller's among them), and returns when every call has
 * returned.  fn may read what is shared and write only what belongs to
 * its i.  Returns the threads used, the caller's included. */
size_t par_for(size_t n, par_fn *fn, void *ctx);

/* par_for that tells each call which thread makes it: `slot`, from 0 (the
 * caller's) to the threads used less one, so that fn may keep what a
 * thread owns (an arena, a buffer) in ctx by slot without a lock.  A
 * thread is started for every `per_thread` iterations at most (fewer are
 * not worth one; at least one thread, the caller's).  Returns the threads
 * used, the caller's included. */
typedef void par_slot_fn(void *ctx, size_t i, size_t slot);
size_t par_for_slots(size_t n, size_t per_thread, par_slot_fn *fn, void *ctx);

/* par_for in windows, each followed by what must be done in order: the
 * iterations [0, n) are taken in windows whose weights (weight(ctx, i):
 * the bytes an iteration holds until `then` is done with it) add up to at
 * most `budget`, and at least one; fn runs on a window's iterations on
 * every thread, then `then(ctx, i)` on each of them in order, in the
 * caller's thread.  What a window holds is bounded, whatever n.  Stops at
 * the first `then` that returns false: false. */
typedef bool par_then_fn(void *ctx, size_t i);
typedef size_t par_weight_fn(void *ctx, size_t i);
bool par_for_then(size_t n, par_fn *fn, par_then_fn *then, par_weight_fn *weight, size_t budget,
                  void *ctx);

/* One task run alongside the caller's own work, whose thread then helps
 * with the caller's next loop: a scan reads its cache in another thread
 * while it lists the unit files, then both stat them.
 *
 *   par_side side;
 *   par_side_start(&side, task, ctx);  task(ctx) starts in a thread
 *   ... the caller's work ...
 *   par_side_for(&side, n, fn, ctx2);  the loop; when the task is done,
 *                                      its thread takes iterations too
 *
 * par_side_for returns when the task and every iteration are done (n 0:
 * it only waits for the task); when no thread could be started, the caller
 * runs the task there, after the loop.  The fields are par's own. */
typedef void par_task_fn(void *ctx);
typedef struct par_loop {
    par_slot_fn *fn; /* or, when NULL, */
    par_fn *plain;
    void *ctx;
    size_t n;
    atomic_size_t next; /* the next iteration nobody has taken */
} par_loop;
typedef struct par_side {
    par_task_fn *task;
    void *ctx;
    pthread_t thread;
    bool started;
    par_loop loop;
    atomic_bool posted; /* loop is set: the side's thread may join it */
} par_side;
void par_side_start(par_side *s, par_task_fn *task, void *ctx);
/* Returns the threads that ran iterations or the task, the caller's
 * included. */
size_t par_side_for(par_side *s, size_t n, par_fn *fn, void *ctx);

#endif
