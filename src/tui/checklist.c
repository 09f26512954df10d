#include "tui/checklist.h"

#include "i18n/i18n.h"
#include "model/evidence.h"
#include "report/format.h"
#include "model/applies.h"
#include "tui/ask.h"
#include "tui/attrs.h"
#include "tui/change.h"
#include "tui/detail.h"
#include "tui/editor.h"
#include "tui/ledger.h"
#include "tui/lineedit.h"
#include "tui/motion.h"
#include "tui/rectify.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum row_type { ROW_ATTRS, ROW_SECTION, ROW_ITEM, ROW_CHECK } row_type;

typedef struct tree_row {
    row_type type;
    const plan_section *sec;
    const plan_item *item;
    const plan_check *check;
    size_t item_row; /* checks: the row of their item */
    bool folded;     /* items */
    /* from the unit, refreshed when it changes */
    const check_state *cs;
    applies ap;              /* checks: whether the unit carries it, and why not */
    ev_validity ev;          /* checks: their evidence's state */
    size_t done, applicable; /* items: the cookie */
    size_t carried;          /* items and sections: checks the unit carries */
} tree_row;

typedef struct checklist_screen {
    screen base;
    size_t unit;
    tree_row *rows;
    size_t n_rows, cap_rows;
    size_t *vis; /* rows shown (folded items hide their checks) */
    size_t n_vis;
    list_view tree; /* over vis */
    bool detail_focus;
    bool show_all;    /* checks the unit does not carry shown too, dimmed */
    list_view detail; /* the detail pane: its top line, no cursor */
    /* The detail pane as last built (a check's history, a note of up to
     * 64 KB and the paragraph, wrapped): built again only when the row,
     * the width or the unit changes, not for every frame. */
    detail pane;
    size_t pane_row; /* SIZE_MAX: not built */
    int pane_w;
    /* Whether the unit's file can be written: asked when the screen
     * opens and again after the unit is saved or changes on disk. */
    bool writable, writable_known;
    size_t change_mark; /* the screens' changes when it opened (change_mark) */
} checklist_screen;

static const screen_ops ops;

static checklist_screen *self(screen *s)
{
    return (checklist_screen *)s;
}

size_t checklist_unit(const screen *s)
{
    return s && s->ops == &ops ? ((const checklist_screen *)s)->unit : SIZE_MAX;
}

static const unit *unit_of(const app *a, const checklist_screen *cl)
{
    return a->ws->units[cl->unit].u;
}

static void add_row(checklist_screen *cl, tree_row r)
{
    cl->rows = xgrow(cl->rows, &cl->cap_rows, cl->n_rows + 1, sizeof *cl->rows);
    cl->rows[cl->n_rows++] = r;
}

/* The tree depends on the plan and the unit's kind only: every check of
 * the kind is a row, and what the unit's attributes say (which of them it
 * carries) decides which rows are shown (rebuild_vis). */
static void build_tree(app *a, checklist_screen *cl)
{
    const plan *p = &a->ws->plan;
    unsigned kind = (unsigned)a->ws->units[cl->unit].kind;
    bool has_attrs = false;
    for (size_t i = 0; i < p->n_attributes; i++)
        has_attrs |= (p->attributes[i].kinds & kind) != 0;
    if (has_attrs)
        add_row(cl, (tree_row){.type = ROW_ATTRS});
    for (size_t s = 0; s < p->n_sections; s++) {
        const plan_section *sec = &p->sections[s];
        size_t sec_row = cl->n_rows;
        add_row(cl, (tree_row){.type = ROW_SECTION, .sec = sec});
        for (size_t i = 0; i < sec->n_items; i++) {
            const plan_item *it = &sec->items[i];
            size_t item_row = cl->n_rows;
            add_row(cl, (tree_row){.type = ROW_ITEM, .sec = sec, .item = it});
            for (size_t c = 0; c < it->n_checks; c++)
                if (it->checks[c].kinds & kind)
                    add_row(cl, (tree_row){.type = ROW_CHECK,
                                           .sec = sec,
                                           .item = it,
                                           .check = &it->checks[c],
                                           .item_row = item_row});
            if (cl->n_rows == item_row + 1)
                cl->n_rows = item_row; /* nothing for this kind of unit */
        }
        if (cl->n_rows == sec_row + 1)
            cl->n_rows = sec_row;
    }
}

/* Reads the statuses, what applies and the cookies from the unit (what
 * applies is kept in the unit, evaluated when it was read): O(checks of
 * the plan). */
static void refresh_states(app *a, checklist_screen *cl)
{
    const unit *u = unit_of(a, cl);
    size_t sec_row = 0;
    int window = workspace_expiring_days(a->ws);
    for (size_t r = 0; r < cl->n_rows; r++) {
        tree_row *row = &cl->rows[r];
        row->cs = NULL;
        row->ap = APPLIES_YES;
        if (row->type != ROW_CHECK)
            row->done = row->applicable = row->carried = 0;
        if (row->type == ROW_SECTION)
            sec_row = r;
        if (row->type != ROW_CHECK || !u)
            continue;
        row->cs = unit_state_of(u, row->check);
        row->ev = ev_check_validity(u, row->check, a->today, window);
        row->ap = unit_applies(u, row->check);
        if (row->ap != APPLIES_YES && row->ap != APPLIES_MISSING)
            continue;
        status st = row->cs ? row->cs->status : STATUS_TODO;
        tree_row *item = &cl->rows[row->item_row];
        item->applicable += status_applicable(st);
        item->done += st == STATUS_DONE;
        item->carried++;
        cl->rows[sec_row].carried++;
    }
}

static bool row_carried(const tree_row *row)
{
    return row->type != ROW_CHECK || row->ap == APPLIES_YES || row->ap == APPLIES_MISSING;
}

/* Shown: what the unit carries; the rest too (dimmed) when asked. */
static bool row_shown(const checklist_screen *cl, const tree_row *row)
{
    if (cl->show_all || row->type == ROW_ATTRS)
        return true;
    if (row->type == ROW_CHECK)
        return row_carried(row);
    return row->carried > 0;
}

static size_t selected_row(const checklist_screen *cl)
{
    return cl->n_vis ? cl->vis[cl->tree.cur] : SIZE_MAX;
}

/* Recomputes the visible rows, keeping the cursor on row `keep`. */
static void rebuild_vis(checklist_screen *cl, size_t keep)
{
    free(cl->vis);
    cl->vis = xmalloc((cl->n_rows + 1) * sizeof *cl->vis);
    cl->n_vis = 0;
    cl->tree.cur = 0;
    for (size_t r = 0; r < cl->n_rows; r++) {
        const tree_row *row = &cl->rows[r];
        if (!row_shown(cl, row) || (row->type == ROW_CHECK && cl->rows[row->item_row].folded))
            continue;
        if (r == keep)
            cl->tree.cur = cl->n_vis;
        cl->vis[cl->n_vis++] = r;
    }
}

/* The cursor stops on items and checks, not on section titles. */
static bool selectable(const void *ctx, size_t v)
{
    const checklist_screen *cl = ctx;
    return cl->rows[cl->vis[v]].type != ROW_SECTION;
}

/* A check's detail is read from its start. */
static void move_cursor(checklist_screen *cl, long delta)
{
    size_t from = cl->tree.cur;
    list_move(&cl->tree, delta, cl->n_vis);
    if (cl->tree.cur != from)
        cl->detail.top = 0;
}

static const tree_row *current_check(const checklist_screen *cl)
{
    size_t r = selected_row(cl);
    return r != SIZE_MAX && cl->rows[r].type == ROW_CHECK ? &cl->rows[r] : NULL;
}

/* ---- drawing ---------------------------------------------------------- */

typedef struct panes {
    int tree_top, tree_rows, tree_w;
    int detail_top, detail_x, detail_rows, detail_w;
} panes;

/* Side by side when the terminal is wide, else one above the other. */
static panes layout(int top, int rows)
{
    panes p = {.tree_top = top};
    if (COLS >= 100) {
        p.tree_w = COLS * 11 / 20;
        p.tree_rows = p.detail_rows = rows;
        p.detail_top = top;
        p.detail_x = p.tree_w + 2;
        p.detail_w = COLS - p.detail_x;
    } else {
        p.tree_w = COLS;
        p.tree_rows = rows * 3 / 5;
        p.detail_top = top + p.tree_rows + 1;
        p.detail_rows = rows - p.tree_rows - 1;
        p.detail_w = COLS;
    }
    return p;
}

/* The right of a check's row: its open rectification due first (days
 * left or overdue), then its value against target, then whether its
 * evidence expired or is expiring. */
static attr_t row_right(const app *a, const unit *u, const tree_row *row, strbuf *right)
{
    attr_t attr = A_NORMAL;
    const unit_record *r = u ? rect_first_open(u, row->check) : NULL;
    if (r) {
        sb_puts(right, "R ");
        rect_days_words(r, a->today, right);
        if (rect_overdue(r, a->today))
            attr = draw_status_attr(STATUS_FAILED);
    }
    if (row->check->numeric) {
        if (right->len)
            sb_puts(right, "  ");
        fmt_value_target(right, row->cs, row->check, i18n_lang());
    }
    if (ev_validity_alerts(row->ev)) {
        if (right->len)
            sb_puts(right, "  ");
        ev_check_tag(row->ev, right);
        if (row->ev == EV_EXPIRED)
            attr = draw_status_attr(STATUS_FAILED);
    }
    return attr;
}

static void draw_check_row(const app *a, const unit *u, const tree_row *row, int y, int w,
                           attr_t base)
{
    lang l = i18n_lang();
    status st = row->cs ? row->cs->status : STATUS_TODO;
    int x = 4;
    if (!row_carried(row)) /* shown on request: dimmed, the reason in the detail */
        base |= draw_attr(ROLE_DIM);
    draw_text(y, x, 3, status_mark(st), base | (row_carried(row) ? draw_status_attr(st) : 0), 0);
    x += 4;
    strbuf right = STRBUF_INIT;
    attr_t right_attr = row_right(a, u, row, &right);
    int note_w = 3;
    int right_w = right.len ? text_width(sb_str(&right)) + 2 : 0;
    if (right_w > (w - x) / 2)
        right_w = (w - x) / 2;
    int title_w = w - x - right_w - note_w;
    draw_text(y, x, title_w, text2_get(&row->check->title, l), base, 0);
    if (right_w)
        draw_text(y, w - note_w - right_w + 1, right_w - 1, sb_str(&right), base | right_attr, 0);
    if (row->cs && row->cs->note && *row->cs->note)
        draw_text(y, w - 1, 1, "*", base | draw_attr(ROLE_GROUP), 0);
    if (row->ap == APPLIES_MISSING) /* an attribute it needs is not set */
        draw_text(y, w - 2, 1, "?", base | draw_attr(ROLE_ERROR), 0);
    sb_free(&right);
}

static void draw_row(const app *a, const checklist_screen *cl, size_t v, int y, int w)
{
    const tree_row *row = &cl->rows[cl->vis[v]];
    bool sel = v == cl->tree.cur;
    attr_t base = sel ? draw_attr(cl->detail_focus ? ROLE_SELECT : ROLE_CURSOR) : A_NORMAL;
    draw_blank(y, 0, w, base);
    lang l = i18n_lang();
    if (row->type == ROW_ATTRS) {
        strbuf sb = STRBUF_INIT;
        attrs_line(&a->ws->plan, unit_of(a, cl), &sb);
        draw_text(y, 1, w - 1, sb_str(&sb), base | draw_attr(ROLE_DIM), 0);
        sb_free(&sb);
    } else if (row->type == ROW_SECTION) {
        draw_text(y, 0, w, text2_get(&row->sec->title, l), draw_attr(ROLE_GROUP), 0);
    } else if (row->type == ROW_ITEM) {
        char cookie[48];
        snprintf(cookie, sizeof cookie, "[%zu/%zu]", row->done, row->applicable);
        int cw = (int)strlen(cookie);
        draw_fmt(y, 1, w - 2 - cw, base | A_BOLD, 0, "%s %s %s", row->folded ? "+" : "-",
                 row->item->id, text2_get(&row->item->title, l));
        draw_text(y, w - cw - 1, cw, cookie, base, 0);
    } else {
        draw_check_row(a, unit_of(a, cl), row, y, w, base);
    }
}

static void draw_errors(app *a, checklist_screen *cl, int top, int rows)
{
    const ws_unit *wu = &a->ws->units[cl->unit];
    text_lines tl = {0};
    wrap_text(&tl, tr(M_TUI_BROKEN_LONG), COLS);
    int y = 0;
    for (size_t i = 0; i < tl.n && y < rows; i++)
        draw_text(top + y++, 0, COLS, tl.v[i], draw_attr(ROLE_ERROR), 0);
    text_lines_free(&tl);
    for (size_t e = 0; e < wu->errors.count && y < rows; e++) {
        char *msg = app_diag_text(&wu->errors.items[e]);
        wrap_text(&tl, msg, COLS);
        free(msg);
    }
    for (size_t i = 0; i < tl.n && y < rows; i++)
        draw_text(top + y++, 0, COLS, tl.v[i], A_NORMAL, 0);
    text_lines_free(&tl);
}

static void pane_forget(checklist_screen *cl)
{
    detail_free(&cl->pane);
    cl->pane_row = SIZE_MAX;
}

/* The detail of row r at width w, built again only when it differs. */
static const detail *pane_of(app *a, checklist_screen *cl, size_t r, int w)
{
    if (cl->pane_row != r || cl->pane_w != w) {
        pane_forget(cl);
        if (cl->rows[r].type == ROW_ATTRS)
            detail_build_attributes(&cl->pane, &a->ws->plan, unit_of(a, cl), w);
        else
            detail_build(&cl->pane, a->ws, unit_of(a, cl), cl->rows[r].item, cl->rows[r].check,
                         a->today, w);
        cl->pane_row = r;
        cl->pane_w = w;
    }
    return &cl->pane;
}

static void draw(app *a, screen *s, int top, int rows)
{
    checklist_screen *cl = self(s);
    const unit *u = unit_of(a, cl);
    if (!u) {
        draw_errors(a, cl, top, rows);
        return;
    }
    panes p = layout(top, rows);
    list_show(&cl->tree, (size_t)p.tree_rows);
    for (int y = 0; y < p.tree_rows && cl->tree.top + (size_t)y < cl->n_vis; y++)
        draw_row(a, cl, cl->tree.top + (size_t)y, p.tree_top + y, p.tree_w);
    /* the border between the panes */
    if (p.detail_x)
        draw_vline(top, p.tree_w, rows, '|', draw_attr(ROLE_DIM));
    else
        draw_hline(p.detail_top - 1, 0, COLS, '-', draw_attr(ROLE_DIM));
    size_t r = selected_row(cl);
    if (r == SIZE_MAX || cl->rows[r].type == ROW_SECTION)
        return;
    const detail *d = pane_of(a, cl, r, p.detail_w);
    list_show_text(&cl->detail, (size_t)p.detail_rows, d->lines.n);
    detail_draw(d, p.detail_top, p.detail_x, p.detail_rows, p.detail_w, cl->detail.top);
}

static void title(app *a, screen *s, title_bar *t)
{
    checklist_screen *cl = self(s);
    const ws_unit *wu = &a->ws->units[cl->unit];
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s (%s)", roster_name(a->ws, cl->unit), wu->id);
    /* in the name's part, right after it: not left out like a badge */
    if (wu->u && unit_missing_attributes(wu->u, &a->ws->plan, NULL, 0))
        sb_printf(&sb, " [%s]", tr(M_ATTR_MISSING));
    char *id_name = xstrdup(sb_str(&sb));
    sb_printf(&sb, "  %s", tr_kind(wu->kind));
    title_add(t, TITLE_NAME, sb_str(&sb), id_name);
    free(id_name);
    sb_reset(&sb);
    sb_printf(&sb, "[%s]", tr(M_TUI_READ_ONLY_TAG));
    if (!wu->u) {
        title_add(t, TITLE_BADGE, sb_str(&sb), NULL);
        sb_free(&sb);
        return;
    }
    if (!cl->writable_known) {
        cl->writable = workspace_unit_writable(a->ws, wu, NULL);
        cl->writable_known = true;
    }
    if (!cl->writable)
        title_add(t, TITLE_BADGE, sb_str(&sb), NULL);
    const unit_progress *pr = &a->roster.e[cl->unit].pr;
    sb_reset(&sb);
    sb_printf(&sb, "%zu/%zu %d%%", pr->done, pr->applicable, progress_percent(pr));
    title_add(t, TITLE_FIGURE, sb_str(&sb), NULL);
    if (pr->failed) {
        sb_reset(&sb);
        sb_printf(&sb, tr(M_FAILED_COUNT), pr->failed);
        char brief[32];
        snprintf(brief, sizeof brief, "!%zu", pr->failed);
        title_add(t, TITLE_FIGURE, sb_str(&sb), brief);
    }
    sb_free(&sb);
}

/* ---- changing --------------------------------------------------------- */

/* What a prompt changes, and for a note the note it started from (the
 * file may change while the prompt is open: store.h keeps both). */
typedef struct edit_target {
    size_t unit;
    const plan_check *check;
    char *note_base; /* NULL: no note */
} edit_target;

static edit_target *target_of(const checklist_screen *cl, const tree_row *row)
{
    edit_target *t = xcalloc(1, sizeof *t);
    t->unit = cl->unit;
    t->check = row->check;
    const char *note = row->cs ? row->cs->note : NULL;
    t->note_base = note && *note ? xstrdup(note) : NULL;
    return t;
}

static void target_free(void *p)
{
    edit_target *t = p;
    free(t->note_base);
    free(t);
}

/* The check under the cursor, or NULL with a message why not.  `fresh`:
 * what it says now is shown before the change (a prompt, the editor), so
 * the unit is prepared first; else change_apply prepares it. */
static const tree_row *check_to_change(app *a, checklist_screen *cl, bool fresh)
{
    if (!(fresh ? change_prepare(a, cl->unit) : change_allowed(a, cl->unit)))
        return NULL;
    const tree_row *row = current_check(cl);
    if (!row) {
        app_message(a, ROLE_NORMAL, "%s", tr(M_TUI_PICK_CHECK));
    } else if (!unit_carries(unit_of(a, cl), row->check)) {
        strbuf why = STRBUF_INIT;
        filter_describe(&row->check->where, &why);
        app_message(a, ROLE_ERROR, tr(M_TUI_NOT_CARRIED), sb_str(&why));
        sb_free(&why);
        row = NULL;
    }
    return row;
}

/* A check recorded failed offers to order its rectification (r), unless
 * one is open. */
static void offer_rectification(app *a, size_t ui, const plan_check *c)
{
    const unit *u = a->ws->units[ui].u;
    if (c && u && unit_status_of(u, c) == STATUS_FAILED && !rect_first_open(u, c) &&
        a->msg_role != ROLE_ERROR) {
        char *saved = a->msg ? a->msg : xstrdup("");
        a->msg = NULL;
        char *offer = xasprintf(tr(M_TUI_RECT_OFFER), c->id);
        app_message(a, ROLE_OK, "%s  %s", offer, saved);
        free(saved);
        free(offer);
    }
}

static unsigned apply_status(app *a, checklist_screen *cl, status st)
{
    const tree_row *row = check_to_change(a, cl, false);
    if (!row)
        return H_HANDLED | H_REDRAW;
    check_value v = {.st = st};
    unsigned flags = change_apply(a, cl->unit, row->check, CH_STATUS, &v);
    if (st == STATUS_FAILED)
        offer_rectification(a, cl->unit, row->check);
    return flags;
}

static unsigned order_rectification(app *a, checklist_screen *cl)
{
    const tree_row *row = check_to_change(a, cl, true);
    if (!row)
        return H_HANDLED | H_REDRAW;
    return rectify_ui_order(a, cl->unit, row->check);
}

static unsigned cycle_status(app *a, checklist_screen *cl)
{
    const tree_row *row = check_to_change(a, cl, false);
    if (!row)
        return H_HANDLED | H_REDRAW;
    return change_cycle(a, cl->unit, row->check);
}

static unsigned mark_done(app *a, void *ctx)
{
    const edit_target *t = ctx;
    check_value v = {.st = STATUS_DONE};
    return change_apply(a, t->unit, t->check, CH_STATUS, &v);
}

/* A value saved that meets the check's target: marking it done is offered
 * (a question that holds nothing up). */
static unsigned offer_done(app *a, const edit_target *t)
{
    const ws_unit *wu = &a->ws->units[t->unit];
    const check_state *cs = wu->u ? unit_state_of(wu->u, t->check) : NULL;
    if (!cs || !cs->has_value || cs->status == STATUS_DONE || !range_is_set(&t->check->target) ||
        !range_contains(&t->check->target, cs->value))
        return 0;
    strbuf q = STRBUF_INIT;
    fmt_value_target(&q, cs, t->check, i18n_lang());
    char *what = sb_steal(&q);
    sb_printf(&q, tr(M_TUI_OFFER_DONE), t->check->id, what);
    free(what);
    edit_target *copy = xcalloc(1, sizeof *copy);
    copy->unit = t->unit;
    copy->check = t->check;
    ask_open(a, sb_str(&q), mark_done, copy, target_free);
    sb_free(&q);
    return H_REDRAW;
}

static unsigned value_typed(app *a, const char *text, void *ctx)
{
    const edit_target *t = ctx;
    check_value v = {0};
    char *number = NULL;
    typed_number typed = unit_read_typed_number(text, &v.value, &number);
    if (typed == TYPED_NOT_A_NUMBER) {
        app_message(a, ROLE_ERROR, tr(M_TUI_NOT_A_NUMBER), text);
        return H_HANDLED;
    }
    v.has_value = typed == TYPED_NUMBER;
    v.value_text = number;
    unsigned flags = change_apply(a, t->unit, t->check, CH_VALUE, &v);
    free(number);
    return flags | offer_done(a, t);
}

static unsigned ask_value(app *a, checklist_screen *cl)
{
    const tree_row *row = check_to_change(a, cl, true);
    if (!row)
        return H_HANDLED | H_REDRAW;
    if (!row->check->numeric) {
        app_message(a, ROLE_NORMAL, "%s", tr(M_TUI_NO_VALUE));
        return H_HANDLED | H_REDRAW;
    }
    strbuf label = STRBUF_INIT, initial = STRBUF_INIT;
    sb_puts(&label, tr(M_VALUE));
    const char *unit_text = text2_get(&row->check->unit.name, i18n_lang());
    if (unit_text && *unit_text)
        sb_printf(&label, " (%s)", unit_text);
    sb_puts(&label, tr(M_TUI_COLON));
    if (row->cs && row->cs->has_value)
        fmt_number(&initial, row->cs->value);
    lineedit_open(a, sb_str(&label), sb_str(&initial), false, 64, value_typed, target_of(cl, row),
                  target_free);
    sb_free(&label);
    sb_free(&initial);
    return H_HANDLED | H_REDRAW;
}

/* Saves a note typed from `base` (the note the editor was given): an
 * edit that changed nothing saves nothing, even when the file says
 * something else by now (someone else's note is not overwritten with an
 * old copy). */
static unsigned save_note(app *a, const edit_target *t, const char *text)
{
    if (unit_same_note(text, t->note_base)) {
        app_message(a, ROLE_NORMAL, "%s", tr(M_TUI_NOTE_UNCHANGED));
        return H_HANDLED;
    }
    check_value v = {.note = text, .has_note_base = true, .note_base = t->note_base};
    return change_apply(a, t->unit, t->check, CH_NOTE, &v);
}

static unsigned note_typed(app *a, const char *text, void *ctx)
{
    return save_note(a, ctx, text);
}

/* The reason a check failed, typed: saved as its note, and the offer to
 * order its rectification made again. */
static unsigned why_typed(app *a, const char *text, void *ctx)
{
    const edit_target *t = ctx;
    unsigned flags = save_note(a, t, text);
    offer_rectification(a, t->unit, t->check);
    return flags;
}

/* The note prompt on `row` (prepared), with `label`; `typed` saves. */
static void open_note_prompt(app *a, checklist_screen *cl, const tree_row *row, const char *label,
                             lineedit_accept typed)
{
    const char *note = row->cs ? row->cs->note : NULL;
    char *initial = xstrndup(note ? note : "", unit_note_len(note));
    lineedit_open(a, label, initial, true, UNIT_MAX_NOTE, typed, target_of(cl, row), target_free);
    free(initial);
}

static unsigned edit_note(app *a, checklist_screen *cl)
{
    const tree_row *row = check_to_change(a, cl, true);
    if (!row)
        return H_HANDLED | H_REDRAW;
    strbuf label = STRBUF_INIT;
    sb_printf(&label, "%s%s", tr(M_NOTE), tr(M_TUI_COLON));
    open_note_prompt(a, cl, row, sb_str(&label), note_typed);
    sb_free(&label);
    return H_HANDLED | H_REDRAW;
}

/* A status key (the keys of status.def): the status is saved; one that
 * counts as failed (x) then asks why at once, with the note prompt (Esc
 * skips it), and the status line then says what was saved and offers a
 * rectification (r). */
static unsigned set_status(app *a, checklist_screen *cl, status st)
{
    unsigned flags = apply_status(a, cl, st);
    const tree_row *row = current_check(cl);
    if (!status_failed(st) || !row || unit_status_of(unit_of(a, cl), row->check) != st)
        return flags; /* not saved: the status line says why */
    char *saved = a->msg ? xstrdup(a->msg) : NULL;
    strbuf label = STRBUF_INIT, skip = STRBUF_INIT;
    keys_first_name(&skip, E_CANCEL);
    sb_printf(&label, tr(M_TUI_WHY_FAILED), sb_str(&skip));
    sb_puts(&label, tr(M_TUI_COLON));
    open_note_prompt(a, cl, row, sb_str(&label), why_typed);
    lineedit_on_cancel(a, saved); /* skipped: the status says what was saved */
    free(saved);
    sb_free(&label);
    sb_free(&skip);
    return flags | H_REDRAW;
}

static unsigned edit_note_outside(app *a, checklist_screen *cl)
{
    const tree_row *row = check_to_change(a, cl, true);
    if (!row)
        return H_HANDLED | H_REDRAW;
    edit_target *t = target_of(cl, row);
    diag_list dl = DIAG_LIST_INIT;
    char *text = editor_edit(t->note_base, UNIT_MAX_NOTE, &dl);
    unsigned flags = H_HANDLED | H_REDRAW | H_FULL;
    if (!text) {
        char *why = app_diag_first(&dl);
        app_message(a, ROLE_ERROR, tr(M_TUI_NOT_SAVED), why);
        free(why);
    } else {
        /* compared with the note the editor was given; change_apply
         * reads the file again (it may have changed meanwhile) */
        flags |= save_note(a, t, text);
        free(text);
    }
    target_free(t);
    diag_clear(&dl);
    return flags;
}

/* ---- moving and folding ----------------------------------------------- */

static void set_folds(checklist_screen *cl, bool folded)
{
    size_t keep = selected_row(cl);
    if (keep != SIZE_MAX && cl->rows[keep].type == ROW_CHECK && folded)
        keep = cl->rows[keep].item_row;
    for (size_t r = 0; r < cl->n_rows; r++)
        if (cl->rows[r].type == ROW_ITEM)
            cl->rows[r].folded = folded;
    rebuild_vis(cl, keep);
}

static void toggle_fold(checklist_screen *cl)
{
    size_t r = selected_row(cl);
    cl->rows[r].folded = !cl->rows[r].folded;
    rebuild_vis(cl, r);
}

/* A moving key moves the cursor in the tree, or scrolls the detail when
 * it has the focus; false when `act` is not a moving key. */
static bool move_by(checklist_screen *cl, action act)
{
    long delta;
    if (cl->detail_focus) /* bounded by the detail's length when drawn */
        return list_scroll(&cl->detail, act, LONG_MAX / 2);
    if (!motion_delta(act, list_page(&cl->tree), cl->n_vis, &delta))
        return false;
    move_cursor(cl, delta);
    return true;
}

static unsigned open_row(checklist_screen *cl)
{
    size_t r = selected_row(cl);
    if (r == SIZE_MAX)
        return H_HANDLED;
    if (cl->rows[r].type == ROW_ITEM)
        toggle_fold(cl);
    else
        cl->detail_focus = true;
    return H_HANDLED | H_REDRAW;
}

/* Leaving the unit: when it was changed here, the visit is offered. */
static unsigned leave(app *a, checklist_screen *cl)
{
    const plan_check *changed[LEDGER_VISIT_MAX_CHECKS];
    size_t ui = cl->unit;
    size_t n = change_checks_since(a, cl->change_mark, ui, changed, LEDGER_VISIT_MAX_CHECKS);
    app_pop(a); /* cl is gone */
    return ledger_offer_visit(a, ui, changed, n);
}

static unsigned ledger_key(app *a, checklist_screen *cl, action act)
{
    const tree_row *row = check_to_change(a, cl, true);
    if (!row)
        return H_HANDLED | H_REDRAW;
    return act == ACT_ATTACH ? ledger_attach(a, cl->unit, row->check)
                             : ledger_open(a, cl->unit, row->check);
}

static unsigned act(app *a, screen *s, action act)
{
    checklist_screen *cl = self(s);
    const tree_row *cur = cl->n_vis ? &cl->rows[selected_row(cl)] : NULL;
    if (move_by(cl, act))
        return H_HANDLED | H_REDRAW;
    switch (act) {
    case ACT_OPEN:
        return open_row(cl);
    case ACT_BACK:
        if (cl->detail_focus) {
            cl->detail_focus = false;
            return H_HANDLED | H_REDRAW;
        }
        return leave(a, cl);
    case ACT_PANE:
        cl->detail_focus = !cl->detail_focus;
        return H_HANDLED | H_REDRAW;
    case ACT_CYCLE:
        if (cur && cur->type == ROW_ITEM) {
            toggle_fold(cl);
            return H_HANDLED | H_REDRAW;
        }
        return cycle_status(a, cl);
#define STATUS(id, ...)                                                                            \
    case ACT_SET_##id:                                                                             \
        return set_status(a, cl, STATUS_##id);
#include "model/status.def"
#undef STATUS
    case ACT_RECTIFY:
        return order_rectification(a, cl);
    case ACT_VALUE:
        return ask_value(a, cl);
    case ACT_NOTE:
        return edit_note(a, cl);
    case ACT_NOTE_EDITOR:
        return edit_note_outside(a, cl);
    case ACT_ATTACH:
    case ACT_OPEN_FILE:
        return ledger_key(a, cl, act);
    case ACT_ATTRIBUTES:
        return attrs_edit(a, cl->unit);
    case ACT_SHOW_ALL:
        cl->show_all = !cl->show_all;
        rebuild_vis(cl, selected_row(cl));
        move_cursor(cl, 0);
        return H_HANDLED | H_REDRAW;
    case ACT_EXPAND_ALL:
    case ACT_COLLAPSE_ALL:
        set_folds(cl, act == ACT_COLLAPSE_ALL);
        return H_HANDLED | H_REDRAW;
    default:
        return 0;
    }
}

/* ---- search ----------------------------------------------------------- */

static size_t rows(app *a, screen *s)
{
    (void)a;
    return self(s)->n_rows;
}

static size_t current(app *a, screen *s)
{
    (void)a;
    size_t r = selected_row(self(s));
    return r == SIZE_MAX ? 0 : r;
}

static bool match(app *a, screen *s, size_t r, const char *pattern)
{
    (void)a;
    const tree_row *row = &self(s)->rows[r];
    if (row->type == ROW_SECTION || row->type == ROW_ATTRS)
        return false;
    if (row->type == ROW_ITEM)
        return text_contains(row->item->id, pattern) ||
               text_contains(text2_get(&row->item->title, i18n_lang()), pattern);
    const plan_check *c = row->check;
    return text_contains(c->id, pattern) || text_contains(c->title.zh, pattern) ||
           text_contains(c->title.en, pattern) ||
           (row->cs && row->cs->note && text_contains(row->cs->note, pattern));
}

/* A match inside a closed group opens it. */
static void select_row(app *a, screen *s, size_t r)
{
    (void)a;
    checklist_screen *cl = self(s);
    if (cl->rows[r].type == ROW_CHECK && cl->rows[cl->rows[r].item_row].folded)
        cl->rows[cl->rows[r].item_row].folded = false;
    if (!row_shown(cl, &cl->rows[r]))
        cl->show_all = true;
    rebuild_vis(cl, r);
    cl->detail.top = 0;
}

/* ---- life ------------------------------------------------------------- */

static void unit_changed(app *a, screen *s, size_t ui)
{
    checklist_screen *cl = self(s);
    if (ui == cl->unit) {
        refresh_states(a, cl);
        /* an attribute may have changed what the unit carries */
        rebuild_vis(cl, selected_row(cl));
        move_cursor(cl, 0);
        pane_forget(cl);
        cl->writable_known = false;
    }
}

static void close_screen(app *a, screen *s)
{
    (void)a;
    checklist_screen *cl = self(s);
    detail_free(&cl->pane);
    free(cl->rows);
    free(cl->vis);
    free(cl);
}

static const screen_ops ops = {
    .scopes = S_CHECKS,
    .title = title,
    .draw = draw,
    .act = act,
    .rows = rows,
    .current = current,
    .match = match,
    .select = select_row,
    .unit_changed = unit_changed,
    .close = close_screen,
};

screen *checklist_screen_new(app *a, size_t ui)
{
    checklist_screen *cl = xcalloc(1, sizeof *cl);
    cl->base.ops = &ops;
    cl->unit = ui;
    cl->tree = (list_view){.selectable = selectable, .ctx = cl};
    cl->pane_row = SIZE_MAX;
    build_tree(a, cl);
    /* the list knew its summary: the checklist reads the file, which may
     * also have changed since */
    app_unit(a, ui);
    app_refresh_unit(a, ui);
    refresh_states(a, cl);
    rebuild_vis(cl, SIZE_MAX);
    /* a checklist opens on its checks; the attributes are one row up */
    while (cl->tree.cur + 1 < cl->n_vis && cl->rows[cl->vis[cl->tree.cur]].type < ROW_ITEM)
        cl->tree.cur++;
    move_cursor(cl, 0);
    return &cl->base;
}

screen *checklist_screen_at(app *a, size_t ui, const plan_check *c)
{
    screen *s = checklist_screen_new(a, ui);
    checklist_screen *cl = self(s);
    for (size_t r = 0; r < cl->n_rows; r++)
        if (cl->rows[r].type == ROW_CHECK && cl->rows[r].check == c)
            select_row(a, s, r);
    return s;
}
