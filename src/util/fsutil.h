/* fsutil — the one place where qtown opens, reads and writes files
 * (docs/security.md says the same to users and to the next engineer).
 *
 * The rules every reader and writer gets from here:
 * - A file is opened without blocking and without following a symbolic
 *   link, then its type is checked on the open descriptor: only a regular
 *   file is read or replaced.  A FIFO, a device or a socket is refused
 *   (it would hang the reader, or be replaced by a plain file).
 * - Inside a folder qtown owns (the workspace, qtown's own config folder)
 *   files are reached through an fs_tree: the folder is resolved once and
 *   every path below it is walked from its descriptor, one component at a
 *   time, never through a symbolic link and never above it ("..").  A link
 *   sent by a git remote or made by hand is reported, never followed.
 * - A write is atomic and durable: a temporary file in the same folder,
 *   written whole, fsynced, renamed over the old one (only when that is a
 *   regular file or absent), then the folder fsynced.  On any failure the
 *   old file is untouched and the temporary file removed.
 * - Files named by the user on the command line (`--plan FILE`, `-o FILE`)
 *   are the user's choice: a symbolic link there is followed, but the type
 *   rules hold (fs_read_file, fs_write_output).
 *
 * Temporary and lock files live next to the file they serve, named
 * `.NAME.tmp`, `.NAME.tmp-XXXXXX` and `.NAME.lock`, so that they are on the
 * same filesystem and are never mistaken for data (loaders skip
 * dot-files).
 *
 * A new writer (evidence/UNIT/, archive/, meetings/, a cache, per-user
 * settings) opens its folder as an fs_tree once (or uses the workspace's,
 * ws->tree) and calls fs_tree_write / fs_tree_read with paths inside it:
 * there is no other way to write a file in qtown. */
#ifndef QTOWN_FSUTIL_H
#define QTOWN_FSUTIL_H

#include "util/diag.h"

#include <dirent.h>
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

/* A stamp taken within FS_RACY_NS of the file's last change cannot tell a
 * later change in the same clock tick (filesystem timestamps come from a
 * coarse clock): a watcher re-reads such a file once more later, as git
 * does with "racily clean" entries. */
#define FS_RACY_NS (100 * 1000 * 1000)
bool fs_stamp_racy(const file_stamp *s);
/* True when both stamps describe the same file content.  Hashes are
 * compared only when both are known. */
bool fs_stamp_same(const file_stamp *a, const file_stamp *b);

/* ---- a folder qtown owns --------------------------------------------------------- */

/* The folder, opened once.  `root` is its real path (no symbolic link in
 * it), the prefix of the paths in messages. */
typedef struct fs_tree {
    int fd;
    char *root;
} fs_tree;
#define FS_TREE_INIT                                                                               \
    {                                                                                              \
        -1, NULL                                                                                   \
    }

/* Resolves `path` (which must be a folder; a link to one is fine: the
 * user named it) and opens it.  False with a message. */
bool fs_tree_open(fs_tree *t, const char *path, diag_list *dl);
void fs_tree_close(fs_tree *t);
/* The part of `path` below the tree: `path` itself when relative, the
 * rest after "ROOT/" when absolute under the root; NULL when it names a
 * place outside the tree (or the root itself). */
const char *fs_tree_rel(const fs_tree *t, const char *path);

/* In every function below, `path` is relative to the tree or absolute
 * under its root (fs_tree_rel); it is also the name used in messages.  A
 * path that leaves the tree, or passes through a symbolic link or
 * something that is not a folder, is refused with a message. */

/* Reads a whole regular file of at most `max` bytes into a NUL-terminated
 * buffer (caller frees).  FS_MISSING when it does not exist (nothing added
 * to dl); FS_ERROR with a message otherwise: a symbolic link, a FIFO, a
 * device, a folder, a file past `max`. */
fs_result fs_tree_read(const fs_tree *t, const char *path, size_t max, char **buf, size_t *len,
                       file_stamp *stamp, diag_list *dl);
/* The same without hashing the content (stamp->hash left 0): for a large
 * file that carries a checksum of its own (the units' cache, 55 MB at
 * 100,000 units, read at every open: hashed a byte at a time it cost a
 * twentieth of the open). */
fs_result fs_tree_read_unhashed(const fs_tree *t, const char *path, size_t max, char **buf,
                                size_t *len, file_stamp *stamp, diag_list *dl);
/* The stamp of a file without reading it (hash left 0).  FS_MISSING when
 * nothing is there; FS_ERROR when something that is not a regular file
 * is (a symbolic link is not followed). */
fs_result fs_tree_stat(const fs_tree *t, const char *path, file_stamp *stamp);
/* The stamp of the entry `name` of a folder opened from a tree
 * (fs_tree_opendir, dirfd), without following a symbolic link (hash left
 * 0): FS_ERROR when it is not a regular file.  For a scan of a whole
 * folder: one call per file, no path walked again. */
fs_result fs_stamp_at(int dirfd, const char *name, file_stamp *stamp);
/* Is anything at all there (a link, a FIFO: anything)?  Never follows;
 * a folder on the way that cannot be opened counts as "there" (nothing
 * is ever made where qtown cannot see). */
bool fs_tree_exists(const fs_tree *t, const char *path);
/* The same question for a caller that must say why: FS_OK something is
 * there, FS_MISSING nothing is, FS_ERROR (with a message) its folder
 * cannot be opened. */
fs_result fs_tree_probe(const fs_tree *t, const char *path, diag_list *dl);

/* Replaces `path` with `len` bytes, atomically and durably (see above),
 * giving a new file `mode` and a replaced one its old mode.  Refused, with
 * nothing written, when what is there is not a regular file.  The folder
 * must exist (fs_tree_mkdirs). */
bool fs_tree_write(const fs_tree *t, const char *path, const void *data, size_t len, mode_t mode,
                   diag_list *dl);
/* The same for thousands of files at once (a merge): atomic, but not
 * flushed one by one (3 ms each here); fs_tree_sync after the last one
 * flushes them all (syncfs: the tree's filesystem) before anything relies
 * on them. */
bool fs_tree_write_batch(const fs_tree *t, const char *path, const void *data, size_t len,
                         mode_t mode, diag_list *dl);
bool fs_tree_sync(const fs_tree *t, diag_list *dl);
/* Writes a new file at `path`, never replacing anything: the same atomic
 * and durable write, the temporary file given its name only if nothing
 * (a file, a link, anything) has it (renameat2 RENAME_NOREPLACE, else a
 * hard link).  FS_CHANGED, nothing written and no message, when the name
 * is taken; FS_ERROR with a message.  For files added under a name of
 * their own (an attached evidence file). */
fs_result fs_tree_write_new(const fs_tree *t, const char *path, const void *data, size_t len,
                            mode_t mode, diag_list *dl);
/* The same for a caller that holds the file's lock (fs_tree_lock):
 * - the temporary file is `.NAME.tmp`, so one left by a crash is found
 *   without a scan of the folder.  It is created exclusively: when the
 *   name is taken (a leftover, or another qtown's save where locks do not
 *   work) a unique name is used, and after the rename the taken one is
 *   removed, with any `.NAME.tmp-*` untouched for FS_OLD_TEMP_S.
 * - with `expect` (read with fs_tree_read, content hash included; not
 *   existing when !expect->exists), the file is compared again just before
 *   the rename, after the slow part (write, fsync): FS_CHANGED, nothing
 *   written and no message, when someone replaced it meanwhile (or removed
 *   our temporary file).  This is the guard where locks do not reach
 *   (docs/concurrency.md); the window left is between that comparison and
 *   the rename. */
#define FS_OLD_TEMP_S 600
fs_result fs_tree_write_locked(const fs_tree *t, const char *path, const void *data, size_t len,
                               mode_t mode, const file_stamp *expect, diag_list *dl);
/* Removes the file (or link: never followed) at `path`; true when it is
 * gone (also when it was not there).  A folder is not removed. */
bool fs_tree_remove(const fs_tree *t, const char *path, diag_list *dl);
/* Moves the regular file `from` to `to` (both in the tree), which must
 * not exist, and flushes both folders.  Nothing is followed or replaced:
 * `from` must be a regular file itself, and anything at `to` (a file, a
 * link, a FIFO) stops the move.  One rename (RENAME_NOREPLACE), or where
 * the filesystem lacks that a link then an unlink: at every moment the
 * file is in one place or both.  False with a message, nothing moved. */
bool fs_tree_move_noreplace(const fs_tree *t, const char *from, const char *to, diag_list *dl);
/* mkdir -p inside the tree (0755), refusing a link on the way. */
bool fs_tree_mkdirs(const fs_tree *t, const char *path, diag_list *dl);
/* Opens a folder of the tree (".": the tree's own) for reading its
 * entries (closedir frees);
 * NULL when it is missing (no message) or cannot be read (a message). */
DIR *fs_tree_opendir(const fs_tree *t, const char *path, diag_list *dl);

/* True when this process may replace `path`: its folder is writable and
 * the file, if it exists, is a regular file that is writable too — a file
 * made read-only (chmod a-w) is left alone although its folder would allow
 * a rename over it.  Otherwise a "read-only: ..." message.  (root passes
 * the permission bits, as it does everywhere; a read-only mount stops
 * it.) */
bool fs_tree_can_replace(const fs_tree *t, const char *path, diag_list *dl);

/* An exclusive advisory lock (flock on `.NAME.lock` next to `path`; a lock
 * file that is not a regular file, a link sent by a remote, is replaced).
 * It waits up to `wait_ms` for another holder (0: not at all). */
typedef struct fs_lock {
    int fd;
} fs_lock;
bool fs_tree_lock(const fs_tree *t, const char *path, int wait_ms, fs_lock *lock, diag_list *dl);
void fs_lock_release(fs_lock *lock);

/* ---- files the user names ---------------------------------------------------------- */

/* Reads a whole regular file of at most `max` bytes (a symbolic link is
 * followed; a FIFO or a device is refused without blocking).  As
 * fs_tree_read otherwise. */
fs_result fs_read_file(const char *path, size_t max, char **buf, size_t *len, file_stamp *stamp,
                       diag_list *dl);
/* Writes an output the user named (`-o FILE`): a regular file or a new
 * one is replaced atomically (through a link: its target); a FIFO or a
 * character device (/dev/null, /dev/stdout, a pipe) is written to
 * directly, never replaced; anything else (a folder, a block device, a
 * socket, a link to nothing) is refused with nothing written. */
bool fs_write_output(const char *path, const void *data, size_t len, diag_list *dl);

/* Stats any path (links followed, any type; hash left 0): for watching
 * folders.  FS_MISSING when nothing is there. */
fs_result fs_stat(const char *path, file_stamp *stamp);
/* `path` absolute with every link resolved, also when its last parts do
 * not exist yet (they are taken as the folders mkdir -p would make: "."
 * dropped, ".." the folder above); caller frees.  NULL when not even the
 * current folder resolves. */
char *fs_resolve_new(const char *path);
/* Whether `path` is `dir` or below it (both as fs_resolve_new gives). */
bool fs_path_under(const char *path, const char *dir);
/* mkdir -p of a folder the user names (links followed). */
bool fs_mkdirs(const char *path, diag_list *dl);
char *fs_join(const char *dir, const char *name);
bool fs_is_dir(const char *path);
bool fs_exists(const char *path);

#endif
