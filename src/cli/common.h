/* Shared by the commands: options, the workspace, output, exit codes. */
#ifndef QTOWN_CLI_COMMON_H
#define QTOWN_CLI_COMMON_H

#include "i18n/i18n.h"
#include "model/identity.h"
#include "model/timestamp.h"
#include "model/workspace.h"
#include "util/diag.h"
#include "util/strbuf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { EXIT_DONE = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

/* What every command accepts. */
typedef struct cli_ctx {
    const char *workspace_dir; /* -w DIR */
    const char *lang;          /* --lang zh|en */
    const char *command;
} cli_ctx;

/* One option of a command.  Exactly one of value, flag, list is set. */
typedef struct cli_option {
    const char *name; /* long name without "--" */
    char short_name;  /* 0 when none */
    const char **value;
    bool *flag;
    const char ***list; /* repeatable: appended to a NULL-terminated array */
} cli_option;

/* Parses argv (after the command name): global options (-w, --lang),
 * the command's options (terminated by a zeroed entry) and positional
 * arguments (returned in pos, at most max_pos).  False after printing a
 * usage error. */
bool cli_parse(cli_ctx *ctx, int argc, char **argv, const cli_option *opts, char **pos, int max_pos,
               int *n_pos);
/* cli_parse for a command of exactly `count` positional arguments (pos
 * holds at least count): EXIT_DONE, or EXIT_USAGE after the usage error
 * (the synopsis when their number is wrong). */
int cli_parse_exact(cli_ctx *ctx, int argc, char **argv, const cli_option *opts, char **pos,
                    int count);
int cli_usage_error(const cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The usage error of a command given the wrong number of arguments:
 * "usage: qtown NAME SYNOPSIS", from commands.def.  Returns EXIT_USAGE. */
int cli_usage_synopsis(const cli_ctx *ctx);

/* Sets attribute KEY (its first key_len bytes) of u to VALUE as --attr
 * does (unit_set_attr: declared for u's kind, of its type).  False after
 * a usage error saying why. */
bool cli_set_attr(const cli_ctx *ctx, const workspace *ws, unit *u, const char *key, size_t key_len,
                  const char *value);

/* --by NAME: a name qtown can sign with (unit_name_valid; NULL: not
 * given).  False after a usage error. */
bool cli_check_by(const cli_ctx *ctx, const char *by);
/* The same rule for a name given with another option (an attendee, a
 * signatory): one non-empty line of UTF-8, at most UNIT_MAX_NAME bytes. */
bool cli_check_name(const cli_ctx *ctx, const char *option, const char *name);
/* Who signs the changes of this command (model/identity.h: --by, else
 * $QTOWN_USER, the user's config, git's user.name, qtown.yaml's
 * inspector, the login name).  False after printing why (exit 1). */
bool cli_signer(const workspace *ws, const char *by, identity *out);

/* A usage error for a check id the plan does not have, with the checks
 * it may have meant (plan_suggest_checks).  Returns EXIT_USAGE. */
int cli_unknown_check(const cli_ctx *ctx, const plan *p, const char *typed);

/* The units a listing command reads: with `key`, that unit alone (its
 * file only; *only its index), else every unit (*only SIZE_MAX; a unit
 * that does not load goes to dl and makes *complete false: the others
 * are listed).  EXIT_DONE, or the command's exit status. */
int cli_load_scope(const cli_ctx *ctx, workspace *ws, const char *key, size_t *only, bool *complete,
                   diag_list *dl);
/* A date option (YYYY-MM-DD, or +N / -N days from today) as YYYY-MM-DD
 * in out; NULL stays NULL.  False after a usage error naming the option. */
bool cli_date_option(const cli_ctx *ctx, const char *option, const char *typed, int64_t today,
                     char out[DATE_SIZE]);
/* --format text|csv of the listing commands; false after a usage error. */
bool cli_list_format(const cli_ctx *ctx, const char *typed, bool *csv);

/* Locates and opens the workspace (creating the default demo workspace on
 * first use) and sets the interface language.  Prints problems. */
int cli_open_workspace(cli_ctx *ctx, workspace *ws);
/* cli_parse, then cli_open_workspace: for commands whose arguments need
 * no checking before the workspace is opened.  EXIT_DONE when *ws is open. */
int cli_parse_and_open(cli_ctx *ctx, int argc, char **argv, const cli_option *opts, char **pos,
                       int max_pos, int *n_pos, workspace *ws);
/* The unit named on the command line (an id or an exact name), loaded;
 * NULL with *rc set: EXIT_USAGE when the name is no unit's or several
 * units' (the model's message: their ids), EXIT_DATA when its file does
 * not load (the problems printed). */
ws_unit *cli_find_unit(const cli_ctx *ctx, workspace *ws, const char *name, int *rc);
/* A document (a report, a notice) to stdout, or to FILE (-o): a regular
 * file or a new one replaced atomically, a FIFO or a device written to,
 * anything else refused (fs_write_output).  Written as it is: each writer
 * made its data inert. */
bool cli_emit(const char *path, const strbuf *out, diag_list *dl);
/* -o FILE must not be one of the workspace's own files (a unit, the
 * settings, .git/...): EXIT_USAGE after saying so, else EXIT_DONE. */
int cli_check_output(const cli_ctx *ctx, const workspace *ws, const char *output);
/* Today (QTOWN_TODAY or the clock); false after printing why not. */
bool cli_today(int64_t *today);
/* A command whose one argument is UNIT (show, remove): parses it (the
 * command's synopsis from commands.def when it is not there), opens the
 * workspace and finds the unit (cli_find_unit).  EXIT_DONE with *ws open;
 * otherwise nothing is left open. */
int cli_open_one_unit(cli_ctx *ctx, int argc, char **argv, workspace *ws, ws_unit **wu);
/* Makes a new workspace a git repository with qtown's merge driver and a
 * first commit (init, new-year).  git missing is no failure: the
 * workspace works without. */
int cli_make_repository(const char *root);
/* Prints diagnostics and returns EXIT_DATA. */
int cli_fail(diag_list *dl);
/* Writes text to stdout, made inert (multi-line allowed). */
void cli_out(const char *s);
/* Writes one line to stderr, made inert, with its newline. */
void cli_err_line(const char *s);

/* The commands of commands.def, each in cli/<function>.c: argv holds the
 * arguments after the command's name (global options included). */
typedef int (*cli_command_fn)(cli_ctx *ctx, int argc, char **argv);
#define CMD(name, function, synopsis, description)                                                 \
    int function(cli_ctx *ctx, int argc, char **argv);
#include "cli/commands.def"
#undef CMD

#endif
