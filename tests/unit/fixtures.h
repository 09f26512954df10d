/* fixtures — the test plan (tests/data/mini-plan.yaml) and helpers to
 * parse units with it. */
#ifndef QTOWN_TEST_FIXTURES_H
#define QTOWN_TEST_FIXTURES_H

#include "model/plan.h"
#include "model/timestamp.h"
#include "model/unit.h"
#include "model/workspace.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>

static inline const char *test_data_dir(void)
{
    const char *d = getenv("QTOWN_TEST_DATA");
    return d ? d : "tests/data";
}

static inline void load_mini_plan(plan *p)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/mini-plan.yaml", test_data_dir());
    diag_list dl = DIAG_LIST_INIT;
    if (!plan_load_file(p, path, &dl)) {
        diag_print(&dl, stderr);
        fail_msg("cannot load %s", path);
    }
    diag_clear(&dl);
}

static inline unit *parse_unit(const plan *p, const char *text, const char *id, unit_kind kind,
                               diag_list *dl)
{
    return unit_parse(p, "u.yaml", text, strlen(text), id, kind, dl);
}

/* A day (days since 1970) from YYYY-MM-DD, which must be one. */
static inline int64_t test_day(const char *s)
{
    int64_t d;
    if (!date_parse(s, &d))
        fail_msg("not a date: %s", s);
    return d;
}

/* The unit ID of that kind from the rest of its file (after id and kind),
 * which must load: its problems are printed and the test fails. */
static inline unit *unit_of(const plan *p, unit_kind kind, const char *id, const char *body)
{
    char *text = xasprintf("id: %s\nkind: %s\n%s", id, unit_kind_name(kind), body);
    diag_list dl = DIAG_LIST_INIT;
    unit *u = parse_unit(p, text, id, kind, &dl);
    diag_print(&dl, stderr);
    diag_clear(&dl);
    free(text);
    if (!u)
        fail_msg("unit %s does not load", id);
    return u;
}

/* A workspace of the mini plan in a new temporary folder, opened; the
 * folder in *root (remove_test_workspace frees both). */
static inline void make_test_workspace(char **root, workspace *ws)
{
    char tmpl[] = "/tmp/qtown-test-ws-XXXXXX";
    *root = xstrdup(mkdtemp(tmpl));
    char *plan_path = xasprintf("%s/mini-plan.yaml", test_data_dir());
    diag_list dl = DIAG_LIST_INIT;
    if (!workspace_create(*root, plan_path, false, &dl) || !workspace_open(ws, *root, &dl)) {
        diag_print(&dl, stderr);
        fail_msg("cannot make a workspace in %s", *root);
    }
    free(plan_path);
}

/* A unit of a test workspace, found (and loaded) by its id. */
static inline ws_unit *find_test_unit(workspace *ws, const char *id)
{
    bool missing;
    diag_list dl = DIAG_LIST_INIT;
    ws_unit *wu = workspace_find_unit(ws, id, &missing, &dl);
    if (!wu) {
        diag_print(&dl, stderr);
        fail_msg("no unit %s", id);
    }
    return wu;
}

static inline void remove_test_workspace(char *root, workspace *ws)
{
    workspace_close(ws);
    char *cmd = xasprintf("rm -rf '%s'", root);
    if (system(cmd) != 0)
        fail_msg("cannot remove %s", root);
    free(cmd);
    free(root);
}

#endif
