#include "tui/rectlist.h"

#include "model/summary.h"

#include "i18n/i18n.h"
#include "model/timestamp.h"
#include "tui/checklist.h"
#include "tui/motion.h"
#include "tui/rectify.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum { SHOW_OPEN, SHOW_OVERDUE, SHOW_ALL, SHOW_COUNT };

typedef struct rectlist_screen {
    screen base;
    rect_list list;
    rect_counts counts; /* of the whole workspace */
    int show;
    list_view view;
    /* the record under the cursor, owned: the list's pointers die with
     * the unit they point into when it is read again */
    char *cur_id;
    size_t cur_unit;
} rectlist_screen;

static const screen_ops ops;

static rectlist_screen *self(screen *s)
{
    return (rectlist_screen *)s;
}

static void remember(rectlist_screen *rs)
{
    free(rs->cur_id);
    rs->cur_id = rs->list.n ? xstrdup(rs->list.items[rs->view.cur].r->id) : NULL;
    rs->cur_unit = rs->list.n ? rs->list.items[rs->view.cur].unit : SIZE_MAX;
}

/* Builds the list again, keeping the cursor on the same record. */
static void rebuild(app *a, rectlist_screen *rs)
{
    static const rect_filter filters[] = {RECT_ONLY_OPEN, RECT_ONLY_OVERDUE, RECT_ALL};
    rect_list_free(&rs->list);
    /* the records themselves are in the files of the units that have any */
    for (size_t i = 0; i < a->ws->n_units; i++)
        if (a->ws->units[i].sum && a->ws->units[i].sum->n_rects)
            app_unit(a, i);
    rect_list_build(&rs->list, a->ws, SIZE_MAX, filters[rs->show], a->today);
    rs->counts = (rect_counts){0};
    for (size_t i = 0; i < a->roster.n; i++) {
        rs->counts.open += a->roster.e[i].rects.open;
        rs->counts.overdue += a->roster.e[i].rects.overdue;
    }
    if (rs->view.cur >= rs->list.n)
        rs->view.cur = rs->list.n ? rs->list.n - 1 : 0;
    for (size_t i = 0; rs->cur_id && i < rs->list.n; i++)
        if (rs->list.items[i].unit == rs->cur_unit &&
            strcmp(rs->list.items[i].r->id, rs->cur_id) == 0)
            rs->view.cur = i;
    remember(rs);
}

static void title(app *a, screen *s, title_bar *t)
{
    static const msg_id shows[] = {M_TUI_RECT_FILTER_OPEN, M_TUI_RECT_FILTER_OVERDUE,
                                   M_TUI_RECT_FILTER_ALL};
    rectlist_screen *rs = self(s);
    strbuf sb = STRBUF_INIT, brief = STRBUF_INIT;
    sb_printf(&brief, "%s  %s%s%s", tr(M_TUI_RECTS), tr(M_TUI_FILTER), tr(M_TUI_COLON),
              tr(shows[rs->show]));
    sb_printf(&sb, "qtown  %s", sb_str(&brief));
    title_add(t, TITLE_NAME, sb_str(&sb), sb_str(&brief));
    sb_free(&brief);
    /* the counts are what this screen is for */
    sb_reset(&sb);
    sb_printf(&sb, tr(M_TUI_RECT_OPEN_COUNT), rs->counts.open);
    sb_printf(&sb, ", %s %zu", tr(M_TUI_RECT_FILTER_OVERDUE), rs->counts.overdue);
    title_add(t, TITLE_FIGURE, sb_str(&sb), NULL);
    if (!app_writable(a)) {
        sb_reset(&sb);
        sb_printf(&sb, "[%s]", tr(M_TUI_READ_ONLY_TAG));
        title_add(t, TITLE_BADGE, sb_str(&sb), NULL);
    }
    sb_free(&sb);
}

/* Columns: days, due, unit, check, state, owner, what. */
typedef struct columns {
    int days_x, due_x, unit_x, unit_w, check_x, check_w, state_x, owner_x, owner_w, what_x;
} columns;

static columns layout(void)
{
    columns c;
    c.days_x = 1;
    c.due_x = c.days_x + 17; /* "12 days overdue" */
    c.unit_x = c.due_x + 11;
    c.unit_w = COLS >= 120 ? 24 : 16;
    c.check_x = c.unit_x + c.unit_w + 1;
    c.check_w = COLS >= 100 ? 22 : 0;
    c.state_x = c.check_x + (c.check_w ? c.check_w + 1 : 0);
    c.owner_x = c.state_x + 9;
    c.owner_w = 12;
    c.what_x = c.owner_x + c.owner_w + 1;
    return c;
}

static void draw_item(app *a, const rect_item *it, int y, const columns *c, bool selected)
{
    attr_t base = selected ? draw_attr(ROLE_CURSOR) : A_NORMAL;
    draw_blank(y, 0, COLS, base);
    strbuf sb = STRBUF_INIT;
    rect_days_words(it->r, a->today, &sb);
    attr_t days = it->overdue ? draw_status_attr(STATUS_FAILED) : draw_attr(ROLE_DIM);
    draw_text(y, c->days_x, c->due_x - c->days_x - 1, sb_str(&sb), base | days, 0);
    char due[DATE_SIZE];
    date_format(it->due, due);
    draw_text(y, c->due_x, 10, due, base, 0);
    draw_text(y, c->unit_x, c->unit_w, roster_name(a->ws, it->unit), base, 0);
    if (c->check_w)
        draw_text(y, c->check_x, c->check_w, it->r->check ? it->r->check->id : "",
                  base | draw_attr(ROLE_DIM), 0);
    draw_text(y, c->state_x, 8, rect_state_title(it->state), base, 0);
    draw_text(y, c->owner_x, c->owner_w, record_text(it->r, "owner"), base, 0);
    const char *what = record_text(it->r, "what");
    char *line = xstrndup(what ? what : "", strcspn(what ? what : "", "\n"));
    if (COLS > c->what_x)
        draw_text(y, c->what_x, COLS - c->what_x, line, base, 0);
    free(line);
    sb_free(&sb);
}

static void draw(app *a, screen *s, int top, int rows)
{
    rectlist_screen *rs = self(s);
    columns c = layout();
    attr_t dim = draw_attr(ROLE_DIM);
    draw_text(top, c.days_x, c.due_x - c.days_x - 1, tr(M_COL_DAYS), dim, 0);
    draw_text(top, c.due_x, 10, tr(M_COL_DUE), dim, 0);
    draw_text(top, c.unit_x, c.unit_w, tr(M_COL_UNIT), dim, 0);
    if (c.check_w)
        draw_text(top, c.check_x, c.check_w, tr(M_COL_CHECK), dim, 0);
    draw_text(top, c.state_x, 8, tr(M_COL_STATE), dim, 0);
    draw_text(top, c.owner_x, c.owner_w, tr(M_COL_OWNER), dim, 0);
    if (COLS > c.what_x)
        draw_text(top, c.what_x, COLS - c.what_x, tr(M_COL_WHAT), dim, 0);
    top++;
    rows--;
    if (!rs->list.n) {
        draw_text(top, 2, COLS - 2, tr(M_TUI_RECT_NONE), dim, 0);
        return;
    }
    list_show(&rs->view, (size_t)rows);
    for (int y = 0; y < rows && rs->view.top + (size_t)y < rs->list.n; y++)
        draw_item(a, &rs->list.items[rs->view.top + (size_t)y], top + y, &c,
                  rs->view.top + (size_t)y == rs->view.cur);
}

static unsigned step(app *a, rectlist_screen *rs, rect_state to)
{
    if (!rs->list.n)
        return H_HANDLED | H_REDRAW;
    const rect_item *it = &rs->list.items[rs->view.cur];
    return rectify_ui_step(a, it->unit, it->r->id, to);
}

static unsigned act(app *a, screen *s, action act)
{
    rectlist_screen *rs = self(s);
    if (list_key(&rs->view, act, rs->list.n)) {
        remember(rs);
        return H_HANDLED | H_REDRAW;
    }
    switch (act) {
    case ACT_OPEN:
        if (rs->list.n)
            app_push(a, checklist_screen_at(a, rs->list.items[rs->view.cur].unit,
                                            rs->list.items[rs->view.cur].r->check));
        return H_HANDLED | H_REDRAW;
    case ACT_BACK:
        app_pop(a);
        return H_HANDLED | H_REDRAW;
    case ACT_RECT_DONE:
        return step(a, rs, RECT_DONE);
    case ACT_RECT_VERIFIED:
        return step(a, rs, RECT_VERIFIED);
    case ACT_RECT_REOPENED:
        return step(a, rs, RECT_REOPENED);
    case ACT_RECT_FILTER:
        rs->show = (rs->show + 1) % SHOW_COUNT;
        rebuild(a, rs);
        return H_HANDLED | H_REDRAW;
    default:
        return 0;
    }
}

static size_t rows(app *a, screen *s)
{
    return self(s)->list.n;
}

static size_t current(app *a, screen *s)
{
    return self(s)->view.cur;
}

static bool match(app *a, screen *s, size_t row, const char *pattern)
{
    const rect_item *it = &self(s)->list.items[row];
    const char *fields[] = {record_text(it->r, "what"), record_text(it->r, "owner"), it->r->id,
                            it->r->check ? it->r->check->id : NULL};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (fields[i] && text_contains(fields[i], pattern))
            return true;
    return roster_matches(a->ws, it->unit, pattern);
}

static void select_row(app *a, screen *s, size_t row)
{
    self(s)->view.cur = row;
    remember(self(s));
}

/* The list points into the units: any change builds it again. */
static void unit_changed(app *a, screen *s, size_t ui)
{
    rebuild(a, self(s));
}

static void units_changed(app *a, screen *s)
{
    rebuild(a, self(s));
}

static void close_screen(app *a, screen *s)
{
    rect_list_free(&self(s)->list);
    free(self(s)->cur_id);
    free(s);
}

static const screen_ops ops = {
    .scopes = S_RECTS,
    .title = title,
    .draw = draw,
    .act = act,
    .rows = rows,
    .current = current,
    .match = match,
    .select = select_row,
    .unit_changed = unit_changed,
    .units_changed = units_changed,
    .close = close_screen,
};

static screen *rectlist_new(app *a)
{
    rectlist_screen *rs = xcalloc(1, sizeof *rs);
    rs->base.ops = &ops;
    rebuild(a, rs);
    return &rs->base;
}

unsigned rectlist_toggle(app *a)
{
    return app_toggle_screen(a, &ops, rectlist_new);
}
