/* parsed — unit file versions already parsed, kept by their content for
 * a later step of the same sync.
 *
 * The local commit reads every changed unit file in its old and its new
 * version; when the remote changed the same files, the merge reads them
 * again as its base and "ours" (two of its three versions).  The trees the
 * commit parsed are kept here, packed (yaml/ypack.h: about the bytes of the
 * file, where a tree takes ten to twenty times that), found again by the
 * bytes of a version (their SHA-256: never a wrong tree, even when a file
 * changed in between or a remote sends a version made to look alike), so
 * the merge parses only what it has not seen.  What is kept is bounded
 * (`budget` bytes); past it, versions are parsed again as before. */
#ifndef QTOWN_PARSED_H
#define QTOWN_PARSED_H

#include "util/arena.h"
#include "yaml/ydoc.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct parsed_versions parsed_versions;

parsed_versions *parsed_new(size_t budget);
void parsed_free(parsed_versions *pv);

/* Keeps the tree `root` of the version `bytes` (len bytes): false when the
 * budget is spent or the version is kept already. */
bool parsed_keep(parsed_versions *pv, const char *bytes, size_t len, const ynode *root);

/* The tree of a version with exactly these bytes, unpacked in `mem`
 * (it points into pv too: pv must outlive it), or NULL.  Reads pv only:
 * safe from several threads while nothing is kept (par_for). */
const ynode *parsed_find(const parsed_versions *pv, const char *bytes, size_t len, arena *mem);

/* Versions kept, and the bytes they hold (for the tests and the budget). */
size_t parsed_count(const parsed_versions *pv);
size_t parsed_bytes(const parsed_versions *pv);

#endif
