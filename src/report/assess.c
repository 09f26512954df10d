#include "report/assess.h"

#include "i18n/i18n.h"
#include "util/xalloc.h"

#include <stdlib.h>

#include <math.h>
#include <string.h>

static void list_targets(assessment *a, const overview *ov)
{
    a->met = arena_array(a->mem, ov->n_targets + 1, sizeof *a->met);
    a->not_met = arena_array(a->mem, ov->n_targets + 1, sizeof *a->not_met);
    a->unknown = arena_array(a->mem, ov->n_targets + 1, sizeof *a->unknown);
    for (size_t i = 0; i < ov->n_targets; i++) {
        const char *id = ov->targets[i].ind->id;
        switch (ov->targets[i].verdict) {
        case VERDICT_MET:
            a->met[a->n_met++] = id;
            break;
        case VERDICT_NOT_MET:
            a->not_met[a->n_not_met++] = id;
            break;
        case VERDICT_UNKNOWN:
            a->unknown[a->n_unknown++] = id;
            break;
        }
    }
}

static void fill_unit(assessment *a, const overview *ov, size_t i, assess_unit *au)
{
    const plan *p = &ov->ws->plan;
    const ov_unit *ou = &ov->units[i];
    const unit *u = overview_unit(ov, i);
    au->id = arena_strdup(a->mem, u->id);
    au->kind = u->kind;
    au->name = arena_strdup(a->mem, u->name);
    au->scored = ou->score.scored;
    au->score = ou->score.points;
    au->grade = ou->score.scored ? arena_strdup(a->mem, ou->score.grade) : NULL;
    au->rank = ou->rank;
    au->due = ASSESSMENT_NO_DUE;
    if (ou->score.scored) {
        au->n_sections = p->n_sections;
        au->section_ids = arena_array(a->mem, p->n_sections + 1, sizeof *au->section_ids);
        au->section_points = arena_array(a->mem, p->n_sections + 1, sizeof *au->section_points);
        for (size_t s = 0; s < p->n_sections; s++) {
            au->section_ids[s] = p->sections[s].id;
            au->section_points[s] = ou->section_points[s];
        }
    }
    const plan_outcome *o = au->grade ? plan_outcome_for(p, au->grade) : NULL;
    if (o) {
        au->outcome = arena_strdup(a->mem, text2_get(&o->text, i18n_lang()));
        if (o->due_days > 0)
            au->due = a->day + o->due_days;
    }
}

void assess_compute(assessment *a, const overview *ov, const assessment *before)
{
    list_targets(a, ov);
    a->units = arena_array(a->mem, ov->n_units + 1, sizeof *a->units);
    for (size_t i = 0; i < ov->n_units; i++) {
        if (!ov->units[i].loaded)
            continue;
        assess_unit *au = &a->units[a->n_units++];
        fill_unit(a, ov, i, au);
        const assess_unit *was = before ? assessment_find_unit(before, au->id) : NULL;
        if (was && was->note)
            au->note = arena_strdup(a->mem, was->note);
    }
    if (before && before->note)
        a->note = arena_strdup(a->mem, before->note);
}

/* Scores are recorded to one decimal: a difference below half of that is
 * none. */
static bool same_figures(const assess_unit *then, const unit_score *now)
{
    if (then->scored != now->scored)
        return false;
    if (!now->scored)
        return true;
    return fabs(then->score - now->points) < 0.05 && then->grade &&
           strcmp(then->grade, now->grade) == 0;
}

size_t assess_changes(const assessment *a, const overview *ov, assess_change **out)
{
    size_t n = 0;
    *out = xcalloc(a->n_units + ov->n_units + 1, sizeof **out);
    for (size_t i = 0; i < ov->n_units; i++) {
        const unit *u = ov->units[i].loaded ? overview_unit(ov, i) : NULL;
        const assess_unit *then = u ? assessment_find_unit(a, u->id) : NULL;
        if (u && then && !same_figures(then, &ov->units[i].score))
            (*out)[n++] = (assess_change){ASSESS_CHANGED, then->id, then, i};
    }
    for (size_t i = 0; i < ov->n_units; i++) {
        const unit *u = ov->units[i].loaded ? overview_unit(ov, i) : NULL;
        if (u && !assessment_find_unit(a, u->id))
            (*out)[n++] = (assess_change){ASSESS_ADDED, u->id, NULL, i};
    }
    for (size_t k = 0; k < a->n_units; k++) {
        bool found = false;
        for (size_t i = 0; i < ov->n_units && !found; i++)
            found = strcmp(ov->ws->units[i].id, a->units[k].id) == 0;
        if (!found)
            (*out)[n++] = (assess_change){ASSESS_REMOVED, a->units[k].id, &a->units[k], 0};
    }
    return n;
}

/* Year on year: the units of both years, by id. */
static void compare_years(ov_assessment *oa, const assessment *then, overview *ov)
{
    oa->has_previous = true;
    oa->previous_year = then->year;
    oa->targets_met_then = then->n_met;
    for (size_t i = 0; i < ov->n_units; i++) {
        const unit *u = ov->units[i].loaded ? overview_unit(ov, i) : NULL;
        const assess_unit *was = u ? assessment_find_unit(then, u->id) : NULL;
        const unit_score *now = u ? &ov->units[i].score : NULL;
        ov_unit *ou = &ov->units[i];
        ou->listed_then = was != NULL;
        ou->scored_then = was && was->scored;
        ou->score_then = ou->scored_then ? was->score : 0;
        ou->grade_then = ou->scored_then && was->grade ? arena_strdup(ov->mem_, was->grade) : NULL;
        if (!was || !was->scored || !now->scored)
            continue;
        if (u->kind == KIND_TOWN) {
            oa->town_scored_then = true;
            oa->town_score_then = was->score;
            continue;
        }
        if (fabs(now->points - was->score) < 0.05)
            oa->same++;
        else if (now->points > was->score)
            oa->better++;
        else
            oa->worse++;
    }
}

void overview_add_assessments(overview *ov)
{
    const workspace *ws = ov->ws;
    ov_assessment *oa = &ov->assessment;
    int year = ws->cfg.year ? ws->cfg.year : ws->plan.doc.year;
    assessment a;
    memset(oa, 0, sizeof *oa);
    if (assessment_load(ws, year, &a, NULL) == FS_OK) {
        assess_change *ch;
        oa->held = true;
        oa->year = year;
        oa->final = a.final;
        oa->day = a.day;
        oa->n_changed = assess_changes(&a, ov, &ch);
        free(ch);
        assessment_free(&a);
    }
    if (assessment_load(ws, year - 1, &a, NULL) == FS_OK) {
        compare_years(oa, &a, ov);
        assessment_free(&a);
    }
}
