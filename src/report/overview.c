#include "report/overview.h"

#include "model/applies.h"
#include "model/meeting.h"
#include "model/timestamp.h"
#include "util/clock.h"
#include "model/visit.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const unit *overview_unit(const overview *ov, size_t index)
{
    diag_list dl = DIAG_LIST_INIT; /* a unit that does not load shows as such */
    const unit *u = workspace_unit_full(ov->ws, &ov->ws->units[index], &dl);
    diag_clear(&dl);
    return u;
}

const check_state *overview_failure_state(const overview *ov, const ov_failure *f)
{
    const unit *u = overview_unit(ov, f->unit);
    return u ? unit_state_of(u, f->check) : NULL;
}

const unit_record *overview_evidence(const overview *ov, const ev_item *it)
{
    return ev_item_record(overview_unit(ov, it->unit), it);
}

const char *overview_unit_name(const overview *ov, size_t index)
{
    const ws_unit *wu = &ov->ws->units[index];
    return wu->sum ? wu->sum->name : wu->id;
}

static void list_items(overview *ov, const plan *p)
{
    for (size_t s = 0; s < p->n_sections; s++)
        ov->n_items += p->sections[s].n_items;
    ov->items = xcalloc(ov->n_items ? ov->n_items : 1, sizeof *ov->items);
    size_t k = 0;
    for (size_t s = 0; s < p->n_sections; s++)
        for (size_t i = 0; i < p->sections[s].n_items; i++) {
            ov->items[k].item = &p->sections[s].items[i];
            ov->items[k++].section = s;
        }
}

unit_progress overview_unit_item(const overview *ov, size_t index, size_t item)
{
    unit_progress pr = {0};
    const unit_summary *u = ov->ws->units[index].sum;
    const plan_item *it = ov->items[item].item;
    for (size_t c = 0; u && c < it->n_checks; c++)
        if (summary_carries(u, &it->checks[c]))
            unit_progress_add(&pr, summary_status(u, &it->checks[c]));
    return pr;
}

/* A unit's failures, and the town-wide sums (its own progress is its
 * summary's). */
static void tally_unit(overview *ov, size_t index, size_t *cap_failures)
{
    const unit_summary *u = ov->ws->units[index].sum;
    for (size_t k = 0; k < ov->n_items; k++) {
        const plan_item *it = ov->items[k].item;
        for (size_t c = 0; c < it->n_checks; c++) {
            const plan_check *pc = &it->checks[c];
            if (!summary_carries(u, pc))
                continue;
            status st = summary_status(u, pc);
            unit_progress_add(&ov->items[k].total, st);
            unit_progress_add(&ov->all, st);
            if (!status_failed(st))
                continue;
            ov->failures =
                xgrow(ov->failures, cap_failures, ov->n_failures + 1, sizeof *ov->failures);
            ov->failures[ov->n_failures++] = (ov_failure){index, pc};
        }
    }
}

static const unit_progress no_progress;

static void score_units(overview *ov)
{
    const workspace *ws = ov->ws;
    const plan *p = &ws->plan;
    size_t n_sec = p->n_sections ? p->n_sections : 1;
    /* one block, sliced per unit: a district stays cheap */
    double *points = ov->points_ = xcalloc(ov->n_units * n_sec * 2 + 1, sizeof *points);
    size_t cap_failures = 0;
    for (size_t i = 0; i < ov->n_units; i++) {
        ov_unit *ou = &ov->units[i];
        ou->section_points = points + i * n_sec * 2;
        ou->section_max = ou->section_points + n_sec;
        ou->progress = &no_progress;
        const unit_summary *u = ws->units[i].sum;
        if (!u) {
            ov->n_broken++;
            continue;
        }
        ou->loaded = true;
        ou->progress = &u->progress;
        if (u->kind == KIND_TOWN)
            ov->town = i;
        bool town = u->kind == KIND_TOWN;
        ou->score = score_unit(p, u, town ? ov->targets : NULL, town ? ov->n_targets : 0,
                               ou->section_points, ou->section_max);
        tally_unit(ov, i, &cap_failures);
    }
}

/* Ranks the loaded units of one kind; returns their indices, best first. */
static size_t *rank_kind(overview *ov, unit_kind kind, size_t *n_out)
{
    score_entry *e = xcalloc(ov->n_units ? ov->n_units : 1, sizeof *e);
    size_t n = 0;
    for (size_t i = 0; i < ov->n_units; i++) {
        if (!ov->units[i].loaded || ov->ws->units[i].kind != kind)
            continue;
        e[n++] = (score_entry){.unit = i,
                               .id = ov->ws->units[i].id,
                               .name = ov->ws->units[i].sum->name,
                               .score = ov->units[i].score};
    }
    score_rank(e, n);
    size_t *order = xcalloc(n ? n : 1, sizeof *order);
    for (size_t i = 0; i < n; i++) {
        order[i] = e[i].unit;
        ov->units[e[i].unit].rank = e[i].rank;
    }
    free(e);
    *n_out = n;
    return order;
}

static void find_lagging(overview *ov)
{
    const plan *p = &ov->ws->plan;
    if (p->n_grades < 2)
        return;
    const char *lowest = p->grades[p->n_grades - 1].grade;
    ov->lagging = xcalloc(ov->n_villages + ov->n_enterprises + 1, sizeof *ov->lagging);
    const size_t *lists[] = {ov->villages, ov->enterprises};
    size_t counts[] = {ov->n_villages, ov->n_enterprises};
    for (int l = 0; l < 2; l++)
        for (size_t k = counts[l]; k-- > 0;) { /* worst first */
            ov_unit *ou = &ov->units[lists[l][k]];
            if (ou->score.scored && strcmp(ou->score.grade, lowest) == 0) {
                ou->lagging = true;
                ov->lagging[ov->n_lagging++] = lists[l][k];
            }
        }
}

void overview_add_ledger(overview *ov, int64_t today)
{
    const workspace *ws = ov->ws;
    ev_list_free(&ov->evidence);
    free(ov->unvisited);
    free(ov->unvisited_last);
    ov->has_ledger = true;
    ov->today = today;
    ov->window = workspace_expiring_days(ws);
    ov->unvisited_days = workspace_unvisited_days(ws);
    ov->ev_expired = ov->ev_expiring = 0;
    /* from the summaries: a record is read when shown (overview_evidence) */
    ev_list_alerts(&ov->evidence, ws, ov->today, ov->window);
    for (size_t i = 0; i < ov->evidence.n; i++) {
        ov->ev_expired += ov->evidence.items[i].validity == EV_EXPIRED;
        ov->ev_expiring += ov->evidence.items[i].validity == EV_EXPIRING;
    }
    ov->n_unvisited =
        visit_unvisited(ws, ov->today, ov->unvisited_days, &ov->unvisited, &ov->unvisited_last);
}

void overview_build(overview *ov, workspace *ws)
{
    memset(ov, 0, sizeof *ov);
    ov->ws = ws;
    ov->mem_ = arena_new(256);
    ov->town = SIZE_MAX;
    if (!date_today(&ov->today, NULL))
        ov->today = (int64_t)(clock_now() / 86400);
    ov->n_targets = ws->plan.n_indicators;
    ov->targets = xcalloc(ov->n_targets ? ov->n_targets : 1, sizeof *ov->targets);
    indicators_evaluate(ws, ov->targets);
    for (size_t i = 0; i < ov->n_targets; i++) {
        ind_verdict v = ov->targets[i].verdict;
        ov->targets_met += v == VERDICT_MET;
        ov->targets_not_met += v == VERDICT_NOT_MET;
        ov->targets_unknown += v == VERDICT_UNKNOWN;
    }
    list_items(ov, &ws->plan);
    ov->n_units = ws->n_units;
    ov->units = xcalloc(ov->n_units ? ov->n_units : 1, sizeof *ov->units);
    score_units(ov);
    ov->villages = rank_kind(ov, KIND_VILLAGE, &ov->n_villages);
    ov->enterprises = rank_kind(ov, KIND_ENTERPRISE, &ov->n_enterprises);
    find_lagging(ov);
}

/* What moved from the meeting's day to today (since.h: the histories),
 * counted: the since list's counts when it is the same span, else a list
 * made for them and dropped. */
static void count_moved(overview *ov, int64_t day)
{
    ov_meeting *om = &ov->meeting;
    since_list l = {0};
    bool same = ov->has_since && ov->since.since == day && ov->since.until == ov->today;
    if (!same)
        since_build(&l, ov->ws, day, ov->today);
    const since_list *from = same ? &ov->since : &l;
    om->moved = from->checks_moved;
    om->moved_done = from->moved_done;
    om->moved_failed = from->moved_failed;
    om->rect_opened = from->rect_opened;
    om->rect_closed = from->rect_closed;
    since_free(&l);
}

static bool listed(const char *const *ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return true;
    return false;
}

static void compare_targets(overview *ov, const meeting_figures *f)
{
    ov_meeting *om = &ov->meeting;
    om->newly_met = xcalloc(ov->n_targets + 1, sizeof *om->newly_met);
    om->newly_missed = xcalloc(ov->n_targets + 1, sizeof *om->newly_missed);
    for (size_t i = 0; i < ov->n_targets; i++) {
        const plan_indicator *ind = ov->targets[i].ind;
        ind_verdict v = ov->targets[i].verdict;
        if (v == VERDICT_MET && !listed(f->met, f->n_met, ind->id))
            om->newly_met[om->n_newly_met++] = ind;
        if (v == VERDICT_NOT_MET && !listed(f->not_met, f->n_not_met, ind->id))
            om->newly_missed[om->n_newly_missed++] = ind;
    }
}

void overview_add_meeting(overview *ov, const meeting_list *ml)
{
    ov_meeting *om = &ov->meeting;
    int year = ov->ws->cfg.year ? ov->ws->cfg.year : ov->ws->plan.doc.year;
    for (size_t i = 0; i < ml->n; i++) {
        int y, m, d;
        date_split(ml->items[i].date, &y, &m, &d);
        om->n_meetings += y == year;
    }
    if (!ml->n)
        return;
    const meeting *last = &ml->items[ml->n - 1];
    om->held = true;
    om->date = last->date;
    om->n_decisions = last->n_decisions;
    count_moved(ov, last->date);
    const meeting_figures *f = &last->figures;
    om->figures_known = f->known;
    om->scored_then = f->scored;
    om->score_then = f->score;
    free(om->grade_then);
    om->grade_then = f->scored && f->grade ? xstrdup(f->grade) : NULL;
    if (f->known)
        compare_targets(ov, f);
}

void overview_figures(const overview *ov, arena *mem, meeting_figures *f)
{
    memset(f, 0, sizeof *f);
    f->known = true;
    if (ov->town != SIZE_MAX && ov->units[ov->town].score.scored) {
        f->scored = true;
        f->score = ov->units[ov->town].score.points;
        f->grade = arena_strdup(mem, ov->units[ov->town].score.grade);
    }
    f->met = arena_array(mem, ov->n_targets + 1, sizeof *f->met);
    f->not_met = arena_array(mem, ov->n_targets + 1, sizeof *f->not_met);
    for (size_t i = 0; i < ov->n_targets; i++) {
        if (ov->targets[i].verdict == VERDICT_MET)
            f->met[f->n_met++] = ov->targets[i].ind->id;
        else if (ov->targets[i].verdict == VERDICT_NOT_MET)
            f->not_met[f->n_not_met++] = ov->targets[i].ind->id;
    }
}

void overview_free(overview *ov)
{
    free(ov->meeting.newly_met);
    free(ov->meeting.newly_missed);
    free(ov->meeting.grade_then);
    free(ov->targets);
    free(ov->items);
    free(ov->points_);
    arena_free(ov->mem_);
    free(ov->units);
    free(ov->villages);
    free(ov->enterprises);
    free(ov->lagging);
    free(ov->failures);
    ev_list_free(&ov->evidence);
    free(ov->unvisited);
    free(ov->unvisited_last);
    rect_list_free(&ov->rects);
    since_free(&ov->since);
    memset(ov, 0, sizeof *ov);
}

void overview_add_rectifications(overview *ov, int64_t today)
{
    rect_list_free(&ov->rects);
    ov->today = today;
    ov->has_rects = true;
    ov->rect_totals = (rect_counts){0};
    bool *read_here = xcalloc(ov->ws->n_units + 1, sizeof *read_here);
    for (size_t i = 0; i < ov->ws->n_units; i++) {
        const ws_unit *wu = &ov->ws->units[i];
        if (wu->sum && wu->sum->n_rects) {
            summary_rect_count(wu->sum, today, &ov->rect_totals);
            read_here[i] = !wu->u;
            overview_unit(ov, i); /* the list shows the records themselves */
        }
    }
    rect_list_build(&ov->rects, ov->ws, SIZE_MAX, RECT_MEETING, today);
    /* those the list does not show were read for nothing: let go */
    for (size_t k = 0; k < ov->rects.n; k++)
        read_here[ov->rects.items[k].unit] = false;
    for (size_t i = 0; i < ov->ws->n_units; i++)
        if (read_here[i])
            workspace_unit_release(&ov->ws->units[i]);
    free(read_here);
}

void overview_add_since(overview *ov, int64_t since, int64_t until)
{
    since_free(&ov->since);
    ov->has_since = true;
    since_build(&ov->since, ov->ws, since, until);
}
