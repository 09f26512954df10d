#include "model/assessment.h"

#include "i18n/i18n.h"
#include "model/builtin.h"
#include "model/ids.h"
#include "model/store.h"
#include "model/timestamp.h"
#include "util/sha256.h"
#include "util/xalloc.h"
#include "yaml/ydecode.h"
#include "yaml/ywriter.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void assessment_init(assessment *a, int year)
{
    memset(a, 0, sizeof *a);
    a->mem = arena_new(4096);
    a->year = year;
}

void assessment_free(assessment *a)
{
    arena_free(a->mem);
    memset(a, 0, sizeof *a);
}

char *assessment_rel_path(int year)
{
    return xasprintf("%s/%d.yaml", ASSESSMENTS_DIR, year);
}

const assess_unit *assessment_find_unit(const assessment *a, const char *id)
{
    for (size_t i = 0; i < a->n_units; i++)
        if (strcmp(a->units[i].id, id) == 0)
            return &a->units[i];
    return NULL;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct assess_reader {
    ydec d;
    assessment *a;
    const plan *p;
} assess_reader;

/* A date (YYYY-MM-DD) at n, or false with the problem reported. */
static bool read_date(assess_reader *r, const ynode *n, msg_id what, int64_t *day)
{
    const char *s = yd_text(&r->d, n, what);
    if (s && date_parse(s, day))
        return true;
    if (s)
        yd_error(&r->d, n, TR(M_ASSESS_BAD_DATE), s);
    return false;
}

/* A list of target ids (flow sequence). */
static const char **read_ids(assess_reader *r, const ynode *n, msg_id what, size_t *count)
{
    *count = 0;
    if (!n || !yd_is_seq(&r->d, n, what))
        return NULL;
    const char **out = arena_array(r->a->mem, n->count + 1, sizeof *out);
    for (size_t i = 0; i < n->count; i++) {
        const char *s = yd_line(&r->d, n->values[i], what, UNIT_MAX_NAME);
        if (s && !id_is_check_id(s))
            yd_error(&r->d, n->values[i], TR(M_ASSESS_BAD_TARGET), s);
        else if (s)
            out[(*count)++] = s;
    }
    return out;
}

static void read_sections(assess_reader *r, const ynode *n, assess_unit *u)
{
    if (!yd_is_map(&r->d, n, M_W_SECTION_POINTS))
        return;
    u->section_ids = arena_array(r->a->mem, n->count + 1, sizeof *u->section_ids);
    u->section_points = arena_array(r->a->mem, n->count + 1, sizeof *u->section_points);
    for (size_t i = 0; i < n->count; i++) {
        const char *id = yd_line(&r->d, n->keys[i], M_W_SECTION_POINTS, UNIT_MAX_NAME);
        double v;
        if (!id || !yd_number(&r->d, n->values[i], M_W_SECTION_POINTS, &v))
            continue;
        u->section_ids[u->n_sections] = id;
        u->section_points[u->n_sections++] = v;
    }
}

static void read_unit(assess_reader *r, const ynode *n, assess_unit *u)
{
    static const char *const keys[] = {"id",       "kind",    "name", "score", "grade", "rank",
                                       "sections", "outcome", "due",  "note",  NULL};
    u->due = ASSESSMENT_NO_DUE;
    if (!yd_is_map(&r->d, n, M_W_ASSESS_UNIT))
        return;
    yd_known_keys(&r->d, n, keys, M_W_ASSESS_UNIT);
    const ynode *in = yd_require(&r->d, n, "id", M_W_ASSESS_UNIT);
    u->id = yd_line(&r->d, in, M_W_ID, UNIT_MAX_NAME);
    if (u->id && !id_is_unit_id(u->id) && strcmp(u->id, "town") != 0) {
        yd_error(&r->d, in, TR(M_ASSESS_BAD_UNIT), u->id);
        u->id = NULL;
    } else if (u->id && assessment_find_unit(r->a, u->id)) {
        yd_error(&r->d, in, TR(M_ASSESS_DUP_UNIT), u->id);
    }
    const ynode *kn = yd_require(&r->d, n, "kind", M_W_ASSESS_UNIT);
    const char *kind = yd_text(&r->d, kn, M_W_KIND);
    if (kind && !unit_kind_parse(kind, &u->kind))
        yd_error(&r->d, kn, TR(M_ASSESS_BAD_KIND), kind);
    u->name = yd_line(&r->d, ynode_get(n, "name"), M_W_NAME, UNIT_MAX_NAME);
    const ynode *s = ynode_get(n, "score");
    u->scored = s && yd_number(&r->d, s, M_W_SCORE, &u->score);
    u->grade = yd_line(&r->d, ynode_get(n, "grade"), M_W_GRADE_KEY, UNIT_MAX_NAME);
    long long rank = 0;
    const ynode *rn = ynode_get(n, "rank");
    if (rn && yd_integer(&r->d, rn, M_W_RANK, 1, WORKSPACE_MAX_UNITS + 1, &rank))
        u->rank = (int)rank;
    const ynode *sn = ynode_get(n, "sections");
    if (sn)
        read_sections(r, sn, u);
    u->outcome = yd_text(&r->d, ynode_get(n, "outcome"), M_W_OUTCOME);
    const ynode *dn = ynode_get(n, "due");
    if (dn)
        read_date(r, dn, M_W_DUE, &u->due);
    u->note = yd_text(&r->d, ynode_get(n, "note"), M_W_NOTE);
}

static void read_plan_ref(assess_reader *r, const ynode *n)
{
    static const char *const keys[] = {"id", "sha256", NULL};
    if (!yd_is_map(&r->d, n, M_W_PLAN_REF))
        return;
    yd_known_keys(&r->d, n, keys, M_W_PLAN_REF);
    r->a->plan_id = yd_line(&r->d, ynode_get(n, "id"), M_W_ID, UNIT_MAX_NAME);
    r->a->plan_sha256 = yd_line(&r->d, ynode_get(n, "sha256"), M_W_SHA256, 64);
}

static void read_data_ref(assess_reader *r, const ynode *n)
{
    static const char *const keys[] = {"commit", "uncommitted", NULL};
    if (!yd_is_map(&r->d, n, M_W_DATA_REF))
        return;
    yd_known_keys(&r->d, n, keys, M_W_DATA_REF);
    r->a->commit = yd_line(&r->d, ynode_get(n, "commit"), M_W_COMMIT, 64);
    const ynode *u = ynode_get(n, "uncommitted");
    if (u)
        yd_bool(&r->d, u, M_W_UNCOMMITTED, &r->a->uncommitted);
}

static void read_targets(assess_reader *r, const ynode *n)
{
    static const char *const keys[] = {"met", "not_met", "unknown", NULL};
    assessment *a = r->a;
    if (!yd_is_map(&r->d, n, M_W_TARGETS))
        return;
    yd_known_keys(&r->d, n, keys, M_W_TARGETS);
    a->met = read_ids(r, ynode_get(n, "met"), M_W_TARGETS, &a->n_met);
    a->not_met = read_ids(r, ynode_get(n, "not_met"), M_W_TARGETS, &a->n_not_met);
    a->unknown = read_ids(r, ynode_get(n, "unknown"), M_W_TARGETS, &a->n_unknown);
}

static void read_state(assess_reader *r, const ynode *n)
{
    const char *s = yd_text(&r->d, n, M_W_STATE);
    if (s && strcmp(s, "final") == 0)
        r->a->final = true;
    else if (s && strcmp(s, "draft") != 0)
        yd_error(&r->d, n, TR(M_ASSESS_BAD_STATE), s);
}

static void read_root(assess_reader *r, const ynode *root, int year)
{
    static const char *const keys[] = {"year", "state", "day",     "recorded", "by", "plan",
                                       "data", "note",  "targets", "units",    NULL};
    assessment *a = r->a;
    if (!yd_is_map(&r->d, root, M_W_ASSESSMENT))
        return;
    yd_known_keys(&r->d, root, keys, M_W_ASSESSMENT);
    long long y;
    const ynode *yn = yd_require(&r->d, root, "year", M_W_ASSESSMENT);
    if (yn && yd_integer(&r->d, yn, M_W_YEAR, 1900, 9999, &y)) {
        a->year = (int)y;
        if (year && y != year)
            yd_error(&r->d, yn, TR(M_ASSESS_YEAR_NOT_NAME), (int)y, year);
    }
    read_state(r, yd_require(&r->d, root, "state", M_W_ASSESSMENT));
    const ynode *dn = yd_require(&r->d, root, "day", M_W_ASSESSMENT);
    if (dn)
        read_date(r, dn, M_W_DATE, &a->day);
    const ynode *rn = ynode_get(root, "recorded");
    a->recorded = yd_text(&r->d, rn, M_W_RECORDED);
    if (a->recorded && !timestamp_valid(a->recorded))
        yd_error(&r->d, rn, TR(M_ASSESS_BAD_TIME), a->recorded);
    a->by = yd_line(&r->d, ynode_get(root, "by"), M_W_BY, UNIT_MAX_NAME);
    const ynode *pn = ynode_get(root, "plan");
    if (pn)
        read_plan_ref(r, pn);
    const ynode *gn = ynode_get(root, "data");
    if (gn)
        read_data_ref(r, gn);
    a->note = yd_text(&r->d, ynode_get(root, "note"), M_W_NOTE);
    const ynode *tn = ynode_get(root, "targets");
    if (tn)
        read_targets(r, tn);
    const ynode *un = ynode_get(root, "units");
    if (un && yd_is_seq(&r->d, un, M_W_UNITS)) {
        a->units = arena_array(a->mem, un->count + 1, sizeof *a->units);
        for (size_t i = 0; i < un->count; i++) {
            read_unit(r, un->values[i], &a->units[a->n_units]);
            if (a->units[a->n_units].id)
                a->n_units++;
        }
    }
}

bool assessment_parse(assessment *a, const plan *p, const char *path, int year, const char *buf,
                      size_t len, diag_list *dl)
{
    static const ylimits limits = {.max_depth = ASSESSMENT_MAX_DEPTH,
                                   .max_scalar = UNIT_MAX_NOTE,
                                   .max_nodes = ASSESSMENT_MAX_NODES};
    assessment_init(a, year);
    assess_reader r = {.d = {.path = path, .mem = a->mem, .dl = dl}, .a = a, .p = p};
    ydoc doc;
    if (len > ASSESSMENT_MAX_BYTES) {
        diag_add(dl, path, 0, 0, TR(M_ASSESS_TOO_BIG), ASSESSMENT_MAX_BYTES);
        return false;
    }
    if (!ydoc_parse(&doc, a->mem, path, buf, len, &limits, dl))
        return false;
    if (!doc.root) {
        diag_add(dl, path, 1, 1, "%s", tr(M_ASSESS_EMPTY));
        return false;
    }
    read_root(&r, doc.root, year);
    return r.d.errors == 0;
}

/* ---- writing ------------------------------------------------------------ */

static void write_ids(ywriter *w, const char *key, const char *const *items, size_t n)
{
    yw_token(w, key);
    yw_flow_seq_begin(w);
    for (size_t i = 0; i < n; i++)
        yw_token(w, items[i]);
    yw_seq_end(w);
}

static void write_date(ywriter *w, const char *key, int64_t day)
{
    char text[DATE_SIZE];
    date_format(day, text);
    yw_token(w, key);
    yw_typed(w, text);
}

static void write_unit(ywriter *w, const assess_unit *u)
{
    yw_map_begin(w);
    yw_pair_text(w, "id", u->id);
    yw_pair_text(w, "kind", unit_kind_name(u->kind));
    if (u->name)
        yw_pair_text(w, "name", u->name);
    if (u->scored) {
        yw_token(w, "score");
        yw_number(w, u->score);
    }
    if (u->grade)
        yw_pair_text(w, "grade", u->grade);
    if (u->rank) {
        yw_token(w, "rank");
        yw_number(w, u->rank);
    }
    if (u->n_sections) {
        yw_token(w, "sections");
        yw_flow_map_begin(w);
        for (size_t i = 0; i < u->n_sections; i++) {
            yw_token(w, u->section_ids[i]);
            yw_number(w, u->section_points[i]);
        }
        yw_map_end(w);
    }
    if (u->outcome)
        yw_pair_text(w, "outcome", u->outcome);
    if (u->due != ASSESSMENT_NO_DUE)
        write_date(w, "due", u->due);
    if (u->note)
        yw_pair_text(w, "note", u->note);
    yw_map_end(w);
}

static void write_sources(ywriter *w, const assessment *a)
{
    yw_token(w, "plan");
    yw_map_begin(w);
    yw_pair_text(w, "id", a->plan_id);
    yw_pair_text(w, "sha256", a->plan_sha256);
    yw_map_end(w);
    if (!a->commit)
        return;
    yw_token(w, "data");
    yw_map_begin(w);
    yw_pair_text(w, "commit", a->commit);
    yw_token(w, "uncommitted");
    yw_bool(w, a->uncommitted);
    yw_map_end(w);
}

bool assessment_write(const assessment *a, strbuf *out, const char *path, diag_list *dl)
{
    ywriter *w = yw_new(out);
    yw_map_begin(w);
    yw_token(w, "year");
    yw_number(w, a->year);
    yw_pair_text(w, "state", a->final ? "final" : "draft");
    write_date(w, "day", a->day);
    if (a->recorded) {
        yw_token(w, "recorded");
        yw_typed(w, a->recorded);
    }
    if (a->by)
        yw_pair_text(w, "by", a->by);
    write_sources(w, a);
    if (a->note)
        yw_pair_text(w, "note", a->note);
    yw_token(w, "targets");
    yw_map_begin(w);
    write_ids(w, "met", a->met, a->n_met);
    write_ids(w, "not_met", a->not_met, a->n_not_met);
    write_ids(w, "unknown", a->unknown, a->n_unknown);
    yw_map_end(w);
    yw_token(w, "units");
    yw_seq_begin(w);
    for (size_t i = 0; i < a->n_units; i++)
        write_unit(w, &a->units[i]);
    yw_seq_end(w);
    yw_map_end(w);
    return yw_finish(w, path, dl);
}

/* ---- the folder ----------------------------------------------------------- */

fs_result assessment_load(const workspace *ws, int year, assessment *a, diag_list *dl)
{
    char *rel = assessment_rel_path(year), *buf = NULL;
    char *path = fs_join(ws->root, rel);
    size_t len = 0;
    memset(a, 0, sizeof *a);
    fs_result fr = workspace_file_read(ws, rel, ASSESSMENT_MAX_BYTES, &buf, &len, dl);
    if (fr == FS_OK && !assessment_parse(a, &ws->plan, path, year, buf, len, dl))
        fr = FS_ERROR;
    if (fr != FS_OK && a->mem)
        assessment_free(a);
    free(buf);
    free(path);
    free(rel);
    return fr;
}

bool assessment_save(const workspace *ws, const assessment *a, diag_list *dl)
{
    char *rel = assessment_rel_path(a->year);
    strbuf body = STRBUF_INIT;
    bool ok = assessment_write(a, &body, rel, dl) &&
              workspace_file_write(ws, rel, body.data, body.len, true, dl);
    sb_free(&body);
    free(rel);
    return ok;
}

bool assessment_lock(const workspace *ws, int year, fs_lock *lock, diag_list *dl)
{
    char *rel = assessment_rel_path(year);
    bool ok = workspace_folder_make(ws, ASSESSMENTS_DIR, dl) &&
              fs_tree_lock(&ws->tree, rel, STORE_LOCK_WAIT_MS, lock, dl);
    free(rel);
    return ok;
}

/* YYYY.yaml: its year then. */
static bool assessment_file_name(const char *name, int *year)
{
    if (strlen(name) != 9 || strcmp(name + 4, ".yaml") != 0)
        return false;
    for (int i = 0; i < 4; i++)
        if (!isdigit((unsigned char)name[i]))
            return false;
    if (year)
        *year = atoi(name);
    return true;
}

static bool is_assessment_file(const char *name)
{
    return assessment_file_name(name, NULL);
}

bool assessments_check(const workspace *ws, diag_list *dl)
{
    size_t n;
    bool ok = true;
    char **names = workspace_folder_list(ws, ASSESSMENTS_DIR, is_assessment_file, &n, dl);
    for (size_t i = 0; i < n; i++) {
        int year;
        assessment a;
        assessment_file_name(names[i], &year);
        fs_result fr = assessment_load(ws, year, &a, dl);
        if (fr == FS_OK)
            assessment_free(&a);
        else
            ok = false;
        free(names[i]);
    }
    free(names);
    return ok;
}

bool workspace_plan_sha256(const workspace *ws, char out[65], diag_list *dl)
{
    char *buf = NULL;
    size_t len = 0;
    const char *text = NULL;
    fs_result fr = workspace_file_read(ws, "plan.yaml", PLAN_MAX_BYTES, &buf, &len, dl);
    if (fr == FS_OK)
        text = buf;
    else if (fr == FS_MISSING)
        text = plan_builtin_text(ws->cfg.plan_id, &len);
    if (text) {
        sha256_ctx c;
        sha256_init(&c);
        sha256_update(&c, text, len);
        sha256_final_hex(&c, out);
    }
    free(buf);
    return text != NULL;
}
