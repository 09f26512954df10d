/* ypack — a tree read by ydoc, packed into a compact run of bytes and
 * unpacked again without reading YAML: for a tree needed again later
 * (the sync keeps the versions its local commit parsed for its merge,
 * sync/parsed.h).  Packed, a tree takes about the bytes of its file (the
 * tree itself takes ten to twenty times that); unpacking only allocates
 * the nodes: no scanning, no checks (they were made when it was read).
 * The strings of an unpacked tree point into the packed bytes, which must
 * outlive it. */
#ifndef QTOWN_YPACK_H
#define QTOWN_YPACK_H

#include "util/strbuf.h"
#include "yaml/ydoc.h"

/* Appends the tree `root` (not NULL) to out. */
void ypack(const ynode *root, strbuf *out);
/* The tree packed in packed[0, len), its nodes allocated in mem; NULL
 * when the bytes are not a whole packed tree. */
const ynode *yunpack(arena *mem, const char *packed, size_t len);

#endif
