/* qtown log [UNIT] [--since DATE] [--by NAME] [--check ID] [--format
 * text|csv] — who changed what, when: the history entries of the unit (or
 * of every unit), newest first, each with the commit that brought it when
 * the workspace is a git repository. */
#include "cli/common.h"

#include "model/history.h"
#include "model/timestamp.h"
#include "report/csv.h"
#include "report/format.h"
#include "sync/repo.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define SHORT_ID 7

typedef struct log_row {
    const ws_unit *wu;
    const history_entry *e;
    timestamp_instant at;
    size_t seq; /* position in the output before sorting */
    char *commit;
} log_row;

/* Which entries are listed (NULL: any). */
typedef struct log_filter {
    const char *since; /* as typed: YYYY-MM-DD or -N days */
    int64_t since_day; /* entries dated that day or later, as written */
    const char *by;
    const char *check;
} log_filter;

typedef struct log_rows {
    log_row *items;
    size_t n, cap;
    bool with_commits;
    const log_filter *filter;
} log_rows;

static bool wanted(const log_filter *f, const history_entry *e)
{
    int64_t day;
    if (f->since && (!history_entry_day(e, &day) || day < f->since_day))
        return false;
    if (f->by && (!e->by || strcmp(e->by, f->by) != 0))
        return false;
    return !f->check || (e->check && strcmp(e->check, f->check) == 0);
}

/* The commits of one unit's entries, from git blame of its file. */
static void blame_unit(git *g, const workspace *ws, log_rows *rows, size_t from)
{
    int first = 0, last = 0;
    for (size_t i = from; i < rows->n; i++) {
        int line = rows->items[i].e->line;
        if (line > 0 && (!first || line < first))
            first = line;
        if (line > last)
            last = line;
    }
    char **commits;
    const char *rel = rows->items[from].wu->path + strlen(ws->root) + 1;
    if (!first || !repo_blame(g, rel, first, last, &commits, NULL))
        return;
    for (size_t i = from; i < rows->n; i++) {
        int line = rows->items[i].e->line;
        if (line >= first && line <= last && commits[line - first])
            rows->items[i].commit = xstrndup(commits[line - first], SHORT_ID);
    }
    for (int i = 0; i <= last - first; i++)
        free(commits[i]);
    free(commits);
}

static void add_unit(git *g, const workspace *ws, const ws_unit *wu, log_rows *rows)
{
    size_t from = rows->n;
    for (size_t i = 0; wu->u && i < wu->u->n_history; i++) {
        if (!wanted(rows->filter, &wu->u->history[i]))
            continue;
        rows->items = xgrow(rows->items, &rows->cap, rows->n + 1, sizeof *rows->items);
        log_row *r = &rows->items[rows->n];
        memset(r, 0, sizeof *r);
        r->wu = wu;
        r->e = &wu->u->history[i];
        r->seq = rows->n++;
        if (!timestamp_parse(r->e->at, &r->at))
            r->at = (timestamp_instant){INT64_MIN, 0};
    }
    if (g && rows->n > from)
        blame_unit(g, ws, rows, from);
}

/* Newest first; entries of the same instant in reverse file order. */
static int cmp_row(const void *a, const void *b)
{
    const log_row *x = a, *y = b;
    int c = timestamp_instant_compare(&y->at, &x->at);
    if (c)
        return c;
    return x->seq < y->seq ? 1 : x->seq > y->seq ? -1 : 0;
}

static int widest(const log_rows *rows, int which)
{
    int w = 1;
    for (size_t i = 0; i < rows->n; i++) {
        const history_entry *e = rows->items[i].e;
        const char *s = which == 0   ? (e->by ? e->by : "")
                        : which == 1 ? rows->items[i].wu->id
                        : e->check   ? e->check
                                     : "";
        int tw = text_width(s);
        if (tw > w)
            w = tw;
    }
    return w;
}

/* s, then spaces up to `cols` columns (never cut: ids and names are whole) */
static void column(strbuf *out, const char *s, int cols)
{
    sb_puts(out, s);
    for (int w = text_width(s); w < cols; w++)
        sb_putc(out, ' ');
}

static void print_rows(const log_rows *rows)
{
    int w_by = widest(rows, 0), w_unit = widest(rows, 1), w_check = widest(rows, 2);
    strbuf out = STRBUF_INIT;
    for (size_t i = 0; i < rows->n; i++) {
        const log_row *r = &rows->items[i];
        const history_entry *e = r->e;
        sb_printf(&out, "%s  ", e->at);
        if (rows->with_commits) {
            column(&out, r->commit ? r->commit : tr(M_LOG_LOCAL), SHORT_ID);
            sb_puts(&out, "  ");
        }
        column(&out, e->by ? e->by : "", w_by);
        sb_puts(&out, "  ");
        column(&out, r->wu->id, w_unit);
        sb_puts(&out, "  ");
        column(&out, e->check ? e->check : "", w_check);
        sb_puts(&out, "  ");
        history_describe_line(e, &out);
        sb_putc(&out, '\n');
    }
    cli_out(sb_str(&out));
    sb_free(&out);
}

/* One row per entry, every key of the file format a column (empty when
 * absent), and the commit; through the CSV writer like every CSV. */
static void print_csv(const log_rows *rows)
{
    static const char *const header[] = {"at",    "commit", "by",  "unit",  "check",
                                         "event", "from",   "to",  "value", "record",
                                         "key",   "old",    "new", "note"};
    strbuf out = STRBUF_INIT;
    csv_writer w;
    csv_begin(&w, &out);
    csv_row(&w, header, sizeof header / sizeof *header);
    for (size_t i = 0; i < rows->n; i++) {
        const log_row *r = &rows->items[i];
        const history_entry *e = r->e;
        /* entries read from a file keep their value as written */
        const char *cells[] = {e->at,
                               r->commit,
                               e->by,
                               r->wu->id,
                               e->check,
                               e->event,
                               e->has_status ? status_name(e->from) : NULL,
                               e->has_status ? status_name(e->to) : NULL,
                               e->has_value ? e->value_text : NULL,
                               e->record,
                               e->key,
                               e->old,
                               e->new_,
                               e->note};
        csv_row(&w, cells, sizeof cells / sizeof *cells);
    }
    fwrite(out.data, 1, out.len, stdout);
    sb_free(&out);
}

/* The options that can be checked before the workspace is opened; false
 * after a usage error. */
static int check_options(cli_ctx *ctx, log_filter *f, const char *format)
{
    if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0)
        return cli_usage_error(ctx, TR(M_CLI_FORMAT_TEXT_CSV), format);
    if (!f->since)
        return EXIT_DONE;
    diag_list dl = DIAG_LIST_INIT;
    int64_t today;
    if (!date_today(&today, &dl))
        return cli_fail(&dl);
    if (!date_parse_input(f->since, today, &f->since_day))
        return cli_usage_error(ctx, TR(M_CLI_SINCE_DATE), f->since);
    return EXIT_DONE;
}

int cmd_log(cli_ctx *ctx, int argc, char **argv)
{
    log_filter filter = {0};
    const char *format = "text";
    const cli_option opts[] = {
        {"since", 0, &filter.since, NULL, NULL},
        {"by", 0, &filter.by, NULL, NULL},
        {"check", 0, &filter.check, NULL, NULL},
        {"format", 0, &format, NULL, NULL},
        {0},
    };
    char *pos[1];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 1, &n))
        return EXIT_USAGE;
    int rc = check_options(ctx, &filter, format);
    if (rc != EXIT_DONE)
        return rc;
    workspace ws;
    rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    diag_list dl = DIAG_LIST_INIT;
    git g;
    bool with_git = repo_exists(ws.root) && git_open(&g, ws.root, NULL);
    log_rows rows = {.with_commits = with_git, .filter = &filter};
    bool found = true;
    if (n == 1) {
        ws_unit *wu = cli_find_unit(ctx, &ws, pos[0], &rc);
        found = wu != NULL;
        if (wu)
            add_unit(with_git ? &g : NULL, &ws, wu, &rows);
    } else {
        workspace_load_units(&ws, &dl);
        for (size_t i = 0; i < ws.n_units; i++)
            add_unit(with_git ? &g : NULL, &ws, &ws.units[i], &rows);
    }
    if (rows.n)
        qsort(rows.items, rows.n, sizeof *rows.items, cmp_row);
    if (!found) {
        /* said */
    } else if (filter.check && !rows.n && !plan_find_check(&ws.plan, filter.check)) {
        /* a check the plan dropped still has its past; an id that is
         * neither in the plan nor in any history is a typo */
        rc = cli_unknown_check(ctx, &ws.plan, filter.check);
    } else {
        if (strcmp(format, "csv") == 0)
            print_csv(&rows);
        else
            print_rows(&rows);
        if (dl.count) /* units that do not load: the others are listed */
            rc = cli_fail(&dl);
    }
    for (size_t i = 0; i < rows.n; i++)
        free(rows.items[i].commit);
    free(rows.items);
    if (with_git)
        git_close(&g);
    diag_clear(&dl);
    workspace_close(&ws);
    return rc;
}
