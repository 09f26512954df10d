/* The sheet logic of `qtown import` (report/import_sheet.h). */
#include "report/import_sheet.h"

#include "model/applies.h"
#include "model/ids.h"
#include "model/store.h"
#include "report/format.h"
#include "util/arena.h"
#include "yaml/ydecode.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum col_role {
    COL_IGNORED, /* a column of what qtown writes that import leaves alone */
    COL_KIND,
    COL_ID,
    COL_NAME,
    COL_ATTR,
    COL_UNIT,
    COL_CHECK,
    COL_STATUS,
    COL_STATUS_WORD, /* the report's status in words, beside its codes */
    COL_VALUE,
    COL_NOTE,
} col_role;

typedef struct sheet {
    const char *path;
    const csv_table *t;
    col_role *roles; /* per header cell */
    size_t n_cols;
    bool checks;
    size_t col[COL_NOTE + 1]; /* the column of each role (SIZE_MAX: none) */
} sheet;

/* ---- the cells -------------------------------------------------------- */

static const csv_cell *cell_at(const csv_read_row *row, size_t col)
{
    static const csv_cell empty = {"", 0, 0, false};
    return col != SIZE_MAX && col < row->n ? &row->cells[col] : &empty;
}

/* The problems a model function reported, at the cell; one placed in
 * another file (a unit's file that does not load) keeps its own place. */
static void place(diag_list *dl, const sheet *s, const csv_read_row *row, const csv_cell *c,
                  diag_list *found)
{
    bool elsewhere = false;
    for (size_t i = 0; i < found->count; i++) {
        const diag *d = &found->items[i];
        if (d->file && d->line && !elsewhere)
            diag_add(dl, s->path, c->line ? c->line : row->line, c->line ? c->col : 0, "%s",
                     tr(M_IMPORT_UNIT_BROKEN));
        elsewhere = elsewhere || (d->file && d->line);
        if (d->file && d->line)
            diag_add(dl, d->file, d->line, d->col, "%s", d->msg);
        else
            diag_add(dl, s->path, c->line ? c->line : row->line, c->line ? c->col : 0, "%s",
                     d->msg);
    }
    diag_clear(found);
}

/* Does a cell say what qtown wrote for `stored` (NULL: nothing)?  The
 * writer made control characters visible (report/csv.h), so a text that
 * held one comes back as its visible form, which is no change. */
static bool as_written(const char *cell, const char *stored)
{
    if (!stored || !*stored)
        return !*cell;
    if (strcmp(cell, stored) == 0)
        return true;
    if (!text_needs_escape(stored, TEXT_KEEP_NEWLINE))
        return false;
    char *shown = text_inert(stored, TEXT_KEEP_NEWLINE);
    bool same = strcmp(cell, shown) == 0;
    free(shown);
    return same;
}

/* A number as qtown reads one typed (-5, +3.5, 1e3): what a spreadsheet
 * shows for it is the number, not a formula; hex, inf or nan are not. */
static bool plain_number(const char *s)
{
    double v;
    return unit_read_typed_number(s, &v, NULL) == TYPED_NUMBER;
}

/* A cell a spreadsheet would compute: refused, whatever the column. */
static bool formula_refused(diag_list *dl, const sheet *s, const csv_cell *c)
{
    if (!c->formula || plain_number(c->text))
        return false;
    diag_add(dl, s->path, c->line, c->col, TR(M_IMPORT_FORMULA), c->text[0]);
    return true;
}

static const char *required(diag_list *dl, const sheet *s, const csv_read_row *row, col_role r)
{
    const csv_cell *c = cell_at(row, s->col[r]);
    if (formula_refused(dl, s, c))
        return NULL;
    if (!c->text[0]) {
        const csv_cell *head = &s->t->rows[0].cells[s->col[r]];
        diag_add(dl, s->path, row->line, c->line ? c->col : 0, TR(M_IMPORT_EMPTY_CELL), head->text);
        return NULL;
    }
    return c->text;
}

/* ---- the header ------------------------------------------------------- */

static bool header_is(const char *cell, const char *plain, msg_id report)
{
    return (plain && strcmp(cell, plain) == 0) ||
           (report != MSG_COUNT && (strcmp(cell, tr_in(LANG_EN, report)) == 0 ||
                                    strcmp(cell, tr_in(LANG_ZH, report)) == 0));
}

static bool header_has(const csv_read_row *h, const char *plain, msg_id report)
{
    for (size_t i = 0; i < h->n; i++)
        if (header_is(h->cells[i].text, plain, report))
            return true;
    return false;
}

/* The report's columns import leaves alone. */
static bool report_column(const char *cell)
{
    static const msg_id ignored[] = {
        M_CSV_NAME,     M_CSV_KIND,       M_CSV_KIND_CODE,         M_CSV_CHECK,
        M_CSV_UPDATED,  M_CSV_BY,         M_CSV_RECT_OPEN,         M_CSV_RECT_OVERDUE,
        M_CSV_RECT_DUE, M_CSV_RECT_OWNER, M_CSV_RECT_DAYS_OVERDUE, M_CSV_CHANGES_SINCE,
        M_CSV_EVIDENCE};
    for (size_t i = 0; i < sizeof ignored / sizeof *ignored; i++)
        if (header_is(cell, NULL, ignored[i]))
            return true;
    return false;
}

static col_role checks_role(const char *cell, bool report)
{
    if (header_is(cell, "unit", M_CSV_UNIT_ID))
        return COL_UNIT;
    if (header_is(cell, "check", M_CSV_CHECK_ID))
        return COL_CHECK;
    if (report && header_is(cell, NULL, M_CSV_STATUS_CODE))
        return COL_STATUS;
    if (header_is(cell, report ? NULL : "status", report ? M_CSV_STATUS : MSG_COUNT))
        return report ? COL_STATUS_WORD : COL_STATUS;
    if (header_is(cell, "value", M_CSV_VALUE))
        return COL_VALUE;
    if (header_is(cell, "note", M_CSV_NOTE))
        return COL_NOTE;
    return report && report_column(cell) ? COL_IGNORED : COL_ATTR; /* COL_ATTR: unknown */
}

static col_role units_role(const char *cell)
{
    static const char *const progress[] = {"done", "doing", "failed", "applicable", "percent"};
    if (strcmp(cell, "kind") == 0)
        return COL_KIND;
    if (strcmp(cell, "id") == 0)
        return COL_ID;
    if (strcmp(cell, "name") == 0)
        return COL_NAME;
    for (size_t i = 0; i < sizeof progress / sizeof *progress; i++)
        if (strcmp(cell, progress[i]) == 0)
            return COL_IGNORED;
    return COL_ATTR;
}

/* A column's role, and the problem with it: named twice, or unknown. */
static void header_cell(sheet *s, const plan *p, size_t i, bool report, diag_list *dl)
{
    const csv_cell *c = &s->t->rows[0].cells[i];
    col_role r = s->checks ? checks_role(c->text, report) : units_role(c->text);
    s->roles[i] = r;
    if (r == COL_ATTR && s->checks) {
        diag_add(dl, s->path, c->line, c->col, TR(M_IMPORT_UNKNOWN_COLUMN), c->text);
    } else if (r == COL_ATTR && !plan_find_attribute(p, c->text)) {
        diag_add(dl, s->path, c->line, c->col, TR(M_UNKNOWN_ATTRIBUTE), c->text, p->id);
    } else if (r == COL_IGNORED) {
        /* left alone */
    } else if (r != COL_ATTR && s->col[r] != SIZE_MAX) {
        diag_add(dl, s->path, c->line, c->col, TR(M_IMPORT_COLUMN_TWICE), c->text);
    } else if (r != COL_ATTR) {
        s->col[r] = i;
    }
    for (size_t j = 0; r == COL_ATTR && j < i; j++)
        if (strcmp(s->t->rows[0].cells[j].text, c->text) == 0)
            diag_add(dl, s->path, c->line, c->col, TR(M_IMPORT_COLUMN_TWICE), c->text);
}

/* Which sheet it is and what each column holds; false (with why) when the
 * header is no sheet qtown imports. */
static bool read_header(sheet *s, const plan *p, diag_list *dl)
{
    const csv_read_row *h = &s->t->rows[0];
    for (size_t r = 0; r <= COL_NOTE; r++)
        s->col[r] = SIZE_MAX;
    if (h->n > IMPORT_MAX_COLUMNS) {
        diag_add(dl, s->path, h->line, 0, TR(M_IMPORT_TOO_MANY_COLUMNS), h->n, IMPORT_MAX_COLUMNS);
        return false;
    }
    bool report = header_has(h, NULL, M_CSV_STATUS_CODE);
    s->checks = header_has(h, "check", M_CSV_CHECK_ID);
    s->n_cols = h->n;
    s->roles = xcalloc(h->n, sizeof *s->roles);
    size_t before = dl->count;
    bool shaped = s->checks ? header_has(h, "unit", M_CSV_UNIT_ID) &&
                                  (report || header_has(h, "status", MSG_COUNT))
                            : header_has(h, "kind", MSG_COUNT) && header_has(h, "id", MSG_COUNT) &&
                                  header_has(h, "name", MSG_COUNT);
    if (!shaped) {
        diag_add(dl, s->path, h->line, 1, "%s", tr(M_IMPORT_HEADER));
        return false;
    }
    for (size_t i = 0; i < h->n; i++)
        header_cell(s, p, i, report, dl);
    return dl->count == before;
}

/* ---- the plan of changes ---------------------------------------------- */

/* The entry of unit kind/id, made when new (rows of one unit gather). */
static import_unit *import_entry(import_plan *ip, unit_kind kind, const char *id, int line)
{
    /* a sheet's rows of one unit come together; merge_units joins others */
    import_unit *last = ip->n ? &ip->units[ip->n - 1] : NULL;
    if (last && last->kind == kind && strcmp(last->id, id) == 0)
        return last;
    ip->units = xgrow(ip->units, &ip->cap, ip->n + 1, sizeof *ip->units);
    import_unit *iu = &ip->units[ip->n++];
    memset(iu, 0, sizeof *iu);
    iu->kind = kind;
    iu->id = arena_strdup(ip->mem, id);
    iu->line = line;
    return iu;
}

static int cmp_line(const void *a, const void *b)
{
    const import_unit *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

static int cmp_units(const void *a, const void *b)
{
    const import_unit *x = a, *y = b;
    int c = (x->kind > y->kind) - (x->kind < y->kind);
    if (!c)
        c = strcmp(x->id, y->id);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* One entry per unit (so that each unit is saved once), in the order of
 * the units' first rows. */
static void merge_units(import_plan *ip)
{
    if (!ip->n)
        return; /* qsort may not be given NULL */
    qsort(ip->units, ip->n, sizeof *ip->units, cmp_units);
    size_t kept = 0;
    for (size_t i = 0; i < ip->n; i++) {
        import_unit *to = kept ? &ip->units[kept - 1] : NULL, *from = &ip->units[i];
        if (!to || to->kind != from->kind || strcmp(to->id, from->id) != 0) {
            ip->units[kept++] = *from;
            continue;
        }
        size_t cap = to->cap_checks;
        to->checks =
            xgrow(to->checks, &to->cap_checks, to->n_checks + from->n_checks, sizeof *to->checks);
        to->before = xgrow(to->before, &cap, to->n_checks + from->n_checks, sizeof *to->before);
        memcpy(to->checks + to->n_checks, from->checks, from->n_checks * sizeof *from->checks);
        memcpy(to->before + to->n_checks, from->before, from->n_checks * sizeof *from->before);
        to->n_checks += from->n_checks;
        free(from->checks);
        free(from->before);
        /* a unit sheet's rows of one id: a duplicate, refused by seen_report */
        unit_free(from->added);
        free(from->attrs);
    }
    ip->n = kept;
    qsort(ip->units, ip->n, sizeof *ip->units, cmp_line);
}

void import_plan_free(import_plan *ip)
{
    for (size_t i = 0; i < ip->n; i++) {
        unit_free(ip->units[i].added);
        free(ip->units[i].attrs);
        free(ip->units[i].checks);
        free(ip->units[i].before);
    }
    free(ip->units);
    arena_free(ip->mem);
}

/* Keys of rows seen (a unit's id, a name, a unit and a check), sorted at
 * the end so that a duplicate costs no search per row. */
typedef struct seen_key {
    const char *key;
    int line, col;
} seen_key;

typedef struct seen {
    seen_key *keys;
    size_t n, cap;
} seen;

static void seen_add(seen *s, arena *mem, const char *key, int line, int col)
{
    s->keys = xgrow(s->keys, &s->cap, s->n + 1, sizeof *s->keys);
    s->keys[s->n++] = (seen_key){arena_strdup(mem, key), line, col};
}

static int cmp_seen(const void *a, const void *b)
{
    const seen_key *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Each key given again, at the later place, naming the first line. */
static void seen_report(seen *s, const char *path, msg_id twice, diag_list *dl)
{
    if (s->n)
        qsort(s->keys, s->n, sizeof *s->keys, cmp_seen);
    for (size_t i = 1, first = 0; i < s->n; i++) {
        if (strcmp(s->keys[i].key, s->keys[first].key) != 0) {
            first = i;
            continue;
        }
        const seen_key *k = &s->keys[i];
        if (twice == M_IMPORT_CHECK_TWICE)
            diag_add(dl, path, k->line, k->col, TR(M_IMPORT_CHECK_TWICE), k->key,
                     s->keys[first].line);
        else if (twice == M_IMPORT_NAME_TWICE)
            diag_add(dl, path, k->line, k->col, TR(M_IMPORT_NAME_TWICE), k->key,
                     s->keys[first].line);
        else
            diag_add(dl, path, k->line, k->col, TR(M_IMPORT_UNIT_TWICE), k->key,
                     s->keys[first].line);
    }
    free(s->keys);
}

/* Cells past the header's must be empty (Excel leaves trailing empty
 * cells out of some rows, so fewer are fine: they are empty). */
static bool row_fits(diag_list *dl, const sheet *s, const csv_read_row *row)
{
    for (size_t i = s->n_cols; i < row->n; i++)
        if (row->cells[i].text[0]) {
            diag_add(dl, s->path, row->cells[i].line, row->cells[i].col, TR(M_IMPORT_PAST_HEADER),
                     s->n_cols);
            return false;
        }
    return true;
}

/* ---- a units sheet ----------------------------------------------------- */

typedef struct units_pass {
    workspace *ws;
    const sheet *s;
    import_plan *ip;
    seen ids, names;
    diag_list *dl;
} units_pass;

/* Does the cell give the attribute the value it has?  Excel writes true
 * back as TRUE and may respell a number (1180.0, 1.18E+3): the same
 * value is no change. */
static bool same_attr(const char *cell, const unit_attr *old)
{
    double v;
    bool b;
    if (as_written(cell, old ? old->text : NULL))
        return true;
    if (old && old->type == ATTR_BOOL)
        return yd_parse_bool(cell, &b) && b == old->boolean;
    if (old && old->type == ATTR_NUMBER)
        return unit_read_typed_number(cell, &v, NULL) == TYPED_NUMBER && v == old->number;
    return false;
}

/* An attribute cell of an existing unit: a change when it differs (an
 * empty cell removes the attribute), checked as `qtown edit` checks it. */
static void attr_cell_existing(units_pass *up, const csv_read_row *row, size_t col, ws_unit *wu,
                               import_unit *iu)
{
    const csv_cell *c = cell_at(row, col);
    const char *key = up->s->t->rows[0].cells[col].text;
    const unit_attr *old = unit_find_attr(wu->u, key);
    if (same_attr(c->text, old))
        return;
    attr_change ac = {arena_strdup(up->ip->mem, key), c->text[0] ? c->text : NULL};
    unit_edit e = {NULL, &ac, 1};
    name_verdict v;
    diag_list found = DIAG_LIST_INIT;
    if (!store_edit_unit_valid(up->ws, wu, &e, &v, &found)) {
        place(up->dl, up->s, row, c, &found);
        return;
    }
    iu->attrs = xgrow(iu->attrs, &iu->cap_attrs, iu->n_attrs + 1, sizeof *iu->attrs);
    iu->attrs[iu->n_attrs++] = ac;
}

/* The name cell: the one rule for names, and no two rows giving one. */
static bool name_ok(units_pass *up, const csv_read_row *row, unit_kind kind, const char *id,
                    const char *name)
{
    const csv_cell *c = cell_at(row, up->s->col[COL_NAME]);
    diag_list found = DIAG_LIST_INIT;
    if (workspace_check_name(up->ws, name, kind, id, &found) != NAME_OK) {
        place(up->dl, up->s, row, c, &found);
        return false;
    }
    seen_add(&up->names, up->ip->mem, name, c->line, c->col);
    return true;
}

static void existing_unit(units_pass *up, const csv_read_row *row, ws_unit *wu, const char *name)
{
    size_t before = up->dl->count;
    import_unit *iu = import_entry(up->ip, wu->kind, wu->id, row->line);
    if (strcmp(name, wu->u->name) != 0 && name_ok(up, row, wu->kind, wu->id, name))
        iu->name = name;
    for (size_t i = 0; i < up->s->n_cols; i++)
        if (up->s->roles[i] == COL_ATTR && !formula_refused(up->dl, up->s, cell_at(row, i)))
            attr_cell_existing(up, row, i, wu, iu);
    if (wu->kind == KIND_TOWN && (iu->name || iu->n_attrs) && up->dl->count == before)
        diag_add(up->dl, up->s->path, row->line, 1, "%s", tr(M_EDIT_TOWN));
}

static void new_unit(units_pass *up, const csv_read_row *row, unit_kind kind, const char *id,
                     const char *name)
{
    if (kind == KIND_TOWN) {
        const csv_cell *c = cell_at(row, up->s->col[COL_KIND]);
        diag_add(up->dl, up->s->path, c->line, c->col, TR(M_CLI_BAD_UNIT_KIND), c->text);
        return;
    }
    if (!name_ok(up, row, kind, id, name))
        return;
    unit *u = unit_new(kind, id, name);
    for (size_t i = 0; i < up->s->n_cols; i++) {
        const csv_cell *c = cell_at(row, i);
        if (up->s->roles[i] != COL_ATTR || !c->text[0] || formula_refused(up->dl, up->s, c))
            continue;
        diag_list found = DIAG_LIST_INIT;
        if (!unit_set_attr(u, &up->ws->plan, up->s->t->rows[0].cells[i].text, c->text, &found))
            place(up->dl, up->s, row, c, &found);
    }
    import_unit *iu = import_entry(up->ip, kind, id, row->line);
    unit_free(iu->added); /* the id given twice: refused, see seen_report */
    iu->added = u;
}

/* The unit file of id under the other kind, if there is one. */
static bool other_kind_has(workspace *ws, unit_kind kind, const char *id)
{
    unit_kind other = kind == KIND_VILLAGE ? KIND_ENTERPRISE : KIND_VILLAGE;
    char *path = workspace_unit_path(ws, other, id);
    bool there = fs_tree_exists(&ws->tree, path);
    free(path);
    return there;
}

static void units_row(units_pass *up, const csv_read_row *row)
{
    const char *kind_text = required(up->dl, up->s, row, COL_KIND);
    const char *id = required(up->dl, up->s, row, COL_ID);
    const char *name = required(up->dl, up->s, row, COL_NAME);
    const csv_cell *kc = cell_at(row, up->s->col[COL_KIND]);
    const csv_cell *ic = cell_at(row, up->s->col[COL_ID]);
    unit_kind kind;
    if (!kind_text || !id || !name)
        return;
    if (!unit_kind_parse(kind_text, &kind)) {
        diag_add(up->dl, up->s->path, kc->line, kc->col, TR(M_CLI_BAD_UNIT_KIND), kind_text);
        return;
    }
    bool town = kind == KIND_TOWN && strcmp(id, "town") == 0;
    if (!town && !id_is_unit_id(id)) {
        diag_add(up->dl, up->s->path, ic->line, ic->col, TR(M_CLI_BAD_UNIT_ID), id, ID_MAX_LEN);
        return;
    }
    seen_add(&up->ids, up->ip->mem, id, ic->line, ic->col);
    if (!town && other_kind_has(up->ws, kind, id)) {
        diag_add(up->dl, up->s->path, ic->line, ic->col,
                 kind == KIND_VILLAGE ? TR(M_ENTERPRISE_EXISTS) : TR(M_VILLAGE_EXISTS), id);
        return;
    }
    char *path = town ? NULL : workspace_unit_path(up->ws, kind, id);
    bool exists = town || fs_tree_exists(&up->ws->tree, path);
    free(path);
    if (!exists) {
        new_unit(up, row, kind, id, name);
        return;
    }
    bool missing;
    diag_list found = DIAG_LIST_INIT;
    ws_unit *wu = workspace_find_unit(up->ws, id, &missing, &found);
    if (wu)
        existing_unit(up, row, wu, name);
    else
        place(up->dl, up->s, row, ic, &found);
}

/* ---- a checks sheet ---------------------------------------------------- */

/* Does the report's status in words name `st` (either language)? */
static bool word_names(const char *word, status st)
{
    status parsed;
    return strcmp(word, tr_status_in(LANG_ZH, st)) == 0 ||
           strcmp(word, tr_status_in(LANG_EN, st)) == 0 ||
           (status_parse(word, &parsed) && parsed == st);
}

static void unknown_check(diag_list *dl, const sheet *s, const csv_cell *c, const plan *p)
{
    diag_list found = DIAG_LIST_INIT;
    plan_unknown_check_diag(p, c->text, &found);
    diag_add(dl, s->path, c->line, c->col, "%s", found.items[0].msg);
    diag_clear(&found);
}

typedef struct checks_pass {
    workspace *ws;
    const sheet *s;
    import_plan *ip;
    seen rows;
    /* the unit of the row before (a report's rows of a unit come together) */
    const char *last_key;
    size_t last_unit;
    diag_list *dl;
} checks_pass;

/* The status cells: the code, and the report's words beside it, which
 * must say the same or still say the status now (`now`; STATUS_COUNT:
 * not known), so that a word changed without its code is not ignored. */
static bool status_cells(checks_pass *cp, const csv_read_row *row, status now, status *st)
{
    const char *code = required(cp->dl, cp->s, row, COL_STATUS);
    const csv_cell *c = cell_at(row, cp->s->col[COL_STATUS]);
    if (!code)
        return false;
    if (!status_parse(code, st)) {
        strbuf choices = STRBUF_INIT;
        tr_status_choices(&choices, false);
        diag_add(cp->dl, cp->s->path, c->line, c->col, TR(M_UNKNOWN_STATUS), code,
                 sb_str(&choices));
        sb_free(&choices);
        return false;
    }
    const csv_cell *w = cell_at(row, cp->s->col[COL_STATUS_WORD]);
    if (w->text[0] && !word_names(w->text, *st) &&
        (now == STATUS_COUNT || !word_names(w->text, now))) {
        diag_add(cp->dl, cp->s->path, w->line, w->col, TR(M_IMPORT_STATUS_DISAGREE), w->text, code);
        return false;
    }
    return true;
}

/* The value cell against the check's value now: a change when it says
 * something else than what the report would write (an empty cell removes
 * the value). */
static bool value_cell(checks_pass *cp, const csv_read_row *row, const check_state *cs,
                       check_change *ch)
{
    const csv_cell *c = cell_at(row, cp->s->col[COL_VALUE]);
    if (cp->s->col[COL_VALUE] == SIZE_MAX || formula_refused(cp->dl, cp->s, c))
        return cp->s->col[COL_VALUE] == SIZE_MAX;
    strbuf now = STRBUF_INIT;
    if (cs && cs->has_value)
        fmt_number(&now, cs->value);
    bool same = strcmp(sb_str(&now), c->text) == 0;
    sb_free(&now);
    char *text = NULL;
    typed_number t = same ? TYPED_BLANK : unit_read_typed_number(c->text, &ch->value, &text);
    /* the same number spelt otherwise (Excel's 96.80) is no change */
    if (same || (t == TYPED_NUMBER && cs && cs->has_value && ch->value == cs->value)) {
        free(text);
        return true;
    }
    if (t == TYPED_NOT_A_NUMBER) {
        diag_add(cp->dl, cp->s->path, c->line, c->col, TR(M_IMPORT_NOT_A_NUMBER), c->text);
        return false;
    }
    if (!ch->check->numeric || ch->check->counted == COUNT_MEETINGS) {
        if (!ch->check->numeric)
            diag_add(cp->dl, cp->s->path, c->line, c->col, TR(M_CHECK_NO_VALUE), ch->check->id);
        else
            diag_add(cp->dl, cp->s->path, c->line, c->col, TR(M_STORE_COUNTED), ch->check->id);
        free(text);
        return false;
    }
    ch->set_value = true;
    ch->has_value = t == TYPED_NUMBER;
    ch->value_text = text ? arena_strdup(cp->ip->mem, text) : NULL;
    free(text);
    return true;
}

static bool note_cell(checks_pass *cp, const csv_read_row *row, const check_state *cs,
                      check_change *ch)
{
    const csv_cell *c = cell_at(row, cp->s->col[COL_NOTE]);
    if (cp->s->col[COL_NOTE] == SIZE_MAX)
        return true;
    if (formula_refused(cp->dl, cp->s, c))
        return false;
    if (strlen(c->text) > UNIT_MAX_NOTE) {
        diag_add(cp->dl, cp->s->path, c->line, c->col, TR(M_NOTE_TOO_LONG), UNIT_MAX_NOTE);
        return false;
    }
    if (!as_written(c->text, cs ? cs->note : NULL)) {
        ch->set_note = true;
        ch->note = c->text;
    }
    return true;
}

/* The unit a row names, as `qtown set` finds it (by id or name). */
static ws_unit *row_unit(checks_pass *cp, const csv_read_row *row, const char *key,
                         const csv_cell *c)
{
    if (cp->last_key && strcmp(cp->last_key, key) == 0)
        return &cp->ws->units[cp->last_unit];
    bool missing;
    diag_list found = DIAG_LIST_INIT;
    ws_unit *wu = workspace_find_unit(cp->ws, key, &missing, &found);
    if (!wu) {
        place(cp->dl, cp->s, row, c, &found);
        cp->last_key = NULL;
        return NULL;
    }
    cp->last_key = key;
    cp->last_unit = (size_t)(wu - cp->ws->units);
    return wu;
}

/* The unit and the check of a row, as `qtown set` finds them. */
static ws_unit *row_target(checks_pass *cp, const csv_read_row *row, const plan_check **pc)
{
    const char *key = required(cp->dl, cp->s, row, COL_UNIT);
    const char *check = required(cp->dl, cp->s, row, COL_CHECK);
    const csv_cell *uc = cell_at(row, cp->s->col[COL_UNIT]);
    const csv_cell *cc = cell_at(row, cp->s->col[COL_CHECK]);
    if (!key || !check)
        return NULL;
    *pc = plan_find_check(&cp->ws->plan, check);
    if (!*pc)
        unknown_check(cp->dl, cp->s, cc, &cp->ws->plan);
    ws_unit *wu = row_unit(cp, row, key, uc);
    if (!wu || !*pc)
        return NULL;
    if (!((*pc)->kinds & (unsigned)wu->kind)) {
        diag_add(cp->dl, cp->s->path, cc->line, cc->col, TR(M_CHECK_NOT_FOR_KIND), (*pc)->id,
                 tr_kind(wu->kind));
        return NULL;
    }
    if (!unit_carries(wu->u, *pc)) {
        strbuf why = STRBUF_INIT;
        filter_describe(&(*pc)->where, &why);
        diag_add(cp->dl, cp->s->path, cc->line, cc->col, TR(M_SET_NOT_CARRIED), (*pc)->id, wu->id,
                 sb_str(&why));
        sb_free(&why);
        return NULL;
    }
    char *row_key = xasprintf("%s %s", wu->id, (*pc)->id);
    seen_add(&cp->rows, cp->ip->mem, row_key, row->line, 1);
    free(row_key);
    return wu;
}

static void checks_row(checks_pass *cp, const csv_read_row *row)
{
    const plan_check *pc = NULL;
    ws_unit *wu = row_target(cp, row, &pc);
    status st, before = wu ? unit_status_of(wu->u, pc) : STATUS_COUNT;
    bool st_ok = status_cells(cp, row, before, &st);
    if (!wu || !st_ok)
        return;
    const check_state *cs = unit_state_of(wu->u, pc);
    check_change ch = {.check = pc};
    ch.set_status = st != before;
    ch.status = st;
    bool ok = value_cell(cp, row, cs, &ch);
    ok = note_cell(cp, row, cs, &ch) && ok;
    if (!ok || (!ch.set_status && !ch.set_value && !ch.set_note))
        return;
    import_unit *iu = import_entry(cp->ip, wu->kind, wu->id, row->line);
    size_t cap = iu->cap_checks;
    iu->checks = xgrow(iu->checks, &iu->cap_checks, iu->n_checks + 1, sizeof *iu->checks);
    iu->before = xgrow(iu->before, &cap, iu->n_checks + 1, sizeof *iu->before);
    iu->before[iu->n_checks] = before;
    iu->checks[iu->n_checks++] = ch;
}

/* ---- reading ----------------------------------------------------------- */

static bool read_sheet(workspace *ws, sheet *s, import_plan *ip, diag_list *dl)
{
    if (s->t->n == 0) {
        diag_add(dl, s->path, 0, 0, "%s", tr(M_IMPORT_EMPTY));
        return false;
    }
    if (!read_header(s, &ws->plan, dl))
        return false;
    units_pass up = {ws, s, ip, {0}, {0}, dl};
    checks_pass cp = {ws, s, ip, {0}, NULL, SIZE_MAX, dl};
    for (size_t r = 1; r < s->t->n; r++) {
        const csv_read_row *row = &s->t->rows[r];
        if (!row_fits(dl, s, row))
            continue;
        if (s->checks)
            checks_row(&cp, row);
        else
            units_row(&up, row);
    }
    seen_report(&up.ids, s->path, M_IMPORT_UNIT_TWICE, dl);
    seen_report(&up.names, s->path, M_IMPORT_NAME_TWICE, dl);
    seen_report(&cp.rows, s->path, M_IMPORT_CHECK_TWICE, dl);
    merge_units(ip);
    return dl->count == 0;
}

bool import_sheet_load(const char *path, charset cs, csv_table *t, charset *used, diag_list *dl)
{
    char *buf = NULL, *text = NULL;
    size_t len = 0, text_len = 0;
    file_stamp stamp;
    bool ok = fs_read_file(path, IMPORT_MAX_BYTES, &buf, &len, &stamp, dl) == FS_OK &&
              charset_to_utf8(path, buf, len, cs, &text, &text_len, used, dl) &&
              csv_read(path, text, text_len, t, dl);
    free(buf);
    free(text);
    return ok;
}

bool import_sheet_read(workspace *ws, const char *path, const csv_table *t, import_plan *ip,
                       diag_list *dl)
{
    sheet s = {path, t, NULL, 0, false, {0}};
    bool ok = read_sheet(ws, &s, ip, dl);
    free(s.roles);
    return ok;
}

void import_plan_init(import_plan *ip)
{
    *ip = (import_plan){arena_new(4096), NULL, 0, 0};
}

/* ---- applying ------------------------------------------------------------ */

static size_t change_count(const import_unit *iu)
{
    return (iu->added ? 1 : 0) + (iu->name ? 1 : 0) + iu->n_attrs + iu->n_checks;
}

/* Saves one unit's changes through the store, as add, edit and set do. */
static bool apply_unit(workspace *ws, import_unit *iu, const char *by, diag_list *dl)
{
    name_verdict v;
    if (iu->added) {
        unit *u = iu->added;
        iu->added = NULL; /* the store owns it now */
        return store_add_unit(ws, u, &v, dl) != NULL;
    }
    store_result res;
    ws_unit *wu = workspace_entry(ws, iu->kind, iu->id);
    if (iu->name || iu->n_attrs) {
        unit_edit e = {iu->name, iu->attrs, iu->n_attrs};
        if (!store_edit_unit(ws, wu, &e, by, &res, dl))
            return false;
    }
    return !iu->n_checks || store_apply(ws, wu, iu->checks, iu->n_checks, by, &res, dl);
}

/* The first unit the plan changes, and whether it gives any unit a name. */
static const import_unit *first_change(const import_plan *ip, bool *names)
{
    const import_unit *first = NULL;
    *names = false;
    for (size_t i = 0; i < ip->n; i++) {
        const import_unit *iu = &ip->units[i];
        if (change_count(iu) && !first)
            first = iu;
        *names = *names || iu->added || iu->name;
    }
    return first;
}

/* The names the rows give, checked again (and all of them before any is
 * written) once the names' lock is held: another qtown may have taken
 * one since the rows were read. */
static bool names_still_free(workspace *ws, const import_plan *ip, diag_list *dl)
{
    for (size_t i = 0; i < ip->n; i++) {
        const import_unit *iu = &ip->units[i];
        const char *name = iu->added ? iu->added->name : iu->name;
        if (name && workspace_check_name(ws, name, iu->kind, iu->id, dl) != NAME_OK)
            return false;
    }
    return true;
}

bool import_apply(workspace *ws, import_plan *ip, bool dry_run, const char *by,
                  import_tell_fn *tell, void *ctx, import_outcome *out, diag_list *dl)
{
    *out = (import_outcome){0, 0, NULL};
    bool names;
    const import_unit *first = first_change(ip, &names);
    /* new names: one lock, one reading of every name, for the whole sheet */
    fs_lock lock;
    bool locked = first && names && !dry_run;
    if (locked && !store_lock_names(ws, &lock, dl)) {
        out->stopped_at = first->id;
        return false;
    }
    if (locked && !names_still_free(ws, ip, dl))
        out->stopped_at = first->id;
    for (size_t i = 0; i < ip->n && !out->stopped_at; i++) {
        import_unit *iu = &ip->units[i];
        if (!change_count(iu))
            continue;
        size_t count = change_count(iu);
        ws_unit *wu = iu->added ? NULL : workspace_entry(ws, iu->kind, iu->id);
        tell(ctx, iu, wu ? wu->u : NULL);
        if (!dry_run && !apply_unit(ws, iu, by, dl)) {
            out->stopped_at = iu->id;
            break;
        }
        out->changes += count;
        out->units++;
    }
    if (locked)
        store_unlock_names(ws, &lock);
    return !out->stopped_at;
}
