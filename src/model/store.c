#include "model/store.h"

#include "util/clock.h"
#include "util/xalloc.h"
#include "yaml/ydecode.h"

#include <stdlib.h>
#include <string.h>

static bool same_text(const char *a, const char *b)
{
    if (!a || !*a)
        return !b || !*b;
    return b && strcmp(a, b) == 0;
}

/* Applies one change to `u`; true when the check's state changed. */
static bool apply_change(unit *u, const check_change *ch, const char *by, const char *now)
{
    /* an absent check is todo with nothing else: compare before creating it */
    static const check_state absent = {.status = STATUS_TODO};
    check_state *found = unit_find_check(u, ch->check->id);
    const check_state *old = found ? found : &absent;
    bool status_changed = ch->set_status && ch->status != old->status;
    bool value_changed = ch->set_value && (ch->has_value != old->has_value ||
                                           (ch->has_value && ch->value != old->value));
    bool note_changed = ch->set_note && !same_text(ch->note, old->note);
    if (!status_changed && !value_changed && !note_changed)
        return false;
    check_state *cs = found ? found : unit_check_state(u, ch->check);
    status from = cs->status;
    if (status_changed)
        cs->status = ch->status;
    if (value_changed) {
        cs->has_value = ch->has_value;
        cs->value = ch->value;
        cs->value_text = ch->value_text ? arena_strdup(u->mem, ch->value_text) : NULL;
    }
    if (note_changed)
        cs->note = ch->note && *ch->note ? arena_strdup(u->mem, ch->note) : NULL;
    cs->updated = arena_strdup(u->mem, now);
    cs->by = arena_strdup(u->mem, by);
    if (status_changed || value_changed) {
        history_entry h = {.at = cs->updated,
                           .by = cs->by,
                           .check = ch->check->id,
                           .from = from,
                           .to = cs->status};
        if (value_changed && cs->has_value) {
            h.has_value = true;
            h.value = cs->value;
            h.value_text = cs->value_text;
        }
        unit_add_history(u, &h);
    }
    return true;
}

static bool validate_change(const ws_unit *wu, const check_change *ch, diag_list *dl)
{
    if (!(ch->check->kinds & (unsigned)wu->kind)) {
        diag_add(dl, wu->path, 0, 0, "check '%s' does not apply to %s units", ch->check->id,
                 unit_kind_name(wu->kind));
        return false;
    }
    if (ch->set_value && ch->has_value && !ch->check->numeric) {
        diag_add(dl, wu->path, 0, 0, "check '%s' takes no value", ch->check->id);
        return false;
    }
    if (ch->set_note && ch->note && strlen(ch->note) > UNIT_MAX_NOTE) {
        diag_add(dl, wu->path, 0, 0, "a note is at most %d bytes", UNIT_MAX_NOTE);
        return false;
    }
    return true;
}

/* Reads the unit as it is on disk now (the lock is held). */
static unit *read_current(workspace *ws, ws_unit *wu, char **buf, size_t *len, file_stamp *stamp,
                          diag_list *dl)
{
    fs_result fr = fs_read_file(wu->path, UNIT_MAX_BYTES, buf, len, stamp, dl);
    if (fr == FS_MISSING && wu->kind == KIND_TOWN) {
        *buf = NULL;
        *len = 0;
        return unit_new(KIND_TOWN, "town", ws->cfg.town ? ws->cfg.town : "town");
    }
    if (fr == FS_MISSING)
        diag_add(dl, wu->path, 0, 0, "the unit's file has been removed");
    if (fr != FS_OK)
        return NULL;
    return unit_parse(&ws->plan, wu->path, *buf, *len, wu->id, wu->kind, dl);
}

static bool write_unit_file(ws_unit *wu, const unit *u, const char *old, size_t old_len,
                            bool *written, diag_list *dl)
{
    strbuf out = STRBUF_INIT;
    bool ok = unit_write(u, &out, wu->path, dl);
    *written = false;
    if (ok && !(old && old_len == out.len && memcmp(old, out.data, out.len) == 0)) {
        ok = fs_write_atomic_locked(wu->path, out.data, out.len, 0644, dl);
        *written = ok;
    }
    if (ok) {
        fs_stat(wu->path, &wu->stamp);
        wu->stamp.hash = fs_hash(sb_str(&out), out.len);
    }
    sb_free(&out);
    return ok;
}

bool store_apply(workspace *ws, ws_unit *wu, const check_change *changes, size_t n, const char *by,
                 store_result *res, diag_list *dl)
{
    store_result local;
    if (!res)
        res = &local;
    memset(res, 0, sizeof *res);
    for (size_t i = 0; i < n; i++)
        if (!validate_change(wu, &changes[i], dl))
            return false;
    fs_lock lock;
    if (!fs_lock_acquire(wu->path, STORE_LOCK_WAIT_MS, &lock, dl))
        return false;
    char *buf = NULL;
    size_t len = 0;
    file_stamp stamp;
    unit *fresh = read_current(ws, wu, &buf, &len, &stamp, dl);
    bool ok = false;
    if (fresh) {
        char now[CLOCK_ISO_SIZE];
        clock_now_iso(now);
        for (size_t i = 0; i < n; i++)
            if (apply_change(fresh, &changes[i], by, now))
                res->changed++;
        ok = write_unit_file(wu, fresh, buf, len, &res->written, dl);
    }
    fs_lock_release(&lock);
    free(buf);
    if (ok) {
        unit_free(wu->u);
        wu->u = fresh;
        diag_clear(&wu->errors);
    } else {
        unit_free(fresh);
    }
    return ok;
}

ws_unit *store_add_unit(workspace *ws, unit *u, diag_list *dl)
{
    for (int k = 0; k < 2; k++) {
        unit_kind kind = k == 0 ? KIND_VILLAGE : KIND_ENTERPRISE;
        char *path = workspace_unit_path(ws, kind, u->id);
        bool exists = fs_exists(path);
        free(path);
        if (exists) {
            diag_add(dl, NULL, 0, 0, "a %s with the id '%s' already exists", unit_kind_name(kind),
                     u->id);
            unit_free(u);
            return NULL;
        }
    }
    ws_unit *wu = workspace_entry(ws, u->kind, u->id);
    fs_lock lock;
    if (!fs_lock_acquire(wu->path, STORE_LOCK_WAIT_MS, &lock, dl)) {
        unit_free(u);
        return NULL;
    }
    bool ok = false, written;
    if (fs_exists(wu->path))
        diag_add(dl, wu->path, 0, 0, "a unit with the id '%s' already exists", u->id);
    else
        ok = write_unit_file(wu, u, NULL, 0, &written, dl);
    fs_lock_release(&lock);
    if (!ok) {
        unit_free(u);
        return NULL;
    }
    unit_free(wu->u);
    wu->u = u;
    return wu;
}
