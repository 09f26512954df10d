#include "sync/syncer.h"

#include "i18n/i18n.h"
#include "model/identity.h"
#include "sync/repo.h"
#include "sync/summary.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define PUSH_ATTEMPTS 3

/* ---- progress and stopping ---------------------------------------------------------- */

void syncer_progress(syncer *s, sync_step step, size_t done, size_t total)
{
    if (!s->o->progress)
        return;
    sync_progress p = {step, done, total, s->res->remote};
    s->o->progress(s->o->ctx, &p);
}

bool syncer_keep_going(syncer *s)
{
    if (!s->o->keep_going || s->o->keep_going(s->o->ctx))
        return true;
    diag_add(s->dl, NULL, 0, 0, "%s", tr(M_SYNC_STOPPED));
    return false;
}

/* Reading what changed here can be stopped: nothing is committed yet. */
static bool tick_checking(void *ctx, size_t done, size_t total)
{
    syncer_progress(ctx, SYNC_CHECKING, done, total);
    return done % 64 != 0 || syncer_keep_going(ctx);
}

/* ---- step 1 and 2: checking and committing local changes --------------------------- */

void sync_drop_strays(path_changes *paths)
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

/* The changed files are read once: to say what changed, and to check
 * that each unit file loads against the workspace's plan before it is
 * sent to everyone (one that does not stops the sync: nothing is
 * committed). */
static bool commit_local(syncer *s)
{
    path_changes paths;
    if (!repo_local_changes(&s->g, &paths, s->dl))
        return false;
    sync_drop_strays(&paths);
    s->parsed = parsed_new(SYNC_PARSED_BUDGET);
    changes_check check = {
        .plan = &s->ws->plan, .problems = s->dl, .tick = {tick_checking, s}, .keep = s->parsed};
    bool ok = changes_of_paths(&s->g, &s->ws->plan, &paths, true, &check, &s->committed, s->dl);
    ok = ok && check.failed == 0;
    if (ok && paths.n) {
        strbuf msg = STRBUF_INIT;
        summary_commit_message(&s->committed, &msg, SYNC_MESSAGE_MAX_LINES);
        ok = repo_commit(&s->g, &paths, sb_str(&msg), s->hooks, s->dl);
        sb_free(&msg);
        if (ok)
            s->res->commit = git_capture(&s->g, s->dl, "rev-parse", "--short", "HEAD", NULL);
    }
    if (!ok)
        sync_changes_free(&s->committed);
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
        diag_add(s->dl, s->ws->root, 0, 0, TR(M_SYNC_DETACHED));
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

/* The percentage of a network step, for the progress line. */
typedef struct net_step {
    syncer *s;
    sync_step step;
} net_step;

static void net_percent(void *ctx, int percent)
{
    net_step *ns = ctx;
    syncer_progress(ns->s, ns->step, (size_t)percent, 100);
}

static bool net_keep_going(void *ctx)
{
    const net_step *ns = ctx;
    return !ns->s->o->keep_going || ns->s->o->keep_going(ns->s->o->ctx);
}

/* Runs git on the network (fetch, push) with the deadline; a run that git
 * finished returns true whatever its status.  Stopped at the deadline or
 * by the caller: false, and said (the changes stay committed here). */
static bool net_run(syncer *s, const char *const *args, sync_step step, proc_result *r)
{
    net_step ns = {s, step};
    git_net net = {s->timeout_s, net_keep_going, net_percent, &ns};
    syncer_progress(s, step, 0, 100);
    if (!git_run_net(&s->g, args, &net, r, s->dl))
        return false;
    if (r->timed_out)
        diag_add(s->dl, NULL, 0, 0, TR(M_SYNC_TIMEOUT), s->res->remote, s->timeout_s);
    else if (r->stopped)
        diag_add(s->dl, NULL, 0, 0, "%s", tr(M_SYNC_STOPPED));
    if (!r->timed_out && !r->stopped)
        return true;
    proc_result_free(r);
    return false;
}

/* What git says when a network remote cannot be reached at all (git's
 * messages are in the C locale: git.c).  Anything else a fetch says — not a
 * repository, a corrupt one, a refusal, a full disk here — is a failure. */
static const char *const unreachable_words[] = {
    "Could not resolve host",
    "Could not resolve hostname",
    "Name or service not known",
    "Temporary failure in name resolution",
    "Connection refused",
    "Connection timed out",
    "Network is unreachable",
    "No route to host",
    "Failed to connect to",
    "Operation timed out",
    "Connection reset by peer",
    "connect to host",
    NULL,
};

/* A local remote (a path, file://): the way git tells it from host:path. */
static const char *local_path(const char *url)
{
    if (strncmp(url, "file://", 7) == 0)
        return url + 7;
    const char *colon = strchr(url, ':'), *slash = strchr(url, '/');
    if (strstr(url, "://") || (colon && (!slash || colon < slash)))
        return NULL;
    return url;
}

/* Can the remote not be reached: no network, or a stick that is not
 * plugged in (its folder is not there)?  Only then is a failed fetch
 * "offline". */
static bool unreachable(syncer *s, const char *git_err)
{
    char *url = git_capture(&s->g, NULL, "remote", "get-url", s->res->remote, NULL);
    const char *path = url ? local_path(url) : NULL;
    bool yes = false;
    if (path)
        yes = !fs_exists(path);
    for (size_t i = 0; !path && unreachable_words[i]; i++)
        yes = yes || strstr(git_err, unreachable_words[i]) != NULL;
    free(url);
    return yes;
}

typedef enum fetch_outcome { FETCHED, FETCH_OFFLINE, FETCH_FAILED } fetch_outcome;

/* Fetches.  A remote that cannot be reached is no failure (res->offline:
 * the commit waits here); any other failure is, with git's words in dl. */
static fetch_outcome fetch(syncer *s)
{
    proc_result r;
    const char *args[] = {"fetch", "--quiet", s->res->remote, NULL};
    if (!net_run(s, args, SYNC_FETCHING, &r))
        return FETCH_FAILED;
    fetch_outcome out = FETCHED;
    if (r.status != 0 && unreachable(s, sb_str(&r.err))) {
        out = FETCH_OFFLINE;
        if (!s->res->offline) {
            s->res->offline = true;
            const char *why = sb_str(&r.err);
            s->res->offline_reason = xstrndup(why, strcspn(why, "\n"));
        }
    } else if (r.status != 0) {
        out = FETCH_FAILED;
        git_report(args, &r, s->dl);
        diag_add(s->dl, NULL, 0, 0, TR(M_SYNC_FETCH_FAILED), s->res->remote);
    }
    proc_result_free(&r);
    return out;
}

/* The remote branch as last fetched, or NULL when it has none yet. */
static char *remote_head(syncer *s)
{
    return git_capture(&s->g, NULL, "rev-parse", "-q", "--verify", s->tracking, NULL);
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
    if (!net_run(s, argv, SYNC_SENDING, &r)) {
        free(dest);
        return PUSH_REFUSED;
    }
    if (r.status != 0) {
        /* someone pushed in between, or the remote is gone, or it refuses */
        char *now = NULL;
        fetch_outcome f = fetch(s);
        if (f != FETCHED)
            out = f == FETCH_OFFLINE ? PUSH_OFFLINE : PUSH_REFUSED;
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

/* Is a merge, rebase or cherry-pick left unfinished?  Also notes where
 * the user's hooks are (s->hooks), from the same run of git. */
static bool operation_in_progress(syncer *s)
{
    static const char *const what[] = {"merge", "rebase", "rebase", "cherry-pick"};
    /* one run of git for the five paths, one a line */
    char *paths = git_capture(&s->g, NULL, "rev-parse", "--git-path", "MERGE_HEAD", "--git-path",
                              "rebase-merge", "--git-path", "rebase-apply", "--git-path",
                              "CHERRY_PICK_HEAD", "--git-path", "hooks", NULL);
    char *line = paths;
    for (size_t i = 0; line && *line && i < 5; i++) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *full = line[0] != '/' ? fs_join(s->ws->root, line) : xstrdup(line);
        if (i == 4) {
            s->hooks = full;
            break;
        }
        bool there = fs_exists(full);
        free(full);
        if (there) {
            diag_add(s->dl, s->ws->root, 0, 0, TR(M_SYNC_IN_PROGRESS), what[i]);
            free(paths);
            return true;
        }
        line = nl ? nl + 1 : NULL;
    }
    free(paths);
    return false;
}

/* The deadline of the network steps: the user's git configuration (the
 * clone's or their own, never the workspace's files, which a remote
 * sends), else SYNC_TIMEOUT_S. */
static bool read_timeout(syncer *s)
{
    s->timeout_s = SYNC_TIMEOUT_S;
    char *v = git_capture(&s->g, NULL, "config", "--get", "qtown.networkTimeout", NULL);
    if (!v)
        return true;
    char *end;
    long n = strtol(v, &end, 10);
    bool ok = *v && !*end && n >= 0 && n <= SYNC_TIMEOUT_MAX_S;
    if (ok)
        s->timeout_s = (int)n;
    else
        diag_add(s->dl, NULL, 0, 0, TR(M_SYNC_BAD_TIMEOUT), v, SYNC_TIMEOUT_MAX_S);
    free(v);
    return ok;
}

static bool prepare(syncer *s, const sync_opts *o)
{
    if (!repo_exists(s->ws->root)) {
        diag_add(s->dl, s->ws->root, 0, 0, TR(M_SYNC_NOT_A_REPO));
        return false;
    }
    /* a merge interrupted by a full disk or a crash is put back first:
     * its MERGE_HEAD is ours, not the user's */
    if (!sync_guard_recover(s) || operation_in_progress(s))
        return false;
    bool written;
    if (!repo_ensure_driver(&s->g, s->dl) || !repo_ensure_attributes(&s->g, &written, s->dl))
        return false;
    if (o->by) {
        repo_ensure_identity(&s->g, o->by);
    } else {
        identity who;
        if (!identity_resolve(s->ws, NULL, repo_user_name, &who, s->dl))
            return false;
        repo_ensure_identity(&s->g, who.name);
        identity_free(&who);
    }
    if (o->no_terminal) {
        s->g.detach = true;
        git_setenv(&s->g, "GIT_TERMINAL_PROMPT", "0");
    }
    return read_timeout(s);
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
        changes_between(&s->g, &s->ws->plan, base, s->local, NULL, &s->res->sent, s->dl);
    }
    free(base);
}

/* Fetch, merge, push, again if someone pushed in between. */
static bool exchange(syncer *s)
{
    char *first_theirs = NULL;
    bool ok = true, fetched_once = false;
    for (int attempt = 0; ok && attempt < PUSH_ATTEMPTS; attempt++) {
        fetch_outcome f = fetched_once ? FETCHED : fetch(s);
        ok = f != FETCH_FAILED;
        if (f != FETCHED)
            break;
        fetched_once = true;
        char *theirs = remote_head(s);
        if (attempt == 0)
            first_theirs = theirs ? xstrdup(theirs) : NULL;
        ok = syncer_keep_going(s) && (!theirs || sync_merge_remote(s, theirs));
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
            changes_between(&s->g, &s->ws->plan, s->local, head, NULL, &s->res->received, s->dl);
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
    static const sync_opts none = {0};
    syncer s = {.ws = ws, .o = o ? o : &none, .res = res, .dl = dl};
    if (!git_open(&s.g, ws->root, dl))
        return false;
    char *lockname = fs_join(ws->root, "sync");
    fs_lock lock;
    bool ok = fs_tree_lock(&ws->tree, lockname, 0, &lock, dl);
    if (ok) {
        ok = prepare(&s, s.o);
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
    parsed_free(s.parsed);
    free(s.before);
    free(s.local);
    free(s.tracking);
    free(s.hooks);
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
    /* only looking: git status must not rewrite the index meanwhile */
    git_setenv(&g, "GIT_OPTIONAL_LOCKS", "0");
    if (st->is_repo) {
        path_changes paths;
        ok = repo_local_changes(&g, &paths, dl);
        if (ok) {
            sync_drop_strays(&paths);
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
