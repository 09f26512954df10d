/* fsutil — files read whole with a size cap, atomic and durable writes,
 * per-file locks, and identity stamps to notice a change on disk.
 *
 * Temporary and lock files live next to the file they serve, named
 * `.NAME.tmp`, `.NAME.tmp-XXXXXX` and `.NAME.lock`, so that they are on the
 * same filesystem and are never mistaken for data (loaders skip
 * dot-files). */
#ifndef QTOWN_FSUTIL_H
#define QTOWN_FSUTIL_H

#include "util/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What identifies one version of a file: a change of any field means the
 * file changed (mtime alone misses changes within its granularity, and a
 * file written in place and given its old mtime back keeps its inode and
 * size: only ctime, which nobody can set, tells). */
typedef struct file_stamp {
    bool exists;
    dev_t dev;
    ino_t ino;
    off_t size;
    int64_t mtime_ns;
    int64_t ctime_ns;
    uint64_t hash;   /* of the content; 0 when not read */
    int64_t seen_ns; /* when the stamp was taken (CLOCK_REALTIME) */
} file_stamp;

typedef enum fs_result { FS_OK, FS_MISSING, FS_ERROR, FS_CHANGED } fs_result;

uint64_t fs_hash(const void *data, size_t len);

/* Reads a whole regular file of at most `max` bytes into a NUL-terminated
 * buffer (caller frees).  FS_MISSING when it does not exist (nothing added
 * to dl); FS_ERROR with a message otherwise. */
fs_result fs_read_file(const char *path, size_t max, char **buf, size_t *len, file_stamp *stamp,
                       diag_list *dl);
/* Stats a file without reading it (hash left 0). */
fs_result fs_stat(const char *path, file_stamp *stamp);
/* The stamp of the entry `name` of an open folder, without following a
 * symbolic link (hash left 0): FS_ERROR when it is not a regular file.
 * For a scan of a whole folder: one call per file, no path walked. */
fs_result fs_stamp_at(int dirfd, const char *name, file_stamp *stamp);
/* A stamp taken within FS_RACY_NS of the file's last change cannot tell a
 * later change in the same clock tick (filesystem timestamps come from a
 * coarse clock): a watcher re-reads such a file once more later, as git
 * does with "racily clean" entries. */
#define FS_RACY_NS (100 * 1000 * 1000)
bool fs_stamp_racy(const file_stamp *s);
/* True when both stamps describe the same file content.  Hashes are
 * compared only when both are known. */
bool fs_stamp_same(const file_stamp *a, const file_stamp *b);

/* Replaces `path` with `len` bytes, atomically and durably: a temporary
 * file in the same folder, written whole, fsynced, given the old file's
 * mode (or `mode` for a new file), renamed over the old one, then the
 * folder fsynced.  A symlink is followed: its target is replaced.  On
 * failure the old file is untouched and the temporary file removed. */
bool fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode, diag_list *dl);
/* The same for a caller that holds the file's lock (fs_lock_acquire):
 * - the temporary file is `.NAME.tmp`, so one left by a crash is found
 *   without a scan of the folder.  It is created exclusively: when the
 *   name is taken (a leftover, or another qtown's save where locks do not
 *   work) a unique name is used, and after the rename the taken one is
 *   removed, with any `.NAME.tmp-*` untouched for FS_OLD_TEMP_S.
 * - with `expect` (read with fs_read_file, content hash included; not
 *   existing when !expect->exists), the file is compared again just before
 *   the rename, after the slow part (write, fsync): FS_CHANGED, nothing
 *   written and no message, when someone replaced it meanwhile (or removed
 *   our temporary file).  This is the guard where locks do not reach
 *   (docs/concurrency.md); the window left is between that comparison and
 *   the rename. */
#define FS_OLD_TEMP_S 600
fs_result fs_write_atomic_locked(const char *path, const void *data, size_t len, mode_t mode,
                                 const file_stamp *expect, diag_list *dl);

/* True when this process may replace `path` (a symlink: its target): its
 * folder is writable and the file, if it exists, is too — a file made
 * read-only (chmod a-w) is left alone although its folder would allow a
 * rename over it.  Otherwise a "read-only: ..." message.  (root passes the
 * permission bits, as it does everywhere; a read-only mount stops it.) */
bool fs_can_replace(const char *path, diag_list *dl);

/* An exclusive advisory lock (flock on `.NAME.lock` next to `path`).  It
 * waits up to `wait_ms` for another holder. */
typedef struct fs_lock {
    int fd;
} fs_lock;
bool fs_lock_acquire(const char *path, int wait_ms, fs_lock *lock, diag_list *dl);
void fs_lock_release(fs_lock *lock);

/* mkdir -p */
bool fs_mkdirs(const char *path, diag_list *dl);
char *fs_join(const char *dir, const char *name);
bool fs_is_dir(const char *path);
bool fs_exists(const char *path);

#endif
