#include "model/loose_plan.h"

#include "model/unit.h"
#include "util/xalloc.h"
#include "yaml/ydecode.h"

#include <stdlib.h>
#include <string.h>

typedef struct id_list {
    const char **ids;
    size_t n, cap;
} id_list;

/* Attribute keys seen so far, with the type every value so far fits. */
typedef enum seen_type { SEEN_NUMBER, SEEN_BOOL, SEEN_TEXT } seen_type;
typedef struct attr_list {
    const char **keys;
    seen_type *types;
    size_t n, cap, cap_types;
} attr_list;

typedef struct loose_builder {
    arena *mem;
    id_list checks;
    attr_list attrs;
} loose_builder;

static size_t find_id(const id_list *l, const char *id)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->ids[i], id) == 0)
            return i;
    return (size_t)-1;
}

static void insert_id(id_list *l, size_t pos, const char *id)
{
    l->ids = xgrow(l->ids, &l->cap, l->n + 1, sizeof *l->ids);
    memmove(&l->ids[pos + 1], &l->ids[pos], (l->n - pos) * sizeof *l->ids);
    l->ids[pos] = id;
    l->n++;
}

/* Adds a map's check ids, each after the one before it in that map. */
static void add_check_ids(loose_builder *b, const ynode *checks)
{
    size_t pos = 0;
    for (size_t i = 0; checks && checks->kind == YNODE_MAP && i < checks->count; i++) {
        const char *id = checks->keys[i]->str;
        size_t at = find_id(&b->checks, id);
        if (at != (size_t)-1) {
            pos = at + 1;
            continue;
        }
        insert_id(&b->checks, pos++, arena_strdup(b->mem, id));
    }
}

static seen_type type_of(const ynode *v)
{
    double d;
    bool flag;
    if (v->kind == YNODE_SCALAR && v->plain && yd_parse_number(v->str, &d))
        return SEEN_NUMBER;
    if (v->kind == YNODE_SCALAR && v->plain && yd_parse_bool(v->str, &flag))
        return SEEN_BOOL;
    return SEEN_TEXT;
}

static void add_attributes(loose_builder *b, const ynode *attrs)
{
    attr_list *l = &b->attrs;
    for (size_t i = 0; attrs && attrs->kind == YNODE_MAP && i < attrs->count; i++) {
        seen_type t = type_of(attrs->values[i]);
        size_t k = 0;
        while (k < l->n && strcmp(l->keys[k], attrs->keys[i]->str) != 0)
            k++;
        if (k < l->n) {
            if (l->types[k] != t)
                l->types[k] = SEEN_TEXT;
            continue;
        }
        l->keys = xgrow(l->keys, &l->cap, l->n + 1, sizeof *l->keys);
        l->types = xgrow(l->types, &l->cap_types, l->n + 1, sizeof *l->types);
        l->keys[l->n] = arena_strdup(b->mem, attrs->keys[i]->str);
        l->types[l->n++] = t;
    }
}

static void add_tree(loose_builder *b, const ynode *root)
{
    if (!root || root->kind != YNODE_MAP)
        return;
    add_check_ids(b, ynode_get(root, "checks"));
    add_attributes(b, ynode_get(root, "attributes"));
}

static void declare_attributes(plan *p, const attr_list *l)
{
    static const attr_type types[] = {ATTR_NUMBER, ATTR_BOOL, ATTR_TEXT};
    p->attributes = arena_alloc(p->mem, (l->n + 1) * sizeof *p->attributes);
    for (size_t i = 0; i < l->n; i++) {
        plan_attribute *a = &p->attributes[i];
        memset(a, 0, sizeof *a);
        a->key = l->keys[i];
        a->type = types[l->types[i]];
        a->kinds = KIND_VILLAGE | KIND_ENTERPRISE | KIND_TOWN;
    }
    p->n_attributes = l->n;
}

typedef struct ranked_id {
    const char *id;
    size_t rank;  /* the plan's order; for an unknown check, its predecessor's */
    bool unknown; /* after the known check of the same rank */
    size_t seq;   /* the order found */
} ranked_id;

static int cmp_rank(const void *a, const void *b)
{
    const ranked_id *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    if (x->unknown != y->unknown)
        return x->unknown ? 1 : -1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Known checks in the plan's order; a check the plan does not know stays
 * after the check it follows in the files. */
static void order_by_plan(id_list *l, const plan *order)
{
    ranked_id *r = xmalloc((l->n + 1) * sizeof *r);
    size_t last = 0;
    for (size_t i = 0; i < l->n; i++) {
        const plan_check *pc = plan_find_check(order, l->ids[i]);
        if (pc)
            last = pc->order;
        r[i] = (ranked_id){l->ids[i], pc ? pc->order : last, !pc, i};
    }
    if (l->n)
        qsort(r, l->n, sizeof *r, cmp_rank);
    for (size_t i = 0; i < l->n; i++)
        l->ids[i] = r[i].id;
    free(r);
}

static int cmp_check_id(const void *a, const void *b)
{
    return strcmp((*(const plan_check *const *)a)->id, (*(const plan_check *const *)b)->id);
}

void loose_plan_build(plan *p, const plan *order, const ynode *const *roots, size_t n)
{
    memset(p, 0, sizeof *p);
    p->mem = arena_new(4096);
    p->id = "(any plan)";
    loose_builder b = {.mem = p->mem};
    for (size_t i = 0; i < n; i++)
        add_tree(&b, roots[i]);
    if (order)
        order_by_plan(&b.checks, order);
    declare_attributes(p, &b.attrs);
    const id_list l = b.checks;
    plan_check *checks = arena_alloc(p->mem, (l.n + 1) * sizeof *checks);
    const plan_check **index = arena_alloc(p->mem, (l.n + 1) * sizeof *index);
    for (size_t i = 0; i < l.n; i++) {
        memset(&checks[i], 0, sizeof checks[i]);
        checks[i].id = l.ids[i];
        checks[i].kinds = KIND_VILLAGE | KIND_ENTERPRISE | KIND_TOWN;
        checks[i].numeric = true;
        checks[i].weight = 1;
        checks[i].order = i;
        index[i] = &checks[i];
    }
    qsort(index, l.n, sizeof *index, cmp_check_id);
    p->checks = index;
    p->n_checks = l.n;
    free(l.ids);
    free(b.attrs.keys);
    free(b.attrs.types);
}
