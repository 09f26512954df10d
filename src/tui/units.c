#include "tui/units.h"

#include "i18n/i18n.h"
#include "model/summary.h"
#include "report/format.h"
#include "tui/change.h"
#include "tui/checklist.h"
#include "tui/lineedit.h"
#include "tui/motion.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum { FILTER_ALL, FILTER_UNFINISHED, FILTER_FAILED, FILTER_COUNT };
enum { SORT_ID, SORT_NAME, SORT_PROGRESS, SORT_COUNT };

typedef struct list_row {
    bool header;
    unit_kind kind; /* header: its group */
    size_t unit;    /* index in ws->units */
    size_t count;   /* header: units in the group */
} list_row;

typedef struct units_screen {
    screen base;
    list_row *rows;
    size_t n_rows, cap_rows;
    list_view view;
    int filter, sort;
    char *text; /* only units it finds are shown (roster_matches); NULL: all */
    /* Marked units, by index of ws->units, for a change to many at once */
    bool *marked;
    size_t cap_marked, n_marked;
} units_screen;

static units_screen *self(screen *s)
{
    return (units_screen *)s;
}

static bool passes(const app *a, const units_screen *us, size_t i)
{
    const roster_entry *e = &a->roster.e[i];
    if (e->gone)
        return false;
    if (us->text && !roster_matches(a->ws, i, us->text))
        return false;
    if (!a->ws->units[i].sum)
        return true; /* a broken file is always listed: it needs attention */
    switch (us->filter) {
    case FILTER_UNFINISHED:
        return e->pr.done < e->pr.applicable;
    case FILTER_FAILED:
        return e->pr.failed > 0;
    default:
        return true;
    }
}

static app *sort_app;
static int sort_mode;

/* By name means in pinyin order (晨山村 before 丰杨村), with the keys the
 * roster keeps: one collation key per unit, not one per comparison. */
static int cmp_units(const void *x, const void *y)
{
    size_t a = ((const list_row *)x)->unit, b = ((const list_row *)y)->unit;
    const workspace *ws = sort_app->ws;
    int c = 0;
    if (sort_mode == SORT_NAME)
        c = strcmp(roster_sort_key(&sort_app->roster, ws, a),
                   roster_sort_key(&sort_app->roster, ws, b));
    if (sort_mode == SORT_PROGRESS) {
        int pa = progress_percent(&sort_app->roster.e[a].pr);
        int pb = progress_percent(&sort_app->roster.e[b].pr);
        c = pa < pb ? -1 : pa > pb;
    }
    return c ? c : strcmp(ws->units[a].id, ws->units[b].id);
}

/* Already in order (by id, the default, the workspace's own order): a
 * look at each pair instead of a sort of 100,000 rows. */
static bool rows_in_order(const list_row *rows, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (cmp_units(&rows[i - 1], &rows[i]) > 0)
            return false;
    return true;
}

static void add_row(units_screen *us, list_row r)
{
    us->rows = xgrow(us->rows, &us->cap_rows, us->n_rows + 1, sizeof *us->rows);
    us->rows[us->n_rows++] = r;
}

/* Rebuilds the rows, keeping the cursor on the same unit. */
static void rebuild(app *a, units_screen *us)
{
    size_t keep =
        us->n_rows && !us->rows[us->view.cur].header ? us->rows[us->view.cur].unit : SIZE_MAX;
    us->n_rows = 0;
    static const unit_kind kinds[] = {KIND_TOWN, KIND_VILLAGE, KIND_ENTERPRISE};
    for (size_t k = 0; k < 3; k++) {
        size_t head = us->n_rows;
        add_row(us, (list_row){.header = true, .kind = kinds[k]});
        for (size_t i = 0; i < a->ws->n_units; i++)
            if (a->ws->units[i].kind == kinds[k] && passes(a, us, i))
                add_row(us, (list_row){.kind = kinds[k], .unit = i});
        size_t count = us->n_rows - head - 1;
        if (count == 0) {
            us->n_rows = head;
            continue;
        }
        us->rows[head].count = count;
        sort_app = a;
        sort_mode = us->sort;
        if (!rows_in_order(&us->rows[head + 1], count))
            qsort(&us->rows[head + 1], count, sizeof *us->rows, cmp_units);
    }
    us->view.cur = us->n_rows > 1 ? 1 : 0;
    for (size_t r = 0; r < us->n_rows; r++)
        if (!us->rows[r].header && us->rows[r].unit == keep)
            us->view.cur = r;
}

/* The cursor stops on units, not on the headers of their groups. */
static bool row_selectable(const void *ctx, size_t row)
{
    return !((const units_screen *)ctx)->rows[row].header;
}

static void title(app *a, screen *s, title_bar *t)
{
    static const msg_id filters[] = {M_TUI_FILTER_ALL, M_TUI_FILTER_UNFINISHED,
                                     M_TUI_FILTER_FAILED};
    static const msg_id sorts[] = {M_TUI_SORT_ID, M_TUI_SORT_NAME, M_TUI_SORT_PROGRESS};
    units_screen *us = self(s);
    app_title_place(a, tr(M_TUI_UNITS), t);
    strbuf sb = STRBUF_INIT, brief = STRBUF_INIT;
    sb_printf(&sb, "%s%s%s  %s%s%s", tr(M_TUI_FILTER), tr(M_TUI_COLON), tr(filters[us->filter]),
              tr(M_TUI_SORT), tr(M_TUI_COLON), tr(sorts[us->sort]));
    /* briefly, only what is not the default */
    if (us->filter)
        sb_printf(&brief, "%s%s%s", tr(M_TUI_FILTER), tr(M_TUI_COLON), tr(filters[us->filter]));
    if (us->sort)
        sb_printf(&brief, "%s%s%s%s", brief.len ? "  " : "", tr(M_TUI_SORT), tr(M_TUI_COLON),
                  tr(sorts[us->sort]));
    title_add(t, TITLE_DETAIL, sb_str(&sb), brief.len ? sb_str(&brief) : NULL);
    sb_reset(&sb);
    if (us->text) /* the title is drawn inert */
        title_add(t, TITLE_DETAIL, us->text, NULL);
    if (us->n_marked) {
        sb_printf(&sb, tr(M_TUI_MARKED), us->n_marked);
        title_add(t, TITLE_BADGE, sb_str(&sb), NULL);
    }
    sb_free(&sb);
    sb_free(&brief);
}

static msg_id group_title(unit_kind k)
{
    return k == KIND_TOWN ? M_KIND_TOWN : k == KIND_VILLAGE ? M_KIND_VILLAGES : M_KIND_ENTERPRISES;
}

/* Column layout: name, id (when wide enough), progress, failures, open
 * and overdue rectifications. */
typedef struct columns {
    int name_x, name_w, id_x, id_w, prog_x, fail_x, fail_w, rect_x, rect_w;
} columns;

static columns layout(void)
{
    columns c;
    c.rect_w = 10;
    c.rect_x = COLS - c.rect_w;
    c.fail_w = 8;
    c.fail_x = c.rect_x - c.fail_w;
    c.prog_x = c.fail_x - 13; /* " 123/456 100%" */
    c.id_w = COLS >= 70 ? 20 : 0;
    c.id_x = c.prog_x - c.id_w;
    c.name_x = 2;
    c.name_w = c.id_x - c.name_x - 1;
    return c;
}

static void draw_unit_row(app *a, const units_screen *us, const list_row *r, int y,
                          const columns *c, bool selected)
{
    const ws_unit *wu = &a->ws->units[r->unit];
    const roster_entry *e = &a->roster.e[r->unit];
    attr_t base = selected ? draw_attr(ROLE_CURSOR) : A_NORMAL;
    draw_blank(y, 0, COLS, base);
    if (r->unit < us->cap_marked && us->marked[r->unit])
        draw_text(y, 0, 1, "*", base | A_BOLD, 0);
    draw_text(y, c->name_x, c->name_w, roster_short_name(&a->roster, r->unit, c->name_w), base, 0);
    if (c->id_w)
        draw_text(y, c->id_x, c->id_w - 1, wu->id, base | draw_attr(ROLE_DIM), 0);
    if (!wu->sum) {
        draw_text(y, c->prog_x, COLS - c->prog_x, tr(M_TUI_BROKEN), base | draw_attr(ROLE_ERROR),
                  0);
        return;
    }
    draw_fmt(y, c->prog_x, 13, base, 0, "%4zu/%-4zu%3d%%", e->pr.done, e->pr.applicable,
             progress_percent(&e->pr));
    if (e->pr.failed)
        draw_fmt(y, c->fail_x, c->fail_w, base | draw_status_attr(STATUS_FAILED), 0, "  !%zu",
                 e->pr.failed);
    /* "3" open, "3 !1" with one overdue */
    if (e->rects.open)
        draw_fmt(y, c->rect_x, 4, base, 0, "%3zu", e->rects.open);
    if (e->rects.overdue)
        draw_fmt(y, c->rect_x + 4, c->rect_w - 4, base | draw_status_attr(STATUS_FAILED), 0, "!%zu",
                 e->rects.overdue);
}

static void draw(app *a, screen *s, int top, int rows)
{
    units_screen *us = self(s);
    columns c = layout();
    draw_text(top, c.name_x, c.name_w, tr(M_COL_NAME), draw_attr(ROLE_DIM), 0);
    if (c.id_w)
        draw_text(top, c.id_x, c.id_w, tr(M_COL_ID), draw_attr(ROLE_DIM), 0);
    draw_text(top, c.prog_x, 13, tr(M_COL_PROGRESS), draw_attr(ROLE_DIM), 0);
    draw_text(top, c.fail_x, c.fail_w, tr(M_COL_FAILED), draw_attr(ROLE_DIM), 0);
    draw_text(top, c.rect_x, c.rect_w, tr(M_TUI_RECT_COL), draw_attr(ROLE_DIM), 0);
    top++;
    rows--;
    if (us->n_rows == 0) {
        draw_text(top, 2, COLS - 2, tr(M_TUI_NO_UNITS), draw_attr(ROLE_DIM), 0);
        return;
    }
    list_show(&us->view, (size_t)rows);
    for (int y = 0; y < rows && us->view.top + (size_t)y < us->n_rows; y++) {
        const list_row *r = &us->rows[us->view.top + (size_t)y];
        if (r->header)
            draw_fmt(top + y, 0, COLS, draw_attr(ROLE_GROUP), 0, "%s (%zu)",
                     tr(group_title(r->kind)), r->count);
        else
            draw_unit_row(a, us, r, top + y, &c, us->view.top + (size_t)y == us->view.cur);
    }
}

/* ---- the text filter ------------------------------------------------- */

static unsigned text_typed(app *a, const char *text, void *ctx)
{
    units_screen *us = ctx;
    char *trimmed = text_trim_spaces(text);
    free(us->text);
    us->text = *trimmed ? trimmed : NULL;
    if (!us->text)
        free(trimmed);
    rebuild(a, us);
    return H_HANDLED | H_REDRAW;
}

/* ---- marks, and a status set in every marked unit --------------------- */

static bool is_marked(const units_screen *us, size_t ui)
{
    return ui < us->cap_marked && us->marked[ui];
}

static void set_mark(app *a, units_screen *us, size_t ui, bool on)
{
    if (ui >= us->cap_marked) {
        size_t old = us->cap_marked;
        us->marked = xgrow(us->marked, &us->cap_marked,
                           a->ws->n_units > ui ? a->ws->n_units : ui + 1, sizeof *us->marked);
        memset(us->marked + old, 0, (us->cap_marked - old) * sizeof *us->marked);
    }
    if (us->marked[ui] != on)
        us->n_marked += on ? 1 : (size_t)-1;
    us->marked[ui] = on;
}

/* Every unit shown marked, or (when they all are) every one unmarked. */
static void mark_shown(app *a, units_screen *us)
{
    bool all = true;
    for (size_t r = 0; r < us->n_rows && all; r++)
        if (!us->rows[r].header && !is_marked(us, us->rows[r].unit))
            all = false;
    for (size_t r = 0; r < us->n_rows; r++)
        if (!us->rows[r].header)
            set_mark(a, us, us->rows[r].unit, !all);
}

/* What a status key in the list is about to do: the status, then the
 * check typed for it. */
typedef struct bulk_ask {
    units_screen *us;
    status st;
    const plan_check *check;
} bulk_ask;

static size_t *marked_units(const app *a, const units_screen *us, size_t *n)
{
    size_t *v = xmalloc((us->n_marked + 1) * sizeof *v);
    *n = 0;
    for (size_t i = 0; i < a->ws->n_units && i < us->cap_marked; i++)
        if (us->marked[i] && !a->roster.e[i].gone)
            v[(*n)++] = i;
    return v;
}

static unsigned bulk_confirmed(app *a, const char *text, void *ctx)
{
    bulk_ask *b = ctx;
    if (text[0] != 'y' && text[0] != 'Y') {
        app_message(a, ROLE_NORMAL, "%s", tr(M_TUI_BULK_CANCELLED));
        return H_HANDLED | H_REDRAW;
    }
    size_t n;
    size_t *units = marked_units(a, b->us, &n);
    bulk_tally t;
    change_status_many(a, units, n, b->check, b->st, &t);
    free(units);
    app_message(a, t.failed ? ROLE_ERROR : ROLE_OK, tr(M_TUI_BULK_DONE), b->check->id,
                tr_status(b->st), t.changed, t.unchanged, t.skipped, t.failed);
    return H_HANDLED | H_REDRAW;
}

static unsigned bulk_check_typed(app *a, const char *text, void *ctx)
{
    bulk_ask *b = ctx;
    char *id = text_trim_spaces(text);
    b->check = plan_find_check(&a->ws->plan, id);
    if (!b->check) {
        app_message(a, ROLE_ERROR, tr(M_TUI_BULK_UNKNOWN_CHECK), id);
        free(id);
        return H_HANDLED | H_REDRAW;
    }
    free(id);
    size_t n, carry = 0;
    size_t *units = marked_units(a, b->us, &n);
    for (size_t i = 0; i < n; i++) {
        const unit_summary *sum = a->ws->units[units[i]].sum;
        carry += sum && summary_carries(sum, b->check);
    }
    free(units);
    if (!carry) {
        app_message(a, ROLE_ERROR, tr(M_TUI_BULK_NONE_CARRIES), n, b->check->id);
        return H_HANDLED | H_REDRAW;
    }
    bulk_ask *next = xmalloc(sizeof *next);
    *next = *b;
    char *label =
        xasprintf(tr(M_TUI_BULK_CONFIRM), carry, b->check->id, tr_status(b->st), n - carry);
    lineedit_open(a, label, "", false, 8, bulk_confirmed, next, free);
    free(label);
    return H_HANDLED | H_REDRAW;
}

static unsigned ask_bulk(app *a, units_screen *us, status st)
{
    if (!us->n_marked) {
        app_message(a, ROLE_ERROR, "%s", tr(M_TUI_BULK_MARK_FIRST));
        return H_HANDLED | H_REDRAW;
    }
    bulk_ask *b = xmalloc(sizeof *b);
    *b = (bulk_ask){us, st, NULL};
    char *label = xasprintf(tr(M_TUI_BULK_WHICH_CHECK), tr_status(st), us->n_marked);
    lineedit_open(a, label, "", false, 64, bulk_check_typed, b, free);
    free(label);
    return H_HANDLED | H_REDRAW;
}

/* The status a status key of the list stands for (status.def). */
static bool bulk_status(action act, status *st)
{
    switch (act) {
#define STATUS(id, ...)                                                                            \
    case ACT_BULK_##id:                                                                            \
        *st = STATUS_##id;                                                                         \
        return true;
#include "model/status.def"
#undef STATUS
    default:
        return false;
    }
}

static unsigned act(app *a, screen *s, action act)
{
    units_screen *us = self(s);
    if (list_key(&us->view, act, us->n_rows))
        return H_HANDLED | H_REDRAW;
    status st;
    if (bulk_status(act, &st))
        return ask_bulk(a, us, st);
    bool on_unit = us->n_rows && !us->rows[us->view.cur].header;
    switch (act) {
    case ACT_OPEN:
        if (on_unit)
            app_push(a, checklist_screen_new(a, us->rows[us->view.cur].unit));
        break;
    case ACT_FILTER:
        us->filter = (us->filter + 1) % FILTER_COUNT;
        rebuild(a, us);
        break;
    case ACT_SORT:
        us->sort = (us->sort + 1) % SORT_COUNT;
        rebuild(a, us);
        break;
    case ACT_TEXT_FILTER:
        /* a new text, typed from empty; Enter on nothing shows all again */
        lineedit_open(a, tr(M_TUI_TEXT_FILTER), "", false, 256, text_typed, us, NULL);
        break;
    case ACT_MARK:
        if (on_unit) {
            size_t ui = us->rows[us->view.cur].unit;
            set_mark(a, us, ui, !is_marked(us, ui));
            list_key(&us->view, ACT_DOWN, us->n_rows); /* on to the next one */
        }
        break;
    case ACT_MARK_ALL:
        mark_shown(a, us);
        break;
    default:
        return 0;
    }
    return H_HANDLED | H_REDRAW;
}

static size_t rows(app *a, screen *s)
{
    (void)a;
    return self(s)->n_rows;
}

static size_t current(app *a, screen *s)
{
    (void)a;
    return self(s)->view.cur;
}

static bool match(app *a, screen *s, size_t row, const char *pattern)
{
    const list_row *r = &self(s)->rows[row];
    if (r->header)
        return false;
    return roster_matches(a->ws, r->unit, pattern);
}

static void select_row(app *a, screen *s, size_t row)
{
    (void)a;
    self(s)->view.cur = row;
}

static void units_changed(app *a, screen *s)
{
    rebuild(a, self(s));
}

static void close_screen(app *a, screen *s)
{
    (void)a;
    free(self(s)->rows);
    free(self(s)->text);
    free(self(s)->marked);
    free(s);
}

static const screen_ops ops = {
    .scopes = S_UNITS,
    .title = title,
    .draw = draw,
    .act = act,
    .rows = rows,
    .current = current,
    .match = match,
    .select = select_row,
    .units_changed = units_changed,
    .close = close_screen,
};

screen *units_screen_new(app *a)
{
    units_screen *us = xcalloc(1, sizeof *us);
    us->base.ops = &ops;
    us->view = (list_view){.selectable = row_selectable, .ctx = us};
    rebuild(a, us);
    return &us->base;
}
