/* The unit reader: a unit file's YAML tree -> struct unit. */
#include "model/unit.h"

#include "i18n/i18n.h"
#include "model/applies.h"
#include "model/ids.h"
#include "model/timestamp.h"
#include "util/xalloc.h"
#include "yaml/ydecode.h"

#include <stdlib.h>
#include <string.h>

typedef struct unit_reader {
    ydec d;
    const plan *p;
    unit *u;
} unit_reader;

static const char *read_timestamp(unit_reader *r, const ynode *n, msg_id what)
{
    const char *s = yd_text(&r->d, n, what);
    if (s && !timestamp_valid(s)) {
        yd_error(&r->d, n, TR(M_UNIT_BAD_TIMESTAMP), tr(what), s);
        return NULL;
    }
    return s;
}

static bool read_status(unit_reader *r, const ynode *n, status *out)
{
    const char *s = yd_text(&r->d, n, M_W_STATUS);
    if (!s)
        return false;
    if (status_parse(s, out))
        return true;
    strbuf choices = STRBUF_INIT;
    tr_status_choices(&choices, false);
    yd_error(&r->d, n, TR(M_UNKNOWN_STATUS), s, sb_str(&choices));
    sb_free(&choices);
    return false;
}

static void read_attributes(unit_reader *r, const ynode *map)
{
    unit *u = r->u;
    if (!yd_is_map(&r->d, map, M_W_ATTRIBUTES))
        return;
    for (size_t i = 0; i < map->count; i++) {
        const ynode *k = map->keys[i], *v = map->values[i];
        if (!id_is_attribute_key(k->str)) {
            yd_error(&r->d, k, TR(M_BAD_ATTRIBUTE_KEY), k->str);
            continue;
        }
        const plan_attribute *pa = plan_find_attribute(r->p, k->str);
        if (!pa) {
            yd_error(&r->d, k, TR(M_UNKNOWN_ATTRIBUTE), k->str, r->p->id);
            continue;
        }
        if (!(pa->kinds & (unsigned)u->kind))
            yd_error(&r->d, k, TR(M_ATTRIBUTE_NOT_FOR_KIND), k->str, tr_kind(u->kind));
        const char *text = yd_text(&r->d, v, M_W_ATTRIBUTE);
        if (!text)
            continue;
        unit_attr a = {.key = arena_strdup(u->mem, k->str), .text = text, .type = pa->type};
        if (a.type == ATTR_NUMBER && !yd_number(&r->d, v, M_W_THIS_ATTRIBUTE, &a.number))
            continue;
        if (a.type == ATTR_BOOL && !yd_bool(&r->d, v, M_W_THIS_ATTRIBUTE, &a.boolean))
            continue;
        if (pa->n_values) {
            bool ok = false;
            for (size_t j = 0; j < pa->n_values && !ok; j++)
                ok = pa->values[j] && strcmp(pa->values[j], text) == 0;
            if (!ok)
                yd_error(&r->d, v, TR(M_ATTRIBUTE_BAD_VALUE), k->str, text);
        }
        u->attrs = xgrow(u->attrs, &u->cap_attrs, u->n_attrs + 1, sizeof *u->attrs);
        u->attrs[u->n_attrs++] = a;
    }
}

/* ---- records (record.h) ---------------------------------------------- */

/* The keys a mapping may hold: `fixed` then the list keys of the record
 * kinds that live there (NULL-terminated, in `out`). */
static const char **keys_with_records(const char *const *fixed, bool in_check, const char **out)
{
    size_t n = 0;
    for (; fixed[n]; n++)
        out[n] = fixed[n];
    for (size_t i = 0; i < n_record_kinds; i++)
        if (record_kinds[i]->in_check == in_check)
            out[n++] = record_kinds[i]->list_key;
    out[n] = NULL;
    return out;
}

static const char **read_list(unit_reader *r, const ynode *n, const field_def *f, size_t *count)
{
    if (!yd_is_seq(&r->d, n, M_W_THIS_FIELD))
        return NULL;
    const char **items = arena_alloc(r->u->mem, (n->count + 1) * sizeof *items);
    size_t k = 0;
    for (size_t i = 0; i < n->count; i++) {
        const char *t = yd_line(&r->d, n->values[i], M_W_LIST_ITEM, UNIT_MAX_NAME);
        if (!t)
            continue;
        if (!record_text_valid(f, t))
            yd_error(&r->d, n->values[i], TR(M_RECORD_BAD_FIELD), f->key, t);
        items[k++] = t;
    }
    items[k] = NULL;
    *count = k;
    return items;
}

static void read_field(unit_reader *r, const field_def *f, const ynode *n, record_value *v)
{
    if (field_is_list(f->type)) {
        v->items = read_list(r, n, f, &v->n_items);
        return;
    }
    const char *t = f->type == FIELD_TEXT ? yd_text(&r->d, n, M_W_THIS_FIELD)
                                          : yd_line(&r->d, n, M_W_THIS_FIELD, RECORD_MAX_LINE);
    if (!t)
        return;
    if (!record_text_valid(f, t))
        yd_error(&r->d, n, TR(M_RECORD_BAD_FIELD), f->key, t);
    v->text = t;
}

static void read_record(unit_reader *r, const record_kind *k, const plan_check *c, const ynode *m)
{
    const char *fixed[] = {"id", "updated", "by", NULL};
    const char *keys[k->n_fields + 4];
    size_t n = 0;
    keys[n++] = fixed[0];
    for (size_t i = 0; i < k->n_fields; i++)
        keys[n++] = k->fields[i].key;
    keys[n++] = fixed[1];
    keys[n++] = fixed[2];
    keys[n] = NULL;
    if (!yd_is_map(&r->d, m, M_W_RECORD))
        return;
    yd_known_keys(&r->d, m, keys, M_W_RECORD);
    const ynode *idn = yd_require(&r->d, m, "id", M_W_RECORD);
    const char *id = yd_line(&r->d, idn, M_W_RECORD_ID, ID_MAX_LEN);
    if (!id)
        return;
    if (!id_is_record_id(id)) {
        yd_error(&r->d, idn, TR(M_HISTORY_BAD_RECORD), id);
        return;
    }
    if (unit_find_record(r->u, id)) {
        yd_error(&r->d, idn, TR(M_RECORD_DUPLICATE_ID), id);
        return;
    }
    unit_record *rec = unit_add_record(r->u, k, c, id);
    rec->line = m->line;
    for (size_t i = 0; i < k->n_fields; i++) {
        const ynode *v = ynode_get(m, k->fields[i].key);
        if (v)
            read_field(r, &k->fields[i], v, &rec->values[i]);
        else if (k->fields[i].required)
            yd_error(&r->d, m, TR(M_RECORD_MISSING_FIELD), tr(k->title), k->fields[i].key);
    }
    const ynode *v;
    if ((v = ynode_get(m, "updated")))
        rec->updated = read_timestamp(r, v, M_W_UPDATED);
    if ((v = ynode_get(m, "by")))
        rec->by = yd_line(&r->d, v, M_W_BY, UNIT_MAX_NAME);
}

/* The record lists a mapping holds (a check's, or the unit's). */
static void read_record_lists(unit_reader *r, const ynode *map, bool in_check, const plan_check *c)
{
    for (size_t i = 0; i < map->count; i++) {
        const record_kind *k = record_kind_of_list(map->keys[i]->str, in_check);
        const ynode *list = map->values[i];
        if (!k || !yd_is_seq(&r->d, list, M_W_RECORD_LIST))
            continue;
        for (size_t j = 0; j < list->count; j++)
            read_record(r, k, c, list->values[j]);
    }
}

static void read_check_state(unit_reader *r, const ynode *key, const ynode *v)
{
    static const char *const fixed[] = {"status", "value", "note", "updated", "by", NULL};
    const char *keys[6 + n_record_kinds];
    keys_with_records(fixed, true, keys);
    unit *u = r->u;
    const plan_check *pc = plan_find_check(r->p, key->str);
    if (!pc) {
        yd_error(&r->d, key, TR(M_UNKNOWN_CHECK_IN_PLAN), key->str, r->p->id);
        return;
    }
    if (!(pc->kinds & (unsigned)u->kind)) {
        yd_error(&r->d, key, TR(M_CHECK_NOT_FOR_KIND), key->str, tr_kind(u->kind));
        return;
    }
    if (!yd_is_map(&r->d, v, M_W_CHECK))
        return;
    yd_known_keys(&r->d, v, keys, M_W_CHECK);
    check_state cs = {.check = pc, .status = STATUS_TODO};
    const ynode *n;
    if ((n = ynode_get(v, "status")))
        read_status(r, n, &cs.status);
    if ((n = ynode_get(v, "value"))) {
        if (!pc->numeric)
            yd_error(&r->d, n, TR(M_CHECK_NO_VALUE), pc->id);
        else if (yd_number(&r->d, n, M_W_VALUE, &cs.value)) {
            cs.has_value = true;
            cs.value_text = arena_strdup(u->mem, n->str);
        }
    }
    if ((n = ynode_get(v, "note"))) {
        cs.note = yd_text(&r->d, n, M_W_NOTE);
        if (cs.note && strlen(cs.note) > UNIT_MAX_NOTE)
            yd_error(&r->d, n, TR(M_NOTE_TOO_LONG), UNIT_MAX_NOTE);
    }
    if ((n = ynode_get(v, "updated")))
        cs.updated = read_timestamp(r, n, M_W_UPDATED);
    if ((n = ynode_get(v, "by")))
        cs.by = yd_line(&r->d, n, M_W_BY, UNIT_MAX_NAME);
    *unit_check_state(u, pc) = cs;
    read_record_lists(r, v, true, pc);
}

/* A text field of a history entry: one line for keys and ids, any text
 * (bounded by the reader's scalar limit) for what was and became. */
static const char *read_entry_text(unit_reader *r, const ynode *e, const char *key)
{
    return yd_text(&r->d, ynode_get(e, key), M_W_HISTORY_TEXT);
}

static void read_entry_status(unit_reader *r, const ynode *e, history_entry *h)
{
    const ynode *from = ynode_get(e, "from"), *to = ynode_get(e, "to");
    if (!from && !to)
        return;
    if (!from || !to) {
        yd_error(&r->d, from ? from : to, "%s", tr(M_HISTORY_FROM_TO));
        return;
    }
    h->has_status = read_status(r, from, &h->from) & read_status(r, to, &h->to);
}

static void read_history_entry(unit_reader *r, const ynode *e)
{
    static const char *const keys[] = {"at",  "by",  "check", "record", "from",  "to", "value",
                                       "key", "old", "new",   "note",   "event", NULL};
    if (!yd_is_map(&r->d, e, M_W_HISTORY_ENTRY))
        return;
    yd_known_keys(&r->d, e, keys, M_W_HISTORY_ENTRY);
    history_entry h = {0};
    h.at = read_timestamp(r, yd_require(&r->d, e, "at", M_W_HISTORY_ENTRY), M_W_AT);
    h.by = yd_line(&r->d, ynode_get(e, "by"), M_W_BY, UNIT_MAX_NAME);
    const ynode *n;
    if ((n = ynode_get(e, "check"))) {
        h.check = yd_text(&r->d, n, M_W_HISTORY_CHECK);
        if (h.check && !id_is_check_id(h.check))
            yd_error(&r->d, n, TR(M_NOT_A_CHECK_ID), h.check);
    }
    if ((n = ynode_get(e, "record"))) {
        h.record = yd_line(&r->d, n, M_W_RECORD_ID, ID_MAX_LEN);
        if (h.record && !id_is_record_id(h.record))
            yd_error(&r->d, n, TR(M_HISTORY_BAD_RECORD), h.record);
    }
    read_entry_status(r, e, &h);
    if ((n = ynode_get(e, "value")) && yd_number(&r->d, n, M_W_VALUE, &h.value)) {
        h.has_value = true;
        h.value_text = arena_strdup(r->u->mem, n->str);
    }
    h.key = yd_line(&r->d, ynode_get(e, "key"), M_W_HISTORY_KEY, ID_MAX_LEN);
    h.old = read_entry_text(r, e, "old");
    h.new_ = read_entry_text(r, e, "new");
    h.note = yd_text(&r->d, ynode_get(e, "note"), M_W_NOTE);
    h.event = yd_line(&r->d, ynode_get(e, "event"), M_W_EVENT, 256);
    if (ynode_get(e, "from") && !ynode_get(e, "check"))
        yd_error(&r->d, e, "%s", tr(M_HISTORY_STATUS_NO_CHECK));
    if (!ynode_get(e, "from") && !ynode_get(e, "to") && !ynode_get(e, "event"))
        yd_error(&r->d, e, "%s", tr(M_HISTORY_EMPTY));
    h.line = e->line;
    unit_add_history(r->u, &h);
}

static void read_root(unit_reader *r, const ynode *root, const char *expect_id,
                      unit_kind expect_kind)
{
    static const char *const fixed[] = {"id",     "kind",    "name", "attributes",
                                        "checks", "history", NULL};
    const char *keys[7 + n_record_kinds];
    keys_with_records(fixed, false, keys);
    unit *u = r->u;
    if (!yd_is_map(&r->d, root, M_W_UNIT_FILE))
        return;
    yd_known_keys(&r->d, root, keys, M_W_UNIT_FILE);
    const ynode *n = yd_require(&r->d, root, "id", M_W_UNIT_FILE);
    const char *id = yd_text(&r->d, n, M_W_ID);
    if (id && strcmp(id, expect_id) != 0)
        yd_error(&r->d, n, TR(M_UNIT_ID_MISMATCH), id, expect_id);
    u->id = arena_strdup(u->mem, expect_id);
    n = yd_require(&r->d, root, "kind", M_W_UNIT_FILE);
    const char *kind = yd_text(&r->d, n, M_W_KIND);
    unit_kind k;
    if (kind && (!unit_kind_parse(kind, &k) || k != expect_kind))
        yd_error(&r->d, n, TR(M_UNIT_KIND_MISMATCH), kind, unit_kind_name(expect_kind));
    u->kind = expect_kind;
    n = yd_require(&r->d, root, "name", M_W_UNIT_FILE);
    u->name = yd_line(&r->d, n, M_W_NAME, UNIT_MAX_NAME);
    if (u->name && !*u->name)
        yd_error(&r->d, n, TR(M_UNIT_NAME_EMPTY));
    if (n) {
        u->name_line = n->line;
        u->name_col = n->col;
    }
    if ((n = ynode_get(root, "attributes")))
        read_attributes(r, n);
    n = ynode_get(root, "checks");
    if (n && yd_is_map(&r->d, n, M_W_CHECKS))
        for (size_t i = 0; i < n->count; i++)
            read_check_state(r, n->keys[i], n->values[i]);
    read_record_lists(r, root, false, NULL);
    n = ynode_get(root, "history");
    if (n && yd_is_seq(&r->d, n, M_W_HISTORY))
        for (size_t i = 0; i < n->count; i++)
            read_history_entry(r, n->values[i]);
}

const ylimits unit_yaml_limits = {
    .max_depth = UNIT_MAX_DEPTH, .max_scalar = UNIT_MAX_NOTE, .max_nodes = UNIT_MAX_NODES};

unit *unit_from_tree(const plan *p, const char *path, const ynode *root, size_t len,
                     const char *expect_id, unit_kind expect_kind, diag_list *dl)
{
    if (!root) {
        diag_add(dl, path, 1, 1, TR(M_FILE_EMPTY));
        return NULL;
    }
    /* the strings of a unit take less room than its file: one chunk */
    unit *u = unit_new_sized(expect_kind, expect_id, "", len + 256);
    unit_reader r = {.d = {.path = path, .mem = u->mem, .dl = dl}, .p = p, .u = u};
    read_root(&r, root, expect_id, expect_kind);
    if (r.d.errors != 0) {
        unit_free(u);
        return NULL;
    }
    unit_applies_refresh(u, p);
    return u;
}

bool unit_parse_tree(ydoc *doc, arena *tree, const char *path, const char *buf, size_t len,
                     diag_list *dl)
{
    if (len > UNIT_MAX_BYTES) {
        diag_add(dl, path, 0, 0, TR(M_UNIT_TOO_LARGE), UNIT_MAX_BYTES);
        return false;
    }
    return ydoc_parse(doc, tree, path, buf, len, &unit_yaml_limits, dl);
}

unit *unit_parse(const plan *p, const char *path, const char *buf, size_t len,
                 const char *expect_id, unit_kind expect_kind, diag_list *dl)
{
    /* The tree is only needed while reading: a scratch arena, dropped after. */
    arena *tree = arena_new(len * 2 + 1024);
    ydoc doc;
    unit *u = NULL;
    if (unit_parse_tree(&doc, tree, path, buf, len, dl))
        u = unit_from_tree(p, path, doc.root, len, expect_id, expect_kind, dl);
    arena_free(tree);
    return u;
}
