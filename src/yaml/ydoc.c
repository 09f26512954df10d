#include "yaml/ydoc.h"

#include "util/text.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* A collection being read: its node and the children seen so far. */
typedef struct frame {
    ynode *node;
    ynode **items; /* map: key, value, key, value...; seq: values */
    size_t n, cap;
} frame;

typedef struct reader {
    arena *mem;
    const char *path;
    const char *buf;
    size_t len;
    const ylimits *lim;
    diag_list *dl;
    frame *stack;
    int depth;
    size_t nodes;
    ynode *root;
    int documents;
} reader;

static void pos_of_mark(const yaml_mark_t *m, int *line, int *col)
{
    *line = (int)m->line + 1;
    *col = (int)m->column + 1;
}

static void report_parser_error(reader *r, const yaml_parser_t *p)
{
    int line, col;
    const char *problem = p->problem ? p->problem : tr(M_YAML_CANNOT_PARSE);
    if (p->error == YAML_READER_ERROR ||
        (p->problem_mark.line == 0 && p->problem_mark.column == 0 && p->problem_offset > 0)) {
        /* libyaml leaves the marks at 0 for encoding problems. */
        size_t off = p->problem_offset < r->len ? p->problem_offset : r->len;
        text_position(r->buf, off, &line, &col);
        if (p->problem_value != -1 && p->error == YAML_READER_ERROR)
            diag_add(r->dl, r->path, line, col, TR(M_YAML_PROBLEM_CHAR), problem,
                     (unsigned)p->problem_value);
        else
            diag_add(r->dl, r->path, line, col, TR(M_YAML_PROBLEM), problem);
        return;
    }
    pos_of_mark(&p->problem_mark, &line, &col);
    if (p->context) {
        int cl, cc;
        pos_of_mark(&p->context_mark, &cl, &cc);
        diag_add(r->dl, r->path, line, col, TR(M_YAML_PROBLEM_CONTEXT), problem, p->context, cl,
                 cc);
    } else {
        diag_add(r->dl, r->path, line, col, TR(M_YAML_PROBLEM), problem);
    }
}

static ynode *new_node(reader *r, ynode_kind kind, const yaml_mark_t *m)
{
    if (++r->nodes > r->lim->max_nodes) {
        int line, col;
        pos_of_mark(m, &line, &col);
        diag_add(r->dl, r->path, line, col, TR(M_YAML_TOO_MANY_VALUES), r->lim->max_nodes);
        return NULL;
    }
    ynode *n = arena_alloc(r->mem, sizeof *n);
    memset(n, 0, sizeof *n);
    n->kind = kind;
    pos_of_mark(m, &n->line, &n->col);
    return n;
}

static int cmp_key(const void *a, const void *b)
{
    const ynode *ka = *(ynode *const *)a, *kb = *(ynode *const *)b;
    size_t n = ka->len < kb->len ? ka->len : kb->len;
    int c = memcmp(ka->str, kb->str, n);
    if (c)
        return c;
    if (ka->len != kb->len)
        return ka->len < kb->len ? -1 : 1;
    /* equal keys: the later one is the duplicate */
    return ka->line != kb->line ? (ka->line < kb->line ? -1 : 1) : (ka->col < kb->col ? -1 : 1);
}

static bool check_duplicate_keys(reader *r, ynode *map)
{
    size_t n = map->count;
    if (n < 2)
        return true;
    ynode **sorted = xmalloc(n * sizeof *sorted);
    memcpy(sorted, map->keys, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_key);
    bool ok = true;
    for (size_t i = 1; i < n; i++) {
        const ynode *a = sorted[i - 1], *b = sorted[i];
        if (a->len == b->len && memcmp(a->str, b->str, a->len) == 0) {
            diag_add(r->dl, r->path, b->line, b->col, TR(M_YAML_DUPLICATE_KEY), b->str, a->line,
                     a->col);
            ok = false;
        }
    }
    free(sorted);
    return ok;
}

/* Hands a finished node to its parent (or makes it the root). */
static bool attach(reader *r, ynode *node)
{
    if (r->depth == 0) {
        r->root = node;
        return true;
    }
    frame *f = &r->stack[r->depth - 1];
    if (f->node->kind == YNODE_MAP && f->n % 2 == 0 && node->kind != YNODE_SCALAR) {
        diag_add(r->dl, r->path, node->line, node->col, "%s", tr(M_YAML_KEY_NOT_TEXT));
        return false;
    }
    f->items = xgrow(f->items, &f->cap, f->n + 1, sizeof *f->items);
    f->items[f->n++] = node;
    return true;
}

/* Anchors make shared (and cyclic) structures; tags change types. */
static bool refuse_anchor_or_tag(reader *r, const yaml_mark_t *m, const void *anchor,
                                 const void *tag)
{
    if (!anchor && !tag)
        return true;
    int line, col;
    pos_of_mark(m, &line, &col);
    diag_add(r->dl, r->path, line, col, "%s", tr(anchor ? M_YAML_NO_ANCHORS : M_YAML_NO_TAGS));
    return false;
}

static bool open_collection(reader *r, ynode_kind kind, const yaml_mark_t *m, const void *anchor,
                            const void *tag)
{
    if (!refuse_anchor_or_tag(r, m, anchor, tag))
        return false;
    if (r->depth >= r->lim->max_depth) {
        int line, col;
        pos_of_mark(m, &line, &col);
        diag_add(r->dl, r->path, line, col, TR(M_YAML_TOO_DEEP), r->lim->max_depth);
        return false;
    }
    ynode *n = new_node(r, kind, m);
    if (!n)
        return false;
    frame *f = &r->stack[r->depth++];
    f->node = n;
    f->n = 0;
    return true;
}

static bool close_collection(reader *r)
{
    frame *f = &r->stack[--r->depth];
    ynode *n = f->node;
    if (n->kind == YNODE_MAP) {
        n->count = f->n / 2;
        n->keys = arena_array(r->mem, n->count, sizeof *n->keys);
        n->values = arena_array(r->mem, n->count, sizeof *n->values);
        for (size_t i = 0; i < n->count; i++) {
            n->keys[i] = f->items[2 * i];
            n->values[i] = f->items[2 * i + 1];
        }
        if (!check_duplicate_keys(r, n))
            return false;
    } else {
        n->count = f->n;
        n->values = arena_array(r->mem, n->count, sizeof *n->values);
        if (n->count) /* an empty sequence has no items array: memcpy wants one */
            memcpy(n->values, f->items, n->count * sizeof *n->values);
    }
    return attach(r, n);
}

static bool add_scalar(reader *r, const yaml_event_t *ev)
{
    const yaml_mark_t *m = &ev->start_mark;
    bool explicit_tag = !ev->data.scalar.plain_implicit && !ev->data.scalar.quoted_implicit;
    if (!refuse_anchor_or_tag(r, m, ev->data.scalar.anchor,
                              explicit_tag ? ev->data.scalar.tag : NULL))
        return false;
    if (ev->data.scalar.length > r->lim->max_scalar) {
        int line, col;
        pos_of_mark(m, &line, &col);
        diag_add(r->dl, r->path, line, col, TR(M_YAML_TEXT_TOO_LONG),
                 (size_t)ev->data.scalar.length, r->lim->max_scalar);
        return false;
    }
    ynode *n = new_node(r, YNODE_SCALAR, m);
    if (!n)
        return false;
    n->len = ev->data.scalar.length;
    n->str = arena_strndup(r->mem, (const char *)ev->data.scalar.value, n->len);
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    return attach(r, n);
}

static bool handle_event(reader *r, const yaml_event_t *ev, bool *done)
{
    switch (ev->type) {
    case YAML_STREAM_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
        return true;
    case YAML_DOCUMENT_START_EVENT:
        if (++r->documents > 1) {
            int line, col;
            pos_of_mark(&ev->start_mark, &line, &col);
            diag_add(r->dl, r->path, line, col, "%s", tr(M_YAML_ONE_DOCUMENT));
            return false;
        }
        return true;
    case YAML_STREAM_END_EVENT:
        *done = true;
        return true;
    case YAML_ALIAS_EVENT: {
        int line, col;
        pos_of_mark(&ev->start_mark, &line, &col);
        diag_add(r->dl, r->path, line, col, "%s", tr(M_YAML_NO_ALIASES));
        return false;
    }
    case YAML_SCALAR_EVENT:
        return add_scalar(r, ev);
    case YAML_SEQUENCE_START_EVENT:
        return open_collection(r, YNODE_SEQ, &ev->start_mark, ev->data.sequence_start.anchor,
                               ev->data.sequence_start.implicit ? NULL
                                                                : ev->data.sequence_start.tag);
    case YAML_MAPPING_START_EVENT:
        return open_collection(r, YNODE_MAP, &ev->start_mark, ev->data.mapping_start.anchor,
                               ev->data.mapping_start.implicit ? NULL : ev->data.mapping_start.tag);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return close_collection(r);
    default:
        return true;
    }
}

static bool check_encoding(reader *r)
{
    size_t bad;
    if (utf8_valid(r->buf, r->len, &bad))
        return true;
    int line, col;
    text_position(r->buf, bad, &line, &col);
    diag_add(r->dl, r->path, line, col, TR(M_YAML_BAD_UTF8), (unsigned char)r->buf[bad]);
    return false;
}

bool ydoc_parse(ydoc *doc, arena *mem, const char *path, const char *buf, size_t len,
                const ylimits *limits, diag_list *dl)
{
    /* A UTF-8 byte-order mark (Notepad, Excel) is not content: skipped, so
     * that positions are those an editor shows. */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    reader r = {.mem = mem, .path = path, .buf = buf, .len = len, .lim = limits, .dl = dl};
    doc->path = path;
    doc->root = NULL;
    if (!check_encoding(&r))
        return false;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag_add(dl, path, 0, 0, "%s", tr(M_YAML_NO_PARSER));
        return false;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    r.stack = xcalloc((size_t)limits->max_depth + 1, sizeof *r.stack);

    bool ok = true, done = false;
    while (ok && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_parser_error(&r, &parser);
            ok = false;
            break;
        }
        ok = handle_event(&r, &ev, &done);
        yaml_event_delete(&ev);
    }
    for (int i = 0; i <= limits->max_depth; i++)
        free(r.stack[i].items);
    free(r.stack);
    yaml_parser_delete(&parser);
    if (ok)
        doc->root = r.root;
    return ok;
}

const ynode *ynode_get(const ynode *map, const char *key)
{
    if (!map || map->kind != YNODE_MAP)
        return NULL;
    size_t kl = strlen(key);
    for (size_t i = 0; i < map->count; i++)
        if (map->keys[i]->len == kl && memcmp(map->keys[i]->str, key, kl) == 0)
            return map->values[i];
    return NULL;
}
