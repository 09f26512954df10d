#include "model/unit.h"

#include "i18n/i18n.h"
#include "model/applies.h"
#include "model/ids.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "yaml/ydecode.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unit *unit_new_sized(unit_kind kind, const char *id, const char *name, size_t mem_hint)
{
    unit *u = xcalloc(1, sizeof *u);
    u->mem = arena_new(mem_hint);
    u->kind = kind;
    u->id = arena_strdup(u->mem, id);
    u->name = arena_strdup(u->mem, name);
    return u;
}

unit *unit_new(unit_kind kind, const char *id, const char *name)
{
    return unit_new_sized(kind, id, name, 2048);
}

void unit_free(unit *u)
{
    if (!u)
        return;
    arena_free(u->mem);
    free(u->attrs);
    free(u->checks);
    free(u->records);
    free(u->history);
    free(u->applies);
    free(u->missing);
    free(u);
}

check_state *unit_find_check(const unit *u, const char *check_id)
{
    for (size_t i = 0; i < u->n_checks; i++)
        if (strcmp(u->checks[i].check->id, check_id) == 0)
            return &u->checks[i];
    return NULL;
}

size_t unit_note_len(const char *note)
{
    size_t n = note ? strlen(note) : 0;
    while (n && (note[n - 1] == '\n' || note[n - 1] == '\r'))
        n--;
    return n;
}

bool unit_same_note(const char *a, const char *b)
{
    size_t na = unit_note_len(a), nb = unit_note_len(b);
    return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

bool unit_name_valid(const char *name)
{
    size_t n = strlen(name);
    return n > 0 && n <= UNIT_MAX_NAME && utf8_valid(name, n, NULL) && !strchr(name, '\n') &&
           !text_needs_escape(name, 0);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

typed_number unit_read_typed_number(const char *typed, double *value, char **text)
{
    const char *s = typed ? typed : "";
    while (is_blank(*s))
        s++;
    size_t n = strlen(s);
    while (n && is_blank(s[n - 1]))
        n--;
    if (n == 0)
        return TYPED_BLANK;
    char *number = xstrndup(s, n);
    if (!yd_parse_number(number, value)) {
        free(number);
        return TYPED_NOT_A_NUMBER;
    }
    if (text)
        *text = number;
    else
        free(number);
    return TYPED_NUMBER;
}

const check_state *unit_state_of(const unit *u, const plan_check *c)
{
    size_t lo = 0, hi = u->n_checks;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const plan_check *mc = u->checks[mid].check;
        if (mc == c)
            return &u->checks[mid];
        if (mc->order < c->order)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

check_state *unit_check_state(unit *u, const plan_check *c)
{
    size_t pos = 0;
    while (pos < u->n_checks && u->checks[pos].check->order < c->order)
        pos++;
    if (pos < u->n_checks && u->checks[pos].check == c)
        return &u->checks[pos];
    u->checks = xgrow(u->checks, &u->cap_checks, u->n_checks + 1, sizeof *u->checks);
    memmove(&u->checks[pos + 1], &u->checks[pos], (u->n_checks - pos) * sizeof *u->checks);
    u->n_checks++;
    check_state *cs = &u->checks[pos];
    memset(cs, 0, sizeof *cs);
    cs->check = c;
    cs->status = STATUS_TODO;
    return cs;
}

status unit_status_of(const unit *u, const plan_check *c)
{
    const check_state *cs = unit_state_of(u, c);
    return cs ? cs->status : STATUS_TODO;
}

const unit_attr *unit_find_attr(const unit *u, const char *key)
{
    for (size_t i = 0; i < u->n_attrs; i++)
        if (strcmp(u->attrs[i].key, key) == 0)
            return &u->attrs[i];
    return NULL;
}

/* Replaces the attribute of a's key, or adds it. */
static void put_attr(unit *u, const unit_attr *a)
{
    for (size_t i = 0; i < u->n_attrs; i++)
        if (strcmp(u->attrs[i].key, a->key) == 0) {
            u->attrs[i] = *a;
            return;
        }
    u->attrs = xgrow(u->attrs, &u->cap_attrs, u->n_attrs + 1, sizeof *u->attrs);
    u->attrs[u->n_attrs++] = *a;
}

const plan_attribute *unit_attr_declared(unit_kind kind, const plan *p, const char *key,
                                         diag_list *dl)
{
    const plan_attribute *pa = plan_find_attribute(p, key);
    if (!pa) {
        diag_add(dl, NULL, 0, 0, TR(M_UNKNOWN_ATTRIBUTE), key, p->id);
        return NULL;
    }
    if (!(pa->kinds & (unsigned)kind)) {
        diag_add(dl, NULL, 0, 0, TR(M_ATTRIBUTE_NOT_FOR_KIND), key, tr_kind(kind));
        return NULL;
    }
    return pa;
}

bool unit_set_attr(unit *u, const plan *p, const char *key, const char *text, diag_list *dl)
{
    const plan_attribute *pa = unit_attr_declared(u->kind, p, key, dl);
    if (!pa)
        return false;
    unit_attr a = {.type = pa->type};
    char *number = NULL;
    if (a.type == ATTR_NUMBER) {
        if (unit_read_typed_number(text, &a.number, &number) != TYPED_NUMBER) {
            diag_add(dl, NULL, 0, 0, TR(M_ATTRIBUTE_NOT_NUMBER), key, text);
            return false;
        }
        text = number;
    }
    if (a.type == ATTR_BOOL && !yd_parse_bool(text, &a.boolean)) {
        diag_add(dl, NULL, 0, 0, TR(M_ATTRIBUTE_NOT_BOOL), key, text);
        return false;
    }
    bool allowed = pa->n_values == 0;
    for (size_t i = 0; i < pa->n_values && !allowed; i++)
        allowed = pa->values[i] && strcmp(pa->values[i], text) == 0;
    if (allowed) {
        a.key = arena_strdup(u->mem, key);
        a.text = arena_strdup(u->mem, text);
        put_attr(u, &a);
        unit_applies_refresh(u, p);
    } else {
        diag_add(dl, NULL, 0, 0, TR(M_ATTRIBUTE_BAD_VALUE), key, text);
    }
    free(number);
    return allowed;
}

bool unit_unset_attr(unit *u, const plan *p, const char *key)
{
    for (size_t i = 0; i < u->n_attrs; i++)
        if (strcmp(u->attrs[i].key, key) == 0) {
            memmove(&u->attrs[i], &u->attrs[i + 1], (u->n_attrs - i - 1) * sizeof *u->attrs);
            u->n_attrs--;
            unit_applies_refresh(u, p);
            return true;
        }
    return false;
}

void unit_add_history(unit *u, const history_entry *e)
{
    u->history = xgrow(u->history, &u->cap_history, u->n_history + 1, sizeof *u->history);
    u->history[u->n_history++] = *e;
}

void unit_progress_add(unit_progress *pr, status st)
{
    if (!status_applicable(st)) {
        pr->na++;
        return;
    }
    pr->applicable++;
    pr->done += st == STATUS_DONE;
    pr->doing += st == STATUS_DOING;
    pr->failed += status_failed(st);
}

unit_progress unit_progress_of(const unit *u, const plan *p)
{
    unit_progress pr = {0};
    size_t next = 0; /* u->checks is in plan order too: walk both */
    for (size_t s = 0; s < p->n_sections; s++)
        for (size_t i = 0; i < p->sections[s].n_items; i++) {
            const plan_item *it = &p->sections[s].items[i];
            for (size_t c = 0; c < it->n_checks; c++) {
                const plan_check *pc = &it->checks[c];
                if (!unit_carries(u, pc))
                    continue;
                while (next < u->n_checks && u->checks[next].check->order < pc->order)
                    next++;
                status st = next < u->n_checks && u->checks[next].check == pc
                                ? u->checks[next].status
                                : STATUS_TODO;
                unit_progress_add(&pr, st);
            }
        }
    return pr;
}

unit_record *unit_find_record(const unit *u, const char *id)
{
    for (size_t i = 0; i < u->n_records; i++)
        if (strcmp(u->records[i].id, id) == 0)
            return &u->records[i];
    return NULL;
}

unit_record *unit_add_record(unit *u, const record_kind *k, const plan_check *c, const char *id)
{
    if (c)
        unit_check_state(u, c);
    u->records = xgrow(u->records, &u->cap_records, u->n_records + 1, sizeof *u->records);
    unit_record *r = &u->records[u->n_records++];
    memset(r, 0, sizeof *r);
    r->kind = k;
    r->id = arena_strdup(u->mem, id);
    r->check = c;
    r->values = arena_alloc(u->mem, k->n_fields * sizeof *r->values);
    memset(r->values, 0, k->n_fields * sizeof *r->values);
    return r;
}

static record_value *field(unit_record *r, const char *key)
{
    int i = record_field_index(r->kind, key);
    return i < 0 ? NULL : &r->values[i];
}

void unit_record_set(unit *u, unit_record *r, const char *key, const char *text)
{
    record_value *v = field(r, key);
    if (v)
        *v = (record_value){.text = text ? arena_strdup(u->mem, text) : NULL};
}

void unit_record_set_list(unit *u, unit_record *r, const char *key, const char *const *items,
                          size_t n)
{
    record_value *v = field(r, key);
    if (!v)
        return;
    *v = (record_value){0};
    if (!items)
        return;
    v->items = arena_alloc(u->mem, (n + 1) * sizeof *v->items);
    for (size_t i = 0; i < n; i++)
        v->items[i] = arena_strdup(u->mem, items[i]);
    v->items[n] = NULL;
    v->n_items = n;
}

/* FNV-1a: small, fixed, the same on every machine. */
static uint64_t hash_text(const char *s, uint64_t h)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

const char *unit_new_record_id(unit *u, const record_kind *k, const char *seed)
{
    uint64_t h = hash_text(seed, hash_text(u->id, 14695981039346656037u));
    char id[ID_MAX_LEN + 1];
    for (;;) {
        snprintf(id, sizeof id, "%s-%06x", k->id_prefix, (unsigned)(h & 0xffffff));
        if (!unit_find_record(u, id))
            return arena_strdup(u->mem, id);
        h = (h ^ 0x9e) * 1099511628211u; /* taken in this unit: the next one */
    }
}
