#include "sync/sync.h"

#include "model/merge_file.h"
#include "sync/repo.h"
#include "sync/summary.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define PUSH_ATTEMPTS     3
#define MESSAGE_MAX_LINES 200

/* Everything one run needs. */
typedef struct syncer {
    const workspace *ws;
    git g;
    sync_result *res;
    diag_list *dl;
    char *before;           /* HEAD before the local commit (NULL: there was none) */
    char *local;            /* HEAD after the local commit, before any merge */
    sync_changes committed; /* what the local commit holds */
    int merges;             /* merges and fast-forwards done */
    char *tracking;         /* refs/remotes/REMOTE/BRANCH */
    bool has_upstream;
} syncer;

/* ---- describing changes ------------------------------------------------------ */

size_t sync_changes_count(const sync_changes *sc, size_t *units)
{
    size_t n = 0, u = 0;
    for (size_t i = 0; i < sc->n; i++) {
        n += sc->items[i].changes.n ? sc->items[i].changes.n : 1;
        u += sc->items[i].is_unit;
    }
    if (units)
        *units = u;
    return n;
}

void sync_changes_free(sync_changes *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        sync_delta *d = &sc->items[i];
        change_list_free(&d->changes);
        unit_free(d->old);
        unit_free(d->new);
        if (d->loose.mem)
            plan_free(&d->loose);
        free(d->path);
    }
    free(sc->items);
    memset(sc, 0, sizeof *sc);
}

/* Reads both versions of a changed file and lists what changed in it. */
static void add_delta(sync_changes *sc, const plan *order, const char *path, const file_bytes *old,
                      const file_bytes *new)
{
    sc->items = xgrow(sc->items, &sc->cap, sc->n + 1, sizeof *sc->items);
    sync_delta *d = &sc->items[sc->n++];
    memset(d, 0, sizeof *d);
    d->path = xstrdup(path);
    unit_kind kind;
    char *id;
    d->is_unit = workspace_unit_of_path(path, &kind, &id);
    if (!d->is_unit)
        return;
    free(id);
    file_bytes both[2] = {*old, *new};
    loose_plan_build(&d->loose, order, both, 2);
    if (old->buf)
        d->old = unit_parse_loose(&d->loose, path, old, path, NULL);
    if (new->buf)
        d->new = unit_parse_loose(&d->loose, path, new, path, NULL);
    d->unreadable = (old->buf && !d->old) || (new->buf && !d->new);
    if (!d->unreadable)
        unit_diff(d->old, d->new, &d->changes);
}

/* The changes between two versions of the workspace: `from` a commit (NULL:
 * nothing), `to` a commit, or NULL for the folder itself. */
static bool collect(syncer *s, const char *from, const char *to, const path_changes *paths,
                    sync_changes *out)
{
    size_t n = paths->n;
    const char **names = xcalloc(2 * n + 1, sizeof *names);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (from)
            names[k++] = xasprintf("%s:%s", from, paths->items[i].path);
        if (to)
            names[k++] = xasprintf("%s:%s", to, paths->items[i].path);
    }
    repo_blobs blobs;
    bool ok = repo_read_blobs(&s->g, names, k, &blobs, s->dl);
    for (size_t i = 0; ok && i < n; i++) {
        const char *path = paths->items[i].path;
        file_bytes none = {NULL, 0}, old = none, new = none;
        size_t at = i * ((from != NULL) + (to != NULL));
        if (from)
            old = blobs.files[at++];
        char *buf = NULL;
        size_t len = 0;
        if (to) {
            new = blobs.files[at];
        } else {
            char *full = fs_join(s->ws->root, path);
            if (fs_read_file(full, UNIT_MAX_BYTES, &buf, &len, NULL, NULL) == FS_OK)
                new = (file_bytes){buf, len};
            free(full);
        }
        add_delta(out, &s->ws->plan, path, &old, &new);
        free(buf);
    }
    for (size_t i = 0; i < k; i++)
        free((char *)names[i]);
    free(names);
    repo_blobs_free(&blobs);
    return ok;
}

/* Changes between two commits (`from` NULL: since nothing; `to` NULL:
 * the index, during a merge). */
static bool collect_between(syncer *s, const char *from, const char *to, sync_changes *out)
{
    char *base = from ? xstrdup(from)
                      : git_capture(&s->g, s->dl, "hash-object", "-t", "tree", "--stdin",
                                    NULL); /* the empty tree */
    path_changes paths;
    bool ok = base && repo_diff(&s->g, base, to, &paths, s->dl);
    if (ok) {
        /* no `to`: the index, whose versions git names ":PATH" */
        ok = collect(s, from, to ? to : "", &paths, out);
        path_changes_free(&paths);
    }
    free(base);
    return ok;
}

/* ---- step 1 and 2: checking and committing local changes --------------------------- */

/* A changed unit file must load against the workspace's plan before it is
 * sent to everyone. */
static bool check_local_files(syncer *s, const path_changes *paths)
{
    bool ok = true;
    for (size_t i = 0; i < paths->n; i++) {
        const char *path = paths->items[i].path;
        unit_kind kind;
        char *id;
        if (paths->items[i].what == 'D' || !workspace_unit_of_path(path, &kind, &id))
            continue;
        char *full = fs_join(s->ws->root, path);
        char *buf = NULL;
        size_t len = 0;
        if (fs_read_file(full, UNIT_MAX_BYTES, &buf, &len, NULL, s->dl) == FS_OK) {
            unit *u = unit_parse(&s->ws->plan, full, buf, len, id, kind, s->dl);
            ok = ok && u;
            unit_free(u);
        }
        free(buf);
        free(full);
        free(id);
    }
    return ok;
}

/* Files in the unit folders that are not unit files are not committed:
 * qtown does not read them (qtown check names them). */
static void drop_strays(path_changes *paths)
{
    size_t k = 0;
    for (size_t i = 0; i < paths->n; i++) {
        const char *p = paths->items[i].path;
        unit_kind kind;
        char *id = NULL;
        bool in_unit_dir = strncmp(p, "villages/", 9) == 0 || strncmp(p, "enterprises/", 12) == 0;
        if (in_unit_dir && !workspace_unit_of_path(p, &kind, &id)) {
            free(paths->items[i].path);
            continue;
        }
        free(id);
        paths->items[k++] = paths->items[i];
    }
    paths->n = k;
}

static bool commit_local(syncer *s)
{
    path_changes paths;
    if (!repo_local_changes(&s->g, &paths, s->dl))
        return false;
    drop_strays(&paths);
    bool ok = check_local_files(s, &paths);
    if (ok && paths.n) {
        ok = collect(s, "HEAD", NULL, &paths, &s->committed);
        strbuf msg = STRBUF_INIT;
        summary_commit_message(&s->committed, &msg, MESSAGE_MAX_LINES);
        ok = ok && repo_commit(&s->g, &paths, sb_str(&msg), s->dl);
        sb_free(&msg);
        if (ok)
            s->res->commit = git_capture(&s->g, s->dl, "rev-parse", "--short", "HEAD", NULL);
    }
    path_changes_free(&paths);
    return ok;
}

/* ---- step 3: the remote ------------------------------------------------------------ */

/* The branch's upstream, else origin (or the only remote) and the branch
 * of the same name.  False only on an error; no remote: res->remote NULL. */
static bool find_remote(syncer *s)
{
    sync_result *res = s->res;
    res->branch = git_capture(&s->g, NULL, "symbolic-ref", "--short", "-q", "HEAD", NULL);
    if (!res->branch) {
        diag_add(s->dl, s->ws->root, 0, 0,
                 "the workspace is not on a branch (a detached HEAD): check one out "
                 "(git switch main) and sync again");
        return false;
    }
    char *key = xasprintf("branch.%s.remote", res->branch);
    res->remote = git_capture(&s->g, NULL, "config", "--get", key, NULL);
    free(key);
    s->has_upstream = res->remote != NULL;
    if (!res->remote) {
        char *list = git_capture(&s->g, s->dl, "remote", NULL);
        if (!list)
            return false;
        if (*list) {
            bool origin = false;
            for (char *line = strtok(list, "\n"); line; line = strtok(NULL, "\n"))
                origin = origin || strcmp(line, "origin") == 0;
            res->remote = xstrdup(origin ? "origin" : strtok(list, "\n"));
        }
        free(list);
    }
    if (res->remote)
        s->tracking = xasprintf("refs/remotes/%s/%s", res->remote, res->branch);
    return true;
}

/* Fetches; false when the remote cannot be reached (res->offline). */
static bool fetch(syncer *s)
{
    proc_result r;
    const char *args[] = {"fetch", "--quiet", s->res->remote, NULL};
    bool ran = git_runv(&s->g, args, NULL, 0, &r, s->dl);
    bool ok = ran && r.status == 0;
    if (!ok && !s->res->offline) {
        s->res->offline = true;
        const char *why = sb_str(&r.err);
        size_t len = strcspn(why, "\n");
        s->res->offline_reason = xstrndup(why, len);
    }
    proc_result_free(&r);
    return ok;
}

/* The remote branch as last fetched, or NULL when it has none yet. */
static char *remote_head(syncer *s)
{
    return git_capture(&s->g, NULL, "rev-parse", "-q", "--verify", s->tracking, NULL);
}

static bool is_ancestor(syncer *s, const char *a, const char *b)
{
    proc_result r;
    bool yes = git_run(&s->g, NULL, 0, &r, NULL, "merge-base", "--is-ancestor", a, b, NULL) &&
               r.status == 0;
    proc_result_free(&r);
    return yes;
}

/* ---- step 4: merging ------------------------------------------------------------------ */

/* A path git could not merge, with the stages it has. */
typedef struct unmerged {
    char *path;
    bool stage[4];
} unmerged;

static size_t list_unmerged(syncer *s, unmerged **out)
{
    char *text = NULL;
    proc_result r;
    *out = NULL;
    size_t n = 0, cap = 0;
    if (git_run(&s->g, NULL, 0, &r, NULL, "ls-files", "-u", "-z", NULL) && r.status == 0)
        text = sb_steal(&r.out);
    proc_result_free(&r);
    /* "MODE OID STAGE\tPATH\0" */
    for (const char *p = text ? text : ""; *p; p += strlen(p) + 1) {
        const char *tab = strchr(p, '\t');
        if (!tab || tab - p < 2)
            continue;
        int stage = tab[-1] - '0';
        if (!n || strcmp((*out)[n - 1].path, tab + 1) != 0) {
            *out = xgrow(*out, &cap, n + 1, sizeof **out);
            memset(&(*out)[n], 0, sizeof **out);
            (*out)[n++].path = xstrdup(tab + 1);
        }
        if (stage >= 1 && stage <= 3)
            (*out)[n - 1].stage[stage] = true;
    }
    free(text);
    return n;
}

/* git's own words, one message a line. */
static void add_git_lines(diag_list *dl, const char *text)
{
    while (text && *text) {
        size_t len = strcspn(text, "\n");
        if (len)
            diag_add(dl, NULL, 0, 0, "git merge: %.*s", (int)len, text);
        text += len + (text[len] == '\n');
    }
}

/* Unit files removed on one side and changed on the other keep the changed
 * version (git leaves it in the folder).  Everything else git could not
 * merge is reported; false when anything is left. */
static bool resolve_unmerged(syncer *s, const char *merge_output)
{
    unmerged *u;
    size_t n = list_unmerged(s, &u);
    bool ok = n > 0, unit_failed = false;
    for (size_t i = 0; i < n; i++) {
        unit_kind kind;
        char *id = NULL;
        bool is_unit = workspace_unit_of_path(u[i].path, &kind, &id);
        free(id);
        bool modify_delete = u[i].stage[1] && (!u[i].stage[2] || !u[i].stage[3]);
        if (is_unit && modify_delete && git_ok(&s->g, s->dl, "add", "--", u[i].path, NULL))
            continue;
        ok = false;
        unit_failed = unit_failed || is_unit;
        if (!is_unit)
            diag_add(s->dl, u[i].path, 0, 0,
                     "changed both here and on %s: qtown does not merge this file, so nothing "
                     "was merged (your changes are committed here).  Make the two copies agree "
                     "(to take theirs: git checkout %s/%s -- %s), then sync again",
                     s->res->remote, s->res->remote, s->res->branch, u[i].path);
        else
            diag_add(s->dl, u[i].path, 0, 0,
                     "could not be merged, so nothing was: a version of it does not load (see "
                     "below); fix it where it was changed and sync again");
    }
    if (n == 0 || unit_failed) /* git's words say why */
        add_git_lines(s->dl, merge_output);
    for (size_t i = 0; i < n; i++)
        free(u[i].path);
    free(u);
    return ok;
}

/* The merged settings and plan must load before a merge is committed. */
static bool check_merged_workspace(syncer *s, workspace *merged, diag_list *to)
{
    diag_list why = DIAG_LIST_INIT;
    if (workspace_open(merged, s->ws->root, &why))
        return true;
    diag_add(to, s->ws->root, 0, 0, "after merging, the workspace's settings or plan do not load:");
    diag_move(to, &why);
    return false;
}

/* Merged unit files that do not load against the merged plan are kept (the
 * merge is faithful) but reported. */
static void check_received(syncer *s, const workspace *merged, const sync_changes *received)
{
    for (size_t i = 0; i < received->n; i++) {
        const sync_delta *d = &received->items[i];
        unit_kind kind;
        char *id;
        if (!d->is_unit || !workspace_unit_of_path(d->path, &kind, &id))
            continue;
        char *full = fs_join(s->ws->root, d->path);
        char *buf = NULL;
        size_t len = 0;
        if (fs_read_file(full, UNIT_MAX_BYTES, &buf, &len, NULL, &s->res->problems) == FS_OK)
            unit_free(unit_parse(&merged->plan, full, buf, len, id, kind, &s->res->problems));
        free(buf);
        free(full);
        free(id);
    }
}

/* What the first merge brings is what the sync received (it merges into
 * the local commit); after a second one (someone pushed in between) the
 * whole is worked out again at the end. */
static void adopt_incoming(syncer *s, sync_changes *incoming)
{
    if (s->merges++ == 0) {
        s->res->received = *incoming;
        memset(incoming, 0, sizeof *incoming);
    } else {
        sync_changes_free(&s->res->received);
    }
    sync_changes_free(incoming);
}

static void abort_merge(syncer *s)
{
    git_ok(&s->g, NULL, "merge", "--abort", NULL);
}

/* A true merge (both sides have commits the other lacks). */
static bool merge_diverged(syncer *s, const char *theirs)
{
    proc_result r;
    const char *args[] = {"merge", "--no-ff", "--no-commit", "-q", theirs, NULL};
    if (!git_runv(&s->g, args, NULL, 0, &r, s->dl))
        return false;
    bool ok = r.status == 0 || resolve_unmerged(s, r.err.len ? sb_str(&r.err) : sb_str(&r.out));
    proc_result_free(&r);
    workspace merged;
    if (!ok || !check_merged_workspace(s, &merged, s->dl)) {
        abort_merge(s);
        return false;
    }
    sync_changes incoming = {0};
    ok = collect_between(s, "HEAD", NULL, &incoming);
    check_received(s, &merged, &incoming);
    workspace_close(&merged);
    strbuf msg = STRBUF_INIT;
    sb_printf(&msg, "qtown sync: merged %s/%s\n\n", s->res->remote, s->res->branch);
    summary_lines(&incoming, LANG_EN, MESSAGE_MAX_LINES, &msg);
    ok = ok && git_ok(&s->g, s->dl, "commit", "-q", "--no-edit", "-m", sb_str(&msg), NULL);
    if (!ok)
        abort_merge(s);
    sb_free(&msg);
    if (ok)
        adopt_incoming(s, &incoming);
    sync_changes_free(&incoming);
    return ok;
}

/* Brings in the remote's commits; true when HEAD holds them. */
static bool merge_remote(syncer *s, const char *theirs)
{
    if (is_ancestor(s, theirs, "HEAD"))
        return true; /* nothing new there */
    if (is_ancestor(s, "HEAD", theirs)) {
        char *before = git_capture(&s->g, s->dl, "rev-parse", "HEAD", NULL);
        bool ok = before && git_ok(&s->g, s->dl, "merge", "--ff-only", "-q", theirs, NULL);
        sync_changes incoming = {0};
        if (ok)
            collect_between(s, before, "HEAD", &incoming);
        workspace merged; /* their commits, as they are: problems are reported */
        if (ok && check_merged_workspace(s, &merged, &s->res->problems)) {
            check_received(s, &merged, &incoming);
            workspace_close(&merged);
        }
        if (ok)
            adopt_incoming(s, &incoming);
        sync_changes_free(&incoming);
        free(before);
        return ok;
    }
    return merge_diverged(s, theirs);
}

/* ---- step 5: pushing ---------------------------------------------------------------- */

typedef enum push_outcome { PUSHED, PUSH_RACED, PUSH_OFFLINE, PUSH_REFUSED } push_outcome;

static push_outcome push(syncer *s, const char *theirs_before)
{
    char *dest = xasprintf("HEAD:refs/heads/%s", s->res->branch);
    const char *argv[8];
    size_t n = 0;
    argv[n++] = "push";
    argv[n++] = "--quiet";
    if (!s->has_upstream) /* the first push: the branch follows the remote from now on */
        argv[n++] = "--set-upstream";
    argv[n++] = s->res->remote;
    argv[n++] = dest;
    argv[n] = NULL;
    proc_result r;
    push_outcome out = PUSHED;
    if (!git_runv(&s->g, argv, NULL, 0, &r, s->dl)) {
        out = PUSH_REFUSED;
    } else if (r.status != 0) {
        /* someone pushed in between, or the remote is gone, or it refuses */
        char *now = NULL;
        if (!fetch(s))
            out = PUSH_OFFLINE;
        else if ((now = remote_head(s)) && (!theirs_before || strcmp(now, theirs_before) != 0))
            out = PUSH_RACED;
        else {
            git_report(argv, &r, s->dl);
            out = PUSH_REFUSED;
        }
        free(now);
    } else {
        s->has_upstream = true;
    }
    proc_result_free(&r);
    free(dest);
    return out;
}

/* ---- the run ---------------------------------------------------------------------- */

static bool operation_in_progress(syncer *s)
{
    static const char *const what[] = {"merge", "rebase", "rebase", "cherry-pick"};
    /* one run of git for the four paths, one a line */
    char *paths = git_capture(&s->g, NULL, "rev-parse", "--git-path", "MERGE_HEAD", "--git-path",
                              "rebase-merge", "--git-path", "rebase-apply", "--git-path",
                              "CHERRY_PICK_HEAD", NULL);
    char *line = paths;
    for (size_t i = 0; line && *line && i < 4; i++) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *full = line[0] != '/' ? fs_join(s->ws->root, line) : NULL;
        bool there = fs_exists(full ? full : line);
        free(full);
        if (there) {
            diag_add(s->dl, s->ws->root, 0, 0,
                     "a git %s is in progress in the workspace: finish it (git commit, git "
                     "rebase --continue) or undo it (git merge --abort, git rebase --abort), "
                     "then sync again",
                     what[i]);
            free(paths);
            return true;
        }
        line = nl ? nl + 1 : NULL;
    }
    free(paths);
    return false;
}

static bool prepare(syncer *s, const sync_opts *o)
{
    if (!repo_exists(s->ws->root)) {
        diag_add(s->dl, s->ws->root, 0, 0,
                 "not a git repository: qtown init makes one; for this workspace run "
                 "git init in it, then sync again");
        return false;
    }
    if (operation_in_progress(s))
        return false;
    bool written;
    if (!repo_ensure_driver(&s->g, s->dl) || !repo_ensure_attributes(s->ws->root, &written, s->dl))
        return false;
    repo_ensure_identity(&s->g, o->by ? o->by : workspace_default_by(s->ws));
    if (o->no_prompt)
        git_setenv(&s->g, "GIT_TERMINAL_PROMPT", "0");
    return true;
}

/* What went out (or waits to): everything here since the version in
 * common with `theirs` (NULL: the remote has nothing).  Mostly that is
 * just the local commit, already described. */
static void outgoing(syncer *s, const char *theirs)
{
    char *base = theirs ? git_capture(&s->g, NULL, "merge-base", s->local, theirs, NULL) : NULL;
    if (theirs && !base)
        return;
    if (base && s->before && strcmp(base, s->before) == 0) {
        s->res->sent = s->committed;
        memset(&s->committed, 0, sizeof s->committed);
    } else if (!base || strcmp(base, s->local) != 0) {
        collect_between(s, base, s->local, &s->res->sent);
    }
    free(base);
}

/* Fetch, merge, push, again if someone pushed in between. */
static bool exchange(syncer *s)
{
    char *first_theirs = NULL;
    bool ok = true, fetched_once = false;
    for (int attempt = 0; ok && attempt < PUSH_ATTEMPTS; attempt++) {
        if (!fetched_once && !fetch(s))
            break;
        fetched_once = true;
        char *theirs = remote_head(s);
        if (attempt == 0)
            first_theirs = theirs ? xstrdup(theirs) : NULL;
        ok = !theirs || merge_remote(s, theirs);
        push_outcome p = ok ? push(s, theirs) : PUSH_REFUSED;
        free(theirs);
        s->res->pushed = ok && p == PUSHED;
        if (!ok || p != PUSH_RACED) {
            ok = ok && p != PUSH_REFUSED;
            break;
        }
    }
    if (s->res->pushed)
        outgoing(s, first_theirs);
    if (ok && s->merges > 1) { /* several merges: the whole of what came in */
        char *head = git_capture(&s->g, s->dl, "rev-parse", "HEAD", NULL);
        if (head && strcmp(head, s->local) != 0)
            collect_between(s, s->local, head, &s->res->received);
        free(head);
    }
    free(first_theirs);
    return ok;
}

/* Offline: what is waiting to be sent.  Without a remote: what was just
 * committed. */
static void pending(syncer *s)
{
    if (!s->res->remote) {
        s->res->sent = s->committed;
        memset(&s->committed, 0, sizeof s->committed);
        return;
    }
    char *theirs = remote_head(s);
    outgoing(s, theirs);
    free(theirs);
}

bool sync_run(const workspace *ws, const sync_opts *o, sync_result *res, diag_list *dl)
{
    memset(res, 0, sizeof *res);
    syncer s = {.ws = ws, .res = res, .dl = dl};
    if (!git_open(&s.g, ws->root, dl))
        return false;
    char *lockname = fs_join(ws->root, "sync");
    fs_lock lock;
    bool ok = fs_lock_acquire(lockname, 0, &lock, dl);
    if (ok) {
        ok = prepare(&s, o);
        s.before = ok ? git_capture(&s.g, NULL, "rev-parse", "-q", "--verify", "HEAD", NULL) : NULL;
        ok = ok && commit_local(&s) && find_remote(&s);
        s.local = ok ? git_capture(&s.g, NULL, "rev-parse", "-q", "--verify", "HEAD", NULL) : NULL;
        if (ok && s.local && res->remote)
            ok = exchange(&s);
        if (ok && s.local && !res->pushed)
            pending(&s);
        fs_lock_release(&lock);
    }
    free(lockname);
    sync_changes_free(&s.committed);
    free(s.before);
    free(s.local);
    free(s.tracking);
    git_close(&s.g);
    return ok;
}

void sync_result_free(sync_result *res)
{
    free(res->commit);
    sync_changes_free(&res->sent);
    sync_changes_free(&res->received);
    free(res->remote);
    free(res->branch);
    free(res->offline_reason);
    diag_clear(&res->problems);
    memset(res, 0, sizeof *res);
}

/* ---- the state, for the screens ---------------------------------------------------------- */

bool sync_status(const char *root, sync_state *st, diag_list *dl)
{
    memset(st, 0, sizeof *st);
    st->is_repo = repo_exists(root);
    git g;
    if (!git_open(&g, root, NULL)) {
        st->git_missing = true;
        return true;
    }
    bool ok = true;
    if (st->is_repo) {
        path_changes paths;
        ok = repo_local_changes(&g, &paths, dl);
        if (ok) {
            drop_strays(&paths);
            st->changed_files = paths.n;
            path_changes_free(&paths);
        }
        char *remotes = git_capture(&g, NULL, "remote", NULL);
        st->has_remote = remotes && *remotes;
        free(remotes);
        char *count = git_capture(&g, NULL, "rev-list", "--count", "@{upstream}..HEAD", NULL);
        if (!count && st->has_remote) /* never pushed: every commit is waiting */
            count = git_capture(&g, NULL, "rev-list", "--count", "HEAD", NULL);
        st->unpushed = count ? strtoul(count, NULL, 10) : 0;
        free(count);
    }
    git_close(&g);
    return ok;
}
