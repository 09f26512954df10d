/* qtown sync [--by NAME] — commit what changed here, fetch, merge, push
 * (sync.h), then say what went out and what came in. */
#include "cli/common.h"

#include "sync/summary.h"
#include "sync/sync.h"
#include "util/text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SUMMARY_LINES 100
#define PROGRESS_MS   200 /* a terminal's progress line is redrawn at most this often */

/* The progress line on a terminal's standard error, rewritten in place. */
typedef struct progress_line {
    int width; /* columns of the line shown; 0: none */
    int64_t last_ms;
} progress_line;

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void show_progress(void *ctx, const sync_progress *p)
{
    progress_line *pl = ctx;
    int64_t now = monotonic_ms();
    if (pl->width && now - pl->last_ms < PROGRESS_MS && p->done != p->total)
        return;
    pl->last_ms = now;
    strbuf line = STRBUF_INIT;
    summary_progress(p, i18n_lang(), &line);
    int w = text_width(sb_str(&line));
    fprintf(stderr, "\r%s%*s", sb_str(&line), pl->width > w ? pl->width - w : 0, "");
    fflush(stderr);
    pl->width = w;
    sb_free(&line);
}

static void clear_progress(progress_line *pl)
{
    if (pl->width)
        fprintf(stderr, "\r%*s\r", pl->width, "");
    pl->width = 0;
}

/* "HEADER: 3 changes in 2 units" then the lines. */
static void say_changes(msg_id header, const char *remote, const char *branch,
                        const sync_changes *sc)
{
    strbuf count = STRBUF_INIT, out = STRBUF_INIT;
    summary_count(sc, i18n_lang(), &count);
    if (remote)
        sb_printf(&out, tr(header), remote, branch, sb_str(&count));
    else
        sb_printf(&out, tr(header), sb_str(&count));
    sb_putc(&out, '\n');
    summary_lines(sc, i18n_lang(), SUMMARY_LINES, &out);
    cli_out(sb_str(&out));
    sb_free(&out);
    sb_free(&count);
}

static void say_line(const char *fmt, const char *a, const char *b)
{
    char line[4096];
    snprintf(line, sizeof line, fmt, a, b);
    cli_out(line);
    cli_out("\n");
}

static void say_result(const sync_result *r)
{
    if (!r->remote) {
        if (r->sent.n)
            say_changes(M_SYNC_LOCAL_ONLY, NULL, NULL, &r->sent);
        else
            cli_out(tr(M_SYNC_NOTHING)), cli_out("\n");
        cli_out(tr(M_SYNC_NO_REMOTE));
        cli_out("\n");
        return;
    }
    if (r->pushed && r->sent.n)
        say_changes(M_SYNC_SENT, r->remote, r->branch, &r->sent);
    else if (!r->pushed && r->sent.n)
        say_changes(M_SYNC_PENDING, NULL, NULL, &r->sent);
    if (r->received.n)
        say_changes(M_SYNC_RECEIVED, r->remote, r->branch, &r->received);
    if (r->offline)
        say_line(tr(M_SYNC_OFFLINE), r->remote, r->offline_reason ? r->offline_reason : "");
    else if (!r->sent.n && !r->received.n)
        say_line(tr(M_SYNC_UP_TO_DATE), r->remote, r->branch);
}

int cmd_sync(cli_ctx *ctx, int argc, char **argv)
{
    const char *by = NULL;
    const cli_option opts[] = {
        {"by", 0, &by, NULL, NULL},
        {0},
    };
    char *pos[1];
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, 0, &n))
        return EXIT_USAGE;
    if (!cli_check_by(ctx, by))
        return EXIT_USAGE;
    workspace ws;
    int rc = cli_open_workspace(ctx, &ws);
    if (rc != EXIT_DONE)
        return rc;
    diag_list dl = DIAG_LIST_INIT;
    sync_result res = {0};
    identity who = {0};
    if (!cli_signer(&ws, by, &who)) {
        workspace_close(&ws);
        return EXIT_DATA;
    }
    progress_line pl = {0};
    sync_opts o = {.by = who.name};
    if (isatty(STDERR_FILENO)) {
        o.progress = show_progress;
        o.ctx = &pl;
    }
    bool ok = sync_run(&ws, &o, &res, &dl);
    clear_progress(&pl);
    if (!ok) {
        rc = cli_fail(&dl);
    } else {
        say_result(&res);
        if (res.problems.count) {
            cli_err_line(tr(M_SYNC_PROBLEMS));
            rc = cli_fail(&res.problems);
        }
    }
    sync_result_free(&res);
    identity_free(&who);
    workspace_close(&ws);
    return rc;
}
