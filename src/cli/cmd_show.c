/* qtown show UNIT */
#include "cli/common.h"

#include "model/applies.h"
#include "model/evidence.h"
#include "model/history.h"
#include "model/visit.h"
#include "report/format.h"
#include "report/report.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

static void show_attributes(strbuf *out, const workspace *ws, const unit *u)
{
    const plan_attribute *missing[64];
    size_t n_missing = unit_missing_attributes(u, &ws->plan, missing, 64);
    if (!u->n_attrs && !n_missing)
        return;
    sb_printf(out, "\n%s:\n", tr(M_ATTRIBUTES));
    for (size_t i = 0; i < u->n_attrs; i++) {
        const plan_attribute *pa = plan_find_attribute(&ws->plan, u->attrs[i].key);
        const char *title = pa ? text2_get(&pa->title, i18n_lang()) : u->attrs[i].key;
        sb_printf(out, "  %s (%s): %s\n", title, u->attrs[i].key, u->attrs[i].text);
    }
    /* what the office should fill in: checks wait on these */
    for (size_t i = 0; i < n_missing && i < 64; i++)
        sb_printf(out, "  %s (%s): [%s]\n", text2_get(&missing[i]->title, i18n_lang()),
                  missing[i]->key, tr(M_ATTR_MISSING));
}

static void show_note(strbuf *out, const char *note)
{
    /* each line of a note indented under its check */
    sb_puts(out, "        ");
    sb_puts(out, tr(M_NOTE));
    sb_puts(out, ": ");
    for (const char *p = note; *p; p++) {
        sb_putc(out, *p);
        if (*p == '\n' && p[1])
            sb_puts(out, "          ");
    }
    if (note[strlen(note) - 1] != '\n')
        sb_putc(out, '\n');
}

/* Today and the window of "expiring", for the evidence of the checks. */
typedef struct show_ctx {
    const unit *u;
    int64_t today;
    int window;
} show_ctx;

static void show_evidence(strbuf *out, const show_ctx *sc, const plan_check *pc)
{
    for (size_t i = 0; i < sc->u->n_records; i++) {
        const unit_record *r = &sc->u->records[i];
        if (r->kind != &record_kind_evidence || r->check != pc)
            continue;
        int64_t until;
        ev_validity v = ev_record_validity(sc->u, r, sc->today, sc->window, &until);
        sb_printf(out, "        %s %s: ", tr(M_EVIDENCE), r->id);
        ev_describe(r, v, until, sc->today, out);
        sb_putc(out, '\n');
        const char *file = record_text(r, "file");
        if (file)
            sb_printf(out, "          %s\n", file);
    }
}

static void show_check(strbuf *out, const show_ctx *sc, const plan_check *pc, lang l)
{
    const unit *u = sc->u;
    const check_state *cs = unit_find_check(u, pc->id);
    status st = cs ? cs->status : STATUS_TODO;
    sb_printf(out, "    %s %s  %s", status_mark(st), pc->id, text2_get(&pc->title, l));
    if (pc->numeric) {
        sb_puts(out, "  [");
        fmt_value_target(out, cs, pc, l);
        sb_putc(out, ']');
    }
    if (!pc->scored)
        sb_printf(out, "  (%s)", tr(M_NOT_SCORED));
    ev_validity v = ev_check_validity(u, pc, sc->today, sc->window);
    if (ev_validity_alerts(v)) {
        sb_puts(out, "  ");
        ev_check_tag(v, out);
    }
    sb_putc(out, '\n');
    applies a = unit_applies(u, pc);
    if (a == APPLIES_MISSING || a == APPLIES_EXCLUDED) {
        strbuf why = STRBUF_INIT;
        if (a == APPLIES_MISSING)
            filter_missing_keys(&pc->where, u, &why);
        else
            filter_describe(&pc->where, &why);
        sb_puts(out, "        ");
        sb_printf(out, tr(a == APPLIES_MISSING ? M_CHECK_ATTR_MISSING : M_CHECK_NO_LONGER),
                  sb_str(&why));
        sb_putc(out, '\n');
        sb_free(&why);
    }
    if (cs && cs->note && *cs->note)
        show_note(out, cs->note);
    if (cs && cs->updated)
        sb_printf(out, "        %s %s %s %s\n", tr(M_UPDATED), cs->updated, tr(M_BY),
                  cs->by ? cs->by : "?");
    show_evidence(out, sc, pc);
}

static void show_checks(strbuf *out, const workspace *ws, const show_ctx *sc)
{
    const unit *u = sc->u;
    lang l = i18n_lang();
    for (size_t s = 0; s < ws->plan.n_sections; s++) {
        const plan_section *sec = &ws->plan.sections[s];
        bool header_done = false;
        for (size_t i = 0; i < sec->n_items; i++) {
            const plan_item *it = &sec->items[i];
            unit_progress pr = {0};
            for (size_t c = 0; c < it->n_checks; c++)
                if (unit_carries(u, &it->checks[c]))
                    unit_progress_add(&pr, unit_status_of(u, &it->checks[c]));
            if (pr.applicable + pr.na == 0)
                continue;
            if (!header_done)
                sb_printf(out, "\n%s\n", text2_get(&sec->title, l));
            header_done = true;
            sb_printf(out, "  %s %s [%zu/%zu]\n", it->id, text2_get(&it->title, l), pr.done,
                      pr.applicable);
            for (size_t c = 0; c < it->n_checks; c++)
                if (unit_carries(u, &it->checks[c]))
                    show_check(out, sc, &it->checks[c], l);
        }
    }
}

static void show_visits(strbuf *out, const unit *u)
{
    bool any = false;
    for (size_t i = 0; i < u->n_records; i++) {
        const unit_record *r = &u->records[i];
        if (r->kind != &record_kind_visit)
            continue;
        if (!any)
            sb_printf(out, "\n%s:\n", tr(M_VISITS));
        any = true;
        char *people = record_value_text(record_value_of(r, "visitors"));
        char *checks = record_value_text(record_value_of(r, "checks"));
        sb_printf(out, "  %s  %s  %s", record_text(r, "date"), r->id, people);
        sb_printf(out, "%s%s\n", *checks ? "  " : "", checks);
        const char *note = record_text(r, "note");
        if (note && *note)
            show_note(out, note);
        free(people);
        free(checks);
    }
}

/* States kept in the file for checks the unit no longer carries (an
 * attribute changed): shown, never counted, back when it changes back. */
static void show_kept(strbuf *out, const show_ctx *sc)
{
    const unit *u = sc->u;
    lang l = i18n_lang();
    bool header_done = false;
    for (size_t i = 0; i < u->n_checks; i++) {
        if (unit_carries(u, u->checks[i].check))
            continue;
        if (!header_done)
            sb_printf(out, "\n%s\n", tr(M_KEPT_NOT_APPLYING));
        header_done = true;
        show_check(out, sc, u->checks[i].check, l);
    }
}

static void show_history(strbuf *out, const unit *u)
{
    if (!u->n_history)
        return;
    sb_printf(out, "\n%s:\n", tr(M_HISTORY));
    for (size_t i = 0; i < u->n_history; i++) {
        const history_entry *h = &u->history[i];
        sb_printf(out, "  %s  %s  %s  ", h->at ? h->at : "", h->by ? h->by : "",
                  h->check ? h->check : "");
        history_describe_line(h, out);
        sb_putc(out, '\n');
    }
}

int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
    workspace ws;
    ws_unit *wu;
    int rc = cli_open_one_unit(ctx, argc, argv, &ws, &wu);
    if (rc != EXIT_DONE)
        return rc;
    const unit *u = wu->u;
    /* today, for the records that depend on it (overdue, validity) */
    show_ctx sc = {u, 0, workspace_expiring_days(&ws)};
    bool rectified = false, dated = false;
    for (size_t i = 0; i < u->n_records; i++) {
        rectified |= u->records[i].kind == &record_kind_rectification;
        dated |= rectified || u->records[i].kind == &record_kind_evidence;
    }
    if (dated && !cli_today(&sc.today)) {
        workspace_close(&ws);
        return EXIT_DATA;
    }
    unit_progress pr = unit_progress_of(u, &ws.plan);
    strbuf out = STRBUF_INIT;
    sb_printf(&out, "%s (%s) - %s\n", u->name, u->id, tr_kind(u->kind));
    sb_printf(&out, "%s: %s   ", tr(M_PLAN), ws.plan.id);
    sb_printf(&out, tr(M_CHECKS_DONE), pr.done, pr.applicable);
    if (pr.failed) {
        sb_puts(&out, ", ");
        sb_printf(&out, tr(M_FAILED_COUNT), pr.failed);
    }
    sb_putc(&out, '\n');
    show_attributes(&out, &ws, u);
    show_checks(&out, &ws, &sc);
    show_kept(&out, &sc);
    if (rectified)
        report_unit_rectifications(REPORT_TEXT, &ws, (size_t)(wu - ws.units), sc.today, &out);
    show_visits(&out, u);
    show_history(&out, u);
    cli_out(sb_str(&out));
    sb_free(&out);
    workspace_close(&ws);
    return EXIT_DONE;
}
