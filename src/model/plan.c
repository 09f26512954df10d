#include "model/plan.h"

#include <stdlib.h>
#include <string.h>

/* ---- small shared vocabularies ---------------------------------------- */

const char *text2_get(const text2 *t, lang l)
{
    const char *s = l == LANG_EN ? t->en : t->zh;
    if (!s || !*s)
        s = l == LANG_EN ? t->zh : t->en;
    return s ? s : "";
}

const char *value_unit_text(const value_unit *u, lang l, double n)
{
    if (l == LANG_EN && n == 1 && u->one && *u->one)
        return u->one;
    return text2_get(&u->name, l);
}

static const char *const kind_names[] = {"village", "enterprise", "town"};

const char *unit_kind_name(unit_kind k)
{
    switch (k) {
    case KIND_VILLAGE:
        return kind_names[0];
    case KIND_ENTERPRISE:
        return kind_names[1];
    default:
        return kind_names[2];
    }
}

bool unit_kind_parse(const char *s, unit_kind *out)
{
    for (int i = 0; i < 3; i++)
        if (strcmp(s, kind_names[i]) == 0) {
            *out = (unit_kind)(1 << i);
            return true;
        }
    return false;
}

bool range_contains(const range *r, double v)
{
    return (!r->has_min || v >= r->min) && (!r->has_max || v <= r->max);
}

bool range_is_set(const range *r)
{
    return r->has_min || r->has_max;
}

void plan_free(plan *p)
{
    arena_free(p->mem);
    memset(p, 0, sizeof *p);
}

const plan_check *plan_find_check(const plan *p, const char *id)
{
    size_t lo = 0, hi = p->n_checks;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(p->checks[mid]->id, id);
        if (c == 0)
            return p->checks[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const plan_item *plan_check_item(const plan *p, const plan_check *c)
{
    return &p->sections[c->section].items[c->item];
}

const plan_item *plan_find_item(const plan *p, const char *id)
{
    for (size_t s = 0; s < p->n_sections; s++)
        for (size_t i = 0; i < p->sections[s].n_items; i++)
            if (p->sections[s].items[i].id && strcmp(p->sections[s].items[i].id, id) == 0)
                return &p->sections[s].items[i];
    return NULL;
}

const plan_attribute *plan_find_attribute(const plan *p, const char *key)
{
    for (size_t i = 0; i < p->n_attributes; i++)
        if (p->attributes[i].key && strcmp(p->attributes[i].key, key) == 0)
            return &p->attributes[i];
    return NULL;
}

size_t plan_count_checks_for(const plan *p, unit_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_checks; i++)
        if (p->checks[i]->kinds & (unsigned)k)
            n++;
    return n;
}

const char *plan_grade_for(const plan *p, double score)
{
    for (size_t i = 0; i < p->n_grades; i++)
        if (score >= p->grades[i].min)
            return p->grades[i].grade;
    return p->n_grades ? p->grades[p->n_grades - 1].grade : "";
}
