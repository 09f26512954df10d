#include "model/workspace.h"

#include "i18n/i18n.h"
#include "model/builtin.h"
#include "model/config.h"
#include "model/ids.h"
#include "model/meeting.h"
#include "model/names.h"
#include "model/summary.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const unit_dirs[] = {"villages", "enterprises"};

const char *workspace_kind_dir(unit_kind kind)
{
    switch (kind) {
    case KIND_VILLAGE:
        return unit_dirs[0];
    case KIND_ENTERPRISE:
        return unit_dirs[1];
    default:
        return "";
    }
}

char *workspace_unit_path(const workspace *ws, unit_kind kind, const char *id)
{
    if (kind == KIND_TOWN)
        return fs_join(ws->root, "town.yaml");
    /* put together by hand: made for every unit listed (100,000 at the
     * open of a district), where xasprintf's formatting cost a tenth */
    const char *parts[] = {ws->root, "/", workspace_kind_dir(kind), "/", id, ".yaml"};
    size_t len[6], total = 1;
    for (int i = 0; i < 6; i++)
        total += len[i] = strlen(parts[i]);
    char *path = xmalloc(total), *at = path;
    for (int i = 0; i < 6; i++) {
        memcpy(at, parts[i], len[i]);
        at += len[i];
    }
    *at = '\0';
    return path;
}

bool workspace_is_unit_file_name(const char *name, char **id)
{
    size_t n = strlen(name);
    if (n <= 5 || strcmp(name + n - 5, ".yaml") != 0)
        return false;
    char *stem = xstrndup(name, n - 5);
    if (!id_is_unit_id(stem)) {
        free(stem);
        return false;
    }
    *id = stem;
    return true;
}

bool workspace_unit_of_path(const char *path, unit_kind *kind, char **id)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dir_end = base > path ? base - 1 : path;
    const char *dir = dir_end;
    while (dir > path && dir[-1] != '/')
        dir--;
    size_t dir_len = (size_t)(dir_end - dir);
    /* archive/villages/ID.yaml is a removed unit's file, not a unit */
    size_t arch = strlen(WORKSPACE_ARCHIVE);
    if ((size_t)(dir - path) >= arch + 1 && strncmp(dir - arch - 1, WORKSPACE_ARCHIVE, arch) == 0 &&
        (dir - arch - 1 == path || dir[-arch - 2] == '/'))
        return false;
    for (int k = 0; k < 2; k++)
        if (dir_len == strlen(unit_dirs[k]) && strncmp(dir, unit_dirs[k], dir_len) == 0) {
            *kind = k == 0 ? KIND_VILLAGE : KIND_ENTERPRISE;
            return workspace_is_unit_file_name(base, id);
        }
    if (strcmp(base, "town.yaml") != 0)
        return false;
    *kind = KIND_TOWN;
    *id = xstrdup("town");
    return true;
}

bool workspace_is_unit_path(const char *path)
{
    unit_kind kind;
    char *id = NULL;
    bool is_unit = workspace_unit_of_path(path, &kind, &id);
    free(id);
    return is_unit;
}

/* The folders and the top-level files that are qtown's (or git's). */
static const char *const own_folders[] = {"villages",    "enterprises", "meetings",
                                          "assessments", ".git",        NULL};
static const char *const own_files[] = {"qtown.yaml", "plan.yaml", "town.yaml", NULL};

static bool in_list(const char *const *list, const char *s, size_t n)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && strncmp(list[i], s, n) == 0)
            return true;
    return false;
}

bool workspace_owns_path(const workspace *ws, const char *path)
{
    char *real = fs_resolve_new(path);
    const char *rel = real ? fs_tree_rel(&ws->tree, real) : NULL;
    size_t n = rel ? strcspn(rel, "/") : 0;
    bool own = rel && (in_list(own_folders, rel, n) ||
                       (!rel[n] && (rel[0] == '.' || in_list(own_files, rel, n))));
    free(real);
    return own;
}

/* ---- locating --------------------------------------------------------- */

static char *find_upwards(void)
{
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    for (;;) {
        char *cfg = fs_join(cwd, "qtown.yaml");
        bool found = fs_exists(cfg);
        free(cfg);
        if (found)
            return xstrdup(cwd);
        char *slash = strrchr(cwd, '/');
        if (!slash || slash == cwd)
            break;
        *slash = '\0';
    }
    return NULL;
}

char *workspace_locate(const char *dir, bool *is_default)
{
    *is_default = false;
    if (dir && *dir)
        return xstrdup(dir);
    const char *env = getenv("QTOWN_WORKSPACE");
    if (env && *env)
        return xstrdup(env);
    char *up = find_upwards();
    if (up)
        return up;
    *is_default = true;
    const char *xdg = getenv("XDG_DATA_HOME");
    if (xdg && *xdg == '/')
        return fs_join(xdg, "qtown");
    const char *home = getenv("HOME");
    if (!home || !*home) {
        struct passwd *pw = getpwuid(getuid());
        home = pw ? pw->pw_dir : "/tmp";
    }
    return xasprintf("%s/.local/share/qtown", home);
}

/* ---- opening ---------------------------------------------------------- */

static bool load_plan(workspace *ws, diag_list *dl)
{
    char *path = fs_join(ws->root, "plan.yaml");
    char *buf = NULL;
    size_t len = 0;
    fs_result fr = fs_tree_read(&ws->tree, path, PLAN_MAX_BYTES, &buf, &len, NULL, dl);
    bool ok = fr == FS_OK;
    if (ok) {
        ok = plan_parse(&ws->plan, path, buf, len, dl);
        if (ok && ws->cfg.plan_id && strcmp(ws->plan.id, ws->cfg.plan_id) != 0) {
            diag_add(dl, path, 0, 0, TR(M_WS_PLAN_MISMATCH), ws->plan.id, ws->cfg.plan_id);
            plan_free(&ws->plan);
            ok = false;
        }
    } else if (fr == FS_MISSING && !plan_builtin_text(ws->cfg.plan_id, &(size_t){0})) {
        diag_add(dl, path, 0, 0, TR(M_WS_PLAN_MISSING), ws->cfg.plan_id);
    } else if (fr == FS_MISSING) {
        ok = plan_load_builtin(&ws->plan, ws->cfg.plan_id, dl);
    }
    free(buf);
    free(path);
    return ok;
}

/* The command to run is shown with the folder quoted for the shell. */
static void say_not_workspace(const char *root, diag_list *dl)
{
    char *quoted = text_shell_quote(root);
    diag_add(dl, root, 0, 0, TR(M_WS_NOT_A_WORKSPACE), quoted);
    free(quoted);
}

bool workspace_open(workspace *ws, const char *root, diag_list *dl)
{
    memset(ws, 0, sizeof *ws);
    ws->tree.fd = -1;
    ws->mem = arena_new(4096);
    ws->sums = arena_new(64 * 1024);
    if (!fs_exists(root)) {
        say_not_workspace(root, dl);
        workspace_close(ws);
        return false;
    }
    if (!fs_tree_open(&ws->tree, root, dl)) {
        workspace_close(ws);
        return false;
    }
    ws->root = xstrdup(ws->tree.root);
    char *path = fs_join(ws->root, "qtown.yaml");
    char *buf;
    size_t len;
    bool ok = false;
    fs_result fr = fs_tree_read(&ws->tree, path, CONFIG_MAX_BYTES, &buf, &len, NULL, dl);
    if (fr == FS_MISSING)
        say_not_workspace(root, dl);
    if (fr == FS_OK) {
        ok = config_parse(&ws->cfg, ws->mem, path, buf, len, dl) && load_plan(ws, dl);
        free(buf);
    }
    free(path);
    if (!ok)
        workspace_close(ws);
    return ok;
}

static void clear_unit(ws_unit *wu)
{
    unit_free(wu->u);
    wu->u = NULL;
    wu->sum = NULL;
    diag_clear(&wu->errors);
}

void workspace_set_unit(workspace *ws, ws_unit *wu, unit *u)
{
    if (wu->u != u)
        unit_free(wu->u);
    wu->u = u;
    wu->sum = u ? summary_of(u, &ws->plan, ws->sums) : NULL;
    ws->cache_stale = true;
}

/* What a workspace and its views have of their own: the units and their
 * summaries, the names read. */
static void free_units(workspace *ws)
{
    for (size_t i = 0; i < ws->n_units; i++) {
        clear_unit(&ws->units[i]);
        free(ws->units[i].id);
        free(ws->units[i].path);
    }
    free(ws->units);
    for (size_t i = 0; i < ws->n_more_sums; i++)
        arena_free(ws->more_sums[i]);
    free(ws->more_sums);
    if (ws->sums)
        arena_free(ws->sums);
    names_free(ws->names);
}

void workspace_close(workspace *ws)
{
    free_units(ws);
    if (ws->plan.mem)
        plan_free(&ws->plan);
    arena_free(ws->mem);
    free(ws->root);
    fs_tree_close(&ws->tree);
    memset(ws, 0, sizeof *ws);
    ws->tree.fd = -1;
}

void workspace_view_open(const workspace *ws, workspace *view)
{
    memset(view, 0, sizeof *view);
    view->root = ws->root;
    view->tree = ws->tree;
    view->mem = ws->mem;
    view->cfg = ws->cfg;
    view->plan = ws->plan;
    view->sums = arena_new(64 * 1024);
}

void workspace_view_close(workspace *view)
{
    free_units(view);
    memset(view, 0, sizeof *view);
    view->tree.fd = -1;
}

/* ---- units ------------------------------------------------------------ */

/* A new entry, which takes `id` (allocated) as its own. */
static ws_unit *add_entry_owning(workspace *ws, unit_kind kind, char *id)
{
    ws->units = xgrow(ws->units, &ws->cap_units, ws->n_units + 1, sizeof *ws->units);
    ws_unit *wu = &ws->units[ws->n_units++];
    memset(wu, 0, sizeof *wu);
    wu->kind = kind;
    wu->id = id;
    wu->path = workspace_unit_path(ws, kind, id);
    return wu;
}

static ws_unit *add_entry(workspace *ws, unit_kind kind, const char *id)
{
    return add_entry_owning(ws, kind, xstrdup(id));
}

/* The unit that reading wu's file gave (fr, and buf of len bytes, which
 * it frees); NULL with the problems in `errors`.  Touches only `errors`:
 * threads may read several units at once. */
static unit *parse_read(const workspace *ws, const ws_unit *wu, fs_result fr, char *buf, size_t len,
                        diag_list *errors)
{
    unit *u = NULL;
    if (fr == FS_MISSING && wu->kind == KIND_TOWN) /* made by its first change */
        u = unit_new(KIND_TOWN, "town", ws->cfg.town ? ws->cfg.town : "town");
    else if (fr == FS_MISSING)
        diag_add(errors, wu->path, 0, 0, TR(M_WS_FILE_GONE));
    else if (fr == FS_OK)
        u = unit_parse(&ws->plan, wu->path, buf, len, wu->id, wu->kind, errors);
    free(buf);
    meeting_count_into(ws, u); /* counted values are never in the file */
    return u;
}

/* A unit's problems, also to the caller's list. */
static void report_errors(const ws_unit *wu, diag_list *dl)
{
    for (size_t i = 0; i < wu->errors.count; i++) {
        const diag *d = &wu->errors.items[i];
        diag_add(dl, d->file, d->line, d->col, "%s", d->msg);
    }
}

/* Makes wu's unit from what reading its file gave; `keep` (NULL: none)
 * is its summary when the file is the one it was made from. */
static bool take_unit(workspace *ws, ws_unit *wu, fs_result fr, char *buf, size_t len,
                      const unit_summary *keep, diag_list *dl)
{
    unit *u = parse_read(ws, wu, fr, buf, len, &wu->errors);
    if (u && keep) {
        wu->u = u;
        wu->sum = keep;
    } else {
        workspace_set_unit(ws, wu, u);
    }
    if (!wu->u)
        report_errors(wu, dl);
    return wu->u != NULL;
}

bool workspace_read_summary(const workspace *ws, ws_unit *wu, arena *mem)
{
    char *buf;
    size_t len;
    unit_free(wu->u);
    wu->u = NULL;
    wu->sum = NULL;
    diag_clear(&wu->errors);
    fs_result fr =
        fs_tree_read(&ws->tree, wu->path, UNIT_MAX_BYTES, &buf, &len, &wu->stamp, &wu->errors);
    unit *u = parse_read(ws, wu, fr, buf, len, &wu->errors);
    if (u)
        wu->sum = summary_of(u, &ws->plan, mem);
    unit_free(u);
    return wu->sum != NULL;
}

unit *workspace_read_unit(const workspace *ws, const ws_unit *wu, diag_list *dl)
{
    char *buf;
    size_t len;
    file_stamp stamp;
    fs_result fr = fs_tree_read(&ws->tree, wu->path, UNIT_MAX_BYTES, &buf, &len, &stamp, dl);
    return parse_read(ws, wu, fr, buf, len, dl);
}

void workspace_unit_errors(const ws_unit *wu, diag_list *dl)
{
    report_errors(wu, dl);
}

/* Whether a summary made from the file with stamp `was` is that of the
 * file just read (stamp `now`): the same file, the same content.  Not the
 * town's: its summary also counts meetings/ (meeting_count_into). */
static bool summary_stands(const ws_unit *wu, const file_stamp *was, const file_stamp *now)
{
    return wu->kind != KIND_TOWN && was->hash && was->hash == now->hash && fs_stamp_same(was, now);
}

static bool read_unit(workspace *ws, ws_unit *wu, diag_list *dl)
{
    char *buf;
    size_t len;
    const unit_summary *had = wu->sum;
    file_stamp was = wu->stamp;
    clear_unit(wu);
    fs_result fr =
        fs_tree_read(&ws->tree, wu->path, UNIT_MAX_BYTES, &buf, &len, &wu->stamp, &wu->errors);
    /* a unit read whole for the summary it has (the overview showing a
     * record) keeps it: no second copy in a district's memory, no cache
     * to write again */
    bool stands = had && fr == FS_OK && summary_stands(wu, &was, &wu->stamp);
    return take_unit(ws, wu, fr, buf, len, stands ? had : NULL, dl);
}

bool workspace_reload_unit(workspace *ws, ws_unit *wu, diag_list *dl)
{
    if (wu->u || wu->whole)
        return read_unit(ws, wu, dl);
    ws->cache_stale = true;
    if (workspace_read_summary(ws, wu, ws->sums))
        return true;
    report_errors(wu, dl);
    return false;
}

void workspace_unit_release(ws_unit *wu)
{
    unit_free(wu->u);
    wu->u = NULL;
    wu->whole = false;
}

unit *workspace_unit_full(workspace *ws, ws_unit *wu, diag_list *dl)
{
    wu->whole = true;
    if (!wu->u)
        read_unit(ws, wu, dl);
    return wu->u;
}

bool workspace_unit_changed(const workspace *ws, ws_unit *wu)
{
    file_stamp now;
    if (fs_tree_stat(&ws->tree, wu->path, &now) == FS_ERROR)
        return true;
    if (!fs_stamp_same(&now, &wu->stamp))
        return true;
    if (!fs_stamp_racy(&wu->stamp) || !wu->stamp.hash)
        return false;
    /* Same size and time, but stamped in the tick of the change: only the
     * content can tell.  Unchanged, the stamp is renewed (and soon no
     * longer racy). */
    char *buf;
    size_t len;
    if (fs_tree_read(&ws->tree, wu->path, UNIT_MAX_BYTES, &buf, &len, &now, NULL) != FS_OK)
        return true;
    free(buf);
    if (!fs_stamp_same(&now, &wu->stamp))
        return true;
    wu->stamp = now;
    return false;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids of the unit files in one folder of the workspace, sorted. */
static char **list_ids(const workspace *ws, const char *dir, size_t *count, diag_list *dl)
{
    char **ids = NULL;
    size_t n = 0, cap = 0;
    DIR *d = fs_tree_opendir(&ws->tree, dir, dl);
    *count = 0;
    if (!d)
        return NULL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char *id;
        if (!workspace_is_unit_file_name(e->d_name, &id))
            continue; /* dot-files (locks, temporary files) and others */
        ids = xgrow(ids, &cap, n + 1, sizeof *ids);
        ids[n++] = id;
    }
    closedir(d);
    if (n > 1) /* qsort's array may not be NULL, even for 0 items */
        qsort(ids, n, sizeof *ids, cmp_name);
    *count = n;
    return ids;
}

static void free_ids(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

size_t workspace_count_unit_files(const workspace *ws, diag_list *dl)
{
    size_t total = 0;
    for (int k = 0; k < 2; k++) {
        char *dir = fs_join(ws->root, unit_dirs[k]);
        size_t n;
        char **ids = list_ids(ws, dir, &n, dl);
        free_ids(ids, n);
        free(dir);
        total += n;
    }
    return total;
}

char **workspace_list_ids(const workspace *ws, unit_kind kind, size_t *count, diag_list *dl)
{
    *count = 0;
    if (kind != KIND_VILLAGE && kind != KIND_ENTERPRISE)
        return NULL;
    char *dir = fs_join(ws->root, workspace_kind_dir(kind));
    char **ids = list_ids(ws, dir, count, dl);
    free(dir);
    return ids;
}

static ws_unit *find_loaded(const workspace *ws, size_t limit, unit_kind kind, const char *id)
{
    for (size_t i = 0; i < limit; i++)
        if (ws->units[i].kind == kind && strcmp(ws->units[i].id, id) == 0)
            return &ws->units[i];
    return NULL;
}

/* Lists a unit found by the scan; takes `id` (allocated). */
static void scan_entry(workspace *ws, size_t before, unit_kind kind, char *id)
{
    if (find_loaded(ws, before, kind, id))
        free(id);
    else
        add_entry_owning(ws, kind, id); /* no copy: 100,000 of them in a district */
}

/* Lists every unit file into ws->units (keeping entries already there). */
static bool scan_units(workspace *ws, diag_list *dl)
{
    /* entries made before the scan (workspace_find_unit) are kept; only
     * they need a lookup, so the scan stays linear */
    size_t before = ws->n_units, total = 0;
    scan_entry(ws, before, KIND_TOWN, xstrdup("town"));
    for (int k = 0; k < 2; k++) {
        unit_kind kind = k == 0 ? KIND_VILLAGE : KIND_ENTERPRISE;
        char *dir = fs_join(ws->root, unit_dirs[k]);
        size_t n;
        char **ids = list_ids(ws, dir, &n, dl);
        if (total + n <= WORKSPACE_MAX_UNITS) /* room for all at once, not by doubling */
            ws->units = xgrow(ws->units, &ws->cap_units, ws->n_units + n, sizeof *ws->units);
        for (size_t i = 0; i < n; i++) {
            if (++total <= WORKSPACE_MAX_UNITS)
                scan_entry(ws, before, kind, ids[i]);
            else
                free(ids[i]);
        }
        free(ids);
        free(dir);
    }
    if (total > WORKSPACE_MAX_UNITS) {
        diag_add(dl, ws->root, 0, 0, TR(M_WS_TOO_MANY_UNITS), total, WORKSPACE_MAX_UNITS);
        return false;
    }
    ws->scanned = true;
    return true;
}

static int cmp_entry(const void *a, const void *b)
{
    const ws_unit *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind == KIND_TOWN ? -1 : y->kind == KIND_TOWN ? 1 : (int)x->kind - (int)y->kind;
    return strcmp(x->id, y->id);
}

/* The scan lists each folder sorted: unless units were looked up before
 * it, they are in order already, and 100,000 need no second sort. */
static bool units_in_order(const workspace *ws)
{
    for (size_t i = 1; i < ws->n_units; i++)
        if (cmp_entry(&ws->units[i - 1], &ws->units[i]) > 0)
            return false;
    return true;
}

bool workspace_list_units(workspace *ws, diag_list *dl)
{
    if (ws->scanned)
        return true;
    if (!scan_units(ws, dl))
        return false;
    if (!units_in_order(ws))
        qsort(ws->units, ws->n_units, sizeof *ws->units, cmp_entry);
    return true;
}

bool workspace_load_units(workspace *ws, diag_list *dl)
{
    if (!workspace_list_units(ws, dl))
        return false;
    bool ok = true;
    for (size_t i = 0; i < ws->n_units; i++)
        if (!read_unit(ws, &ws->units[i], dl))
            ok = false;
    return ok;
}

ws_unit *workspace_entry(workspace *ws, unit_kind kind, const char *id)
{
    ws_unit *wu = find_loaded(ws, ws->n_units, kind, id);
    return wu ? wu : add_entry(ws, kind, id);
}

/* "xinzhu, xinzhu-2": the ids of the units that carry a name. */
static char *id_list(const name_holder *found, size_t n)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        sb_printf(&sb, "%s%s", i ? tr(M_LIST_SEP) : "", found[i].id);
    return sb_steal(&sb);
}

/* The one unit named `name`, loaded.  The names are what the files said
 * when they were read (names.h): a unit renamed since is no longer found
 * by its old name. */
static ws_unit *find_by_name(workspace *ws, const char *name, bool *missing, diag_list *dl)
{
    name_holder *found;
    size_t n;
    ws_unit *wu = NULL;
    bool ok = names_lookup(workspace_names(ws), name, &found, &n, dl);
    if (ok && n == 1) {
        wu = workspace_entry(ws, found[0].kind, found[0].id);
        if (!read_unit(ws, wu, dl) || strcmp(wu->u->name, name) != 0)
            wu = NULL;
    } else if (ok && n > 1) {
        *missing = true;
        char *ids = id_list(found, n);
        diag_add(dl, NULL, 0, 0, TR(M_NAME_AMBIGUOUS), name, n, ids);
        free(ids);
    }
    free(found);
    return wu;
}

char *workspace_archive_path(const workspace *ws, unit_kind kind, const char *id, diag_list *dl)
{
    /* made when missing, never through a link (whatever one points to is
     * outside qtown's reach) */
    char *dir = xasprintf("%s/%s", WORKSPACE_ARCHIVE, workspace_kind_dir(kind));
    char *path = NULL;
    if (fs_tree_mkdirs(&ws->tree, dir, dl))
        for (int n = 1; !path; n++) {
            char *name = n == 1 ? xasprintf("%s.yaml", id) : xasprintf("%s-%d.yaml", id, n);
            path = xasprintf("%s/%s/%s", ws->root, dir, name);
            free(name);
            if (fs_tree_exists(&ws->tree, path)) { /* taken, whatever it is: never replaced */
                free(path);
                path = NULL;
            }
        }
    free(dir);
    return path;
}

ws_unit *workspace_find_unit(workspace *ws, const char *key, bool *missing, diag_list *dl)
{
    *missing = false;
    if (strcmp(key, "town") == 0 || (ws->cfg.town && strcmp(key, ws->cfg.town) == 0)) {
        ws_unit *wu = workspace_entry(ws, KIND_TOWN, "town");
        return read_unit(ws, wu, dl) ? wu : NULL;
    }
    if (id_is_unit_id(key)) {
        for (int k = 0; k < 2; k++) {
            unit_kind kind = k == 0 ? KIND_VILLAGE : KIND_ENTERPRISE;
            char *path = workspace_unit_path(ws, kind, key);
            bool exists = fs_tree_exists(&ws->tree, path);
            free(path);
            if (exists) {
                ws_unit *wu = workspace_entry(ws, kind, key);
                return read_unit(ws, wu, dl) ? wu : NULL;
            }
        }
    }
    size_t before = dl->count;
    ws_unit *wu = find_by_name(ws, key, missing, dl);
    if (!wu && dl->count == before) {
        *missing = true;
        diag_add(dl, NULL, 0, 0, TR(M_WS_NO_SUCH_UNIT), key, ws->root);
    }
    return wu;
}

/* ---- names ------------------------------------------------------------ */

/* The unit (other than kind/id) whose id is `name`, if any. */
static bool other_id(const workspace *ws, const char *name, unit_kind kind, const char *id,
                     unit_kind *other)
{
    if (!id_is_unit_id(name))
        return false;
    for (int k = 0; k < 2; k++) {
        *other = k == 0 ? KIND_VILLAGE : KIND_ENTERPRISE;
        if (*other == kind && strcmp(name, id) == 0)
            continue;
        char *path = workspace_unit_path(ws, *other, name);
        bool exists = fs_tree_exists(&ws->tree, path);
        free(path);
        if (exists)
            return true;
    }
    *other = KIND_TOWN;
    return strcmp(name, "town") == 0 && kind != KIND_TOWN;
}

name_verdict workspace_check_name(workspace *ws, const char *name, unit_kind kind, const char *id,
                                  diag_list *dl)
{
    if (!unit_name_valid(name)) {
        diag_add(dl, NULL, 0, 0, TR(M_NAME_INVALID), UNIT_MAX_NAME);
        return NAME_INVALID;
    }
    unit_kind other;
    if (other_id(ws, name, kind, id, &other)) {
        diag_add(dl, NULL, 0, 0, TR(M_NAME_IS_ID), name, tr_kind(other), name);
        return NAME_TAKEN;
    }
    const char *town = ws->cfg.town ? ws->cfg.town : "town";
    if (kind != KIND_TOWN && strcmp(name, town) == 0) {
        diag_add(dl, NULL, 0, 0, TR(M_NAME_TAKEN), name, tr_kind(KIND_TOWN), "town");
        return NAME_TAKEN;
    }
    name_holder *found;
    size_t n;
    if (!names_lookup(workspace_names(ws), name, &found, &n, dl)) {
        free(found);
        return NAME_UNREADABLE;
    }
    name_verdict v = NAME_OK;
    for (size_t i = 0; i < n && v == NAME_OK; i++) {
        if (found[i].kind == kind && strcmp(found[i].id, id ? id : "") == 0)
            continue;
        diag_add(dl, NULL, 0, 0, TR(M_NAME_TAKEN), name, tr_kind(found[i].kind), found[i].id);
        v = NAME_TAKEN;
    }
    free(found);
    return v;
}

static int cmp_by_name(const void *a, const void *b)
{
    const ws_unit *x = *(ws_unit *const *)a, *y = *(ws_unit *const *)b;
    int c = strcmp(x->u->name, y->u->name);
    return c ? c : (x < y ? -1 : x > y);
}

bool workspace_check_unique_names(const workspace *ws, diag_list *dl)
{
    const ws_unit **byname = xmalloc((ws->n_units + 1) * sizeof *byname);
    size_t n = 0;
    for (size_t i = 0; i < ws->n_units; i++)
        if (ws->units[i].u)
            byname[n++] = &ws->units[i];
    if (n > 1)
        qsort(byname, n, sizeof *byname, cmp_by_name);
    bool unique = true;
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && strcmp(byname[j]->u->name, byname[i]->u->name) == 0;)
            j++;
        for (size_t k = i; j - i > 1 && k < j; k++) {
            strbuf others = STRBUF_INIT;
            for (size_t o = i; o < j; o++)
                if (o != k)
                    sb_printf(&others, "%s%s", others.len ? tr(M_LIST_SEP) : "", byname[o]->id);
            diag_add(dl, byname[k]->path, byname[k]->u->name_line, byname[k]->u->name_col,
                     TR(M_NAME_DUPLICATE), byname[k]->u->name, sb_str(&others));
            sb_free(&others);
            unique = false;
        }
    }
    free(byname);
    return unique;
}

bool workspace_writable(const workspace *ws, diag_list *dl)
{
    char *town = workspace_unit_path(ws, KIND_TOWN, "town");
    bool ok = fs_tree_can_replace(&ws->tree, town, dl);
    free(town);
    for (size_t k = 0; k < 2 && ok; k++) {
        /* a new file in the folder: only the folder is asked about */
        char *probe = xasprintf("%s/%s/.qtown-new", ws->root, unit_dirs[k]);
        ok = fs_tree_can_replace(&ws->tree, probe, dl);
        free(probe);
    }
    return ok;
}

bool workspace_unit_writable(const workspace *ws, const ws_unit *wu, diag_list *dl)
{
    return fs_tree_can_replace(&ws->tree, wu->path, dl);
}

/* ---- the workspace's own folders (meetings/, assessments/) ------------- */

/* Everything below goes through the workspace's fs_tree: no link is ever
 * followed on the way, only regular files are read or replaced. */

fs_result workspace_file_read(const workspace *ws, const char *rel, size_t max, char **buf,
                              size_t *len, diag_list *dl)
{
    return fs_tree_read(&ws->tree, rel, max, buf, len, NULL, dl);
}

bool workspace_file_exists(const workspace *ws, const char *rel)
{
    return fs_tree_exists(&ws->tree, rel);
}

bool workspace_folder_make(const workspace *ws, const char *folder, diag_list *dl)
{
    return fs_tree_mkdirs(&ws->tree, folder, dl);
}

bool workspace_file_write(const workspace *ws, const char *rel, const void *data, size_t len,
                          bool replace, diag_list *dl)
{
    const char *slash = strrchr(rel, '/');
    if (slash) {
        char *folder = xstrndup(rel, (size_t)(slash - rel));
        bool made = workspace_folder_make(ws, folder, dl);
        free(folder);
        if (!made)
            return false;
    }
    if (!replace && fs_tree_exists(&ws->tree, rel)) {
        char *path = fs_join(ws->root, rel);
        diag_add(dl, path, 0, 0, "%s", tr(M_WS_FILE_EXISTS));
        free(path);
        return false;
    }
    return fs_tree_write(&ws->tree, rel, data, len, 0644, dl);
}

char **workspace_folder_list(const workspace *ws, const char *folder,
                             bool (*want)(const char *name), size_t *count, diag_list *dl)
{
    char **names = NULL;
    size_t n = 0, cap = 0;
    *count = 0;
    DIR *d = fs_tree_opendir(&ws->tree, folder, dl);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || !want(e->d_name))
            continue; /* dot-files: locks, temporary files */
        names = xgrow(names, &cap, n + 1, sizeof *names);
        names[n++] = xstrdup(e->d_name);
    }
    if (d)
        closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_name);
    *count = n;
    return names;
}

int workspace_expiring_days(const workspace *ws)
{
    return ws->cfg.has_expiring_days ? ws->cfg.expiring_days : DEFAULT_EXPIRING_DAYS;
}

int workspace_unvisited_days(const workspace *ws)
{
    return ws->cfg.unvisited_days ? ws->cfg.unvisited_days : DEFAULT_UNVISITED_DAYS;
}

const unit *workspace_walk_unit(const workspace *ws, size_t i, size_t only)
{
    return only == SIZE_MAX || i == only ? ws->units[i].u : NULL;
}
