#include "model/identity.h"

#include "i18n/i18n.h"
#include "util/xalloc.h"
#include "yaml/ydecode.h"
#include "yaml/ywriter.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The user's config file is tiny: one name, room for a few more settings. */
#define USER_CONFIG_MAX_BYTES 4096

static const ylimits user_config_limits = {
    .max_depth = 2, .max_scalar = UNIT_MAX_NAME, .max_nodes = 64};

static const char *home_dir(void)
{
    const char *home = getenv("HOME");
    if (home && *home == '/')
        return home;
    struct passwd *pw = getpwuid(getuid());
    return pw && pw->pw_dir ? pw->pw_dir : "/";
}

char *identity_config_path(void)
{
    const char *xdg = getenv("XDG_CONFIG_HOME");
    if (xdg && *xdg == '/') /* the spec: a relative value is ignored */
        return xasprintf("%s/qtown/config.yaml", xdg);
    return xasprintf("%s/.config/qtown/config.yaml", home_dir());
}

bool identity_config_read(const char *path, char **name, diag_list *dl)
{
    static const char *const keys[] = {"name", NULL};
    *name = NULL;
    char *buf;
    size_t len;
    fs_result fr = fs_read_file(path, USER_CONFIG_MAX_BYTES, &buf, &len, NULL, dl);
    if (fr == FS_MISSING)
        return true;
    if (fr != FS_OK)
        return false;
    arena *mem = arena_new(1024);
    ydec d = {.path = path, .mem = mem, .dl = dl};
    ydoc doc;
    bool ok = ydoc_parse(&doc, mem, path, buf, len, &user_config_limits, dl);
    if (ok && doc.root && yd_is_map(&d, doc.root, M_W_USER_CONFIG)) {
        yd_known_keys(&d, doc.root, keys, M_W_USER_CONFIG);
        const ynode *n = ynode_get(doc.root, "name");
        const char *s = n ? yd_line(&d, n, M_W_NAME, UNIT_MAX_NAME) : NULL;
        if (s && !unit_name_valid(s))
            yd_error(&d, n, "%s", tr(M_WHO_BAD_NAME));
        else if (s && d.errors == 0)
            *name = xstrdup(s);
    }
    ok = ok && d.errors == 0;
    arena_free(mem);
    free(buf);
    return ok;
}

bool identity_config_write(const char *name, diag_list *dl)
{
    char *path = identity_config_path();
    char *dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
    strbuf out = STRBUF_INIT;
    ywriter *w = yw_new(&out);
    yw_map_begin(w);
    yw_pair_text(w, "name", name);
    yw_map_end(w);
    /* qtown's own folder, made where the user's settings go (a link on
     * the way there is the user's doing); in it, fs_tree writes only over
     * a regular file, never through a link */
    fs_tree t = FS_TREE_INIT;
    bool ok = yw_finish(w, path, dl) && fs_mkdirs(dir, dl) && fs_tree_open(&t, dir, dl) &&
              fs_tree_write(&t, "config.yaml", out.data, out.len, 0644, dl);
    fs_tree_close(&t);
    sb_free(&out);
    free(dir);
    free(path);
    return ok;
}

/* Takes `name` (owned) as the answer from `source`, or refuses it. */
static bool take(identity *out, char *name, identity_source source, char *where, diag_list *dl)
{
    out->name = name;
    out->source = source;
    out->where = where;
    if (unit_name_valid(name))
        return true;
    strbuf from = STRBUF_INIT;
    identity_describe_source(out, &from);
    diag_add(dl, where, 0, 0, TR(M_WHO_UNFIT), sb_str(&from));
    sb_free(&from);
    identity_free(out);
    return false;
}

static char *login_name(void)
{
    const char *user = getenv("USER");
    if (user && *user && unit_name_valid(user))
        return xstrdup(user);
    struct passwd *pw = getpwuid(getuid());
    return xstrdup(pw && pw->pw_name && unit_name_valid(pw->pw_name) ? pw->pw_name : "unknown");
}

bool identity_resolve(const workspace *ws, const char *by_option, identity_git_name_fn git_name,
                      identity *out, diag_list *dl)
{
    memset(out, 0, sizeof *out);
    if (by_option)
        return take(out, xstrdup(by_option), IDENTITY_OPTION, NULL, dl);
    const char *env = getenv("QTOWN_USER");
    if (env && *env)
        return take(out, xstrdup(env), IDENTITY_ENV, NULL, dl);
    char *path = identity_config_path(), *name;
    if (!identity_config_read(path, &name, dl)) {
        free(path);
        return false;
    }
    if (name)
        return take(out, name, IDENTITY_USER_CONFIG, path, dl);
    free(path);
    if (ws && git_name && (name = git_name(ws->root)) != NULL) {
        if (*name)
            return take(out, name, IDENTITY_GIT, NULL, dl);
        free(name);
    }
    if (ws && ws->cfg.inspector && *ws->cfg.inspector)
        return take(out, xstrdup(ws->cfg.inspector), IDENTITY_WORKSPACE,
                    fs_join(ws->root, "qtown.yaml"), dl);
    return take(out, login_name(), IDENTITY_LOGIN, NULL, dl);
}

void identity_free(identity *id)
{
    free(id->name);
    free(id->where);
    id->name = id->where = NULL;
}

void identity_describe_source(const identity *id, strbuf *out)
{
    static const msg_id words[] = {
        [IDENTITY_OPTION] = M_WHO_FROM_OPTION,       [IDENTITY_ENV] = M_WHO_FROM_ENV,
        [IDENTITY_USER_CONFIG] = M_WHO_FROM_CONFIG,  [IDENTITY_GIT] = M_WHO_FROM_GIT,
        [IDENTITY_WORKSPACE] = M_WHO_FROM_WORKSPACE, [IDENTITY_LOGIN] = M_WHO_FROM_LOGIN,
    };
    sb_printf(out, tr(words[id->source]), id->where ? id->where : "");
}
