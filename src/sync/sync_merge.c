/* Step 4 of the sync: merging what came in (syncer.h).
 *
 * A true merge is done here rather than by `git merge`, which would start
 * the merge driver (`qtown merge-file`) once per unit file changed on
 * both sides: 10 ms a file, minutes for ten thousand.  git's read-tree
 * takes what changed on one side only and leaves the files changed on
 * both sides unmerged; their three versions are read from git in batches
 * and merged in this process (merge_file.h, the driver's own rules); other
 * files get git's line merge (merge-one-file).  MERGE_HEAD is set first,
 * so that a merge cut short is one git knows (git merge --abort), and all
 * of it runs inside the merge guard (merge_guard.c: a failure puts the
 * files back).  A history git cannot merge that way (several merge bases)
 * goes through `git merge` and the driver. */
#include "sync/syncer.h"

#include "i18n/i18n.h"
#include "model/merge_file.h"
#include "model/workspace.h"
#include "sync/repo.h"
#include "sync/summary.h"
#include "util/clock.h"
#include "util/fsutil.h"
#include "util/par.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Unit files whose three versions are in memory at once. */
#define MERGE_BATCH 256
#define OID_MAX     64 /* hex digits of an object id, sha256 included */

static bool is_ancestor(syncer *s, const char *a, const char *b)
{
    proc_result r;
    bool yes = git_run(&s->g, NULL, 0, &r, NULL, "merge-base", "--is-ancestor", a, b, NULL) &&
               r.status == 0;
    proc_result_free(&r);
    return yes;
}

/* A path git could not merge, with the stages it has (1 base, 2 ours, 3
 * theirs): each one's object id and mode. */
typedef struct unmerged {
    char *path;
    bool stage[4];
    char oid[4][OID_MAX + 1];
    unsigned mode[4];
} unmerged;

static void unmerged_free(unmerged *u, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(u[i].path);
    free(u);
}

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
        unsigned mode;
        char oid[OID_MAX + 1];
        int stage;
        if (!tab || sscanf(p, "%o %64s %d", &mode, oid, &stage) != 3 || stage < 1 || stage > 3)
            continue;
        if (!n || strcmp((*out)[n - 1].path, tab + 1) != 0) {
            *out = xgrow(*out, &cap, n + 1, sizeof **out);
            memset(&(*out)[n], 0, sizeof **out);
            (*out)[n++].path = xstrdup(tab + 1);
        }
        unmerged *u = &(*out)[n - 1];
        u->stage[stage] = true;
        u->mode[stage] = mode;
        memcpy(u->oid[stage], oid, sizeof oid);
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

static void say_unit_not_merged(syncer *s, const char *path)
{
    diag_add(s->dl, path, 0, 0, TR(M_SYNC_UNIT_NOT_MERGED));
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

/* Did the settings or the plan come in? */
static bool settings_received(const sync_changes *received)
{
    for (size_t i = 0; i < received->n; i++)
        if (strcmp(received->items[i].path, "plan.yaml") == 0 ||
            strcmp(received->items[i].path, "qtown.yaml") == 0)
            return true;
    return false;
}

/* What came in that does not load against the merged plan is kept (the
 * merge is faithful) but reported: the unit files that came in, read as
 * they arrived (`unit_problems`); when the plan or the settings came in,
 * every unit (a plan that drops a check some unit uses). */
static void say_received_problems(syncer *s, workspace *merged, const sync_changes *received,
                                  diag_list *unit_problems)
{
    if (settings_received(received))
        workspace_load_units(merged, &s->res->problems);
    else
        diag_move(&s->res->problems, unit_problems);
    diag_clear(unit_problems);
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

/* The progress of receiving: files already done before this step, of
 * all that came in. */
typedef struct receiving {
    syncer *s;
    size_t before, total;
} receiving;

/* (What came in is read to its end: the merge stops between batches.) */
static bool tick_receiving(void *ctx, size_t done, size_t total)
{
    receiving *r = ctx;
    syncer_progress(r->s, SYNC_RECEIVING, r->before + done, r->total ? r->total : total);
    return true;
}

/* Commits the merge of `theirs` (MERGE_HEAD is set) with what came in as
 * its message; after `git merge`, with `git commit`, which also removes
 * the message git merge left (MERGE_MSG). */
static bool commit_merge(syncer *s, const char *theirs, bool after_git_merge,
                         sync_changes *incoming)
{
    strbuf msg = STRBUF_INIT;
    sb_printf(&msg, "qtown sync: merged %s/%s\n\n", s->res->remote, s->res->branch);
    summary_lines(incoming, LANG_EN, SYNC_MESSAGE_MAX_LINES, &msg);
    bool ok =
        repo_commit_index(&s->g, sb_str(&msg), theirs, after_git_merge ? NULL : s->hooks, s->dl);
    sb_free(&msg);
    if (ok)
        adopt_incoming(s, incoming);
    return ok;
}

/* ---- the merge done here ------------------------------------------------------------- */

/* A batch of unit files changed on both sides: their versions read,
 * merged, written, checked against the merged plan; what the merge changed
 * here is added to `incoming`, the paths to stage to `staged`. */
typedef struct unit_batch {
    syncer *s;
    const workspace *merged;
    const char *now;
    sync_changes *incoming;
    strbuf *staged;      /* NUL-separated paths for git update-index */
    diag_list *problems; /* merged files that do not load against the merged plan */
    receiving tick;
} unit_batch;

static bool regular_modes(const unmerged *u)
{
    for (int st = 1; st <= 3; st++)
        if (u->stage[st] && u->mode[st] != 0100644 && u->mode[st] != 0100755)
            return false;
    return true;
}

/* One unit file changed on both sides: read and merged by any thread
 * (merge_read), then written, checked and staged in the order of the
 * files (merge_write). */
typedef struct merge_job {
    const unmerged *u;
    const file_bytes *files; /* its three versions */
    unit_versions v;
    bool read;      /* every version loads */
    diag_list why;  /* why one does not */
    bool merged_ok; /* merged, and not too long */
    diag_list dl;   /* why not */
    strbuf out;     /* the merged file */
    unit *merged;   /* NULL: removed */
    bool sides_load;
    arena *unpacked; /* the versions found parsed already (parsed.h) */
} merge_job;

typedef struct merge_jobs {
    unit_batch *b;
    merge_job *jobs;
    size_t first; /* the batch's place among every unit merged */
} merge_jobs;

/* The bytes of a batch's versions whose trees are in memory at once (the
 * batch is merged in windows of this much). */
#define MERGE_WINDOW_BYTES (16 * 1024 * 1024)

/* Does the merged file load against the merged plan?  It does when both
 * sides it was made of do and it is not too long: they are read again
 * against that plan from the trees already parsed.  Only otherwise is the
 * file itself read (merge_write), for messages that point into it. */
static bool sides_load(const unit_batch *b, const unit_versions *v, const char *path,
                       const strbuf *out)
{
    diag_list ignored = DIAG_LIST_INIT;
    bool load = out->len <= UNIT_MAX_BYTES;
    for (int i = MF_OURS; i <= MF_THEIRS && load; i++) {
        unit *u = unit_versions_against(v, (size_t)i, &b->merged->plan, path, &ignored);
        load = u || !v->root[i];
        unit_free(u);
    }
    diag_clear(&ignored);
    return load;
}

/* Reads the three versions and merges them: touches only its job
 * (par_for). */
static void merge_read(void *ctx, size_t i)
{
    const merge_jobs *m = ctx;
    merge_job *j = &m->jobs[i];
    const char *path = j->u->path;
    static const char *const sides[3] = {"base", "ours", "theirs"};
    char *labels[3];
    for (int k = 0; k < 3; k++)
        labels[k] = xasprintf("%s (%s)", path, sides[k]);
    j->read = regular_modes(j->u);
    if (!j->read)
        diag_add(&j->why, path, 0, 0, "%s", tr(M_SYNC_NOT_REGULAR));
    /* base and ours are mostly what the local commit parsed (parsed.h) */
    const ynode *parsed[3] = {NULL, NULL, NULL};
    j->unpacked = parsed_count(m->b->s->parsed) ? arena_new(16 * 1024) : NULL;
    for (int k = 0; j->unpacked && k < 3; k++)
        parsed[k] = parsed_find(m->b->s->parsed, j->files[k].buf, j->files[k].len, j->unpacked);
    j->read = j->read && unit_versions_read_parsed(&j->v, path, &m->b->merged->plan, j->files,
                                                   parsed, 3, (const char *const *)labels, &j->why);
    j->merged_ok =
        j->read && merge_versions(&j->v, path, m->b->now, &j->out, &j->merged, NULL, &j->dl);
    j->sides_load = j->merged_ok && j->merged && sides_load(m->b, &j->v, path, &j->out);
    for (int k = 0; k < 3; k++)
        free(labels[k]);
}

static void merge_job_free(merge_job *j)
{
    unit_free(j->merged);
    sb_free(&j->out);
    unit_versions_free(&j->v);
    arena_free(j->unpacked); /* after v, whose trees it may hold */
    diag_clear(&j->why);
    diag_clear(&j->dl);
    memset(j, 0, sizeof *j);
}

/* Writes the merged file (or removes it), checks and stages it. */
static bool write_merged(unit_batch *b, merge_job *j)
{
    syncer *s = b->s;
    const char *path = j->u->path;
    if (!j->read) { /* a version does not load: said first, then where */
        say_unit_not_merged(s, path);
        diag_move(s->dl, &j->why);
        return false;
    }
    diag_move(s->dl, &j->dl);
    if (!j->merged_ok)
        return false;
    char *full = fs_join(s->ws->root, path);
    bool ok = j->merged
                  ? fs_tree_write_batch(&s->ws->tree, full, j->out.data, j->out.len, 0644, s->dl)
                  : fs_tree_remove(&s->ws->tree, full, s->dl);
    if (ok && j->merged && !j->sides_load)
        unit_free(unit_parse(&b->merged->plan, full, j->out.data, j->out.len, j->v.id, j->v.kind,
                             b->problems));
    free(full);
    if (ok) {
        sync_changes_add(b->incoming, path, j->v.u[MF_OURS], j->merged, false);
        sb_add(b->staged, path, strlen(path) + 1);
    }
    return ok;
}

/* The files merged by merge_read, in order: written, and the progress
 * told. */
static bool merge_write(void *ctx, size_t i)
{
    merge_jobs *m = ctx;
    bool ok = write_merged(m->b, &m->jobs[i]);
    merge_job_free(&m->jobs[i]);
    tick_receiving(&m->b->tick, m->first + i + 1, 0);
    return ok;
}

static size_t merge_bytes(void *ctx, size_t i)
{
    const merge_job *j = &((merge_jobs *)ctx)->jobs[i];
    return j->files[0].len + j->files[1].len + j->files[2].len + 1;
}

/* units[first, last): their versions read in one run of git, read and
 * merged on every processor, then written in order. */
static bool merge_batch(unit_batch *b, unmerged *const *units, size_t first, size_t last)
{
    const char **names = xcalloc(3 * (last - first) + 1, sizeof *names);
    size_t k = 0;
    for (size_t i = first; i < last; i++)
        for (int st = 1; st <= 3; st++)
            names[k++] = units[i]->stage[st] ? units[i]->oid[st] : "-";
    repo_blobs blobs;
    bool ok = repo_read_blobs(&b->s->g, names, k, &blobs, b->s->dl);
    merge_job *jobs = xcalloc(last - first, sizeof *jobs);
    for (size_t i = first; i < last; i++) {
        jobs[i - first].u = units[i];
        jobs[i - first].files = &blobs.files[3 * (i - first)];
    }
    merge_jobs m = {b, jobs, first};
    ok = ok &&
         par_for_then(last - first, merge_read, merge_write, merge_bytes, MERGE_WINDOW_BYTES, &m);
    for (size_t i = first; i < last; i++)
        merge_job_free(&jobs[i - first]);
    free(jobs);
    repo_blobs_free(&blobs);
    free(names);
    return ok;
}

/* Every unit file changed on both sides, merged and staged.  Stopped
 * between two batches when the caller says so (the merge is then undone). */
static bool merge_units(unit_batch *b, unmerged *const *units, size_t n)
{
    bool ok = true;
    for (size_t first = 0; ok && first < n; first += MERGE_BATCH)
        ok = syncer_keep_going(b->s) &&
             merge_batch(b, units, first, first + MERGE_BATCH < n ? first + MERGE_BATCH : n);
    if (!ok || !b->staged->len)
        return ok;
    proc_result r;
    const char *args[] = {"update-index", "--add", "--remove", "-z", "--stdin", NULL};
    if (!fs_tree_sync(&b->s->ws->tree, b->s->dl) ||
        !git_runv(&b->s->g, args, b->staged->data, b->staged->len, &r, b->s->dl))
        return false;
    ok = r.status == 0;
    if (!ok)
        git_report(args, &r, b->s->dl);
    proc_result_free(&r);
    return ok;
}

/* Other files changed on both sides: git's line merge; false (each one
 * named) when one of them has lines changed on both sides. */
static bool merge_others(syncer *s, unmerged *const *others, size_t n)
{
    if (!n)
        return true;
    const char **args = xcalloc(n + 6, sizeof *args);
    size_t k = 0;
    args[k++] = "merge-index";
    args[k++] = "-o";
    args[k++] = "-q";
    args[k++] = "git-merge-one-file";
    args[k++] = "--";
    for (size_t i = 0; i < n; i++)
        args[k++] = others[i]->path;
    proc_result r;
    bool ok = git_runv(&s->g, args, NULL, 0, &r, s->dl);
    free(args);
    if (!ok)
        return false;
    proc_result_free(&r);
    unmerged *left;
    size_t n_left = list_unmerged(s, &left);
    for (size_t i = 0; i < n_left; i++)
        if (!workspace_is_unit_path(left[i].path))
            say_not_merged(s, left[i].path);
    ok = true;
    for (size_t i = 0; i < n_left && ok; i++)
        ok = workspace_is_unit_path(left[i].path);
    unmerged_free(left, n_left);
    return ok;
}

/* The files that came in besides the unit files merged here (taken from
 * one side, or line-merged): their changes from HEAD to the index, the
 * paths of `units` (sorted, as the diff) left out. */
static bool other_incoming(syncer *s, const workspace *merged, unmerged *const *units,
                           size_t n_units, receiving *tick, diag_list *problems,
                           sync_changes *incoming)
{
    path_changes changed;
    if (!repo_diff(&s->g, "HEAD", NULL, &changed, s->dl))
        return false;
    size_t k = 0, j = 0;
    for (size_t i = 0; i < changed.n; i++) {
        const char *path = changed.items[i].path;
        while (j < n_units && strcmp(units[j]->path, path) < 0)
            j++;
        if (j < n_units && strcmp(units[j]->path, path) == 0)
            free(changed.items[i].path);
        else
            changed.items[k++] = changed.items[i];
    }
    changed.n = k;
    changes_check check = {
        .plan = &merged->plan, .problems = problems, .tick = {tick_receiving, tick}};
    bool ok = changes_of_paths(&s->g, &s->ws->plan, &changed, false, &check, incoming, s->dl);
    path_changes_free(&changed);
    return ok;
}

typedef enum here_outcome { MERGED_HERE, NOT_HERE, MERGE_FAILED } here_outcome;

/* Starts the merge: MERGE_HEAD, then git's read-tree (one side's changes
 * taken, the files changed on both sides left unmerged).  NOT_HERE when
 * read-tree will not (it leaves everything as it was). */
/* git read-tree -m -u TREES...: the index and the work tree moved to the
 * merge of the trees, where they differ.  It refuses when a file it would
 * write looks changed here; as the stat data may just be old (the sync's
 * git status usually refreshed it: a refresh looks at every file of the
 * work tree), once more after a refresh.  Refused, it changes nothing. */
static bool read_tree(syncer *s, const char *const *trees)
{
    const char *args[8] = {"read-tree", "-m", "-u"};
    size_t n = 3;
    for (size_t i = 0; trees[i] && n < 7; i++)
        args[n++] = trees[i];
    args[n] = NULL;
    proc_result r;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (attempt)
            git_ok(&s->g, NULL, "update-index", "-q", "--refresh", NULL);
        bool ok = git_runv(&s->g, args, NULL, 0, &r, NULL) && r.status == 0;
        proc_result_free(&r);
        if (ok)
            return true;
    }
    return false;
}

/* Starts the merge: MERGE_HEAD, then git's read-tree (one side's changes
 * taken, the files changed on both sides left unmerged).  NOT_HERE when
 * read-tree will not (it leaves everything as it was). */
static here_outcome start_merge(syncer *s, const char *base, const char *theirs)
{
    if (!git_ok(&s->g, s->dl, "update-ref", "MERGE_HEAD", theirs, NULL))
        return MERGE_FAILED;
    const char *trees[] = {"--aggressive", base, "HEAD", theirs, NULL};
    if (read_tree(s, trees))
        return MERGED_HERE;
    git_ok(&s->g, NULL, "update-ref", "-d", "MERGE_HEAD", NULL);
    return NOT_HERE;
}

static size_t sort_unmerged(unmerged *u, size_t n, unmerged ***units, unmerged ***others)
{
    size_t n_units = 0, n_others = 0;
    *units = xcalloc(n + 1, sizeof **units);
    *others = xcalloc(n + 1, sizeof **others);
    for (size_t i = 0; i < n; i++) {
        if (workspace_is_unit_path(u[i].path))
            (*units)[n_units++] = &u[i];
        else
            (*others)[n_others++] = &u[i];
    }
    return n_units;
}

/* The merge with one merge base, done here (see the top of this file). */
static here_outcome merge_here(syncer *s, const char *base, const char *theirs)
{
    here_outcome how = start_merge(s, base, theirs);
    if (how != MERGED_HERE)
        return how;
    unmerged *u, **units, **others;
    size_t n = list_unmerged(s, &u); /* sorted by path, as git lists them */
    size_t n_units = sort_unmerged(u, n, &units, &others);
    path_changes changed; /* everything that comes in: the progress's total */
    bool ok = repo_diff(&s->g, "HEAD", NULL, &changed, s->dl);
    size_t total = changed.n;
    path_changes_free(&changed);
    workspace merged;
    bool opened =
        ok && merge_others(s, others, n - n_units) && check_merged_workspace(s, &merged, s->dl);
    ok = opened;
    if (opened) {
        char now[CLOCK_ISO_SIZE];
        clock_now_iso(now);
        strbuf staged = STRBUF_INIT;
        sync_changes incoming = {0};
        diag_list problems = DIAG_LIST_INIT;
        unit_batch b = {s, &merged, now, &incoming, &staged, &problems, {s, 0, total}};
        ok = merge_units(&b, units, n_units) && syncer_keep_going(s);
        b.tick.before = n_units;
        ok = ok && other_incoming(s, &merged, units, n_units, &b.tick, &problems, &incoming);
        sync_changes_sort(&incoming);
        if (ok)
            say_received_problems(s, &merged, &incoming, &problems);
        ok = ok && commit_merge(s, theirs, false, &incoming);
        diag_clear(&problems);
        sync_changes_free(&incoming);
        sb_free(&staged);
        workspace_close(&merged);
    }
    if (!ok)
        abort_merge(s);
    free(units);
    free(others);
    unmerged_free(u, n);
    return ok ? MERGED_HERE : MERGE_FAILED;
}

/* ---- the merge by git (several merge bases) ---------------------------------------------- */

/* Unit files removed on one side and changed on the other keep the changed
 * version (git leaves it in the folder).  Everything else git could not
 * merge is reported; false when anything is left. */
static bool resolve_unmerged(syncer *s, const char *merge_output)
{
    unmerged *u;
    size_t n = list_unmerged(s, &u);
    bool ok = n > 0, unit_failed = false;
    for (size_t i = 0; i < n; i++) {
        bool is_unit = workspace_is_unit_path(u[i].path);
        bool modify_delete = u[i].stage[1] && (!u[i].stage[2] || !u[i].stage[3]);
        if (is_unit && modify_delete && git_ok(&s->g, s->dl, "add", "--", u[i].path, NULL))
            continue;
        ok = false;
        unit_failed = unit_failed || is_unit;
        if (!is_unit)
            say_not_merged(s, u[i].path);
        else
            say_unit_not_merged(s, u[i].path);
    }
    if (n == 0 || unit_failed) /* git's words say why */
        add_git_lines(s->dl, merge_output);
    unmerged_free(u, n);
    return ok;
}

static bool merge_by_git(syncer *s, const char *theirs)
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
    receiving tick = {s, 0, 0};
    diag_list problems = DIAG_LIST_INIT;
    changes_check check = {
        .plan = &merged.plan, .problems = &problems, .tick = {tick_receiving, &tick}};
    ok = changes_between(&s->g, &s->ws->plan, "HEAD", NULL, &check, &incoming, s->dl);
    if (ok)
        say_received_problems(s, &merged, &incoming, &problems);
    ok = ok && commit_merge(s, theirs, true, &incoming);
    workspace_close(&merged);
    if (!ok)
        abort_merge(s);
    diag_clear(&problems);
    sync_changes_free(&incoming);
    return ok;
}

/* ---- the three cases ------------------------------------------------------------------- */

/* A true merge (both sides have commits the other lacks). */
static bool merge_diverged(syncer *s, const char *theirs)
{
    char *bases = git_capture(&s->g, NULL, "merge-base", "--all", "HEAD", theirs, NULL);
    here_outcome how = NOT_HERE;
    if (bases && *bases && !strchr(bases, '\n'))
        how = merge_here(s, bases, theirs);
    free(bases);
    return how == NOT_HERE ? merge_by_git(s, theirs) : how == MERGED_HERE;
}

/* HEAD moved on to `theirs`, which holds it: the files that differ
 * written (read_tree), then the branch moved, as git merge --ff-only does
 * but without a look at every file of the work tree; git merge itself
 * when read-tree refuses (its words say why). */
static bool move_to(syncer *s, const char *before, const char *theirs)
{
    const char *trees[] = {before, theirs, NULL};
    if (!read_tree(s, trees))
        return git_ok(&s->g, s->dl, "merge", "--ff-only", "-q", theirs, NULL);
    char *why = xasprintf("merge %s/%s: Fast-forward", s->res->remote, s->res->branch);
    bool ok = git_ok(&s->g, s->dl, "update-ref", "-m", why, "HEAD", theirs, before, NULL);
    free(why);
    if (!ok) { /* the files back as HEAD has them */
        const char *back[] = {theirs, before, NULL};
        read_tree(s, back);
    }
    return ok;
}

/* Only the remote has commits: HEAD moves to them. */
static bool fast_forward(syncer *s, const char *theirs)
{
    char *before = git_capture(&s->g, s->dl, "rev-parse", "HEAD", NULL);
    bool ok = before && move_to(s, before, theirs);
    workspace merged;
    if (ok && !check_merged_workspace(s, &merged, s->dl)) {
        /* settings or a plan that do not load would lock every later
         * command out: their commits are not taken until they are fixed */
        ok = false;
        git_ok(&s->g, s->dl, "reset", "-q", "--keep", before, NULL);
    }
    sync_changes incoming = {0};
    receiving tick = {s, 0, 0};
    diag_list problems = DIAG_LIST_INIT; /* their unit files, as they are */
    changes_check check = {
        .plan = ok ? &merged.plan : NULL, .problems = &problems, .tick = {tick_receiving, &tick}};
    if (ok)
        changes_between(&s->g, &s->ws->plan, before, "HEAD", &check, &incoming, s->dl);
    if (ok) {
        say_received_problems(s, &merged, &incoming, &problems);
        workspace_close(&merged);
        adopt_incoming(s, &incoming);
    }
    diag_clear(&problems);
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
