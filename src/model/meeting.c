#include "model/meeting.h"

#include "i18n/i18n.h"
#include "model/ids.h"
#include "model/timestamp.h"
#include "util/text.h"
#include "util/xalloc.h"
#include "yaml/ydecode.h"
#include "yaml/ywriter.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void meeting_init(meeting *m, int64_t date)
{
    memset(m, 0, sizeof *m);
    m->mem = arena_new(4096);
    m->date = date;
}

void meeting_free(meeting *m)
{
    arena_free(m->mem);
    memset(m, 0, sizeof *m);
}

bool meeting_file_name(const char *name, int64_t *date)
{
    char day[DATE_SIZE];
    size_t n = strlen(name);
    /* YYYY-MM-DD-xxxxxx.yaml */
    if (n != DATE_SIZE - 1 + 1 + 6 + 5 || name[DATE_SIZE - 1] != '-' ||
        strcmp(name + n - 5, ".yaml") != 0)
        return false;
    for (size_t i = DATE_SIZE; i < DATE_SIZE + 6; i++)
        if (!isxdigit((unsigned char)name[i]) || isupper((unsigned char)name[i]))
            return false;
    memcpy(day, name, DATE_SIZE - 1);
    day[DATE_SIZE - 1] = '\0';
    int64_t d;
    if (!date_parse(day, &d))
        return false;
    if (date)
        *date = d;
    return true;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct meeting_reader {
    ydec d;
    meeting *m;
    const plan *p;
} meeting_reader;

/* What a list of one-line texts holds: names, or ids of a kind. */
typedef enum line_kind { LINE_NAME, LINE_UNIT, LINE_CHECK, LINE_TARGET } line_kind;

/* Whether s is a valid item of the kind; if not, says why at `at`. */
static bool line_valid(meeting_reader *r, const ynode *at, line_kind k, const char *s)
{
    switch (k) {
    case LINE_NAME:
        return true;
    case LINE_UNIT:
        if (id_is_unit_id(s))
            return true;
        yd_error(&r->d, at, TR(M_MEETING_BAD_UNIT), s);
        return false;
    case LINE_CHECK:
        if (plan_find_check(r->p, s))
            return true;
        yd_error(&r->d, at, TR(M_MEETING_BAD_CHECK), s);
        return false;
    case LINE_TARGET:
        if (id_is_check_id(s))
            return true;
        yd_error(&r->d, at, TR(M_MEETING_BAD_TARGET), s);
        return false;
    }
    return false;
}

/* A list of one-line texts (names, ids), each checked as its kind. */
static const char **read_lines(meeting_reader *r, const ynode *n, msg_id what, size_t *count,
                               line_kind kind)
{
    *count = 0;
    if (!n || !yd_is_seq(&r->d, n, what))
        return NULL;
    if (n->count > MEETING_MAX_ITEMS) {
        yd_error(&r->d, n, TR(M_MEETING_TOO_MANY), tr(what), MEETING_MAX_ITEMS);
        return NULL;
    }
    const char **out = arena_array(r->m->mem, n->count, sizeof *out);
    for (size_t i = 0; i < n->count; i++) {
        const char *s = yd_line(&r->d, n->values[i], what, UNIT_MAX_NAME);
        if (s && line_valid(r, n->values[i], kind, s))
            out[(*count)++] = s;
    }
    return out;
}

static void read_decision(meeting_reader *r, const ynode *n, meeting_decision *dc)
{
    static const char *const keys[] = {"text", "units", "checks", NULL};
    if (!yd_is_map(&r->d, n, M_W_DECISION))
        return;
    yd_known_keys(&r->d, n, keys, M_W_DECISION);
    dc->text = yd_text(&r->d, yd_require(&r->d, n, "text", M_W_DECISION), M_W_DECISION_TEXT);
    if (dc->text && !*dc->text)
        yd_error(&r->d, ynode_get(n, "text"), "%s", tr(M_MEETING_EMPTY_DECISION));
    dc->units = read_lines(r, ynode_get(n, "units"), M_W_UNITS, &dc->n_units, LINE_UNIT);
    dc->checks = read_lines(r, ynode_get(n, "checks"), M_W_CHECKS, &dc->n_checks, LINE_CHECK);
}

static void read_figures(meeting_reader *r, const ynode *n)
{
    static const char *const keys[] = {"score", "grade", "targets_met", "targets_not_met", NULL};
    meeting_figures *f = &r->m->figures;
    if (!yd_is_map(&r->d, n, M_W_FIGURES))
        return;
    yd_known_keys(&r->d, n, keys, M_W_FIGURES);
    f->known = true;
    const ynode *s = ynode_get(n, "score");
    f->scored = s && yd_number(&r->d, s, M_W_SCORE, &f->score);
    f->grade = yd_line(&r->d, ynode_get(n, "grade"), M_W_GRADE_KEY, UNIT_MAX_NAME);
    f->met = read_lines(r, ynode_get(n, "targets_met"), M_W_TARGETS_MET, &f->n_met, LINE_TARGET);
    f->not_met = read_lines(r, ynode_get(n, "targets_not_met"), M_W_TARGETS_NOT_MET, &f->n_not_met,
                            LINE_TARGET);
}

static void read_root(meeting_reader *r, const ynode *root, const char *file)
{
    static const char *const keys[] = {"date", "attendees", "decisions", "recorded",
                                       "by",   "figures",   NULL};
    meeting *m = r->m;
    if (!yd_is_map(&r->d, root, M_W_MEETING))
        return;
    yd_known_keys(&r->d, root, keys, M_W_MEETING);
    const ynode *dn = yd_require(&r->d, root, "date", M_W_MEETING);
    const char *date = yd_text(&r->d, dn, M_W_DATE);
    int64_t named;
    if (date && !date_parse(date, &m->date))
        yd_error(&r->d, dn, TR(M_MEETING_BAD_DATE), date);
    else if (date && file && meeting_file_name(file, &named) && named != m->date)
        yd_error(&r->d, dn, TR(M_MEETING_DATE_NOT_NAME), date, file);
    m->attendees =
        read_lines(r, ynode_get(root, "attendees"), M_W_ATTENDEES, &m->n_attendees, LINE_NAME);
    const ynode *ds = ynode_get(root, "decisions");
    if (ds && yd_is_seq(&r->d, ds, M_W_DECISIONS)) {
        if (ds->count > MEETING_MAX_ITEMS) {
            yd_error(&r->d, ds, TR(M_MEETING_TOO_MANY), "decisions", MEETING_MAX_ITEMS);
        } else {
            m->n_decisions = ds->count;
            m->decisions = arena_array(m->mem, ds->count, sizeof *m->decisions);
            for (size_t i = 0; i < ds->count; i++)
                read_decision(r, ds->values[i], &m->decisions[i]);
        }
    }
    const ynode *rn = ynode_get(root, "recorded");
    m->recorded = yd_text(&r->d, rn, M_W_RECORDED);
    if (m->recorded && !timestamp_valid(m->recorded))
        yd_error(&r->d, rn, TR(M_MEETING_BAD_TIME), m->recorded);
    m->by = yd_line(&r->d, ynode_get(root, "by"), M_W_BY, UNIT_MAX_NAME);
    const ynode *fn = ynode_get(root, "figures");
    if (fn)
        read_figures(r, fn);
}

bool meeting_parse(meeting *m, const plan *p, const char *path, const char *file, const char *buf,
                   size_t len, diag_list *dl)
{
    static const ylimits limits = {.max_depth = MEETING_MAX_DEPTH,
                                   .max_scalar = UNIT_MAX_NOTE,
                                   .max_nodes = MEETING_MAX_NODES};
    meeting_init(m, 0);
    meeting_reader r = {.d = {.path = path, .mem = m->mem, .dl = dl}, .m = m, .p = p};
    ydoc doc;
    if (len > MEETING_MAX_BYTES) {
        diag_add(dl, path, 0, 0, TR(M_MEETING_TOO_BIG), MEETING_MAX_BYTES);
        return false;
    }
    if (!ydoc_parse(&doc, m->mem, path, buf, len, &limits, dl))
        return false;
    if (!doc.root) {
        diag_add(dl, path, 1, 1, "%s", tr(M_MEETING_EMPTY));
        return false;
    }
    read_root(&r, doc.root, file);
    m->file = file ? arena_strdup(m->mem, file) : NULL;
    return r.d.errors == 0;
}

/* ---- writing ------------------------------------------------------------ */

static void write_lines(ywriter *w, const char *key, const char *const *items, size_t n)
{
    if (!n)
        return;
    yw_token(w, key);
    yw_seq_begin(w);
    for (size_t i = 0; i < n; i++)
        yw_text(w, items[i]);
    yw_seq_end(w);
}

static void write_ids(ywriter *w, const char *key, const char *const *items, size_t n)
{
    if (!n)
        return;
    yw_token(w, key);
    yw_flow_seq_begin(w);
    for (size_t i = 0; i < n; i++)
        yw_token(w, items[i]);
    yw_seq_end(w);
}

static void write_figures(ywriter *w, const meeting_figures *f)
{
    yw_token(w, "figures");
    yw_map_begin(w);
    if (f->scored) {
        yw_token(w, "score");
        yw_number(w, f->score);
    }
    if (f->grade)
        yw_pair_text(w, "grade", f->grade);
    write_ids(w, "targets_met", f->met, f->n_met);
    write_ids(w, "targets_not_met", f->not_met, f->n_not_met);
    yw_map_end(w);
}

bool meeting_write(const meeting *m, strbuf *out, const char *path, diag_list *dl)
{
    char day[DATE_SIZE];
    date_format(m->date, day);
    ywriter *w = yw_new(out);
    yw_map_begin(w);
    yw_token(w, "date");
    yw_typed(w, day);
    write_lines(w, "attendees", m->attendees, m->n_attendees);
    if (m->n_decisions) {
        yw_token(w, "decisions");
        yw_seq_begin(w);
        for (size_t i = 0; i < m->n_decisions; i++) {
            const meeting_decision *dc = &m->decisions[i];
            yw_map_begin(w);
            yw_pair_text(w, "text", dc->text);
            write_ids(w, "units", dc->units, dc->n_units);
            write_ids(w, "checks", dc->checks, dc->n_checks);
            yw_map_end(w);
        }
        yw_seq_end(w);
    }
    if (m->recorded) {
        yw_token(w, "recorded");
        yw_typed(w, m->recorded);
    }
    if (m->by)
        yw_pair_text(w, "by", m->by);
    if (m->figures.known)
        write_figures(w, &m->figures);
    yw_map_end(w);
    return yw_finish(w, path, dl);
}

/* ---- what a decision names ---------------------------------------------- */

/* Is text[at .. at+len) a word: not glued to other id characters? */
static bool whole_word(const char *text, const char *at, size_t len)
{
    const char *id_chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
    bool before = at > text && strchr(id_chars, at[-1]);
    bool after = at[len] && strchr(id_chars, at[len]);
    /* a sentence's full stop after an id is not part of it */
    if (after && at[len] == '.' && !(at[len + 1] && strchr(id_chars, at[len + 1])))
        after = false;
    return !before && !after;
}

/* Where text names `word` as a word, or NULL. */
static const char *word_at(const char *text, const char *word)
{
    size_t len = strlen(word);
    for (const char *at = strstr(text, word); at; at = strstr(at + 1, word))
        if (whole_word(text, at, len))
            return at;
    return NULL;
}

/* A name found in a decision's text, and where. */
typedef struct found_ref {
    const char *at;
    const char *id;
} found_ref;

static int cmp_found(const void *a, const void *b)
{
    const found_ref *x = a, *y = b;
    return x->at != y->at ? (x->at < y->at ? -1 : 1) : strcmp(x->id, y->id);
}

/* The ids found, in the order the text names them, after those already
 * listed (a file's own lists are kept). */
static void add_found(arena *mem, const char ***list, size_t *n, found_ref *found, size_t n_found)
{
    if (n_found > 1)
        qsort(found, n_found, sizeof *found, cmp_found);
    const char **out = arena_array(mem, *n + n_found + 1, sizeof *out);
    if (*n)
        memcpy(out, *list, *n * sizeof *out);
    for (size_t i = 0; i < n_found && *n < MEETING_MAX_ITEMS; i++) {
        bool dup = false;
        for (size_t j = 0; j < *n && !dup; j++)
            dup = strcmp(out[j], found[i].id) == 0;
        if (!dup)
            out[(*n)++] = arena_strdup(mem, found[i].id);
    }
    *list = out;
}

void meeting_decision_find(const workspace *ws, arena *mem, meeting_decision *d)
{
    found_ref *found = xcalloc(ws->plan.n_checks + ws->n_units + 1, sizeof *found);
    size_t n = 0;
    for (size_t i = 0; i < ws->plan.n_checks; i++) {
        const char *at = word_at(d->text, ws->plan.checks[i]->id);
        if (at)
            found[n++] = (found_ref){at, ws->plan.checks[i]->id};
    }
    add_found(mem, &d->checks, &d->n_checks, found, n);
    n = 0;
    for (size_t i = 0; i < ws->n_units; i++) {
        const ws_unit *wu = &ws->units[i];
        if (wu->kind == KIND_TOWN)
            continue;
        const char *name = wu->u ? wu->u->name : NULL;
        const char *at = name && *name ? strstr(d->text, name) : NULL;
        if (!at)
            at = word_at(d->text, wu->id);
        if (at)
            found[n++] = (found_ref){at, wu->id};
    }
    add_found(mem, &d->units, &d->n_units, found, n);
    free(found);
}

/* ---- the folder ----------------------------------------------------------- */

static char *rel_path(const char *file)
{
    return xasprintf("%s/%s", MEETINGS_DIR, file);
}

bool meeting_add(const workspace *ws, meeting *m, diag_list *dl)
{
    strbuf body = STRBUF_INIT;
    char day[DATE_SIZE];
    date_format(m->date, day);
    bool ok =
        meeting_write(m, &body, MEETINGS_DIR, dl) && workspace_folder_make(ws, MEETINGS_DIR, dl);
    /* the name: the date and a hash of the meeting as written (it holds
     * who recorded it and when); another name if that one is taken */
    for (unsigned attempt = 0; ok && attempt < 16; attempt++) {
        strbuf seed = STRBUF_INIT;
        sb_printf(&seed, "%s\n%u", sb_str(&body), attempt);
        char file[64];
        snprintf(file, sizeof file, "%s-%06llx.yaml", day,
                 (unsigned long long)(fs_hash(seed.data, seed.len) & 0xffffff));
        sb_free(&seed);
        char *rel = rel_path(file);
        bool taken = workspace_file_exists(ws, rel);
        if (!taken) {
            ok = workspace_file_write(ws, rel, body.data, body.len, false, dl);
            if (ok)
                m->file = arena_strdup(m->mem, file);
            free(rel);
            sb_free(&body);
            return ok;
        }
        free(rel);
    }
    if (ok)
        diag_add(dl, MEETINGS_DIR, 0, 0, "%s", tr(M_WS_FILE_EXISTS));
    sb_free(&body);
    return false;
}

static bool is_meeting_file(const char *name)
{
    return meeting_file_name(name, NULL);
}

static int cmp_meeting(const void *a, const void *b)
{
    const meeting *x = a, *y = b;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    int c = timestamp_compare(x->recorded, y->recorded);
    return c ? c : strcmp(x->file, y->file);
}

bool meetings_load(const workspace *ws, meeting_list *out, diag_list *dl)
{
    memset(out, 0, sizeof *out);
    size_t n;
    bool ok = true;
    char **names = workspace_folder_list(ws, MEETINGS_DIR, is_meeting_file, &n, dl);
    out->items = xcalloc(n + 1, sizeof *out->items);
    for (size_t i = 0; i < n; i++) {
        char *rel = rel_path(names[i]), *buf = NULL;
        size_t len = 0;
        char *path = fs_join(ws->root, rel);
        meeting *m = &out->items[out->n];
        fs_result fr = workspace_file_read(ws, rel, MEETING_MAX_BYTES, &buf, &len, dl);
        if (fr == FS_OK && meeting_parse(m, &ws->plan, path, names[i], buf, len, dl))
            out->n++;
        else if (fr != FS_MISSING) {
            ok = false;
            if (m->mem)
                meeting_free(m);
        }
        free(buf);
        free(path);
        free(rel);
        free(names[i]);
    }
    free(names);
    if (out->n > 1)
        qsort(out->items, out->n, sizeof *out->items, cmp_meeting);
    return ok;
}

void meeting_list_free(meeting_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        meeting_free(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

size_t meetings_count(const workspace *ws, int year)
{
    size_t n, count = 0;
    char **names = workspace_folder_list(ws, MEETINGS_DIR, is_meeting_file, &n, NULL);
    for (size_t i = 0; i < n; i++) {
        int64_t date;
        int y, mo, d;
        meeting_file_name(names[i], &date);
        date_split(date, &y, &mo, &d);
        count += y == year;
        free(names[i]);
    }
    free(names);
    return count;
}

void meeting_count_into(const workspace *ws, unit *town)
{
    const plan_check *c = plan_counted_check(&ws->plan, COUNT_MEETINGS);
    if (!town || town->kind != KIND_TOWN || !c)
        return;
    size_t n = meetings_count(ws, ws->cfg.year ? ws->cfg.year : ws->plan.doc.year);
    bool stored = unit_state_of(town, c) != NULL;
    check_state *cs = unit_check_state(town, c);
    char text[32];
    snprintf(text, sizeof text, "%zu", n);
    cs->has_value = true;
    cs->value = (double)n;
    cs->value_text = arena_strdup(town->mem, text);
    if (stored)
        return; /* the status a person set stands */
    if (n == 0)
        cs->status = STATUS_TODO;
    else if (range_is_set(&c->target) && range_contains(&c->target, (double)n))
        cs->status = STATUS_DONE;
    else
        cs->status = STATUS_DOING;
}
