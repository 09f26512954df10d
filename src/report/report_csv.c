/* The report as data: one row per unit and check it carries, in
 * workspace and plan order, through the one CSV writer (csv.h: BOM, CRLF,
 * formula-inert cells).  The header and the kind and status columns use
 * the file vocabulary (village, done; the check's evidence: expired,
 * expiring, valid, no-end or empty), stable for scripts and
 * spreadsheets whatever the language; titles come in the interface
 * language.  Units whose file failed to load have no rows.
 *
 * Text cells are made inert by the writer (line breaks kept): an escape sequence
 * or a bidi override in a note must not reach a terminal that shows the
 * file, nor reorder a spreadsheet cell. */
#include "report/report.h"

#include "model/applies.h"
#include "i18n/i18n.h"
#include "report/csv.h"

#include <string.h>

/* The rectification columns of a check's row: its open ones, how many
 * overdue, the one due first (its due date, owner and days overdue). */
static void rect_cells(csv_writer *w, const overview *ov, const unit *u, const plan_check *pc)
{
    rect_counts c = {0};
    const unit_record *first = NULL;
    if (ov->has_rects) {
        rect_count_check(u, pc, ov->today, &c);
        first = rect_first_open(u, pc);
    }
    if (!ov->has_rects || (!c.open && !c.verified_year)) {
        for (int i = 0; i < 5; i++)
            csv_text(w, "");
        return;
    }
    csv_number(w, (double)c.open);
    csv_number(w, (double)c.overdue);
    csv_text(w, first ? record_text(first, "due") : NULL);
    csv_text(w, first ? record_text(first, "owner") : NULL);
    if (first && rect_overdue(first, ov->today))
        csv_number(w, (double)(ov->today - rect_due(first)));
    else
        csv_text(w, "");
}

/* How many times the check moved (or its rectifications did) since the
 * date asked for; empty without one. */
static void since_cell(csv_writer *w, const overview *ov, const unit *u, const plan_check *pc)
{
    if (!ov->has_since) {
        csv_text(w, "");
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < u->n_history; i++)
        n += u->history[i].check && strcmp(u->history[i].check, pc->id) == 0 &&
             since_includes(&u->history[i], ov->since.since, ov->since.until);
    csv_number(w, (double)n);
}

static void check_row(csv_writer *w, const overview *ov, const unit *u, const plan_check *pc,
                      lang l)
{
    const check_state *cs = unit_state_of(u, pc);
    csv_text(w, u->id);
    csv_text(w, u->name);
    csv_text(w, unit_kind_name(u->kind));
    csv_text(w, pc->id);
    csv_text(w, text2_get(&pc->title, l));
    csv_text(w, status_name(cs ? cs->status : STATUS_TODO));
    if (cs && cs->has_value)
        csv_number(w, cs->value);
    else
        csv_text(w, "");
    csv_text(w, cs ? cs->note : NULL);
    csv_text(w, cs ? cs->updated : NULL);
    csv_text(w, cs ? cs->by : NULL);
    rect_cells(w, ov, u, pc);
    since_cell(w, ov, u, pc);
    csv_text(w, ov->has_ledger ? ev_validity_name(ev_check_validity(u, pc, ov->today, ov->window))
                               : NULL);
    csv_end_row(w);
}

void report_csv(const overview *ov, const char *made, strbuf *out)
{
    static const char *const header[] = {
        "unit_id",       "name",         "kind",     "check_id",   "title",
        "status",        "value",        "note",     "updated",    "by",
        "rect_open",     "rect_overdue", "rect_due", "rect_owner", "rect_days_overdue",
        "changes_since", "evidence"};
    const plan *p = &ov->ws->plan;
    lang l = i18n_lang();
    csv_writer w;
    csv_begin(&w, out);
    csv_row(&w, header, sizeof header / sizeof *header);
    for (size_t i = 0; i < ov->n_units; i++) {
        const unit *u = overview_unit(ov, i);
        if (!u)
            continue;
        for (size_t s = 0; s < p->n_sections; s++)
            for (size_t it = 0; it < p->sections[s].n_items; it++) {
                const plan_item *item = &p->sections[s].items[it];
                for (size_t c = 0; c < item->n_checks; c++)
                    if (unit_carries(u, &item->checks[c]))
                        check_row(&w, ov, u, &item->checks[c], l);
            }
    }
}

void report_csv_rectifications(const rect_section *s, strbuf *out)
{
    static const char *const header[] = {
        "unit_id", "name",    "kind",      "check_id",    "id",       "state",      "what",
        "owner",   "due",     "days_left", "overdue",     "note",     "opened",     "opened_by",
        "done",    "done_by", "verified",  "verified_by", "reopened", "reopened_by"};
    static const char *const steps[] = {"opened",   "opened_by",   "done",     "done_by",
                                        "verified", "verified_by", "reopened", "reopened_by"};
    csv_writer w;
    csv_begin(&w, out);
    csv_row(&w, header, sizeof header / sizeof *header);
    for (size_t i = 0; i < s->list->n; i++) {
        const rect_item *it = &s->list->items[i];
        const unit *u = s->ws->units[it->unit].u;
        csv_text(&w, u->id);
        csv_text(&w, u->name);
        csv_text(&w, unit_kind_name(u->kind));
        csv_text(&w, it->r->check ? it->r->check->id : NULL);
        csv_text(&w, it->r->id);
        csv_text(&w, rect_state_name(it->state));
        csv_text(&w, record_text(it->r, "what"));
        csv_text(&w, record_text(it->r, "owner"));
        csv_text(&w, record_text(it->r, "due"));
        if (it->state == RECT_VERIFIED)
            csv_text(&w, "");
        else
            csv_number(&w, (double)(it->due - s->list->today));
        csv_text(&w, it->overdue ? "yes" : "no");
        csv_text(&w, record_text(it->r, "note"));
        for (size_t k = 0; k < sizeof steps / sizeof *steps; k++)
            csv_text(&w, record_text(it->r, steps[k]));
        csv_end_row(&w);
    }
}
