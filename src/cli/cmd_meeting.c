/* qtown meeting add --date DATE [--attendee NAME]... [--decision TEXT]... [--by NAME]
 *
 * Records a work meeting (工作例会) in a new file of meetings/ (meeting.h):
 * the date (YYYY-MM-DD, or -N days; not after today), who attended, what
 * was decided — each decision names the units and checks its text
 * mentions (their ids, or a unit's name) — who recorded it and when, and
 * the town's figures as they are now, from which the overview later says
 * what changed since. */
#include "cli/common.h"

#include "model/meeting.h"
#include "model/timestamp.h"
#include "report/overview.h"
#include "util/clock.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t count_list(const char **list)
{
    size_t n = 0;
    while (list && list[n])
        n++;
    return n;
}

/* Every attendee one line of UTF-8 (as a name in a unit file), every
 * decision some UTF-8 text; not too many of either.  False after a
 * usage error. */
static bool check_lists(cli_ctx *ctx, const char **attendees, const char **decisions)
{
    size_t na = count_list(attendees), nd = count_list(decisions);
    if (na > MEETING_MAX_ITEMS || nd > MEETING_MAX_ITEMS) {
        cli_usage_error(ctx, TR(M_MEETING_TOO_MANY),
                        na > MEETING_MAX_ITEMS ? "--attendee" : "--decision", MEETING_MAX_ITEMS);
        return false;
    }
    for (size_t i = 0; i < na; i++)
        if (!cli_check_name(ctx, "--attendee", attendees[i]))
            return false;
    for (size_t i = 0; i < nd; i++) {
        size_t n = strlen(decisions[i]);
        const char *p = decisions[i] + strspn(decisions[i], " \t\n");
        if (!*p || n > UNIT_MAX_NOTE || !utf8_valid(decisions[i], n, NULL)) {
            cli_usage_error(ctx, TR(M_MEETING_BAD_DECISION), UNIT_MAX_NOTE);
            return false;
        }
    }
    return true;
}

static void fill(const workspace *ws, meeting *m, const char **attendees, const char **decisions)
{
    m->n_attendees = count_list(attendees);
    m->attendees = arena_array(m->mem, m->n_attendees + 1, sizeof *m->attendees);
    for (size_t i = 0; i < m->n_attendees; i++)
        m->attendees[i] = arena_strdup(m->mem, attendees[i]);
    m->n_decisions = count_list(decisions);
    m->decisions = arena_array(m->mem, m->n_decisions + 1, sizeof *m->decisions);
    for (size_t i = 0; i < m->n_decisions; i++) {
        m->decisions[i].text = arena_strdup(m->mem, decisions[i]);
        meeting_decision_find(ws, m->mem, &m->decisions[i]);
    }
}

static void say_recorded(const meeting *m)
{
    strbuf sb = STRBUF_INIT;
    char day[DATE_SIZE];
    date_format(m->date, day);
    sb_printf(&sb, tr(M_MEETING_RECORDED), day, MEETINGS_DIR, m->file, m->n_decisions);
    sb_putc(&sb, '\n');
    for (size_t i = 0; i < m->n_decisions; i++) {
        const meeting_decision *d = &m->decisions[i];
        if (!d->n_units && !d->n_checks)
            continue;
        sb_printf(&sb, "  %zu. ", i + 1);
        for (size_t u = 0; u < d->n_units; u++)
            sb_printf(&sb, "%s%s", u ? " " : "", d->units[u]);
        for (size_t c = 0; c < d->n_checks; c++)
            sb_printf(&sb, "%s%s", c || d->n_units ? " " : "", d->checks[c]);
        sb_putc(&sb, '\n');
    }
    cli_out(sb_str(&sb));
    sb_free(&sb);
}

static int meeting_add_cmd(cli_ctx *ctx, int argc, char **argv)
{
    const char *date = NULL, *by = NULL;
    const char **attendees = NULL, **decisions = NULL;
    const cli_option opts[] = {
        {"date", 0, &date, NULL, NULL},
        {"attendee", 0, NULL, NULL, &attendees},
        {"decision", 0, NULL, NULL, &decisions},
        {"by", 0, &by, NULL, NULL},
        {0},
    };
    char *pos[1];
    int n, rc = EXIT_USAGE;
    int64_t today, day;
    if (!cli_parse(ctx, argc, argv, opts, pos, 1, &n))
        goto done;
    if (n != 1 || strcmp(pos[0], "add") != 0) {
        rc = cli_usage_error(ctx, "%s", tr(M_MEETING_USAGE));
        goto done;
    }
    if (!date) {
        rc = cli_usage_error(ctx, "%s", tr(M_MEETING_NEEDS_DATE));
        goto done;
    }
    if (!cli_today(&today)) {
        rc = EXIT_DATA;
        goto done;
    }
    if (!date_parse_input(date, today, &day)) {
        rc = cli_usage_error(ctx, TR(M_MEETING_BAD_DATE_ARG), date);
        goto done;
    }
    if (day > today) {
        rc = cli_usage_error(ctx, TR(M_MEETING_FUTURE), date);
        goto done;
    }
    if (!cli_check_by(ctx, by) || !check_lists(ctx, attendees, decisions))
        goto done;
    workspace ws;
    if ((rc = cli_open_workspace(ctx, &ws)) != EXIT_DONE)
        goto done;
    identity who;
    if (!cli_signer(&ws, by, &who)) {
        rc = EXIT_DATA;
        workspace_close(&ws);
        goto done;
    }
    diag_list dl = DIAG_LIST_INIT;
    workspace_load_units(&ws, &dl); /* names for the decisions; broken units are left out */
    diag_clear(&dl);
    meeting m;
    meeting_init(&m, day);
    fill(&ws, &m, attendees, decisions);
    char now[CLOCK_ISO_SIZE];
    clock_now_iso(now);
    m.recorded = arena_strdup(m.mem, now);
    m.by = arena_strdup(m.mem, who.name);
    identity_free(&who);
    overview ov;
    overview_build(&ov, &ws);
    overview_figures(&ov, m.mem, &m.figures);
    overview_free(&ov);
    if (meeting_add(&ws, &m, &dl)) {
        say_recorded(&m);
        rc = EXIT_DONE;
    } else {
        rc = cli_fail(&dl);
    }
    meeting_free(&m);
    workspace_close(&ws);
done:
    free(attendees);
    free(decisions);
    return rc;
}

int cmd_meeting(cli_ctx *ctx, int argc, char **argv)
{
    return meeting_add_cmd(ctx, argc, argv);
}
