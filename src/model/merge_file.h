/* merge_file — the merge of three versions of one unit file, bytes in and
 * bytes out: what git's merge driver (`qtown merge-file`) does, and what
 * the sync does for many files in one process.
 *
 * The versions are read against a loose plan (loose_plan.h) made from
 * the files themselves, so a plan changed on one side never makes a
 * version unreadable here; `qtown check` judges the result against the
 * plan in force.  Each version must otherwise be a valid unit file: one
 * that does not load is reported (FILE:LINE:COLUMN, naming the side) and
 * nothing is merged.  The result is written in qtown's fixed form: never
 * with conflict markers, and never past UNIT_MAX_BYTES (two histories
 * under the limit can merge into one over it: that is refused, nothing
 * merged). */
#ifndef QTOWN_MERGE_FILE_H
#define QTOWN_MERGE_FILE_H

#include "model/loose_plan.h"
#include "model/merge.h"

enum { MF_BASE, MF_OURS, MF_THEIRS };

/* Versions of one unit file read together: one loose plan made from all
 * of them, each file's YAML parsed once (and kept until freed, to be read
 * against another plan without parsing it again). */
#define UNIT_VERSIONS_MAX 3
typedef struct unit_versions {
    plan loose;
    unit *u[UNIT_VERSIONS_MAX]; /* NULL: absent, or it did not load */
    char *id;
    unit_kind kind;
    arena *tree[UNIT_VERSIONS_MAX];
    const ynode *root[UNIT_VERSIONS_MAX];
    size_t len[UNIT_VERSIONS_MAX];
} unit_versions;

/* Reads n versions of the unit file `path` (villages/ID.yaml ...: its
 * kind and id); files[i].buf NULL: version i does not exist.  labels[i]
 * names version i in messages (labels NULL: the path).  `order` (may be
 * NULL) is the plan whose order the checks take.  False when a version
 * that exists does not load (each problem in dl); v is then still to be
 * freed. */
bool unit_versions_read(unit_versions *v, const char *path, const plan *order,
                        const file_bytes *files, size_t n, const char *const *labels,
                        diag_list *dl);
/* The same, with versions already parsed: parsed[i] (parsed NULL, or an
 * entry NULL: parse files[i]) is the tree of files[i], which stays the
 * owner's and must outlive v. */
bool unit_versions_read_parsed(unit_versions *v, const char *path, const plan *order,
                               const file_bytes *files, const ynode *const *parsed, size_t n,
                               const char *const *labels, diag_list *dl);
void unit_versions_free(unit_versions *v);
/* Version i read again against the plan `p` (the plan in force), its
 * problems said as `label`'s; NULL when absent or when it does not load. */
unit *unit_versions_against(const unit_versions *v, size_t i, const plan *p, const char *label,
                            diag_list *dl);

/* Merges versions read as base, ours and theirs: *merged is the merged
 * unit (caller frees; NULL: the unit is removed), written to out; false
 * when that is past UNIT_MAX_BYTES. */
bool merge_versions(const unit_versions *v, const char *path, const char *now, strbuf *out,
                    unit **merged, merge_report *rep, diag_list *dl);

/* Reads and merges: `path` names the unit (villages/ID.yaml ...), for its
 * kind and id and in messages; `order` as above.  files[MF_BASE].buf NULL
 * or empty: no common version (the unit was added on both sides).  On
 * success out holds the merged file, or *removed is set (the unit is
 * removed and out is empty). */
bool merge_unit_file(const char *path, const plan *order, const file_bytes files[3],
                     const char *now, strbuf *out, bool *removed, merge_report *rep, diag_list *dl);

#endif
