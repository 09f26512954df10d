/* Creating a workspace: `qtown init`. */
#include "model/assessment.h"
#include "model/builtin.h"
#include "model/config.h"
#include "model/meeting.h"
#include "model/workspace.h"

#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_PLAN "jiaze-2016"
#define DEMO_PREFIX  "demo/"

static const char gitignore[] = "# qtown's lock and temporary files\n.*.lock\n.*.tmp\n.*.tmp-*\n"
                                "# qtown's cache of what the files say (derived, per machine)\n"
                                ".qtown/\n";

static bool write_new(const fs_tree *t, const char *rel, const char *data, size_t len,
                      diag_list *dl)
{
    char *path = fs_join(t->root, rel);
    bool ok = fs_tree_write(t, path, data, len, 0644, dl);
    free(path);
    return ok;
}

/* The demo's meetings (meetings/DATE-xxxxxx.yaml). */
static bool demo_meeting(const builtin_file *f, const char **rel)
{
    static const char prefix[] = DEMO_PREFIX MEETINGS_DIR "/";
    if (strncmp(f->path, prefix, strlen(prefix)) != 0 ||
        !meeting_file_name(f->path + strlen(prefix), NULL))
        return false;
    *rel = f->path + strlen(DEMO_PREFIX);
    return true;
}

/* The demo's unit files (its qtown.yaml is written by write_config, last). */
static bool demo_unit(const builtin_file *f, const char **rel, unit_kind *kind, char **id)
{
    if (strncmp(f->path, DEMO_PREFIX, strlen(DEMO_PREFIX)) != 0)
        return false;
    *rel = f->path + strlen(DEMO_PREFIX);
    return workspace_unit_of_path(*rel, kind, id);
}

/* The demo is validated whole against the plan before anything is
 * written, so a failing init leaves no half-made workspace behind. */
static bool validate_demo(const plan *p, diag_list *dl)
{
    bool ok = true;
    for (size_t i = 0; i < builtin_file_count; i++) {
        const builtin_file *f = &builtin_files[i];
        const char *rel;
        unit_kind kind;
        char *id;
        if (!demo_unit(f, &rel, &kind, &id))
            continue;
        char *name = xasprintf("(demo)/%s", rel);
        unit *u = unit_parse(p, name, f->data, f->len, id, kind, dl);
        if (!u)
            ok = false;
        unit_free(u);
        free(name);
        free(id);
    }
    for (size_t i = 0; i < builtin_file_count; i++) {
        const builtin_file *f = &builtin_files[i];
        const char *rel;
        meeting m;
        if (!demo_meeting(f, &rel))
            continue;
        char *name = xasprintf("(demo)/%s", rel);
        ok &= meeting_parse(&m, p, name, rel + strlen(MEETINGS_DIR) + 1, f->data, f->len, dl);
        meeting_free(&m);
        free(name);
    }
    return ok;
}

static bool write_demo(const fs_tree *root, diag_list *dl)
{
    for (size_t i = 0; i < builtin_file_count; i++) {
        const builtin_file *f = &builtin_files[i];
        const char *rel;
        unit_kind kind;
        char *id;
        if (!demo_unit(f, &rel, &kind, &id))
            continue;
        free(id);
        if (!write_new(root, rel, f->data, f->len, dl))
            return false;
    }
    bool made = fs_tree_mkdirs(root, MEETINGS_DIR, dl);
    for (size_t i = 0; made && i < builtin_file_count; i++) {
        const char *rel;
        if (demo_meeting(&builtin_files[i], &rel) &&
            !write_new(root, rel, builtin_files[i].data, builtin_files[i].len, dl))
            return false;
    }
    return made;
}

/* The settings: the demo's town with the plan in force (the built-in one,
 * or the one given with --plan, which the demo's own settings do not
 * name), else a new town's. */
static bool write_config(const fs_tree *root, const plan *p, bool demo, diag_list *dl)
{
    ws_config cfg = {.plan_id = p->id, .year = p->doc.year};
    arena *mem = arena_new(1024);
    char *path = fs_join(root->root, "qtown.yaml");
    bool ok = true, as_is = false;
    const builtin_file *f = demo ? builtin_find(DEMO_PREFIX "qtown.yaml") : NULL;
    if (demo) {
        ok = f && config_parse(&cfg, mem, "(demo)/qtown.yaml", f->data, f->len, dl);
        as_is = ok && strcmp(cfg.plan_id, p->id) == 0;
        cfg.plan_id = p->id;
    }
    strbuf out = STRBUF_INIT;
    if (as_is)
        ok = write_new(root, "qtown.yaml", f->data, f->len, dl);
    else
        ok = ok && config_write(&cfg, &out, path, dl) &&
             write_new(root, "qtown.yaml", out.data, out.len, dl);
    sb_free(&out);
    free(path);
    arena_free(mem);
    return ok;
}

static bool load_plan_for_init(plan *p, const char *plan_file, char **text, size_t *len,
                               diag_list *dl)
{
    if (!plan_file)
        return plan_load_builtin(p, DEFAULT_PLAN, dl);
    fs_result fr = fs_read_file(plan_file, PLAN_MAX_BYTES, text, len, NULL, dl);
    if (fr == FS_MISSING)
        diag_add(dl, plan_file, 0, 0, TR(M_PLAN_NO_FILE));
    if (fr != FS_OK)
        return false;
    return plan_parse(p, plan_file, *text, *len, dl);
}

bool workspace_create(const char *root_path, const char *plan_file, bool demo, diag_list *dl)
{
    fs_tree tree, *root = &tree;
    if (!fs_mkdirs(root_path, dl) || !fs_tree_open(root, root_path, dl))
        return false;
    if (fs_tree_exists(root, "qtown.yaml")) {
        diag_add(dl, root_path, 0, 0, TR(M_WS_ALREADY));
        fs_tree_close(root);
        return false;
    }
    plan p;
    char *plan_text = NULL;
    size_t plan_len = 0;
    if (!load_plan_for_init(&p, plan_file, &plan_text, &plan_len, dl)) {
        free(plan_text);
        fs_tree_close(root);
        return false;
    }
    bool ok = !demo || validate_demo(&p, dl);
    ok = ok && fs_tree_mkdirs(root, "villages", dl) && fs_tree_mkdirs(root, "enterprises", dl);
    ok = ok && write_new(root, ".gitignore", gitignore, sizeof gitignore - 1, dl);
    if (ok && plan_text)
        ok = write_new(root, "plan.yaml", plan_text, plan_len, dl);
    if (ok && demo)
        ok = write_demo(root, dl);
    /* qtown.yaml last: until it exists the folder is not a workspace. */
    ok = ok && write_config(root, &p, demo, dl);
    plan_free(&p);
    free(plan_text);
    fs_tree_close(root);
    return ok;
}

/* ---- the next year (qtown new-year) ----------------------------------- */

/* Whether the next year's folder is apart from this workspace: neither
 * inside it (its files would be this year's, synced with this year's) nor
 * holding it, also through links. */
static bool next_folder_apart(const workspace *ws, const char *root_path, diag_list *dl)
{
    char *real = fs_resolve_new(root_path);
    if (!real) {
        diag_errno(dl, root_path, errno, M_FS_CANNOT_OPEN);
        return false;
    }
    bool inside = fs_path_under(real, ws->tree.root);
    bool holds = !inside && fs_path_under(ws->tree.root, real);
    if (inside)
        diag_add(dl, root_path, 0, 0, TR(M_NEWYEAR_INSIDE), ws->tree.root);
    else if (holds)
        diag_add(dl, root_path, 0, 0, TR(M_NEWYEAR_HOLDS), ws->tree.root);
    free(real);
    return !inside && !holds;
}

/* A folder new-year may fill: apart from this workspace, and missing or
 * an empty folder (not a link). */
static bool next_folder_free(const workspace *ws, const char *root_path, diag_list *dl)
{
    struct stat st;
    if (!next_folder_apart(ws, root_path, dl))
        return false;
    if (lstat(root_path, &st) != 0)
        return true;
    if (S_ISLNK(st.st_mode)) {
        diag_add(dl, root_path, 0, 0, "%s", tr(M_FS_SYMLINK));
        return false;
    }
    DIR *d = S_ISDIR(st.st_mode) ? opendir(root_path) : NULL;
    bool empty = d != NULL;
    struct dirent *e;
    while (d && empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    if (d)
        closedir(d);
    if (!empty)
        diag_add(dl, root_path, 0, 0, "%s", tr(M_NEWYEAR_NOT_EMPTY));
    return empty;
}

/* The plan of the next year: the file given, else this year's (its
 * plan.yaml copied, or the same built-in plan). */
static bool next_plan(const workspace *ws, const char *plan_file, plan *p, char **text, size_t *len,
                      diag_list *dl)
{
    if (plan_file)
        return load_plan_for_init(p, plan_file, text, len, dl);
    fs_result fr = workspace_file_read(ws, "plan.yaml", PLAN_MAX_BYTES, text, len, dl);
    if (fr == FS_OK) {
        char *path = fs_join(ws->root, "plan.yaml");
        bool ok = plan_parse(p, path, *text, *len, dl);
        free(path);
        return ok;
    }
    return fr == FS_MISSING && plan_load_builtin(p, ws->plan.id, dl);
}

/* A unit of this year as the next year starts it: its id, kind, name and
 * attributes (checked against the next plan), nothing else. */
static bool next_unit(const unit *u, const plan *p, const char *path, strbuf *out, diag_list *dl)
{
    unit *n = unit_new(u->kind, u->id, u->name);
    bool ok = true;
    for (size_t i = 0; i < u->n_attrs; i++) {
        diag_list why = DIAG_LIST_INIT;
        if (!unit_set_attr(n, p, u->attrs[i].key, u->attrs[i].text, &why)) {
            for (size_t k = 0; k < why.count; k++)
                diag_add(dl, path, 0, 0, "%s", why.items[k].msg);
            ok = false;
        }
        diag_clear(&why);
    }
    ok = ok && unit_write(n, out, path, dl);
    unit_free(n);
    return ok;
}

/* Every unit's file of the next year, made in memory first: nothing is
 * written when one of them does not fit the next plan. */
static bool next_units(const workspace *ws, const plan *p, strbuf *files, diag_list *dl)
{
    bool ok = true;
    for (size_t i = 0; i < ws->n_units; i++) {
        const ws_unit *wu = &ws->units[i];
        if (wu->kind == KIND_TOWN && !workspace_file_exists(ws, "town.yaml"))
            continue;
        ok &= next_unit(wu->u, p, wu->path, &files[i], dl);
    }
    return ok;
}

static bool write_next(const fs_tree *root, const workspace *ws, const plan *p,
                       const strbuf *plan_text, const strbuf *files, const next_year *ny,
                       diag_list *dl)
{
    bool ok = fs_tree_mkdirs(root, "villages", dl) && fs_tree_mkdirs(root, "enterprises", dl) &&
              write_new(root, ".gitignore", gitignore, sizeof gitignore - 1, dl);
    if (ok && plan_text->len)
        ok = write_new(root, "plan.yaml", plan_text->data, plan_text->len, dl);
    for (size_t i = 0; ok && i < ws->n_units; i++) {
        const ws_unit *wu = &ws->units[i];
        if (!files[i].len)
            continue;
        char *rel = wu->kind == KIND_TOWN
                        ? xstrdup("town.yaml")
                        : xasprintf("%s/%s.yaml", workspace_kind_dir(wu->kind), wu->id);
        ok = write_new(root, rel, files[i].data, files[i].len, dl);
        free(rel);
    }
    if (ok && ny->assessment)
        ok = fs_tree_mkdirs(root, ASSESSMENTS_DIR, dl) &&
             write_new(root, ny->assessment_rel, ny->assessment, ny->assessment_len, dl);
    ws_config cfg = ws->cfg;
    cfg.year = ny->year;
    cfg.plan_id = p->id;
    strbuf out = STRBUF_INIT;
    char *path = fs_join(root->root, "qtown.yaml");
    /* qtown.yaml last: until it exists the folder is not a workspace. */
    ok = ok && config_write(&cfg, &out, path, dl) &&
         write_new(root, "qtown.yaml", out.data, out.len, dl);
    free(path);
    sb_free(&out);
    return ok;
}

bool workspace_create_next(const workspace *ws, const char *root_path, next_year *ny, diag_list *dl)
{
    if (!next_folder_free(ws, root_path, dl))
        return false;
    plan p;
    char *text = NULL;
    size_t len = 0;
    bool planned = next_plan(ws, ny->plan_file, &p, &text, &len, dl);
    strbuf plan_text = STRBUF_INIT; /* empty: the built-in plan, named, not copied */
    if (text)
        sb_add(&plan_text, text, len);
    free(text);
    if (!planned) {
        sb_free(&plan_text);
        return false;
    }
    strbuf *files = xcalloc(ws->n_units + 1, sizeof *files);
    fs_tree tree;
    bool ok = next_units(ws, &p, files, dl) && fs_mkdirs(root_path, dl) &&
              fs_tree_open(&tree, root_path, dl);
    if (ok) {
        ok = write_next(&tree, ws, &p, &plan_text, files, ny, dl);
        fs_tree_close(&tree);
    }
    ny->plan_id = ok ? xstrdup(p.id) : NULL;
    for (size_t i = 0; i < ws->n_units; i++)
        sb_free(&files[i]);
    free(files);
    sb_free(&plan_text);
    plan_free(&p);
    return ok;
}
