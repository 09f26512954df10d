/* bench — what the C benchmarks share: the wall clock and the processor
 * time in seconds, the best of several rounds, loading the workspace, the
 * arguments. */
#ifndef QTOWN_BENCH_H
#define QTOWN_BENCH_H

#include "i18n/i18n.h"
#include "model/timestamp.h"
#include "model/workspace.h"
#include "util/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double bench_clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline double bench_now(void)
{
    return bench_clock(CLOCK_MONOTONIC);
}

/* The processor time this process used: what a figure is on a machine
 * whose cores are shared (the wall clock counts the others' work too). */
static inline double bench_cpu_now(void)
{
    return bench_clock(CLOCK_PROCESS_CPUTIME_ID);
}

static inline double bench_min(double a, double b)
{
    return a < b ? a : b;
}

/* Opens a workspace and loads every unit (the baseline of every
 * benchmark); false after printing why not. */
static inline bool bench_load(workspace *ws, const char *root)
{
    diag_list dl = DIAG_LIST_INIT;
    bool ok = workspace_open(ws, root, &dl) && workspace_load_units(ws, &dl);
    if (!ok)
        diag_print(&dl, stderr);
    diag_clear(&dl);
    return ok;
}

/* NAME WORKSPACE TODAY [ROUNDS] (default 5): false after the usage; sets
 * up the locale and the language (Chinese, as the demo's). */
static inline bool bench_dated_args(int argc, char **argv, const char *name, int64_t *today,
                                    int *rounds)
{
    if (argc < 3 || !date_parse(argv[2], today)) {
        fprintf(stderr, "usage: %s WORKSPACE TODAY [ROUNDS]\n", name);
        return false;
    }
    *rounds = argc > 3 ? atoi(argv[3]) : 5;
    text_init_locale();
    i18n_set_lang(LANG_ZH);
    return true;
}

#endif
