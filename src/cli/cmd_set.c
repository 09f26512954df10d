/* qtown set (UNIT | --kind KIND [--where KEY=VALUE]...) CHECK STATUS
 *           [--value N] [--note TEXT] [--by NAME] [--dry-run]
 *
 * With --kind, one change made to many units: every unit of the kind whose
 * attributes match every --where KEY OP VALUE (OP = != > >= < <=: the
 * plan's filter language and evaluator, model/applies.h) and that carries the check.  Each unit is
 * saved on its own by store_apply (its lock, the file read again, an
 * atomic write), and its line is printed and flushed only once its save
 * returned: an interrupted run has named the units it changed, all but at
 * most the one it was saving when it died, and running the same command
 * again finishes the work (the units already changed say "unchanged"). */
#include "cli/common.h"

#include "model/applies.h"
#include "model/rectify.h"
#include "model/scan.h"
#include "model/store.h"
#include "model/summary.h"
#include "util/clock.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct set_args {
    const char *unit, *check, *status, *value, *note, *by, *kind;
    const char **where; /* --where KEY OP VALUE, NULL-terminated */
    bool dry_run;
    char *value_text; /* the value read (unit_read_typed_number) */
} set_args;

/* What a run did to the units it chose. */
typedef struct set_tally {
    size_t changed, unchanged, skipped, failed;
} set_tally;

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

/* --where's conditions.  Each value is read into a unit of its own (a
 * range names one attribute twice), which the condition's texts are. */
typedef struct where_filter {
    plan_filter f;
    unit **probes;
    size_t n;
} where_filter;

static void where_free(where_filter *w)
{
    for (size_t i = 0; i < w->n; i++)
        unit_free(w->probes[i]);
    free(w->probes);
    free(w->f.all);
}

/* An attribute said equal to two values holds for no unit: a mistake.
 * Other pairs are ranges or exclusions (a > 10, a <= 20; a != x, a != y). */
static bool equal_twice(const where_filter *w, const plan_condition *c)
{
    for (size_t i = 0; c->op == OP_EQ && i < w->f.n_all; i++)
        if (w->f.all[i].op == OP_EQ && strcmp(w->f.all[i].attr, c->attr) == 0)
            return true;
    return false;
}

/* One --where KEY OP VALUE, its value read as --attr reads it.  False
 * after a usage error: the form, an attribute the kind lacks, a value it
 * cannot have, an order on what is not a number, a key said equal to two
 * values. */
static bool add_where(cli_ctx *ctx, const workspace *ws, unit_kind kind, const char *text,
                      where_filter *w)
{
    size_t key_len;
    cond_op op;
    const char *value;
    if (!filter_split_condition(text, &key_len, &op, &value)) {
        cli_usage_error(ctx, TR(M_SET_WHERE_FORM), text);
        return false;
    }
    unit *probe = w->probes[w->n++] = unit_new(kind, "where", "where");
    if (!cli_set_attr(ctx, ws, probe, text, key_len, value))
        return false;
    plan_condition c = filter_condition_of(&probe->attrs[0], op);
    if (op != OP_EQ && op != OP_NE && c.type != ATTR_NUMBER) {
        cli_usage_error(ctx, TR(M_SET_WHERE_ORDER), text, c.attr);
        return false;
    }
    if (equal_twice(w, &c)) {
        cli_usage_error(ctx, TR(M_SET_WHERE_TWICE), c.attr);
        return false;
    }
    w->f.all[w->f.n_all++] = c;
    return true;
}

/* --where KEY OP VALUE... as a filter of the plan's language, every
 * condition to hold.  False after a usage error. */
static bool build_filter(cli_ctx *ctx, const workspace *ws, unit_kind kind, const char **where,
                         where_filter *w)
{
    size_t n = 0;
    while (where && where[n])
        n++;
    memset(w, 0, sizeof *w);
    w->probes = xcalloc(n + 1, sizeof *w->probes);
    w->f.all = xcalloc(n + 1, sizeof *w->f.all);
    for (size_t i = 0; i < n; i++)
        if (!add_where(ctx, ws, kind, where[i], w))
            return false;
    return true;
}

/* One unit's line: "ID CHECK: before -> after (saved)", flushed so that it
 * is out before the next unit is touched. */
static void say_unit(const ws_unit *wu, const check_change *ch, status before, msg_id outcome)
{
    char line[512];
    snprintf(line, sizeof line, "%s %s: %s -> %s (%s)\n", wu->id, ch->check->id,
             status_name(before), status_name(ch->status), tr(outcome));
    cli_out(line);
    fflush(stdout);
}

static void say_skipped(const ws_unit *wu, const plan_check *pc)
{
    strbuf why = STRBUF_INIT;
    filter_describe(&pc->where, &why);
    char *line = xasprintf(tr(M_SET_SKIPPED), wu->id, pc->id, sb_str(&why));
    cli_out(line);
    cli_out("\n");
    fflush(stdout);
    free(line);
    sb_free(&why);
}

/* Applies the change to one unit that carries it: saved, or with dry_run
 * tried on the unit in memory and let go (nothing written); its line is
 * printed once that is done.  A failure's problems are printed. */
static void set_one(workspace *ws, ws_unit *wu, const check_change *ch, const char *by,
                    bool dry_run, set_tally *t)
{
    diag_list dl = DIAG_LIST_INIT;
    status before = unit_status_of(wu->u, ch->check);
    bool changed = false, ok;
    if (dry_run) {
        ok = workspace_unit_writable(ws, wu, &dl);
        if (ok) {
            char now[CLOCK_ISO_SIZE];
            clock_now_iso(now);
            changed = check_change_apply(wu->u, NULL, ch, by, now);
            workspace_unit_release(wu); /* the change exists in memory only */
        }
    } else {
        store_result res;
        ok = store_apply(ws, wu, ch, 1, by, &res, &dl);
        changed = ok && res.changed;
    }
    if (!ok) {
        t->failed++;
        cli_fail(&dl);
        return;
    }
    if (changed)
        t->changed++;
    else
        t->unchanged++;
    say_unit(wu, ch, before,
             dry_run   ? (changed ? M_SET_WOULD_SAVE : M_UNCHANGED)
             : changed ? M_SAVED
                       : M_UNCHANGED);
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

static int set_unit(cli_ctx *ctx, workspace *ws, const set_args *a, const check_change *ch,
                    const char *by)
{
    int rc = EXIT_DONE;
    ws_unit *wu = cli_find_unit(ctx, ws, a->unit, &rc);
    if (!wu)
        return rc;
    if (!(ch->check->kinds & (unsigned)wu->kind))
        return cli_usage_error(ctx, TR(M_CHECK_NOT_FOR_KIND), ch->check->id, tr_kind(wu->kind));
    if (!unit_carries(wu->u, ch->check)) {
        strbuf why = STRBUF_INIT;
        filter_describe(&ch->check->where, &why);
        rc = cli_usage_error(ctx, TR(M_SET_NOT_CARRIED), ch->check->id, wu->id, sb_str(&why));
        sb_free(&why);
        return rc;
    }
    set_tally t = {0};
    set_one(ws, wu, ch, by, a->dry_run, &t);
    if (t.failed)
        return EXIT_DATA;
    if (!a->dry_run)
        offer_rectification(wu, ch->check);
    return EXIT_DONE;
}

/* The units of the kind that do not load: which of them match is not
 * known, so a bulk change refuses to start (their problems printed). */
static bool kind_readable(const workspace *ws, unit_kind kind, diag_list *dl)
{
    size_t broken = 0;
    for (size_t i = 0; i < ws->n_units; i++)
        broken += ws->units[i].kind == kind && !ws->units[i].sum;
    if (broken == 0)
        return true;
    diag_print(dl, stderr);
    char *line = xasprintf(tr(M_SET_UNREADABLE), broken);
    cli_err_line(line);
    free(line);
    return false;
}

/* What a bulk run did: its count on stdout, and on stderr why it did
 * nothing or what failed.  Exit 1 when nothing matched or carried the
 * check, or when a unit could not be saved. */
static int tell_tally(const set_args *a, unit_kind kind, const plan_filter *f, size_t matched,
                      const check_change *ch, const set_tally *t)
{
    char *line = NULL;
    if (matched == 0) {
        strbuf what = STRBUF_INIT;
        filter_describe(f, &what);
        line = f->n_all ? xasprintf(tr(M_SET_NO_MATCH_WHERE), tr_kind(kind), sb_str(&what))
                        : xasprintf(tr(M_SET_NO_MATCH), tr_kind(kind));
        sb_free(&what);
    } else if (t->changed + t->unchanged + t->failed == 0) {
        line = xasprintf(tr(M_SET_NONE_CARRIES), matched, ch->check->id);
    }
    if (line) {
        cli_err_line(line);
        free(line);
        return EXIT_DATA;
    }
    line = xasprintf(tr(a->dry_run ? M_SET_BULK_DRY : M_SET_BULK_DONE), ch->check->id,
                     status_name(ch->status), t->changed, t->unchanged, t->skipped);
    cli_out(line);
    cli_out("\n");
    free(line);
    if (!t->failed)
        return EXIT_DONE;
    char *failed = xasprintf(tr(M_SET_BULK_FAILED), t->failed);
    cli_err_line(failed);
    free(failed);
    return EXIT_DATA;
}

/* Every unit of the kind matching the filter: carried, changed; not
 * carried, skipped and said so. */
static int set_many(cli_ctx *ctx, workspace *ws, const set_args *a, unit_kind kind,
                    const check_change *ch, const char *by)
{
    if (!(ch->check->kinds & (unsigned)kind))
        return cli_usage_error(ctx, TR(M_CHECK_NOT_FOR_KIND), ch->check->id, tr_kind(kind));
    where_filter w;
    if (!build_filter(ctx, ws, kind, a->where, &w)) {
        where_free(&w);
        return EXIT_USAGE;
    }
    diag_list dl = DIAG_LIST_INIT;
    int rc = EXIT_DATA;
    bool listed = workspace_scan(ws, false, NULL, &dl) || ws->n_units > 0;
    if (!listed) { /* past the limit, or a folder that cannot be read */
        cli_fail(&dl);
    } else if (kind_readable(ws, kind, &dl)) {
        set_tally t = {0};
        size_t matched = 0;
        for (size_t i = 0; i < ws->n_units; i++) {
            ws_unit *wu = &ws->units[i];
            if (wu->kind != kind ||
                filter_eval_attrs(&w.f, wu->sum->attrs, wu->sum->n_attrs) != FILTER_HOLDS)
                continue;
            matched++;
            diag_list ul = DIAG_LIST_INIT;
            if (!workspace_unit_full(ws, wu, &ul)) {
                t.failed++;
                cli_fail(&ul);
                continue;
            }
            if (unit_carries(wu->u, ch->check)) {
                set_one(ws, wu, ch, by, a->dry_run, &t);
            } else {
                t.skipped++;
                say_skipped(wu, ch->check);
            }
            workspace_unit_release(wu); /* memory stays what the list needs */
        }
        rc = tell_tally(a, kind, &w.f, matched, ch, &t);
        workspace_save_cache(ws);
    }
    diag_clear(&dl);
    where_free(&w);
    return rc;
}

/* The form of the command line: UNIT CHECK STATUS, or --kind with CHECK
 * STATUS; --where only with --kind.  EXIT_DONE, or after a usage error. */
static int check_form(cli_ctx *ctx, set_args *a, char **pos, int n, unit_kind *kind)
{
    if (a->where && a->where[0] && !a->kind)
        return cli_usage_error(ctx, "%s", tr(M_SET_WHERE_NEEDS_KIND));
    if (a->kind && n == 3)
        return cli_usage_error(ctx, "%s", tr(M_SET_UNIT_OR_KIND));
    if (n != (a->kind ? 2 : 3))
        return cli_usage_synopsis(ctx);
    if (a->kind && !unit_kind_parse(a->kind, kind))
        return cli_usage_error(ctx, TR(M_CLI_BAD_KIND), a->kind);
    if (!a->kind)
        a->unit = *pos++;
    a->check = pos[0], a->status = pos[1];
    return cli_check_by(ctx, a->by) ? EXIT_DONE : EXIT_USAGE;
}

int cmd_set(cli_ctx *ctx, int argc, char **argv)
{
    set_args a = {0};
    const cli_option opts[] = {
        {"value", 0, &a.value, NULL, NULL},
        {"note", 0, &a.note, NULL, NULL},
        {"by", 0, &a.by, NULL, NULL},
        {"kind", 0, &a.kind, NULL, NULL},
        {"where", 0, NULL, NULL, &a.where},
        {"dry-run", 0, NULL, &a.dry_run, NULL},
        {0},
    };
    char *pos[3];
    int n;
    unit_kind kind = KIND_VILLAGE;
    int rc = EXIT_USAGE;
    if (cli_parse(ctx, argc, argv, opts, pos, 3, &n))
        rc = check_form(ctx, &a, pos, n, &kind);
    workspace ws;
    if (rc == EXIT_DONE)
        rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE) {
        free(a.where);
        return rc;
    }
    check_change ch;
    identity who = {0};
    if (!build_change(ctx, &ws, &a, &ch))
        rc = EXIT_USAGE;
    else if (!cli_signer(&ws, a.by, &who))
        rc = EXIT_DATA;
    else if (a.kind)
        rc = set_many(ctx, &ws, &a, kind, &ch, who.name);
    else
        rc = set_unit(ctx, &ws, &a, &ch, who.name);
    identity_free(&who);
    workspace_close(&ws);
    free(a.value_text);
    free(a.where);
    return rc;
}
