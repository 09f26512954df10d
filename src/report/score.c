#include "report/score.h"

#include "i18n/pinyin.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double score_round(double points)
{
    return floor(points * 10.0 + 0.5) / 10.0;
}

double score_check_credit(const plan *p, const plan_check *c, const check_state *cs)
{
    status st = cs ? cs->status : STATUS_TODO;
    double credit = p->credit[st];
    bool target_met = cs && cs->has_value && range_contains(&c->target, cs->value);
    if (c->numeric && range_is_set(&c->target) && !target_met && credit > p->credit[STATUS_DOING])
        credit = p->credit[STATUS_DOING];
    return credit;
}

/* Weighted credit of the checks and town targets of one item, or of a
 * section. */
typedef struct tally {
    double weight, credit;
} tally;

/* The unit's own checks of one item: those it carries, that count in
 * scores and are not n/a. */
static void add_checks(const plan *p, const plan_item *it, const unit_summary *u, tally *t)
{
    for (size_t c = 0; c < it->n_checks; c++) {
        const plan_check *pc = &it->checks[c];
        if (!pc->scored || !summary_carries(u, pc))
            continue;
        check_state tmp;
        const check_state *cs = summary_state(u, pc, &tmp);
        if (cs && !status_applicable(cs->status))
            continue;
        t->weight += pc->weight;
        t->credit += pc->weight * score_check_credit(p, pc, cs);
    }
}

/* The town's targets of one item, credited like checks. */
static void add_targets(const plan *p, const plan_item *it, const ind_result *r, size_t n, tally *t)
{
    for (size_t i = 0; i < n; i++) {
        const plan_indicator *ind = r[i].ind;
        if (!ind->item || !it->id || strcmp(ind->item, it->id) != 0)
            continue;
        status as;
        if (r[i].verdict == VERDICT_MET)
            as = STATUS_DONE;
        else if (r[i].verdict == VERDICT_NOT_MET)
            as = STATUS_FAILED;
        else if (r[i].why == UNKNOWN_NO_VALUE)
            as = STATUS_TODO;
        else
            continue; /* nothing to measure: like n/a */
        t->weight += ind->weight;
        t->credit += ind->weight * p->credit[as];
    }
}

/* A section's tally: each item where something applies weighs its
 * `weight:` when the plan gives one (its share of the section), else
 * what its checks and targets weigh together. */
static tally section_tally(const plan *p, const plan_section *sec, const unit_summary *u,
                           const ind_result *town_targets, size_t n)
{
    tally t = {0, 0};
    for (size_t i = 0; i < sec->n_items; i++) {
        tally it = {0, 0};
        add_checks(p, &sec->items[i], u, &it);
        if (town_targets)
            add_targets(p, &sec->items[i], town_targets, n, &it);
        if (it.weight <= 0)
            continue;
        if (!sec->items[i].has_weight) {
            t.weight += it.weight;
            t.credit += it.credit;
        } else {
            t.weight += sec->items[i].weight;
            t.credit += sec->items[i].weight * it.credit / it.weight;
        }
    }
    return t;
}

unit_score score_unit(const plan *p, const unit_summary *u, const ind_result *town_targets,
                      size_t n, double *section_points, double *section_max)
{
    unit_score s = {.grade = ""};
    double weights = 0, earned = 0;
    for (size_t i = 0; i < p->n_sections; i++) {
        const plan_section *sec = &p->sections[i];
        tally t = section_tally(p, sec, u, town_targets, n);
        double fraction = t.weight > 0 ? t.credit / t.weight : 0;
        double w = t.weight > 0 ? sec->weight : 0;
        weights += w;
        earned += w * fraction;
        if (section_points) {
            section_points[i] = fraction;
            section_max[i] = w;
        }
    }
    if (weights <= 0) {
        if (section_points)
            memset(section_points, 0, p->n_sections * sizeof *section_points);
        if (section_max)
            memset(section_max, 0, p->n_sections * sizeof *section_max);
        return s;
    }
    for (size_t i = 0; section_points && i < p->n_sections; i++) {
        section_max[i] = section_max[i] * 100.0 / weights;
        section_points[i] = score_round(section_points[i] * section_max[i]);
        section_max[i] = score_round(section_max[i]);
    }
    s.scored = true;
    s.points = score_round(100.0 * earned / weights);
    s.grade = plan_grade_for(p, s.points);
    return s;
}

static int cmp_points(const score_entry *x, const score_entry *y)
{
    if (x->score.scored != y->score.scored)
        return x->score.scored ? -1 : 1;
    if (x->score.points != y->score.points)
        return x->score.points > y->score.points ? -1 : 1;
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    const score_entry *x = a, *y = b;
    int c = cmp_points(x, y);
    return c ? c : strcmp(x->id, y->id);
}

/* Entries of equal points, with their names' collation keys. */
typedef struct keyed {
    score_entry e;
    char *key;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->e.id, y->e.id);
}

/* A run of equal points in pinyin order of the names (keys made only for
 * ties: most units do not share their score). */
static void order_run(score_entry *e, size_t n)
{
    keyed *k = xcalloc(n, sizeof *k);
    for (size_t i = 0; i < n; i++)
        k[i] = (keyed){e[i], pinyin_sort_key(e[i].name ? e[i].name : e[i].id)};
    qsort(k, n, sizeof *k, cmp_keyed);
    for (size_t i = 0; i < n; i++) {
        e[i] = k[i].e;
        free(k[i].key);
    }
    free(k);
}

void score_rank(score_entry *e, size_t n)
{
    if (n > 1)
        qsort(e, n, sizeof *e, cmp_entry);
    for (size_t from = 0, to; from < n; from = to) {
        for (to = from + 1; to < n && cmp_points(&e[from], &e[to]) == 0; to++)
            ;
        if (to - from > 1)
            order_run(e + from, to - from);
    }
    for (size_t i = 0; i < n; i++) {
        if (!e[i].score.scored)
            e[i].rank = 0;
        else if (i > 0 && e[i - 1].score.scored && e[i - 1].score.points == e[i].score.points)
            e[i].rank = e[i - 1].rank;
        else
            e[i].rank = (int)i + 1;
    }
}
