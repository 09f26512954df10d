/* scan — every unit of a workspace as the unit list, the overview and the
 * reports need it: its summary (summary.h), from the cache (cache.h) when
 * the file is the one the cache was made from, else from the file.
 *
 * A scan lists the unit files and stats each (the floor: ~2 µs a file)
 * while another thread reads the cache (which then takes its share of the
 * stats), and parses only the files that are new, changed, racy
 * and changed, or not in the cache — on every processor when there are
 * many.  Then, when anything differed from the cache and the workspace can
 * be written, it writes the cache again.  What a scan gives is what a
 * parse of every file would give (tests/e2e/cache.sh compares them).
 *
 * Full units (notes, history, records) are not kept: a checklist or a
 * report that needs one reads it (workspace_unit_full). */
#ifndef QTOWN_SCAN_H
#define QTOWN_SCAN_H

#include "model/workspace.h"

#include <stdbool.h>
#include <stddef.h>

/* What a scan did (for the benchmarks and the tests). */
typedef struct scan_stats {
    size_t units;        /* unit files (the town's included when it exists) */
    size_t cached;       /* summaries taken from the cache */
    size_t rehashed;     /* ... of which racy, their content hashed again */
    size_t parsed;       /* files parsed */
    size_t threads;      /* threads that parsed */
    size_t stat_threads; /* threads that took stats besides the caller */
    bool wrote;          /* the cache was written */
} scan_stats;

/* Gives every unit of the workspace its summary (wu->sum; NULL, with
 * wu->errors, for a file that does not load: those are also reported to
 * dl).  False when a unit does not load or the workspace has more units
 * than WORKSPACE_MAX_UNITS (then nothing is listed).  With `fresh`, every
 * file is parsed and the cache is not read (qtown check: a validation
 * trusts nothing), only written. */
bool workspace_scan(workspace *ws, bool fresh, scan_stats *stats, diag_list *dl);

/* The same scan for a reader of the names alone (model/names.h): the
 * summaries taken from the cache hold each unit's kind and name and
 * nothing else (cache_read_names: a fraction of a whole read); a file
 * parsed gives a whole one.  A cache that is missing or not trusted is
 * written as always, but a few files changed since it was written (up to
 * the square root of the units' number: 316 of 100,000) are parsed and the
 * cache left as it is, so that a shell loop of `qtown add` does not write
 * a district's whole cache at every step; a scan that writes it (the
 * list, the screens) takes them in.  When more changed, the cache is read
 * whole and written. */
bool workspace_scan_names(workspace *ws, scan_stats *stats, diag_list *dl);

/* Writes the cache again if a summary changed since it was read or
 * written (a unit saved or reloaded: ws->cache_stale); quietly does
 * nothing when it cannot (a read-only workspace). */
void workspace_save_cache(workspace *ws);

#endif
