#include "cli/cli.h"

#include "cli/common.h"
#include "util/text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#ifndef QTOWN_VERSION
#define QTOWN_VERSION "unknown"
#endif

static const struct {
    const char *name;
    cli_command_fn run;
} commands[] = {
    {"init", cmd_init},     {"add", cmd_add},
    {"list", cmd_list},     {"show", cmd_show},
    {"set", cmd_set},       {"check", cmd_check},
    {"report", cmd_report}, {"sync", cmd_sync},
    {"log", cmd_log},       {"merge-file", cmd_merge_file},
    {"whoami", cmd_whoami},
};

/* Output a command could not write (a full disk, a closed pipe) is a
 * failure of the command, whatever it was. */
static int finish_output(int rc)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return rc;
    fprintf(stderr, "qtown: cannot write to the standard output: %s\n", strerror(errno));
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

int cli_run(int argc, char **argv)
{
    text_init_locale();
    i18n_set_lang(lang_from_environment());
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            cli_print_usage(stdout);
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
        return cmd_screens(&ctx, argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++) {
        if (strcmp(argv[ci], commands[i].name) != 0)
            continue;
        ctx.command = commands[i].name;
        /* global options before the command are parsed with the rest */
        char *args[argc];
        int n = 0;
        for (int j = 1; j < argc; j++)
            if (j != ci)
                args[n++] = argv[j];
        return finish_output(commands[i].run(&ctx, n, args));
    }
    return cli_usage_error(&ctx, "unknown command '%s'", argv[ci]);
}
