#include "cli/common.h"

#include "model/timestamp.h"
#include "sync/repo.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int cli_usage_error(const cli_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *safe = text_inert(msg, 0);
    fprintf(stderr, "qtown%s%s: %s\n", ctx && ctx->command ? " " : "",
            ctx && ctx->command ? ctx->command : "", safe);
    free(safe);
    fprintf(stderr, "%s\n", tr(M_CLI_TRY_HELP));
    return EXIT_USAGE;
}

static const cli_option *find_option(const cli_option *opts, const char *name, char short_name)
{
    for (const cli_option *o = opts; o && o->name; o++)
        if ((name && strcmp(o->name, name) == 0) || (short_name && o->short_name == short_name))
            return o;
    return NULL;
}

static void append_list(const char ***list, const char *v)
{
    size_t n = 0;
    while (*list && (*list)[n])
        n++;
    *list = xrealloc(*list, (n + 2) * sizeof **list);
    (*list)[n] = v;
    (*list)[n + 1] = NULL;
}

/* Applies one option; `inline_value` is the part after '=' if any. */
static bool take_option(cli_ctx *ctx, const cli_option *o, const char *spelled,
                        const char *inline_value, int argc, char **argv, int *i)
{
    if (o->flag) {
        if (inline_value) {
            cli_usage_error(ctx, TR(M_CLI_OPTION_NO_VALUE), spelled);
            return false;
        }
        *o->flag = true;
        return true;
    }
    const char *v = inline_value;
    if (!v) {
        if (*i + 1 >= argc) {
            cli_usage_error(ctx, TR(M_CLI_OPTION_NEEDS_VALUE), spelled);
            return false;
        }
        v = argv[++*i];
    }
    if (o->list)
        append_list(o->list, v);
    else
        *o->value = v;
    return true;
}

bool cli_parse(cli_ctx *ctx, int argc, char **argv, const cli_option *opts, char **pos, int max_pos,
               int *n_pos)
{
    const cli_option globals[] = {
        {"workspace", 'w', &ctx->workspace_dir, NULL, NULL},
        {"lang", 0, &ctx->lang, NULL, NULL},
        {NULL, 0, NULL, NULL, NULL},
    };
    bool options_done = false;
    *n_pos = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
            if (*n_pos >= max_pos) {
                cli_usage_error(ctx, TR(M_CLI_UNEXPECTED_ARGUMENT), a);
                return false;
            }
            pos[(*n_pos)++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_done = true;
            continue;
        }
        const cli_option *o;
        char name[64] = "";
        const char *inline_value = NULL;
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
            if (len >= sizeof name)
                len = sizeof name - 1;
            memcpy(name, a + 2, len);
            name[len] = '\0';
            inline_value = eq ? eq + 1 : NULL;
            o = find_option(opts, name, 0);
            if (!o)
                o = find_option(globals, name, 0);
        } else {
            if (a[2] != '\0')
                inline_value = a + 2;
            o = find_option(opts, NULL, a[1]);
            if (!o)
                o = find_option(globals, NULL, a[1]);
        }
        if (!o) {
            cli_usage_error(ctx, TR(M_CLI_UNKNOWN_OPTION), a);
            return false;
        }
        if (!take_option(ctx, o, a, inline_value, argc, argv, &i))
            return false;
    }
    if (ctx->lang) {
        lang l;
        if (!lang_parse(ctx->lang, &l)) {
            cli_usage_error(ctx, TR(M_CLI_BAD_LANG), ctx->lang);
            return false;
        }
        i18n_set_lang(l);
    }
    return true;
}

bool cli_set_attr(const cli_ctx *ctx, const workspace *ws, unit *u, const char *key, size_t key_len,
                  const char *value)
{
    char *k = xstrndup(key, key_len);
    diag_list dl = DIAG_LIST_INIT;
    bool ok = unit_set_attr(u, &ws->plan, k, value, &dl);
    if (!ok)
        cli_usage_error(ctx, "%s", dl.items[0].msg);
    diag_clear(&dl);
    free(k);
    return ok;
}

bool cli_check_by(const cli_ctx *ctx, const char *by)
{
    if (!by || unit_name_valid(by))
        return true;
    cli_usage_error(ctx, TR(M_CLI_BAD_BY), UNIT_MAX_NAME);
    return false;
}

bool cli_signer(const workspace *ws, const char *by, identity *out)
{
    diag_list dl = DIAG_LIST_INIT;
    if (identity_resolve(ws, by, repo_user_name, out, &dl))
        return true;
    cli_fail(&dl);
    return false;
}

int cli_unknown_check(const cli_ctx *ctx, const plan *p, const char *typed)
{
    diag_list dl = DIAG_LIST_INIT;
    plan_unknown_check_diag(p, typed, &dl);
    int rc = cli_usage_error(ctx, "%s", dl.items[0].msg);
    diag_clear(&dl);
    return rc;
}

ws_unit *cli_find_unit(const cli_ctx *ctx, workspace *ws, const char *name, int *rc)
{
    diag_list dl = DIAG_LIST_INIT;
    bool missing = false;
    ws_unit *wu = workspace_find_unit(ws, name, &missing, &dl);
    if (!wu && missing) /* the model's message: none, or the ids of several */
        *rc = cli_usage_error(ctx, "%s", dl.count ? dl.items[0].msg : name);
    else if (!wu)
        *rc = cli_fail(&dl);
    diag_clear(&dl);
    return wu;
}

int cli_load_scope(const cli_ctx *ctx, workspace *ws, const char *key, size_t *only, bool *complete,
                   diag_list *dl)
{
    *only = SIZE_MAX;
    *complete = true;
    if (!key) {
        *complete = workspace_load_units(ws, dl);
        return EXIT_DONE;
    }
    int rc = EXIT_DONE;
    ws_unit *wu = cli_find_unit(ctx, ws, key, &rc);
    if (wu)
        *only = (size_t)(wu - ws->units);
    return rc;
}

bool cli_date_option(const cli_ctx *ctx, const char *option, const char *typed, int64_t today,
                     char out[DATE_SIZE])
{
    int64_t day;
    if (!typed)
        return true;
    if (!date_parse_input(typed, today, &day)) {
        cli_usage_error(ctx, TR(M_CLI_BAD_DATE), option, typed);
        return false;
    }
    date_format(day, out);
    return true;
}

bool cli_list_format(const cli_ctx *ctx, const char *typed, bool *csv)
{
    *csv = typed && strcmp(typed, "csv") == 0;
    if (!typed || *csv || strcmp(typed, "text") == 0)
        return true;
    cli_usage_error(ctx, TR(M_CLI_FORMAT_TEXT_CSV), typed);
    return false;
}

bool cli_emit(const char *path, const strbuf *out, diag_list *dl)
{
    if (path)
        return fs_write_output(path, sb_str(out), out->len, dl);
    fwrite(sb_str(out), 1, out->len, stdout); /* errors: cli_run checks */
    return true;
}

int cli_check_output(const cli_ctx *ctx, const workspace *ws, const char *output)
{
    if (output && workspace_owns_path(ws, output))
        return cli_usage_error(ctx, TR(M_REPORT_OWN_FILE), output);
    return EXIT_DONE;
}

bool cli_today(int64_t *today)
{
    diag_list dl = DIAG_LIST_INIT;
    if (date_today(today, &dl))
        return true;
    cli_fail(&dl);
    return false;
}

bool cli_check_name(const cli_ctx *ctx, const char *option, const char *name)
{
    size_t n = strlen(name);
    if (n > 0 && n <= UNIT_MAX_NAME && utf8_valid(name, n, NULL) && !strpbrk(name, "\n\r") &&
        name[strspn(name, " \t")])
        return true;
    cli_usage_error(ctx, TR(M_CLI_BAD_LINE), option, UNIT_MAX_NAME);
    return false;
}

int cli_fail(diag_list *dl)
{
    diag_print(dl, stderr);
    diag_clear(dl);
    return EXIT_DATA;
}

void cli_out(const char *s)
{
    char *safe = text_inert(s, TEXT_KEEP_NEWLINE);
    fputs(safe, stdout);
    free(safe);
}

void cli_err_line(const char *s)
{
    char *safe = text_inert(s, 0);
    fprintf(stderr, "%s\n", safe);
    free(safe);
}

int cli_open_workspace(cli_ctx *ctx, workspace *ws)
{
    diag_list dl = DIAG_LIST_INIT;
    bool is_default;
    char *root = workspace_locate(ctx->workspace_dir, &is_default);
    if (is_default && !fs_exists(root)) {
        if (!fs_mkdirs(root, &dl) || !workspace_create(root, NULL, true, &dl)) {
            free(root);
            return cli_fail(&dl);
        }
        char *line = xasprintf(TR(M_CREATED_DEMO), root);
        char *safe = text_inert(line, 0);
        fprintf(stderr, "qtown: %s\n", safe);
        free(safe);
        free(line);
    }
    bool ok = workspace_open(ws, root, &dl);
    free(root);
    if (!ok)
        return cli_fail(&dl);
    /* a workspace made by git clone gets qtown's merge driver now */
    repo_register_quietly(&ws->tree);
    if (!ctx->lang) {
        lang l;
        i18n_set_lang(lang_parse(ws->cfg.language, &l) ? l : lang_from_environment());
    }
    return EXIT_DONE;
}

int cli_parse_exact(cli_ctx *ctx, int argc, char **argv, const cli_option *opts, char **pos,
                    int count)
{
    int n;
    if (!cli_parse(ctx, argc, argv, opts, pos, count, &n))
        return EXIT_USAGE;
    return n == count ? EXIT_DONE : cli_usage_synopsis(ctx);
}

int cli_open_one_unit(cli_ctx *ctx, int argc, char **argv, workspace *ws, ws_unit **wu)
{
    const cli_option opts[] = {{0}};
    char *pos[1];
    int rc = cli_parse_exact(ctx, argc, argv, opts, pos, 1);
    if (rc == EXIT_DONE)
        rc = cli_open_workspace(ctx, ws);
    if (rc == EXIT_DONE && !(*wu = cli_find_unit(ctx, ws, pos[0], &rc)))
        workspace_close(ws);
    return rc;
}

int cli_parse_and_open(cli_ctx *ctx, int argc, char **argv, const cli_option *opts, char **pos,
                       int max_pos, int *n_pos, workspace *ws)
{
    if (!cli_parse(ctx, argc, argv, opts, pos, max_pos, n_pos))
        return EXIT_USAGE;
    return cli_open_workspace(ctx, ws);
}

/* Makes the new workspace a git repository with qtown's merge driver and a
 * first commit.  git missing is no failure: the workspace works without. */
int cli_make_repository(const char *root)
{
    diag_list dl = DIAG_LIST_INIT;
    git g;
    if (!git_open(&g, root, NULL)) {
        cli_err_line(tr(M_INIT_NO_GIT));
        return EXIT_DONE;
    }
    workspace ws;
    identity who = {0};
    bool ok =
        workspace_open(&ws, root, &dl) && identity_resolve(&ws, NULL, repo_user_name, &who, &dl);
    if (ok)
        ok = repo_init(&g, who.name, &dl);
    if (ws.root)
        workspace_close(&ws);
    identity_free(&who);
    git_close(&g);
    return ok ? EXIT_DONE : cli_fail(&dl);
}
