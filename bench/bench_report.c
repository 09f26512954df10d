/* bench_report — times the overview and every report format on a
 * workspace against the time of loading that workspace, in the same run.
 *
 *   bench_report WORKSPACE [ROUNDS]
 *
 * Each figure is the best of ROUNDS (default 5): loading = opening the
 * workspace and reading every unit file (workspace_open +
 * workspace_load_units); overview = evaluating every town target, score,
 * rank, the matrix (overview_build); then each format written to memory.
 * Load and overview are also given in processor time (best of the rounds),
 * steadier than the wall clock on a machine whose cores are shared. */
#include "bench.h"
#include "i18n/i18n.h"
#include "model/workspace.h"
#include "report/overview.h"
#include "report/report.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: bench_report WORKSPACE [ROUNDS]\n", stderr);
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 5;
    text_init_locale();
    i18n_set_lang(LANG_ZH);
    double t_load = 1e9, t_overview = 1e9, t_format[REPORT_FORMAT_COUNT];
    double cpu_load = 1e9, cpu_overview = 1e9;
    size_t bytes[REPORT_FORMAT_COUNT] = {0}, n_units = 0;
    for (int f = 0; f < REPORT_FORMAT_COUNT; f++)
        t_format[f] = 1e9;
    for (int r = 0; r < rounds; r++) {
        workspace ws;
        double c0 = bench_cpu_now(), t0 = bench_now();
        if (!bench_load(&ws, argv[1]))
            return 1;
        double c1 = bench_cpu_now(), t1 = bench_now();
        overview ov;
        overview_build(&ov, &ws);
        double c2 = bench_cpu_now(), t2 = bench_now();
        t_load = bench_min(t_load, t1 - t0);
        t_overview = bench_min(t_overview, t2 - t1);
        cpu_load = bench_min(cpu_load, c1 - c0);
        cpu_overview = bench_min(cpu_overview, c2 - c1);
        n_units = ws.n_units;
        for (int f = 0; f < REPORT_FORMAT_COUNT; f++) {
            strbuf out = STRBUF_INIT;
            double t3 = bench_now();
            report_write((report_format)f, &ov, "2016-12-01T09:00:00+08:00", &out);
            t_format[f] = bench_min(t_format[f], bench_now() - t3);
            bytes[f] = out.len;
            sb_free(&out);
        }
        overview_free(&ov);
        workspace_close(&ws);
    }
    printf("units: %zu (best of %d rounds)\n", n_units, rounds);
    printf("load workspace (baseline): %8.1f ms\n", t_load * 1e3);
    printf("overview (targets, scores, ranks, matrix): %8.1f ms  = %.3f x load\n", t_overview * 1e3,
           t_overview / t_load);
    printf("processor time: load %.1f ms, overview %.1f ms\n", cpu_load * 1e3, cpu_overview * 1e3);
    for (int f = 0; f < REPORT_FORMAT_COUNT; f++)
        printf("report %-8s %8.1f ms  = %.3f x load  (%zu bytes; with the overview %.3f x load)\n",
               report_format_name((report_format)f), t_format[f] * 1e3, t_format[f] / t_load,
               bytes[f], (t_overview + t_format[f]) / t_load);
    return 0;
}
