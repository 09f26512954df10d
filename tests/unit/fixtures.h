/* fixtures — the test plan (tests/data/mini-plan.yaml) and helpers to
 * parse units with it. */
#ifndef QTOWN_TEST_FIXTURES_H
#define QTOWN_TEST_FIXTURES_H

#include "model/plan.h"
#include "model/unit.h"
#include "util/text.h"

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

#endif
