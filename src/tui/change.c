#include "tui/change.h"

#include "i18n/i18n.h"
#include "model/store.h"
#include "model/summary.h"
#include "report/format.h"
#include "tui/gitsync.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* A check's fields as owned strings, for the undo log. */
typedef struct saved_value {
    status st;
    bool has_value;
    double value;
    char *value_text;
    char *note;
} saved_value;

typedef struct record {
    size_t unit;
    const plan_check *check;
    unsigned fields;
    saved_value before, after;
    unsigned group; /* records of one change to many units share it; 0: alone */
} record;

/* A check a change was saved on (for change_checks_since). */
typedef struct touched {
    size_t unit;
    const plan_check *check;
} touched;

struct undo_log {
    record *v;
    size_t n, cap;
    size_t pos; /* records [0, pos) can be undone, [pos, n) redone */
    unsigned groups;
    touched *t; /* every save, in order; never truncated */
    size_t n_t, cap_t;
};

static struct undo_log *log_of(app *a)
{
    if (!a->undo)
        a->undo = xcalloc(1, sizeof *a->undo);
    return a->undo;
}

static void saved_free(saved_value *v)
{
    free(v->value_text);
    free(v->note);
}

static void log_truncate(struct undo_log *l, size_t n)
{
    for (size_t i = n; i < l->n; i++) {
        saved_free(&l->v[i].before);
        saved_free(&l->v[i].after);
    }
    l->n = n;
    if (l->pos > n)
        l->pos = n;
}

void change_log_free(app *a)
{
    if (!a->undo)
        return;
    log_truncate(a->undo, 0);
    free(a->undo->t);
    free(a->undo->v);
    free(a->undo);
    a->undo = NULL;
}

static saved_value capture(const unit *u, const plan_check *c)
{
    const check_state *cs = unit_state_of(u, c);
    saved_value v = {.st = STATUS_TODO};
    if (!cs)
        return v;
    v.st = cs->status;
    v.has_value = cs->has_value;
    v.value = cs->value;
    v.value_text = cs->value_text ? xstrdup(cs->value_text) : NULL;
    v.note = cs->note && *cs->note ? xstrdup(cs->note) : NULL;
    return v;
}

static check_value view(const saved_value *v)
{
    return (check_value){v->st, v->has_value, v->value, v->value_text, v->note, false, NULL};
}

static bool same_fields(const check_value *x, const check_value *y, unsigned fields)
{
    if ((fields & CH_STATUS) && x->st != y->st)
        return false;
    if ((fields & CH_VALUE) &&
        (x->has_value != y->has_value || (x->has_value && x->value != y->value)))
        return false;
    return !(fields & CH_NOTE) || unit_same_note(x->note, y->note);
}

/* "O5.iso: done", "O5.rate = 98", "O5.iso: note" */
static void describe(strbuf *sb, const plan_check *c, unsigned fields, const check_value *v)
{
    sb_puts(sb, c->id);
    if (fields & CH_STATUS) {
        sb_puts(sb, tr(M_TUI_COLON));
        sb_puts(sb, tr_status(v->st));
    }
    if (fields & CH_VALUE) {
        sb_puts(sb, " = ");
        if (v->has_value)
            fmt_number(sb, v->value);
        else
            sb_puts(sb, tr(M_NONE));
    }
    if (fields & CH_NOTE) {
        sb_puts(sb, tr(M_TUI_COLON));
        sb_puts(sb, v->note && *v->note ? tr(M_TUI_NOTE_CHANGED) : tr(M_TUI_NOTE_REMOVED));
    }
}

static void report_failure(app *a, diag_list *dl)
{
    char *detail = app_diag_first(dl);
    app_message(a, ROLE_ERROR, tr(M_TUI_NOT_SAVED), detail);
    free(detail);
}

bool change_allowed(app *a, size_t ui)
{
    const ws_unit *wu = &a->ws->units[ui];
    if (gitsync_running(a)) { /* git is committing and merging the files */
        app_message(a, ROLE_ERROR, "%s", tr(M_TUI_SYNC_BUSY));
        return false;
    }
    if (!wu->u) {
        app_message(a, ROLE_ERROR, tr(M_TUI_READ_ONLY), wu->id);
        return false;
    }
    return true;
}

bool change_prepare(app *a, size_t ui)
{
    app_unit(a, ui);
    app_refresh_unit(a, ui);
    return change_allowed(a, ui);
}

void change_touched(app *a, size_t ui, const plan_check *c)
{
    struct undo_log *l = log_of(a);
    l->t = xgrow(l->t, &l->cap_t, l->n_t + 1, sizeof *l->t);
    l->t[l->n_t++] = (touched){ui, c};
}

size_t change_mark(app *a)
{
    return log_of(a)->n_t;
}

size_t change_checks_since(app *a, size_t mark, size_t ui, const plan_check **out, size_t max)
{
    struct undo_log *l = log_of(a);
    size_t n = 0;
    for (size_t i = mark; i < l->n_t && n < max; i++) {
        bool seen = l->t[i].unit != ui;
        for (size_t k = 0; k < n && !seen; k++)
            seen = out[k] == l->t[i].check;
        if (!seen)
            out[n++] = l->t[i].check;
    }
    return n;
}

/* Saves; true when the file now says `to`. */
static bool save(app *a, size_t ui, const plan_check *c, unsigned fields, const check_value *to,
                 store_result *res)
{
    ws_unit *wu = &a->ws->units[ui];
    check_change ch = {.check = c};
    ch.set_status = fields & CH_STATUS;
    ch.status = to->st;
    ch.set_value = fields & CH_VALUE;
    ch.has_value = to->has_value;
    ch.value = to->value;
    ch.value_text = to->value_text;
    ch.set_note = fields & CH_NOTE;
    ch.note = to->note;
    ch.has_note_base = to->has_note_base;
    ch.note_base = to->note_base;
    diag_list dl = DIAG_LIST_INIT;
    bool ok = store_apply(a->ws, wu, &ch, 1, a->who.name, res, &dl);
    if (!ok)
        report_failure(a, &dl);
    /* a failed save may still have re-read the file */
    roster_update(&a->roster, a->ws, ui);
    app_unit_changed(a, ui);
    return ok;
}

/* The status line after a save; a note someone else saved meanwhile, and
 * that this save replaced, is named (it is in the history). */
static void say(app *a, msg_id fmt, size_t ui, const plan_check *c, unsigned fields,
                const check_value *v, const store_result *res)
{
    strbuf sb = STRBUF_INIT;
    describe(&sb, c, fields, v);
    if (res && res->notes_kept)
        app_message(a, ROLE_ERROR, tr(M_TUI_NOTE_KEPT), roster_name(a->ws, ui), sb_str(&sb),
                    res->kept_by ? res->kept_by : "?");
    else
        app_message(a, ROLE_OK, tr(fmt), roster_name(a->ws, ui), sb_str(&sb));
    sb_free(&sb);
}

static void push(struct undo_log *l, record r)
{
    log_truncate(l, l->pos);
    l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
    l->v[l->n++] = r;
    l->pos = l->n;
}

/* change_apply once the unit is prepared. */
static unsigned apply_prepared(app *a, size_t ui, const plan_check *c, unsigned fields,
                               const check_value *to)
{
    saved_value before = capture(a->ws->units[ui].u, c);
    store_result res;
    if (!save(a, ui, c, fields, to, &res)) {
        saved_free(&before);
        return H_HANDLED | H_REDRAW;
    }
    if (res.changed == 0) {
        saved_free(&before);
        say(a, M_TUI_UNCHANGED, ui, c, fields, to, NULL);
        return H_HANDLED | H_REDRAW;
    }
    push(log_of(a), (record){ui, c, fields, before, capture(a->ws->units[ui].u, c), 0});
    change_touched(a, ui, c);
    say(a, M_TUI_SAVED, ui, c, fields, to, &res);
    return H_HANDLED | H_REDRAW;
}

unsigned change_apply(app *a, size_t ui, const plan_check *c, unsigned fields,
                      const check_value *to)
{
    if (!change_prepare(a, ui))
        return H_HANDLED | H_REDRAW;
    return apply_prepared(a, ui, c, fields, to);
}

unsigned change_cycle(app *a, size_t ui, const plan_check *c)
{
    if (!change_prepare(a, ui))
        return H_HANDLED | H_REDRAW;
    status st = unit_status_of(a->ws->units[ui].u, c);
    check_value v = {.st = status_next(st)};
    return apply_prepared(a, ui, c, CH_STATUS, &v);
}

unsigned change_attribute(app *a, size_t ui, const char *attr, const char *value)
{
    if (!change_prepare(a, ui))
        return H_HANDLED | H_REDRAW;
    ws_unit *wu = &a->ws->units[ui];
    attr_change ac = {attr, value};
    unit_edit e = {.attrs = &ac, .n_attrs = 1};
    diag_list dl = DIAG_LIST_INIT;
    store_result res;
    bool ok = store_edit_unit(a->ws, wu, &e, a->who.name, &res, &dl);
    if (!ok)
        report_failure(a, &dl);
    roster_update(&a->roster, a->ws, ui);
    app_unit_changed(a, ui);
    if (ok) {
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s = %s", attr, value ? value : tr(M_TUI_ATTR_UNSET));
        app_message(a, ROLE_OK, tr(res.changed ? M_TUI_SAVED : M_TUI_UNCHANGED),
                    roster_name(a->ws, ui), sb_str(&sb));
        sb_free(&sb);
    }
    return H_HANDLED | H_REDRAW;
}

/* Undoes (forward false) or redoes (true) one record; false, with a
 * message, when it is refused or cannot be saved. */
static bool replay_one(app *a, const record *r, bool forward, store_result *res)
{
    if (!change_prepare(a, r->unit))
        return false;
    check_value expect = view(forward ? &r->before : &r->after);
    check_value target = view(forward ? &r->after : &r->before);
    target.has_note_base = true; /* what this undo or redo replaces */
    target.note_base = expect.note;
    saved_value now = capture(a->ws->units[r->unit].u, r->check);
    check_value nowv = view(&now);
    bool conflict = !same_fields(&nowv, &expect, r->fields);
    saved_free(&now);
    if (conflict) {
        app_message(a, ROLE_ERROR, tr(M_TUI_CONFLICT), roster_name(a->ws, r->unit), r->check->id);
        return false;
    }
    if (!save(a, r->unit, r->check, r->fields, &target, res))
        return false;
    change_touched(a, r->unit, r->check);
    return true;
}

/* A change to many units is undone (redone) whole: each of its records,
 * those changed on disk since left as they are and counted. */
static unsigned replay_group(app *a, bool forward)
{
    struct undo_log *l = log_of(a);
    unsigned group = l->v[forward ? l->pos : l->pos - 1].group;
    size_t done = 0, refused = 0;
    const record *last = NULL;
    while (forward ? l->pos < l->n : l->pos > 0) {
        record *r = &l->v[forward ? l->pos : l->pos - 1];
        if (r->group != group)
            break;
        store_result res;
        if (replay_one(a, r, forward, &res))
            done++;
        else
            refused++;
        last = r;
        l->pos += forward ? 1 : (size_t)-1;
    }
    app_message(a, refused ? ROLE_ERROR : ROLE_OK,
                tr(forward ? M_TUI_BULK_REDONE : M_TUI_BULK_UNDONE), last->check->id, done,
                refused);
    return H_HANDLED | H_REDRAW;
}

/* Undo (forward false) or redo (true) of the last change. */
static unsigned replay(app *a, bool forward)
{
    struct undo_log *l = log_of(a);
    if (forward ? l->pos == l->n : l->pos == 0) {
        app_message(a, ROLE_NORMAL, "%s",
                    tr(forward ? M_TUI_NOTHING_TO_REDO : M_TUI_NOTHING_TO_UNDO));
        return H_HANDLED | H_REDRAW;
    }
    record *r = &l->v[forward ? l->pos : l->pos - 1];
    if (r->group)
        return replay_group(a, forward);
    store_result res;
    if (!replay_one(a, r, forward, &res))
        return H_HANDLED | H_REDRAW;
    if (forward)
        l->pos++;
    else
        l->pos--;
    check_value target = view(forward ? &r->after : &r->before);
    say(a, forward ? M_TUI_REDONE : M_TUI_UNDONE, r->unit, r->check, r->fields, &target, &res);
    return H_HANDLED | H_REDRAW;
}

unsigned change_undo(app *a)
{
    return replay(a, false);
}

unsigned change_redo(app *a)
{
    return replay(a, true);
}

void change_status_many(app *a, const size_t *units, size_t n, const plan_check *c, status st,
                        bulk_tally *t)
{
    struct undo_log *l = log_of(a);
    unsigned group = ++l->groups;
    check_value to = {.st = st};
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < n; i++) {
        size_t ui = units[i];
        ws_unit *wu = &a->ws->units[ui];
        bool was_loaded = wu->u != NULL;
        if (!wu->sum || !summary_carries(wu->sum, c)) {
            t->skipped++;
            continue;
        }
        store_result res;
        saved_value before = {0};
        bool ok = change_prepare(a, ui);
        if (ok)
            before = capture(wu->u, c);
        ok = ok && save(a, ui, c, CH_STATUS, &to, &res);
        if (!ok)
            t->failed++;
        else if (!res.changed)
            t->unchanged++;
        else
            t->changed++;
        if (ok && res.changed) {
            push(l, (record){ui, c, CH_STATUS, before, capture(wu->u, c), group});
            change_touched(a, ui, c);
        } else
            saved_free(&before);
        if (!was_loaded) /* the list needs its summary only */
            workspace_unit_release(wu);
    }
}
