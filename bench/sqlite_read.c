/* sqlite_read — the reference of bench/scale.sh: what reading a district's
 * check states costs when they are kept in SQLite instead of YAML files.
 * Reads every unit (id, kind, name) and every check state (unit, check,
 * status, value) of the database named on the command line, and sums what
 * `qtown list` shows (per unit: checks carried, done, failed), so that the
 * rows are used, not only stepped over.
 *
 *   sqlite_read DB      (the database bench/scale.sh builds) */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static int fail(sqlite3 *db, const char *what)
{
    fprintf(stderr, "sqlite_read: %s: %s\n", what, sqlite3_errmsg(db));
    sqlite3_close(db);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: sqlite_read DB\n");
        return 2;
    }
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return fail(db, argv[1]);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT id, kind, name FROM units", -1, &st, NULL) != SQLITE_OK)
        return fail(db, "units");
    long units = 0, name_bytes = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        name_bytes += sqlite3_column_bytes(st, 2);
        units++;
    }
    sqlite3_finalize(st);
    /* the rows come in the order they were inserted: a unit's together */
    if (sqlite3_prepare_v2(db, "SELECT unit, check_id, status, value FROM states", -1, &st, NULL) !=
        SQLITE_OK)
        return fail(db, "states");
    long rows = 0, done = 0, failed = 0, groups = 0;
    char last[128] = "";
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *unit = (const char *)sqlite3_column_text(st, 0);
        const char *status = (const char *)sqlite3_column_text(st, 2);
        if (unit && strcmp(unit, last) != 0) {
            snprintf(last, sizeof last, "%s", unit);
            groups++;
        }
        done += status && strcmp(status, "done") == 0;
        failed += status && strcmp(status, "failed") == 0;
        rows++;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    printf("%ld units (%ld bytes of names), %ld states of %ld units: %ld done, %ld failed\n", units,
           name_bytes, rows, groups, done, failed);
    return 0;
}
