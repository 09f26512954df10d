/* Creating a workspace: `qtown init`. */
#include "model/builtin.h"
#include "model/config.h"
#include "model/workspace.h"

#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_PLAN "jiaze-2016"
#define DEMO_PREFIX  "demo/"

static const char gitignore[] = "# qtown's lock and temporary files\n.*.lock\n.*.tmp\n.*.tmp-*\n";

static bool write_new(const char *root, const char *rel, const char *data, size_t len,
                      diag_list *dl)
{
    char *path = fs_join(root, rel);
    bool ok = fs_write_atomic(path, data, len, 0644, dl);
    free(path);
    return ok;
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
    return ok;
}

static bool write_demo(const char *root, diag_list *dl)
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
    return true;
}

static bool write_config(const char *root, const plan *p, bool demo, diag_list *dl)
{
    if (demo) {
        const builtin_file *f = builtin_find(DEMO_PREFIX "qtown.yaml");
        return f && write_new(root, "qtown.yaml", f->data, f->len, dl);
    }
    ws_config cfg = {.plan_id = p->id, .year = p->doc.year};
    strbuf out = STRBUF_INIT;
    char *path = fs_join(root, "qtown.yaml");
    bool ok =
        config_write(&cfg, &out, path, dl) && write_new(root, "qtown.yaml", out.data, out.len, dl);
    sb_free(&out);
    free(path);
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

bool workspace_create(const char *root, const char *plan_file, bool demo, diag_list *dl)
{
    char *cfg = fs_join(root, "qtown.yaml");
    bool exists = fs_exists(cfg);
    free(cfg);
    if (exists) {
        diag_add(dl, root, 0, 0, TR(M_WS_ALREADY));
        return false;
    }
    plan p;
    char *plan_text = NULL;
    size_t plan_len = 0;
    if (!load_plan_for_init(&p, plan_file, &plan_text, &plan_len, dl)) {
        free(plan_text);
        return false;
    }
    bool ok = !demo || validate_demo(&p, dl);
    if (ok) {
        char *v = fs_join(root, "villages"), *e = fs_join(root, "enterprises");
        ok = fs_mkdirs(v, dl) && fs_mkdirs(e, dl);
        free(v);
        free(e);
    }
    ok = ok && write_new(root, ".gitignore", gitignore, sizeof gitignore - 1, dl);
    if (ok && plan_text)
        ok = write_new(root, "plan.yaml", plan_text, plan_len, dl);
    if (ok && demo)
        ok = write_demo(root, dl);
    /* qtown.yaml last: until it exists the folder is not a workspace. */
    ok = ok && write_config(root, &p, demo, dl);
    plan_free(&p);
    free(plan_text);
    return ok;
}
