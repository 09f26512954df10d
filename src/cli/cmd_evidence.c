/* qtown evidence [--unit UNIT] [--expiring DAYS] [--expired] [--format text|csv]
 *
 * The evidence records (台账) of the workspace or of one unit: expired
 * first, then expiring, then the rest (model/evidence.h).  --expired and
 * --expiring DAYS keep only those (both: either); DAYS is the window of
 * "expiring" (else qtown.yaml's expiring_days, default 60). */
#include "cli/common.h"

#include "model/evidence.h"
#include "report/csv.h"
#include "report/texttable.h"
#include "util/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days left (negative: since it expired), as text; "" when it never ends. */
static void days_text(const ev_item *it, int64_t today, char out[24])
{
    out[0] = '\0';
    if (it->until != INT64_MAX)
        snprintf(out, 24, "%lld", (long long)(it->until - today));
}

static void write_csv(const workspace *ws, const ev_list *l, strbuf *out)
{
    static const char *const header[] = {"unit",   "name",   "check",      "record",      "title",
                                         "number", "issuer", "valid_from", "valid_until", "state",
                                         "days",   "file",   "sha256",     "updated",     "by"};
    csv_writer w;
    csv_begin(&w, out);
    csv_row(&w, header, sizeof header / sizeof *header);
    for (size_t i = 0; i < l->n; i++) {
        const ev_item *it = &l->items[i];
        const unit_record *r = it->r;
        char days[24];
        days_text(it, l->today, days);
        csv_text(&w, ws->units[it->unit].id);
        csv_text(&w, ws->units[it->unit].u->name);
        csv_text(&w, r->check->id);
        csv_text(&w, r->id);
        static const char *const fields[] = {"title",      "number",      "issuer",
                                             "valid_from", "valid_until", NULL};
        for (size_t f = 0; fields[f]; f++)
            csv_text(&w, record_text(r, fields[f]));
        csv_text(&w, ev_validity_title(it->validity));
        csv_text(&w, days);
        csv_text(&w, record_text(r, "file"));
        csv_text(&w, record_text(r, "sha256"));
        csv_text(&w, r->updated);
        csv_text(&w, r->by);
        csv_end_row(&w);
    }
}

static void write_text(const workspace *ws, const ev_list *l, strbuf *out)
{
    static const int caps[] = {24, 12, 0, 24, 16, 40, 24, 0};
    text_table t;
    tt_init(&t, 8, caps);
    const msg_id header[] = {M_COL_STATE, M_COL_VALID_UNTIL, M_COL_ID,     M_COL_NAME,
                             M_COL_CHECK, M_COL_TITLE,       M_COL_NUMBER, M_COL_FILE};
    for (size_t i = 0; i < 8; i++)
        tt_cell(&t, tr(header[i]));
    for (size_t i = 0; i < l->n; i++) {
        const ev_item *it = &l->items[i];
        strbuf state = STRBUF_INIT;
        if (it->validity == EV_EXPIRED)
            sb_printf(&state, tr(M_EV_DAYS_AGO), ev_validity_title(it->validity),
                      (long long)(l->today - it->until));
        else if (it->validity == EV_EXPIRING)
            sb_printf(&state, tr(M_EV_DAYS_LEFT), ev_validity_title(it->validity),
                      (long long)(it->until - l->today));
        else
            sb_puts(&state, ev_validity_title(it->validity));
        tt_cell(&t, sb_str(&state));
        sb_free(&state);
        tt_cell(&t, record_text(it->r, "valid_until"));
        tt_cell(&t, ws->units[it->unit].id);
        tt_cell(&t, ws->units[it->unit].u->name);
        tt_cell(&t, it->r->check->id);
        tt_cell(&t, record_text(it->r, "title"));
        tt_cell(&t, record_text(it->r, "number"));
        tt_cell(&t, record_text(it->r, "file"));
    }
    tt_write(&t, out);
    tt_free(&t);
}

typedef struct evidence_args {
    const char *unit, *expiring, *format;
    bool expired;
} evidence_args;

static bool parse_window(const cli_ctx *ctx, const char *s, int *days)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : -1;
    if (s && *s >= '0' && *s <= '9' && !*end && v <= CONFIG_MAX_DAYS) {
        *days = (int)v;
        return true;
    }
    cli_usage_error(ctx, TR(M_CLI_BAD_DAYS), "--expiring", CONFIG_MAX_DAYS, s ? s : "");
    return false;
}

static int list_evidence(cli_ctx *ctx, workspace *ws, const evidence_args *a, bool csv)
{
    diag_list dl = DIAG_LIST_INIT;
    int64_t today;
    if (!cli_today(&today))
        return EXIT_DATA;
    int window = workspace_expiring_days(ws);
    if (a->expiring && !parse_window(ctx, a->expiring, &window))
        return EXIT_USAGE;
    ev_filter f = a->expired && a->expiring ? EV_ONLY_ALERTS
                  : a->expired              ? EV_ONLY_EXPIRED
                  : a->expiring             ? EV_ONLY_EXPIRING
                                            : EV_ALL;
    size_t only;
    bool complete;
    int rc = cli_load_scope(ctx, ws, a->unit, &only, &complete, &dl);
    if (rc != EXIT_DONE)
        return rc;
    ev_list l;
    ev_list_build(&l, ws, only, f, today, window);
    strbuf out = STRBUF_INIT;
    (csv ? write_csv : write_text)(ws, &l, &out);
    cli_emit(NULL, &out, NULL);
    sb_free(&out);
    ev_list_free(&l);
    return complete ? EXIT_DONE : cli_fail(&dl);
}

int cmd_evidence(cli_ctx *ctx, int argc, char **argv)
{
    evidence_args a = {0};
    const cli_option opts[] = {
        {"unit", 0, &a.unit, NULL, NULL},
        {"expiring", 0, &a.expiring, NULL, NULL},
        {"expired", 0, NULL, &a.expired, NULL},
        {"format", 0, &a.format, NULL, NULL},
        {0},
    };
    char *pos[1];
    int n;
    bool csv;
    if (!cli_parse(ctx, argc, argv, opts, pos, 0, &n) || !cli_list_format(ctx, a.format, &csv))
        return EXIT_USAGE;
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    rc = list_evidence(ctx, &ws, &a, csv);
    workspace_close(&ws);
    return rc;
}
