/* The report as data, through the one CSV writer (csv.h: BOM, CRLF,
 * formula-inert cells), in the report's language: the headers, the kinds
 * and the statuses are words of the interface language, and each word
 * has its code beside it (village, done: the file vocabulary) for
 * scripts, which should read the codes; the check's evidence is a code
 * (expired, expiring, valid, no-end or empty).  Units whose file failed
 * to load have no rows.
 *
 * Two tables: the checks (report_csv: one row per unit and check it
 * carries, in workspace and plan order) and the scores (report_csv_scores:
 * one row per unit with its score, grade, rank and points per section).
 *
 * Text cells are made inert by the writer (line breaks kept): an escape
 * sequence or a bidi override in a note must not reach a terminal that
 * shows the file, nor reorder a spreadsheet cell. */
#include "report/report.h"

#include "model/applies.h"
#include "i18n/i18n.h"
#include "report/csv.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdlib.h>

static void header(csv_writer *w, const msg_id *cols, size_t n)
{
    for (size_t i = 0; i < n; i++)
        csv_text(w, tr(cols[i]));
}

/* The columns that say which unit a row is about. */
static void unit_cells(csv_writer *w, const unit *u)
{
    csv_text(w, u->id);
    csv_text(w, u->name);
    csv_text(w, tr_kind(u->kind));
    csv_text(w, unit_kind_name(u->kind));
}

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
    status st = cs ? cs->status : STATUS_TODO;
    unit_cells(w, u);
    csv_text(w, pc->id);
    csv_text(w, text2_get(&pc->title, l));
    csv_text(w, tr_status(st));
    csv_text(w, status_name(st));
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
    (void)made;
    static const msg_id cols[] = {M_CSV_UNIT_ID,
                                  M_CSV_NAME,
                                  M_CSV_KIND,
                                  M_CSV_KIND_CODE,
                                  M_CSV_CHECK_ID,
                                  M_CSV_CHECK,
                                  M_CSV_STATUS,
                                  M_CSV_STATUS_CODE,
                                  M_CSV_VALUE,
                                  M_CSV_NOTE,
                                  M_CSV_UPDATED,
                                  M_CSV_BY,
                                  M_CSV_RECT_OPEN,
                                  M_CSV_RECT_OVERDUE,
                                  M_CSV_RECT_DUE,
                                  M_CSV_RECT_OWNER,
                                  M_CSV_RECT_DAYS_OVERDUE,
                                  M_CSV_CHANGES_SINCE,
                                  M_CSV_EVIDENCE};
    const plan *p = &ov->ws->plan;
    lang l = i18n_lang();
    csv_writer w;
    csv_begin(&w, out);
    header(&w, cols, sizeof cols / sizeof *cols);
    csv_end_row(&w);
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

/* A section's two columns: its points, and its share of the 100 (which
 * grows when another section has nothing for the unit). */
static void section_header(csv_writer *w, const plan_section *sec, lang l)
{
    char *points = xasprintf(tr(M_CSV_SECTION_POINTS), text2_get(&sec->title, l));
    char *share = xasprintf(tr(M_CSV_SECTION_SHARE), text2_get(&sec->title, l));
    csv_text(w, points);
    csv_text(w, share);
    free(points);
    free(share);
}

/* Year on year: the score then, its change and the grade then; empty
 * without the year before's assessment, for a unit not in it (new) and
 * for one not scored then or now. */
static void year_cells(csv_writer *w, const overview *ov, const ov_unit *ou)
{
    if (!ov->assessment.has_previous || !ou->scored_then || !ou->score.scored) {
        for (int i = 0; i < 3; i++)
            csv_text(w, "");
        return;
    }
    /* a number to one decimal as the scores are (+ 0.0: never "-0") */
    csv_number(w, ou->score_then);
    csv_number(w, round((ou->score.points - ou->score_then) * 10) / 10 + 0.0);
    csv_text(w, ou->grade_then);
}

static void score_row(csv_writer *w, const overview *ov, size_t index)
{
    const ov_unit *ou = &ov->units[index];
    const plan *p = &ov->ws->plan;
    unit_cells(w, overview_unit(ov, index));
    if (ou->rank)
        csv_number(w, ou->rank);
    else
        csv_text(w, "");
    if (ou->score.scored)
        csv_number(w, ou->score.points);
    else
        csv_text(w, "");
    csv_text(w, ou->score.grade);
    for (size_t s = 0; s < p->n_sections; s++) {
        if (ou->section_max[s] > 0) {
            csv_number(w, ou->section_points[s]);
            csv_number(w, ou->section_max[s]);
        } else {
            csv_text(w, "");
            csv_text(w, "");
        }
    }
    csv_number(w, (double)ou->progress->done);
    csv_number(w, (double)ou->progress->applicable);
    csv_number(w, (double)ou->progress->failed);
    year_cells(w, ov, ou);
    csv_end_row(w);
}

void report_csv_scores(const overview *ov, strbuf *out)
{
    static const msg_id head[] = {M_CSV_UNIT_ID, M_CSV_NAME,  M_CSV_KIND, M_CSV_KIND_CODE,
                                  M_CSV_RANK,    M_CSV_SCORE, M_CSV_GRADE};
    static const msg_id tail[] = {M_CSV_DONE,       M_CSV_APPLICABLE,   M_CSV_FAILED,
                                  M_CSV_SCORE_THEN, M_CSV_SCORE_CHANGE, M_CSV_GRADE_THEN};
    const plan *p = &ov->ws->plan;
    csv_writer w;
    csv_begin(&w, out);
    header(&w, head, sizeof head / sizeof *head);
    for (size_t s = 0; s < p->n_sections; s++)
        section_header(&w, &p->sections[s], i18n_lang());
    header(&w, tail, sizeof tail / sizeof *tail);
    csv_end_row(&w);
    /* the town, then the villages and the enterprises best first */
    if (ov->town != SIZE_MAX)
        score_row(&w, ov, ov->town);
    for (size_t i = 0; i < ov->n_villages; i++)
        score_row(&w, ov, ov->villages[i]);
    for (size_t i = 0; i < ov->n_enterprises; i++)
        score_row(&w, ov, ov->enterprises[i]);
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
