#include "cli/cli.h"

#include "cli/common.h"
#include "report/report.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef QTOWN_VERSION
#define QTOWN_VERSION "unknown"
#endif

static const struct command {
    const char *name; /* "" for qtown without a command: the screens */
    cli_command_fn run;
    const char *synopsis;
    msg_id description;
} commands[] = {
#define CMD(name, function, synopsis, description) {name, function, synopsis, description},
#include "cli/commands.def"
#undef CMD
};

/* Where the usage's descriptions begin; a longer command line puts its
 * description on the next line. */
#define USAGE_DESCRIPTION_COLUMN 40

/* "qtown NAME SYNOPSIS   description" after `lead` (the line's start). */
static void usage_command(strbuf *sb, const char *lead, const struct command *c)
{
    size_t start = sb->len;
    sb_printf(sb, "%sqtown", lead);
    if (*c->name)
        sb_printf(sb, " %s", c->name);
    if (*c->synopsis)
        sb_printf(sb, " %s", c->synopsis);
    int width = text_width(sb_str(sb) + start);
    if (width + 2 > USAGE_DESCRIPTION_COLUMN) {
        sb_putc(sb, '\n');
        width = 0;
    }
    sb_printf(sb, "%*s%s\n", USAGE_DESCRIPTION_COLUMN - width, "", tr(c->description));
}

static void print_usage(FILE *out)
{
    strbuf sb = STRBUF_INIT, statuses = STRBUF_INIT, formats = STRBUF_INIT;
    char *usage = xasprintf("%s ", tr(M_USAGE));
    char *indent = xasprintf("%*s", text_width(usage), "");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        usage_command(&sb, i == 0 ? usage : indent, &commands[i]);
    sb_printf(&sb, "%sqtown --help | --version\n\n", indent);
    free(indent);
    free(usage);
    tr_status_choices(&statuses, false);
    report_format_choices(&formats);
    sb_printf(&sb, tr(M_USAGE_ARGUMENTS), sb_str(&statuses), sb_str(&formats));
    sb_printf(&sb, "\n%s\n%s\n%s\n", tr(M_USAGE_WHO), tr(M_USAGE_WORKSPACE), tr(M_USAGE_EXIT));
    fputs(sb_str(&sb), out);
    sb_free(&formats);
    sb_free(&statuses);
    sb_free(&sb);
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

int cli_usage_synopsis(const cli_ctx *ctx)
{
    const struct command *c = find_command(ctx && ctx->command ? ctx->command : "");
    return cli_usage_error(ctx, "%s qtown%s%s %s", tr(M_USAGE), *c->name ? " " : "", c->name,
                           c->synopsis);
}

/* Output a command could not write (a full disk, a closed pipe) is a
 * failure of the command, whatever it was. */
static int finish_output(int rc)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return rc;
    fprintf(stderr, "qtown: ");
    fprintf(stderr, TR(M_CLI_CANNOT_WRITE_STDOUT), strerror(errno));
    fprintf(stderr, "\n");
    return rc == EXIT_DONE ? EXIT_DATA : rc;
}

/* The first argument that is not a global option (or its value). */
static int command_index(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-w") == 0 || strcmp(a, "--workspace") == 0 || strcmp(a, "--lang") == 0) {
            i++;
            continue;
        }
        if (a[0] == '-')
            continue;
        return i;
    }
    return -1;
}

/* --lang is heard before the command is known, so that --help and an
 * unknown command speak it (a wrong value is the command's usage error). */
static void early_lang(const char *value)
{
    lang l;
    if (lang_parse(value, &l))
        i18n_set_lang(l);
}

int cli_run(int argc, char **argv)
{
    text_init_locale();
    i18n_set_lang(lang_from_environment());
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            early_lang(argv[++i]);
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            early_lang(argv[i] + 7);
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            print_usage(stdout);
            return EXIT_DONE;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("qtown %s\n", QTOWN_VERSION);
            return EXIT_DONE;
        }
    }
    cli_ctx ctx = {0};
    int ci = command_index(argc, argv);
    if (ci < 0)
        return find_command("")->run(&ctx, argc - 1, argv + 1);
    const struct command *c = *argv[ci] ? find_command(argv[ci]) : NULL;
    if (!c)
        return cli_usage_error(&ctx, TR(M_CLI_UNKNOWN_COMMAND), argv[ci]);
    ctx.command = c->name;
    /* global options before the command are parsed with the rest */
    char *args[argc];
    int n = 0;
    for (int j = 1; j < argc; j++)
        if (j != ci)
            args[n++] = argv[j];
    return finish_output(c->run(&ctx, n, args));
}
