#include "model/applies.h"

#include "i18n/i18n.h"
#include "util/xalloc.h"
#include "yaml/ywriter.h"

#include <stdlib.h>
#include <string.h>

bool cond_op_holds(cond_op op, double a, double b)
{
    switch (op) {
    case OP_EQ:
        return a == b;
    case OP_NE:
        return a != b;
    case OP_GT:
        return a > b;
    case OP_GE:
        return a >= b;
    case OP_LT:
        return a < b;
    default:
        return a <= b;
    }
}

static const unit_attr *find_attr(const unit_attr *attrs, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(attrs[i].key, key) == 0)
            return &attrs[i];
    return NULL;
}

/* An attribute of another type than the plan declares cannot be loaded
 * (unit_read), so a mismatch means "not known", like a missing one. */
static filter_result condition_eval(const plan_condition *c, const unit_attr *attrs, size_t n)
{
    const unit_attr *a = find_attr(attrs, n, c->attr);
    if (!a || a->type != c->type)
        return FILTER_UNKNOWN;
    bool holds;
    switch (c->type) {
    case ATTR_NUMBER:
        holds = cond_op_holds(c->op, a->number, c->number);
        break;
    case ATTR_BOOL:
        holds = (a->boolean == c->boolean) == (c->op == OP_EQ);
        break;
    default:
        holds = (strcmp(a->text, c->text) == 0) == (c->op == OP_EQ);
        break;
    }
    return holds ? FILTER_HOLDS : FILTER_FAILS;
}

bool filter_is_set(const plan_filter *f)
{
    return f->n_all > 0 || f->n_any > 0;
}

filter_result filter_eval(const plan_filter *f, const unit *u)
{
    return filter_eval_attrs(f, u->attrs, u->n_attrs);
}

filter_result filter_eval_attrs(const plan_filter *f, const unit_attr *attrs, size_t n_attrs)
{
    bool unknown = false;
    for (size_t i = 0; i < f->n_all; i++) {
        filter_result r = condition_eval(&f->all[i], attrs, n_attrs);
        if (r == FILTER_FAILS)
            return FILTER_FAILS;
        unknown |= r == FILTER_UNKNOWN;
    }
    if (f->n_any > 0) {
        bool any_unknown = false, any_holds = false;
        for (size_t i = 0; i < f->n_any && !any_holds; i++) {
            filter_result r = condition_eval(&f->any[i], attrs, n_attrs);
            any_holds = r == FILTER_HOLDS;
            any_unknown |= r == FILTER_UNKNOWN;
        }
        if (!any_holds && !any_unknown)
            return FILTER_FAILS;
        unknown |= !any_holds;
    }
    return unknown ? FILTER_UNKNOWN : FILTER_HOLDS;
}

applies check_applies(const plan_check *c, const unit *u)
{
    if (!(c->kinds & (unsigned)u->kind))
        return APPLIES_NOT_KIND;
    switch (filter_eval(&c->where, u)) {
    case FILTER_FAILS:
        return APPLIES_EXCLUDED;
    case FILTER_UNKNOWN:
        return APPLIES_MISSING;
    default:
        return APPLIES_YES;
    }
}

applies unit_applies(const unit *u, const plan_check *c)
{
    if (c->order < u->n_applies)
        return (applies)u->applies[c->order];
    return check_applies(c, u);
}

bool unit_carries(const unit *u, const plan_check *c)
{
    applies a = unit_applies(u, c);
    return a == APPLIES_YES || a == APPLIES_MISSING;
}

static bool filter_names(const plan_filter *f, const char *key)
{
    for (size_t i = 0; i < f->n_all; i++)
        if (strcmp(f->all[i].attr, key) == 0)
            return true;
    for (size_t i = 0; i < f->n_any; i++)
        if (strcmp(f->any[i].attr, key) == 0)
            return true;
    return false;
}

size_t attrs_missing(const plan *p, unit_kind kind, const unit_attr *attrs, size_t n_attrs,
                     const plan_attribute **keys, size_t max)
{
    size_t n = 0;
    for (size_t a = 0; a < p->n_attributes; a++) {
        const plan_attribute *pa = &p->attributes[a];
        if (!pa->key || find_attr(attrs, n_attrs, pa->key))
            continue;
        bool needed = false;
        for (size_t i = 0; i < p->n_checks && !needed; i++) {
            const plan_check *c = p->checks[i];
            needed = (c->kinds & (unsigned)kind) && filter_names(&c->where, pa->key) &&
                     filter_eval_attrs(&c->where, attrs, n_attrs) == FILTER_UNKNOWN;
        }
        if (needed && keys && n < max)
            keys[n] = pa;
        n += needed;
    }
    return n;
}

/* The attributes the unit lacks that a check it carries for want of them
 * names, in the plan's order of attributes. */
static void find_missing(unit *u, const plan *p)
{
    free(u->missing);
    u->missing = NULL;
    u->n_missing = attrs_missing(p, u->kind, u->attrs, u->n_attrs, NULL, 0);
    if (!u->n_missing)
        return;
    u->missing = xcalloc(u->n_missing, sizeof *u->missing);
    attrs_missing(p, u->kind, u->attrs, u->n_attrs, u->missing, u->n_missing);
}

void unit_applies_refresh(unit *u, const plan *p)
{
    if (u->n_applies != p->n_checks) {
        free(u->applies);
        u->applies = xcalloc(p->n_checks ? p->n_checks : 1, 1);
        u->n_applies = p->n_checks;
    }
    for (size_t i = 0; i < p->n_checks; i++)
        u->applies[p->checks[i]->order] = (unsigned char)check_applies(p->checks[i], u);
    find_missing(u, p);
}

size_t unit_missing_attributes(const unit *u, const plan *p, const plan_attribute **keys,
                               size_t max)
{
    if (!u->applies) /* never evaluated (a unit made in memory): now */
        unit_applies_refresh((unit *)u, p);
    for (size_t i = 0; keys && i < u->n_missing && i < max; i++)
        keys[i] = u->missing[i];
    return u->n_missing;
}

static void missing_in(const plan_condition *c, size_t n, const unit *u, size_t start, strbuf *out)
{
    for (size_t i = 0; i < n; i++)
        if (!unit_find_attr(u, c[i].attr)) {
            if (out->len > start)
                sb_puts(out, ", ");
            sb_puts(out, c[i].attr);
        }
}

void filter_missing_keys(const plan_filter *f, const unit *u, strbuf *out)
{
    size_t start = out->len;
    missing_in(f->all, f->n_all, u, start, out);
    missing_in(f->any, f->n_any, u, start, out);
}

static void describe_condition(const plan_condition *c, strbuf *out)
{
    static const char *const ops[] = {"=", "!=", ">", ">=", "<", "<="};
    sb_printf(out, "%s %s ", c->attr, ops[c->op]);
    char num[32];
    switch (c->type) {
    case ATTR_NUMBER:
        yaml_format_number(c->number, num);
        sb_puts(out, num);
        break;
    case ATTR_BOOL:
        sb_puts(out, c->boolean ? "true" : "false");
        break;
    default:
        sb_puts(out, c->text);
        break;
    }
}

bool filter_split_condition(const char *text, size_t *key_len, cond_op *op, const char **value)
{
    size_t k = strcspn(text, "=!<>");
    if (k == 0 || text[k] == '\0')
        return false;
    bool or_equal = text[k + 1] == '=';
    switch (text[k]) {
    case '=':
        *op = OP_EQ;
        or_equal = false;
        break;
    case '!':
        if (!or_equal)
            return false;
        *op = OP_NE;
        break;
    case '>':
        *op = or_equal ? OP_GE : OP_GT;
        break;
    default:
        *op = or_equal ? OP_LE : OP_LT;
        break;
    }
    *key_len = k;
    *value = text + k + 1 + or_equal;
    return true;
}

plan_condition filter_condition_of(const unit_attr *a, cond_op op)
{
    return (plan_condition){a->key, op, a->type, a->text, a->number, a->boolean};
}

void filter_describe(const plan_filter *f, strbuf *out)
{
    for (size_t i = 0; i < f->n_all; i++) {
        if (i)
            sb_puts(out, "; ");
        describe_condition(&f->all[i], out);
    }
    if (f->n_any == 0)
        return;
    if (f->n_all)
        sb_puts(out, "; ");
    sb_puts(out, tr(M_FILTER_ANY_OF));
    for (size_t i = 0; i < f->n_any; i++) {
        if (i)
            sb_puts(out, ", ");
        describe_condition(&f->any[i], out);
    }
}
