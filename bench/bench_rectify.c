/* bench_rectify — times the rectification list (overdue first, then by
 * due date) and every unit's open and overdue counts against the time of
 * loading the workspace, in the same run.
 *
 *   bench_rectify WORKSPACE TODAY [ROUNDS]
 *
 * Each figure is the best of ROUNDS (default 5): loading = workspace_open
 * + workspace_load_units; the list = rect_list_build over every unit (all
 * records, sorted); the counts = rect_count of every unit (what the unit
 * list and the overview show); the meeting's section = the overview's
 * rectifications (overview_add_rectifications). */
#include "bench.h"
#include "i18n/i18n.h"
#include "model/rectify.h"
#include "model/timestamp.h"
#include "model/workspace.h"
#include "report/overview.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    int64_t today;
    int rounds;
    if (!bench_dated_args(argc, argv, "bench_rectify", &today, &rounds))
        return 2;
    double t_load = 1e9, t_list = 1e9, t_counts = 1e9, t_section = 1e9;
    size_t n_units = 0, n_records = 0, n_overdue = 0;
    for (int r = 0; r < rounds; r++) {
        workspace ws;
        double t0 = bench_now();
        if (!bench_load(&ws, argv[1]))
            return 1;
        double t1 = bench_now();
        rect_list l;
        rect_list_build(&l, &ws, SIZE_MAX, RECT_ALL, today);
        double t2 = bench_now();
        rect_counts total = {0};
        for (size_t i = 0; i < ws.n_units; i++)
            if (ws.units[i].u)
                rect_count(ws.units[i].u, today, &total);
        double t3 = bench_now();
        overview ov = {.ws = &ws};
        overview_add_rectifications(&ov, today);
        double t4 = bench_now();
        t_load = bench_min(t_load, t1 - t0);
        t_list = bench_min(t_list, t2 - t1);
        t_counts = bench_min(t_counts, t3 - t2);
        t_section = bench_min(t_section, t4 - t3);
        n_units = ws.n_units;
        n_records = l.n;
        n_overdue = total.overdue;
        rect_list_free(&ov.rects);
        rect_list_free(&l);
        workspace_close(&ws);
    }
    printf("units: %zu, rectifications: %zu (%zu overdue), best of %d rounds\n", n_units, n_records,
           n_overdue, rounds);
    printf("load workspace (baseline):        %8.1f ms\n", t_load * 1e3);
    printf("rectification list (all, sorted): %8.2f ms  = %.4f x load\n", t_list * 1e3,
           t_list / t_load);
    printf("open and overdue counts per unit:  %8.2f ms  = %.4f x load\n", t_counts * 1e3,
           t_counts / t_load);
    printf("the overview's section:            %8.2f ms  = %.4f x load\n", t_section * 1e3,
           t_section / t_load);
    printf("list and counts together:          %8.2f ms  = %.4f x load (goal: < 0.1)\n",
           (t_list + t_counts) * 1e3, (t_list + t_counts) / t_load);
    return 0;
}
