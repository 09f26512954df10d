/* Step 4 of the sync: merging what came in (syncer.h). */
#include "sync/syncer.h"

#include "i18n/i18n.h"
#include "model/workspace.h"
#include "sync/repo.h"
#include "sync/summary.h"
#include "util/fsutil.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static bool is_ancestor(syncer *s, const char *a, const char *b)
{
    proc_result r;
    bool yes = git_run(&s->g, NULL, 0, &r, NULL, "merge-base", "--is-ancestor", a, b, NULL) &&
               r.status == 0;
    proc_result_free(&r);
    return yes;
}

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
            diag_add(dl, NULL, 0, 0, TR(M_SYNC_GIT_MERGE_SAYS), (int)len, text);
        text += len + (text[len] == '\n');
    }
}

/* A file git could not merge and qtown does not: what to run to take
 * theirs, every name quoted for the shell (a remote names the file). */
static void say_not_merged(syncer *s, const char *path)
{
    char *theirs = xasprintf("%s/%s", s->res->remote, s->res->branch);
    char *q_theirs = text_shell_quote(theirs), *q_path = text_shell_quote(path);
    char *cmd = xasprintf("git checkout %s -- %s", q_theirs, q_path);
    diag_add(s->dl, path, 0, 0, TR(M_SYNC_FILE_NOT_MERGED), s->res->remote, cmd);
    free(cmd);
    free(q_path);
    free(q_theirs);
    free(theirs);
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
            say_not_merged(s, u[i].path);
        else
            diag_add(s->dl, u[i].path, 0, 0, TR(M_SYNC_UNIT_NOT_MERGED));
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
    diag_add(to, s->ws->root, 0, 0, "%s", tr(M_SYNC_SETTINGS_DO_NOT_LOAD));
    diag_move(to, &why);
    return false;
}

/* Did the settings or the plan come in?  Then every unit is judged again. */
static bool settings_received(const sync_changes *received)
{
    for (size_t i = 0; i < received->n; i++)
        if (strcmp(received->items[i].path, "plan.yaml") == 0 ||
            strcmp(received->items[i].path, "qtown.yaml") == 0)
            return true;
    return false;
}

/* Merged unit files that do not load against the merged plan are kept (the
 * merge is faithful) but reported; when the plan or the settings changed,
 * every unit is (a plan that drops a check some unit uses). */
static void check_received(syncer *s, workspace *merged, const sync_changes *received)
{
    if (settings_received(received)) {
        workspace_load_units(merged, &s->res->problems);
        return;
    }
    for (size_t i = 0; i < received->n; i++) {
        const sync_delta *d = &received->items[i];
        unit_kind kind;
        char *id;
        if (!d->is_unit || !workspace_unit_of_path(d->path, &kind, &id))
            continue;
        char *full = fs_join(s->ws->root, d->path);
        char *buf = NULL;
        size_t len = 0;
        if (fs_tree_read(&merged->tree, full, UNIT_MAX_BYTES, &buf, &len, NULL,
                         &s->res->problems) == FS_OK)
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
    ok = changes_between(&s->g, &s->ws->plan, "HEAD", NULL, &incoming, s->dl);
    check_received(s, &merged, &incoming);
    workspace_close(&merged);
    strbuf msg = STRBUF_INIT;
    sb_printf(&msg, "qtown sync: merged %s/%s\n\n", s->res->remote, s->res->branch);
    summary_lines(&incoming, LANG_EN, SYNC_MESSAGE_MAX_LINES, &msg);
    ok = ok && git_ok(&s->g, s->dl, "commit", "-q", "--no-edit", "-m", sb_str(&msg), NULL);
    if (!ok)
        abort_merge(s);
    sb_free(&msg);
    if (ok)
        adopt_incoming(s, &incoming);
    sync_changes_free(&incoming);
    return ok;
}

/* Only the remote has commits: HEAD moves to them. */
static bool fast_forward(syncer *s, const char *theirs)
{
    char *before = git_capture(&s->g, s->dl, "rev-parse", "HEAD", NULL);
    bool ok = before && git_ok(&s->g, s->dl, "merge", "--ff-only", "-q", theirs, NULL);
    workspace merged;
    if (ok && !check_merged_workspace(s, &merged, s->dl)) {
        /* settings or a plan that do not load would lock every later
         * command out: their commits are not taken until they are fixed */
        ok = false;
        git_ok(&s->g, s->dl, "reset", "-q", "--keep", before, NULL);
    }
    sync_changes incoming = {0};
    if (ok)
        changes_between(&s->g, &s->ws->plan, before, "HEAD", &incoming, s->dl);
    if (ok) { /* their unit files, as they are: problems are reported */
        check_received(s, &merged, &incoming);
        workspace_close(&merged);
    }
    if (ok)
        adopt_incoming(s, &incoming);
    sync_changes_free(&incoming);
    free(before);
    return ok;
}

/* Brings in the remote's commits; true when HEAD holds them. */
bool sync_merge_remote(syncer *s, const char *theirs)
{
    if (is_ancestor(s, theirs, "HEAD"))
        return true; /* nothing new there */
    if (!sync_guard_begin(s, theirs))
        return false;
    bool ok = is_ancestor(s, "HEAD", theirs) ? fast_forward(s, theirs) : merge_diverged(s, theirs);
    if (ok)
        sync_guard_end(s);
    else
        sync_guard_undo(s);
    return ok;
}
