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

static text2 read_text2(plan_reader *r, const ynode *n, msg_id what)
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

/* {zh: 只, en: products, one: product}, or one text for both. */
static value_unit read_value_unit(plan_reader *r, const ynode *n)
{
    value_unit u = {{"", ""}, NULL};
    if (!n || n->kind != YNODE_MAP) {
        u.name = read_text2(r, n, M_W_MEASURE_UNIT);
        return u;
    }
    static const char *const keys[] = {"zh", "en", "one", NULL};
    yd_known_keys(&r->d, n, keys, M_W_MEASURE_UNIT);
    const char *zh = yd_text(&r->d, yd_require(&r->d, n, "zh", M_W_MEASURE_UNIT), M_W_MEASURE_UNIT);
    const char *en = yd_text(&r->d, yd_require(&r->d, n, "en", M_W_MEASURE_UNIT), M_W_MEASURE_UNIT);
    u.name.zh = zh ? zh : "";
    u.name.en = en ? en : "";
    u.one = yd_text(&r->d, ynode_get(n, "one"), M_W_MEASURE_UNIT_ONE);
    return u;
}

static const char *read_id(plan_reader *r, const ynode *map, msg_id what)
{
    const ynode *n = yd_require(&r->d, map, "id", what);
    const char *id = yd_text(&r->d, n, what);
    if (id && !id_is_check_id(id)) {
        yd_error(&r->d, n, TR(M_PLAN_BAD_ID), id, ID_MAX_LEN);
        return NULL;
    }
    return id;
}

static unsigned read_kinds(plan_reader *r, const ynode *n, msg_id what)
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
            yd_error(&r->d, items[i], TR(M_PLAN_UNKNOWN_KIND), s);
    }
    if (count == 0)
        yd_error(&r->d, n, TR(M_PLAN_NO_KIND), tr(what));
    return kinds;
}

static range read_range(plan_reader *r, const ynode *map, msg_id what)
{
    range rg = {0};
    const ynode *mn = ynode_get(map, "min"), *mx = ynode_get(map, "max");
    rg.has_min = mn && yd_number(&r->d, mn, what, &rg.min);
    rg.has_max = mx && yd_number(&r->d, mx, what, &rg.max);
    if (rg.has_min && rg.has_max && rg.min > rg.max)
        yd_error(&r->d, map, TR(M_PLAN_MIN_OVER_MAX), tr(what));
    return rg;
}

/* A score weight: positive, 1 when the plan leaves it out. */
static double read_weight(plan_reader *r, const ynode *n, msg_id what)
{
    double weight = 1;
    const ynode *w = ynode_get(n, "weight");
    if (w && yd_number(&r->d, w, what, &weight) && weight <= 0)
        yd_error(&r->d, w, TR(M_PLAN_NOT_POSITIVE), tr(what));
    return weight;
}

static void read_filter(plan_reader *r, const ynode *where, unsigned kinds, plan_filter *f);

/* `counted: meetings`: a numeric town check whose value qtown counts. */
static void read_counted(plan_reader *r, const ynode *n, plan_check *c)
{
    const char *how = yd_text(&r->d, n, M_W_COUNTED);
    if (!how)
        return;
    if (strcmp(how, "meetings") != 0) {
        yd_error(&r->d, n, TR(M_PLAN_BAD_COUNTED), how);
        return;
    }
    c->counted = COUNT_MEETINGS;
    if (!c->numeric || c->kinds != KIND_TOWN)
        yd_error(&r->d, n, "%s", tr(M_PLAN_COUNTED_TOWN));
}

static void read_check(plan_reader *r, const ynode *n, plan_check *c, const plan_item *item)
{
    static const char *const keys[] = {"id",      "title",  "for",     "where",
                                       "value",   "target", "weight",  "unscored",
                                       "reading", "source", "counted", NULL};
    if (!yd_is_map(&r->d, n, M_W_CHECK))
        return;
    yd_known_keys(&r->d, n, keys, M_W_CHECK);
    c->id = read_id(r, n, M_W_CHECK_ID);
    if (c->id && item->id) {
        size_t l = strlen(item->id);
        if (strncmp(c->id, item->id, l) != 0 || c->id[l] != '.')
            yd_error(&r->d, ynode_get(n, "id"), TR(M_PLAN_CHECK_ID_PREFIX), c->id, item->id);
    }
    c->title = read_text2(r, yd_require(&r->d, n, "title", M_W_CHECK), M_W_CHECK_TITLE);
    c->kinds = read_kinds(r, yd_require(&r->d, n, "for", M_W_CHECK), M_W_CHECK_FOR);
    c->weight = read_weight(r, n, M_W_CHECK_WEIGHT);
    const ynode *v = ynode_get(n, "value");
    if (v && yd_is_map(&r->d, v, M_W_CHECK_VALUE)) {
        static const char *const vkeys[] = {"unit", NULL};
        yd_known_keys(&r->d, v, vkeys, M_W_CHECK_VALUE);
        c->numeric = true;
        c->unit = read_value_unit(r, ynode_get(v, "unit"));
    }
    const ynode *t = ynode_get(n, "target");
    if (t && yd_is_map(&r->d, t, M_W_CHECK_TARGET)) {
        static const char *const tkeys[] = {"min", "max", NULL};
        yd_known_keys(&r->d, t, tkeys, M_W_CHECK_TARGET);
        if (!c->numeric)
            yd_error(&r->d, t, TR(M_PLAN_TARGET_NOT_NUMERIC));
        c->target = read_range(r, t, M_W_TARGET);
    }
    c->source = yd_text(&r->d, ynode_get(n, "source"), M_W_CHECK_SOURCE);
    const ynode *where = ynode_get(n, "where");
    if (where && c->kinds)
        read_filter(r, where, c->kinds, &c->where);
    const ynode *unscored = ynode_get(n, "unscored");
    c->scored = !unscored;
    c->unscored = read_text2(r, unscored, M_W_UNSCORED_WHY);
    if (unscored && !*c->unscored.zh && !*c->unscored.en)
        yd_error(&r->d, unscored, "%s", tr(M_PLAN_UNSCORED_WHY));
    c->reading = read_text2(r, ynode_get(n, "reading"), M_W_READING);
    const ynode *counted = ynode_get(n, "counted");
    if (counted)
        read_counted(r, counted, c);
}

static void read_item(plan_reader *r, const ynode *n, plan_item *it)
{
    static const char *const keys[] = {"id", "title", "text", "weight", "checks", NULL};
    if (!yd_is_map(&r->d, n, M_W_ITEM))
        return;
    yd_known_keys(&r->d, n, keys, M_W_ITEM);
    it->id = read_id(r, n, M_W_ITEM_ID);
    it->has_weight = ynode_get(n, "weight") != NULL;
    it->weight = read_weight(r, n, M_W_ITEM_WEIGHT);
    it->title = read_text2(r, yd_require(&r->d, n, "title", M_W_ITEM), M_W_ITEM_TITLE);
    it->text = read_text2(r, yd_require(&r->d, n, "text", M_W_ITEM), M_W_ITEM_TEXT);
    const ynode *cs = yd_require(&r->d, n, "checks", M_W_ITEM);
    if (!yd_is_seq(&r->d, cs, M_W_ITEM_CHECKS))
        return;
    it->n_checks = cs->count;
    it->checks = arena_array(r->p->mem, cs->count, sizeof *it->checks);
    for (size_t i = 0; i < cs->count; i++)
        read_check(r, cs->values[i], &it->checks[i], it);
}

static void read_section(plan_reader *r, const ynode *n, plan_section *s)
{
    static const char *const keys[] = {"id", "title", "items", NULL};
    if (!yd_is_map(&r->d, n, M_W_SECTION))
        return;
    yd_known_keys(&r->d, n, keys, M_W_SECTION);
    s->id = read_id(r, n, M_W_SECTION_ID);
    s->title = read_text2(r, yd_require(&r->d, n, "title", M_W_SECTION), M_W_SECTION_TITLE);
    const ynode *items = yd_require(&r->d, n, "items", M_W_SECTION);
    if (!yd_is_seq(&r->d, items, M_W_SECTION_ITEMS))
        return;
    s->n_items = items->count;
    s->items = arena_array(r->p->mem, items->count, sizeof *s->items);
    size_t weighted = 0;
    for (size_t i = 0; i < items->count; i++) {
        read_item(r, items->values[i], &s->items[i]);
        weighted += s->items[i].has_weight;
    }
    /* an item's weight is its share of the section: a share of a whole
     * that other items leave unsaid would mean nothing */
    if (weighted && weighted != items->count)
        yd_error(&r->d, items, TR(M_PLAN_ITEM_WEIGHTS), s->id ? s->id : "?");
}

static void read_person(plan_reader *r, const ynode *n, const char **name, text2 *role, msg_id what)
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
    if (!yd_is_map(&r->d, n, M_W_LEADERSHIP))
        return;
    yd_known_keys(&r->d, n, keys, M_W_LEADERSHIP);
    doc->group = read_text2(r, ynode_get(n, "group"), M_W_GROUP);
    read_person(r, ynode_get(n, "leader"), &doc->leader, &doc->leader_role, M_W_LEADER);
    const ynode *deps = ynode_get(n, "deputies");
    if (deps && yd_is_seq(&r->d, deps, M_W_DEPUTIES)) {
        doc->n_deputies = deps->count;
        doc->deputies = arena_array(r->p->mem, deps->count, sizeof *doc->deputies);
        doc->deputy_roles = arena_array(r->p->mem, deps->count, sizeof *doc->deputy_roles);
        for (size_t i = 0; i < deps->count; i++) {
            doc->deputies[i] = "";
            doc->deputy_roles[i] = (text2){"", ""};
            read_person(r, deps->values[i], &doc->deputies[i], &doc->deputy_roles[i], M_W_DEPUTY);
        }
    }
    doc->members = read_text2(r, ynode_get(n, "members"), M_W_MEMBERS);
    doc->office = read_text2(r, ynode_get(n, "office"), M_W_OFFICE);
    read_person(r, ynode_get(n, "office_director"), &doc->office_director,
                &doc->office_director_role, M_W_OFFICE_DIRECTOR);
    doc->duties = read_text2(r, ynode_get(n, "duties"), M_W_DUTIES);
}

static void read_document(plan_reader *r, const ynode *n)
{
    static const char *const keys[] = {"title",        "programme",  "number", "issuer",
                                       "date",         "year",       "basis",  "addressed_to",
                                       "guiding_idea", "leadership", NULL};
    if (!yd_is_map(&r->d, n, M_W_DOCUMENT))
        return;
    plan_document *doc = &r->p->doc;
    yd_known_keys(&r->d, n, keys, M_W_DOCUMENT);
    doc->title = read_text2(r, yd_require(&r->d, n, "title", M_W_DOCUMENT), M_W_TITLE);
    doc->programme = read_text2(r, ynode_get(n, "programme"), M_W_PROGRAMME);
    doc->number = yd_text(&r->d, ynode_get(n, "number"), M_W_DOC_NUMBER);
    doc->issuer = read_text2(r, ynode_get(n, "issuer"), M_W_ISSUER);
    doc->date = yd_text(&r->d, ynode_get(n, "date"), M_W_DATE);
    long long year = 0;
    if (yd_integer(&r->d, yd_require(&r->d, n, "year", M_W_DOCUMENT), M_W_YEAR, 1900, 9999, &year))
        doc->year = (int)year;
    doc->basis = yd_text(&r->d, ynode_get(n, "basis"), M_W_BASIS);
    doc->addressed_to = read_text2(r, ynode_get(n, "addressed_to"), M_W_ADDRESSED_TO);
    doc->guiding_idea = read_text2(r, ynode_get(n, "guiding_idea"), M_W_GUIDING_IDEA);
    const ynode *l = ynode_get(n, "leadership");
    if (l)
        read_leadership(r, l, doc);
}

static void read_attribute(plan_reader *r, const ynode *n, plan_attribute *a)
{
    static const char *const keys[] = {"key", "type", "for", "title", "values", NULL};
    if (!yd_is_map(&r->d, n, M_W_ATTRIBUTE))
        return;
    yd_known_keys(&r->d, n, keys, M_W_ATTRIBUTE);
    const ynode *kn = yd_require(&r->d, n, "key", M_W_ATTRIBUTE);
    a->key = yd_text(&r->d, kn, M_W_ATTRIBUTE_KEY);
    if (a->key && !id_is_attribute_key(a->key))
        yd_error(&r->d, kn, TR(M_BAD_ATTRIBUTE_KEY), a->key);
    const ynode *tn = yd_require(&r->d, n, "type", M_W_ATTRIBUTE);
    const char *type = yd_text(&r->d, tn, M_W_ATTRIBUTE_TYPE);
    if (type && strcmp(type, "number") == 0)
        a->type = ATTR_NUMBER;
    else if (type && strcmp(type, "bool") == 0)
        a->type = ATTR_BOOL;
    else if (type && strcmp(type, "string") == 0)
        a->type = ATTR_TEXT;
    else if (type)
        yd_error(&r->d, tn, TR(M_PLAN_UNKNOWN_ATTR_TYPE), type);
    a->kinds = read_kinds(r, yd_require(&r->d, n, "for", M_W_ATTRIBUTE), M_W_ATTRIBUTE_FOR);
    a->title = read_text2(r, yd_require(&r->d, n, "title", M_W_ATTRIBUTE), M_W_ATTRIBUTE_TITLE);
    const ynode *vals = ynode_get(n, "values");
    if (vals && yd_is_seq(&r->d, vals, M_W_ATTRIBUTE_VALUES)) {
        a->n_values = vals->count;
        a->values = arena_array(r->p->mem, vals->count, sizeof *a->values);
        for (size_t i = 0; i < vals->count; i++)
            a->values[i] = yd_text(&r->d, vals->values[i], M_W_ATTRIBUTE_VALUE);
    }
}

static void read_scoring(plan_reader *r, const ynode *n)
{
    static const char *const keys[] = {"sections", "credit", "grades", NULL};
    plan *p = r->p;
    if (!yd_is_map(&r->d, n, M_W_SCORING))
        return;
    yd_known_keys(&r->d, n, keys, M_W_SCORING);
    for (int s = 0; s < STATUS_COUNT; s++)
        p->credit[s] = status_default_credit((status)s);
    const ynode *credit = yd_require(&r->d, n, "credit", M_W_SCORING);
    if (credit && yd_is_map(&r->d, credit, M_W_CREDIT_KEY)) {
        for (size_t i = 0; i < credit->count; i++) {
            status s;
            if (!status_parse(credit->keys[i]->str, &s) || !status_applicable(s)) {
                strbuf choices = STRBUF_INIT;
                tr_status_choices(&choices, true);
                yd_error(&r->d, credit->keys[i], TR(M_PLAN_CREDIT_STATUS), credit->keys[i]->str,
                         sb_str(&choices));
                sb_free(&choices);
                continue;
            }
            if (yd_number(&r->d, credit->values[i], M_W_CREDIT, &p->credit[s]) &&
                (p->credit[s] < 0 || p->credit[s] > 1))
                yd_error(&r->d, credit->values[i], TR(M_PLAN_CREDIT_RANGE));
        }
    }
    const ynode *grades = yd_require(&r->d, n, "grades", M_W_SCORING);
    if (grades && yd_is_seq(&r->d, grades, M_W_GRADES)) {
        p->n_grades = grades->count;
        p->grades = arena_array(p->mem, grades->count, sizeof *p->grades);
        for (size_t i = 0; i < grades->count; i++) {
            static const char *const gkeys[] = {"grade", "min", NULL};
            const ynode *g = grades->values[i];
            plan_grade *pg = &p->grades[i];
            pg->grade = "";
            pg->min = 0;
            if (!yd_is_map(&r->d, g, M_W_GRADE))
                continue;
            yd_known_keys(&r->d, g, gkeys, M_W_GRADE);
            pg->grade = yd_text(&r->d, yd_require(&r->d, g, "grade", M_W_GRADE), M_W_GRADE);
            if (!pg->grade)
                pg->grade = "";
            yd_number(&r->d, yd_require(&r->d, g, "min", M_W_GRADE), M_W_GRADE_MIN, &pg->min);
            if (i > 0 && pg->min >= p->grades[i - 1].min)
                yd_error(&r->d, g, TR(M_PLAN_GRADES_ORDER));
        }
    }
}

/* Section weights sit under scoring but name sections: read them after. */
static void read_section_weights(plan_reader *r, const ynode *scoring)
{
    const ynode *w = ynode_get(scoring, "sections");
    if (!w || !yd_is_map(&r->d, w, M_W_SCORING_SECTIONS))
        return;
    for (size_t i = 0; i < w->count; i++) {
        plan_section *found = NULL;
        for (size_t s = 0; s < r->p->n_sections; s++)
            if (r->p->sections[s].id && strcmp(r->p->sections[s].id, w->keys[i]->str) == 0)
                found = &r->p->sections[s];
        if (!found) {
            yd_error(&r->d, w->keys[i], TR(M_PLAN_UNKNOWN_SECTION), w->keys[i]->str);
            continue;
        }
        if (yd_number(&r->d, w->values[i], M_W_SECTION_WEIGHT, &found->weight) && found->weight < 0)
            yd_error(&r->d, w->values[i], TR(M_PLAN_NEGATIVE_WEIGHT));
    }
}

/* ---- indicators ------------------------------------------------------- */

/* The first kind of unit in `kinds` that does not carry attribute `a`, or
 * 0: a filter may only name attributes every unit it looks at can have. */
static unit_kind kind_lacking(const plan_attribute *a, unsigned kinds)
{
    for (unsigned k = KIND_VILLAGE; k <= KIND_TOWN; k <<= 1)
        if ((kinds & k) && !(a->kinds & k))
            return (unit_kind)k;
    return 0;
}

/* A condition's operand: of the attribute's type, and one of its listed
 * values when the plan lists them (any other could never match). */
static bool read_operand(plan_reader *r, const ynode *operand, const plan_attribute *a,
                         plan_condition *c)
{
    switch (c->type) {
    case ATTR_NUMBER:
        return yd_number(&r->d, operand, M_W_CONDITION_VALUE, &c->number);
    case ATTR_BOOL:
        return yd_bool(&r->d, operand, M_W_CONDITION_VALUE, &c->boolean);
    default:
        c->text = yd_text(&r->d, operand, M_W_CONDITION_VALUE);
        if (!c->text || a->n_values == 0)
            return c->text != NULL;
        for (size_t i = 0; i < a->n_values; i++)
            if (a->values[i] && strcmp(a->values[i], c->text) == 0)
                return true;
        yd_error(&r->d, operand, TR(M_PLAN_FILTER_VALUE), c->text, a->key);
        return false;
    }
}

static bool read_condition(plan_reader *r, const ynode *key, const ynode *val, unsigned kinds,
                           plan_condition *c)
{
    c->attr = arena_strdup(r->p->mem, key->str);
    const plan_attribute *a = plan_find_attribute(r->p, c->attr);
    if (!a) {
        yd_error(&r->d, key, TR(M_PLAN_FILTER_UNKNOWN_ATTR), c->attr);
        return false;
    }
    unit_kind lacking = kind_lacking(a, kinds);
    if (lacking)
        yd_error(&r->d, key, TR(M_ATTRIBUTE_NOT_FOR_KIND), c->attr, tr_kind(lacking));
    c->type = a->type;
    c->op = OP_EQ;
    const ynode *operand = val;
    if (val->kind == YNODE_MAP) {
        if (val->count != 1) {
            yd_error(&r->d, val, TR(M_PLAN_ONE_OPERATOR));
            return false;
        }
        if (!op_parse(val->keys[0]->str, &c->op)) {
            yd_error(&r->d, val->keys[0], TR(M_PLAN_UNKNOWN_OPERATOR_OF), val->keys[0]->str);
            return false;
        }
        operand = val->values[0];
    }
    if (c->type != ATTR_NUMBER && c->op != OP_EQ && c->op != OP_NE) {
        yd_error(&r->d, val, TR(M_PLAN_COMPARE_NUMBER));
        return false;
    }
    return read_operand(r, operand, a, c);
}

#define FILTER_ANY_OF "any-of" /* not an attribute key: those have no '-' */

/* The conditions of one map (a `where:` or its `any-of:`). */
static plan_condition *read_conditions(plan_reader *r, const ynode *map, unsigned kinds,
                                       size_t *count)
{
    plan_condition *conds = arena_array(r->p->mem, map->count, sizeof *conds);
    *count = 0;
    for (size_t i = 0; i < map->count; i++)
        if (strcmp(map->keys[i]->str, FILTER_ANY_OF) != 0)
            read_condition(r, map->keys[i], map->values[i], kinds, &conds[(*count)++]);
    return conds;
}

/* `any-of:` as a list of one-condition maps, so that one attribute can be
 * named more than once ("sector food, or sector wood-panels"). */
static plan_condition *read_condition_list(plan_reader *r, const ynode *seq, unsigned kinds,
                                           size_t *count)
{
    plan_condition *conds = arena_array(r->p->mem, seq->count, sizeof *conds);
    *count = 0;
    for (size_t i = 0; i < seq->count; i++) {
        const ynode *m = seq->values[i];
        if (!yd_is_map(&r->d, m, M_W_ANY_OF))
            continue;
        if (m->count != 1 || strcmp(m->keys[0]->str, FILTER_ANY_OF) == 0) {
            yd_error(&r->d, m, "%s", tr(m->count != 1 ? M_PLAN_ANY_OF_ITEM : M_PLAN_ANY_OF_NESTED));
            continue;
        }
        read_condition(r, m->keys[0], m->values[0], kinds, &conds[(*count)++]);
    }
    return conds;
}

/* `where:` of a check or an indicator: conditions that must all hold, and
 * at most one `any-of:` (a map, or a list of one-condition maps) of which
 * at least one must. */
static void read_filter(plan_reader *r, const ynode *where, unsigned kinds, plan_filter *f)
{
    if (!yd_is_map(&r->d, where, M_W_WHERE))
        return;
    f->all = read_conditions(r, where, kinds, &f->n_all);
    const ynode *any = ynode_get(where, FILTER_ANY_OF);
    if (!any)
        return;
    if (any->kind == YNODE_SEQ) {
        f->any = read_condition_list(r, any, kinds, &f->n_any);
    } else if (yd_is_map(&r->d, any, M_W_ANY_OF)) {
        for (size_t i = 0; i < any->count; i++)
            if (strcmp(any->keys[i]->str, FILTER_ANY_OF) == 0)
                yd_error(&r->d, any->keys[i], "%s", tr(M_PLAN_ANY_OF_NESTED));
        f->any = read_conditions(r, any, kinds, &f->n_any);
    }
    if (any->count < 2)
        yd_error(&r->d, any, "%s", tr(M_PLAN_ANY_OF_SHORT));
}

static const plan_check *read_check_ref(plan_reader *r, const ynode *n, msg_id what)
{
    const char *id = yd_text(&r->d, n, what);
    if (!id)
        return NULL;
    const plan_check *c = plan_find_check(r->p, id);
    if (!c)
        yd_error(&r->d, n, TR(M_PLAN_UNKNOWN_CHECK_REF), tr(what), id);
    return c;
}

static void read_indicator_target(plan_reader *r, const ynode *t, plan_indicator *ind)
{
    static const char *const keys[] = {"min", "max", "op", "unit", NULL};
    if (!yd_is_map(&r->d, t, M_W_INDICATOR_TARGET))
        return;
    yd_known_keys(&r->d, t, keys, M_W_INDICATOR_TARGET);
    ind->target = read_range(r, t, M_W_INDICATOR_TARGET);
    ind->unit = read_value_unit(r, ynode_get(t, "unit"));
    const ynode *op = ynode_get(t, "op");
    if (ind->type == IND_COMPARE) {
        const char *s = op ? yd_text(&r->d, op, M_W_COMPARISON_OP) : NULL;
        if (!op)
            yd_error(&r->d, t, TR(M_PLAN_COMPARE_NEEDS_OP));
        else if (s && !op_parse(s, &ind->compare_op))
            yd_error(&r->d, op, TR(M_PLAN_UNKNOWN_OPERATOR), s);
    } else {
        if (op)
            yd_error(&r->d, op, TR(M_PLAN_OP_ONLY_COMPARE));
        if (!range_is_set(&ind->target))
            yd_error(&r->d, t, TR(M_PLAN_TARGET_NEEDS_RANGE));
    }
}

static void read_meets(plan_reader *r, const ynode *m, plan_indicator *ind)
{
    if (m->kind == YNODE_SCALAR) {
        status s;
        if (!status_parse(m->str, &s) || s != STATUS_DONE)
            yd_error(&r->d, m, TR(M_PLAN_BAD_MEETS));
        return;
    }
    static const char *const keys[] = {"min", "max", NULL};
    if (!yd_is_map(&r->d, m, M_W_MEETS))
        return;
    yd_known_keys(&r->d, m, keys, M_W_MEETS);
    ind->meets_by_value = true;
    ind->meets = read_range(r, m, M_W_MEETS);
    if (ind->check && !ind->check->numeric)
        yd_error(&r->d, m, TR(M_PLAN_NO_VALUE_TO_COMPARE), ind->check->id);
}

static void validate_indicator(plan_reader *r, const ynode *n, plan_indicator *ind)
{
    if (ind->check && !(ind->check->kinds & (unsigned)ind->units))
        yd_error(&r->d, n, TR(M_PLAN_CHECK_NOT_CARRIED), ind->check->id, tr_kind(ind->units));
    if (ind->type == IND_SUM && ind->check && !ind->check->numeric)
        yd_error(&r->d, n, TR(M_PLAN_SUM_NEEDS_NUMERIC), ind->check->id);
    if (ind->type == IND_COMPARE) {
        if (!ind->against)
            yd_error(&r->d, n, TR(M_PLAN_COMPARE_NEEDS_AGAINST));
        if (ind->units != KIND_TOWN)
            yd_error(&r->d, n, TR(M_PLAN_COMPARE_TOWN));
        const plan_check *both[] = {ind->check, ind->against};
        for (int i = 0; i < 2; i++)
            if (both[i] && (!both[i]->numeric || !(both[i]->kinds & KIND_TOWN)))
                yd_error(&r->d, n, TR(M_PLAN_COMPARE_CHECK), both[i]->id);
    } else if (ind->against) {
        yd_error(&r->d, n, TR(M_PLAN_AGAINST_ONLY_COMPARE));
    }
    if (ind->item && !plan_find_item(r->p, ind->item))
        yd_error(&r->d, ynode_get(n, "item"), TR(M_PLAN_UNKNOWN_ITEM), ind->item);
}

static void read_indicator(plan_reader *r, const ynode *n, plan_indicator *ind)
{
    static const char *const keys[] = {"id",     "item",   "title",   "source", "type",
                                       "check",  "units",  "where",   "meets",  "against",
                                       "target", "weight", "reading", NULL};
    static const char *const types[] = {"count", "sum", "rate", "compare"};
    if (!yd_is_map(&r->d, n, M_W_INDICATOR))
        return;
    yd_known_keys(&r->d, n, keys, M_W_INDICATOR);
    ind->id = read_id(r, n, M_W_INDICATOR_ID);
    ind->item = yd_text(&r->d, ynode_get(n, "item"), M_W_INDICATOR_ITEM);
    ind->title = read_text2(r, yd_require(&r->d, n, "title", M_W_INDICATOR), M_W_INDICATOR_TITLE);
    ind->source = yd_text(&r->d, ynode_get(n, "source"), M_W_INDICATOR_SOURCE);
    const ynode *tn = yd_require(&r->d, n, "type", M_W_INDICATOR);
    const char *type = yd_text(&r->d, tn, M_W_INDICATOR_TYPE);
    bool type_ok = false;
    for (int i = 0; type && i < 4; i++)
        if (strcmp(type, types[i]) == 0) {
            ind->type = (indicator_type)i;
            type_ok = true;
        }
    if (type && !type_ok)
        yd_error(&r->d, tn, TR(M_PLAN_UNKNOWN_IND_TYPE), type);
    ind->check = read_check_ref(r, yd_require(&r->d, n, "check", M_W_INDICATOR), M_W_INDICATOR);
    const ynode *un = yd_require(&r->d, n, "units", M_W_INDICATOR);
    const char *units = yd_text(&r->d, un, M_W_INDICATOR_UNITS);
    if (units && !unit_kind_parse(units, &ind->units))
        yd_error(&r->d, un, TR(M_PLAN_UNKNOWN_KIND_SHORT), units);
    const ynode *against = ynode_get(n, "against");
    if (against)
        ind->against = read_check_ref(r, against, M_W_AGAINST);
    const ynode *where = ynode_get(n, "where");
    if (where && ind->units)
        read_filter(r, where, ind->units, &ind->where);
    ind->reading = read_text2(r, ynode_get(n, "reading"), M_W_READING);
    const ynode *meets = ynode_get(n, "meets");
    if (meets)
        read_meets(r, meets, ind);
    ind->weight = read_weight(r, n, M_W_INDICATOR_WEIGHT);
    const ynode *target = yd_require(&r->d, n, "target", M_W_INDICATOR);
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
                yd_error(&r->d, seq->values[i], TR(M_PLAN_INDICATOR_TWICE), p->indicators[i].id);
    }
}

/* ---- the programme's year: letters, assessment -------------------------- */

static const plan_check **read_check_list(plan_reader *r, const ynode *n, size_t *count)
{
    *count = 0;
    if (!n || !yd_is_seq(&r->d, n, M_W_CHECKS))
        return NULL;
    const plan_check **out = arena_array(r->p->mem, n->count, sizeof *out);
    for (size_t i = 0; i < n->count; i++) {
        const plan_check *c = read_check_ref(r, n->values[i], M_W_LETTER_TASK);
        if (c)
            out[(*count)++] = c;
    }
    return out;
}

static void read_letter_task(plan_reader *r, const ynode *n, plan_letter_task *t, unsigned kinds)
{
    static const char *const keys[] = {"text", "source", "checks", NULL};
    if (!yd_is_map(&r->d, n, M_W_LETTER_TASK))
        return;
    yd_known_keys(&r->d, n, keys, M_W_LETTER_TASK);
    t->text = read_text2(r, yd_require(&r->d, n, "text", M_W_LETTER_TASK), M_W_TASK_TEXT);
    t->source = yd_text(&r->d, ynode_get(n, "source"), M_W_TASK_SOURCE);
    t->checks = read_check_list(r, ynode_get(n, "checks"), &t->n_checks);
    for (size_t i = 0; i < t->n_checks; i++)
        if (!(t->checks[i]->kinds & kinds))
            yd_error(&r->d, ynode_get(n, "checks"), TR(M_PLAN_LETTER_CHECK_KIND), t->checks[i]->id);
}

static void read_letter_target(plan_reader *r, const ynode *n, plan_letter_target *t,
                               unsigned kinds)
{
    static const char *const keys[] = {"check", "text", "source", "target", NULL};
    if (!yd_is_map(&r->d, n, M_W_LETTER_TARGET))
        return;
    yd_known_keys(&r->d, n, keys, M_W_LETTER_TARGET);
    const ynode *cn = yd_require(&r->d, n, "check", M_W_LETTER_TARGET);
    t->check = cn ? read_check_ref(r, cn, M_W_LETTER_TARGET) : NULL;
    t->text = read_text2(r, yd_require(&r->d, n, "text", M_W_LETTER_TARGET), M_W_TARGET_TEXT);
    t->source = yd_text(&r->d, ynode_get(n, "source"), M_W_TARGET_SOURCE);
    if (t->check && !(t->check->kinds & kinds))
        yd_error(&r->d, cn, TR(M_PLAN_LETTER_CHECK_KIND), t->check->id);
    const ynode *tn = ynode_get(n, "target");
    if (tn && yd_is_map(&r->d, tn, M_W_LETTER_TARGET_VALUE)) {
        static const char *const tkeys[] = {"min", "max", NULL};
        yd_known_keys(&r->d, tn, tkeys, M_W_LETTER_TARGET_VALUE);
        t->target = read_range(r, tn, M_W_LETTER_TARGET_VALUE);
        if (t->check && !t->check->numeric)
            yd_error(&r->d, tn, "%s", tr(M_PLAN_LETTER_TARGET_NUMERIC));
    } else if (t->check) {
        t->target = t->check->target;
    }
}

static void read_letter(plan_reader *r, const ynode *n, plan_letter *l)
{
    static const char *const keys[] = {"for",     "title",   "text",           "source", "tasks",
                                       "targets", "closing", "closing_source", "marks",  NULL};
    if (!yd_is_map(&r->d, n, M_W_LETTER))
        return;
    yd_known_keys(&r->d, n, keys, M_W_LETTER);
    l->kinds = read_kinds(r, yd_require(&r->d, n, "for", M_W_LETTER), M_W_LETTER_FOR);
    if (l->kinds & KIND_TOWN)
        yd_error(&r->d, ynode_get(n, "for"), "%s", tr(M_PLAN_LETTER_TOWN));
    l->title = read_text2(r, yd_require(&r->d, n, "title", M_W_LETTER), M_W_LETTER_TITLE);
    l->text = read_text2(r, ynode_get(n, "text"), M_W_LETTER_TEXT);
    l->source = yd_text(&r->d, ynode_get(n, "source"), M_W_LETTER_SOURCE);
    l->closing = read_text2(r, ynode_get(n, "closing"), M_W_LETTER_CLOSING);
    l->closing_source = yd_text(&r->d, ynode_get(n, "closing_source"), M_W_LETTER_SOURCE);
    const ynode *marks = ynode_get(n, "marks");
    if (marks && (l->marks = read_check_ref(r, marks, M_W_LETTER_MARKS)) != NULL &&
        ((l->marks->kinds & l->kinds) != l->kinds || l->marks->numeric))
        yd_error(&r->d, marks, TR(M_PLAN_LETTER_MARKS), l->marks->id);
    const ynode *tasks = ynode_get(n, "tasks");
    if (tasks && yd_is_seq(&r->d, tasks, M_W_LETTER_TASKS)) {
        l->n_tasks = tasks->count;
        l->tasks = arena_array(r->p->mem, tasks->count, sizeof *l->tasks);
        for (size_t i = 0; i < tasks->count; i++)
            read_letter_task(r, tasks->values[i], &l->tasks[i], l->kinds);
    }
    const ynode *targets = ynode_get(n, "targets");
    if (targets && yd_is_seq(&r->d, targets, M_W_LETTER_TARGETS)) {
        l->n_targets = targets->count;
        l->targets = arena_array(r->p->mem, targets->count, sizeof *l->targets);
        for (size_t i = 0; i < targets->count; i++)
            read_letter_target(r, targets->values[i], &l->targets[i], l->kinds);
    }
}

static void read_letters(plan_reader *r, const ynode *seq)
{
    plan *p = r->p;
    p->n_letters = seq->count;
    p->letters = arena_array(p->mem, seq->count, sizeof *p->letters);
    for (size_t i = 0; i < seq->count; i++) {
        read_letter(r, seq->values[i], &p->letters[i]);
        for (size_t j = 0; j < i; j++)
            if (p->letters[i].kinds & p->letters[j].kinds)
                yd_error(&r->d, seq->values[i], "%s", tr(M_PLAN_LETTER_TWICE));
    }
}

static void read_outcome(plan_reader *r, const ynode *n, plan_outcome *o)
{
    static const char *const keys[] = {"grade", "text", "due_days", NULL};
    o->grade = "";
    if (!yd_is_map(&r->d, n, M_W_OUTCOME))
        return;
    yd_known_keys(&r->d, n, keys, M_W_OUTCOME);
    const ynode *gn = yd_require(&r->d, n, "grade", M_W_OUTCOME);
    const char *grade = yd_text(&r->d, gn, M_W_OUTCOME_GRADE);
    bool known = false;
    for (size_t i = 0; grade && i < r->p->n_grades; i++)
        known |= strcmp(r->p->grades[i].grade, grade) == 0;
    if (grade && !known)
        yd_error(&r->d, gn, TR(M_PLAN_OUTCOME_GRADE), grade);
    o->grade = grade ? grade : "";
    o->text = read_text2(r, yd_require(&r->d, n, "text", M_W_OUTCOME), M_W_OUTCOME_TEXT);
    long long days = 0;
    const ynode *dn = ynode_get(n, "due_days");
    if (dn && yd_integer(&r->d, dn, M_W_DUE_DAYS, 1, 3660, &days))
        o->due_days = (int)days;
}

static void read_assessment(plan_reader *r, const ynode *n)
{
    static const char *const keys[] = {"text", "source", "outcomes", NULL};
    plan_assessment *a = &r->p->assessment;
    if (!yd_is_map(&r->d, n, M_W_ASSESSMENT))
        return;
    yd_known_keys(&r->d, n, keys, M_W_ASSESSMENT);
    a->text = read_text2(r, ynode_get(n, "text"), M_W_ASSESSMENT_TEXT);
    a->source = yd_text(&r->d, ynode_get(n, "source"), M_W_ASSESSMENT_SOURCE);
    const ynode *outs = ynode_get(n, "outcomes");
    if (!outs || !yd_is_seq(&r->d, outs, M_W_OUTCOMES))
        return;
    a->n_outcomes = outs->count;
    a->outcomes = arena_array(r->p->mem, outs->count, sizeof *a->outcomes);
    for (size_t i = 0; i < outs->count; i++) {
        read_outcome(r, outs->values[i], &a->outcomes[i]);
        for (size_t j = 0; j < i; j++)
            if (strcmp(a->outcomes[i].grade, a->outcomes[j].grade) == 0 && *a->outcomes[i].grade)
                yd_error(&r->d, outs->values[i], TR(M_PLAN_OUTCOME_TWICE), a->outcomes[i].grade);
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
            yd_error(&r->d, sections, TR(M_PLAN_CHECK_TWICE), p->checks[i]->id);
    for (size_t s = 0; s < p->n_sections; s++)
        for (size_t i = 0; i < p->sections[s].n_items; i++)
            for (size_t t = 0; t < s; t++)
                for (size_t j = 0; j < p->sections[t].n_items; j++)
                    if (p->sections[s].items[i].id && p->sections[t].items[j].id &&
                        strcmp(p->sections[s].items[i].id, p->sections[t].items[j].id) == 0)
                        yd_error(&r->d, sections, TR(M_PLAN_ITEM_TWICE),
                                 p->sections[s].items[i].id);
}

/* At most one check counts the meetings: they are one figure. */
static void check_counted_once(plan_reader *r, const ynode *sections)
{
    size_t n = 0;
    for (size_t i = 0; i < r->p->n_checks; i++)
        n += r->p->checks[i]->counted == COUNT_MEETINGS;
    if (n > 1)
        yd_error(&r->d, sections, "%s", tr(M_PLAN_COUNTED_TWICE));
}

bool plan_parse(plan *p, const char *path, const char *buf, size_t len, diag_list *dl)
{
    static const char *const keys[] = {"format",     "id",       "document",   "attributes",
                                       "scoring",    "sections", "indicators", "letters",
                                       "assessment", NULL};
    static const ylimits limits = {
        .max_depth = PLAN_MAX_DEPTH, .max_scalar = PLAN_MAX_TEXT, .max_nodes = PLAN_MAX_NODES};
    memset(p, 0, sizeof *p);
    p->mem = arena_new(64 * 1024);
    p->source_hash = fs_hash(buf, len);
    plan_reader r = {.d = {.path = path, .mem = p->mem, .dl = dl}, .p = p};
    ydoc doc;
    if (len > PLAN_MAX_BYTES) {
        diag_add(dl, path, 0, 0, TR(M_PLAN_TOO_LARGE), PLAN_MAX_BYTES);
        goto fail;
    }
    if (!ydoc_parse(&doc, p->mem, path, buf, len, &limits, dl))
        goto fail;
    if (!doc.root) {
        diag_add(dl, path, 1, 1, TR(M_PLAN_EMPTY));
        goto fail;
    }
    const ynode *root = doc.root;
    if (!yd_is_map(&r.d, root, M_W_PLAN))
        goto fail;
    yd_known_keys(&r.d, root, keys, M_W_PLAN);
    long long format = 0;
    if (yd_integer(&r.d, yd_require(&r.d, root, "format", M_W_PLAN), M_W_FORMAT, 1, 1000,
                   &format) &&
        format != 1)
        yd_error(&r.d, ynode_get(root, "format"), TR(M_PLAN_UNKNOWN_FORMAT), format);
    p->id = read_id(&r, root, M_W_PLAN_ID);
    read_document(&r, yd_require(&r.d, root, "document", M_W_PLAN));

    const ynode *attrs = ynode_get(root, "attributes");
    if (attrs && yd_is_seq(&r.d, attrs, M_W_ATTRIBUTES)) {
        p->n_attributes = attrs->count;
        p->attributes = arena_array(p->mem, attrs->count, sizeof *p->attributes);
        for (size_t i = 0; i < attrs->count; i++)
            read_attribute(&r, attrs->values[i], &p->attributes[i]);
    }
    const ynode *scoring = yd_require(&r.d, root, "scoring", M_W_PLAN);
    if (scoring)
        read_scoring(&r, scoring);

    const ynode *sections = yd_require(&r.d, root, "sections", M_W_PLAN);
    if (sections && yd_is_seq(&r.d, sections, M_W_SECTIONS)) {
        p->n_sections = sections->count;
        p->sections = arena_array(p->mem, sections->count, sizeof *p->sections);
        for (size_t i = 0; i < sections->count; i++)
            read_section(&r, sections->values[i], &p->sections[i]);
        index_checks(&r, sections);
    }
    if (scoring && scoring->kind == YNODE_MAP)
        read_section_weights(&r, scoring);
    const ynode *inds = ynode_get(root, "indicators");
    if (inds && yd_is_seq(&r.d, inds, M_W_INDICATORS))
        read_indicators(&r, inds);
    const ynode *letters = ynode_get(root, "letters");
    if (letters && yd_is_seq(&r.d, letters, M_W_LETTERS))
        read_letters(&r, letters);
    const ynode *assessment = ynode_get(root, "assessment");
    if (assessment)
        read_assessment(&r, assessment);
    if (plan_counted_check(p, COUNT_MEETINGS) != NULL)
        check_counted_once(&r, sections);
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
        diag_add(dl, path, 0, 0, TR(M_PLAN_NO_FILE));
    if (fr != FS_OK)
        return false;
    bool ok = plan_parse(p, path, buf, len, dl);
    free(buf);
    return ok;
}
