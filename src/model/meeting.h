/* meeting — the leadership group's work meetings (工作例会), one YAML file
 * each under meetings/ (docs/workspace-format.md):
 *
 *   meetings/2016-04-12-3fa2c1.yaml
 *
 * A meeting has its date, who attended, what was decided (a decision may
 * name units and checks), who recorded it and when, and the town's
 * figures as the overview showed them then (score, grade, which targets
 * were met and missed), so that later the overview can say what changed
 * since.  The file's name is the date and six hexadecimal digits of a
 * hash of what the meeting says, who recorded it and when: two laptops
 * recording meetings never make the same name, and git syncs the folder
 * like the rest of the workspace.  A meeting file is written once, new,
 * never replacing another.
 *
 * A plan check with `counted: meetings` (the default plan's
 * M1.work-meetings) has no typed value: its value is the number of
 * meetings of the workspace's year (meeting_count_into). */
#ifndef QTOWN_MEETING_H
#define QTOWN_MEETING_H

#include "model/workspace.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MEETINGS_DIR "meetings"
/* What a meeting file may hold (docs/limits.md). */
#define MEETING_MAX_BYTES (256 * 1024)
#define MEETING_MAX_DEPTH 4
#define MEETING_MAX_NODES 20000
#define MEETING_MAX_ITEMS 200 /* attendees, decisions, names in one decision */

typedef struct meeting_decision {
    const char *text;
    const char **units; /* unit ids */
    size_t n_units;
    const char **checks; /* check ids of the plan */
    size_t n_checks;
} meeting_decision;

/* The town's figures when the meeting was recorded (absent: not known). */
typedef struct meeting_figures {
    bool known;
    bool scored;
    double score;
    const char *grade;
    const char **met; /* ids of the targets met */
    size_t n_met;
    const char **not_met; /* and missed */
    size_t n_not_met;
} meeting_figures;

typedef struct meeting {
    arena *mem;
    const char *file; /* its name in meetings/ */
    int64_t date;
    const char **attendees;
    size_t n_attendees;
    meeting_decision *decisions;
    size_t n_decisions;
    const char *recorded; /* when it was recorded (a timestamp) */
    const char *by;
    meeting_figures figures;
} meeting;

/* A new, empty meeting of a date (its strings go in m->mem). */
void meeting_init(meeting *m, int64_t date);
void meeting_free(meeting *m);

/* Reads a meeting file; every problem reported with its position.  The
 * date must be the one its name `file` gives. */
bool meeting_parse(meeting *m, const plan *p, const char *path, const char *file, const char *buf,
                   size_t len, diag_list *dl);
/* The file's bytes, keys in a fixed order. */
bool meeting_write(const meeting *m, strbuf *out, const char *path, diag_list *dl);

/* Is `name` a meeting file's name (DATE-xxxxxx.yaml)?  Its date then. */
bool meeting_file_name(const char *name, int64_t *date);

/* The units and checks a decision's text names: plan check ids and unit
 * ids written as words, and units' names written anywhere in it (the
 * workspace's units loaded). */
void meeting_decision_find(const workspace *ws, arena *mem, meeting_decision *d);

/* Writes a new meeting (m->recorded and m->by set) to a new file of
 * meetings/ and sets m->file.  The folder is made when missing; nothing
 * is ever replaced. */
bool meeting_add(const workspace *ws, meeting *m, diag_list *dl);

/* Every meeting of the workspace, by date (then by when recorded).  A
 * file that does not load is reported and left out: false then. */
typedef struct meeting_list {
    meeting *items;
    size_t n;
} meeting_list;
bool meetings_load(const workspace *ws, meeting_list *out, diag_list *dl);
void meeting_list_free(meeting_list *l);

/* How many meetings of `year` the workspace holds (by their files' names:
 * no file is read). */
size_t meetings_count(const workspace *ws, int year);
/* Gives the town's counted check (`counted: meetings`) its value, the
 * number of meetings of the workspace's year, in memory only: its status
 * is the one its file records, else doing once a meeting was held (done
 * when the value meets the check's target).  Called whenever the town's
 * unit is read or written. */
void meeting_count_into(const workspace *ws, unit *town);

#endif
