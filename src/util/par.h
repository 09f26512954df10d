/* par — a loop of independent iterations run on the machine's cores.
 *
 * The sync reads, checks and merges thousands of unit files; each file's
 * parse is independent of the others' and is most of the sync's own time,
 * so a batch of them is spread over the processors, and what must happen
 * in order (messages, writes, the summary) is done afterwards by the
 * caller, in order. */
#ifndef QTOWN_PAR_H
#define QTOWN_PAR_H

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
 * its i.  The threads it starts receive no signals (the caller's thread
 * still does).  When no thread can be started, the caller does it all. */
void par_for(size_t n, par_fn *fn, void *ctx);

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

#endif
