/* repo — a workspace kept in git: making one, qtown's merge driver and
 * the attributes that route unit files through it ($GIT_DIR/info/
 * attributes, out of a remote's reach), and reading many versions of files
 * at once.
 *
 * The workspace folder is the repository's top folder.  Only qtown's own
 * files are ever committed by qtown (repo_pathspecs): anything else a
 * user keeps in the folder is left alone. */
#ifndef QTOWN_REPO_H
#define QTOWN_REPO_H

#include "model/loose_plan.h"
#include "sync/git.h"

/* The driver git runs for a unit file: base, ours (the result goes
 * there), theirs, and the file's path. */
#define REPO_DRIVER "qtown merge-file %O %A %B %P"

/* What qtown commits: the settings, the plan, the units, the meetings, the
 * assessments, the evidence files and the two git files it writes
 * (NULL-terminated; git pathspecs). */
extern const char *const repo_pathspecs[];

/* Is the workspace a git repository (a .git in its folder)?  A stat. */
bool repo_exists(const char *root);

/* Makes a new workspace a repository: git init, qtown's attributes, the
 * merge driver, and a first commit of qtown's files. */
bool repo_init(git *g, const char *by, diag_list *dl);

/* Registers the merge driver in the repository's config when it is not
 * there yet (a clone does not carry config).  Cheap when it is: reads
 * .git/config, runs no git. */
bool repo_ensure_driver(git *g, diag_list *dl);
/* The same, for a workspace that may or may not be a repository, with
 * git found here: for every command that opens a workspace.  Does nothing
 * (and says nothing) when the folder is no repository or git is missing. */
void repo_register_quietly(const fs_tree *root);

/* Opens the folder of git's own files shared by every work tree (.git, or
 * what a linked work tree's .git file names) as a tree. */
bool repo_open_git_dir(git *g, fs_tree *gd, diag_list *dl);

/* Writes or completes $GIT_DIR/info/attributes so that unit files go
 * through the driver and no pushed .gitattributes changes how qtown's
 * files merge or are stored; *written tells whether the file changed. */
bool repo_ensure_attributes(git *g, bool *written, diag_list *dl);

/* Gives git a name to commit with when the user's config has none (the
 * inspector's name, from `by`), so that a new laptop can sync at once. */
void repo_ensure_identity(git *g, const char *by);
/* git's user.name as git sees it in the folder `root` (its local config,
 * else the user's), or NULL (caller frees): step 4 of the signer's name
 * (model/identity.h, an identity_git_name_fn). */
char *repo_user_name(const char *root);

/* Versions of files, read in two runs of git (sizes, then contents):
 * object ids, or names like "HEAD:town.yaml", ":villages/x.yaml" (the
 * index) or "<commit>:path".  files[i].buf is NULL when that version does
 * not exist, and empty when it is larger than UNIT_MAX_BYTES (never read
 * into memory: a remote may send anything; sizes[i] says how large).
 * Free with repo_blobs_free. */
typedef struct repo_blobs {
    file_bytes *files;
    unsigned long long *sizes;
    size_t n;
    char *data;
} repo_blobs;
bool repo_read_blobs(git *g, const char *const *names, size_t n, repo_blobs *out, diag_list *dl);
void repo_blobs_free(repo_blobs *b);

/* A path of the workspace and what happened to it: 'A' added, 'M'
 * modified, 'D' deleted; with the object ids of its two versions, for
 * reading them (a name like HEAD:PATH costs git a walk of the folder's
 * tree: minutes for 10,000 files of a 100,000-file folder). */
#define REPO_OID_MAX 64 /* hex digits: sha256 */
typedef struct path_change {
    char what;
    char *path;
    char old_oid[REPO_OID_MAX + 1]; /* "": not there before */
    char new_oid[REPO_OID_MAX + 1]; /* "": not there now, or the folder's file */
    unsigned new_mode;              /* git's (0100644, 0120000 a link...); 0: not known */
} path_change;
typedef struct path_changes {
    path_change *items;
    size_t n, cap;
} path_changes;
void path_changes_free(path_changes *pc);
/* The change of a path (the lists are sorted by path), or NULL. */
const path_change *repo_find_change(const path_changes *pc, const char *path);

/* Commits these paths alone (whatever else is staged stays staged);
 * `hooks` as for repo_commit_index. */
bool repo_commit(git *g, const path_changes *paths, const char *message, const char *hooks,
                 diag_list *dl);
/* Commits the index as it is, on HEAD (when there is one) and `merge`
 * (may be NULL; else MERGE_HEAD is set and is removed).  With git's
 * plumbing (write-tree, commit-tree, update-ref): `git commit` looks at
 * every file of the work tree again, seconds for 100,000.  But when the
 * user has commit hooks in the folder `hooks` (git rev-parse --git-path
 * hooks; NULL: not known), `git commit`, so that they run. */
bool repo_commit_index(git *g, const char *message, const char *merge, const char *hooks,
                       diag_list *dl);

/* qtown's files that differ between the last commit and the folder
 * (new files included); new_oid is left empty. */
bool repo_local_changes(git *g, path_changes *out, diag_list *dl);
/* qtown's files that differ between two commits (`to` NULL: the index). */
bool repo_diff(git *g, const char *from, const char *to, path_changes *out, diag_list *dl);

/* The commit that wrote each line first..last of a file as it is in the
 * folder (git blame): commits[i] for line first+i, a full commit id, or
 * NULL for a line not committed yet.  False when git cannot tell (a file
 * git does not track).  Free each commit and the array. */
bool repo_blame(git *g, const char *path, int first, int last, char ***commits, diag_list *dl);

#endif
