/* Step 4's safety net (syncer.h): a merge that cannot finish — the disk
 * full, the process killed — never leaves the remote's changes in the
 * folder looking like local ones.
 *
 * Before git touches the folder, a marker ($GIT_DIR/qtown-merging: the
 * commit merged into and the one merged) is written; a disk too full for
 * it stops the sync with nothing touched.  After a failure, what the merge
 * left (a merge in progress, qtown's files that differ from HEAD) is put
 * back as HEAD has it and the marker removed.  When even that cannot be
 * done, the marker stays, touched at the time of the failure, and the next
 * sync puts back first the files written up to then; a file changed later
 * (a save made since) is the user's and is kept. */
#include "sync/syncer.h"

#include "i18n/i18n.h"
#include "sync/repo.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MARKER "qtown-merging"

static bool marker_path(syncer *s, fs_tree *gd)
{
    return repo_open_git_dir(&s->g, gd, NULL);
}

bool sync_guard_begin(syncer *s, const char *theirs)
{
    fs_tree gd;
    if (!repo_open_git_dir(&s->g, &gd, s->dl))
        return false;
    char *head = git_capture(&s->g, s->dl, "rev-parse", "HEAD", NULL);
    char *text = head ? xasprintf("%s %s\n", head, theirs) : NULL;
    bool ok = text && fs_tree_write(&gd, MARKER, text, strlen(text), 0644, s->dl);
    if (!ok && text)
        diag_add(s->dl, s->ws->root, 0, 0, "%s", tr(M_SYNC_CANNOT_START_MERGE));
    free(text);
    free(head);
    fs_tree_close(&gd);
    return ok;
}

void sync_guard_end(syncer *s)
{
    fs_tree gd;
    if (!marker_path(s, &gd))
        return;
    fs_tree_remove(&gd, MARKER, NULL);
    fs_tree_close(&gd);
}

/* Runs git with the paths on standard input; false with git's words. */
static bool git_with_paths(syncer *s, const char *const *args, const strbuf *paths)
{
    proc_result r;
    bool ok = git_runv(&s->g, args, paths->data, paths->len, &r, s->dl) && r.status == 0;
    if (!ok && r.status != 0)
        git_report(args, &r, s->dl);
    proc_result_free(&r);
    return ok;
}

/* Removes the temporary files a failed git merge leaves in the top folder
 * (`.merge_file_XXXXXX`: the driver's three versions) written no later
 * than `limit` (NULL: any). */
static void remove_git_leftovers(syncer *s, const struct timespec *limit)
{
    static const char prefix[] = ".merge_file_";
    DIR *d = fs_tree_opendir(&s->ws->tree, ".", NULL);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        struct stat st;
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 ||
            strlen(e->d_name) != strlen(prefix) + 6 ||
            fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
            (limit && st.st_mtim.tv_sec > limit->tv_sec))
            continue;
        fs_tree_remove(&s->ws->tree, e->d_name, NULL);
    }
    if (d)
        closedir(d);
}

/* Puts qtown's files back as HEAD has them: those that differ from HEAD
 * and were last changed no later than `limit` (the others are kept). */
static bool restore_head(syncer *s, const struct timespec *limit, bool *touched)
{
    /* git's own undo first; when it cannot (an index half written), the
     * merge is forgotten and qtown's files put back below */
    char *merging = git_capture(&s->g, NULL, "rev-parse", "-q", "--verify", "MERGE_HEAD", NULL);
    bool ok = !merging || git_ok(&s->g, NULL, "merge", "--abort", NULL) ||
              git_ok(&s->g, s->dl, "merge", "--quit", NULL);
    *touched = merging != NULL;
    free(merging);
    path_changes pc;
    if (!ok || !repo_local_changes(&s->g, &pc, s->dl))
        return false;
    sync_drop_strays(&pc);
    *touched = *touched || pc.n > 0;
    strbuf all = STRBUF_INIT, back = STRBUF_INIT;
    for (size_t i = 0; i < pc.n; i++) {
        struct stat st;
        char *full = fs_join(s->ws->root, pc.items[i].path);
        bool later = limit &&
                     fstatat(s->ws->tree.fd, pc.items[i].path, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                     (st.st_mtim.tv_sec > limit->tv_sec ||
                      (st.st_mtim.tv_sec == limit->tv_sec && st.st_mtim.tv_nsec > limit->tv_nsec));
        if (!later) {
            sb_add(&all, pc.items[i].path, strlen(pc.items[i].path) + 1);
            if (pc.items[i].what == 'A')
                ok = fs_tree_remove(&s->ws->tree, full, s->dl) && ok;
            else
                sb_add(&back, pc.items[i].path, strlen(pc.items[i].path) + 1);
        }
        free(full);
    }
    const char *reset[] = {"reset", "-q", "--pathspec-from-file=-", "--pathspec-file-nul", NULL};
    const char *checkout[] = {
        "checkout", "-q", "HEAD", "--pathspec-from-file=-", "--pathspec-file-nul", NULL};
    ok = ok && (!all.len || git_with_paths(s, reset, &all)) &&
         (!back.len || git_with_paths(s, checkout, &back));
    sb_free(&all);
    sb_free(&back);
    path_changes_free(&pc);
    if (ok)
        remove_git_leftovers(s, limit);
    return ok;
}

void sync_guard_undo(syncer *s)
{
    fs_tree gd;
    bool have = marker_path(s, &gd), touched = false;
    if (restore_head(s, NULL, &touched)) {
        if (have)
            fs_tree_remove(&gd, MARKER, NULL);
        if (touched) /* git left something behind: it could not write */
            diag_add(s->dl, s->ws->root, 0, 0, "%s", tr(M_SYNC_MERGE_UNDONE));
    } else {
        /* the time of the failure: what was written until now is the
         * merge's, to be put back by the next sync */
        if (have)
            utimensat(gd.fd, MARKER, NULL, AT_SYMLINK_NOFOLLOW);
        diag_add(s->dl, s->ws->root, 0, 0, "%s", tr(M_SYNC_MERGE_LEFT));
    }
    if (have)
        fs_tree_close(&gd);
}

bool sync_guard_recover(syncer *s)
{
    fs_tree gd;
    if (!marker_path(s, &gd))
        return true;
    struct stat st;
    bool ok = true;
    if (fstatat(gd.fd, MARKER, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        bool touched;
        ok = restore_head(s, &st.st_mtim, &touched) && fs_tree_remove(&gd, MARKER, s->dl);
        if (!ok)
            diag_add(s->dl, s->ws->root, 0, 0, "%s", tr(M_SYNC_MERGE_LEFT));
    }
    fs_tree_close(&gd);
    return ok;
}
