/* The plans compiled into qtown (data/plans/ID.yaml). */
#include "model/builtin.h"
#include "model/plan.h"

#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define PLAN_PREFIX "plans/"

const char *plan_builtin_text(const char *id, size_t *len)
{
    char *path = xasprintf(PLAN_PREFIX "%s.yaml", id ? id : "");
    const builtin_file *f = builtin_find(path);
    free(path);
    if (!f)
        return NULL;
    *len = f->len;
    return f->data;
}

bool plan_load_builtin(plan *p, const char *id, diag_list *dl)
{
    size_t len;
    const char *text = plan_builtin_text(id, &len);
    if (!text) {
        diag_add(dl, NULL, 0, 0, TR(M_PLAN_NOT_BUILT_IN), id ? id : "");
        return false;
    }
    char *name = xasprintf("(built-in)/" PLAN_PREFIX "%s.yaml", id);
    bool ok = plan_parse(p, name, text, len, dl);
    free(name);
    return ok;
}
