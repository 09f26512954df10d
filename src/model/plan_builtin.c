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

const char *const *plan_builtin_ids(void)
{
    static const char *ids[16];
    static bool done;
    if (!done) {
        size_t n = 0;
        for (size_t i = 0; i < builtin_file_count && n + 1 < 16; i++) {
            const char *p = builtin_files[i].path;
            if (strncmp(p, PLAN_PREFIX, strlen(PLAN_PREFIX)) == 0)
                ids[n++] = xstrndup(p + strlen(PLAN_PREFIX), strlen(p) - strlen(PLAN_PREFIX) - 5);
        }
        done = true;
    }
    return ids;
}

bool plan_load_builtin(plan *p, const char *id, diag_list *dl)
{
    size_t len;
    const char *text = plan_builtin_text(id, &len);
    if (!text)
        return false;
    char *name = xasprintf("(built-in)/" PLAN_PREFIX "%s.yaml", id);
    bool ok = plan_parse(p, name, text, len, dl);
    free(name);
    return ok;
}
