/* bench_ledger — the ledger's computations on a workspace against the
 * time of loading it, in the same run: `qtown evidence --expiring 60`
 * (the records expiring within 60 days, ordered) and the overview's
 * evidence counts and unvisited units (what overview_build adds).
 *
 *   bench_ledger WORKSPACE TODAY [ROUNDS]
 *
 * Each figure is the best of ROUNDS (default 5): loading = opening the
 * workspace and reading every unit file (workspace_open +
 * workspace_load_units). */
#include "bench.h"
#include "i18n/i18n.h"
#include "model/evidence.h"
#include "model/timestamp.h"
#include "model/visit.h"
#include "model/workspace.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    int64_t today;
    int rounds;
    if (!bench_dated_args(argc, argv, "bench_ledger", &today, &rounds))
        return 2;
    double t_load = 1e9, t_expiring = 1e9, t_counts = 1e9;
    size_t n_units = 0, n_records = 0, n_expiring = 0, n_alerts = 0, n_unvisited = 0;
    for (int r = 0; r < rounds; r++) {
        workspace ws;
        double t0 = bench_now();
        if (!bench_load(&ws, argv[1]))
            return 1;
        double t1 = bench_now();
        ev_list l;
        ev_list_build(&l, &ws, SIZE_MAX, EV_ONLY_EXPIRING, today, 60);
        double t2 = bench_now();
        n_expiring = l.n;
        ev_list_free(&l);
        /* what overview_build adds: alerts, their counts, unvisited units */
        double t3 = bench_now();
        ev_list_build(&l, &ws, SIZE_MAX, EV_ONLY_ALERTS, today, workspace_expiring_days(&ws));
        size_t expired = 0;
        for (size_t i = 0; i < l.n; i++)
            expired += l.items[i].validity == EV_EXPIRED;
        size_t *units;
        int64_t *last;
        n_unvisited = visit_unvisited(&ws, today, workspace_unvisited_days(&ws), &units, &last);
        double t4 = bench_now();
        n_alerts = l.n;
        (void)expired;
        free(units);
        free(last);
        ev_list_free(&l);
        t_load = bench_min(t_load, t1 - t0);
        t_expiring = bench_min(t_expiring, t2 - t1);
        t_counts = bench_min(t_counts, t4 - t3);
        n_units = ws.n_units;
        n_records = 0;
        for (size_t i = 0; i < ws.n_units; i++)
            n_records += ws.units[i].u ? ws.units[i].u->n_records : 0;
        workspace_close(&ws);
    }
    printf("units: %zu, records: %zu (best of %d rounds)\n", n_units, n_records, rounds);
    printf("load workspace (baseline):                 %8.1f ms\n", t_load * 1e3);
    printf("evidence --expiring 60 (%zu records):      %8.2f ms  = %.4f x load\n", n_expiring,
           t_expiring * 1e3, t_expiring / t_load);
    printf("overview's evidence counts and unvisited:  %8.2f ms  = %.4f x load  (%zu alerts, %zu "
           "unvisited)\n",
           t_counts * 1e3, t_counts / t_load, n_alerts, n_unvisited);
    return 0;
}
