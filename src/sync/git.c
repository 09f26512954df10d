#include "sync/git.h"

#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool git_open(git *g, const char *root, diag_list *dl)
{
    memset(g, 0, sizeof *g);
    g->exe = proc_find("git");
    if (!g->exe) {
        diag_add(dl, NULL, 0, 0,
                 "git is not installed: qtown keeps workspaces in sync with git "
                 "(on Debian: apt-get install git)");
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

/* ---- the network ----------------------------------------------------------------- */

/* git's progress on standard error: "Receiving objects:  45% (450/1000)\r"
 * rewritten in place, ending "..., done.\n"; a remote's the same after
 * "remote: ".  The titles may be translated; the counts are not. */
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
    diag_add(dl, NULL, 0, 0, "%s failed (status %d)%s%.*s", sb_str(&cmd), r->status,
             len ? ": " : "", (int)len, msg);
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
