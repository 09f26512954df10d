#include "util/fsutil.h"

#include "i18n/i18n.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

uint64_t fs_hash(const void *data, size_t len)
{
    /* FNV-1a: a content fingerprint, not a defence against forgery. */
    const unsigned char *p = data;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h ? h : 1;
}

static void fill_stamp(file_stamp *stamp, const struct stat *st)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    stamp->exists = true;
    stamp->dev = st->st_dev;
    stamp->ino = st->st_ino;
    stamp->size = st->st_size;
    stamp->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
    stamp->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
    stamp->hash = 0;
    stamp->seen_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

bool fs_stamp_racy(const file_stamp *s)
{
    int64_t changed = s->ctime_ns > s->mtime_ns ? s->ctime_ns : s->mtime_ns;
    return s->exists && changed > s->seen_ns - FS_RACY_NS;
}

bool fs_stamp_same(const file_stamp *a, const file_stamp *b)
{
    if (a->exists != b->exists)
        return false;
    if (!a->exists)
        return true;
    if (a->dev != b->dev || a->ino != b->ino || a->size != b->size || a->mtime_ns != b->mtime_ns ||
        a->ctime_ns != b->ctime_ns)
        return false;
    return !a->hash || !b->hash || a->hash == b->hash;
}

fs_result fs_stat(const char *path, file_stamp *stamp)
{
    struct stat st;
    memset(stamp, 0, sizeof *stamp);
    if (stat(path, &st) != 0)
        return errno == ENOENT || errno == ENOTDIR ? FS_MISSING : FS_ERROR;
    fill_stamp(stamp, &st);
    return FS_OK;
}

fs_result fs_stamp_at(int dirfd, const char *name, file_stamp *stamp)
{
    struct stat st;
    memset(stamp, 0, sizeof *stamp);
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT || errno == ENOTDIR ? FS_MISSING : FS_ERROR;
    if (!S_ISREG(st.st_mode))
        return FS_ERROR;
    fill_stamp(stamp, &st);
    return FS_OK;
}

/* ---- what is there ------------------------------------------------------------------ */

/* "a FIFO, not a regular file: ..." (a link has its own message). */
static void say_not_regular(diag_list *dl, const char *path, mode_t mode)
{
    if (S_ISLNK(mode)) {
        diag_add(dl, path, 0, 0, "%s", tr(M_FS_SYMLINK));
        return;
    }
    msg_id kind = S_ISFIFO(mode)                   ? M_FS_KIND_FIFO
                  : S_ISCHR(mode) || S_ISBLK(mode) ? M_FS_KIND_DEVICE
                  : S_ISDIR(mode)                  ? M_FS_KIND_FOLDER
                  : S_ISSOCK(mode)                 ? M_FS_KIND_SOCKET
                                                   : M_FS_KIND_OTHER;
    diag_add(dl, path, 0, 0, TR(M_FS_NOT_REGULAR), tr(kind));
}

static bool read_all(int fd, char *buf, size_t want, size_t *got)
{
    size_t n = 0;
    while (n < want) {
        ssize_t r = read(fd, buf + n, want - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return false;
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *got = n;
    return true;
}

static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return false;
        if (w == 0) {
            errno = EIO;
            return false;
        }
        data += w;
        len -= (size_t)w;
    }
    return true;
}

/* Reads the file open on fd (opened O_NONBLOCK: a FIFO never blocks the
 * open) after checking on the descriptor that it is a regular file, and
 * hashes its content when asked.  Closes fd. */
static fs_result read_open_hashed(int fd, const char *path, size_t max, bool hash, char **buf,
                                  size_t *len, file_stamp *stamp, diag_list *dl)
{
    struct stat st;
    fs_result result = FS_ERROR;
    if (fstat(fd, &st) != 0) {
        diag_errno(dl, path, errno, M_FS_CANNOT_STAT);
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        say_not_regular(dl, path, st.st_mode);
        goto out;
    }
    if ((uintmax_t)st.st_size > max) {
        diag_add(dl, path, 0, 0, TR(M_FS_TOO_LARGE), (intmax_t)st.st_size, max);
        goto out;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    /* Read one byte more than expected to notice a file that grew. */
    size_t want = (size_t)st.st_size + 1;
    char *data = xmalloc(want + 1);
    size_t got;
    if (!read_all(fd, data, want, &got)) {
        diag_errno(dl, path, errno, M_FS_CANNOT_READ);
        free(data);
        goto out;
    }
    if (got > max) {
        diag_add(dl, path, 0, 0, TR(M_FS_GREW_TOO_LARGE), max);
        free(data);
        goto out;
    }
    data[got] = '\0';
    fill_stamp(stamp, &st);
    stamp->size = (off_t)got;
    stamp->hash = hash ? fs_hash(data, got) : 0;
    *buf = data;
    *len = got;
    result = FS_OK;
out:
    close(fd);
    return result;
}

static fs_result read_open_file(int fd, const char *path, size_t max, char **buf, size_t *len,
                                file_stamp *stamp, diag_list *dl)
{
    return read_open_hashed(fd, path, max, true, buf, len, stamp, dl);
}

/* The flags of every open for reading: never blocks (a FIFO), never
 * becomes our terminal. */
#define READ_FLAGS (O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

fs_result fs_read_file(const char *path, size_t max, char **buf, size_t *len, file_stamp *stamp,
                       diag_list *dl)
{
    file_stamp local;
    if (!stamp)
        stamp = &local;
    memset(stamp, 0, sizeof *stamp);
    *buf = NULL;
    *len = 0;
    int fd = open(path, READ_FLAGS);
    if (fd < 0) {
        if (errno == ENOENT)
            return FS_MISSING;
        diag_errno(dl, path, errno, M_FS_CANNOT_OPEN);
        return FS_ERROR;
    }
    return read_open_file(fd, path, max, buf, len, stamp, dl);
}

/* ---- trees ------------------------------------------------------------------------- */

bool fs_tree_open(fs_tree *t, const char *path, diag_list *dl)
{
    t->fd = -1;
    t->root = realpath(path, NULL);
    if (!t->root) {
        diag_errno(dl, path, errno, M_FS_CANNOT_OPEN);
        return false;
    }
    t->fd = open(t->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (t->fd < 0) {
        diag_errno(dl, path, errno, M_FS_CANNOT_OPEN);
        free(t->root);
        t->root = NULL;
        return false;
    }
    return true;
}

void fs_tree_close(fs_tree *t)
{
    if (t->fd >= 0)
        close(t->fd);
    free(t->root);
    t->fd = -1;
    t->root = NULL;
}

const char *fs_tree_rel(const fs_tree *t, const char *path)
{
    const char *rel = path;
    if (path[0] == '/') {
        size_t n = strlen(t->root);
        if (strncmp(path, t->root, n) != 0 || (path[n] != '/' && n != 1))
            return NULL;
        rel = path + n;
    }
    while (*rel == '/')
        rel++;
    return *rel ? rel : NULL;
}

/* Is this a component a walk may take?  Not empty, not "." or "..". */
static bool plain_component(const char *c, size_t n)
{
    return n > 0 && !(n == 1 && c[0] == '.') && !(n == 2 && c[0] == '.' && c[1] == '.');
}

/* Opens the folder `name` in dir, never through a link: -1 with errno
 * ELOOP when it is a link (open says ENOTDIR with O_DIRECTORY). */
static int open_subdir(int dir, const char *name)
{
    int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    struct stat st;
    if (fd < 0 && errno == ENOTDIR && fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(st.st_mode))
        errno = ELOOP;
    return fd;
}

/* Opens the folder holding `path` in the tree, walking one component at a
 * time without following links; *base is the last component.  -1 with
 * errno set (ENOENT: a folder on the way is missing; ELOOP: a link on the
 * way; ENOTDIR: not a folder; EXDEV: outside the tree). */
static int open_parent(const fs_tree *t, const char *path, const char **base)
{
    const char *rel = fs_tree_rel(t, path);
    if (!rel || t->fd < 0) {
        errno = EXDEV;
        return -1;
    }
    int dir = dup(t->fd);
    if (dir < 0)
        return -1;
    fcntl(dir, F_SETFD, FD_CLOEXEC);
    for (;;) {
        size_t n = strcspn(rel, "/");
        if (!plain_component(rel, n)) {
            close(dir);
            errno = EXDEV;
            return -1;
        }
        const char *next = rel + n;
        while (*next == '/')
            next++;
        if (!*next) {
            *base = rel;
            return dir;
        }
        char name[NAME_MAX + 1];
        if (n > NAME_MAX) {
            close(dir);
            errno = ENAMETOOLONG;
            return -1;
        }
        memcpy(name, rel, n);
        name[n] = '\0';
        int sub = open_subdir(dir, name);
        int err = errno;
        close(dir);
        if (sub < 0) {
            errno = err;
            return -1;
        }
        dir = sub;
        rel = next;
    }
}

/* The last component as a C string (it may be followed by '/'s). */
static char *base_name(const char *base)
{
    return xstrndup(base, strcspn(base, "/"));
}

/* A failure to reach `path`: the message that says why. */
static void say_unreachable(const fs_tree *t, const char *path, int err, msg_id what, diag_list *dl)
{
    if (err == ELOOP)
        diag_add(dl, path, 0, 0, "%s", tr(M_FS_SYMLINK));
    else if (err == EXDEV)
        diag_add(dl, path, 0, 0, TR(M_FS_OUTSIDE), t->root ? t->root : "?");
    else
        diag_errno(dl, path, err, what);
}

/* An entry of the tree, examined without following a link: its folder
 * open in *dir and its name in *name (both to free), and its stat (errno
 * ENOENT when absent).  False when the folder cannot be reached. */
static bool look_at(const fs_tree *t, const char *path, int *dir, char **name, struct stat *st,
                    bool *exists)
{
    const char *base;
    *dir = open_parent(t, path, &base);
    if (*dir < 0)
        return false;
    *name = base_name(base);
    *exists = fstatat(*dir, *name, st, AT_SYMLINK_NOFOLLOW) == 0;
    if (!*exists && errno != ENOENT) {
        int err = errno;
        close(*dir);
        free(*name);
        errno = err;
        return false;
    }
    return true;
}

static fs_result tree_read(const fs_tree *t, const char *path, size_t max, bool hash, char **buf,
                           size_t *len, file_stamp *stamp, diag_list *dl)
{
    file_stamp local;
    if (!stamp)
        stamp = &local;
    memset(stamp, 0, sizeof *stamp);
    *buf = NULL;
    *len = 0;
    const char *base;
    int dir = open_parent(t, path, &base);
    int fd = -1;
    if (dir >= 0) {
        char *name = base_name(base);
        fd = openat(dir, name, READ_FLAGS | O_NOFOLLOW);
        int err = errno;
        free(name);
        close(dir);
        errno = err;
    }
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return FS_MISSING;
        say_unreachable(t, path, errno, M_FS_CANNOT_OPEN, dl);
        return FS_ERROR;
    }
    return read_open_hashed(fd, path, max, hash, buf, len, stamp, dl);
}

fs_result fs_tree_read(const fs_tree *t, const char *path, size_t max, char **buf, size_t *len,
                       file_stamp *stamp, diag_list *dl)
{
    return tree_read(t, path, max, true, buf, len, stamp, dl);
}

fs_result fs_tree_read_unhashed(const fs_tree *t, const char *path, size_t max, char **buf,
                                size_t *len, file_stamp *stamp, diag_list *dl)
{
    return tree_read(t, path, max, false, buf, len, stamp, dl);
}

/* lstat of an entry of the tree: 1 there (in *st), 0 absent, -1 with
 * errno when its folder cannot be reached. */
static int tree_lstat(const fs_tree *t, const char *path, struct stat *st)
{
    int dir;
    char *name;
    bool exists;
    if (!look_at(t, path, &dir, &name, st, &exists))
        return -1;
    close(dir);
    free(name);
    return exists;
}

fs_result fs_tree_stat(const fs_tree *t, const char *path, file_stamp *stamp)
{
    memset(stamp, 0, sizeof *stamp);
    struct stat st;
    int there = tree_lstat(t, path, &st);
    if (there < 0)
        return errno == ENOENT || errno == ENOTDIR ? FS_MISSING : FS_ERROR;
    if (!there)
        return FS_MISSING;
    if (!S_ISREG(st.st_mode))
        return FS_ERROR;
    fill_stamp(stamp, &st);
    return FS_OK;
}

fs_result fs_tree_probe(const fs_tree *t, const char *path, diag_list *dl)
{
    struct stat st;
    int there = tree_lstat(t, path, &st);
    if (there > 0)
        return FS_OK;
    if (there == 0 || errno == ENOENT || errno == ENOTDIR)
        return FS_MISSING;
    say_unreachable(t, path, errno, M_FS_CANNOT_OPEN, dl);
    return FS_ERROR;
}

bool fs_tree_exists(const fs_tree *t, const char *path)
{
    struct stat st;
    int there = tree_lstat(t, path, &st);
    return there > 0 || (there < 0 && errno != ENOENT && errno != ENOTDIR);
}

DIR *fs_tree_opendir(const fs_tree *t, const char *path, diag_list *dl)
{
    const char *base;
    bool top = strcmp(path, ".") == 0;
    int dir = top ? -1 : open_parent(t, path, &base);
    int fd = top ? openat(t->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (dir >= 0) {
        char *name = base_name(base);
        fd = open_subdir(dir, name);
        int err = errno;
        free(name);
        close(dir);
        errno = err;
    }
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        int err = errno;
        if (fd >= 0)
            close(fd);
        if (err != ENOENT)
            say_unreachable(t, path, err, M_FS_CANNOT_READ, dl);
    }
    return d;
}

bool fs_tree_remove(const fs_tree *t, const char *path, diag_list *dl)
{
    const char *base;
    int dir = open_parent(t, path, &base);
    if (dir < 0 && (errno == ENOENT || errno == ENOTDIR))
        return true;
    bool ok = dir >= 0;
    if (ok) {
        char *name = base_name(base);
        ok = unlinkat(dir, name, 0) == 0 || errno == ENOENT;
        free(name);
    }
    if (!ok)
        say_unreachable(t, path, errno, M_FS_CANNOT_REMOVE, dl);
    if (dir >= 0)
        close(dir);
    return ok;
}

bool fs_tree_mkdirs(const fs_tree *t, const char *path, diag_list *dl)
{
    const char *rel = fs_tree_rel(t, path);
    if (!rel) {
        diag_add(dl, path, 0, 0, TR(M_FS_OUTSIDE), t->root ? t->root : "?");
        return false;
    }
    int dir = dup(t->fd);
    bool ok = dir >= 0;
    while (ok && *rel) {
        size_t n = strcspn(rel, "/");
        char *name = xstrndup(rel, n);
        int sub = -1;
        if (!plain_component(rel, n))
            errno = EXDEV;
        else if (mkdirat(dir, name, 0755) == 0 || errno == EEXIST)
            sub = open_subdir(dir, name);
        free(name);
        int err = errno;
        close(dir);
        dir = sub;
        if (sub < 0) {
            if (err == ENOTDIR)
                diag_add(dl, path, 0, 0, "%s", tr(M_FS_NOT_FOLDER));
            else
                say_unreachable(t, path, err, M_FS_CANNOT_MKDIR, dl);
            ok = false;
        }
        rel += n;
        while (*rel == '/')
            rel++;
    }
    if (dir >= 0)
        close(dir);
    return ok;
}

static bool fsync_fd_dir(int dir);

/* The move itself, between two open folders; 0 or the errno of what
 * failed (EEXIST: something is at `to`). */
static int move_noreplace(int fdir, const char *fname, int tdir, const char *tname)
{
    if (renameat2(fdir, fname, tdir, tname, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return errno;
    /* no RENAME_NOREPLACE on this filesystem: link() never replaces */
    if (linkat(fdir, fname, tdir, tname, 0) != 0)
        return errno;
    if (unlinkat(fdir, fname, 0) != 0) {
        int err = errno;
        unlinkat(tdir, tname, 0);
        return err;
    }
    return 0;
}

bool fs_tree_move_noreplace(const fs_tree *t, const char *from, const char *to, diag_list *dl)
{
    const char *fb, *tb;
    int fdir = open_parent(t, from, &fb);
    if (fdir < 0) {
        say_unreachable(t, from, errno, M_FS_CANNOT_MOVE, dl);
        return false;
    }
    int tdir = open_parent(t, to, &tb);
    if (tdir < 0) {
        say_unreachable(t, to, errno, M_FS_CANNOT_MOVE, dl);
        close(fdir);
        return false;
    }
    char *fname = base_name(fb), *tname = base_name(tb);
    struct stat st;
    int err = 0;
    if (fstatat(fdir, fname, &st, AT_SYMLINK_NOFOLLOW) != 0)
        err = errno;
    else if (!S_ISREG(st.st_mode))
        say_not_regular(dl, from, st.st_mode);
    else
        err = move_noreplace(fdir, fname, tdir, tname);
    bool ok = err == 0 && S_ISREG(st.st_mode);
    if (err)
        say_unreachable(t, err == EEXIST ? to : from, err, M_FS_CANNOT_MOVE, dl);
    if (ok && (!fsync_fd_dir(tdir) || !fsync_fd_dir(fdir)))
        diag_add(dl, to, 0, 0, "%s", tr(M_FS_DIR_NOT_FLUSHED));
    free(fname);
    free(tname);
    close(fdir);
    close(tdir);
    return ok;
}

/* ---- writing ------------------------------------------------------------------------ */

static bool fsync_fd_dir(int dir)
{
    int rc = fsync(dir);
    /* Some filesystems cannot fsync a directory: that is not a failure. */
    return rc == 0 || errno == EINVAL || errno == EROFS;
}

/* A name for a unique temporary file: `.NAME.tmp-XXXXXX`, six characters
 * of [a-zA-Z0-9] from the clock and a counter (created O_EXCL, so a guess
 * by someone else only costs another try). */
static char *unique_temp_name(const char *name)
{
    static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static unsigned long counter;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    unsigned long v = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16) ^
                      (++counter * 2654435761UL) ^ (unsigned long)ts.tv_sec;
    char x[7];
    for (int i = 0; i < 6; i++, v /= 62)
        x[i] = set[v % 62];
    x[6] = '\0';
    return xasprintf(".%s.tmp-%s", name, x);
}

/* Creates the temporary file for `name` in dir.  With `locked`, the fixed
 * name `.NAME.tmp` when nobody has it (O_EXCL: never two writers in one
 * file); when it is taken (*leftover) — left by a crash, or, where locks
 * do not reach every computer, another qtown's save in progress — or
 * without `locked`, a unique `.NAME.tmp-XXXXXX`. */
static int create_temp(int dir, const char *name, bool locked, char **tmp, bool *leftover)
{
    const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    *leftover = false;
    int fd = -1;
    if (locked) {
        *tmp = xasprintf(".%s.tmp", name);
        fd = openat(dir, *tmp, flags, 0600);
        if (fd >= 0)
            return fd;
        *leftover = errno == EEXIST;
    }
    for (int tries = 0; (!locked || *leftover) && tries < 100; tries++) {
        free(*tmp);
        *tmp = unique_temp_name(name);
        fd = openat(dir, *tmp, flags, 0600);
        if (fd >= 0 || errno != EEXIST)
            break;
    }
    if (fd < 0) { /* nothing was made: nothing to remove */
        int err = errno;
        free(*tmp);
        *tmp = NULL;
        errno = err;
    }
    return fd;
}

/* Removes `.NAME.tmp-*` files of `name` untouched for `min_age_s`: left
 * by saves that crashed while `.NAME.tmp` was taken.  Younger ones may be
 * saves in progress where locks do not work. */
static void remove_old_temps(int dir, const char *name, int min_age_s)
{
    char *prefix = xasprintf(".%s.tmp-", name);
    time_t now = time(NULL);
    int fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d && fd >= 0)
        close(fd);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        struct stat st;
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0 &&
            fstatat(dir, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            now - st.st_mtime >= min_age_s)
            unlinkat(dir, e->d_name, 0);
    }
    if (d)
        closedir(d);
    free(prefix);
}

/* Is the file `name` in dir still what `expect` describes?  The cheap
 * fields first; the content hash too, since an mtime can miss a change. */
static bool still_same(int dir, const char *name, const file_stamp *expect)
{
    struct stat st;
    bool exists = fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (!exists || !expect->exists)
        return !exists && errno == ENOENT && !expect->exists;
    if (!S_ISREG(st.st_mode))
        return false;
    file_stamp now;
    fill_stamp(&now, &st);
    if (!fs_stamp_same(&now, expect))
        return false;
    int fd = openat(dir, name, READ_FLAGS | O_NOFOLLOW);
    char *buf;
    size_t len;
    if (fd < 0 || read_open_file(fd, name, (size_t)st.st_size, &buf, &len, &now, NULL) != FS_OK)
        return false;
    free(buf);
    if (!fs_stamp_same(&now, expect))
        return false;
    /* Last, the cheap fields again: a replacement during the read shows
     * as a new inode, and the window left before the rename is a stat. */
    if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return false;
    fill_stamp(&now, &st);
    return fs_stamp_same(&now, expect);
}

/* What a replacement may replace: a regular file, or nothing.  False
 * (with a message) for anything else, a link included. */
static bool replaceable(int dir, const char *name, const char *path, mode_t *mode, diag_list *dl)
{
    struct stat st;
    if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return true; /* absent (or gone): a new file */
    if (!S_ISREG(st.st_mode)) {
        say_not_regular(dl, path, st.st_mode);
        return false;
    }
    *mode = st.st_mode & 07777;
    return true;
}

/* How a file is written: replacing it, by anyone (fs_tree_write) or by the
 * holder of its lock (fs_tree_write_locked), or in a batch flushed at its
 * end (fs_tree_write_batch); or created, only if nothing has its name
 * (fs_tree_write_new). */
typedef enum write_how { WRITE_ANY, WRITE_LOCKED, WRITE_BATCH, WRITE_NEW } write_how;

/* Gives the temporary file `tmp` the name `name` only if nothing has it:
 * -1 with errno EEXIST when something does. */
static int rename_noreplace(int dir, const char *tmp, const char *name)
{
    if (renameat2(dir, tmp, dir, name, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
    /* no RENAME_NOREPLACE on this filesystem: a hard link never replaces */
    if (linkat(dir, tmp, dir, name, 0) != 0)
        return -1;
    unlinkat(dir, tmp, 0);
    return 0;
}

/* The atomic replacement of `name` in the open folder `dir` (see
 * fs_tree_write_locked), or with WRITE_NEW its creation (FS_CHANGED, no
 * message, when anything has the name); `path` names it in messages. */
static fs_result write_in_dir(int dir, const char *name, const char *path, const void *data,
                              size_t len, mode_t mode, write_how how, const file_stamp *expect,
                              diag_list *dl)
{
    bool locked = how == WRITE_LOCKED, durable = how != WRITE_BATCH, create_only = how == WRITE_NEW;
    char *tmp = NULL;
    bool leftover;
    fs_result result = FS_ERROR;
    msg_id what = M_FS_CANNOT_TEMP;
    struct stat st;
    if (create_only && fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        return FS_CHANGED;
    if (!replaceable(dir, name, path, &mode, dl))
        return FS_ERROR;
    int fd = create_temp(dir, name, locked, &tmp, &leftover);
    if (fd < 0)
        goto fail;
    what = M_FS_CANNOT_CHMOD;
    if (fchmod(fd, mode) != 0)
        goto fail;
    what = M_FS_CANNOT_WRITE;
    if (!write_all(fd, data, len))
        goto fail;
    what = M_FS_CANNOT_FSYNC;
    if (durable && fsync(fd) != 0)
        goto fail;
    what = M_FS_CANNOT_CLOSE;
    int rc = close(fd);
    fd = -1;
    if (rc != 0)
        goto fail;
    if (expect && !still_same(dir, name, expect)) {
        unlinkat(dir, tmp, 0);
        result = FS_CHANGED;
        goto out;
    }
    /* Again just before the rename: what was put there meanwhile (a FIFO,
     * a link) is not replaced either. */
    if (!replaceable(dir, name, path, &mode, dl)) {
        unlinkat(dir, tmp, 0);
        goto out;
    }
    what = M_FS_CANNOT_REPLACE;
    if (create_only && rename_noreplace(dir, tmp, name) != 0) {
        if (errno != EEXIST)
            goto fail;
        unlinkat(dir, tmp, 0); /* taken meanwhile */
        result = FS_CHANGED;
        goto out;
    }
    if (!create_only && renameat(dir, tmp, dir, name) != 0) {
        /* Our temporary file vanished: removed as a leftover by another
         * qtown that the lock did not keep out.  Start again. */
        if (errno == ENOENT && expect) {
            result = FS_CHANGED;
            goto out;
        }
        goto fail;
    }
    if (leftover) {
        /* With the lock held, the fixed name is a crash's leftover; there
         * may be older ones.  Only after a crash does a save scan. */
        char *fixed = xasprintf(".%s.tmp", name);
        unlinkat(dir, fixed, 0);
        free(fixed);
        remove_old_temps(dir, name, FS_OLD_TEMP_S);
    }
    if (durable && !fsync_fd_dir(dir)) {
        /* The rename is done: the new content is in place but may not
         * survive a power cut.  Say so; the caller reports it. */
        diag_errno(dl, path, errno, M_FS_DIR_NOT_FLUSHED);
        goto out;
    }
    result = FS_OK;
    goto out;

fail : {
    int err = errno;
    if (fd >= 0)
        close(fd);
    if (tmp)
        unlinkat(dir, tmp, 0);
    diag_add(dl, path, 0, 0, TR(M_FS_NOT_SAVED), tr(what), strerror(err));
}
out:
    free(tmp);
    return result;
}

static fs_result tree_write(const fs_tree *t, const char *path, const void *data, size_t len,
                            mode_t mode, write_how how, const file_stamp *expect, diag_list *dl)
{
    const char *base;
    int dir = open_parent(t, path, &base);
    if (dir < 0) {
        say_unreachable(t, path, errno, M_FS_CANNOT_TEMP, dl);
        return FS_ERROR;
    }
    char *name = base_name(base);
    fs_result fr = write_in_dir(dir, name, path, data, len, mode, how, expect, dl);
    free(name);
    close(dir);
    return fr;
}

bool fs_tree_write(const fs_tree *t, const char *path, const void *data, size_t len, mode_t mode,
                   diag_list *dl)
{
    return tree_write(t, path, data, len, mode, WRITE_ANY, NULL, dl) == FS_OK;
}

bool fs_tree_write_batch(const fs_tree *t, const char *path, const void *data, size_t len,
                         mode_t mode, diag_list *dl)
{
    return tree_write(t, path, data, len, mode, WRITE_BATCH, NULL, dl) == FS_OK;
}

bool fs_tree_sync(const fs_tree *t, diag_list *dl)
{
    if (syncfs(t->fd) == 0)
        return true;
    diag_errno(dl, t->root, errno, M_FS_CANNOT_FSYNC);
    return false;
}

fs_result fs_tree_write_new(const fs_tree *t, const char *path, const void *data, size_t len,
                            mode_t mode, diag_list *dl)
{
    return tree_write(t, path, data, len, mode, WRITE_NEW, NULL, dl);
}

fs_result fs_tree_write_locked(const fs_tree *t, const char *path, const void *data, size_t len,
                               mode_t mode, const file_stamp *expect, diag_list *dl)
{
    return tree_write(t, path, data, len, mode, WRITE_LOCKED, expect, dl);
}

bool fs_tree_can_replace(const fs_tree *t, const char *path, diag_list *dl)
{
    int dir;
    char *name;
    struct stat st;
    bool exists;
    if (!look_at(t, path, &dir, &name, &st, &exists)) {
        if (errno == ENOENT || errno == ENOTDIR)
            diag_add(dl, path, 0, 0, TR(M_FS_READ_ONLY), tr(M_FS_FOLDER_READ_ONLY),
                     strerror(errno));
        else
            say_unreachable(t, path, errno, M_FS_CANNOT_OPEN, dl);
        return false;
    }
    msg_id what = 0;
    int err = 0;
    bool ok = true;
    if (exists && !S_ISREG(st.st_mode)) {
        say_not_regular(dl, path, st.st_mode);
        ok = false;
    } else if (faccessat(dir, ".", W_OK | X_OK, 0) != 0) {
        what = M_FS_FOLDER_READ_ONLY;
        err = errno;
    } else if (exists && faccessat(dir, name, W_OK, 0) != 0) {
        what = M_FS_FILE_READ_ONLY;
        err = errno;
    }
    if (err) {
        diag_add(dl, path, 0, 0, TR(M_FS_READ_ONLY), tr(what), strerror(err));
        ok = false;
    }
    close(dir);
    free(name);
    return ok;
}

/* ---- locks -------------------------------------------------------------------------- */

/* Opens (creating) the lock file `.NAME.lock` in dir: a regular file.
 * Something else there (a link, a FIFO: never made by qtown) is removed
 * and the lock file made anew. */
static int open_lock_file(int dir, const char *lockname)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        int fd = openat(dir, lockname,
                        O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);
        /* A lock file made by another user may be read-only for this
         * one: flock needs no write access. */
        if (fd < 0 && (errno == EACCES || errno == EPERM)) {
            int denied = errno;
            fd = openat(dir, lockname, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
            /* No lock file to read: the reason is that none may be made. */
            if (fd < 0 && errno == ENOENT)
                errno = denied;
        }
        struct stat st;
        if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
            return fd;
        int err = errno;
        if (fd >= 0)
            close(fd);
        else if (err != ELOOP && err != ENXIO && err != EISDIR)
            return -1;
        if (unlinkat(dir, lockname, 0) != 0 && unlinkat(dir, lockname, AT_REMOVEDIR) != 0)
            return -1;
    }
    errno = EEXIST;
    return -1;
}

bool fs_tree_lock(const fs_tree *t, const char *path, int wait_ms, fs_lock *lock, diag_list *dl)
{
    const char *base;
    lock->fd = -1;
    int dir = open_parent(t, path, &base);
    if (dir < 0) {
        say_unreachable(t, path, errno, M_FS_CANNOT_OPEN_LOCK, dl);
        return false;
    }
    char *name = base_name(base);
    char *lockname = xasprintf(".%s.lock", name);
    lock->fd = open_lock_file(dir, lockname);
    int err = errno;
    close(dir);
    free(name);
    free(lockname);
    if (lock->fd < 0) {
        diag_errno(dl, path, err, M_FS_CANNOT_OPEN_LOCK);
        return false;
    }
    for (int waited = 0;; waited += 10) {
        if (flock(lock->fd, LOCK_EX | LOCK_NB) == 0)
            return true;
        if (errno != EWOULDBLOCK && errno != EINTR) {
            diag_errno(dl, path, errno, M_FS_CANNOT_LOCK);
            break;
        }
        if (waited >= wait_ms) {
            if (wait_ms > 0)
                diag_add(dl, path, 0, 0, TR(M_FS_LOCKED_WAITED), wait_ms);
            else
                diag_add(dl, path, 0, 0, "%s", tr(M_FS_LOCKED));
            break;
        }
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    close(lock->fd);
    lock->fd = -1;
    return false;
}

void fs_lock_release(fs_lock *lock)
{
    if (lock->fd >= 0) {
        flock(lock->fd, LOCK_UN);
        close(lock->fd);
    }
    lock->fd = -1;
}

/* ---- outputs the user names --------------------------------------------------------- */

/* Writes straight into a FIFO or a character device (never replaced). */
static bool write_directly(const char *path, const void *data, size_t len, diag_list *dl)
{
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENXIO)
            diag_add(dl, path, 0, 0, "%s", tr(M_FS_NO_READER));
        else
            diag_errno(dl, path, errno, M_FS_CANNOT_OPEN);
        return false;
    }
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode));
    if (!ok)
        say_not_regular(dl, path, st.st_mode);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (ok && !write_all(fd, data, len)) {
        diag_errno(dl, path, errno, M_FS_CANNOT_WRITE);
        ok = false;
    }
    if (close(fd) != 0 && ok) {
        diag_errno(dl, path, errno, M_FS_CANNOT_CLOSE);
        ok = false;
    }
    return ok;
}

/* Replaces a regular file (or makes a new one) at `path`, in its folder
 * opened by name (links in the user's path are the user's). */
static bool replace_output(const char *path, const void *data, size_t len, diag_list *dl)
{
    char *copy = xstrdup(path);
    char *slash = strrchr(copy, '/');
    const char *name = slash ? slash + 1 : copy;
    if (slash)
        *slash = '\0';
    const char *folder = !slash ? "." : *copy ? copy : "/";
    int dir = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok = dir >= 0;
    if (!ok)
        diag_errno(dl, path, errno, M_FS_CANNOT_TEMP);
    else
        ok = write_in_dir(dir, name, path, data, len, 0644, WRITE_ANY, NULL, dl) == FS_OK;
    if (dir >= 0)
        close(dir);
    free(copy);
    return ok;
}

bool fs_write_output(const char *path, const void *data, size_t len, diag_list *dl)
{
    struct stat lst, st;
    if (lstat(path, &lst) != 0) /* nothing there: a new file */
        return replace_output(path, data, len, dl);
    if (!S_ISLNK(lst.st_mode))
        st = lst;
    else if (stat(path, &st) != 0) {
        diag_add(dl, path, 0, 0, "%s", tr(M_FS_DANGLING));
        return false;
    }
    if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))
        return write_directly(path, data, len, dl);
    if (!S_ISREG(st.st_mode)) {
        say_not_regular(dl, path, st.st_mode);
        return false;
    }
    if (!S_ISLNK(lst.st_mode))
        return replace_output(path, data, len, dl);
    /* a link the user named to a regular file: its target is replaced */
    char *target = realpath(path, NULL);
    bool ok = target && replace_output(target, data, len, dl);
    if (!target)
        diag_errno(dl, path, errno, M_FS_CANNOT_OPEN);
    free(target);
    return ok;
}

/* ---- paths the user names ----------------------------------------------------------- */

/* Appends the components of `rest` to the resolved folder `real` as
 * mkdir -p would make them. */
static char *append_new_parts(char *real, const char *rest)
{
    strbuf out = STRBUF_INIT;
    sb_add(&out, real, strlen(real));
    free(real);
    for (const char *c = rest; *c;) {
        size_t n = strcspn(c, "/");
        if (n == 2 && c[0] == '.' && c[1] == '.') {
            char *slash = strrchr(sb_str(&out), '/');
            out.len = slash && slash != out.data ? (size_t)(slash - out.data) : 1;
            out.data[out.len] = '\0';
        } else if (n > 0 && !(n == 1 && c[0] == '.')) {
            if (out.len > 1)
                sb_add(&out, "/", 1);
            sb_add(&out, c, n);
        }
        c += n + (c[n] == '/');
    }
    return sb_steal(&out);
}

char *fs_resolve_new(const char *path)
{
    char *prefix = xstrdup(path);
    size_t cut = strlen(prefix); /* prefix[cut..] is the part not there */
    char *real;
    while ((real = realpath(*prefix ? prefix : (path[0] == '/' ? "/" : "."), NULL)) == NULL &&
           *prefix) {
        char *slash = strrchr(prefix, '/');
        cut = slash ? (size_t)(slash - prefix) : 0;
        prefix[cut] = '\0';
    }
    char *full = real ? append_new_parts(real, path + cut) : NULL;
    free(prefix);
    return full;
}

bool fs_path_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/' || n == 1);
}

bool fs_mkdirs(const char *path, diag_list *dl)
{
    char *p = xstrdup(path);
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                diag_errno(dl, p, errno, M_FS_CANNOT_MKDIR);
                free(p);
                return false;
            }
            *s = c;
            if (!c)
                break;
        }
    }
    free(p);
    if (!fs_is_dir(path)) {
        diag_add(dl, path, 0, 0, "%s", tr(M_FS_NOT_FOLDER));
        return false;
    }
    return true;
}

char *fs_join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    if (n > 0 && dir[n - 1] == '/')
        return xasprintf("%s%s", dir, name);
    return xasprintf("%s/%s", dir, name);
}

bool fs_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}
