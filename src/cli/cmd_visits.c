/* qtown visits [UNIT] [--since DATE] [--format text|csv]
 *
 * Inspection visits, newest first: of one unit (reading only its file) or
 * of every unit, since a day (YYYY-MM-DD or -N days). */
#include "cli/common.h"

#include "model/visit.h"
#include "report/csv.h"
#include "report/texttable.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>

static void write_csv(const workspace *ws, const visit_list *l, strbuf *out)
{
    static const char *const header[] = {"date",   "unit", "name",    "record", "visitors",
                                         "checks", "note", "updated", "by"};
    csv_writer w;
    csv_begin(&w, out);
    csv_row(&w, header, sizeof header / sizeof *header);
    for (size_t i = 0; i < l->n; i++) {
        const visit_item *it = &l->items[i];
        csv_text(&w, record_text(it->r, "date"));
        csv_text(&w, ws->units[it->unit].id);
        csv_text(&w, ws->units[it->unit].u->name);
        csv_text(&w, it->r->id);
        static const char *const lists[] = {"visitors", "checks"};
        for (size_t k = 0; k < 2; k++) {
            char *text = record_value_text(record_value_of(it->r, lists[k]));
            csv_text(&w, text);
            free(text);
        }
        csv_text(&w, record_text(it->r, "note"));
        csv_text(&w, it->r->updated);
        csv_text(&w, it->r->by);
        csv_end_row(&w);
    }
}

static void write_text(const workspace *ws, const visit_list *l, strbuf *out)
{
    static const int caps[] = {0, 0, 24, 24, 30, 50};
    text_table t;
    tt_init(&t, 6, caps);
    const msg_id header[] = {M_COL_DATE,     M_COL_ID,     M_COL_NAME,
                             M_COL_VISITORS, M_COL_CHECKS, M_NOTE};
    for (size_t i = 0; i < 6; i++)
        tt_cell(&t, tr(header[i]));
    for (size_t i = 0; i < l->n; i++) {
        const visit_item *it = &l->items[i];
        tt_cell(&t, record_text(it->r, "date"));
        tt_cell(&t, ws->units[it->unit].id);
        tt_cell(&t, ws->units[it->unit].u->name);
        static const char *const lists[] = {"visitors", "checks"};
        for (size_t k = 0; k < 2; k++) {
            char *text = record_value_text(record_value_of(it->r, lists[k]));
            tt_cell(&t, text);
            free(text);
        }
        tt_cell(&t, record_text(it->r, "note")); /* one line: a break shows as \n */
    }
    tt_write(&t, out);
    tt_free(&t);
}

static int list_visits(cli_ctx *ctx, workspace *ws, const char *key, const char *since_text,
                       bool csv)
{
    diag_list dl = DIAG_LIST_INIT;
    int64_t today, since = INT64_MIN;
    if (!cli_today(&today))
        return EXIT_DATA;
    if (since_text && !date_parse_input(since_text, today, &since))
        return cli_usage_error(ctx, TR(M_CLI_SINCE_DATE), since_text);
    size_t only;
    bool complete;
    int rc = cli_load_scope(ctx, ws, key, &only, &complete, &dl);
    if (rc != EXIT_DONE)
        return rc;
    visit_list l;
    visit_list_build(&l, ws, only, since);
    strbuf out = STRBUF_INIT;
    (csv ? write_csv : write_text)(ws, &l, &out);
    cli_emit(NULL, &out, NULL);
    sb_free(&out);
    visit_list_free(&l);
    return complete ? EXIT_DONE : cli_fail(&dl);
}

int cmd_visits(cli_ctx *ctx, int argc, char **argv)
{
    const char *since = NULL, *format = NULL;
    const cli_option opts[] = {
        {"since", 0, &since, NULL, NULL},
        {"format", 0, &format, NULL, NULL},
        {0},
    };
    char *pos[1];
    int n;
    bool csv;
    if (!cli_parse(ctx, argc, argv, opts, pos, 1, &n) || !cli_list_format(ctx, format, &csv))
        return EXIT_USAGE;
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    rc = list_visits(ctx, &ws, n ? pos[0] : NULL, since, csv);
    workspace_close(&ws);
    return rc;
}
