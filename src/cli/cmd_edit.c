/* qtown edit UNIT [--name NAME] [--attr KEY=VALUE]... [--unset KEY]... [--by NAME] */
#include "cli/common.h"

#include "model/store.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --attr KEY=VALUE and --unset KEY as attribute changes, in that order;
 * false after a usage error (a key named twice is one). */
static bool parse_changes(const cli_ctx *ctx, const char **sets, const char **unsets,
                          attr_change **out, size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (size_t i = 0; sets && sets[i]; i++) {
        const char *eq = strchr(sets[i], '=');
        if (!eq || eq == sets[i]) {
            cli_usage_error(ctx, TR(M_EDIT_ATTR_FORM), sets[i]);
            return false;
        }
        *out = xgrow(*out, &cap, *n + 1, sizeof **out);
        (*out)[(*n)++] = (attr_change){xstrndup(sets[i], (size_t)(eq - sets[i])), eq + 1};
    }
    for (size_t i = 0; unsets && unsets[i]; i++) {
        *out = xgrow(*out, &cap, *n + 1, sizeof **out);
        (*out)[(*n)++] = (attr_change){xstrdup(unsets[i]), NULL};
    }
    for (size_t i = 0; i < *n; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp((*out)[i].key, (*out)[j].key) == 0) {
                cli_usage_error(ctx, TR(M_EDIT_KEY_TWICE), (*out)[i].key);
                return false;
            }
    return true;
}

static void free_changes(attr_change *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free((char *)c[i].key);
    free(c);
}

/* Applies the edit to the unit; bad values and names are the command's
 * fault (exit 2), a file that does not load or cannot be written the
 * data's (exit 1). */
static int edit_unit(cli_ctx *ctx, workspace *ws, const char *key, const unit_edit *e,
                     const char *by)
{
    int rc = EXIT_DONE;
    ws_unit *wu = cli_find_unit(ctx, ws, key, &rc);
    if (!wu)
        return rc;
    diag_list dl = DIAG_LIST_INIT;
    store_result res;
    name_verdict name_check;
    if (!store_edit_unit_valid(ws, wu, e, &name_check, &dl)) {
        /* a file that may hold the name and does not load is the data's */
        rc = name_check == NAME_UNREADABLE ? cli_fail(&dl)
                                           : cli_usage_error(ctx, "%s", dl.items[0].msg);
    } else if (!store_edit_unit(ws, wu, e, by, &res, &dl)) {
        rc = cli_fail(&dl);
    } else {
        char line[1024];
        if (res.changed)
            snprintf(line, sizeof line, tr(M_EDITED), wu->u->name, wu->id, res.changed);
        else
            snprintf(line, sizeof line, tr(M_EDIT_NOTHING), wu->u->name, wu->id);
        cli_out(line);
        cli_out("\n");
    }
    diag_clear(&dl);
    return rc;
}

int cmd_edit(cli_ctx *ctx, int argc, char **argv)
{
    const char *name = NULL, *by = NULL;
    const char **sets = NULL, **unsets = NULL;
    const cli_option opts[] = {
        {"name", 0, &name, NULL, NULL},
        {"attr", 0, NULL, NULL, &sets},
        {"unset", 0, NULL, NULL, &unsets},
        {"by", 0, &by, NULL, NULL},
        {0},
    };
    char *pos[1];
    int n, rc = EXIT_USAGE;
    attr_change *changes = NULL;
    size_t n_changes = 0;
    if (!cli_parse(ctx, argc, argv, opts, pos, 1, &n)) {
        /* printed */
    } else if (n != 1) {
        cli_usage_error(ctx, "%s", tr(M_EDIT_USAGE));
    } else if (!name && !sets && !unsets) {
        cli_usage_error(ctx, "%s", tr(M_EDIT_NOTHING_ASKED));
    } else if (cli_check_by(ctx, by) && parse_changes(ctx, sets, unsets, &changes, &n_changes)) {
        workspace ws;
        identity who;
        rc = cli_open_workspace(ctx, &ws);
        if (rc == EXIT_DONE && !cli_signer(&ws, by, &who)) {
            rc = EXIT_DATA;
            workspace_close(&ws);
        } else if (rc == EXIT_DONE) {
            unit_edit e = {name, changes, n_changes};
            rc = edit_unit(ctx, &ws, pos[0], &e, who.name);
            identity_free(&who);
            workspace_close(&ws);
        }
    }
    free_changes(changes, n_changes);
    free(sets);
    free(unsets);
    return rc;
}
