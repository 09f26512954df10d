/* roster — what the screens know about every unit without looking at its
 * checks again: its progress, whether it loaded, whether its file is
 * still there.  Kept parallel to ws->units (same index) and updated one
 * unit at a time, so that a keystroke never walks the whole workspace. */
#ifndef QTOWN_TUI_ROSTER_H
#define QTOWN_TUI_ROSTER_H

#include "model/rectify.h"
#include "model/workspace.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct roster_entry {
    unit_progress pr;
    rect_counts rects; /* its rectifications: open, overdue (as of roster.today) */
    bool gone;         /* the file was removed: not listed */
    char *sort_key;    /* its name's pinyin collation key, once sorted by name */
    char *name;        /* the name shown (roster_name), inert */
} roster_entry;

/* The names shortened to one width (text_shorten_apart), for a few
 * widths at a time: the screens draw names in two or three columns. */
enum { ROSTER_WIDTHS = 4 };
typedef struct roster_names {
    int cols;      /* 0: unused */
    unsigned used; /* when last asked for (the least recent goes first) */
    char **v;      /* one per unit, n of them */
    size_t n;
} roster_names;

typedef struct roster {
    roster_entry *e;
    size_t n, cap;
    int64_t today; /* set before the first roster_sync */
    roster_names shortened[ROSTER_WIDTHS];
    unsigned clock;
} roster;

/* Grows the roster to ws->n_units and computes the entries from `from`. */
void roster_sync(roster *r, const workspace *ws, size_t from);
/* Recomputes one unit's entry: O(checks of one unit). */
void roster_update(roster *r, const workspace *ws, size_t unit);
void roster_free(roster *r);

/* The name a unit is shown with: its name, or its id when it failed to
 * load. */
const char *roster_name(const workspace *ws, size_t unit);

/* The name of a unit as a row of `cols` columns shows it: cut, or with
 * its middle left out, so that no two units' rows read the same
 * (text_shorten_apart over every unit).  Computed once per width and
 * again only when a name changes or units come and go. */
const char *roster_short_name(roster *r, size_t index, int cols);

/* Whether a search or the list's filter finds a unit: `pattern` in its id,
 * or in the name it is shown with — its characters, its full pinyin
 * (`jiasen`) or its initials (`jsrzb`), i18n/pinyin.h. */
bool roster_matches(const workspace *ws, size_t unit, const char *pattern);
/* The key that orders the unit by name in pinyin order (strcmp two keys),
 * made the first time it is asked for (pinyin_sort_key). */
const char *roster_sort_key(roster *r, const workspace *ws, size_t unit);

#endif
