#include "model/record_change.h"

#include "i18n/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static bool field_set_valid(const ws_unit *wu, const field_def *f, const record_field_set *fs,
                            diag_list *dl)
{
    bool is_list = field_is_list(f->type);
    if ((fs->items && !is_list) || (fs->text && is_list)) {
        diag_add(dl, wu->path, 0, 0, TR(M_RECORD_BAD_FIELD), f->key, fs->text ? fs->text : "[]");
        return false;
    }
    for (size_t i = 0; fs->items && i < fs->n_items; i++)
        if (!record_text_valid(f, fs->items[i])) {
            diag_add(dl, wu->path, 0, 0, TR(M_RECORD_BAD_FIELD), f->key, fs->items[i]);
            return false;
        }
    if (fs->text && (!record_text_valid(f, fs->text) || strlen(fs->text) > UNIT_MAX_NOTE)) {
        diag_add(dl, wu->path, 0, 0, TR(M_RECORD_BAD_FIELD), f->key, fs->text);
        return false;
    }
    return true;
}

static const record_field_set *find_set(const record_change *ch, const char *key)
{
    for (size_t i = 0; i < ch->n_fields; i++)
        if (strcmp(ch->fields[i].key, key) == 0)
            return &ch->fields[i];
    return NULL;
}

bool record_change_valid(const ws_unit *wu, const record_change *ch, diag_list *dl)
{
    const record_kind *k = ch->kind;
    for (size_t i = 0; i < ch->n_fields; i++) {
        int f = record_field_index(k, ch->fields[i].key);
        if (f < 0) {
            diag_add(dl, wu->path, 0, 0, TR(M_RECORD_UNKNOWN_FIELD), ch->fields[i].key,
                     tr(k->title));
            return false;
        }
        if (!field_set_valid(wu, &k->fields[f], &ch->fields[i], dl))
            return false;
    }
    if (ch->id)
        return true;
    if (k->in_check != (ch->check != NULL) ||
        (ch->check && !(ch->check->kinds & (unsigned)wu->kind))) {
        diag_add(dl, wu->path, 0, 0, TR(M_RECORD_NOT_FOR), tr(k->title),
                 ch->check ? ch->check->id : "-");
        return false;
    }
    for (size_t i = 0; i < k->n_fields; i++) {
        const record_field_set *fs = find_set(ch, k->fields[i].key);
        if (k->fields[i].required && (!fs || (!fs->text && !fs->items))) {
            diag_add(dl, wu->path, 0, 0, TR(M_RECORD_MISSING_FIELD), tr(k->title),
                     k->fields[i].key);
            return false;
        }
    }
    return true;
}

static void add_entry(unit *u, const unit_record *r, const char *key, const char *old,
                      const char *new_, const char *event, const char *by, const char *at)
{
    history_entry h = {
        .at = arena_strdup(u->mem, at),
        .by = by ? arena_strdup(u->mem, by) : NULL,
        .check = r->check ? r->check->id : NULL,
        .record = r->id,
        .key = key,
        .old = old ? arena_strdup(u->mem, old) : NULL,
        .new_ = new_ ? arena_strdup(u->mem, new_) : NULL,
        .event = event,
    };
    unit_add_history(u, &h);
}

/* A field this change replaces, which someone else set since `seen` was
 * loaded: its value goes into the history before it is replaced. */
static void keep_if_unseen(unit *u, const unit_record *r, const unit_record *seen, size_t i,
                           const record_field_set *fs, const char *now)
{
    const record_value *disk = &r->values[i];
    static const record_value absent = {0};
    const record_value *before = seen ? &seen->values[i] : &absent;
    record_value mine = {
        .text = fs->text, .items = (const char **)fs->items, .n_items = fs->n_items};
    if (!record_value_present(disk) || record_value_equal(disk, before) ||
        record_value_equal(disk, &mine))
        return;
    char *text = record_value_text(disk);
    add_entry(u, r, r->kind->fields[i].key, NULL, text, HISTORY_MERGE, r->by,
              r->updated ? r->updated : now);
    free(text);
}

static char *seed_of(const unit *u, const record_change *ch, const char *by, const char *now)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s\n%s\n%s\n%s\n%zu", ch->kind->name, ch->check ? ch->check->id : "",
              by ? by : "", now, u->n_records);
    for (size_t i = 0; i < ch->n_fields; i++)
        sb_printf(&sb, "\n%s=%s", ch->fields[i].key, ch->fields[i].text ? ch->fields[i].text : "");
    return sb_steal(&sb);
}

bool record_apply(unit *u, const unit *base, record_change *ch, const char *by, const char *now,
                  diag_list *dl)
{
    unit_record *r;
    if (ch->id) {
        r = unit_find_record(u, ch->id);
        if (!r || r->kind != ch->kind) {
            diag_add(dl, NULL, 0, 0, TR(M_RECORD_NO_SUCH), ch->id, u->id);
            return false;
        }
    } else {
        char *seed = seed_of(u, ch, by, now);
        const char *id = unit_new_record_id(u, ch->kind, seed);
        free(seed);
        r = unit_add_record(u, ch->kind, ch->check, id);
        free(ch->new_id);
        ch->new_id = xstrdup(id);
    }
    const unit_record *seen = base && ch->id ? unit_find_record(base, ch->id) : NULL;
    for (size_t i = 0; i < ch->n_fields; i++) {
        const record_field_set *fs = &ch->fields[i];
        int f = record_field_index(r->kind, fs->key);
        if (ch->id)
            keep_if_unseen(u, r, seen, (size_t)f, fs, now);
        if (fs->items)
            unit_record_set_list(u, r, fs->key, fs->items, fs->n_items);
        else
            unit_record_set(u, r, fs->key, fs->text);
    }
    r->updated = arena_strdup(u->mem, now);
    r->by = by ? arena_strdup(u->mem, by) : NULL;
    add_entry(u, r, NULL, ch->history_old, ch->history_new, r->kind->name, by, now);
    return true;
}

typedef struct record_changes {
    record_change *items;
    size_t n;
} record_changes;

static size_t apply_records(unit *u, const unit *base, const void *ctx, const char *by,
                            const char *now, diag_list *dl)
{
    const record_changes *rc = ctx;
    size_t changed = 0;
    for (size_t i = 0; i < rc->n; i++)
        if (record_apply(u, base, &rc->items[i], by, now, dl))
            changed++;
    return changed;
}

bool store_change_records(workspace *ws, ws_unit *wu, record_change *changes, size_t n,
                          const char *by, store_result *res, diag_list *dl)
{
    for (size_t i = 0; i < n; i++)
        if (!record_change_valid(wu, &changes[i], dl))
            return false;
    record_changes rc = {changes, n};
    store_edit edit = {apply_records, &rc};
    return store_update(ws, wu, &edit, by, res, dl);
}
