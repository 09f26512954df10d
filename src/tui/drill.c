#include "tui/drill.h"

#include "i18n/i18n.h"
#include "model/summary.h"
#include "report/format.h"
#include "tui/checklist.h"
#include "tui/motion.h"
#include "tui/overview.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

typedef struct drill_row {
    size_t unit;
    ind_outcome outcome; /* targets */
    bool has_value;
    double value;
    unit_progress pr; /* items */
} drill_row;

typedef struct drill_screen {
    screen base;
    screen *parent;
    bool is_target; /* else an objective or a measure */
    size_t index;   /* into the overview's targets or items */
    unsigned generation;
    drill_row *rows;
    size_t n_rows;
    list_view view; /* every row selectable */
} drill_screen;

static drill_screen *self(screen *s)
{
    return (drill_screen *)s;
}

/* The order units are listed in: who needs attention first. */
static int outcome_rank(ind_outcome o)
{
    static const int rank[] = {[OUTCOME_MISSES] = 0,
                               [OUTCOME_NO_VALUE] = 1,
                               [OUTCOME_MEETS] = 2,
                               [OUTCOME_VALUE] = 3,
                               [OUTCOME_NA] = 4};
    return rank[o];
}

static int cmp_target_rows(const void *x, const void *y)
{
    const drill_row *a = x, *b = y;
    int d = outcome_rank(a->outcome) - outcome_rank(b->outcome);
    return d ? d : (a->unit > b->unit) - (a->unit < b->unit);
}

static int cmp_item_rows(const void *x, const void *y)
{
    const drill_row *a = x, *b = y;
    /* nothing applicable (all n/a) last; then the least advanced first */
    if ((a->pr.applicable == 0) != (b->pr.applicable == 0))
        return a->pr.applicable == 0 ? 1 : -1;
    int pa = progress_percent(&a->pr), pb = progress_percent(&b->pr);
    if (pa != pb)
        return pa < pb ? -1 : 1;
    return (a->unit > b->unit) - (a->unit < b->unit);
}

/* Rebuilds the rows from the overview when it was recomputed, keeping the
 * cursor on the same unit. */
static const overview *sync_rows(app *a, drill_screen *ds)
{
    unsigned generation;
    const overview *ov = overview_screen_data(a, ds->parent, &generation);
    if (ds->rows && generation == ds->generation)
        return ov;
    size_t keep = ds->n_rows ? ds->rows[ds->view.cur].unit : SIZE_MAX;
    free(ds->rows);
    ds->rows = xcalloc(ov->n_units + 1, sizeof *ds->rows);
    ds->n_rows = 0;
    if (ds->is_target) {
        size_t n;
        ind_unit *units = indicator_units(a->ws, ov->targets[ds->index].ind, &n);
        for (size_t i = 0; i < n; i++)
            ds->rows[ds->n_rows++] = (drill_row){.unit = units[i].unit,
                                                 .outcome = units[i].outcome,
                                                 .has_value = units[i].has_value,
                                                 .value = units[i].value};
        free(units);
        qsort(ds->rows, ds->n_rows, sizeof *ds->rows, cmp_target_rows);
    } else {
        for (size_t i = 0; i < ov->n_units; i++) {
            unit_progress pr = overview_unit_item(ov, i, ds->index);
            if (ov->units[i].loaded && (pr.applicable || pr.na))
                ds->rows[ds->n_rows++] = (drill_row){.unit = i, .pr = pr};
        }
        qsort(ds->rows, ds->n_rows, sizeof *ds->rows, cmp_item_rows);
    }
    ds->view.cur = 0;
    for (size_t i = 0; i < ds->n_rows; i++)
        if (ds->rows[i].unit == keep)
            ds->view.cur = i;
    ds->generation = generation;
    return ov;
}

/* ---- drawing ----------------------------------------------------------- */

static void title(app *a, screen *s, title_bar *t)
{
    drill_screen *ds = self(s);
    const overview *ov = sync_rows(a, ds);
    lang l = i18n_lang();
    strbuf what = STRBUF_INIT, full = STRBUF_INIT;
    if (ds->is_target)
        sb_puts(&what, text2_get(&ov->targets[ds->index].ind->title, l));
    else
        sb_printf(&what, "%s %s", ov->items[ds->index].item->id,
                  text2_get(&ov->items[ds->index].item->title, l));
    sb_printf(&full, "qtown  %s > %s", tr(M_TUI_OVERVIEW), sb_str(&what));
    title_add(t, TITLE_NAME, sb_str(&full), sb_str(&what));
    sb_free(&what);
    sb_free(&full);
}

/* The lines above the list; returns how many were drawn. */
static int draw_head(drill_screen *ds, const overview *ov, int top, int rows)
{
    lang l = i18n_lang();
    text_lines tl = {0};
    strbuf sb = STRBUF_INIT;
    attr_t first = A_BOLD;
    if (ds->is_target) {
        const ind_result *r = &ov->targets[ds->index];
        sb_printf(&sb, "%s   %s%s", fmt_verdict(r->verdict), tr(M_COL_ACTUAL), tr(M_TUI_COLON));
        fmt_target_actual(&sb, r, l);
        sb_printf(&sb, "   %s%s", tr(M_TARGET), tr(M_TUI_COLON));
        fmt_target_goal(&sb, r, l);
        if (r->verdict == VERDICT_UNKNOWN)
            sb_printf(&sb, "   (%s)", fmt_unknown_why(r->why));
        wrap_text(&tl, sb_str(&sb), COLS - 1);
        if (r->ind->source) {
            sb_reset(&sb);
            sb_printf(&sb, "%s%s%s", tr(M_TUI_SOURCE), tr(M_TUI_COLON), r->ind->source);
            wrap_text(&tl, sb_str(&sb), COLS - 1);
        }
        const char *reading = text2_get(&r->ind->reading, l);
        if (*reading) { /* the plan's own reading, not the document's words */
            sb_reset(&sb);
            sb_printf(&sb, "%s%s%s", tr(M_TUI_PLAN_READING), tr(M_TUI_COLON), reading);
            wrap_text(&tl, sb_str(&sb), COLS - 1);
        }
        first = A_BOLD | (r->verdict == VERDICT_MET       ? draw_status_attr(STATUS_DONE)
                          : r->verdict == VERDICT_NOT_MET ? draw_status_attr(STATUS_FAILED)
                                                          : draw_attr(ROLE_DIM));
    } else {
        const unit_progress *pr = &ov->items[ds->index].total;
        sb_putc(&sb, '[');
        fmt_bar(&sb, pr, COLS >= 70 ? 30 : 12);
        sb_printf(&sb, "]  %zu/%zu  %d%%", pr->done, pr->applicable, progress_percent(pr));
        if (pr->failed) {
            sb_puts(&sb, "  ");
            sb_printf(&sb, tr(M_FAILED_COUNT), pr->failed);
        }
        text_lines_add(&tl, sb_str(&sb));
        wrap_text(&tl, text2_get(&ov->items[ds->index].item->text, l), COLS - 1);
    }
    int y = 0;
    for (size_t i = 0; i < tl.n && y < rows - 1; i++)
        draw_text(top + y++, 1, COLS - 1, tl.v[i], i == 0 ? first : draw_attr(ROLE_DIM), 0);
    text_lines_free(&tl);
    sb_free(&sb);
    return y;
}

static attr_t outcome_attr(ind_outcome o)
{
    return o == OUTCOME_MEETS                             ? draw_status_attr(STATUS_DONE)
           : o == OUTCOME_MISSES || o == OUTCOME_NO_VALUE ? draw_status_attr(STATUS_FAILED)
                                                          : draw_attr(ROLE_DIM);
}

static void draw_row(app *a, drill_screen *ds, const overview *ov, size_t i, int y)
{
    const drill_row *r = &ds->rows[i];
    attr_t base = i == ds->view.cur ? draw_attr(ROLE_CURSOR) : A_NORMAL;
    draw_blank(y, 0, COLS, base);
    int name_w = COLS >= 100 ? 36 : COLS / 3, id_w = COLS >= 70 ? 22 : 0;
    int x = 1;
    strbuf sb = STRBUF_INIT;
    if (ds->is_target) {
        draw_text(y, x, 9, fmt_outcome(r->outcome), base | outcome_attr(r->outcome), 0);
        x += 10;
    } else {
        sb_putc(&sb, '[');
        fmt_bar(&sb, &r->pr, 12);
        sb_printf(&sb, "] %3zu/%-3zu", r->pr.done, r->pr.applicable);
        draw_text(y, x, 22, sb_str(&sb), base, 0);
        x += 23;
    }
    draw_text(y, x, name_w, roster_short_name(&a->roster, r->unit, name_w), base, 0);
    x += name_w + 1;
    if (id_w)
        draw_text(y, x, id_w - 1, a->ws->units[r->unit].id, base | draw_attr(ROLE_DIM), 0);
    x += id_w;
    sb_reset(&sb);
    if (ds->is_target && r->has_value) {
        const plan_check *c = ov->targets[ds->index].ind->check;
        fmt_number(&sb, r->value);
        const char *unit_text = value_unit_text(&c->unit, i18n_lang(), r->value);
        if (*unit_text)
            sb_printf(&sb, " %s", unit_text);
    } else if (!ds->is_target && r->pr.failed) {
        sb_printf(&sb, tr(M_FAILED_COUNT), r->pr.failed);
    }
    if (x < COLS)
        draw_text(y, x, COLS - x, sb_str(&sb),
                  base | (ds->is_target ? 0 : draw_status_attr(STATUS_FAILED)), 0);
    sb_free(&sb);
}

static int list_rows(int rows, int head)
{
    return rows - head - 1; /* a blank line under the head */
}

static void draw(app *a, screen *s, int top, int rows)
{
    drill_screen *ds = self(s);
    const overview *ov = sync_rows(a, ds);
    int head = draw_head(ds, ov, top, rows);
    int n = list_rows(rows, head);
    if (n <= 0)
        return;
    int y0 = top + head + 1;
    if (!ds->n_rows) {
        draw_text(y0, 1, COLS - 1, tr(M_WHY_NO_UNITS), draw_attr(ROLE_DIM), 0);
        return;
    }
    list_show(&ds->view, (size_t)n);
    for (int y = 0; y < n && ds->view.top + (size_t)y < ds->n_rows; y++)
        draw_row(a, ds, ov, ds->view.top + (size_t)y, y0 + y);
}

/* ---- acting ------------------------------------------------------------ */

/* The check a unit's checklist opens on: the one behind the target, or,
 * for an objective or a measure, its first check the unit failed, else
 * its first one not done (NULL: none is carried). */
static const plan_check *check_behind(const app *a, const drill_screen *ds, const overview *ov,
                                      size_t ui)
{
    if (ds->is_target)
        return ov->targets[ds->index].ind->check;
    const plan_item *it = ov->items[ds->index].item;
    /* from its summary: the unit itself is read by the checklist */
    const unit_summary *u = a->ws->units[ui].sum;
    const plan_check *first_open = NULL;
    for (size_t c = 0; u && c < it->n_checks; c++) {
        const plan_check *pc = &it->checks[c];
        if (!(pc->kinds & (unsigned)u->kind))
            continue;
        status st = summary_status(u, pc);
        if (status_failed(st))
            return pc;
        if (!first_open && st != STATUS_DONE && status_applicable(st))
            first_open = pc;
    }
    return first_open;
}

static unsigned act(app *a, screen *s, action act)
{
    drill_screen *ds = self(s);
    sync_rows(a, ds);
    if (list_key(&ds->view, act, ds->n_rows))
        return H_HANDLED | H_REDRAW;
    switch (act) {
    case ACT_OPEN:
        if (ds->n_rows) {
            size_t ui = ds->rows[ds->view.cur].unit;
            const overview *ov = overview_screen_data(a, ds->parent, NULL);
            app_push(a, checklist_screen_at(a, ui, check_behind(a, ds, ov, ui)));
        }
        break;
    case ACT_BACK:
        app_pop(a);
        break;
    default:
        return 0;
    }
    return H_HANDLED | H_REDRAW;
}

/* ---- search ------------------------------------------------------------ */

static size_t rows(app *a, screen *s)
{
    sync_rows(a, self(s));
    return self(s)->n_rows;
}

static size_t current(app *a, screen *s)
{
    (void)a;
    return self(s)->view.cur;
}

static bool match(app *a, screen *s, size_t i, const char *pattern)
{
    return roster_matches(a->ws, self(s)->rows[i].unit, pattern);
}

static void select_row(app *a, screen *s, size_t i)
{
    (void)a;
    self(s)->view.cur = i;
}

static void close_screen(app *a, screen *s)
{
    (void)a;
    free(self(s)->rows);
    free(s);
}

static const screen_ops ops = {
    .scopes = 0,
    .title = title,
    .draw = draw,
    .act = act,
    .rows = rows,
    .current = current,
    .match = match,
    .select = select_row,
    .close = close_screen,
};

static screen *drill_new(app *a, screen *parent, bool is_target, size_t index)
{
    drill_screen *ds = xcalloc(1, sizeof *ds);
    ds->base.ops = &ops;
    ds->parent = parent;
    ds->is_target = is_target;
    ds->index = index;
    sync_rows(a, ds);
    return &ds->base;
}

screen *drill_target_new(app *a, screen *parent, size_t target)
{
    return drill_new(a, parent, true, target);
}

screen *drill_item_new(app *a, screen *parent, size_t item)
{
    return drill_new(a, parent, false, item);
}
