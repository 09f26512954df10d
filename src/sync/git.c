#include "sync/git.h"

#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

/* The user's GIT_* variables git still sees: how to reach a remote and who
 * signs a commit.  Every other GIT_* variable is removed: inside a git hook,
 * `git rebase --exec` or `git submodule foreach`, GIT_DIR, GIT_WORK_TREE,
 * GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY, GIT_CONFIG_PARAMETERS... point at
 * another repository (`git rev-parse --local-env-vars` lists them), and
 * others change how qtown's own commands read (GIT_LITERAL_PATHSPECS,
 * GIT_NAMESPACE, GIT_ATTR_SOURCE, GIT_TRACE on standard error). */
static const char *const kept_git_vars[] = {"GIT_SSH",
                                            "GIT_SSH_COMMAND",
                                            "GIT_SSH_VARIANT",
                                            "GIT_ASKPASS",
                                            "GIT_TERMINAL_PROMPT",
                                            "GIT_SSL_NO_VERIFY",
                                            "GIT_SSL_CAINFO",
                                            "GIT_SSL_CAPATH",
                                            "GIT_SSL_CERT",
                                            "GIT_SSL_KEY",
                                            "GIT_SSL_CIPHER_LIST",
                                            "GIT_SSL_VERSION",
                                            "GIT_HTTP_PROXY_AUTHMETHOD",
                                            "GIT_HTTP_USER_AGENT",
                                            "GIT_HTTP_LOW_SPEED_LIMIT",
                                            "GIT_HTTP_LOW_SPEED_TIME",
                                            "GIT_PROXY_COMMAND",
                                            "GIT_PROXY_SSL_CERT",
                                            "GIT_PROXY_SSL_KEY",
                                            "GIT_PROXY_SSL_CAINFO",
                                            "GIT_AUTHOR_NAME",
                                            "GIT_AUTHOR_EMAIL",
                                            "GIT_AUTHOR_DATE",
                                            "GIT_COMMITTER_NAME",
                                            "GIT_COMMITTER_EMAIL",
                                            "GIT_COMMITTER_DATE",
                                            "GIT_CONFIG_GLOBAL",
                                            "GIT_CONFIG_SYSTEM",
                                            "GIT_CONFIG_NOSYSTEM",
                                            "GIT_EXEC_PATH",
                                            NULL};

static bool kept_git_var(const char *entry, size_t name_len)
{
    for (size_t i = 0; kept_git_vars[i]; i++)
        if (strlen(kept_git_vars[i]) == name_len && strncmp(kept_git_vars[i], entry, name_len) == 0)
            return true;
    return false;
}

/* The one place that decides git's environment (docs/security.md). */
static void build_env(git *g)
{
    for (char **e = environ; *e; e++) {
        size_t n = strcspn(*e, "=");
        if (strncmp(*e, "GIT_", 4) != 0 || kept_git_var(*e, n))
            continue;
        char *name = xstrndup(*e, n);
        git_unsetenv(g, name);
        free(name);
    }
    /* the repository is the workspace's own .git, never one above it */
    char *parent = xstrdup(g->root);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = '\0';
        git_setenv(g, "GIT_CEILING_DIRECTORIES", parent);
    }
    free(parent);
    /* git's words are read (sync.h: is a remote offline?), so they come
     * in one language; a user's locale never changes them */
    git_setenv(g, "LC_ALL", "C");
    git_unsetenv(g, "LANGUAGE");
    char *self = proc_self_dir();
    if (self) {
        const char *path = getenv("PATH");
        char *v = xasprintf("%s%s%s", self, path && *path ? ":" : "", path ? path : "");
        git_setenv(g, "PATH", v);
        free(v);
        free(self);
    }
    /* a merge never opens an editor; qtown writes its own messages */
    git_setenv(g, "GIT_MERGE_AUTOEDIT", "no");
}

bool git_open(git *g, const char *root, diag_list *dl)
{
    memset(g, 0, sizeof *g);
    g->exe = proc_find("git");
    if (!g->exe) {
        diag_add(dl, NULL, 0, 0, TR(M_GIT_NOT_INSTALLED));
        return false;
    }
    g->tree.fd = -1;
    if (!fs_tree_open(&g->tree, root, dl)) {
        free(g->exe);
        g->exe = NULL;
        return false;
    }
    g->root = xstrdup(g->tree.root);
    g->env = xcalloc(1, sizeof *g->env);
    build_env(g);
    return true;
}

/* A child of git_session, and the ARGS it was started with. */
struct git_kept {
    char **args;
    proc_session *s;
};

static void free_args(char **args)
{
    for (size_t i = 0; args[i]; i++)
        free(args[i]);
    free(args);
}

void git_close(git *g)
{
    for (size_t i = 0; i < g->n_kept; i++) {
        proc_result r; /* done with: what it says no longer matters */
        proc_close(g->kept[i].s, &r);
        proc_result_free(&r);
        free_args(g->kept[i].args);
    }
    free(g->kept);
    for (size_t i = 0; i < g->n_env; i++)
        free(g->env[i]);
    free(g->env);
    free(g->exe);
    free(g->root);
    fs_tree_close(&g->tree);
    memset(g, 0, sizeof *g);
    g->tree.fd = -1;
}

/* Sets `entry` ("NAME=VALUE", or "NAME": removed) for the children. */
static void put_env(git *g, const char *name, char *entry)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < g->n_env; i++)
        if (strncmp(g->env[i], name, len) == 0 &&
            (g->env[i][len] == '=' || g->env[i][len] == '\0')) {
            free(g->env[i]);
            g->env[i] = entry;
            return;
        }
    g->env = xrealloc(g->env, (g->n_env + 2) * sizeof *g->env);
    g->env[g->n_env++] = entry;
    g->env[g->n_env] = NULL;
}

void git_setenv(git *g, const char *name, const char *value)
{
    put_env(g, name, xasprintf("%s=%s", name, value));
}

void git_unsetenv(git *g, const char *name)
{
    put_env(g, name, xstrdup(name));
}

/* argv for git ARGS, with `extra` (may be NULL) after the first. */
static void git_argv(const git *g, const char *const *args, const char *extra, const char **argv)
{
    size_t n = 0;
    argv[n++] = g->exe;
    for (size_t i = 0; args[i] && n < GIT_MAX_ARGS; i++) {
        argv[n++] = args[i];
        if (i == 0 && extra)
            argv[n++] = extra;
    }
    argv[n] = NULL;
}

bool git_runv(git *g, const char *const *args, const char *in, size_t in_len, proc_result *r,
              diag_list *dl)
{
    const char *argv[GIT_MAX_ARGS + 2];
    git_argv(g, args, NULL, argv);
    proc_opts o = {.cwd = g->root,
                   .env = (const char *const *)g->env,
                   .in = in,
                   .in_len = in_len,
                   .detach = g->detach};
    return proc_run(argv, &o, r, dl);
}

static bool same_args(char *const *a, const char *const *b)
{
    size_t i = 0;
    for (; a[i] && b[i]; i++)
        if (strcmp(a[i], b[i]) != 0)
            return false;
    return !a[i] && !b[i];
}

proc_session *git_session(git *g, const char *const *args, diag_list *dl)
{
    for (size_t i = 0; i < g->n_kept; i++)
        if (same_args(g->kept[i].args, args))
            return g->kept[i].s;
    const char *argv[GIT_MAX_ARGS + 2];
    git_argv(g, args, NULL, argv);
    proc_opts o = {.cwd = g->root, .env = (const char *const *)g->env, .detach = g->detach};
    proc_session *s = proc_open(argv, &o, dl);
    if (!s)
        return NULL;
    size_t n = 0;
    while (args[n])
        n++;
    char **copy = xcalloc(n + 1, sizeof *copy);
    for (size_t i = 0; i < n; i++)
        copy[i] = xstrdup(args[i]);
    g->kept = xgrow(g->kept, &g->cap_kept, g->n_kept + 1, sizeof *g->kept);
    g->kept[g->n_kept++] = (struct git_kept){copy, s};
    return s;
}

void git_session_failed(git *g, proc_session *s, diag_list *dl)
{
    for (size_t i = 0; i < g->n_kept; i++) {
        if (g->kept[i].s != s)
            continue;
        struct git_kept k = g->kept[i];
        g->kept[i] = g->kept[--g->n_kept];
        proc_result r;
        proc_close(k.s, &r);
        git_report((const char *const *)k.args, &r, dl);
        proc_result_free(&r);
        free_args(k.args);
        return;
    }
}

/* ---- the network ----------------------------------------------------------------- */

/* git's progress on standard error: "Receiving objects:  45% (450/1000)\r"
 * rewritten in place, ending "..., done.\n"; a remote's the same after
 * "remote: ".  (git speaks English here: build_env.) */
typedef struct progress_reader {
    const git_net *net;
    char seg[256]; /* the segment read so far */
    size_t len;
    int last; /* the last percentage told */
} progress_reader;

/* "(N/M)" in a segment: N of M, as a percentage; -1 when there is none. */
static int segment_percent(const char *seg)
{
    const char *open = strrchr(seg, '(');
    unsigned long long n, m;
    char close;
    if (!open || sscanf(open, "(%llu/%llu%c", &n, &m, &close) != 3 || close != ')' || !m || n > m)
        return -1;
    return (int)(n * 100 / m);
}

static void progress_seen(void *ctx, const char *data, size_t len)
{
    progress_reader *pr = ctx;
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        if (c != '\r' && c != '\n') {
            if (pr->len + 1 < sizeof pr->seg)
                pr->seg[pr->len++] = c;
            continue;
        }
        pr->seg[pr->len] = '\0';
        int pct = segment_percent(pr->seg);
        if (pct >= 0 && pct != pr->last && pr->net->percent)
            pr->net->percent(pr->net->ctx, pct);
        if (pct >= 0)
            pr->last = pct;
        pr->len = 0;
    }
}

static bool net_keep_going(void *ctx)
{
    const progress_reader *pr = ctx;
    return !pr->net->keep_going || pr->net->keep_going(pr->net->ctx);
}

/* Takes the progress display out of git's standard error: a segment that
 * ends in a carriage return, and the line that ends a display. */
static void strip_progress(strbuf *err)
{
    size_t k = 0;
    bool after_cr = false;
    for (size_t i = 0; i < err->len;) {
        size_t end = i;
        while (end < err->len && err->data[end] != '\r' && err->data[end] != '\n')
            end++;
        bool cr = end < err->len && err->data[end] == '\r';
        size_t next = end < err->len ? end + 1 : end;
        if (!cr && !after_cr) {
            memmove(err->data + k, err->data + i, next - i);
            k += next - i;
        }
        after_cr = cr;
        i = next;
    }
    err->len = k;
    if (err->data)
        err->data[k] = '\0';
}

bool git_run_net(git *g, const char *const *args, const git_net *net, proc_result *r, diag_list *dl)
{
    const char *argv[GIT_MAX_ARGS + 2];
    git_argv(g, args, "--progress", argv);
    progress_reader pr = {.net = net, .last = -1};
    proc_opts o = {.cwd = g->root,
                   .env = (const char *const *)g->env,
                   .detach = g->detach,
                   .idle_ms = net->idle_s * 1000,
                   .keep_going = net->keep_going ? net_keep_going : NULL,
                   .on_err = progress_seen,
                   .ctx = &pr};
    bool ok = proc_run(argv, &o, r, dl);
    if (ok)
        strip_progress(&r->err);
    return ok;
}

/* Collects the NULL-terminated arguments after `first`. */
#define COLLECT_ARGS(args, last)                                                                   \
    const char *args[GIT_MAX_ARGS + 1];                                                            \
    do {                                                                                           \
        va_list ap;                                                                                \
        va_start(ap, last);                                                                        \
        size_t n_ = 0;                                                                             \
        const char *a_;                                                                            \
        while ((a_ = va_arg(ap, const char *)) != NULL && n_ < GIT_MAX_ARGS)                       \
            args[n_++] = a_;                                                                       \
        args[n_] = NULL;                                                                           \
        va_end(ap);                                                                                \
    } while (0)

bool git_run(git *g, const char *in, size_t in_len, proc_result *r, diag_list *dl, ...)
{
    COLLECT_ARGS(args, dl);
    return git_runv(g, args, in, in_len, r, dl);
}

void git_report(const char *const *args, const proc_result *r, diag_list *dl)
{
    strbuf cmd = STRBUF_INIT;
    sb_puts(&cmd, "git");
    for (size_t i = 0; args[i]; i++) {
        sb_putc(&cmd, ' ');
        sb_puts(&cmd, args[i]);
    }
    /* git's own words, without its trailing newline */
    const char *msg = r->err.len ? sb_str(&r->err) : sb_str(&r->out);
    size_t len = strlen(msg);
    while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
        len--;
    if (len)
        diag_add(dl, NULL, 0, 0, TR(M_GIT_FAILED_SAYING), sb_str(&cmd), r->status, (int)len, msg);
    else
        diag_add(dl, NULL, 0, 0, TR(M_GIT_FAILED), sb_str(&cmd), r->status);
    sb_free(&cmd);
}

bool git_ok(git *g, diag_list *dl, ...)
{
    COLLECT_ARGS(args, dl);
    proc_result r;
    if (!git_runv(g, args, NULL, 0, &r, dl))
        return false;
    bool ok = r.status == 0;
    if (!ok)
        git_report(args, &r, dl);
    proc_result_free(&r);
    return ok;
}

char *git_capture(git *g, diag_list *dl, ...)
{
    COLLECT_ARGS(args, dl);
    proc_result r;
    if (!git_runv(g, args, NULL, 0, &r, dl))
        return NULL;
    char *out = NULL;
    if (r.status == 0) {
        out = sb_steal(&r.out);
        size_t len = strlen(out);
        if (len && out[len - 1] == '\n')
            out[len - 1] = '\0';
    } else if (dl) {
        git_report(args, &r, dl);
    }
    proc_result_free(&r);
    return out;
}
