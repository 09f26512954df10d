/* qtown rectify UNIT CHECK --what TEXT --owner NAME --due DATE [--by NAME]
 * qtown rectify UNIT ID done|verified|reopened [--note TEXT] [--by NAME]
 *
 * Opens a rectification on a check (prints its id, alone on its line, for
 * scripts) or takes one of its steps (model/rectify.h).  A verification
 * whose check is not done offers the command that marks it done. */
#include "cli/common.h"

#include "model/rectify.h"
#include "model/timestamp.h"
#include "util/strbuf.h"
#include "util/text.h"

#include <stdlib.h>
#include <string.h>

typedef struct rectify_args {
    const char *what, *owner, *due, *note, *by;
} rectify_args;

static int open_one(cli_ctx *ctx, workspace *ws, ws_unit *wu, const char *check,
                    const rectify_args *a)
{
    diag_list dl = DIAG_LIST_INIT;
    int64_t today, due;
    if (!cli_today(&today))
        return EXIT_DATA;
    rect_new n = {plan_find_check(&ws->plan, check), a->what, a->owner, a->due};
    if (!n.check)
        return cli_unknown_check(ctx, &ws->plan, check);
    if (!a->what || !a->owner || !a->due)
        return cli_usage_error(ctx, "%s", tr(M_CLI_RECTIFY_NEEDS));
    if (a->note)
        return cli_usage_error(ctx, "%s", tr(M_CLI_RECTIFY_STEP_OPTIONS));
    char day[DATE_SIZE];
    if (!date_parse_input(a->due, today, &due))
        return cli_usage_error(ctx, TR(M_RECT_BAD_DUE), a->due);
    date_format(due, day);
    n.due = day;
    if (!rect_new_valid(wu, &n, &dl)) {
        cli_usage_error(ctx, "%s", dl.items[0].msg);
        diag_clear(&dl);
        return EXIT_USAGE;
    }
    char *id = NULL;
    identity who;
    if (!cli_signer(ws, a->by, &who))
        return EXIT_DATA;
    bool opened = rect_open(ws, wu, &n, who.name, &id, &dl);
    identity_free(&who);
    if (!opened)
        return cli_fail(&dl);
    printf("%s\n", id);
    free(id);
    return EXIT_DONE;
}

/* After a verification: the check is still failed (or todo...): say how
 * to mark it done. */
static void offer_check_done(const ws_unit *wu, const plan_check *pc)
{
    if (!pc || unit_status_of(wu->u, pc) == STATUS_DONE)
        return;
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, tr(M_RECT_OFFER_DONE), pc->id, tr_status(unit_status_of(wu->u, pc)), wu->id,
              pc->id);
    sb_putc(&sb, '\n');
    cli_out(sb_str(&sb));
    sb_free(&sb);
}

static int step_one(cli_ctx *ctx, workspace *ws, ws_unit *wu, const char *id, const char *word,
                    const rectify_args *a)
{
    rect_step_req req = {.id = id, .note = a->note};
    if (!rect_state_parse(word, &req.to) || req.to == RECT_OPEN)
        return cli_usage_error(ctx, TR(M_CLI_RECTIFY_STEP), word);
    if (a->what || a->owner || a->due)
        return cli_usage_error(ctx, "%s", tr(M_CLI_RECTIFY_STEP_OPTIONS));
    if (a->note && !utf8_valid(a->note, strlen(a->note), NULL))
        return cli_usage_error(ctx, TR(M_CLI_NOTE_TEXT), UNIT_MAX_NOTE);
    diag_list dl = DIAG_LIST_INIT;
    rect_state from;
    const plan_check *pc = NULL;
    identity who;
    if (!cli_signer(ws, a->by, &who))
        return EXIT_DATA;
    bool stepped = rect_step(ws, wu, &req, who.name, &from, &pc, &dl);
    identity_free(&who);
    if (!stepped)
        return cli_fail(&dl);
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s %s %s: %s -> %s\n", wu->id, pc ? pc->id : "-", id, rect_state_name(from),
              rect_state_name(req.to));
    cli_out(sb_str(&sb));
    sb_free(&sb);
    if (req.to == RECT_VERIFIED)
        offer_check_done(wu, pc);
    return EXIT_DONE;
}

int cmd_rectify(cli_ctx *ctx, int argc, char **argv)
{
    rectify_args a = {0};
    const cli_option opts[] = {
        {"what", 0, &a.what, NULL, NULL}, {"owner", 0, &a.owner, NULL, NULL},
        {"due", 0, &a.due, NULL, NULL},   {"note", 0, &a.note, NULL, NULL},
        {"by", 0, &a.by, NULL, NULL},     {0},
    };
    char *pos[3];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 3, &n))
        return EXIT_USAGE;
    if (n != 2 && n != 3)
        return cli_usage_error(ctx, "%s", tr(M_CLI_RECTIFY_USAGE));
    if (!cli_check_by(ctx, a.by))
        return EXIT_USAGE;
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    ws_unit *wu = cli_find_unit(ctx, &ws, pos[0], &rc);
    if (wu && n == 2)
        rc = open_one(ctx, &ws, wu, pos[1], &a);
    else if (wu)
        rc = step_one(ctx, &ws, wu, pos[1], pos[2], &a);
    workspace_close(&ws);
    return rc;
}
