/* qtown letter UNIT [--format html|markdown] [-o FILE]
 * qtown letter UNIT [--task TEXT]... [--target CHECK>=N]... [--note TEXT] [--by NAME]
 * qtown letter UNIT --signed DATE --signatory NAME... [--by NAME]
 *
 * The unit's target responsibility letter (目标责任书, model/letter.h):
 * printed for signing (A4 HTML or Markdown; Chinese unless --lang says
 * otherwise, as the notice: the paper goes to the unit), its own terms set
 * (tasks beyond the plan's, its own target values), or its signing
 * recorded (the day and who signed), which marks the plan's check
 * (M8.responsibility-letter) done in the same save. */
#include "cli/common.h"

#include "model/letter.h"
#include "model/timestamp.h"
#include "report/letter_doc.h"
#include "util/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct letter_args {
    const char *format, *output, *signed_on, *note, *by;
    const char **tasks, **targets, **signatories;
    char day[DATE_SIZE];
} letter_args;

static size_t count(const char **list)
{
    size_t n = 0;
    while (list && list[n])
        n++;
    return n;
}

static bool changes(const letter_args *a)
{
    return a->tasks || a->targets || a->signed_on || a->signatories || a->note;
}

/* Each option's text as the unit file can hold it; false after a usage
 * error. */
static bool check_args(cli_ctx *ctx, letter_args *a, int64_t today)
{
    for (size_t i = 0; i < count(a->tasks); i++)
        if (!cli_check_name(ctx, "--task", a->tasks[i]))
            return false;
    for (size_t i = 0; i < count(a->signatories); i++)
        if (!cli_check_name(ctx, "--signatory", a->signatories[i]))
            return false;
    if (a->note &&
        (strlen(a->note) > UNIT_MAX_NOTE || !utf8_valid(a->note, strlen(a->note), NULL))) {
        cli_usage_error(ctx, TR(M_CLI_BAD_TEXT), "--note", UNIT_MAX_NOTE);
        return false;
    }
    if (!a->signed_on != !a->signatories) {
        cli_usage_error(ctx, "%s", tr(M_LETTER_SIGN_BOTH));
        return false;
    }
    int64_t day;
    if (a->signed_on && !date_parse_input(a->signed_on, today, &day)) {
        cli_usage_error(ctx, TR(M_LETTER_BAD_DATE), a->signed_on);
        return false;
    }
    if (a->signed_on && day > today) {
        cli_usage_error(ctx, TR(M_LETTER_SIGNED_FUTURE), a->signed_on);
        return false;
    }
    if (a->signed_on)
        date_format(day, a->day);
    return cli_check_by(ctx, a->by);
}

static int change_letter(cli_ctx *ctx, workspace *ws, ws_unit *wu, letter_args *a)
{
    letter_edit e = {.tasks = a->tasks,
                     .n_tasks = count(a->tasks),
                     .targets = a->targets,
                     .n_targets = count(a->targets),
                     .signed_on = a->signed_on ? a->day : NULL,
                     .signatories = a->signatories,
                     .n_signatories = count(a->signatories),
                     .note = a->note};
    diag_list dl = DIAG_LIST_INIT;
    if (!letter_edit_valid(&ws->plan, wu, &e, &dl)) {
        cli_usage_error(ctx, "%s", dl.items[0].msg); /* the option's fault: no file */
        diag_clear(&dl);
        return EXIT_USAGE;
    }
    identity who;
    if (!cli_signer(ws, a->by, &who))
        return EXIT_DATA;
    store_result res;
    bool changed = letter_change(ws, wu, &e, who.name, &res, &dl);
    identity_free(&who);
    if (!changed)
        return cli_fail(&dl);
    char line[1024];
    if (a->signed_on)
        snprintf(line, sizeof line, tr(M_LETTER_SAVED_SIGNED), wu->id, a->day);
    else
        snprintf(line, sizeof line, tr(M_LETTER_SAVED_TERMS), wu->id);
    cli_out(line);
    cli_out("\n");
    return EXIT_DONE;
}

static int print_letter(cli_ctx *ctx, workspace *ws, ws_unit *wu, letter_args *a, int64_t today)
{
    doc_format f;
    if (!doc_format_parse(a->format, &f))
        return cli_usage_error(ctx, TR(M_CLI_FORMAT_HTML_MARKDOWN), a->format);
    strbuf out = STRBUF_INIT;
    int rc = EXIT_DONE;
    if (!letter_write(f, ws, wu->u, today, &out)) {
        rc = cli_usage_error(ctx, TR(M_LETTER_NO_TEMPLATE), ws->plan.id, tr_kind(wu->kind));
    } else {
        diag_list dl = DIAG_LIST_INIT;
        rc = cli_emit(a->output, &out, &dl) ? EXIT_DONE : cli_fail(&dl);
    }
    sb_free(&out);
    return rc;
}

int cmd_letter(cli_ctx *ctx, int argc, char **argv)
{
    letter_args a = {.format = NULL};
    const cli_option opts[] = {
        {"format", 0, &a.format, NULL, NULL},
        {"output", 'o', &a.output, NULL, NULL},
        {"task", 0, NULL, NULL, &a.tasks},
        {"target", 0, NULL, NULL, &a.targets},
        {"signed", 0, &a.signed_on, NULL, NULL},
        {"signatory", 0, NULL, NULL, &a.signatories},
        {"note", 0, &a.note, NULL, NULL},
        {"by", 0, &a.by, NULL, NULL},
        {0},
    };
    char *pos[1];
    int n, rc = EXIT_USAGE;
    int64_t today;
    workspace ws;
    if (!cli_parse(ctx, argc, argv, opts, pos, 1, &n))
        goto done;
    if (n != 1) {
        rc = cli_usage_error(ctx, "%s", tr(M_LETTER_USAGE));
        goto done;
    }
    if (changes(&a) && (a.format || a.output)) {
        rc = cli_usage_error(ctx, "%s", tr(M_LETTER_PRINT_OR_CHANGE));
        goto done;
    }
    if (a.output && !*a.output) {
        rc = cli_usage_error(ctx, "%s", tr(M_CLI_OUTPUT_NAME));
        goto done;
    }
    if (!a.format)
        a.format = "html";
    if (!cli_today(&today)) {
        rc = EXIT_DATA;
        goto done;
    }
    if (!check_args(ctx, &a, today))
        goto done;
    if ((rc = cli_open_workspace(ctx, &ws)) != EXIT_DONE)
        goto done;
    if ((rc = cli_check_output(ctx, &ws, a.output)) == EXIT_DONE) {
        if (!ctx->lang && !changes(&a))
            i18n_set_lang(LANG_ZH);
        ws_unit *wu = cli_find_unit(ctx, &ws, pos[0], &rc);
        if (wu)
            rc = changes(&a) ? change_letter(ctx, &ws, wu, &a)
                             : print_letter(ctx, &ws, wu, &a, today);
    }
    workspace_close(&ws);
done:
    free(a.tasks);
    free(a.targets);
    free(a.signatories);
    return rc;
}
