/* ydoc — the one YAML reader: a small, bounded tree built from libyaml's
 * event stream, with the position of every node.
 *
 * It refuses what qtown's files never need and attackers love: anchors and
 * aliases, nesting beyond `max_depth`, scalars beyond `max_scalar` bytes,
 * more than `max_nodes` nodes, duplicate keys, non-scalar keys, several
 * documents, tags, and invalid UTF-8.  Every refusal is a diag with the
 * file, line and column.  Schema decoding (ydecode.h) walks the tree. */
#ifndef QTOWN_YDOC_H
#define QTOWN_YDOC_H

#include "util/arena.h"
#include "util/diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum ynode_kind { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ } ynode_kind;

typedef struct ynode ynode;
struct ynode {
    ynode_kind kind;
    int line; /* 1-based */
    int col;  /* 1-based, in characters */
    /* scalar */
    const char *str; /* NUL-terminated (may also contain NUL: see len) */
    size_t len;
    bool plain; /* unquoted: may be a number or a boolean */
    /* map: keys[i] -> values[i]; sequence: values[i] */
    size_t count;
    ynode **keys;
    ynode **values;
};

typedef struct ylimits {
    int max_depth;     /* nested maps and sequences */
    size_t max_scalar; /* bytes in one scalar */
    size_t max_nodes;
} ylimits;

typedef struct ydoc {
    const char *path;  /* as given, for messages */
    const ynode *root; /* NULL for an empty document */
} ydoc;

/* Parses `len` bytes (`buf` need not be NUL-terminated).  Nodes and their
 * strings are allocated in `mem` and live as long as it.  On failure the
 * problems are in dl and *doc is unusable. */
bool ydoc_parse(ydoc *doc, arena *mem, const char *path, const char *buf, size_t len,
                const ylimits *limits, diag_list *dl);

/* The value of `key` in a map, or NULL. */
const ynode *ynode_get(const ynode *map, const char *key);

#endif
