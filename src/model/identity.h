/* identity — who signs a change (the `by` of checks and history entries),
 * and where that name came from.
 *
 * A workspace is shared (through git, a shared folder) and so is its
 * qtown.yaml: a name is looked for per person first.  The order, the one
 * rule every command and screen uses (docs/workspace-format.md):
 *   1. --by NAME                          IDENTITY_OPTION
 *   2. $QTOWN_USER                        IDENTITY_ENV
 *   3. the user's own config file         IDENTITY_USER_CONFIG
 *      ($XDG_CONFIG_HOME/qtown/config.yaml, else ~/.config/...; set by
 *      `qtown whoami NAME` or the screens)
 *   4. git's user.name for the workspace  IDENTITY_GIT
 *   5. `inspector:` of qtown.yaml         IDENTITY_WORKSPACE (shared!)
 *   6. the login name                     IDENTITY_LOGIN
 * A name found at a step but unfit to be written (two lines, control
 * characters, over UNIT_MAX_NAME bytes) is an error, never skipped: the
 * next step would sign as someone else. */
#ifndef QTOWN_IDENTITY_H
#define QTOWN_IDENTITY_H

#include "model/workspace.h"
#include "util/strbuf.h"

typedef enum identity_source {
    IDENTITY_OPTION,
    IDENTITY_ENV,
    IDENTITY_USER_CONFIG,
    IDENTITY_GIT,
    IDENTITY_WORKSPACE,
    IDENTITY_LOGIN,
} identity_source;

typedef struct identity {
    char *name;
    identity_source source;
    char *where; /* the file the name was read from (config, qtown.yaml), or NULL */
} identity;

/* git's user.name as git sees it in the folder `root` (caller frees; NULL
 * when git has none or is not there).  The sync layer supplies it: it runs
 * git with the environment qtown controls (src/sync). */
typedef char *(*identity_git_name_fn)(const char *root);

/* Who signs changes made in `ws` (NULL: no workspace, steps 4 and 5 are
 * skipped), given --by (NULL when not given).  `git_name` may be NULL
 * (step 4 skipped).  False with the reason in dl (a broken config file, a
 * name unfit to be written). */
bool identity_resolve(const workspace *ws, const char *by_option, identity_git_name_fn git_name,
                      identity *out, diag_list *dl);
void identity_free(identity *id);
/* "from $QTOWN_USER", in the interface language. */
void identity_describe_source(const identity *id, strbuf *out);

/* The user's config file (caller frees): $XDG_CONFIG_HOME/qtown/config.yaml
 * when XDG_CONFIG_HOME is an absolute path, else ~/.config/qtown/config.yaml. */
char *identity_config_path(void);
/* The name the user's config file sets (*name NULL: no file, or no name in
 * it; caller frees).  False with FILE:LINE:COLUMN messages when the file
 * cannot be read or is not a valid config. */
bool identity_config_read(const char *path, char **name, diag_list *dl);
/* Sets the name in the user's config file, creating its folder: written
 * atomically, only over a regular file (never through a symbolic link).
 * This file lies outside any workspace: it is the one file qtown writes
 * there.  False with the reason. */
bool identity_config_write(const char *name, diag_list *dl);

#endif
