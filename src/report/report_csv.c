/* The report as data: one row per unit and check it carries, in
 * workspace and plan order, through the one CSV writer (csv.h: BOM, CRLF,
 * formula-inert cells).  The header and the kind and status columns use
 * the file vocabulary (village, done), stable for scripts and
 * spreadsheets whatever the language; titles come in the interface
 * language.  Units whose file failed to load have no rows.
 *
 * Text cells are made inert by the writer (line breaks kept): an escape sequence
 * or a bidi override in a note must not reach a terminal that shows the
 * file, nor reorder a spreadsheet cell. */
#include "report/report.h"

#include "i18n/i18n.h"
#include "report/csv.h"

static void check_row(csv_writer *w, const unit *u, const plan_check *pc, lang l)
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
    csv_end_row(w);
}

void report_csv(const overview *ov, const char *made, strbuf *out)
{
    static const char *const header[] = {"unit_id", "name",  "kind", "check_id", "title",
                                         "status",  "value", "note", "updated",  "by"};
    const plan *p = &ov->ws->plan;
    lang l = i18n_lang();
    csv_writer w;
    csv_begin(&w, out);
    for (size_t i = 0; i < sizeof header / sizeof *header; i++)
        csv_text(&w, header[i]);
    csv_end_row(&w);
    for (size_t i = 0; i < ov->n_units; i++) {
        const unit *u = overview_unit(ov, i);
        if (!u)
            continue;
        for (size_t s = 0; s < p->n_sections; s++)
            for (size_t it = 0; it < p->sections[s].n_items; it++) {
                const plan_item *item = &p->sections[s].items[it];
                for (size_t c = 0; c < item->n_checks; c++)
                    if (item->checks[c].kinds & (unsigned)u->kind)
                        check_row(&w, u, &item->checks[c], l);
            }
    }
}
