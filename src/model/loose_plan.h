/* loose_plan — a plan made from unit files themselves, for reading them
 * where the workspace's plan does not matter or may not fit: merging
 * versions written under different plans (a plan change on one laptop),
 * describing what changed between old versions of a file.
 *
 * Every check id found under `checks:` in the given files is a check of
 * this plan, carried by every kind of unit and numeric (so a value is
 * kept, never refused).  The checks are in the order the files list them
 * (the first file's order, the others' checks placed after the check that
 * precedes them there), then sorted by `order` (the workspace's plan, when
 * there is one): a check it does not know stays after the check it follows
 * in the files.
 *
 * Every attribute key found is declared for every kind, with no list of
 * allowed values, its type taken from how the files write it: a plain
 * number everywhere, a number; a plain boolean everywhere, a boolean;
 * else text.  Everything else in a unit file is read and refused exactly
 * as unit_parse does. */
#ifndef QTOWN_LOOSE_PLAN_H
#define QTOWN_LOOSE_PLAN_H

#include "model/plan.h"
#include "yaml/ydoc.h"

/* A file's bytes; buf NULL when the version does not exist. */
typedef struct file_bytes {
    const char *buf;
    size_t len;
} file_bytes;

/* Builds the plan from the YAML trees of n files (unit_parse_tree; NULL
 * for a file that is absent or does not parse: the unit reader reports
 * it).  `order` may be NULL.  Free with plan_free. */
void loose_plan_build(plan *p, const plan *order, const ynode *const *roots, size_t n);

#endif
