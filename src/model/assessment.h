/* assessment — the year-end assessment (考核), one YAML file per year
 * under assessments/ (docs/workspace-format.md):
 *
 *   assessments/2016.yaml
 *
 * It holds the year's result as `qtown assess` computed it (every unit's
 * score, grade, rank and section points, the town's targets met and
 * missed), what it was computed from (the plan's id and the sha256 of its
 * text; the git commit of the data, and whether qtown's files differed
 * from it), and what the plan's assessment rules give each unit's grade
 * (the outcome, and the day it is due).  A draft is computed again by
 * each `qtown assess`, keeping what the office wrote in it (`note:` on the
 * assessment and on each unit); a final one (`state: final`) is never
 * written again.  This module reads and writes the file; report/assess.h
 * computes one. */
#ifndef QTOWN_ASSESSMENT_H
#define QTOWN_ASSESSMENT_H

#include "model/workspace.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ASSESSMENTS_DIR "assessments"
/* What an assessment file may hold (docs/limits.md): 10,000 units of a
 * few hundred bytes each. */
#define ASSESSMENT_MAX_BYTES (16 * 1024 * 1024)
#define ASSESSMENT_MAX_DEPTH 5
#define ASSESSMENT_MAX_NODES 1000000
#define ASSESSMENT_NO_DUE    INT64_MIN

typedef struct assess_unit {
    const char *id;
    unit_kind kind;
    const char *name;
    bool scored;
    double score;
    const char *grade; /* NULL when not scored */
    int rank;          /* among its kind; 0: not ranked (the town, not scored) */
    const char **section_ids;
    double *section_points;
    size_t n_sections;
    const char *outcome; /* what the plan's rules give its grade, or NULL */
    int64_t due;         /* ASSESSMENT_NO_DUE: nothing due */
    const char *note;    /* the office's, kept when recomputed */
} assess_unit;

typedef struct assessment {
    arena *mem;
    int year;
    bool final;
    int64_t day;          /* the day it was computed (made final) */
    const char *recorded; /* a timestamp */
    const char *by;
    const char *plan_id;
    const char *plan_sha256;
    const char *commit; /* the data's git commit, or NULL */
    bool uncommitted;   /* qtown's files differed from that commit */
    const char *note;
    const char **met, **not_met, **unknown; /* the town's targets (ids) */
    size_t n_met, n_not_met, n_unknown;
    assess_unit *units; /* the town, villages, enterprises */
    size_t n_units;
} assessment;

void assessment_init(assessment *a, int year);
void assessment_free(assessment *a);

/* The file's path below the workspace: "assessments/2016.yaml" (caller
 * frees). */
char *assessment_rel_path(int year);

/* Reads an assessment file; every problem reported with its position.
 * Its year must be the one its name gives. */
bool assessment_parse(assessment *a, const plan *p, const char *path, int year, const char *buf,
                      size_t len, diag_list *dl);
/* The file's bytes, keys in a fixed order. */
bool assessment_write(const assessment *a, strbuf *out, const char *path, diag_list *dl);

/* Reads the workspace's assessment of `year`: FS_MISSING when there is
 * none, FS_OK, or an error (reported; a broken file too). */
fs_result assessment_load(const workspace *ws, int year, assessment *a, diag_list *dl);
/* Writes it atomically (assessments/ made when missing, never a link). */
bool assessment_save(const workspace *ws, const assessment *a, diag_list *dl);
/* Takes the lock of the year's file (assessments/ made when missing, never
 * a link), so that what is read, checked (final?) and written again is
 * one step among qtowns; fs_lock_release after the save. */
bool assessment_lock(const workspace *ws, int year, fs_lock *lock, diag_list *dl);
/* Every assessment file of the workspace, checked (qtown check). */
bool assessments_check(const workspace *ws, diag_list *dl);

/* The unit `id` of the assessment, or NULL. */
const assess_unit *assessment_find_unit(const assessment *a, const char *id);

/* The sha256 (hex) of the plan in force as its text is: plan.yaml, else
 * the built-in plan's text.  False when it cannot be read. */
bool workspace_plan_sha256(const workspace *ws, char out[65], diag_list *dl);

#endif
