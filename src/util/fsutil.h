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
 * file changed (mtime alone misses changes within its granularity). */
typedef struct file_stamp {
    bool exists;
    dev_t dev;
    ino_t ino;
    off_t size;
    int64_t mtime_ns;
    uint64_t hash; /* of the content; 0 when not read */
} file_stamp;

typedef enum fs_result { FS_OK, FS_MISSING, FS_ERROR } fs_result;

uint64_t fs_hash(const void *data, size_t len);

/* Reads a whole regular file of at most `max` bytes into a NUL-terminated
 * buffer (caller frees).  FS_MISSING when it does not exist (nothing added
 * to dl); FS_ERROR with a message otherwise. */
fs_result fs_read_file(const char *path, size_t max, char **buf, size_t *len, file_stamp *stamp,
                       diag_list *dl);
/* Stats a file without reading it (hash left 0). */
fs_result fs_stat(const char *path, file_stamp *stamp);
/* True when both stamps describe the same file content.  Hashes are
 * compared only when both are known. */
bool fs_stamp_same(const file_stamp *a, const file_stamp *b);

/* Replaces `path` with `len` bytes, atomically and durably: a temporary
 * file in the same folder, written whole, fsynced, given the old file's
 * mode (or `mode` for a new file), renamed over the old one, then the
 * folder fsynced.  A symlink is followed: its target is replaced.  On
 * failure the old file is untouched and the temporary file removed. */
bool fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode, diag_list *dl);
/* The same for a caller that holds the file's lock (fs_lock_acquire): the
 * temporary file has the fixed name `.NAME.tmp`, so one left by a crash is
 * simply reused and renamed away by the next save, and finding it never
 * needs a scan of the folder. */
bool fs_write_atomic_locked(const char *path, const void *data, size_t len, mode_t mode,
                            diag_list *dl);

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
