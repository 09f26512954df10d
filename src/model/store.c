#include "model/store.h"

#include "i18n/i18n.h"
#include "model/meeting.h"
#include "model/names.h"
#include "util/clock.h"
#include "util/xalloc.h"
#include "yaml/ydecode.h"

#include <stdlib.h>
#include <string.h>

/* True when `on_disk` is the note this writer started from: the change's
 * note_base, else check `c` in `base` (the unit as it was loaded; NULL
 * when unknown). */
static bool note_seen(const unit *base, const check_change *ch, const char *on_disk)
{
    if (ch->has_note_base)
        return unit_same_note(ch->note_base, on_disk);
    if (!base)
        return !on_disk || !*on_disk;
    const check_state *cs = unit_state_of(base, ch->check);
    return unit_same_note(cs ? cs->note : NULL, on_disk);
}

/* A note on disk that this writer did not start from was written by
 * someone else meanwhile: when the change replaces it, it is kept as the
 * losing side of a merge, with its own time, author and status (as the
 * merge driver keeps one), and the save tells (res, when given). */
static void keep_unseen_note(unit *u, const unit *base, const check_change *ch,
                             const check_state *cs, const char *at, store_result *res)
{
    if (!cs->note || !*cs->note || note_seen(base, ch, cs->note))
        return;
    history_entry lost = {.at = cs->updated ? cs->updated : at,
                          .by = cs->by,
                          .check = ch->check->id,
                          .has_status = true,
                          .from = cs->status,
                          .to = cs->status,
                          .note = cs->note,
                          .event = HISTORY_MERGE};
    unit_add_history(u, &lost);
    if (res) {
        res->notes_kept++;
        res->kept_by = cs->by;
    }
}

/* Applies one change to `u` (the file as it is now); `base` is the unit as
 * this writer loaded it.  True when the check's state changed.  Every
 * change is in the history: status and value changes as they are, a note
 * change with the note it replaced, and a replaced note someone else
 * wrote meanwhile also as a merge (keep_unseen_note), so nothing another
 * writer did is dropped silently. */
static bool apply_change(unit *u, const unit *base, const check_change *ch, const char *by,
                         const char *now, store_result *res)
{
    /* an absent check is todo with nothing else: compare before creating it */
    static const check_state absent = {.status = STATUS_TODO};
    check_state *found = unit_find_check(u, ch->check->id);
    const check_state *old = found ? found : &absent;
    bool status_changed = ch->set_status && ch->status != old->status;
    bool value_changed = ch->set_value && (ch->has_value != old->has_value ||
                                           (ch->has_value && ch->value != old->value));
    bool note_changed = ch->set_note && !unit_same_note(ch->note, old->note);
    if (!status_changed && !value_changed && !note_changed)
        return false;
    check_state *cs = found ? found : unit_check_state(u, ch->check);
    status from = cs->status;
    const char *at = arena_strdup(u->mem, now);
    const char *who = arena_strdup(u->mem, by);
    if (note_changed)
        keep_unseen_note(u, base, ch, cs, at, res);
    if (status_changed)
        cs->status = ch->status;
    if (value_changed) {
        cs->has_value = ch->has_value;
        cs->value = ch->value;
        cs->value_text = ch->value_text ? arena_strdup(u->mem, ch->value_text) : NULL;
    }
    if (status_changed || value_changed) {
        history_entry h = {.at = at,
                           .by = who,
                           .check = ch->check->id,
                           .has_status = true,
                           .from = from,
                           .to = cs->status};
        if (value_changed && cs->has_value) {
            h.has_value = true;
            h.value = cs->value;
            h.value_text = cs->value_text;
        }
        unit_add_history(u, &h);
    }
    if (note_changed) { /* the note replaced, whoever wrote it */
        history_entry h = {.at = at,
                           .by = who,
                           .check = ch->check->id,
                           .note = cs->note && *cs->note ? cs->note : NULL,
                           .event = HISTORY_NOTE};
        unit_add_history(u, &h);
        cs->note = ch->note && *ch->note ? arena_strdup(u->mem, ch->note) : NULL;
    }
    cs->updated = at;
    cs->by = who;
    return true;
}

bool check_change_apply(unit *u, const unit *base, const check_change *ch, const char *by,
                        const char *now)
{
    return apply_change(u, base, ch, by, now, NULL);
}

static bool validate_change(const ws_unit *wu, const check_change *ch, diag_list *dl)
{
    if (!(ch->check->kinds & (unsigned)wu->kind)) {
        diag_add(dl, wu->path, 0, 0, TR(M_CHECK_NOT_FOR_KIND), ch->check->id, tr_kind(wu->kind));
        return false;
    }
    if (ch->set_value && ch->has_value && !ch->check->numeric) {
        diag_add(dl, wu->path, 0, 0, TR(M_CHECK_NO_VALUE), ch->check->id);
        return false;
    }
    if (ch->set_value && ch->check->counted == COUNT_MEETINGS) {
        diag_add(dl, wu->path, 0, 0, TR(M_STORE_COUNTED), ch->check->id);
        return false;
    }
    if (ch->set_note && ch->note && strlen(ch->note) > UNIT_MAX_NOTE) {
        diag_add(dl, wu->path, 0, 0, TR(M_NOTE_TOO_LONG), UNIT_MAX_NOTE);
        return false;
    }
    return true;
}

/* Reads the unit as it is on disk now (the lock is held). */
static unit *read_current(workspace *ws, ws_unit *wu, char **buf, size_t *len, file_stamp *stamp,
                          diag_list *dl)
{
    fs_result fr = fs_tree_read(&ws->tree, wu->path, UNIT_MAX_BYTES, buf, len, stamp, dl);
    if (fr == FS_MISSING && wu->kind == KIND_TOWN) {
        *buf = NULL;
        *len = 0;
        return unit_new(KIND_TOWN, "town", ws->cfg.town ? ws->cfg.town : "town");
    }
    if (fr == FS_MISSING)
        diag_add(dl, wu->path, 0, 0, "%s", tr(M_UNIT_FILE_GONE));
    if (fr != FS_OK)
        return NULL;
    return unit_parse(&ws->plan, wu->path, *buf, *len, wu->id, wu->kind, dl);
}

/* A file qtown writes must load again: past a limit (size, values) it
 * would be a file nobody can open, so it is refused before anything is
 * written.  The check reads the new bytes as the loader will. */
static bool loads_again(const workspace *ws, const ws_unit *wu, const strbuf *out, diag_list *dl)
{
    if (out->len > UNIT_MAX_BYTES) {
        diag_add(dl, wu->path, 0, 0, TR(M_STORE_WOULD_GROW), out->len, UNIT_MAX_BYTES);
        return false;
    }
    diag_list why = DIAG_LIST_INIT;
    unit *u = unit_parse(&ws->plan, wu->path, sb_str(out), out->len, wu->id, wu->kind, &why);
    if (!u)
        diag_add(dl, wu->path, 0, 0, TR(M_STORE_WOULD_NOT_LOAD),
                 why.count ? why.items[0].msg : tr(M_STORE_UNKNOWN_REASON));
    unit_free(u);
    diag_clear(&why);
    return u != NULL;
}

/* Writes u over the file that `expect` describes (its bytes `old`):
 * FS_CHANGED when that file was replaced meanwhile. */
static fs_result write_unit_file(const workspace *ws, ws_unit *wu, const unit *u, const char *old,
                                 size_t old_len, const file_stamp *expect, bool *written,
                                 diag_list *dl)
{
    strbuf out = STRBUF_INIT;
    bool ok = unit_write(u, &out, wu->path, dl);
    *written = false;
    bool same = ok && old && old_len == out.len && memcmp(old, out.data, out.len) == 0;
    fs_result fr = ok && (same || loads_again(ws, wu, &out, dl)) ? FS_OK : FS_ERROR;
    if (fr == FS_OK && !same) {
        fr = fs_tree_write_locked(&ws->tree, wu->path, out.data, out.len, 0644, expect, dl);
        *written = fr == FS_OK;
    }
    if (fr == FS_OK) {
        fs_tree_stat(&ws->tree, wu->path, &wu->stamp);
        wu->stamp.hash = fs_hash(sb_str(&out), out.len);
    }
    sb_free(&out);
    return fr;
}

/* One try: read the file as it is now, apply the edit, write it back if
 * it has not been replaced meanwhile.  On FS_OK *out is the new unit. */
static fs_result apply_once(workspace *ws, ws_unit *wu, const store_edit *edit, const char *by,
                            store_result *res, unit **out, diag_list *dl)
{
    char *buf = NULL;
    size_t len = 0;
    file_stamp stamp;
    unit *fresh = read_current(ws, wu, &buf, &len, &stamp, dl);
    fs_result fr = FS_ERROR;
    res->changed = 0;
    if (fresh) {
        char now[CLOCK_ISO_SIZE];
        clock_now_iso(now);
        size_t before = dl->count;
        res->changed = edit->apply(fresh, wu->u, edit->ctx, by, now, dl);
        if (dl->count == before)
            fr = write_unit_file(ws, wu, fresh, buf, len, &stamp, &res->written, dl);
    }
    free(buf);
    if (fr == FS_OK)
        *out = fresh;
    else
        unit_free(fresh);
    return fr;
}

bool store_update(workspace *ws, ws_unit *wu, const store_edit *edit, const char *by,
                  store_result *res, diag_list *dl)
{
    store_result local;
    if (!res)
        res = &local;
    memset(res, 0, sizeof *res);
    if (!workspace_unit_writable(ws, wu, dl))
        return false;
    fs_lock lock;
    if (!fs_tree_lock(&ws->tree, wu->path, STORE_LOCK_WAIT_MS, &lock, dl))
        return false;
    /* With a working lock nobody replaces the file while it is held; on a
     * folder where locks do not reach everyone (docs/concurrency.md), the
     * file can change under us: then read it again and re-apply. */
    unit *fresh = NULL;
    fs_result fr = FS_CHANGED;
    for (int try = 0; try < STORE_TRIES && fr == FS_CHANGED; try++)
        fr = apply_once(ws, wu, edit, by, res, &fresh, dl);
    if (fr == FS_CHANGED)
        diag_add(dl, wu->path, 0, 0, TR(M_STORE_KEPT_CHANGING));
    fs_lock_release(&lock);
    if (fr != FS_OK)
        return false;
    meeting_count_into(ws, fresh); /* counted values are never in the file */
    workspace_set_unit(ws, wu, fresh);
    diag_clear(&wu->errors);
    return true;
}

typedef struct check_changes {
    const check_change *items;
    size_t n;
    store_result *kept; /* notes_kept and kept_by of the last try */
} check_changes;

static size_t apply_check_changes(unit *u, const unit *base, const void *ctx, const char *by,
                                  const char *now, diag_list *dl)
{
    const check_changes *cc = ctx;
    size_t changed = 0;
    cc->kept->notes_kept = 0;
    cc->kept->kept_by = NULL;
    for (size_t i = 0; i < cc->n; i++)
        if (apply_change(u, base, &cc->items[i], by, now, cc->kept))
            changed++;
    return changed;
}

bool store_apply(workspace *ws, ws_unit *wu, const check_change *changes, size_t n, const char *by,
                 store_result *res, diag_list *dl)
{
    for (size_t i = 0; i < n; i++)
        if (!validate_change(wu, &changes[i], dl))
            return false;
    store_result kept = {0};
    check_changes cc = {changes, n, &kept};
    store_edit edit = {apply_check_changes, &cc};
    bool ok = store_update(ws, wu, &edit, by, res, dl);
    if (ok && res) {
        res->notes_kept = kept.notes_kept;
        res->kept_by = kept.kept_by;
    }
    return ok;
}

/* ---- a unit's own data ------------------------------------------------ */

static void add_edit_history(unit *u, const char *event, const char *key, const char *old,
                             const char *new_, const char *by, const char *now)
{
    history_entry h = {.at = arena_strdup(u->mem, now),
                       .by = arena_strdup(u->mem, by),
                       .key = key ? arena_strdup(u->mem, key) : NULL,
                       .old = old ? arena_strdup(u->mem, old) : NULL,
                       .new_ = new_ ? arena_strdup(u->mem, new_) : NULL,
                       .event = event};
    unit_add_history(u, &h);
}

/* The edit and the plan its values were checked against; the name the
 * file had when a new one replaced it. */
typedef struct edit_ctx {
    const unit_edit *e;
    const plan *p;
    char *old_name;
} edit_ctx;

static size_t apply_edit(unit *fresh, const unit *base, const void *ctx, const char *by,
                         const char *now, diag_list *dl)
{
    (void)base;
    (void)dl;
    edit_ctx *c = (edit_ctx *)ctx;
    const unit_edit *e = c->e;
    const plan *p = c->p;
    size_t changed = 0;
    if (e->name && strcmp(e->name, fresh->name) != 0) {
        free(c->old_name);
        c->old_name = xstrdup(fresh->name);
        add_edit_history(fresh, HISTORY_NAME, NULL, fresh->name, e->name, by, now);
        fresh->name = arena_strdup(fresh->mem, e->name);
        changed++;
    }
    for (size_t i = 0; i < e->n_attrs; i++) {
        const attr_change *ac = &e->attrs[i];
        const unit_attr *a = unit_find_attr(fresh, ac->key);
        const char *old = a ? arena_strdup(fresh->mem, a->text) : NULL;
        if ((!old && !ac->value) || (old && ac->value && strcmp(old, ac->value) == 0))
            continue;
        /* validated before the lock was taken: the plan has not changed */
        bool done = ac->value ? unit_set_attr(fresh, p, ac->key, ac->value, NULL)
                              : unit_unset_attr(fresh, p, ac->key);
        if (!done)
            continue;
        add_edit_history(fresh, HISTORY_ATTRIBUTE, ac->key, old, ac->value, by, now);
        changed++;
    }
    return changed;
}

bool store_edit_unit_valid(workspace *ws, const ws_unit *wu, const unit_edit *e,
                           name_verdict *name_check, diag_list *dl)
{
    size_t before = dl->count;
    *name_check = NAME_OK;
    if (wu->kind == KIND_TOWN)
        diag_add(dl, NULL, 0, 0, "%s", tr(M_EDIT_TOWN));
    else if (e->name)
        *name_check = workspace_check_name(ws, e->name, wu->kind, wu->id, dl);
    /* each value as the unit would take it, on a scratch unit */
    unit *scratch = unit_new(wu->kind, "scratch", "scratch");
    for (size_t i = 0; i < e->n_attrs; i++) {
        const attr_change *ac = &e->attrs[i];
        if (ac->value)
            unit_set_attr(scratch, &ws->plan, ac->key, ac->value, dl);
        else
            unit_attr_declared(wu->kind, &ws->plan, ac->key, dl);
    }
    unit_free(scratch);
    return dl->count == before;
}

bool store_edit_unit(workspace *ws, ws_unit *wu, const unit_edit *e, const char *by,
                     store_result *res, diag_list *dl)
{
    /* a new name is checked and written under the names' lock */
    fs_lock names;
    bool lock = e->name && !ws->names_locked;
    if (lock && !store_lock_names(ws, &names, dl))
        return false;
    name_verdict name_check;
    bool ok = store_edit_unit_valid(ws, wu, e, &name_check, dl);
    edit_ctx ctx = {e, &ws->plan, NULL};
    if (ok) {
        store_edit edit = {apply_edit, &ctx};
        ok = store_update(ws, wu, &edit, by, res, dl);
    }
    if (ok && ctx.old_name)
        names_set(workspace_names(ws), wu->kind, wu->id, ctx.old_name, e->name);
    free(ctx.old_name);
    if (lock)
        store_unlock_names(ws, &names);
    return ok;
}

bool store_remove_unit(workspace *ws, ws_unit *wu, char **archived, diag_list *dl)
{
    *archived = NULL;
    if (wu->kind == KIND_TOWN) {
        diag_add(dl, NULL, 0, 0, "%s", tr(M_REMOVE_TOWN));
        return false;
    }
    if (!workspace_unit_writable(ws, wu, dl))
        return false;
    fs_lock lock;
    if (!fs_tree_lock(&ws->tree, wu->path, STORE_LOCK_WAIT_MS, &lock, dl))
        return false;
    bool ok = false;
    char *to = workspace_archive_path(ws, wu->kind, wu->id, dl);
    if (to && !fs_tree_exists(&ws->tree, wu->path))
        diag_add(dl, wu->path, 0, 0, "%s", tr(M_UNIT_FILE_GONE));
    else if (to)
        ok = fs_tree_move_noreplace(&ws->tree, wu->path, to, dl);
    fs_lock_release(&lock);
    if (ok) {
        *archived = xstrdup(to + strlen(ws->root) + 1);
        unit_free(wu->u);
        wu->u = NULL;
        memset(&wu->stamp, 0, sizeof wu->stamp);
    }
    free(to);
    return ok;
}

bool store_lock_names(workspace *ws, fs_lock *lock, diag_list *dl)
{
    char *path = fs_join(ws->root, "names"); /* absolute: messages name the workspace */
    bool ok = fs_tree_lock(&ws->tree, path, STORE_LOCK_WAIT_MS, lock, dl);
    free(path);
    if (ok) {
        ws->names_locked = true;
        workspace_names_renew(ws); /* what the files say while no one else gives a name */
    }
    return ok;
}

void store_unlock_names(workspace *ws, fs_lock *lock)
{
    fs_lock_release(lock);
    ws->names_locked = false;
    /* trusted only under the lock; and a long session (the screens) does
     * not keep a second copy of every summary */
    names_free(ws->names);
    ws->names = NULL;
}

/* store_add_unit once the names' lock is held. */
static ws_unit *add_unit_locked(workspace *ws, unit *u, name_verdict *name_check, diag_list *dl)
{
    for (int k = 0; k < 2; k++) {
        unit_kind kind = k == 0 ? KIND_VILLAGE : KIND_ENTERPRISE;
        char *path = workspace_unit_path(ws, kind, u->id);
        fs_result there = fs_tree_probe(&ws->tree, path, dl);
        free(path);
        if (there == FS_OK)
            diag_add(dl, NULL, 0, 0,
                     kind == KIND_VILLAGE ? TR(M_VILLAGE_EXISTS) : TR(M_ENTERPRISE_EXISTS), u->id);
        if (there != FS_MISSING)
            return NULL;
    }
    name_index *ix = workspace_names(ws);
    size_t count = names_files(ix);
    /* past the limit the names were not read (names.h): the count says why */
    if (count <= WORKSPACE_MAX_UNITS)
        *name_check = workspace_check_name(ws, u->name, u->kind, u->id, dl);
    if (*name_check != NAME_OK)
        return NULL;
    if (count >= WORKSPACE_MAX_UNITS) {
        diag_add(dl, ws->root, 0, 0, TR(M_STORE_TOO_MANY_UNITS), count);
        return NULL;
    }
    ws_unit *wu = workspace_entry(ws, u->kind, u->id);
    if (!workspace_unit_writable(ws, wu, dl))
        return NULL;
    fs_lock lock;
    if (!fs_tree_lock(&ws->tree, wu->path, STORE_LOCK_WAIT_MS, &lock, dl))
        return NULL;
    bool written;
    fs_result fr = FS_ERROR;
    file_stamp none = {.exists = false}; /* and it must still not exist */
    fs_result there = fs_tree_probe(&ws->tree, wu->path, dl);
    if (there == FS_OK)
        diag_add(dl, wu->path, 0, 0, TR(M_UNIT_EXISTS), u->id);
    else if (there == FS_MISSING)
        fr = write_unit_file(ws, wu, u, NULL, 0, &none, &written, dl);
    if (fr == FS_CHANGED)
        diag_add(dl, wu->path, 0, 0, TR(M_UNIT_JUST_ADDED), u->id);
    fs_lock_release(&lock);
    if (fr != FS_OK)
        return NULL;
    workspace_set_unit(ws, wu, u);
    names_set(ix, wu->kind, wu->id, NULL, u->name);
    return wu;
}

ws_unit *store_add_unit(workspace *ws, unit *u, name_verdict *name_check, diag_list *dl)
{
    *name_check = NAME_OK;
    fs_lock names;
    ws_unit *wu = NULL;
    if (ws->names_locked) {
        wu = add_unit_locked(ws, u, name_check, dl);
    } else if (store_lock_names(ws, &names, dl)) {
        wu = add_unit_locked(ws, u, name_check, dl);
        store_unlock_names(ws, &names);
    }
    if (!wu)
        unit_free(u);
    return wu;
}
