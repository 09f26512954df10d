/* faultshim — an LD_PRELOAD library for tests only: makes the Nth call of
 * a file operation fail, as a full disk, a dying disk or a permission
 * problem would, or makes every write slow, as a cheap SD card is.
 *
 *   QTOWN_FAULT=OP:N:ERR[,OP:N:ERR...]
 *       OP   open (open, open64, openat, openat64, creat), mkostemp (and
 *            mkstemp, mkostemp64...), write, fsync (and fdatasync),
 *            rename (and renameat, renameat2), close, fchmod, unlink (and
 *            unlinkat), flock,
 *            access (the question "may I write here?"), stat (and stat64;
 *            not lstat or fstat: "has this file changed?")
 *       N    the call to fail, counting from 1 for each OP; "N+" fails
 *            that call and every later one
 *       ERR  ENOSPC, EIO, EACCES, EROFS, EDQUOT, EPERM; SHORT (write
 *            only: a short write of half the bytes, not an error); NOOP
 *            (report success, do nothing: flock:1+:NOOP is a network
 *            folder whose locks do not reach the other computers)
 *   QTOWN_FAULT_LOG=FILE     appends "OP N ERR" for each fault injected
 *   QTOWN_FAULT_COUNT=FILE   appends "OP COUNT" lines at exit
 *   QTOWN_FAULT_DELAY_US=US  sleeps before each mkostemp, fsync, rename and
 *                            write to a regular file: a slow disk
 *
 * A failed call does nothing, except close, which (as on Linux) releases
 * the descriptor before reporting the error.  Only calls made through the
 * dynamic linker are seen: libc's own internal calls (stdio, opendir) are
 * not, which is what the tests want — they are about qtown's calls. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
/* The wrappers define the plain and the 64 names themselves. */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum op {
    OP_OPEN,
    OP_MKOSTEMP,
    OP_WRITE,
    OP_FSYNC,
    OP_RENAME,
    OP_CLOSE,
    OP_FCHMOD,
    OP_UNLINK,
    OP_FLOCK,
    OP_ACCESS,
    OP_STAT,
    N_OPS
};
static const char *const op_names[N_OPS] = {"open",   "mkostemp", "write",  "fsync",
                                            "rename", "close",    "fchmod", "unlink",
                                            "flock",  "access",   "stat"};

#define MAX_RULES 16
#define ERR_SHORT (-1)
#define ERR_NOOP  (-2)

typedef struct rule {
    enum op op;
    long n;
    int and_later;
    int err;
    char err_name[16];
} rule;

static rule rules[MAX_RULES];
static int n_rules;
static long counts[N_OPS];
static int ready;

static const struct {
    const char *name;
    int value;
} errnos[] = {{"ENOSPC", ENOSPC}, {"EIO", EIO},     {"EACCES", EACCES},   {"EROFS", EROFS},
              {"EDQUOT", EDQUOT}, {"EPERM", EPERM}, {"SHORT", ERR_SHORT}, {"NOOP", ERR_NOOP}};

static void *real(const char *name)
{
    void *f = dlsym(RTLD_NEXT, name);
    if (!f) {
        static const char msg[] = "faultshim: a libc function is missing\n";
        (void)!write(2, msg, sizeof msg - 1);
        abort();
    }
    return f;
}

/* ISO C has no cast from void * to a function pointer: copy the bytes,
 * as POSIX allows for dlsym's result. */
#define REAL(f, name)                                                                              \
    do {                                                                                           \
        void *p_ = real(name);                                                                     \
        memcpy(&(f), &p_, sizeof(f));                                                              \
    } while (0)

static int parse_rule(const char *spec, rule *r)
{
    char op[32], n[32], err[32];
    if (sscanf(spec, "%31[^:]:%31[^:]:%31s", op, n, err) != 3)
        return 0;
    int found = 0;
    for (int i = 0; i < N_OPS; i++)
        if (strcmp(op, op_names[i]) == 0) {
            r->op = (enum op)i;
            found = 1;
        }
    char *end;
    r->n = strtol(n, &end, 10);
    r->and_later = *end == '+';
    if (!found || r->n < 1 || (*end && strcmp(end, "+") != 0))
        return 0;
    for (size_t i = 0; i < sizeof errnos / sizeof *errnos; i++)
        if (strcmp(err, errnos[i].name) == 0) {
            r->err = errnos[i].value;
            snprintf(r->err_name, sizeof r->err_name, "%s", errnos[i].name);
            return 1;
        }
    return 0;
}

static void setup(void)
{
    if (ready)
        return;
    ready = 1;
    const char *spec = getenv("QTOWN_FAULT");
    if (!spec || !*spec)
        return;
    char *copy = strdup(spec), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok && n_rules < MAX_RULES;
         tok = strtok_r(NULL, ",", &save)) {
        if (!parse_rule(tok, &rules[n_rules])) {
            fprintf(stderr, "faultshim: bad QTOWN_FAULT rule '%s'\n", tok);
            abort();
        }
        n_rules++;
    }
    free(copy);
}

static void append_line(const char *env, const char *line)
{
    const char *path = getenv(env);
    if (!path || !*path)
        return;
    /* stdio's own open is internal to libc: it does not come back here. */
    FILE *f = fopen(path, "a");
    if (f) {
        fputs(line, f);
        fclose(f);
    }
}

/* Counts one call of `op`; returns the rule that makes it fail, or NULL. */
static const rule *fault_for(enum op op)
{
    setup();
    long n = ++counts[op];
    for (int i = 0; i < n_rules; i++) {
        const rule *r = &rules[i];
        if (r->op == op && (n == r->n || (r->and_later && n > r->n))) {
            char line[96];
            snprintf(line, sizeof line, "%s %ld %s\n", op_names[op], n, r->err_name);
            append_line("QTOWN_FAULT_LOG", line);
            return r;
        }
    }
    return NULL;
}

static void slow_down(void)
{
    const char *us = getenv("QTOWN_FAULT_DELAY_US");
    long v = us ? strtol(us, NULL, 10) : 0;
    if (v > 0) {
        struct timespec ts = {v / 1000000, (v % 1000000) * 1000};
        nanosleep(&ts, NULL);
    }
}

__attribute__((destructor)) static void report_counts(void)
{
    if (!getenv("QTOWN_FAULT_COUNT"))
        return;
    char line[64];
    for (int i = 0; i < N_OPS; i++) {
        snprintf(line, sizeof line, "%s %ld\n", op_names[i], counts[i]);
        append_line("QTOWN_FAULT_COUNT", line);
    }
}

#define FAIL_IF_FAULT(op)                                                                          \
    do {                                                                                           \
        const rule *r_ = fault_for(op);                                                            \
        if (r_ && r_->err == ERR_NOOP)                                                             \
            return 0;                                                                              \
        if (r_ && r_->err > 0) {                                                                   \
            errno = r_->err;                                                                       \
            return -1;                                                                             \
        }                                                                                          \
    } while (0)

static mode_t mode_arg(int flags, va_list ap)
{
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

#define OPEN_WRAPPER(name)                                                                         \
    int name(const char *path, int flags, ...)                                                     \
    {                                                                                              \
        va_list ap;                                                                                \
        va_start(ap, flags);                                                                       \
        mode_t mode = mode_arg(flags, ap);                                                         \
        va_end(ap);                                                                                \
        FAIL_IF_FAULT(OP_OPEN);                                                                    \
        int (*f)(const char *, int, ...);                                                          \
        REAL(f, #name);                                                                            \
        return f(path, flags, mode);                                                               \
    }
OPEN_WRAPPER(open)
OPEN_WRAPPER(open64)

#define OPENAT_WRAPPER(name)                                                                       \
    int name(int dirfd, const char *path, int flags, ...)                                          \
    {                                                                                              \
        va_list ap;                                                                                \
        va_start(ap, flags);                                                                       \
        mode_t mode = mode_arg(flags, ap);                                                         \
        va_end(ap);                                                                                \
        FAIL_IF_FAULT(OP_OPEN);                                                                    \
        int (*f)(int, const char *, int, ...);                                                     \
        REAL(f, #name);                                                                            \
        return f(dirfd, path, flags, mode);                                                        \
    }
OPENAT_WRAPPER(openat)
OPENAT_WRAPPER(openat64)

/* What a fortified open() calls. */
#define OPEN2_WRAPPER(name)                                                                        \
    int name(const char *path, int flags);                                                         \
    int name(const char *path, int flags)                                                          \
    {                                                                                              \
        FAIL_IF_FAULT(OP_OPEN);                                                                    \
        int (*f)(const char *, int);                                                               \
        REAL(f, #name);                                                                            \
        return f(path, flags);                                                                     \
    }
OPEN2_WRAPPER(__open_2)
OPEN2_WRAPPER(__open64_2)

int creat(const char *path, mode_t mode)
{
    FAIL_IF_FAULT(OP_OPEN);
    int (*f)(const char *, mode_t);
    REAL(f, "creat");
    return f(path, mode);
}

#define MKOSTEMP_WRAPPER(name)                                                                     \
    int name(char *tmpl, int flags)                                                                \
    {                                                                                              \
        slow_down();                                                                               \
        FAIL_IF_FAULT(OP_MKOSTEMP);                                                                \
        int (*f)(char *, int);                                                                     \
        REAL(f, #name);                                                                            \
        return f(tmpl, flags);                                                                     \
    }
MKOSTEMP_WRAPPER(mkostemp)
MKOSTEMP_WRAPPER(mkostemp64)

#define MKSTEMP_WRAPPER(name)                                                                      \
    int name(char *tmpl)                                                                           \
    {                                                                                              \
        slow_down();                                                                               \
        FAIL_IF_FAULT(OP_MKOSTEMP);                                                                \
        int (*f)(char *);                                                                          \
        REAL(f, #name);                                                                            \
        return f(tmpl);                                                                            \
    }
MKSTEMP_WRAPPER(mkstemp)
MKSTEMP_WRAPPER(mkstemp64)

ssize_t write(int fd, const void *buf, size_t len)
{
    /* a slow disk: terminals and pipes stay quick */
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        slow_down();
    const rule *r = fault_for(OP_WRITE);
    ssize_t (*f)(int, const void *, size_t);
    REAL(f, "write");
    if (r && r->err == ERR_SHORT && len > 1)
        return f(fd, buf, len / 2);
    if (r && r->err == ERR_NOOP)
        return 0;
    if (r && r->err > 0) {
        errno = r->err;
        return -1;
    }
    return f(fd, buf, len);
}

int fsync(int fd)
{
    slow_down();
    FAIL_IF_FAULT(OP_FSYNC);
    int (*f)(int);
    REAL(f, "fsync");
    return f(fd);
}

int fdatasync(int fd)
{
    slow_down();
    FAIL_IF_FAULT(OP_FSYNC);
    int (*f)(int);
    REAL(f, "fdatasync");
    return f(fd);
}

int rename(const char *from, const char *to)
{
    slow_down();
    FAIL_IF_FAULT(OP_RENAME);
    int (*f)(const char *, const char *);
    REAL(f, "rename");
    return f(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to)
{
    slow_down();
    FAIL_IF_FAULT(OP_RENAME);
    int (*f)(int, const char *, int, const char *);
    REAL(f, "renameat");
    return f(fromfd, from, tofd, to);
}

int renameat2(int fromfd, const char *from, int tofd, const char *to, unsigned flags)
{
    slow_down();
    FAIL_IF_FAULT(OP_RENAME);
    int (*f)(int, const char *, int, const char *, unsigned);
    REAL(f, "renameat2");
    return f(fromfd, from, tofd, to, flags);
}

int close(int fd)
{
    const rule *r = fault_for(OP_CLOSE);
    if (r && r->err == ERR_NOOP)
        return 0;
    int (*f)(int);
    REAL(f, "close");
    int rc = f(fd);
    if (r && r->err > 0) {
        errno = r->err;
        return -1;
    }
    return rc;
}

int fchmod(int fd, mode_t mode)
{
    FAIL_IF_FAULT(OP_FCHMOD);
    int (*f)(int, mode_t);
    REAL(f, "fchmod");
    return f(fd, mode);
}

int unlink(const char *path)
{
    FAIL_IF_FAULT(OP_UNLINK);
    int (*f)(const char *);
    REAL(f, "unlink");
    return f(path);
}

int unlinkat(int dirfd, const char *path, int flags)
{
    FAIL_IF_FAULT(OP_UNLINK);
    int (*f)(int, const char *, int);
    REAL(f, "unlinkat");
    return f(dirfd, path, flags);
}

int flock(int fd, int operation)
{
    FAIL_IF_FAULT(OP_FLOCK);
    int (*f)(int, int);
    REAL(f, "flock");
    return f(fd, operation);
}

int access(const char *path, int mode)
{
    FAIL_IF_FAULT(OP_ACCESS);
    int (*f)(const char *, int);
    REAL(f, "access");
    return f(path, mode);
}

#define STAT_WRAPPER(name, type)                                                                   \
    int name(const char *path, struct type *st)                                                    \
    {                                                                                              \
        FAIL_IF_FAULT(OP_STAT);                                                                    \
        int (*f)(const char *, struct type *);                                                     \
        REAL(f, #name);                                                                            \
        return f(path, st);                                                                        \
    }
STAT_WRAPPER(stat, stat)
STAT_WRAPPER(stat64, stat64)
