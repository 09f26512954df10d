/* qtown visit UNIT [--date DATE] [--by NAME]... [--check ID]... [--note TEXT]
 *
 * Records an inspection visit (model/visit.h): the day (default today;
 * YYYY-MM-DD or -N days), who went (every --by; the first signs the
 * record; none: the one who signs changes here), the checks looked at
 * and what was found.  Prints the new record's id. */
#include "cli/common.h"

#include "model/visit.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct visit_args {
    const char *date, *note;
    const char **people, **checks; /* NULL-terminated */
} visit_args;

static size_t count(const char **list)
{
    size_t n = 0;
    while (list && list[n])
        n++;
    return n;
}

static int record(cli_ctx *ctx, workspace *ws, const char *key, const visit_args *a)
{
    diag_list dl = DIAG_LIST_INIT;
    int64_t today;
    if (!cli_today(&today))
        return EXIT_DATA;
    char date[DATE_SIZE];
    date_format(today, date);
    if (!cli_date_option(ctx, "--date", a->date, today, date))
        return EXIT_USAGE;
    size_t n_checks = count(a->checks);
    const plan_check **checks = xcalloc(n_checks + 1, sizeof *checks);
    for (size_t i = 0; i < n_checks; i++)
        if (!(checks[i] = plan_find_check(&ws->plan, a->checks[i]))) {
            free(checks);
            return cli_unknown_check(ctx, &ws->plan, a->checks[i]);
        }
    identity who; /* the first visitor, else who signs here */
    if (!cli_signer(ws, a->people ? a->people[0] : NULL, &who)) {
        free(checks);
        return EXIT_DATA;
    }
    const char *signer = who.name;
    visit_new vn = {
        .date = date,
        .people = a->people ? a->people : &signer,
        .n_people = a->people ? count(a->people) : 1,
        .checks = checks,
        .n_checks = n_checks,
        .note = a->note,
    };
    int rc = EXIT_DONE;
    ws_unit *wu = cli_find_unit(ctx, ws, key, &rc);
    char *id = NULL;
    if (wu && !visit_new_valid(wu, &vn, today, &dl))
        rc = cli_usage_error(ctx, "%s", dl.items[0].msg);
    else if (wu && !visit_record(ws, wu, &vn, today, signer, &id, &dl))
        rc = cli_fail(&dl);
    else if (wu)
        printf("%s\n", id);
    diag_clear(&dl);
    identity_free(&who);
    free(id);
    free(checks);
    return rc;
}

int cmd_visit(cli_ctx *ctx, int argc, char **argv)
{
    visit_args a = {0};
    const cli_option opts[] = {
        {"date", 0, &a.date, NULL, NULL},
        {"by", 0, NULL, NULL, &a.people},
        {"check", 0, NULL, NULL, &a.checks},
        {"note", 0, &a.note, NULL, NULL},
        {0},
    };
    char *pos[1];
    int rc = EXIT_USAGE;
    if (cli_parse_exact(ctx, argc, argv, opts, pos, 1) != EXIT_DONE)
        goto out;
    for (size_t i = 0; i < count(a.people); i++)
        if (!cli_check_by(ctx, a.people[i]))
            goto out;
    workspace ws;
    rc = cli_open_workspace(ctx, &ws);
    if (rc == EXIT_DONE) {
        rc = record(ctx, &ws, pos[0], &a);
        workspace_close(&ws);
    }
out:
    free(a.people);
    free(a.checks);
    return rc;
}
