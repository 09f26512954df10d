/* qtown import FILE.csv [--dry-run] [--encoding utf-8|gb18030] [--by NAME]
 *
 * A sheet from a spreadsheet, in one of two shapes the header tells:
 * - units: kind, id, name and attribute keys (what `qtown list --format
 *   csv` writes, its progress columns left alone): new units are added as
 *   `qtown add` adds them, existing ones edited as `qtown edit` edits them;
 * - checks: unit, check, status[, value][, note], or the checks table of
 *   `qtown report --format csv` in either language (its status codes
 *   column is read): changes applied as `qtown set` applies them.
 * The sheet's logic (reading, checking, applying) is report/import_sheet.h;
 * here are the command's options and what it prints. */
#include "cli/common.h"

#include "report/import_sheet.h"
#include "util/charset.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- saying and applying ----------------------------------------------- */

static void say(const char *line)
{
    cli_out(line);
    cli_out("\n");
}

static const char *or_dash(const char *s)
{
    return s && *s ? s : "-";
}

/* What one unit's changes are, a line each. */
static void describe(const import_unit *iu, const unit *now)
{
    char *line;
    if (iu->added) {
        line = xasprintf(tr(M_IMPORT_ADD), tr_kind(iu->kind), iu->id, iu->added->name);
        say(line);
        free(line);
        return;
    }
    if (iu->name) {
        line = xasprintf(tr(M_IMPORT_RENAME), iu->id, now->name, iu->name);
        say(line);
        free(line);
    }
    for (size_t i = 0; i < iu->n_attrs; i++) {
        const unit_attr *old = unit_find_attr(now, iu->attrs[i].key);
        line = xasprintf(tr(M_IMPORT_ATTR), iu->id, iu->attrs[i].key,
                         or_dash(old ? old->text : NULL), or_dash(iu->attrs[i].value));
        say(line);
        free(line);
    }
    for (size_t i = 0; i < iu->n_checks; i++) {
        const check_change *ch = &iu->checks[i];
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s %s: %s -> %s", iu->id, ch->check->id, status_name(iu->before[i]),
                  status_name(ch->set_status ? ch->status : iu->before[i]));
        if (ch->set_value)
            sb_printf(&sb, tr(M_IMPORT_VALUE), ch->has_value ? ch->value_text : "-");
        if (ch->set_note)
            sb_puts(&sb, tr(M_IMPORT_NOTE));
        say(sb_str(&sb));
        sb_free(&sb);
    }
}

/* Says where the import stopped and why; the exit code. */
static int stopped(size_t units, const char *id, diag_list *dl)
{
    char *line = xasprintf(tr(M_IMPORT_STOPPED), units, id);
    cli_err_line(line);
    free(line);
    return cli_fail(dl);
}

/* import_tell_fn: says what a unit's changes are. */
static void tell(void *ctx, const import_unit *iu, const unit *now)
{
    (void)ctx;
    describe(iu, now);
}

static int apply_plan(workspace *ws, const char *path, import_plan *ip, bool dry_run,
                      const char *by)
{
    diag_list dl = DIAG_LIST_INIT;
    import_outcome out;
    if (!import_apply(ws, ip, dry_run, by, tell, NULL, &out, &dl))
        return stopped(out.units, out.stopped_at, &dl);
    char *line = out.units ? xasprintf(tr(dry_run ? M_IMPORT_WOULD : M_IMPORT_DONE), path,
                                       out.changes, out.units)
                           : xasprintf(tr(M_IMPORT_NOTHING), path);
    say(line);
    free(line);
    return EXIT_DONE;
}

static int import_file(cli_ctx *ctx, const char *path, charset cs, bool dry_run, const char *by)
{
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    diag_list dl = DIAG_LIST_INIT;
    csv_table t = {0};
    charset used = cs;
    identity who = {0};
    rc = import_sheet_load(path, cs, &t, &used, &dl) ? EXIT_DONE : EXIT_DATA;
    if (rc == EXIT_DONE && used == CHARSET_GB18030 && cs == CHARSET_AUTO) {
        char *line = xasprintf(tr(M_IMPORT_READ_AS), path, charset_name(used));
        cli_err_line(line);
        free(line);
    }
    import_plan ip;
    import_plan_init(&ip);
    if (rc == EXIT_DONE && !import_sheet_read(&ws, path, &t, &ip, &dl)) {
        char *line = xasprintf(tr(M_IMPORT_REFUSED), path, dl.count);
        rc = cli_fail(&dl);
        cli_err_line(line);
        free(line);
    } else if (rc == EXIT_DONE && !dry_run && !cli_signer(&ws, by, &who)) {
        rc = EXIT_DATA;
    } else if (rc == EXIT_DONE) {
        rc = apply_plan(&ws, path, &ip, dry_run, who.name);
    } else {
        rc = cli_fail(&dl);
    }
    if (who.name)
        identity_free(&who);
    import_plan_free(&ip);
    csv_table_free(&t);
    diag_clear(&dl);
    workspace_close(&ws);
    return rc;
}

int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
    const char *encoding = NULL, *by = NULL;
    bool dry_run = false;
    const cli_option opts[] = {
        {"dry-run", 0, NULL, &dry_run, NULL},
        {"encoding", 0, &encoding, NULL, NULL},
        {"by", 0, &by, NULL, NULL},
        {0},
    };
    char *pos[1];
    if (cli_parse_exact(ctx, argc, argv, opts, pos, 1) != EXIT_DONE)
        return EXIT_USAGE;
    charset cs = CHARSET_AUTO;
    if (encoding && !charset_parse(encoding, &cs))
        return cli_usage_error(ctx, TR(M_IMPORT_BAD_ENCODING), encoding);
    if (!cli_check_by(ctx, by))
        return EXIT_USAGE;
    return import_file(ctx, pos[0], cs, dry_run, by);
}
