/* merge_file — the merge of three versions of one unit file, bytes in and
 * bytes out: what git's merge driver (`qtown merge-file`) does.
 *
 * The versions are read against a loose plan (loose_plan.h) made from the
 * three files, so a plan changed on one side never makes a version
 * unreadable here; `qtown check` judges the result against the plan in
 * force.  Each version must otherwise be a valid unit file: one that does
 * not load is reported (FILE:LINE:COLUMN, naming the side) and nothing is
 * merged.  The result is written in qtown's fixed form: never with
 * conflict markers, and never past UNIT_MAX_BYTES (two histories under the
 * limit can merge into one over it: that is refused, nothing merged). */
#ifndef QTOWN_MERGE_FILE_H
#define QTOWN_MERGE_FILE_H

#include "model/loose_plan.h"
#include "model/merge.h"

enum { MF_BASE, MF_OURS, MF_THEIRS };

/* `path` names the unit (villages/ID.yaml ...), for its kind and id and in
 * messages; `order` (may be NULL) is the plan whose order the checks are
 * written in.  files[MF_BASE].buf NULL or empty: no common version (the unit
 * was added on both sides).  On success out holds the merged file, or
 * *removed is set (the unit is removed and out is empty). */
bool merge_unit_file(const char *path, const plan *order, const file_bytes files[3],
                     const char *now, strbuf *out, bool *removed, merge_report *rep, diag_list *dl);

/* Reads one version of a unit file against a loose plan (also how the sync
 * describes old versions).  `label` is the name used in messages. */
unit *unit_parse_loose(const plan *loose, const char *label, const file_bytes *f, const char *path,
                       diag_list *dl);

#endif
