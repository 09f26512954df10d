#include "util/fsutil.h"

#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
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

fs_result fs_read_file(const char *path, size_t max, char **buf, size_t *len, file_stamp *stamp,
                       diag_list *dl)
{
    file_stamp local;
    if (!stamp)
        stamp = &local;
    memset(stamp, 0, sizeof *stamp);
    *buf = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT)
            return FS_MISSING;
        diag_errno(dl, path, errno, "cannot open");
        return FS_ERROR;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        diag_errno(dl, path, errno, "cannot stat");
        close(fd);
        return FS_ERROR;
    }
    if (!S_ISREG(st.st_mode)) {
        diag_add(dl, path, 0, 0, "not a regular file");
        close(fd);
        return FS_ERROR;
    }
    if ((uintmax_t)st.st_size > max) {
        diag_add(dl, path, 0, 0, "file is too large (%jd bytes; the limit is %zu)",
                 (intmax_t)st.st_size, max);
        close(fd);
        return FS_ERROR;
    }
    /* Read one byte more than expected to notice a file that grew. */
    size_t want = (size_t)st.st_size + 1;
    char *data = xmalloc(want + 1);
    size_t got;
    if (!read_all(fd, data, want, &got)) {
        diag_errno(dl, path, errno, "cannot read");
        free(data);
        close(fd);
        return FS_ERROR;
    }
    close(fd);
    if (got > max) {
        diag_add(dl, path, 0, 0, "file is too large (the limit is %zu bytes)", max);
        free(data);
        return FS_ERROR;
    }
    data[got] = '\0';
    fill_stamp(stamp, &st);
    stamp->size = (off_t)got;
    stamp->hash = fs_hash(data, got);
    *buf = data;
    *len = got;
    return FS_OK;
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

static char *sibling(const char *path, const char *suffix)
{
    char *copy = xstrdup(path);
    char *copy2 = xstrdup(path);
    char *dir = dirname(copy);
    char *base = basename(copy2);
    char *s = xasprintf("%s/.%s%s", dir, base, suffix);
    free(copy);
    free(copy2);
    return s;
}

static char *dir_of(const char *path)
{
    char *copy = xstrdup(path);
    char *d = xstrdup(dirname(copy));
    free(copy);
    return d;
}

static bool fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    int rc = fsync(fd);
    int err = errno;
    close(fd);
    errno = err;
    /* Some filesystems cannot fsync a directory: that is not a failure. */
    return rc == 0 || errno == EINVAL || errno == EROFS;
}

/* A symlink is replaced by its target's new content, not by a file. */
static char *resolve_target(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        char *real = realpath(path, NULL);
        if (real)
            return real;
    }
    return xstrdup(path);
}

/* Is the file at `path` still what `expect` describes?  The cheap fields
 * first; the content hash too, since an mtime can miss a change. */
static bool still_same(const char *path, const file_stamp *expect)
{
    file_stamp now;
    fs_result fr = fs_stat(path, &now);
    if (fr == FS_MISSING || fr == FS_ERROR || !expect->exists)
        return fr == FS_MISSING && !expect->exists;
    if (!fs_stamp_same(&now, expect))
        return false;
    char *buf;
    size_t len;
    if (fs_read_file(path, (size_t)now.size, &buf, &len, &now, NULL) != FS_OK)
        return false;
    free(buf);
    if (!fs_stamp_same(&now, expect))
        return false;
    /* Last, the cheap fields again: a replacement during the read shows
     * as a new inode, and the window left before the rename is a stat. */
    return fs_stat(path, &now) == FS_OK && fs_stamp_same(&now, expect);
}

/* Creates the temporary file for `target`.  With `locked`, the fixed name
 * `.NAME.tmp` when nobody has it (O_EXCL: never two writers in one
 * file); when it is taken (*leftover) — left by a crash, or, where locks
 * do not reach every computer, another qtown's save in progress — or
 * without `locked`, a unique `.NAME.tmp-XXXXXX`. */
static int create_temp(const char *target, bool locked, char **tmpl, bool *leftover)
{
    *leftover = false;
    if (locked) {
        *tmpl = sibling(target, ".tmp");
        int fd = open(*tmpl, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
        *leftover = true;
        free(*tmpl);
    }
    *tmpl = sibling(target, ".tmp-XXXXXX");
    return mkostemp(*tmpl, O_CLOEXEC);
}

/* Removes `.NAME.tmp-*` files of `target` untouched for `min_age_s`:
 * left by saves that crashed while `.NAME.tmp` was taken.  Younger ones
 * may be saves in progress where locks do not work. */
static void remove_old_temps(const char *target, int min_age_s)
{
    char *dir = dir_of(target);
    char *prefix = sibling(target, ".tmp-");
    const char *base_prefix = strrchr(prefix, '/') + 1;
    time_t now = time(NULL);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, base_prefix, strlen(base_prefix)) != 0)
            continue;
        char *p = fs_join(dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && now - st.st_mtime >= min_age_s)
            unlink(p);
        free(p);
    }
    if (d)
        closedir(d);
    free(prefix);
    free(dir);
}

static fs_result write_atomic(const char *path, const void *data, size_t len, mode_t mode,
                              bool locked, const file_stamp *expect, diag_list *dl)
{
    char *target = resolve_target(path);
    char *dir = dir_of(target);
    char *tmpl;
    bool leftover;
    fs_result result = FS_ERROR;
    const char *what = "cannot create a temporary file";

    struct stat st;
    if (stat(target, &st) == 0)
        mode = st.st_mode & 07777;

    int fd = create_temp(target, locked, &tmpl, &leftover);
    if (fd < 0)
        goto fail_nofile;
    what = "cannot set the mode of the temporary file";
    if (fchmod(fd, mode) != 0)
        goto fail;
    what = "cannot write";
    if (!write_all(fd, data, len))
        goto fail;
    what = "cannot flush to disk";
    if (fsync(fd) != 0)
        goto fail;
    what = "cannot close";
    int rc = close(fd);
    fd = -1;
    if (rc != 0)
        goto fail;
    if (expect && !still_same(target, expect)) {
        unlink(tmpl);
        result = FS_CHANGED;
        goto out;
    }
    what = "cannot replace the file";
    if (rename(tmpl, target) != 0) {
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
        char *fixed = sibling(target, ".tmp");
        unlink(fixed);
        free(fixed);
        remove_old_temps(target, FS_OLD_TEMP_S);
    }
    if (!fsync_dir(dir)) {
        /* The rename is done: the new content is in place but may not
         * survive a power cut.  Say so; the caller reports it. */
        diag_errno(dl, target, errno, "saved, but cannot flush the folder to disk");
        goto out;
    }
    result = FS_OK;
    goto out;

fail : {
    int err = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmpl);
    errno = err;
}
fail_nofile:
    diag_add(dl, target, 0, 0, "%s: %s (not saved; nothing was changed)", what, strerror(errno));
out:
    free(tmpl);
    free(dir);
    free(target);
    return result;
}

bool fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode, diag_list *dl)
{
    return write_atomic(path, data, len, mode, false, NULL, dl) == FS_OK;
}

fs_result fs_write_atomic_locked(const char *path, const void *data, size_t len, mode_t mode,
                                 const file_stamp *expect, diag_list *dl)
{
    return write_atomic(path, data, len, mode, true, expect, dl);
}

bool fs_can_replace(const char *path, diag_list *dl)
{
    char *target = resolve_target(path);
    char *dir = dir_of(target);
    const char *what = NULL;
    int err = 0;
    if (access(dir, W_OK | X_OK) != 0) {
        what = "the folder cannot be written";
        err = errno;
    } else if (access(target, W_OK) != 0 && errno != ENOENT) {
        what = "the file cannot be written";
        err = errno;
    }
    if (what)
        diag_add(dl, target, 0, 0, "read-only: %s (%s); nothing was changed", what, strerror(err));
    free(dir);
    free(target);
    return what == NULL;
}

bool fs_lock_acquire(const char *path, int wait_ms, fs_lock *lock, diag_list *dl)
{
    char *target = resolve_target(path);
    char *lockpath = sibling(target, ".lock");
    free(target);
    lock->fd = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
    /* A lock file made by another user may be read-only for this one:
     * flock needs no write access. */
    int err = errno;
    if (lock->fd < 0 && (err == EACCES || err == EPERM))
        lock->fd = open(lockpath, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (lock->fd < 0) {
        diag_errno(dl, lockpath, err, "cannot open the lock file");
        free(lockpath);
        return false;
    }
    for (int waited = 0;; waited += 10) {
        if (flock(lock->fd, LOCK_EX | LOCK_NB) == 0) {
            free(lockpath);
            return true;
        }
        if (errno != EWOULDBLOCK && errno != EINTR) {
            diag_errno(dl, lockpath, errno, "cannot lock");
            break;
        }
        if (waited >= wait_ms) {
            diag_add(dl, path, 0, 0, "locked by another qtown for more than %d ms; try again",
                     wait_ms);
            break;
        }
        struct timespec ts = {0, 10 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    close(lock->fd);
    lock->fd = -1;
    free(lockpath);
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

bool fs_mkdirs(const char *path, diag_list *dl)
{
    char *p = xstrdup(path);
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                diag_errno(dl, p, errno, "cannot create the folder");
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
        diag_add(dl, path, 0, 0, "not a folder");
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
