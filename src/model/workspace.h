/* workspace — a folder of qtown files: settings (qtown.yaml), the plan in
 * force, the town's file and one file per village and enterprise.
 *
 *   WORKSPACE/qtown.yaml  town, year, plan, language, inspectors
 *   WORKSPACE/plan.yaml   optional plan; absent: the built-in plan named
 *   WORKSPACE/town.yaml   checks of the town as a whole
 *   WORKSPACE/villages/ID.yaml, WORKSPACE/enterprises/ID.yaml
 *
 * Opening reads the settings and the plan only; units are loaded all at
 * once (workspace_load_units) or one by one (workspace_find_unit), so a
 * command on one unit never reads the others. */
#ifndef QTOWN_WORKSPACE_H
#define QTOWN_WORKSPACE_H

#include "model/plan.h"
#include "model/unit.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/fsutil.h"

#include <stdbool.h>
#include <stddef.h>

/* Villages and enterprises in one workspace (the town not counted): a
 * district.  The screens, the list and the reports read every unit's
 * summary, from the cache when the file has not changed (model/scan.h). */
#define WORKSPACE_MAX_UNITS 100000
/* What qtown.yaml may hold (docs/limits.md); it uses 2 levels. */
#define CONFIG_MAX_BYTES       (64 * 1024)
#define CONFIG_MAX_DEPTH       3
#define CONFIG_MAX_TEXT        4096 /* bytes in one text */
#define CONFIG_MAX_NODES       10000
#define CONFIG_MAX_DAYS        3660 /* the longest window a setting may give */
#define DEFAULT_EXPIRING_DAYS  60
#define DEFAULT_UNVISITED_DAYS 90

typedef struct ws_config {
    const char *town;
    int year;
    const char *plan_id;
    const char *language; /* "zh", "en" or NULL */
    const char *inspector;
    const char **inspectors;
    size_t n_inspectors;
    bool sample; /* demo data */
    /* The ledger's windows (docs/workspace-format.md): evidence whose
     * validity ends within expiring_days is "expiring"; a unit nobody
     * visited for unvisited_days is listed in the overview.  Absent: the
     * defaults below (workspace_expiring_days, workspace_unvisited_days). */
    bool has_expiring_days;
    int expiring_days;  /* 0 .. CONFIG_MAX_DAYS */
    int unvisited_days; /* 1 .. CONFIG_MAX_DAYS; 0: absent */
} ws_config;

struct unit_summary;
struct name_index;

/* One unit file of the workspace. */
typedef struct ws_unit {
    unit_kind kind;
    char *id;
    char *path;
    unit *u; /* NULL when not loaded or when it failed to load */
    /* What the list and the overview need (model/summary.h): set whenever
     * u is, and by workspace_scan without u; NULL when the file does not
     * load or was not read */
    const struct unit_summary *sum;
    bool whole;       /* the whole unit was asked for: a reload reads it whole */
    file_stamp stamp; /* of the file as last read or written */
    diag_list errors; /* why it failed to load */
} ws_unit;

typedef struct workspace {
    char *root;   /* its real path (= tree.root) */
    fs_tree tree; /* every file of the workspace is reached through it (fsutil.h) */
    arena *mem;
    ws_config cfg;
    plan plan;
    ws_unit *units; /* after workspace_load_units: town, villages, enterprises, by id */
    size_t n_units, cap_units;
    bool scanned; /* every unit file is listed in units */
    /* The units' summaries live here (and in the arenas of the threads
     * that parsed files for workspace_scan) until the workspace closes */
    arena *sums;
    arena **more_sums;
    size_t n_more_sums;
    /* A summary differs from what the cache on disk holds (model/cache.h) */
    bool cache_stale;
    /* The villages' and enterprises' names (model/names.h), read at their
     * first use and again under the names' lock, which this qtown holds
     * while names_locked (model/store.h: store_lock_names) */
    struct name_index *names;
    bool names_locked;
} workspace;

/* Where the workspace is: `dir` when given, else $QTOWN_WORKSPACE, else
 * the nearest folder upwards holding qtown.yaml, else the default under
 * $XDG_DATA_HOME/qtown (*is_default set; it may not exist yet). */
char *workspace_locate(const char *dir, bool *is_default);

/* Resolves the folder once (ws->tree), reads qtown.yaml and the plan.
 * Units are not loaded. */
bool workspace_open(workspace *ws, const char *root, diag_list *dl);
void workspace_close(workspace *ws);
/* A second list of the same workspace's units (model/names.c scans one):
 * it shares ws's folder, settings and plan, and has units and summaries
 * of its own, which workspace_view_close frees (ws must outlive it). */
void workspace_view_open(const workspace *ws, workspace *view);
void workspace_view_close(workspace *view);

/* How many unit files (villages and enterprises) the workspace has now. */
size_t workspace_count_unit_files(const workspace *ws, diag_list *dl);

/* Lists every unit file (town, villages, enterprises by id) into
 * ws->units without reading them.  False past WORKSPACE_MAX_UNITS. */
bool workspace_list_units(workspace *ws, diag_list *dl);
/* Lists every unit file and loads it; a unit that fails keeps its errors
 * (ws_unit.errors) and is also reported to dl.  False if any failed.
 * (The list and the overview need only the summaries: model/scan.h.) */
bool workspace_load_units(workspace *ws, diag_list *dl);
/* Finds a unit by id (reading only that file) or by its exact name
 * (scanning the files that contain it).  Loads it; NULL with a message
 * when its file is broken, or when the key names no unit or several
 * (*missing set; several: the message lists their ids, never a silent
 * pick).  Entry pointers stay valid until another entry is added. */
ws_unit *workspace_find_unit(workspace *ws, const char *id_or_name, bool *missing, diag_list *dl);

/* The one rule for a unit's name, for every writer that gives a unit a
 * name (add, edit --name, import): a valid name (unit_name_valid) that no
 * other unit has — no village, enterprise or the town — and that is not
 * another unit's id (UNIT names either).  `kind`/`id` is the unit that
 * would carry it (its own name is no clash).  A writer holds the names'
 * lock (store_lock_names) from this check to its write. */
typedef enum name_verdict {
    NAME_OK,
    NAME_INVALID,    /* not a valid name */
    NAME_TAKEN,      /* another unit's name or id (the message names it) */
    NAME_UNREADABLE, /* a file that may hold it does not load */
} name_verdict;
name_verdict workspace_check_name(workspace *ws, const char *name, unit_kind kind, const char *id,
                                  diag_list *dl);
/* Units (loaded: workspace_load_units) that share a name, each reported
 * at its name's line with the others' ids; false when there are any. */
bool workspace_check_unique_names(const workspace *ws, diag_list *dl);
/* A walk over the loaded units, or over one of them (`only`; SIZE_MAX:
 * all): the unit at index i, or NULL when it is not loaded or not in the
 * walk.  The lists of records (evidence, visits) walk with it. */
const unit *workspace_walk_unit(const workspace *ws, size_t i, size_t only);
/* Re-reads one unit's file (after a change on disk): the whole unit when
 * it was loaded or asked for (workspace_unit_full), else its summary. */
bool workspace_reload_unit(workspace *ws, ws_unit *wu, diag_list *dl);
/* The whole unit (its notes, records, history), read from its file when
 * only its summary is known (workspace_scan); NULL with its errors in dl
 * when it does not load. */
unit *workspace_unit_full(workspace *ws, ws_unit *wu, diag_list *dl);
/* Lets the whole unit go, keeping its summary (after a change made to many
 * units at once, so that memory stays what the list needs). */
void workspace_unit_release(ws_unit *wu);
/* Gives wu the unit u just read from or written to its file (NULL: it
 * did not load), freeing the one it had, and its summary. */
void workspace_set_unit(workspace *ws, ws_unit *wu, unit *u);
/* Reads wu's file for its summary alone, allocated in `mem`: wu->u is
 * left NULL (the unit is freed once summed up), wu->stamp is the file's,
 * a failure's problems are in wu->errors.  Touches nothing but wu and
 * mem, so that several threads can read units at once (model/scan.c). */
bool workspace_read_summary(const workspace *ws, ws_unit *wu, arena *mem);
/* Reads wu's file whole into a unit of the caller's (unit_free), touching
 * neither wu nor ws, so that several threads can read units at once
 * (report/since.c takes a few lines of each unit's history and lets the
 * unit go); NULL with its problems in dl when it does not load. */
unit *workspace_read_unit(const workspace *ws, const ws_unit *wu, diag_list *dl);
/* A unit's problems (wu->errors), added to dl. */
void workspace_unit_errors(const ws_unit *wu, diag_list *dl);
/* Has the file changed since it was last read or written?  When its
 * stamp cannot tell (fs_stamp_racy) the content's hash is compared. */
bool workspace_unit_changed(const workspace *ws, ws_unit *wu);

/* Can this qtown change the workspace?  False (with the reason in dl,
 * which may be NULL) when the workspace folder, a unit folder or the
 * town's file cannot be written: permissions, a read-only mount.  The
 * screens show a read-only mark from this; the command line and the
 * screens still read everything. */
bool workspace_writable(const workspace *ws, diag_list *dl);
/* Can this unit's file be changed: its folder writable, and the file too
 * when it exists (a file made read-only by hand stays as it is)?
 * store_apply asks this before it touches anything. */
bool workspace_unit_writable(const workspace *ws, const ws_unit *wu, diag_list *dl);
/* The ids of the unit files in the folder of a kind (villages or
 * enterprises), sorted; the caller frees each id and the array.  Lets a
 * caller notice files added or removed since the units were loaded. */
char **workspace_list_ids(const workspace *ws, unit_kind kind, size_t *count, diag_list *dl);

/* The entry for a unit (created, not loaded, when the workspace has none). */
ws_unit *workspace_entry(workspace *ws, unit_kind kind, const char *id);
char *workspace_unit_path(const workspace *ws, unit_kind kind, const char *id);
const char *workspace_kind_dir(unit_kind kind); /* "villages", "enterprises", "" */

/* The ledger's windows in days: qtown.yaml's, else the defaults. */
int workspace_expiring_days(const workspace *ws);
int workspace_unvisited_days(const workspace *ws);

/* Where a removed unit's file goes: archive/KIND/ID.yaml, or ID-2.yaml,
 * ID-3.yaml ... when taken (absolute; caller frees).  The archive's
 * folders are made when missing and must be folders, not symlinks. */
#define WORKSPACE_ARCHIVE "archive"
char *workspace_archive_path(const workspace *ws, unit_kind kind, const char *id, diag_list *dl);

/* Creates a workspace at `root` (an empty or missing folder): qtown.yaml,
 * town.yaml, the unit folders, a .gitignore; with `plan_file` its plan is
 * copied to plan.yaml; with `demo` the sample town is written. */
bool workspace_create(const char *root, const char *plan_file, bool demo, diag_list *dl);

/* The next year's workspace (qtown new-year) made at `root` (a missing
 * or empty folder, never a link) from this one, whose units are loaded
 * (every one): the same units with their names and attributes (checked
 * against the next plan) and nothing else, the plan given (`plan_file`)
 * or this year's, the settings with the next year, and this year's
 * assessment copied as it is, byte for byte, as the link to it.  Every
 * unit's file is made in memory first: when one does not fit the next
 * plan nothing is written. */
typedef struct next_year {
    int year;
    const char *plan_file;      /* NULL: this year's plan */
    const char *assessment_rel; /* "assessments/2016.yaml", or NULL: none */
    const char *assessment;     /* its bytes */
    size_t assessment_len;
    char *plan_id; /* set on success: the next plan's id (caller frees) */
} next_year;
bool workspace_create_next(const workspace *ws, const char *root, next_year *ny, diag_list *dl);

/* Is `path` (relative to the current folder or absolute; links resolved)
 * one of the files qtown keeps in this workspace: its settings, plan,
 * unit files, git's files, a dot-file of qtown's (locks, temporary
 * files)?  Such a file is never the output of a report (-o). */
bool workspace_owns_path(const workspace *ws, const char *path);
/* The workspace's own folders besides the units' (meetings/,
 * assessments/), through ws->tree (fsutil.h): `rel` is a path below the
 * workspace ("meetings/X.yaml").  The folder must be a real folder of the
 * workspace, never a link (it is made when a file is written and it is
 * missing); the file is read or replaced only when it is a regular file,
 * never through a link.  A write is atomic and durable; with !replace a
 * file that exists is left alone and refused. */
fs_result workspace_file_read(const workspace *ws, const char *rel, size_t max, char **buf,
                              size_t *len, diag_list *dl);
bool workspace_file_write(const workspace *ws, const char *rel, const void *data, size_t len,
                          bool replace, diag_list *dl);
bool workspace_file_exists(const workspace *ws, const char *rel);
/* Makes one of those folders when missing; false with a message when
 * something else is there (a link, a file). */
bool workspace_folder_make(const workspace *ws, const char *folder, diag_list *dl);
/* The names in one of those folders that `want` accepts, sorted (caller
 * frees each and the array); none when the folder is missing. */
char **workspace_folder_list(const workspace *ws, const char *folder,
                             bool (*want)(const char *name), size_t *count, diag_list *dl);

/* The file name of a unit file, or NULL if `name` is not one. */
bool workspace_is_unit_file_name(const char *name, char **id);
/* The unit a path names (villages/ID.yaml, enterprises/ID.yaml, town.yaml,
 * relative or under any folder): its kind and id (caller frees).  False
 * when the path is not a unit file's (archive/villages/ID.yaml is not:
 * a removed unit). */
bool workspace_unit_of_path(const char *path, unit_kind *kind, char **id);
/* The same question, when the kind and id are not needed. */
bool workspace_is_unit_path(const char *path);

#endif
