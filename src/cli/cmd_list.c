/* qtown list [--kind village|enterprise|town] [--format text|csv] */
#include "cli/common.h"

#include "model/scan.h"
#include "model/summary.h"
#include "report/csv.h"
#include "report/format.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* One row per unit: its id, kind, name and progress, then the plan's
 * attributes for the kinds listed, so that the file, edited in a
 * spreadsheet, is a units sheet for `qtown import` (which leaves the
 * progress columns alone). */
static void list_csv(const workspace *ws, unsigned kinds, strbuf *out)
{
    csv_writer w;
    csv_begin(&w, out);
    static const char *const header[] = {"id",    "kind",   "name",       "done",
                                         "doing", "failed", "applicable", "percent"};
    const plan *p = &ws->plan;
    for (size_t i = 0; i < sizeof header / sizeof *header; i++)
        csv_text(&w, header[i]);
    for (size_t a = 0; a < p->n_attributes; a++)
        if (p->attributes[a].kinds & kinds)
            csv_text(&w, p->attributes[a].key);
    csv_end_row(&w);
    for (size_t i = 0; i < ws->n_units; i++) {
        const ws_unit *wu = &ws->units[i];
        if (!wu->sum || !(wu->kind & kinds))
            continue;
        const unit_progress *pr = &wu->sum->progress;
        csv_text(&w, wu->id);
        csv_text(&w, unit_kind_name(wu->kind));
        csv_text(&w, wu->sum->name);
        csv_number(&w, (double)pr->done);
        csv_number(&w, (double)pr->doing);
        csv_number(&w, (double)pr->failed);
        csv_number(&w, (double)pr->applicable);
        csv_number(&w, progress_percent(pr));
        for (size_t a = 0; a < p->n_attributes; a++) {
            if (!(p->attributes[a].kinds & kinds))
                continue;
            const unit_attr *ua = summary_attr(wu->sum, p->attributes[a].key);
            csv_text(&w, ua ? ua->text : "");
        }
        csv_end_row(&w);
    }
}

/* The names as shown (inert), made once for the columns' width and the
 * rows: 100,000 of them in a district. */
typedef struct shown_name {
    char *text;
    int cols;
} shown_name;

static bool listed(const ws_unit *wu, unsigned kinds)
{
    return wu->sum && (wu->kind & kinds);
}

static int column_width(const workspace *ws, unsigned kinds, const shown_name *names,
                        const char *header)
{
    int w = text_width(header);
    for (size_t i = 0; i < ws->n_units; i++) {
        if (!listed(&ws->units[i], kinds))
            continue;
        int cw = names ? names[i].cols : text_width(ws->units[i].id); /* ids need no escape */
        if (cw > w)
            w = cw;
    }
    return w > 40 ? 40 : w;
}

static void list_text(const workspace *ws, unsigned kinds, strbuf *out)
{
    shown_name *names = xcalloc(ws->n_units + 1, sizeof *names);
    for (size_t i = 0; i < ws->n_units; i++)
        if (listed(&ws->units[i], kinds)) {
            names[i].text = text_inert(ws->units[i].sum->name, 0);
            names[i].cols = text_width(names[i].text);
        }
    int id_w = column_width(ws, kinds, NULL, tr(M_COL_ID));
    int name_w = column_width(ws, kinds, names, tr(M_COL_NAME));
    int kind_w = 0;
    for (unsigned k = KIND_VILLAGE; k <= KIND_TOWN; k <<= 1)
        if (text_width(tr_kind((unit_kind)k)) > kind_w)
            kind_w = text_width(tr_kind((unit_kind)k));
    sb_pad(out, tr(M_COL_ID), id_w + 2);
    sb_pad(out, tr(M_COL_KIND), kind_w + 2);
    sb_pad(out, tr(M_COL_NAME), name_w + 2);
    sb_printf(out, "%s  %s\n", tr(M_COL_PROGRESS), tr(M_COL_FAILED));
    for (size_t i = 0; i < ws->n_units; i++) {
        const ws_unit *wu = &ws->units[i];
        if (!listed(wu, kinds))
            continue;
        const unit_progress pr = wu->sum->progress;
        char *cut = names[i].cols > name_w ? text_truncate(names[i].text, name_w) : NULL;
        sb_pad(out, wu->id, id_w + 2);
        sb_pad(out, tr_kind(wu->kind), kind_w + 2);
        sb_pad(out, cut ? cut : names[i].text, name_w + 2);
        sb_printf(out, "%3zu/%-3zu %3d%%  %zu\n", pr.done, pr.applicable, progress_percent(&pr),
                  pr.failed);
        free(cut);
        free(names[i].text);
    }
    free(names);
}

int cmd_list(cli_ctx *ctx, int argc, char **argv)
{
    const char *kind = NULL, *format = "text";
    const cli_option opts[] = {
        {"kind", 0, &kind, NULL, NULL},
        {"format", 0, &format, NULL, NULL},
        {0},
    };
    char *pos[1];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 0, &n))
        return EXIT_USAGE;
    unsigned kinds = KIND_VILLAGE | KIND_ENTERPRISE | KIND_TOWN;
    unit_kind k;
    if (kind && !unit_kind_parse(kind, &k))
        return cli_usage_error(ctx, TR(M_CLI_BAD_KIND), kind);
    if (kind)
        kinds = k;
    bool csv = strcmp(format, "csv") == 0;
    if (!csv && strcmp(format, "text") != 0)
        return cli_usage_error(ctx, TR(M_CLI_FORMAT_TEXT_CSV), format);
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    diag_list dl = DIAG_LIST_INIT;
    bool ok = workspace_scan(&ws, false, NULL, &dl);
    strbuf out = STRBUF_INIT;
    if (csv)
        list_csv(&ws, kinds, &out);
    else
        list_text(&ws, kinds, &out);
    fwrite(sb_str(&out), 1, out.len, stdout);
    sb_free(&out);
    workspace_close(&ws);
    /* the units that loaded are listed; the broken ones are reported */
    return ok ? EXIT_DONE : cli_fail(&dl);
}
