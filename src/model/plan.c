#include "model/plan.h"

#include "i18n/i18n.h"

#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* Edits (insert, delete, replace; ASCII case ignored) from a to b, or
 * `limit` + 1 when more than `limit`. */
static size_t edit_distance(const char *a, const char *b, size_t limit)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 64 || nb > 64 || (na > nb ? na - nb : nb - na) > limit)
        return limit + 1;
    size_t row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t corner = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            bool same = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]);
            size_t best = corner + !same;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            corner = up;
        }
    }
    return row[nb] > limit ? limit + 1 : row[nb];
}

/* How well check c matches what was typed: lower is better, SIZE_MAX
 * not at all. */
static size_t suggestion_rank(const plan_check *c, const char *typed)
{
    enum { SAME = 0, IN_ID = 1, IN_TITLE = 2, TYPOS = 3 };
    if (strcasecmp(c->id, typed) == 0)
        return SAME;
    if (strlen(typed) >= 2 && text_contains(c->id, typed))
        return IN_ID;
    if (strlen(typed) >= 2 && ((c->title.zh && text_contains(c->title.zh, typed)) ||
                               (c->title.en && text_contains(c->title.en, typed))))
        return IN_TITLE;
    size_t limit = strlen(typed) / 4 + 1;
    size_t d = edit_distance(typed, c->id, limit);
    const char *dot = strchr(c->id, '.');
    if (dot) {
        size_t dp = edit_distance(typed, dot + 1, limit);
        d = dp < d ? dp : d;
    }
    return d <= limit ? TYPOS + d : SIZE_MAX;
}

/* Puts c of rank r into the best-first list out/rank of n (at most max)
 * entries; an equal rank stays behind the ones already there. */
static void keep_best(const plan_check **out, size_t *rank, size_t *n, size_t max,
                      const plan_check *c, size_t r)
{
    size_t pos = *n;
    while (pos > 0 && rank[pos - 1] > r)
        pos--;
    if (pos >= max)
        return;
    size_t kept = *n < max ? *n : max - 1;
    memmove(&out[pos + 1], &out[pos], (kept - pos) * sizeof *out);
    memmove(&rank[pos + 1], &rank[pos], (kept - pos) * sizeof *rank);
    out[pos] = c;
    rank[pos] = r;
    *n = kept + 1;
}

size_t plan_suggest_checks(const plan *p, const char *typed, const plan_check **out, size_t max)
{
    size_t n = 0, *rank = xmalloc((max ? max : 1) * sizeof *rank);
    for (size_t s = 0; s < p->n_sections; s++) /* in plan order */
        for (size_t i = 0; i < p->sections[s].n_items; i++) {
            const plan_item *it = &p->sections[s].items[i];
            for (size_t c = 0; c < it->n_checks; c++) {
                size_t r = suggestion_rank(&it->checks[c], typed);
                if (r != SIZE_MAX)
                    keep_best(out, rank, &n, max, &it->checks[c], r);
            }
        }
    free(rank);
    return n;
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

const plan_letter *plan_letter_for(const plan *p, unit_kind k)
{
    for (size_t i = 0; i < p->n_letters; i++)
        if (p->letters[i].kinds & (unsigned)k)
            return &p->letters[i];
    return NULL;
}

const plan_outcome *plan_outcome_for(const plan *p, const char *grade)
{
    for (size_t i = 0; grade && i < p->assessment.n_outcomes; i++)
        if (strcmp(p->assessment.outcomes[i].grade, grade) == 0)
            return &p->assessment.outcomes[i];
    return NULL;
}

const plan_check *plan_counted_check(const plan *p, check_count how)
{
    for (size_t i = 0; i < p->n_checks; i++)
        if (p->checks[i]->counted == how)
            return p->checks[i];
    return NULL;
}

const char *plan_grade_for(const plan *p, double score)
{
    for (size_t i = 0; i < p->n_grades; i++)
        if (score >= p->grades[i].min)
            return p->grades[i].grade;
    return p->n_grades ? p->grades[p->n_grades - 1].grade : "";
}

void plan_unknown_check_diag(const plan *p, const char *typed, diag_list *dl)
{
    const plan_check *maybe[3];
    size_t n = plan_suggest_checks(p, typed, maybe, 3);
    strbuf list = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        sb_puts(&list, i ? tr(M_LIST_SEP) : "");
        sb_printf(&list, tr(M_CHECK_AND_TITLE), maybe[i]->id,
                  text2_get(&maybe[i]->title, i18n_lang()));
    }
    if (n)
        diag_add(dl, NULL, 0, 0, TR(M_UNKNOWN_CHECK_MAYBE), typed, p->id, sb_str(&list));
    else
        diag_add(dl, NULL, 0, 0, TR(M_CLI_UNKNOWN_CHECK), typed, p->id);
    sb_free(&list);
}
