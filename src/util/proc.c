#include "util/proc.h"

#include "i18n/i18n.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
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

/* Where the child runs: in our process group, a group of its own, or a
 * session of its own (no terminal). */
typedef enum proc_group { GROUP_OURS, GROUP_OWN, GROUP_SESSION } proc_group;

/* Is this process in the foreground of its terminal (one that a child
 * could ask a password on)? */
static bool terminal_foreground(void)
{
    int tty = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (tty < 0)
        return false;
    bool yes = tcgetpgrp(tty) == getpgrp();
    close(tty);
    return yes;
}

static proc_group group_for(const proc_opts *o)
{
    if (o->detach)
        return GROUP_SESSION;
    bool may_stop = o->idle_ms > 0 || o->keep_going;
    return may_stop && !terminal_foreground() ? GROUP_OWN : GROUP_OURS;
}

/* In the child, after fork: only async-signal-safe calls, then exec. */
static void run_child(const char *const *argv, const proc_opts *o, proc_group group, char **env,
                      int in, int out, int err)
{
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
        _exit(127);
    if (o->cwd && chdir(o->cwd) != 0)
        _exit(127);
    if (group == GROUP_SESSION)
        setsid();
    else if (group == GROUP_OWN)
        setpgid(0, 0);
    /* what we ignore or block (SIGPIPE while pumping, the screens' thread
     * mask) is not the program's business */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
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

/* Bytes moved per descriptor and poll round: a round never waits on one
 * pipe while another is full. */
#define PUMP_CHUNK 65536

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A running child and our ends of its pipes. */
typedef struct child {
    pid_t pid;
    proc_group group;
    int fds[3]; /* stdin (ours to write), stdout, stderr; -1: closed */
    bool reaped;
    int status; /* from waitpid, once reaped */
} child;

static bool reap(child *c, bool wait)
{
    if (c->reaped)
        return true;
    pid_t got;
    while ((got = waitpid(c->pid, &c->status, wait ? 0 : WNOHANG)) < 0 && errno == EINTR)
        ;
    c->reaped = got == c->pid || (got < 0 && errno == ECHILD);
    return c->reaped;
}

/* Stops the child (and what it started, when it has a group of its own):
 * SIGTERM, then SIGKILL after PROC_GRACE_MS. */
static void stop_child(child *c)
{
    pid_t target = c->group == GROUP_OURS ? c->pid : -c->pid;
    kill(target, SIGTERM);
    for (int64_t until = now_ms() + PROC_GRACE_MS; !reap(c, false) && now_ms() < until;)
        poll(NULL, 0, 20);
    if (c->group != GROUP_OURS || !c->reaped)
        kill(target, SIGKILL); /* what it started may outlive it */
}

/* Writes what the pipe takes of buf[*sent, len) (at most PUMP_CHUNK):
 * false when the child no longer reads. */
static bool write_some(int fd, const char *buf, size_t len, size_t *sent)
{
    size_t left = len - *sent;
    ssize_t w = write(fd, buf + *sent, left < PUMP_CHUNK ? left : PUMP_CHUNK);
    if (w > 0)
        *sent += (size_t)w;
    return w > 0 || (w < 0 && (errno == EAGAIN || errno == EINTR));
}

/* Writes what the pipe takes of the rest of the input. */
static void feed(child *c, const proc_opts *o, size_t *sent)
{
    if (!write_some(c->fds[0], o->in, o->in_len, sent) || *sent == o->in_len)
        close_fd(&c->fds[0]); /* all sent, or the child stopped reading */
}

/* Reads once from descriptor i into `to`; true when it got data (closed
 * at its end or on an error). */
static bool read_some(child *c, int i, strbuf *to, char *buf)
{
    ssize_t got = read(c->fds[i], buf, PUMP_CHUNK);
    if (got > 0) {
        sb_add(to, buf, (size_t)got);
        return true;
    }
    if (got == 0 || errno != EINTR)
        close_fd(&c->fds[i]);
    return false;
}

/* Reads once from stdout (i = 1) or stderr (i = 2); true when it got data. */
static bool drain(child *c, int i, const proc_opts *o, proc_result *r, char *buf)
{
    strbuf *to = i == 1 ? &r->out : &r->err;
    size_t before = to->len;
    if (!read_some(c, i, to, buf))
        return false;
    if (i == 2 && o->on_err)
        o->on_err(o->ctx, to->data + before, to->len - before);
    return true;
}

/* What to do with a child that may hang, after a poll round. */
typedef enum watch_verdict { KEEP_PUMPING, STOP_IT, STOP_READING } watch_verdict;

static watch_verdict watch(child *c, const proc_opts *o, int64_t last_heard, proc_result *r)
{
    if (o->keep_going && !o->keep_going(o->ctx)) {
        r->stopped = true;
        return STOP_IT;
    }
    if (o->idle_ms <= 0 || now_ms() - last_heard < o->idle_ms)
        return KEEP_PUMPING;
    /* silent: if it has ended, what holds its pipes is something it left
     * behind, not worth waiting for */
    if (reap(c, false))
        return STOP_READING;
    r->timed_out = true;
    return STOP_IT;
}

/* Feeds stdin and drains stdout and stderr until both are closed (or the
 * child is stopped), then waits for the child.  Our end of stdin is
 * non-blocking and each round writes only what the pipe takes: a child
 * that answers while it reads (git cat-file --batch) fills its stdout
 * meanwhile, and a blocking write of the rest of the input would wait for
 * it while it waits for us. */
static void pump(child *c, const proc_opts *o, proc_result *r)
{
    size_t sent = 0;
    int *fds = c->fds;
    if (fds[0] >= 0 && fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK) < 0)
        close_fd(&fds[0]); /* cannot feed it safely: the child reads end of file */
    bool watched = o->idle_ms > 0 || o->keep_going;
    int64_t last_heard = now_ms();
    char *buf = xmalloc(PUMP_CHUNK);
    while (fds[1] >= 0 || fds[2] >= 0) {
        struct pollfd p[3] = {{fds[0], POLLOUT, 0}, {fds[1], POLLIN, 0}, {fds[2], POLLIN, 0}};
        int n = poll(p, 3, watched ? PROC_TICK_MS : -1);
        if (n < 0 && errno != EINTR)
            break; /* closing our ends below lets the child finish */
        if (n > 0 && fds[0] >= 0 && p[0].revents)
            feed(c, o, &sent);
        for (int i = 1; n > 0 && i < 3; i++)
            if (fds[i] >= 0 && p[i].revents && drain(c, i, o, r, buf))
                last_heard = now_ms();
        watch_verdict v = watched ? watch(c, o, last_heard, r) : KEEP_PUMPING;
        if (v == STOP_IT)
            stop_child(c);
        if (v != KEEP_PUMPING)
            break;
    }
    free(buf);
    for (int i = 0; i < 3; i++)
        close_fd(&fds[i]);
    reap(c, true);
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

/* Starts argv[0] with its three pipes (standard input from /dev/null
 * unless `feed`); false, with a message, when it cannot be. */
static bool start_child(const char *const *argv, const proc_opts *o, bool feed, child *c,
                        diag_list *dl)
{
    pipes p;
    if (!open_pipes(&p, feed)) {
        diag_errno(dl, argv[0], errno, M_PROC_CANNOT_START);
        return false;
    }
    char **env = child_env(o->env);
    proc_group group = group_for(o);
    pid_t pid = fork();
    if (pid == 0)
        run_child(argv, o, group, env, p.child_in, p.child_out, p.child_err);
    int fork_errno = errno;
    if (pid > 0 && group == GROUP_OWN)
        setpgid(pid, pid); /* also here: the group exists before we may signal it */
    free(env);
    close_fd(&p.child_in);
    close_fd(&p.child_out);
    close_fd(&p.child_err);
    if (pid < 0) {
        diag_errno(dl, argv[0], fork_errno, M_PROC_CANNOT_START);
        close_pipes(&p);
        return false;
    }
    *c = (child){.pid = pid, .group = group, .fds = {p.in, p.out, p.err}};
    return true;
}

static int exit_status(int st)
{
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

bool proc_run(const char *const *argv, const proc_opts *o, proc_result *r, diag_list *dl)
{
    static const proc_opts none = {0};
    if (!o)
        o = &none;
    memset(r, 0, sizeof *r);
    /* a child that stops reading its input must not kill us */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigaction(SIGPIPE, &ign, &old);
    child c;
    bool started = start_child(argv, o, o->in != NULL && o->in_len > 0, &c, dl);
    if (started)
        pump(&c, o, r); /* closes them, reaps the child */
    sigaction(SIGPIPE, &old, NULL);
    if (started)
        r->status = exit_status(c.status);
    return started;
}

/* ---- a conversation -------------------------------------------------------------- */

struct proc_session {
    child c;
    strbuf err; /* what it said on standard error so far */
    char *buf;  /* PUMP_CHUNK bytes */
};

proc_session *proc_open(const char *const *argv, const proc_opts *o, diag_list *dl)
{
    static const proc_opts none = {0};
    proc_session *s = xcalloc(1, sizeof *s);
    if (!start_child(argv, o ? o : &none, true, &s->c, dl)) {
        free(s);
        return NULL;
    }
    /* never a blocking write: the child answers while it reads (pump) */
    int *in = &s->c.fds[0];
    if (fcntl(*in, F_SETFL, fcntl(*in, F_GETFL) | O_NONBLOCK) < 0)
        close_fd(in); /* the child reads end of file: the first proc_ask fails */
    s->buf = xmalloc(PUMP_CHUNK);
    return s;
}

/* One poll round of a conversation: writes what the pipe takes of the
 * request, reads what is there of the answer and of standard error.
 * False when the child stopped reading or closed its output. */
static bool converse(proc_session *s, const char *in, size_t len, size_t *sent, strbuf *out)
{
    int *fds = s->c.fds;
    if (fds[1] < 0 || (*sent < len && fds[0] < 0))
        return false;
    struct pollfd p[3] = {
        {*sent < len ? fds[0] : -1, POLLOUT, 0}, {fds[1], POLLIN, 0}, {fds[2], POLLIN, 0}};
    int n = poll(p, 3, -1);
    if (n < 0)
        return errno == EINTR;
    if (p[0].revents && !write_some(fds[0], in, len, sent))
        return false;
    if (p[1].revents && !read_some(&s->c, 1, out, s->buf) && fds[1] < 0)
        return false;
    if (fds[2] >= 0 && p[2].revents)
        read_some(&s->c, 2, &s->err, s->buf);
    return true;
}

bool proc_ask(proc_session *s, const char *in, size_t len, proc_whole_fn *whole, void *ctx,
              strbuf *out)
{
    struct sigaction ign = {.sa_handler = SIG_IGN}, old;
    sigaction(SIGPIPE, &ign, &old);
    size_t sent = 0;
    bool ok = true;
    while (ok && (sent < len || !whole(ctx, out)))
        ok = converse(s, in, len, &sent, out);
    sigaction(SIGPIPE, &old, NULL);
    return ok;
}

void proc_close(proc_session *s, proc_result *r)
{
    memset(r, 0, sizeof *r);
    if (!s)
        return;
    close_fd(&s->c.fds[0]); /* end of its input: it ends */
    proc_opts none = {0};
    pump(&s->c, &none, r); /* what it still says, then it is reaped */
    sb_add(&s->err, r->err.data ? r->err.data : "", r->err.len);
    sb_free(&r->err);
    r->err = s->err;
    r->status = exit_status(s->c.status);
    free(s->buf);
    free(s);
}

void proc_result_free(proc_result *r)
{
    sb_free(&r->out);
    sb_free(&r->err);
}

bool proc_launch(const char *const *argv, diag_list *dl)
{
    /* The program's path on the stack: the child leaves by _exit, with
     * nothing of the heap to free (free is not safe after fork when the
     * screens run a sync thread). */
    char path[PATH_MAX];
    char *found = proc_find(argv[0]);
    bool fits = found && strlen(found) < sizeof path;
    if (fits)
        strcpy(path, found);
    free(found);
    if (!fits) {
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
    if (pid < 0) {
        diag_add(dl, NULL, 0, 0, "%s: %s", argv[0], strerror(err));
        return false;
    }
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
    return true;
}
