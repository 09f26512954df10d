/* qtown meetings — the work meetings on record, oldest first: the date,
 * who attended, each decision with the units and checks it names, who
 * recorded it and when; then how many were held in the workspace's year
 * (the value of the plan's counted check, M1.work-meetings). */
#include "cli/common.h"

#include "model/meeting.h"
#include "model/timestamp.h"
#include "report/format.h"

#include <stdio.h>

static void print_meeting(const meeting *m, strbuf *sb)
{
    lang l = i18n_lang();
    fmt_date(sb, m->date, l);
    sb_printf(sb, "  (%s/%s)\n", MEETINGS_DIR, m->file);
    if (m->n_attendees) {
        sb_printf(sb, "  %s%s", tr(M_MEETING_ATTENDEES), tr(M_TUI_COLON));
        for (size_t i = 0; i < m->n_attendees; i++)
            sb_printf(sb, "%s%s", i ? tr(M_LIST_SEP) : "", m->attendees[i]);
        sb_putc(sb, '\n');
    }
    for (size_t i = 0; i < m->n_decisions; i++) {
        const meeting_decision *d = &m->decisions[i];
        sb_printf(sb, "  %s %zu%s%s\n", tr(M_MEETING_DECISIONS), i + 1, tr(M_TUI_COLON), d->text);
        if (!d->n_units && !d->n_checks)
            continue;
        sb_printf(sb, "    %s%s", tr(M_MEETING_NAMES), tr(M_TUI_COLON));
        for (size_t u = 0; u < d->n_units; u++)
            sb_printf(sb, "%s%s", u ? " " : "", d->units[u]);
        for (size_t c = 0; c < d->n_checks; c++)
            sb_printf(sb, "%s%s", c || d->n_units ? " " : "", d->checks[c]);
        sb_putc(sb, '\n');
    }
    if (m->recorded) {
        strbuf when = STRBUF_INIT;
        fmt_when(&when, m->recorded, l);
        sb_puts(sb, "  ");
        sb_printf(sb, tr(M_MEETING_RECORDED_BY), sb_str(&when), m->by ? m->by : "?");
        sb_putc(sb, '\n');
        sb_free(&when);
    }
}

int cmd_meetings(cli_ctx *ctx, int argc, char **argv)
{
    char *pos[1];
    int n;
    workspace ws;
    int rc = cli_parse_and_open(ctx, argc, argv, NULL, pos, 0, &n, &ws);
    if (rc != EXIT_DONE)
        return rc;
    diag_list dl = DIAG_LIST_INIT;
    meeting_list ml;
    bool complete = meetings_load(&ws, &ml, &dl);
    strbuf sb = STRBUF_INIT;
    if (!ml.n)
        sb_printf(&sb, "%s\n", tr(M_MEETINGS_NONE));
    for (size_t i = 0; i < ml.n; i++) {
        if (i)
            sb_putc(&sb, '\n');
        print_meeting(&ml.items[i], &sb);
    }
    int year = ws.cfg.year ? ws.cfg.year : ws.plan.doc.year;
    if (ml.n) {
        sb_putc(&sb, '\n');
        sb_printf(&sb, tr(M_MEETINGS_COUNT), meetings_count(&ws, year), year);
        sb_putc(&sb, '\n');
    }
    cli_out(sb_str(&sb));
    sb_free(&sb);
    meeting_list_free(&ml);
    workspace_close(&ws);
    return complete ? EXIT_DONE : cli_fail(&dl);
}
