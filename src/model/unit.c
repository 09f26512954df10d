#include "model/unit.h"

#include "util/text.h"
#include "util/xalloc.h"
#include "yaml/ydecode.h"

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
    free(u->history);
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

bool unit_set_attr(unit *u, const plan *p, const char *key, const char *text, diag_list *dl)
{
    const plan_attribute *pa = plan_find_attribute(p, key);
    if (!pa) {
        diag_add(dl, NULL, 0, 0, "unknown attribute '%s' (plan %s does not define it)", key, p->id);
        return false;
    }
    if (!(pa->kinds & (unsigned)u->kind)) {
        diag_add(dl, NULL, 0, 0, "attribute '%s' is not for %s units", key,
                 unit_kind_name(u->kind));
        return false;
    }
    unit_attr a = {.type = pa->type};
    if (a.type == ATTR_NUMBER && !yd_parse_number(text, &a.number)) {
        diag_add(dl, NULL, 0, 0, "attribute '%s' must be a number, not '%s'", key, text);
        return false;
    }
    if (a.type == ATTR_BOOL && !yd_parse_bool(text, &a.boolean)) {
        diag_add(dl, NULL, 0, 0, "attribute '%s' must be true or false, not '%s'", key, text);
        return false;
    }
    bool allowed = pa->n_values == 0;
    for (size_t i = 0; i < pa->n_values && !allowed; i++)
        allowed = pa->values[i] && strcmp(pa->values[i], text) == 0;
    if (!allowed) {
        diag_add(dl, NULL, 0, 0, "attribute '%s' cannot be '%s'", key, text);
        return false;
    }
    a.key = arena_strdup(u->mem, key);
    a.text = arena_strdup(u->mem, text);
    for (size_t i = 0; i < u->n_attrs; i++)
        if (strcmp(u->attrs[i].key, key) == 0) {
            u->attrs[i] = a;
            return true;
        }
    u->attrs = xgrow(u->attrs, &u->cap_attrs, u->n_attrs + 1, sizeof *u->attrs);
    u->attrs[u->n_attrs++] = a;
    return true;
}

void unit_add_history(unit *u, const history_entry *e)
{
    u->history = xgrow(u->history, &u->cap_history, u->n_history + 1, sizeof *u->history);
    u->history[u->n_history++] = *e;
}

void unit_progress_add(unit_progress *pr, status st)
{
    switch (st) {
    case STATUS_NA:
        pr->na++;
        return;
    case STATUS_DONE:
        pr->done++;
        break;
    case STATUS_DOING:
        pr->doing++;
        break;
    case STATUS_FAILED:
        pr->failed++;
        break;
    default:
        break;
    }
    pr->applicable++;
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
                if (!(pc->kinds & (unsigned)u->kind))
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
