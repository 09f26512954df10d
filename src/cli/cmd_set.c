/* qtown set UNIT CHECK STATUS [--value N] [--note TEXT] [--by NAME] */
#include "cli/common.h"

#include "model/applies.h"
#include "model/rectify.h"
#include "model/store.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct set_args {
    const char *unit, *check, *status, *value, *note, *by;
    char *value_text; /* the value read (unit_read_typed_number) */
} set_args;

/* Turns the arguments into a change; false after a usage error. */
static bool build_change(cli_ctx *ctx, const workspace *ws, set_args *a, check_change *ch)
{
    memset(ch, 0, sizeof *ch);
    ch->check = plan_find_check(&ws->plan, a->check);
    if (!ch->check) {
        cli_unknown_check(ctx, &ws->plan, a->check);
        return false;
    }
    ch->set_status = true;
    if (!status_parse(a->status, &ch->status)) {
        strbuf choices = STRBUF_INIT;
        tr_status_choices(&choices, false);
        cli_usage_error(ctx, TR(M_UNKNOWN_STATUS), a->status, sb_str(&choices));
        sb_free(&choices);
        return false;
    }
    if (a->value && ch->check->counted == COUNT_MEETINGS) {
        cli_usage_error(ctx, TR(M_STORE_COUNTED), ch->check->id);
        return false;
    }
    if (a->value) {
        if (!ch->check->numeric) {
            cli_usage_error(ctx, TR(M_CHECK_NO_VALUE), a->check);
            return false;
        }
        ch->set_value = true;
        typed_number t = unit_read_typed_number(a->value, &ch->value, &a->value_text);
        if (t == TYPED_NOT_A_NUMBER) {
            cli_usage_error(ctx, TR(M_CLI_BAD_VALUE), a->value);
            return false;
        }
        ch->has_value = t == TYPED_NUMBER;
        ch->value_text = a->value_text;
    }
    if (a->note) {
        if (!utf8_valid(a->note, strlen(a->note), NULL) || strlen(a->note) > UNIT_MAX_NOTE) {
            cli_usage_error(ctx, TR(M_CLI_NOTE_TEXT), UNIT_MAX_NOTE);
            return false;
        }
        ch->set_note = true;
        ch->note = a->note;
    }
    return true;
}

/* A check recorded failed: say how to order its rectification, unless
 * one is open already. */
static void offer_rectification(const ws_unit *wu, const plan_check *pc)
{
    if (unit_status_of(wu->u, pc) != STATUS_FAILED || rect_first_open(wu->u, pc))
        return;
    char *line = xasprintf(tr(M_RECT_OFFER_OPEN), pc->id, wu->id, pc->id);
    cli_out(line);
    cli_out("\n");
    free(line);
}

int cmd_set(cli_ctx *ctx, int argc, char **argv)
{
    set_args a = {0};
    const cli_option opts[] = {
        {"value", 0, &a.value, NULL, NULL},
        {"note", 0, &a.note, NULL, NULL},
        {"by", 0, &a.by, NULL, NULL},
        {0},
    };
    char *pos[3];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 3, &n))
        return EXIT_USAGE;
    if (n != 3)
        return cli_usage_synopsis(ctx);
    a.unit = pos[0], a.check = pos[1], a.status = pos[2];
    if (!cli_check_by(ctx, a.by))
        return EXIT_USAGE;
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    check_change ch;
    diag_list dl = DIAG_LIST_INIT;
    ws_unit *wu = NULL;
    if (!build_change(ctx, &ws, &a, &ch)) {
        rc = EXIT_USAGE;
    } else if (!(wu = cli_find_unit(ctx, &ws, a.unit, &rc))) {
        /* said */
    } else if (!(ch.check->kinds & (unsigned)wu->kind)) {
        rc = cli_usage_error(ctx, TR(M_CHECK_NOT_FOR_KIND), ch.check->id, tr_kind(wu->kind));
    } else if (!unit_carries(wu->u, ch.check)) {
        strbuf why = STRBUF_INIT;
        filter_describe(&ch.check->where, &why);
        rc = cli_usage_error(ctx, TR(M_SET_NOT_CARRIED), ch.check->id, wu->id, sb_str(&why));
        sb_free(&why);
    } else {
        status before = unit_status_of(wu->u, ch.check);
        store_result res;
        identity who;
        if (!cli_signer(&ws, a.by, &who)) {
            rc = EXIT_DATA;
        } else if (!store_apply(&ws, wu, &ch, 1, who.name, &res, &dl)) {
            rc = cli_fail(&dl);
        } else {
            char line[512];
            snprintf(line, sizeof line, "%s %s: %s -> %s (%s)\n", wu->id, ch.check->id,
                     status_name(before), status_name(ch.status),
                     tr(res.changed ? M_SAVED : M_UNCHANGED));
            cli_out(line);
            offer_rectification(wu, ch.check);
        }
        identity_free(&who);
    }
    diag_clear(&dl);
    workspace_close(&ws);
    free(a.value_text);
    return rc;
}
