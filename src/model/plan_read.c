/* The plan reader: YAML tree -> struct plan, with every problem reported. */
#include "model/plan.h"

#include "i18n/i18n.h"
#include "model/ids.h"
#include "util/fsutil.h"
#include "util/xalloc.h"
#include "yaml/ydecode.h"

#include <stdlib.h>
#include <string.h>

static const char *const op_names[] = {"eq", "ne", "gt", "ge", "lt", "le"};

static bool op_parse(const char *s, cond_op *out)
{
    for (int i = 0; i < 6; i++)
        if (strcmp(s, op_names[i]) == 0) {
            *out = (cond_op)i;
            return true;
        }
    return false;
}

/* ---- decoding ----------------------------------------------------------- */

typedef struct plan_reader {
    ydec d;
    plan *p;
} plan_reader;

static text2 read_text2(plan_reader *r, const ynode *n, const char *what)
{
    text2 t = {"", ""};
    if (!n)
        return t;
    if (n->kind == YNODE_SCALAR) {
        /* One text for both languages (names, numbers of documents). */
        t.zh = t.en = yd_text(&r->d, n, what);
        return t;
    }
    if (!yd_is_map(&r->d, n, what))
        return t;
    static const char *const keys[] = {"zh", "en", NULL};
    yd_known_keys(&r->d, n, keys, what);
    const char *zh = yd_text(&r->d, yd_require(&r->d, n, "zh", what), what);
    const char *en = yd_text(&r->d, yd_require(&r->d, n, "en", what), what);
    t.zh = zh ? zh : "";
    t.en = en ? en : "";
    return t;
}

static const char *read_id(plan_reader *r, const ynode *map, const char *what)
{
    const ynode *n = yd_require(&r->d, map, "id", what);
    const char *id = yd_text(&r->d, n, what);
    if (id && !id_is_check_id(id)) {
        yd_error(&r->d, n, "'%s' is not a valid id (letters, digits, '.', '_' and '-', at most %d)",
                 id, ID_MAX_LEN);
        return NULL;
    }
    return id;
}

static unsigned read_kinds(plan_reader *r, const ynode *n, const char *what)
{
    unsigned kinds = 0;
    if (!n)
        return 0;
    const ynode *const *items = &n;
    size_t count = 1;
    if (n->kind == YNODE_SEQ) {
        items = (const ynode *const *)n->values;
        count = n->count;
    }
    for (size_t i = 0; i < count; i++) {
        const char *s = yd_text(&r->d, items[i], what);
        unit_kind k;
        if (s && unit_kind_parse(s, &k))
            kinds |= k;
        else if (s)
            yd_error(&r->d, items[i],
                     "unknown kind of unit '%s' (expected village, enterprise or town)", s);
    }
    if (count == 0)
        yd_error(&r->d, n, "%s names no kind of unit", what);
    return kinds;
}

static range read_range(plan_reader *r, const ynode *map, const char *what)
{
    range rg = {0};
    const ynode *mn = ynode_get(map, "min"), *mx = ynode_get(map, "max");
    rg.has_min = mn && yd_number(&r->d, mn, what, &rg.min);
    rg.has_max = mx && yd_number(&r->d, mx, what, &rg.max);
    if (rg.has_min && rg.has_max && rg.min > rg.max)
        yd_error(&r->d, map, "%s: min is greater than max", what);
    return rg;
}

/* A score weight: positive, 1 when the plan leaves it out. */
static double read_weight(plan_reader *r, const ynode *n, const char *what)
{
    double weight = 1;
    const ynode *w = ynode_get(n, "weight");
    if (w && yd_number(&r->d, w, what, &weight) && weight <= 0)
        yd_error(&r->d, w, "%s must be positive", what);
    return weight;
}

static void read_check(plan_reader *r, const ynode *n, plan_check *c, const plan_item *item)
{
    static const char *const keys[] = {"id",     "title",  "for",    "value",
                                       "target", "weight", "source", NULL};
    if (!yd_is_map(&r->d, n, "a check"))
        return;
    yd_known_keys(&r->d, n, keys, "a check");
    c->id = read_id(r, n, "a check's id");
    if (c->id && item->id) {
        size_t l = strlen(item->id);
        if (strncmp(c->id, item->id, l) != 0 || c->id[l] != '.')
            yd_error(&r->d, ynode_get(n, "id"), "check id '%s' must start with its item's id '%s.'",
                     c->id, item->id);
    }
    c->title = read_text2(r, yd_require(&r->d, n, "title", "a check"), "a check's title");
    c->kinds = read_kinds(r, yd_require(&r->d, n, "for", "a check"), "a check's 'for'");
    c->weight = read_weight(r, n, "a check's weight");
    const ynode *v = ynode_get(n, "value");
    if (v && yd_is_map(&r->d, v, "a check's value")) {
        static const char *const vkeys[] = {"unit", NULL};
        yd_known_keys(&r->d, v, vkeys, "a check's value");
        c->numeric = true;
        c->unit = read_text2(r, ynode_get(v, "unit"), "a value's unit");
    }
    const ynode *t = ynode_get(n, "target");
    if (t && yd_is_map(&r->d, t, "a check's target")) {
        static const char *const tkeys[] = {"min", "max", NULL};
        yd_known_keys(&r->d, t, tkeys, "a check's target");
        if (!c->numeric)
            yd_error(&r->d, t, "only a numeric check (with 'value') can have a target");
        c->target = read_range(r, t, "a target");
    }
    c->source = yd_text(&r->d, ynode_get(n, "source"), "a check's source");
}

static void read_item(plan_reader *r, const ynode *n, plan_item *it)
{
    static const char *const keys[] = {"id", "title", "text", "checks", NULL};
    if (!yd_is_map(&r->d, n, "an item"))
        return;
    yd_known_keys(&r->d, n, keys, "an item");
    it->id = read_id(r, n, "an item's id");
    it->title = read_text2(r, yd_require(&r->d, n, "title", "an item"), "an item's title");
    it->text = read_text2(r, yd_require(&r->d, n, "text", "an item"), "an item's text");
    const ynode *cs = yd_require(&r->d, n, "checks", "an item");
    if (!yd_is_seq(&r->d, cs, "an item's checks"))
        return;
    it->n_checks = cs->count;
    it->checks = arena_array(r->p->mem, cs->count, sizeof *it->checks);
    for (size_t i = 0; i < cs->count; i++)
        read_check(r, cs->values[i], &it->checks[i], it);
}

static void read_section(plan_reader *r, const ynode *n, plan_section *s)
{
    static const char *const keys[] = {"id", "title", "items", NULL};
    if (!yd_is_map(&r->d, n, "a section"))
        return;
    yd_known_keys(&r->d, n, keys, "a section");
    s->id = read_id(r, n, "a section's id");
    s->title = read_text2(r, yd_require(&r->d, n, "title", "a section"), "a section's title");
    const ynode *items = yd_require(&r->d, n, "items", "a section");
    if (!yd_is_seq(&r->d, items, "a section's items"))
        return;
    s->n_items = items->count;
    s->items = arena_array(r->p->mem, items->count, sizeof *s->items);
    for (size_t i = 0; i < items->count; i++)
        read_item(r, items->values[i], &s->items[i]);
}

static void read_person(plan_reader *r, const ynode *n, const char **name, text2 *role,
                        const char *what)
{
    static const char *const keys[] = {"name", "role", NULL};
    if (!n || !yd_is_map(&r->d, n, what))
        return;
    yd_known_keys(&r->d, n, keys, what);
    *name = yd_text(&r->d, yd_require(&r->d, n, "name", what), what);
    *role = read_text2(r, ynode_get(n, "role"), what);
}

static void read_leadership(plan_reader *r, const ynode *n, plan_document *doc)
{
    static const char *const keys[] = {"group",  "leader",          "deputies", "members",
                                       "office", "office_director", "duties",   NULL};
    if (!yd_is_map(&r->d, n, "leadership"))
        return;
    yd_known_keys(&r->d, n, keys, "leadership");
    doc->group = read_text2(r, ynode_get(n, "group"), "the leadership group");
    read_person(r, ynode_get(n, "leader"), &doc->leader, &doc->leader_role, "the leader");
    const ynode *deps = ynode_get(n, "deputies");
    if (deps && yd_is_seq(&r->d, deps, "deputies")) {
        doc->n_deputies = deps->count;
        doc->deputies = arena_array(r->p->mem, deps->count, sizeof *doc->deputies);
        doc->deputy_roles = arena_array(r->p->mem, deps->count, sizeof *doc->deputy_roles);
        for (size_t i = 0; i < deps->count; i++) {
            doc->deputies[i] = "";
            doc->deputy_roles[i] = (text2){"", ""};
            read_person(r, deps->values[i], &doc->deputies[i], &doc->deputy_roles[i], "a deputy");
        }
    }
    doc->members = read_text2(r, ynode_get(n, "members"), "members");
    doc->office = read_text2(r, ynode_get(n, "office"), "office");
    read_person(r, ynode_get(n, "office_director"), &doc->office_director,
                &doc->office_director_role, "the office director");
    doc->duties = read_text2(r, ynode_get(n, "duties"), "duties");
}

static void read_document(plan_reader *r, const ynode *n)
{
    static const char *const keys[] = {"title",      "number", "issuer",       "date",
                                       "year",       "basis",  "addressed_to", "guiding_idea",
                                       "leadership", NULL};
    if (!yd_is_map(&r->d, n, "document"))
        return;
    plan_document *doc = &r->p->doc;
    yd_known_keys(&r->d, n, keys, "document");
    doc->title = read_text2(r, yd_require(&r->d, n, "title", "document"), "the title");
    doc->number = yd_text(&r->d, ynode_get(n, "number"), "the document number");
    doc->issuer = read_text2(r, ynode_get(n, "issuer"), "the issuer");
    doc->date = yd_text(&r->d, ynode_get(n, "date"), "the date");
    long long year = 0;
    if (yd_integer(&r->d, yd_require(&r->d, n, "year", "document"), "year", 1900, 9999, &year))
        doc->year = (int)year;
    doc->basis = yd_text(&r->d, ynode_get(n, "basis"), "the basis");
    doc->addressed_to = read_text2(r, ynode_get(n, "addressed_to"), "addressed_to");
    doc->guiding_idea = read_text2(r, ynode_get(n, "guiding_idea"), "guiding_idea");
    const ynode *l = ynode_get(n, "leadership");
    if (l)
        read_leadership(r, l, doc);
}

static void read_attribute(plan_reader *r, const ynode *n, plan_attribute *a)
{
    static const char *const keys[] = {"key", "type", "for", "title", "values", NULL};
    if (!yd_is_map(&r->d, n, "an attribute"))
        return;
    yd_known_keys(&r->d, n, keys, "an attribute");
    const ynode *kn = yd_require(&r->d, n, "key", "an attribute");
    a->key = yd_text(&r->d, kn, "an attribute's key");
    if (a->key && !id_is_attribute_key(a->key))
        yd_error(&r->d, kn, "'%s' is not a valid attribute key (a-z, 0-9 and '_')", a->key);
    const ynode *tn = yd_require(&r->d, n, "type", "an attribute");
    const char *type = yd_text(&r->d, tn, "an attribute's type");
    if (type && strcmp(type, "number") == 0)
        a->type = ATTR_NUMBER;
    else if (type && strcmp(type, "bool") == 0)
        a->type = ATTR_BOOL;
    else if (type && strcmp(type, "string") == 0)
        a->type = ATTR_TEXT;
    else if (type)
        yd_error(&r->d, tn, "unknown attribute type '%s' (expected string, number or bool)", type);
    a->kinds = read_kinds(r, yd_require(&r->d, n, "for", "an attribute"), "an attribute's 'for'");
    a->title = read_text2(r, yd_require(&r->d, n, "title", "an attribute"), "an attribute's title");
    const ynode *vals = ynode_get(n, "values");
    if (vals && yd_is_seq(&r->d, vals, "an attribute's values")) {
        a->n_values = vals->count;
        a->values = arena_array(r->p->mem, vals->count, sizeof *a->values);
        for (size_t i = 0; i < vals->count; i++)
            a->values[i] = yd_text(&r->d, vals->values[i], "an attribute value");
    }
}

static void read_scoring(plan_reader *r, const ynode *n)
{
    static const char *const keys[] = {"sections", "credit", "grades", NULL};
    plan *p = r->p;
    if (!yd_is_map(&r->d, n, "scoring"))
        return;
    yd_known_keys(&r->d, n, keys, "scoring");
    for (int s = 0; s < STATUS_COUNT; s++)
        p->credit[s] = status_default_credit((status)s);
    const ynode *credit = yd_require(&r->d, n, "credit", "scoring");
    if (credit && yd_is_map(&r->d, credit, "credit")) {
        for (size_t i = 0; i < credit->count; i++) {
            status s;
            if (!status_parse(credit->keys[i]->str, &s) || !status_applicable(s)) {
                strbuf choices = STRBUF_INIT;
                tr_status_choices(&choices, true);
                yd_error(&r->d, credit->keys[i], "unknown status '%s' in credit (expected %s)",
                         credit->keys[i]->str, sb_str(&choices));
                sb_free(&choices);
                continue;
            }
            if (yd_number(&r->d, credit->values[i], "a credit", &p->credit[s]) &&
                (p->credit[s] < 0 || p->credit[s] > 1))
                yd_error(&r->d, credit->values[i], "a credit must be from 0 to 1");
        }
    }
    const ynode *grades = yd_require(&r->d, n, "grades", "scoring");
    if (grades && yd_is_seq(&r->d, grades, "grades")) {
        p->n_grades = grades->count;
        p->grades = arena_array(p->mem, grades->count, sizeof *p->grades);
        for (size_t i = 0; i < grades->count; i++) {
            static const char *const gkeys[] = {"grade", "min", NULL};
            const ynode *g = grades->values[i];
            plan_grade *pg = &p->grades[i];
            pg->grade = "";
            pg->min = 0;
            if (!yd_is_map(&r->d, g, "a grade"))
                continue;
            yd_known_keys(&r->d, g, gkeys, "a grade");
            pg->grade = yd_text(&r->d, yd_require(&r->d, g, "grade", "a grade"), "a grade");
            if (!pg->grade)
                pg->grade = "";
            yd_number(&r->d, yd_require(&r->d, g, "min", "a grade"), "a grade's min", &pg->min);
            if (i > 0 && pg->min >= p->grades[i - 1].min)
                yd_error(&r->d, g, "grades must be listed from the highest minimum down");
        }
    }
}

/* Section weights sit under scoring but name sections: read them after. */
static void read_section_weights(plan_reader *r, const ynode *scoring)
{
    const ynode *w = ynode_get(scoring, "sections");
    if (!w || !yd_is_map(&r->d, w, "scoring sections"))
        return;
    for (size_t i = 0; i < w->count; i++) {
        plan_section *found = NULL;
        for (size_t s = 0; s < r->p->n_sections; s++)
            if (r->p->sections[s].id && strcmp(r->p->sections[s].id, w->keys[i]->str) == 0)
                found = &r->p->sections[s];
        if (!found) {
            yd_error(&r->d, w->keys[i], "scoring names an unknown section '%s'", w->keys[i]->str);
            continue;
        }
        if (yd_number(&r->d, w->values[i], "a section weight", &found->weight) && found->weight < 0)
            yd_error(&r->d, w->values[i], "a section weight cannot be negative");
    }
}

/* ---- indicators ------------------------------------------------------- */

static bool read_condition(plan_reader *r, const ynode *key, const ynode *val, unit_kind units,
                           plan_condition *c)
{
    c->attr = arena_strdup(r->p->mem, key->str);
    const plan_attribute *a = plan_find_attribute(r->p, c->attr);
    if (!a) {
        yd_error(&r->d, key,
                 "the filter names an unknown attribute '%s' (declare it under 'attributes')",
                 c->attr);
        return false;
    }
    if (!(a->kinds & (unsigned)units))
        yd_error(&r->d, key, "attribute '%s' is not defined for %s units", c->attr,
                 unit_kind_name(units));
    c->type = a->type;
    c->op = OP_EQ;
    const ynode *operand = val;
    if (val->kind == YNODE_MAP) {
        if (val->count != 1) {
            yd_error(&r->d, val, "a condition has exactly one operator (eq, ne, gt, ge, lt, le)");
            return false;
        }
        if (!op_parse(val->keys[0]->str, &c->op)) {
            yd_error(&r->d, val->keys[0], "unknown operator '%s' (expected eq, ne, gt, ge, lt, le)",
                     val->keys[0]->str);
            return false;
        }
        operand = val->values[0];
    }
    if (c->type != ATTR_NUMBER && c->op != OP_EQ && c->op != OP_NE) {
        yd_error(&r->d, val, "only a number attribute can be compared with gt, ge, lt or le");
        return false;
    }
    switch (c->type) {
    case ATTR_NUMBER:
        return yd_number(&r->d, operand, "a condition's value", &c->number);
    case ATTR_BOOL:
        return yd_bool(&r->d, operand, "a condition's value", &c->boolean);
    default:
        c->text = yd_text(&r->d, operand, "a condition's value");
        return c->text != NULL;
    }
}

static const plan_check *read_check_ref(plan_reader *r, const ynode *n, const char *what)
{
    const char *id = yd_text(&r->d, n, what);
    if (!id)
        return NULL;
    const plan_check *c = plan_find_check(r->p, id);
    if (!c)
        yd_error(&r->d, n, "%s names an unknown check '%s'", what, id);
    return c;
}

static void read_indicator_target(plan_reader *r, const ynode *t, plan_indicator *ind)
{
    static const char *const keys[] = {"min", "max", "op", "unit", NULL};
    if (!yd_is_map(&r->d, t, "an indicator's target"))
        return;
    yd_known_keys(&r->d, t, keys, "an indicator's target");
    ind->target = read_range(r, t, "an indicator's target");
    ind->unit = read_text2(r, ynode_get(t, "unit"), "a target's unit");
    const ynode *op = ynode_get(t, "op");
    if (ind->type == IND_COMPARE) {
        const char *s = op ? yd_text(&r->d, op, "a comparison's op") : NULL;
        if (!op)
            yd_error(&r->d, t, "a compare indicator's target needs 'op' (gt, ge, eq, le, lt)");
        else if (s && !op_parse(s, &ind->compare_op))
            yd_error(&r->d, op, "unknown operator '%s'", s);
    } else {
        if (op)
            yd_error(&r->d, op, "'op' belongs to compare indicators only");
        if (!range_is_set(&ind->target))
            yd_error(&r->d, t, "an indicator's target needs min, max or both");
    }
}

static void read_meets(plan_reader *r, const ynode *m, plan_indicator *ind)
{
    if (m->kind == YNODE_SCALAR) {
        status s;
        if (!status_parse(m->str, &s) || s != STATUS_DONE)
            yd_error(&r->d, m, "'meets' is 'done' or a value range like {min: 1}");
        return;
    }
    static const char *const keys[] = {"min", "max", NULL};
    if (!yd_is_map(&r->d, m, "meets"))
        return;
    yd_known_keys(&r->d, m, keys, "meets");
    ind->meets_by_value = true;
    ind->meets = read_range(r, m, "meets");
    if (ind->check && !ind->check->numeric)
        yd_error(&r->d, m, "check '%s' has no value to compare", ind->check->id);
}

static void validate_indicator(plan_reader *r, const ynode *n, plan_indicator *ind)
{
    if (ind->check && !(ind->check->kinds & (unsigned)ind->units))
        yd_error(&r->d, n, "check '%s' is not carried by %s units", ind->check->id,
                 unit_kind_name(ind->units));
    if (ind->type == IND_SUM && ind->check && !ind->check->numeric)
        yd_error(&r->d, n, "a sum needs a numeric check; '%s' has no value", ind->check->id);
    if (ind->type == IND_COMPARE) {
        if (!ind->against)
            yd_error(&r->d, n, "a compare indicator needs 'against'");
        if (ind->units != KIND_TOWN)
            yd_error(&r->d, n, "a compare indicator reads the town's values: units: town");
        const plan_check *both[] = {ind->check, ind->against};
        for (int i = 0; i < 2; i++)
            if (both[i] && (!both[i]->numeric || !(both[i]->kinds & KIND_TOWN)))
                yd_error(&r->d, n, "check '%s' must be numeric and carried by the town",
                         both[i]->id);
    } else if (ind->against) {
        yd_error(&r->d, n, "'against' belongs to compare indicators only");
    }
    if (ind->item && !plan_find_item(r->p, ind->item))
        yd_error(&r->d, ynode_get(n, "item"), "unknown item '%s'", ind->item);
}

static void read_indicator(plan_reader *r, const ynode *n, plan_indicator *ind)
{
    static const char *const keys[] = {"id",     "item",   "title", "source", "type",
                                       "check",  "units",  "where", "meets",  "against",
                                       "target", "weight", NULL};
    static const char *const types[] = {"count", "sum", "rate", "compare"};
    if (!yd_is_map(&r->d, n, "an indicator"))
        return;
    yd_known_keys(&r->d, n, keys, "an indicator");
    ind->id = read_id(r, n, "an indicator's id");
    ind->item = yd_text(&r->d, ynode_get(n, "item"), "an indicator's item");
    ind->title =
        read_text2(r, yd_require(&r->d, n, "title", "an indicator"), "an indicator's title");
    ind->source = yd_text(&r->d, ynode_get(n, "source"), "an indicator's source");
    const ynode *tn = yd_require(&r->d, n, "type", "an indicator");
    const char *type = yd_text(&r->d, tn, "an indicator's type");
    bool type_ok = false;
    for (int i = 0; type && i < 4; i++)
        if (strcmp(type, types[i]) == 0) {
            ind->type = (indicator_type)i;
            type_ok = true;
        }
    if (type && !type_ok)
        yd_error(&r->d, tn, "unknown indicator type '%s' (expected count, sum, rate or compare)",
                 type);
    ind->check = read_check_ref(r, yd_require(&r->d, n, "check", "an indicator"), "an indicator");
    const ynode *un = yd_require(&r->d, n, "units", "an indicator");
    const char *units = yd_text(&r->d, un, "an indicator's units");
    if (units && !unit_kind_parse(units, &ind->units))
        yd_error(&r->d, un, "unknown kind of unit '%s'", units);
    const ynode *against = ynode_get(n, "against");
    if (against)
        ind->against = read_check_ref(r, against, "'against'");
    const ynode *where = ynode_get(n, "where");
    if (where && yd_is_map(&r->d, where, "where") && ind->units) {
        ind->n_where = where->count;
        ind->where = arena_array(r->p->mem, where->count, sizeof *ind->where);
        for (size_t i = 0; i < where->count; i++)
            read_condition(r, where->keys[i], where->values[i], ind->units, &ind->where[i]);
    }
    const ynode *meets = ynode_get(n, "meets");
    if (meets)
        read_meets(r, meets, ind);
    ind->weight = read_weight(r, n, "an indicator's weight");
    const ynode *target = yd_require(&r->d, n, "target", "an indicator");
    if (target)
        read_indicator_target(r, target, ind);
    if (type_ok && ind->units)
        validate_indicator(r, n, ind);
}

static void read_indicators(plan_reader *r, const ynode *seq)
{
    plan *p = r->p;
    p->n_indicators = seq->count;
    p->indicators = arena_array(p->mem, seq->count, sizeof *p->indicators);
    for (size_t i = 0; i < seq->count; i++) {
        read_indicator(r, seq->values[i], &p->indicators[i]);
        for (size_t j = 0; j < i; j++)
            if (p->indicators[i].id && p->indicators[j].id &&
                strcmp(p->indicators[i].id, p->indicators[j].id) == 0)
                yd_error(&r->d, seq->values[i], "indicator id '%s' is used twice",
                         p->indicators[i].id);
    }
}

/* ---- cross-checks ----------------------------------------------------- */

static int cmp_check_id(const void *a, const void *b)
{
    const plan_check *x = *(const plan_check *const *)a, *y = *(const plan_check *const *)b;
    return strcmp(x->id, y->id);
}

static void index_checks(plan_reader *r, const ynode *sections)
{
    plan *p = r->p;
    size_t total = 0;
    for (size_t s = 0; s < p->n_sections; s++)
        for (size_t i = 0; i < p->sections[s].n_items; i++)
            total += p->sections[s].items[i].n_checks;
    p->checks = arena_array(p->mem, total, sizeof *p->checks);
    p->n_checks = 0;
    for (size_t s = 0; s < p->n_sections; s++)
        for (size_t i = 0; i < p->sections[s].n_items; i++) {
            plan_item *it = &p->sections[s].items[i];
            for (size_t c = 0; c < it->n_checks; c++) {
                plan_check *pc = &it->checks[c];
                pc->section = s;
                pc->item = i;
                pc->order = p->n_checks;
                if (pc->id)
                    p->checks[p->n_checks++] = pc;
            }
        }
    /* sorted by id for lookups; order keeps the plan order */
    qsort(p->checks, p->n_checks, sizeof *p->checks, cmp_check_id);
    for (size_t i = 1; i < p->n_checks; i++)
        if (strcmp(p->checks[i - 1]->id, p->checks[i]->id) == 0)
            yd_error(&r->d, sections, "check id '%s' is used twice", p->checks[i]->id);
    for (size_t s = 0; s < p->n_sections; s++)
        for (size_t i = 0; i < p->sections[s].n_items; i++)
            for (size_t t = 0; t < s; t++)
                for (size_t j = 0; j < p->sections[t].n_items; j++)
                    if (p->sections[s].items[i].id && p->sections[t].items[j].id &&
                        strcmp(p->sections[s].items[i].id, p->sections[t].items[j].id) == 0)
                        yd_error(&r->d, sections, "item id '%s' is used twice",
                                 p->sections[s].items[i].id);
}

bool plan_parse(plan *p, const char *path, const char *buf, size_t len, diag_list *dl)
{
    static const char *const keys[] = {"format",  "id",       "document",   "attributes",
                                       "scoring", "sections", "indicators", NULL};
    static const ylimits limits = {
        .max_depth = PLAN_MAX_DEPTH, .max_scalar = PLAN_MAX_TEXT, .max_nodes = PLAN_MAX_NODES};
    memset(p, 0, sizeof *p);
    p->mem = arena_new(64 * 1024);
    p->source_hash = fs_hash(buf, len);
    plan_reader r = {.d = {.path = path, .mem = p->mem, .dl = dl}, .p = p};
    ydoc doc;
    if (len > PLAN_MAX_BYTES) {
        diag_add(dl, path, 0, 0, "a plan file is at most %d bytes", PLAN_MAX_BYTES);
        goto fail;
    }
    if (!ydoc_parse(&doc, p->mem, path, buf, len, &limits, dl))
        goto fail;
    if (!doc.root) {
        diag_add(dl, path, 1, 1, "the plan is empty");
        goto fail;
    }
    const ynode *root = doc.root;
    if (!yd_is_map(&r.d, root, "a plan"))
        goto fail;
    yd_known_keys(&r.d, root, keys, "a plan");
    long long format = 0;
    if (yd_integer(&r.d, yd_require(&r.d, root, "format", "a plan"), "format", 1, 1000, &format) &&
        format != 1)
        yd_error(&r.d, ynode_get(root, "format"), "plan format %lld is not known to this qtown",
                 format);
    p->id = read_id(&r, root, "the plan's id");
    read_document(&r, yd_require(&r.d, root, "document", "a plan"));

    const ynode *attrs = ynode_get(root, "attributes");
    if (attrs && yd_is_seq(&r.d, attrs, "attributes")) {
        p->n_attributes = attrs->count;
        p->attributes = arena_array(p->mem, attrs->count, sizeof *p->attributes);
        for (size_t i = 0; i < attrs->count; i++)
            read_attribute(&r, attrs->values[i], &p->attributes[i]);
    }
    const ynode *scoring = yd_require(&r.d, root, "scoring", "a plan");
    if (scoring)
        read_scoring(&r, scoring);

    const ynode *sections = yd_require(&r.d, root, "sections", "a plan");
    if (sections && yd_is_seq(&r.d, sections, "sections")) {
        p->n_sections = sections->count;
        p->sections = arena_array(p->mem, sections->count, sizeof *p->sections);
        for (size_t i = 0; i < sections->count; i++)
            read_section(&r, sections->values[i], &p->sections[i]);
        index_checks(&r, sections);
    }
    if (scoring && scoring->kind == YNODE_MAP)
        read_section_weights(&r, scoring);
    const ynode *inds = ynode_get(root, "indicators");
    if (inds && yd_is_seq(&r.d, inds, "indicators"))
        read_indicators(&r, inds);
    if (r.d.errors == 0)
        return true;
fail:
    arena_free(p->mem);
    memset(p, 0, sizeof *p);
    return false;
}

bool plan_load_file(plan *p, const char *path, diag_list *dl)
{
    char *buf;
    size_t len;
    fs_result fr = fs_read_file(path, PLAN_MAX_BYTES, &buf, &len, NULL, dl);
    if (fr == FS_MISSING)
        diag_add(dl, path, 0, 0, "no such plan file");
    if (fr != FS_OK)
        return false;
    bool ok = plan_parse(p, path, buf, len, dl);
    free(buf);
    return ok;
}
