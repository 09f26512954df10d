#include "model/loose_plan.h"

#include "model/unit.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct id_list {
    const char **ids;
    size_t n, cap;
} id_list;

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

/* Adds one file's check ids, each after the one before it in that file. */
static void add_file_ids(id_list *l, arena *mem, const file_bytes *f)
{
    arena *tree = arena_new(f->len * 2 + 1024);
    ydoc doc;
    if (ydoc_parse(&doc, tree, "", f->buf, f->len, &unit_yaml_limits, NULL) && doc.root &&
        doc.root->kind == YNODE_MAP) {
        const ynode *checks = ynode_get(doc.root, "checks");
        size_t pos = 0;
        for (size_t i = 0; checks && checks->kind == YNODE_MAP && i < checks->count; i++) {
            const char *id = checks->keys[i]->str;
            size_t at = find_id(l, id);
            if (at != (size_t)-1) {
                pos = at + 1;
                continue;
            }
            insert_id(l, pos++, arena_strdup(mem, id));
        }
    }
    arena_free(tree);
}

typedef struct ranked_id {
    const char *id;
    size_t rank; /* the plan's order, or past it: the order found */
} ranked_id;

static int cmp_rank(const void *a, const void *b)
{
    size_t x = ((const ranked_id *)a)->rank, y = ((const ranked_id *)b)->rank;
    return x < y ? -1 : x > y;
}

/* Known checks first, in the plan's order; the others after, as found. */
static void order_by_plan(id_list *l, const plan *order)
{
    ranked_id *r = xmalloc((l->n + 1) * sizeof *r);
    for (size_t i = 0; i < l->n; i++) {
        const plan_check *pc = plan_find_check(order, l->ids[i]);
        r[i].id = l->ids[i];
        r[i].rank = pc ? pc->order : order->n_checks + i;
    }
    qsort(r, l->n, sizeof *r, cmp_rank);
    for (size_t i = 0; i < l->n; i++)
        l->ids[i] = r[i].id;
    free(r);
}

static int cmp_check_id(const void *a, const void *b)
{
    return strcmp((*(const plan_check *const *)a)->id, (*(const plan_check *const *)b)->id);
}

void loose_plan_build(plan *p, const plan *order, const file_bytes *files, size_t n)
{
    memset(p, 0, sizeof *p);
    p->mem = arena_new(4096);
    p->id = "(any plan)";
    id_list l = {0};
    for (size_t i = 0; i < n; i++)
        if (files[i].buf)
            add_file_ids(&l, p->mem, &files[i]);
    if (order)
        order_by_plan(&l, order);
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
}
