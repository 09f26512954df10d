/* names — the name of every village and enterprise as its file says it,
 * for the one-name rule (workspace_check_name) and for a unit named by its
 * name on the command line (workspace_find_unit).
 *
 * Read once by a scan (scan.h) of a view of the workspace (its own list of
 * unit files, made now): each unit's summary from the cache where the
 * file's stamp vouches for it (git's rule for racy stamps, cache.h), else
 * from the file itself — as trustworthy as reading every file, for a stat
 * per file when the cache is warm.  A name is then looked up in a table:
 * checking K names against N units costs N stats and K look-ups, not K·N
 * reads.
 *
 * A file that does not load gives no name: a name whose bytes it holds
 * cannot be told (NAME_UNREADABLE), as when every file was read.  A writer
 * reads the names again under the names' lock (store_lock_names), so that
 * what it checks is what the files say while no other qtown can give a
 * name, and tells the table each name it writes (names_set). */
#ifndef QTOWN_NAMES_H
#define QTOWN_NAMES_H

#include "model/workspace.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct name_index name_index;

/* The names as the workspace's files say them now.  Never NULL: a folder
 * that cannot be listed (or more unit files than WORKSPACE_MAX_UNITS) is
 * kept as the problem every look-up then reports. */
name_index *names_read(const workspace *ws);
void names_free(name_index *ix);

/* How many villages' and enterprises' files the workspace had. */
size_t names_files(const name_index *ix);

/* A unit that carries a name. */
typedef struct name_holder {
    unit_kind kind;
    const char *id; /* valid while the table lives */
} name_holder;

/* The villages and enterprises named exactly `name`, villages first, each
 * kind by id (*found: caller frees).  False when it cannot be told: the
 * folders were not listed, or a file that does not load holds the name's
 * bytes; dl then says why (that file's own problems). */
bool names_lookup(name_index *ix, const char *name, name_holder **found, size_t *n_found,
                  diag_list *dl);

/* The workspace's table (ws->names), read at its first use. */
name_index *workspace_names(workspace *ws);
/* Reads it again: what the files say now (under the names' lock). */
void workspace_names_renew(workspace *ws);

/* This qtown wrote `name` as the name of kind/id: a new unit (old NULL)
 * or a unit renamed from `old`. */
void names_set(name_index *ix, unit_kind kind, const char *id, const char *old, const char *name);

#endif
