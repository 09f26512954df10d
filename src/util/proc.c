#include "util/proc.h"

#include "i18n/i18n.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

char *proc_find(const char *name)
{
    if (strchr(name, '/'))
        return access(name, X_OK) == 0 ? xstrdup(name) : NULL;
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/bin:/bin";
    while (*path) {
        size_t n = strcspn(path, ":");
        char *dir = n ? xstrndup(path, n) : xstrdup(".");
        char *full = xasprintf("%s/%s", dir, name);
        free(dir);
        struct stat st;
        if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0)
            return full;
        free(full);
        path += n + (path[n] == ':');
    }
    return NULL;
}

char *proc_self_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return xstrdup(buf[0] ? buf : "/");
}

/* Does the entry `set` ("NAME=VALUE" or "NAME") name the variable of the
 * environment entry `var` ("NAME=VALUE")? */
static bool same_name(const char *set, const char *var)
{
    size_t key = strcspn(var, "=");
    return strncmp(set, var, key) == 0 && (set[key] == '=' || set[key] == '\0');
}

/* The environment of the child: ours, with `set` overriding ("NAME=VALUE")
 * or removing ("NAME"). */
static char **child_env(const char *const *set)
{
    size_t n = 0, m = 0;
    while (environ[n])
        n++;
    while (set && set[m])
        m++;
    char **env = xmalloc((n + m + 1) * sizeof *env);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool replaced = false;
        for (size_t j = 0; j < m && !replaced; j++)
            replaced = same_name(set[j], environ[i]);
        if (!replaced)
            env[k++] = environ[i];
    }
    for (size_t j = 0; j < m; j++)
        if (strchr(set[j], '='))
            env[k++] = (char *)set[j];
    env[k] = NULL;
    return env;
}

/* In the child, after fork: only async-signal-safe calls, then exec. */
static void run_child(const char *const *argv, const proc_opts *o, char **env, int in, int out,
                      int err)
{
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
        _exit(127);
    if (o->cwd && chdir(o->cwd) != 0)
        _exit(127);
    environ = env;
    execvp(argv[0], (char *const *)argv);
    _exit(127);
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* Feeds stdin and drains stdout and stderr until both are closed. */
static void pump(int in, int out, int err, const proc_opts *o, proc_result *r)
{
    size_t sent = 0;
    int fds[3] = {in, out, err};
    char buf[65536];
    while (fds[1] >= 0 || fds[2] >= 0) {
        struct pollfd p[3] = {{fds[0], POLLOUT, 0}, {fds[1], POLLIN, 0}, {fds[2], POLLIN, 0}};
        if (poll(p, 3, -1) < 0) {
            if (errno == EINTR)
                continue;
            break; /* closing our ends below lets the child finish */
        }
        if (fds[0] >= 0 && p[0].revents) {
            ssize_t w = p[0].revents & POLLOUT ? write(fds[0], o->in + sent, o->in_len - sent) : -1;
            if (w > 0)
                sent += (size_t)w;
            if (w <= 0 || sent == o->in_len)
                close_fd(&fds[0]);
        }
        for (int i = 1; i < 3; i++) {
            if (fds[i] < 0 || !p[i].revents)
                continue;
            ssize_t got = read(fds[i], buf, sizeof buf);
            if (got > 0)
                sb_add(i == 1 ? &r->out : &r->err, buf, (size_t)got);
            else if (got == 0 || errno != EINTR)
                close_fd(&fds[i]);
        }
    }
    for (int i = 0; i < 3; i++)
        close_fd(&fds[i]);
}

/* The child's three descriptors and our ends of them; -1 when not open. */
typedef struct pipes {
    int child_in, in; /* child_in: /dev/null, or a pipe's read end */
    int out, child_out;
    int err, child_err;
} pipes;

static void close_pipes(pipes *p)
{
    int *all[] = {&p->child_in, &p->in, &p->out, &p->child_out, &p->err, &p->child_err};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        close_fd(all[i]);
}

static bool open_pipes(pipes *p, bool feed)
{
    int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
    bool ok = true;
    if (feed)
        ok = pipe2(in, O_CLOEXEC) == 0;
    else
        ok = (in[0] = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;
    ok = ok && pipe2(out, O_CLOEXEC) == 0 && pipe2(err, O_CLOEXEC) == 0;
    *p = (pipes){in[0], in[1], out[0], out[1], err[0], err[1]};
    if (!ok) {
        int e = errno;
        close_pipes(p);
        errno = e;
    }
    return ok;
}

bool proc_run(const char *const *argv, const proc_opts *o, proc_result *r, diag_list *dl)
{
    static const proc_opts none = {0};
    if (!o)
        o = &none;
    memset(r, 0, sizeof *r);
    pipes p;
    if (!open_pipes(&p, o->in != NULL && o->in_len > 0)) {
        diag_errno(dl, argv[0], errno, M_PROC_CANNOT_START);
        return false;
    }
    char **env = child_env(o->env);
    /* a child that stops reading its input must not kill us */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigaction(SIGPIPE, &ign, &old);
    pid_t pid = fork();
    if (pid == 0)
        run_child(argv, o, env, p.child_in, p.child_out, p.child_err);
    int fork_errno = errno;
    free(env);
    close_fd(&p.child_in);
    close_fd(&p.child_out);
    close_fd(&p.child_err);
    if (pid < 0) {
        diag_errno(dl, argv[0], fork_errno, M_PROC_CANNOT_START);
        close_pipes(&p);
        sigaction(SIGPIPE, &old, NULL);
        return false;
    }
    pump(p.in, p.out, p.err, o, r); /* closes them */
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGPIPE, &old, NULL);
    r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return true;
}

void proc_result_free(proc_result *r)
{
    sb_free(&r->out);
    sb_free(&r->err);
}

bool proc_launch(const char *const *argv, diag_list *dl)
{
    char *path = proc_find(argv[0]);
    if (!path) {
        diag_add(dl, NULL, 0, 0, TR(M_PROC_NO_PROGRAM), argv[0]);
        return false;
    }
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    pid_t pid = null < 0 ? -1 : fork();
    if (pid == 0) {
        /* only async-signal-safe calls from here */
        if (setsid() < 0 || fork() != 0)
            _exit(0);
        signal(SIGHUP, SIG_IGN);
        if (dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
            _exit(127);
        execv(path, (char *const *)argv);
        _exit(127);
    }
    int err = errno;
    if (null >= 0)
        close(null);
    free(path);
    if (pid < 0) {
        diag_add(dl, NULL, 0, 0, "%s: %s", argv[0], strerror(err));
        return false;
    }
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
    return true;
}
