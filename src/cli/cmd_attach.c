/* qtown attach UNIT CHECK [FILE] [--title T] [--number N] [--issuer I]
 *              [--valid-from DATE] [--valid-until DATE] [--note TEXT] [--by NAME]
 *
 * Adds an evidence record to a check, with FILE copied into evidence/UNIT/
 * (model/evidence_file.h).  Prints the new record's id, then where the
 * file went.  Reads no unit but this one. */
#include "cli/common.h"

#include "model/applies.h"
#include "model/evidence_file.h"
#include "util/strbuf.h"

#include <stdio.h>

typedef struct attach_args {
    const char *title, *number, *issuer, *valid_from, *valid_until, *note, *by;
} attach_args;

static int attach(cli_ctx *ctx, workspace *ws, char **pos, int n, const attach_args *a)
{
    int64_t today;
    diag_list dl = DIAG_LIST_INIT;
    if (!cli_today(&today))
        return EXIT_DATA;
    char from[DATE_SIZE], until[DATE_SIZE];
    if (!cli_date_option(ctx, "--valid-from", a->valid_from, today, from) ||
        !cli_date_option(ctx, "--valid-until", a->valid_until, today, until))
        return EXIT_USAGE;
    const plan_check *c = plan_find_check(&ws->plan, pos[1]);
    if (!c)
        return cli_unknown_check(ctx, &ws->plan, pos[1]);
    int rc;
    ws_unit *wu = cli_find_unit(ctx, ws, pos[0], &rc);
    if (!wu)
        return rc;
    if (!unit_carries(wu->u, c))
        return cli_usage_error(ctx, TR(M_CHECK_NOT_FOR_KIND), c->id, tr_kind(wu->kind));
    evidence_new en = {
        .check = c,
        .file = n == 3 ? pos[2] : NULL,
        .title = a->title,
        .number = a->number,
        .issuer = a->issuer,
        .valid_from = a->valid_from ? from : NULL,
        .valid_until = a->valid_until ? until : NULL,
        .note = a->note,
    };
    if (!evidence_new_valid(wu, &en, &dl)) {
        rc = cli_usage_error(ctx, "%s", dl.items[0].msg);
        diag_clear(&dl);
        return rc;
    }
    evidence_done done;
    identity who;
    if (!cli_signer(ws, a->by, &who))
        return EXIT_DATA;
    bool attached = evidence_attach(ws, wu, &en, who.name, &done, &dl);
    identity_free(&who);
    if (!attached)
        return cli_fail(&dl);
    strbuf out = STRBUF_INIT;
    sb_printf(&out, "%s\n", done.id);
    if (done.path) {
        sb_puts(&out, done.path);
        if (done.reused)
            sb_printf(&out, " (%s)", tr(M_EV_SAME_CONTENT));
        sb_putc(&out, '\n');
    }
    cli_out(sb_str(&out));
    sb_free(&out);
    evidence_done_free(&done);
    return EXIT_DONE;
}

int cmd_attach(cli_ctx *ctx, int argc, char **argv)
{
    attach_args a = {0};
    const cli_option opts[] = {
        {"title", 0, &a.title, NULL, NULL},
        {"number", 0, &a.number, NULL, NULL},
        {"issuer", 0, &a.issuer, NULL, NULL},
        {"valid-from", 0, &a.valid_from, NULL, NULL},
        {"valid-until", 0, &a.valid_until, NULL, NULL},
        {"note", 0, &a.note, NULL, NULL},
        {"by", 0, &a.by, NULL, NULL},
        {0},
    };
    char *pos[3];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 3, &n))
        return EXIT_USAGE;
    if (n < 2)
        return cli_usage_synopsis(ctx);
    if (n == 2 && !a.title)
        return cli_usage_error(ctx, "%s", tr(M_CLI_ATTACH_NEEDS_TITLE));
    if (!cli_check_by(ctx, a.by))
        return EXIT_USAGE;
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    rc = attach(ctx, &ws, pos, n, &a);
    workspace_close(&ws);
    return rc;
}
