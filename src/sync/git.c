#include "sync/git.h"

#include "util/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

bool git_open(git *g, const char *root, diag_list *dl)
{
    memset(g, 0, sizeof *g);
    g->exe = proc_find("git");
    if (!g->exe) {
        diag_add(dl, NULL, 0, 0, TR(M_GIT_NOT_INSTALLED));
        return false;
    }
    g->root = xstrdup(root);
    g->env = xcalloc(1, sizeof *g->env);
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
    return true;
}

void git_close(git *g)
{
    for (size_t i = 0; i < g->n_env; i++)
        free(g->env[i]);
    free(g->env);
    free(g->exe);
    free(g->root);
    memset(g, 0, sizeof *g);
}

void git_setenv(git *g, const char *name, const char *value)
{
    size_t len = strlen(name);
    char *entry = xasprintf("%s=%s", name, value);
    for (size_t i = 0; i < g->n_env; i++)
        if (strncmp(g->env[i], name, len) == 0 && g->env[i][len] == '=') {
            free(g->env[i]);
            g->env[i] = entry;
            return;
        }
    g->env = xrealloc(g->env, (g->n_env + 2) * sizeof *g->env);
    g->env[g->n_env++] = entry;
    g->env[g->n_env] = NULL;
}

bool git_runv(git *g, const char *const *args, const char *in, size_t in_len, proc_result *r,
              diag_list *dl)
{
    const char *argv[GIT_MAX_ARGS + 2];
    size_t n = 0;
    argv[n++] = g->exe;
    while (args[n - 1] && n <= GIT_MAX_ARGS)
        argv[n] = args[n - 1], n++;
    argv[n] = NULL;
    proc_opts o = {.cwd = g->root, .env = (const char *const *)g->env, .in = in, .in_len = in_len};
    return proc_run(argv, &o, r, dl);
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
