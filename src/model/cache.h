/* cache — the units' summaries (summary.h) kept on disk, so that opening a
 * workspace of 100,000 units reads one file and stats the unit files
 * instead of parsing them (docs/workspace-format.md, "The cache").
 *
 * WORKSPACE/.qtown/cache holds, for each unit file, the stamp it had when
 * it was read (device, inode, size, modification and change times, the
 * hash of its content, when it was read) and its summary.  The rules:
 * - derived data only: the unit files are the truth; deleting the cache
 *   loses nothing;
 * - an entry is used only for a file whose stamp is the one recorded.  An
 *   entry whose file changed within CACHE_RACY_NS of its reading ("racy",
 *   git's rule: a change in the same clock tick as the read leaves the
 *   times as they were) is used only after the file's content is hashed
 *   again and found the same;
 * - never trusted: a cache of another format, another qtown, another plan,
 *   of a size or with a checksum that does not add up, or with anything in
 *   it that a unit file could not say, is ignored whole and rebuilt;
 * - written atomically (a temporary file, fsync, rename), only as a regular
 *   file in a real folder (never through a symbolic link), and not at all
 *   when the workspace is read-only; several qtowns may write it at once
 *   (the last rename wins, each one complete); a crash leaves the old one
 *   or the new one;
 * - ignored by git (the workspace's .gitignore; qtown sync adds only unit
 *   and settings files). */
#ifndef QTOWN_CACHE_H
#define QTOWN_CACHE_H

#include "model/summary.h"
#include "model/workspace.h"

#include <stdbool.h>
#include <stdint.h>

#define CACHE_DIR  ".qtown"
#define CACHE_PATH ".qtown/cache"
/* The cache's size limit: far above a district's (about 60 MB for 100,000
 * units of the demo's size); a larger file is not read, and is rebuilt. */
#define CACHE_MAX_BYTES (1024u * 1024 * 1024)
/* How close to its reading a file's change makes an entry racy: covers
 * filesystems that keep times to the second (or two, FAT). */
#define CACHE_RACY_NS (2LL * 1000 * 1000 * 1000)

typedef struct cache cache;

/* Whether the cache keeps the summaries of a kind of unit.  Not the
 * town's: its counted checks take their values from meetings/
 * (meeting_count_into), which its file's stamp does not vouch for, so it
 * is read whole at every scan (one file). */
bool cache_keeps(unit_kind kind);

/* Reads the workspace's cache, decoding its summaries into `mem` (which
 * must outlive them).  NULL, with no message, when there is none or when
 * it cannot be trusted (see above); then everything is read from the
 * files. */
cache *cache_read(const workspace *ws, arena *mem);
/* The same for a reader of the names alone (model/names.h): each summary
 * holds its unit's name (and kind) and nothing else; what follows the name
 * in an entry is passed over, bounded as a whole read bounds it but not
 * decoded, so that a district's names cost a fraction of its summaries.
 * The header, the checksum, the ids, the stamps and the names are checked
 * as cache_read checks them.  Such summaries must never be written as a
 * cache (workspace_scan_names reads the cache whole before it writes). */
cache *cache_read_names(const workspace *ws, arena *mem);
void cache_free(cache *c);
/* How many units the cache holds. */
size_t cache_count(const cache *c);

/* The cached summary of a unit whose file's stamp is `now` (taken without
 * reading it), or NULL when the cache holds none for it or the file is not
 * the one it was made from.  A racy entry costs a read of the file (its
 * hash compared).  On success *stamp is the stamp to keep (with the
 * hash), and *renewed says whether the entry was made sure of now (then
 * the cache is worth writing again, so that it is not racy next time). */
const unit_summary *cache_lookup(cache *c, const workspace *ws, const ws_unit *wu,
                                 const file_stamp *now, file_stamp *stamp, bool *renewed);

/* Writes the summaries of every unit that has one (town, villages,
 * enterprises with a stamp) as the new cache.  False, with why in dl,
 * when it cannot (a read-only workspace, a symbolic link in the way):
 * nothing is lost then, the next open reads the files again.  Never
 * writes a summary that holds a name alone (cache_read_names): false,
 * nothing written. */
bool cache_write(const workspace *ws, diag_list *dl);

#endif
