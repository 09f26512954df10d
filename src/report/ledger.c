#include "report/ledger.h"

#include "model/applies.h"
#include "model/evidence.h"
#include "model/history.h"
#include "model/rectify.h"
#include "model/timestamp.h"
#include "model/visit.h"
#include "report/format.h"
#include "report/report.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---- the head: who, progress, evidence, last visit ---------------------- */

static void head(const ledger_ctx *lc, document *d)
{
    const unit *u = lc->u;
    const ws_config *cfg = &lc->ws->cfg;
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, tr(M_LEDGER_TITLE), u->name);
    doc_add(d, DOC_TITLE, sb_str(&sb), false);
    sb_reset(&sb);
    sb_printf(&sb, tr(M_LEDGER_IDENT), tr_kind(u->kind), u->id, cfg->town ? cfg->town : "-",
              cfg->year, lc->ws->plan.id);
    doc_add(d, DOC_PARA, sb_str(&sb), false);
    sb_reset(&sb);
    unit_progress pr = unit_progress_of(u, &lc->ws->plan);
    sb_printf(&sb, tr(M_CHECKS_DONE), pr.done, pr.applicable);
    if (pr.failed) {
        sb_puts(&sb, ", ");
        sb_printf(&sb, tr(M_FAILED_COUNT), pr.failed);
    }
    doc_add(d, DOC_PARA, sb_str(&sb), pr.failed > 0);
    sb_reset(&sb);
    ev_counts ec;
    ev_count(u, lc->today, lc->window, &ec);
    char today[DATE_SIZE];
    date_format(lc->today, today);
    sb_printf(&sb, tr(M_LEDGER_EVIDENCE), ec.records, ec.expired, ec.expiring, today);
    doc_add(d, DOC_PARA, sb_str(&sb), ec.expired > 0);
    sb_reset(&sb);
    int64_t last;
    char day[DATE_SIZE];
    if (visit_last(u, &last)) {
        date_format(last, day);
        sb_printf(&sb, tr(M_LEDGER_LAST_VISIT), day);
    } else {
        sb_puts(&sb, tr(M_NO_VISITS));
    }
    doc_add(d, DOC_PARA, sb_str(&sb), false);
    sb_reset(&sb);
    sb_printf(&sb, tr(M_REPORT_MADE), lc->made);
    doc_add(d, DOC_PARA, sb_str(&sb), false);
    sb_free(&sb);
}

static void attributes(const ledger_ctx *lc, document *d)
{
    doc_add(d, DOC_HEADING, tr(M_ATTRIBUTES), false);
    const unit *u = lc->u;
    if (!u->n_attrs) {
        doc_add(d, DOC_PARA, tr(M_NONE), false);
        return;
    }
    doc_table(d, 3, "lll");
    doc_cell_add(d, tr(M_COL_ATTRIBUTE), false);
    doc_cell_add(d, tr(M_COL_KEY), false);
    doc_cell_add(d, tr(M_COL_VALUE), false);
    for (size_t i = 0; i < u->n_attrs; i++) {
        const plan_attribute *pa = plan_find_attribute(&lc->ws->plan, u->attrs[i].key);
        doc_cell_add(d, pa ? text2_get(&pa->title, i18n_lang()) : u->attrs[i].key, false);
        doc_cell_add(d, u->attrs[i].key, false);
        doc_cell_add(d, u->attrs[i].text, false);
    }
}

/* ---- the score ---------------------------------------------------------- */

/* "Villages: 2 of 5": the unit's place in its kind's ranking; "-" for
 * the town and a unit not ranked. */
static void rank_text(const overview *ov, size_t index, strbuf *sb)
{
    int rank = ov->units[index].rank;
    unit_kind kind = ov->ws->units[index].kind;
    if (!rank || kind == KIND_TOWN) {
        sb_putc(sb, '-');
        return;
    }
    bool village = kind == KIND_VILLAGE;
    sb_printf(sb, tr(M_LEDGER_RANK), tr(village ? M_KIND_VILLAGES : M_KIND_ENTERPRISES), rank,
              village ? ov->n_villages : ov->n_enterprises);
}

/* The unit's row of the rankings: score (with its change year on year),
 * grade (then and now), rank, points per section; the same cells the
 * town report's rankings give (report.h).  The arrow is the terminal's
 * in text. */
static void score(const ledger_ctx *lc, report_format f, document *d)
{
    const overview *ov = lc->ov;
    const ov_unit *ou = &ov->units[lc->index];
    const plan *p = &lc->ws->plan;
    doc_add(d, DOC_HEADING, tr(M_LEDGER_SCORE), false);
    if (ov->assessment.has_previous) {
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, tr(M_LEDGER_YEAR_ON_YEAR), ov->assessment.previous_year);
        doc_add(d, DOC_PARA, sb_str(&sb), false);
        sb_free(&sb);
    }
    char *align = xmalloc(p->n_sections + 4);
    memcpy(align, "rll", 3);
    memset(align + 3, 'r', p->n_sections);
    align[p->n_sections + 3] = '\0';
    doc_table(d, p->n_sections + 3, align);
    free(align);
    doc_cell_add(d, tr(M_COL_SCORE), false);
    doc_cell_add(d, tr(M_COL_GRADE), false);
    doc_cell_add(d, tr(M_COL_RANK), false);
    for (size_t s = 0; s < p->n_sections; s++)
        doc_cell_add(d, text2_get(&p->sections[s].title, i18n_lang()), false);
    strbuf sb = STRBUF_INIT;
    report_score_cell(ov, lc->index, &sb);
    doc_cell_add(d, sb.len ? sb_str(&sb) : "-", false);
    sb_reset(&sb);
    report_grade_cell(ov, lc->index, f == REPORT_TEXT ? "->" : "→", &sb);
    doc_cell_add(d, sb.len ? sb_str(&sb) : "-", ou->lagging);
    sb_reset(&sb);
    rank_text(ov, lc->index, &sb);
    doc_cell_add(d, sb_str(&sb), false);
    for (size_t s = 0; s < p->n_sections; s++) {
        sb_reset(&sb);
        report_section_points(ou, s, &sb);
        doc_cell_add(d, sb_str(&sb), false);
    }
    sb_free(&sb);
}

/* ---- the checks --------------------------------------------------------- */

static void evidence(const ledger_ctx *lc, const plan_check *pc, document *d)
{
    bool any = false;
    for (size_t i = 0; i < lc->u->n_records; i++) {
        const unit_record *r = &lc->u->records[i];
        if (r->kind != &record_kind_evidence || r->check != pc)
            continue;
        if (!any)
            doc_add(d, DOC_PARA, tr(M_EVIDENCE), false);
        any = true;
        int64_t until;
        ev_validity v = ev_record_validity(lc->u, r, lc->today, lc->window, &until);
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s  ", r->id);
        ev_describe(r, v, until, lc->today, &sb);
        const char *file = record_text(r, "file");
        const char *sha = record_text(r, "sha256");
        if (file)
            sb_printf(&sb, "  %s", file);
        if (sha)
            sb_printf(&sb, " (sha256 %.8s)", sha);
        doc_add(d, DOC_ITEM, sb_str(&sb), ev_validity_alerts(v));
        sb_free(&sb);
        const char *note = record_text(r, "note");
        if (note && *note)
            doc_note(d, tr(M_NOTE), note);
    }
}

/* The check's rectifications by id and state; the unit's rectification
 * section tells each one's story. */
static void rectifications(const ledger_ctx *lc, const plan_check *pc, document *d)
{
    strbuf sb = STRBUF_INIT;
    bool open = false;
    for (size_t i = 0; i < lc->u->n_records; i++) {
        const unit_record *r = &lc->u->records[i];
        if (r->kind != &record_kind_rectification || r->check != pc)
            continue;
        sb_printf(&sb, "%s%s %s", sb.len ? ", " : "", r->id, rect_state_title(rect_state_of(r)));
        open = open || rect_is_open(r);
    }
    if (sb.len) {
        char *line = xasprintf("%s%s%s", tr(M_LEDGER_RECTIFICATIONS), tr(M_TUI_COLON), sb_str(&sb));
        doc_add(d, DOC_PARA, line, open);
        free(line);
    }
    sb_free(&sb);
}

static void check_entry(const ledger_ctx *lc, const plan_check *pc, document *d)
{
    lang l = i18n_lang();
    const check_state *cs = unit_state_of(lc->u, pc);
    status st = cs ? cs->status : STATUS_TODO;
    ev_validity ev = ev_check_validity(lc->u, pc, lc->today, lc->window);
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s %s  %s", status_mark(st), pc->id, text2_get(&pc->title, l));
    doc_add(d, DOC_ENTRY, sb_str(&sb), false);
    sb_reset(&sb);
    sb_printf(&sb, tr(M_LEDGER_STATUS), tr_status(st));
    if (pc->numeric) {
        sb_printf(&sb, "  %s%s", tr(M_VALUE), tr(M_TUI_COLON));
        fmt_value_target(&sb, cs, pc, l);
    }
    if (ev_validity_alerts(ev)) {
        sb_puts(&sb, "  ");
        ev_check_tag(ev, &sb);
    }
    if (cs && cs->updated)
        sb_printf(&sb, "  (%s %s %s %s)", tr(M_UPDATED), cs->updated, tr(M_BY),
                  cs->by ? cs->by : "?");
    doc_add(d, DOC_PARA, sb_str(&sb), st == STATUS_FAILED || ev_validity_alerts(ev));
    sb_free(&sb);
    if (cs && cs->note && *cs->note)
        doc_note(d, tr(M_NOTE), cs->note);
    evidence(lc, pc, d);
    rectifications(lc, pc, d);
}

static void checks(const ledger_ctx *lc, document *d)
{
    const plan *p = &lc->ws->plan;
    lang l = i18n_lang();
    doc_add(d, DOC_HEADING, tr(M_LEDGER_CHECKS), false);
    for (size_t s = 0; s < p->n_sections; s++)
        for (size_t i = 0; i < p->sections[s].n_items; i++) {
            const plan_item *it = &p->sections[s].items[i];
            bool header = false;
            for (size_t c = 0; c < it->n_checks; c++) {
                const plan_check *pc = &it->checks[c];
                if (!unit_carries(lc->u, pc))
                    continue;
                if (!header) {
                    strbuf sb = STRBUF_INIT;
                    sb_printf(&sb, "%s  %s", it->id, text2_get(&it->title, l));
                    doc_add(d, DOC_SUBHEAD, sb_str(&sb), false);
                    sb_free(&sb);
                }
                header = true;
                check_entry(lc, pc, d);
            }
        }
}

/* ---- visits and history ------------------------------------------------- */

static void visits(const ledger_ctx *lc, document *d)
{
    doc_add(d, DOC_HEADING, tr(M_VISITS), false);
    bool any = false;
    for (size_t i = 0; i < lc->u->n_records; i++) {
        const unit_record *r = &lc->u->records[i];
        if (r->kind != &record_kind_visit)
            continue;
        if (!any) {
            doc_table(d, 4, "llll");
            const msg_id cols[] = {M_COL_DATE, M_COL_VISITORS, M_COL_CHECKS, M_NOTE};
            for (size_t k = 0; k < 4; k++)
                doc_cell_add(d, tr(cols[k]), false);
        }
        any = true;
        doc_cell_add(d, record_text(r, "date"), false);
        static const char *const lists[] = {"visitors", "checks"};
        for (size_t k = 0; k < 2; k++) {
            char *text = record_value_text(record_value_of(r, lists[k]));
            doc_cell_add(d, text, false);
            free(text);
        }
        doc_cell_add(d, record_text(r, "note"), false);
    }
    if (!any)
        doc_add(d, DOC_PARA, tr(M_NO_VISITS), false);
}

static void history(const ledger_ctx *lc, document *d)
{
    doc_add(d, DOC_HEADING, tr(M_HISTORY), false);
    const unit *u = lc->u;
    if (!u->n_history) {
        doc_add(d, DOC_PARA, tr(M_NONE), false);
        return;
    }
    doc_table(d, 4, "llll");
    const msg_id cols[] = {M_COL_WHEN, M_COL_BY, M_COL_CHECK, M_COL_CHANGE};
    for (size_t k = 0; k < 4; k++)
        doc_cell_add(d, tr(cols[k]), false);
    for (size_t i = 0; i < u->n_history; i++) {
        const history_entry *h = &u->history[i];
        strbuf sb = STRBUF_INIT;
        history_describe(h, true, &sb);
        doc_cell_add(d, h->at, false);
        doc_cell_add(d, h->by, false);
        doc_cell_add(d, h->check, false);
        doc_cell_add(d, sb_str(&sb), false);
        sb_free(&sb);
    }
}

void ledger_write(const ledger_ctx *lc, report_format f, strbuf *out)
{
    document d;
    doc_init(&d);
    d.lang = i18n_lang() == LANG_ZH ? "zh-CN" : "en";
    head(lc, &d);
    attributes(lc, &d);
    score(lc, f, &d);
    checks(lc, &d);
    doc_write_head(&d, f, out);
    doc_write_body(&d, f, out);
    doc_free(&d);
    report_unit_rectifications(f, lc->ws, lc->index, lc->today, out);
    doc_init(&d);
    visits(lc, &d);
    history(lc, &d);
    doc_write_body(&d, f, out);
    doc_write_tail(f, out);
    doc_free(&d);
}

/* ---- the town report's part --------------------------------------------- */

/* Rows of each list in the town report: the rest is counted, and listed
 * by qtown evidence and qtown visits. */
#define TOWN_MAX_ROWS 50

static void more_rows(document *d, size_t n)
{
    if (n <= TOWN_MAX_ROWS)
        return;
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, tr(M_CH_MORE), n - TOWN_MAX_ROWS);
    doc_add(d, DOC_PARA, sb_str(&sb), false);
    sb_free(&sb);
}

static void town_evidence(const overview *ov, document *d)
{
    char today[DATE_SIZE];
    date_format(ov->today, today);
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, tr(M_LEDGER_TOWN_EVIDENCE), ov->ev_expired, ov->ev_expiring, ov->window, today);
    doc_add(d, DOC_PARA, sb_str(&sb), ov->ev_expired > 0);
    sb_free(&sb);
    if (!ov->evidence.n)
        return;
    doc_table(d, 6, "llllll");
    const msg_id cols[] = {M_COL_STATE, M_COL_VALID_UNTIL, M_COL_UNIT,
                           M_COL_CHECK, M_COL_TITLE,       M_COL_NUMBER};
    for (size_t k = 0; k < 6; k++)
        doc_cell_add(d, tr(cols[k]), false);
    for (size_t i = 0; i < ov->evidence.n && i < TOWN_MAX_ROWS; i++) {
        const ev_item *it = &ov->evidence.items[i];
        const unit_record *r = overview_evidence(ov, it); /* NULL: its file changed */
        strbuf state = STRBUF_INIT;
        long long days = it->validity == EV_EXPIRED ? ov->today - it->until : it->until - ov->today;
        sb_printf(&state, tr(it->validity == EV_EXPIRED ? M_EV_DAYS_AGO : M_EV_DAYS_LEFT),
                  ev_validity_title(it->validity), days);
        doc_cell_add(d, sb_str(&state), it->validity == EV_EXPIRED);
        sb_free(&state);
        doc_cell_add(d, r ? record_text(r, "valid_until") : NULL, false);
        doc_cell_add(d, report_unit_name(ov, it->unit), false);
        doc_cell_add(d, it->check->id, false);
        doc_cell_add(d, r ? record_text(r, "title") : NULL, false);
        doc_cell_add(d, r ? record_text(r, "number") : NULL, false);
    }
    more_rows(d, ov->evidence.n);
}

static void town_unvisited(const overview *ov, document *d)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, tr(M_LEDGER_UNVISITED), ov->n_unvisited, ov->unvisited_days);
    doc_add(d, DOC_PARA, sb_str(&sb), false);
    sb_free(&sb);
    if (!ov->n_unvisited)
        return;
    doc_table(d, 3, "lll");
    const msg_id cols[] = {M_COL_UNIT, M_COL_KIND, M_COL_LAST_VISIT};
    for (size_t k = 0; k < 3; k++)
        doc_cell_add(d, tr(cols[k]), false);
    for (size_t i = 0; i < ov->n_unvisited && i < TOWN_MAX_ROWS; i++) {
        size_t u = ov->unvisited[i];
        char day[DATE_SIZE];
        if (ov->unvisited_last[i] != INT64_MIN)
            date_format(ov->unvisited_last[i], day);
        doc_cell_add(d, report_unit_name(ov, u), false);
        doc_cell_add(d, tr_kind(ov->ws->units[u].kind), false);
        doc_cell_add(d, ov->unvisited_last[i] != INT64_MIN ? day : tr(M_NEVER), false);
    }
    more_rows(d, ov->n_unvisited);
}

void ledger_town_section(const overview *ov, document *d)
{
    doc_add(d, DOC_HEADING, tr(M_SEC_LEDGER), false);
    town_evidence(ov, d);
    town_unvisited(ov, d);
}
