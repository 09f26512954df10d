#include "sync/repo.h"

#include "model/unit.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A pathspec's '*' crosses '/': evidence/ and every file below it. */
const char *const repo_pathspecs[] = {
    "qtown.yaml",
    "plan.yaml",
    "town.yaml",
    "villages/*.yaml",
    "enterprises/*.yaml",
    "archive/villages/*.yaml",
    "archive/enterprises/*.yaml",
    "meetings/*.yaml",
    "assessments/*.yaml",
    ".gitattributes",
    ".gitignore",
    "evidence/*",
    NULL,
};

/* qtown's attributes, in $GIT_DIR/info/attributes: there they win over
 * any .gitattributes (git reads info/attributes first, attribute by
 * attribute), and no remote can reach them.  Unit files go through the
 * driver; every file of qtown's is merged by qtown's rule (the settings and
 * the plan by git's own line merge, never "union" or "binary"), compared
 * as text and kept as its bytes: no end-of-line conversion, no filter, no
 * working-tree encoding that a pushed .gitattributes could ask for.
 * Evidence files are binary (their sha256 is in their record; their names
 * carry their content's hash, so two laptops never make the same one). */
#define PLAIN_BYTES "diff -text -filter -ident !eol !working-tree-encoding"
static const char *const attribute_lines[] = {
    "villages/*.yaml merge=qtown " PLAIN_BYTES,
    "enterprises/*.yaml merge=qtown " PLAIN_BYTES,
    "town.yaml merge=qtown " PLAIN_BYTES,
    "qtown.yaml merge " PLAIN_BYTES,
    "plan.yaml merge " PLAIN_BYTES,
    "evidence/** binary -filter -ident !eol !working-tree-encoding",
    NULL,
};

#define DRIVER_SECTION "[merge \"qtown\"]"
#define CONFIG_MAX     (1024 * 1024)

bool repo_exists(const char *root)
{
    char *dot = fs_join(root, ".git");
    struct stat st;
    bool yes = stat(dot, &st) == 0;
    free(dot);
    return yes;
}

/* The cheap look: .git/config names the driver's section.  False when it
 * does not or cannot tell (.git is a file: a linked work tree). */
static bool config_has_driver(const fs_tree *root)
{
    char *buf = NULL;
    size_t len = 0;
    bool yes = fs_tree_read(root, ".git/config", CONFIG_MAX, &buf, &len, NULL, NULL) == FS_OK &&
               memmem(buf, len, DRIVER_SECTION, strlen(DRIVER_SECTION)) != NULL;
    free(buf);
    return yes;
}

bool repo_ensure_driver(git *g, diag_list *dl)
{
    if (config_has_driver(&g->tree))
        return true;
    char *have = git_capture(g, NULL, "config", "--get", "merge.qtown.driver", NULL);
    bool present = have && *have;
    free(have);
    if (present) /* the user's own choice (another path to qtown): kept */
        return true;
    return git_ok(g, dl, "config", "merge.qtown.name", "qtown: unit files merged per check",
                  NULL) &&
           git_ok(g, dl, "config", "merge.qtown.driver", REPO_DRIVER, NULL);
}

void repo_register_quietly(const fs_tree *root)
{
    if (!repo_exists(root->root) || config_has_driver(root))
        return;
    git g;
    if (!git_open(&g, root->root, NULL))
        return;
    bool written;
    if (repo_ensure_driver(&g, NULL))
        repo_ensure_attributes(&g, &written, NULL);
    git_close(&g);
}

static bool has_line(const char *buf, size_t len, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = buf; p && p < buf + len;) {
        const char *end = memchr(p, '\n', (size_t)(buf + len - p));
        size_t l = end ? (size_t)(end - p) : (size_t)(buf + len - p);
        if (l == n && memcmp(p, line, n) == 0)
            return true;
        p = end ? end + 1 : NULL;
    }
    return false;
}

bool repo_open_git_dir(git *g, fs_tree *gd, diag_list *dl)
{
    char *dir = git_capture(g, dl, "rev-parse", "--git-common-dir", NULL);
    if (!dir)
        return false;
    char *full = dir[0] == '/' ? xstrdup(dir) : fs_join(g->root, dir);
    bool ok = fs_tree_open(gd, full, dl);
    free(full);
    free(dir);
    return ok;
}

bool repo_ensure_attributes(git *g, bool *written, diag_list *dl)
{
    static const char path[] = "info/attributes";
    fs_tree gd;
    char *buf = NULL;
    size_t len = 0;
    *written = false;
    if (!repo_open_git_dir(g, &gd, dl))
        return false;
    fs_result fr = fs_tree_read(&gd, path, CONFIG_MAX, &buf, &len, NULL, dl);
    bool ok = fr != FS_ERROR;
    strbuf out = STRBUF_INIT;
    if (ok && buf)
        sb_add(&out, buf, len);
    if (ok && out.len && out.data[out.len - 1] != '\n')
        sb_putc(&out, '\n');
    size_t before = out.len;
    for (size_t i = 0; ok && attribute_lines[i]; i++) {
        if (buf && has_line(buf, len, attribute_lines[i]))
            continue;
        if (out.len == before)
            sb_puts(&out, "# qtown: how its files merge; wins over any .gitattributes\n");
        sb_printf(&out, "%s\n", attribute_lines[i]);
    }
    if (ok && out.len != before) {
        ok = fs_tree_mkdirs(&gd, "info", dl) &&
             fs_tree_write(&gd, path, out.data, out.len, 0644, dl);
        *written = ok;
    }
    sb_free(&out);
    free(buf);
    fs_tree_close(&gd);
    return ok;
}

void repo_ensure_identity(git *g, const char *by)
{
    char *ident = git_capture(g, NULL, "var", "GIT_COMMITTER_IDENT", NULL);
    bool known = ident != NULL;
    free(ident);
    if (known)
        return;
    git_setenv(g, "GIT_AUTHOR_NAME", by);
    git_setenv(g, "GIT_COMMITTER_NAME", by);
    git_setenv(g, "GIT_AUTHOR_EMAIL", "qtown@localhost");
    git_setenv(g, "GIT_COMMITTER_EMAIL", "qtown@localhost");
}

char *repo_user_name(const char *root)
{
    git g;
    if (!git_open(&g, root, NULL))
        return NULL;
    char *name = git_capture(&g, NULL, "config", "--get", "user.name", NULL);
    git_close(&g);
    return name;
}

/* Runs git with `in` on its standard input; false (git's words in dl)
 * unless it succeeds. */
static bool run_with_input(git *g, const char *const *args, const strbuf *in, diag_list *dl)
{
    proc_result r;
    bool ok = git_runv(g, args, in->data, in->len, &r, dl);
    if (ok && r.status != 0) {
        git_report(args, &r, dl);
        ok = false;
    }
    proc_result_free(&r); /* proc_run always leaves r to be freed */
    return ok;
}

/* Is anything staged besides these paths (sorted)?  Then a commit of the
 * index would take it too. */
static bool others_staged(git *g, const path_changes *paths)
{
    char *staged =
        git_capture(g, NULL, "diff-index", "--cached", "--name-only", "-z", "HEAD", NULL);
    if (!staged) { /* no commit yet: all that is staged */
        char *empty = git_capture(g, NULL, "hash-object", "-t", "tree", "--stdin", NULL);
        if (empty)
            staged =
                git_capture(g, NULL, "diff-index", "--cached", "--name-only", "-z", empty, NULL);
        free(empty);
    }
    if (!staged)
        return true; /* cannot tell: the careful way */
    bool others = false;
    for (const char *p = staged; *p && !others; p += strlen(p) + 1)
        others = !repo_find_change(paths, p);
    free(staged);
    return others;
}

/* Does the user have a hook that `git commit` would run? */
static bool has_commit_hooks(const char *hooks)
{
    static const char *const names[] = {"pre-commit", "prepare-commit-msg", "commit-msg",
                                        "post-commit", NULL};
    if (!hooks)
        return true; /* not known: let git see */
    bool any = false;
    for (size_t i = 0; names[i] && !any; i++) {
        char *path = fs_join(hooks, names[i]);
        any = access(path, X_OK) == 0;
        free(path);
    }
    return any;
}

bool repo_commit_index(git *g, const char *message, const char *merge, const char *hooks,
                       diag_list *dl)
{
    if (has_commit_hooks(hooks))
        return git_ok(g, dl, "commit", "-q", "--no-edit", "--allow-empty", "-m", message, NULL);
    char *tree = git_capture(g, dl, "write-tree", NULL);
    char *head = git_capture(g, NULL, "rev-parse", "-q", "--verify", "HEAD", NULL);
    const char *args[10] = {"commit-tree", tree, "-F", "-"};
    size_t n = 4;
    if (head) {
        args[n++] = "-p";
        args[n++] = head;
    }
    if (merge) {
        args[n++] = "-p";
        args[n++] = merge;
    }
    args[n] = NULL;
    proc_result r;
    bool ok = tree && git_runv(g, args, message, strlen(message), &r, dl);
    char *commit = NULL;
    if (ok && r.status == 0)
        commit = xstrndup(sb_str(&r.out), strcspn(sb_str(&r.out), "\n"));
    else if (ok)
        git_report(args, &r, dl);
    if (ok)
        proc_result_free(&r);
    /* the reflog says what git commit would */
    char *why =
        xasprintf("commit%s: %.*s", merge ? " (merge)" : "", (int)strcspn(message, "\n"), message);
    ok = commit && git_ok(g, dl, "update-ref", "-m", why, "HEAD", commit, head ? head : "", NULL);
    if (ok && merge)
        ok = git_ok(g, dl, "update-ref", "-d", "MERGE_HEAD", NULL);
    free(why);
    free(commit);
    free(head);
    free(tree);
    return ok;
}

bool repo_commit(git *g, const path_changes *paths, const char *message, const char *hooks,
                 diag_list *dl)
{
    if (paths->n == 0)
        return true;
    strbuf list = STRBUF_INIT; /* the paths on standard input: no limit on their number */
    for (size_t i = 0; i < paths->n; i++)
        sb_add(&list, paths->items[i].path, strlen(paths->items[i].path) + 1);
    /* Staged by name (update-index): git add and commit with thousands of
     * paths as pathspecs match each against each file, minutes for 10,000.
     * Committed as the index, unless something else is staged (the user's
     * own `git add`): then only these paths, with pathspecs. */
    const char *stage[] = {"update-index", "--add", "--remove", "-z", "--stdin", NULL};
    const char *commit_only[] = {
        "commit", "-q", "--no-edit", "-m", message, "--pathspec-from-file=-", "--pathspec-file-nul",
        NULL};
    bool careful = others_staged(g, paths);
    bool ok = run_with_input(g, stage, &list, dl) &&
              (careful ? run_with_input(g, commit_only, &list, dl)
                       : repo_commit_index(g, message, NULL, hooks, dl));
    sb_free(&list);
    return ok;
}

bool repo_init(git *g, const char *by, diag_list *dl)
{
    bool written;
    if (!git_ok(g, dl, "init", "-q", NULL) || !repo_ensure_attributes(g, &written, dl) ||
        !repo_ensure_driver(g, dl))
        return false;
    repo_ensure_identity(g, by);
    path_changes files;
    bool ok = repo_local_changes(g, &files, dl) &&
              repo_commit(g, &files, "qtown: a new workspace", NULL, dl);
    path_changes_free(&files);
    return ok;
}

/* ---- reading versions ------------------------------------------------------ */

/* The size at the end of a "<oid> <type> <size>" line ending at nl; false
 * for "<name> missing". */
static bool line_size(const char *p, const char *nl, unsigned long long *size)
{
    const char *last = nl;
    while (last > p && last[-1] != ' ')
        last--;
    char *stop;
    *size = strtoull(last, &stop, 10);
    return stop == nl && last > p;
}

/* How far an answer of `git cat-file` has been read: `want` answers, each
 * a line, followed (with `contents`: --batch) by the bytes it announces
 * and a newline. */
typedef struct cat_answer {
    bool contents;
    size_t want, got;
    size_t at; /* where the next answer starts */
} cat_answer;

static bool cat_whole(void *ctx, const strbuf *out)
{
    cat_answer *a = ctx;
    for (; a->got < a->want; a->got++) {
        if (a->at >= out->len)
            return false;
        const char *p = out->data + a->at;
        const char *nl = memchr(p, '\n', out->len - a->at);
        if (!nl)
            return false;
        size_t next = (size_t)(nl + 1 - out->data);
        unsigned long long size;
        if (a->contents && line_size(p, nl, &size)) {
            if (out->len - next <= size)
                return false; /* its bytes and their newline are not all here */
            next += (size_t)size + 1;
        }
        a->at = next;
    }
    return true;
}

/* Asks `git cat-file MODE` (one child for the whole sync: git_session)
 * for the names with `ask` (NULL: all), one a line (a name with a newline
 * cannot be asked: "-", missing); its answer, or NULL. */
static char *cat_file(git *g, const char *mode, const char *const *names, const bool *ask, size_t n,
                      size_t *len, diag_list *dl)
{
    strbuf in = STRBUF_INIT;
    cat_answer a = {strcmp(mode, "--batch") == 0, 0, 0, 0};
    for (size_t i = 0; i < n; i++)
        if (!ask || ask[i]) {
            sb_printf(&in, "%s\n", strchr(names[i], '\n') ? "-" : names[i]);
            a.want++;
        }
    const char *args[] = {"cat-file", mode, NULL};
    proc_session *s = git_session(g, args, dl);
    strbuf out = STRBUF_INIT;
    bool ok = s && proc_ask(s, in.data, in.len, cat_whole, &a, &out);
    sb_free(&in);
    if (!ok) {
        if (s)
            git_session_failed(g, s, dl);
        sb_free(&out);
        return NULL;
    }
    *len = out.len;
    return sb_steal(&out);
}

bool repo_read_blobs(git *g, const char *const *names, size_t n, repo_blobs *out, diag_list *dl)
{
    memset(out, 0, sizeof *out);
    out->files = xcalloc(n + 1, sizeof *out->files);
    out->sizes = xcalloc(n + 1, sizeof *out->sizes);
    out->n = n;
    if (n == 0)
        return true;
    /* The sizes first: a version past UNIT_MAX_BYTES (what a remote can
     * send) is never read into memory; it reads as an empty, unloadable
     * file. */
    size_t len = 0;
    char *sizes = cat_file(g, "--batch-check", names, NULL, n, &len, dl);
    if (!sizes)
        return false;
    bool *ask = xcalloc(n, sizeof *ask);
    size_t asked = 0;
    const char *p = sizes, *end = sizes + len;
    for (size_t i = 0; i < n && p < end; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        unsigned long long size;
        if (line_size(p, nl, &size) && size <= UNIT_MAX_BYTES)
            ask[i] = true, asked++;
        else if (line_size(p, nl, &size))
            out->files[i] = (file_bytes){"", 0};
        if (line_size(p, nl, &size))
            out->sizes[i] = size;
        p = nl + 1;
    }
    free(sizes);
    char *data = asked ? cat_file(g, "--batch", names, ask, n, &len, dl) : NULL;
    bool ok = !asked || data;
    out->data = data;
    p = data, end = data ? data + len : NULL;
    for (size_t i = 0; i < n && p && p < end; i++) {
        if (!ask[i])
            continue;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        unsigned long long size;
        if (!nl)
            break;
        bool found = line_size(p, nl, &size) && (size_t)(end - nl - 1) >= size;
        p = nl + 1;
        if (!found)
            continue;
        out->files[i] = (file_bytes){p, (size_t)size};
        p += size + 1;
    }
    free(ask);
    return ok;
}

void repo_blobs_free(repo_blobs *b)
{
    free(b->files);
    free(b->sizes);
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* ---- listing changes ---------------------------------------------------------- */

/* An object id as git lists it; all zeros (no object) is "". */
static void set_oid(char *dst, const char *src, size_t len)
{
    if (len > REPO_OID_MAX || strspn(src, "0") >= len)
        len = 0;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

static path_change *add_change(path_changes *pc, char what, const char *path)
{
    pc->items = xgrow(pc->items, &pc->cap, pc->n + 1, sizeof *pc->items);
    path_change *c = &pc->items[pc->n++];
    memset(c, 0, sizeof *c);
    c->what = what;
    c->path = xstrdup(path);
    return c;
}

static int cmp_change(const void *a, const void *b)
{
    return strcmp(((const path_change *)a)->path, ((const path_change *)b)->path);
}

/* Sorted by path; a path listed twice (removed from the index, still in
 * the folder) is one change. */
static void finish_changes(path_changes *pc)
{
    if (pc->n)
        qsort(pc->items, pc->n, sizeof *pc->items, cmp_change);
    size_t k = 0;
    for (size_t i = 0; i < pc->n; i++) {
        path_change *last = k ? &pc->items[k - 1] : NULL;
        if (last && strcmp(last->path, pc->items[i].path) == 0) {
            last->what = 'M';
            if (!last->old_oid[0])
                memcpy(last->old_oid, pc->items[i].old_oid, sizeof last->old_oid);
            if (!last->new_oid[0])
                memcpy(last->new_oid, pc->items[i].new_oid, sizeof last->new_oid);
            free(pc->items[i].path);
            continue;
        }
        pc->items[k++] = pc->items[i];
    }
    pc->n = k;
}

const path_change *repo_find_change(const path_changes *pc, const char *path)
{
    path_change key = {.path = (char *)path};
    return pc->n ? bsearch(&key, pc->items, pc->n, sizeof *pc->items, cmp_change) : NULL;
}

void path_changes_free(path_changes *pc)
{
    for (size_t i = 0; i < pc->n; i++)
        free(pc->items[i].path);
    free(pc->items);
    memset(pc, 0, sizeof *pc);
}

/* Runs a listing command with qtown's pathspecs appended. */
static bool run_listing(git *g, const char *const *head, proc_result *r, diag_list *dl)
{
    const char *args[GIT_MAX_ARGS];
    size_t n = 0;
    for (size_t i = 0; head[i]; i++)
        args[n++] = head[i];
    args[n++] = "--";
    for (size_t i = 0; repo_pathspecs[i]; i++)
        args[n++] = repo_pathspecs[i];
    args[n] = NULL;
    if (!git_runv(g, args, NULL, 0, r, dl))
        return false;
    if (r->status == 0)
        return true;
    git_report(args, r, dl);
    proc_result_free(r);
    return false;
}

/* The n-th field (0-based) of a line of space-separated fields. */
static const char *field(const char *line, int n, size_t *len)
{
    for (int i = 0; i < n && line; i++) {
        line = strchr(line, ' ');
        line = line ? line + 1 : NULL;
    }
    if (!line)
        return NULL;
    *len = strcspn(line, " ");
    return line;
}

char *repo_data_commit(const char *root, const char *except, bool *uncommitted)
{
    git g;
    *uncommitted = false;
    if (!repo_exists(root) || !git_open(&g, root, NULL))
        return NULL;
    char *head = git_capture(&g, NULL, "rev-parse", "-q", "--verify", "HEAD", NULL);
    path_changes pc;
    size_t skip = except ? strlen(except) : 0;
    if (head && repo_local_changes(&g, &pc, NULL)) {
        for (size_t i = 0; i < pc.n && !*uncommitted; i++)
            *uncommitted = !except || strncmp(pc.items[i].path, except, skip) != 0 ||
                           pc.items[i].path[skip] != '/';
        path_changes_free(&pc);
    }
    git_close(&g);
    return head;
}

bool repo_local_changes(git *g, path_changes *out, diag_list *dl)
{
    static const char *const head[] = {"status",       "--porcelain=v2",        "-z",
                                       "--no-renames", "--untracked-files=all", NULL};
    memset(out, 0, sizeof *out);
    proc_result r;
    if (!run_listing(g, head, &r, dl))
        return false;
    /* "1 XY SUB MH MI MW HH HI PATH\0", "? PATH\0", and unmerged (what a merge
     * cut short leaves) "u XY SUB M1 M2 M3 MW H1 H2 H3 PATH\0": changed from
     * H2, ours */
    for (const char *p = sb_str(&r.out); *p; p += strlen(p) + 1) {
        if (p[0] == '?' && p[1] == ' ') {
            add_change(out, 'A', p + 2);
            continue;
        }
        bool unmerged = p[0] == 'u';
        size_t hlen;
        const char *hh = field(p, unmerged ? 8 : 6, &hlen),
                   *path = field(p, unmerged ? 10 : 8, &hlen);
        if ((p[0] != '1' && !unmerged) || !hh || !path || strlen(p) < 4)
            continue;
        if (unmerged) {
            set_oid(add_change(out, 'M', path)->old_oid, hh, strcspn(hh, " "));
            continue;
        }
        char x = p[2], y = p[3];
        if (x == 'A' && y == 'D') /* added, then removed again: nothing */
            continue;
        char what = x == 'A' ? 'A' : (x == 'D' || y == 'D') ? 'D' : 'M';
        path_change *c = add_change(out, what, path);
        set_oid(c->old_oid, hh, strcspn(hh, " "));
    }
    proc_result_free(&r);
    finish_changes(out);
    return true;
}

bool repo_diff(git *g, const char *from, const char *to, path_changes *out, diag_list *dl)
{
    const char *head[8] = {"diff", "--raw", "-z", "--no-renames", "--no-abbrev"};
    size_t n = 5;
    if (!to)
        head[n++] = "--cached";
    head[n++] = from;
    if (to)
        head[n++] = to;
    head[n] = NULL;
    memset(out, 0, sizeof *out);
    proc_result r;
    if (!run_listing(g, head, &r, dl))
        return false;
    /* ":OLDMODE NEWMODE OLDOID NEWOID X\0PATH\0" */
    const char *p = sb_str(&r.out), *end = p + r.out.len;
    while (p < end && *p == ':') {
        size_t olen, nlen, wlen;
        const char *mode = field(p, 1, &wlen);
        unsigned new_mode = mode ? (unsigned)strtoul(mode, NULL, 8) : 0;
        const char *old = field(p, 2, &olen), *new = field(p, 3, &nlen), *w = field(p, 4, &wlen);
        p += strlen(p) + 1;
        if (p >= end || !old || !new || !w)
            break;
        char what = *w == 'A' || *w == 'D' ? *w : 'M';
        path_change *c = add_change(out, what, p);
        set_oid(c->old_oid, old, olen);
        set_oid(c->new_oid, new, nlen);
        c->new_mode = new_mode;
        p += strlen(p) + 1;
    }
    proc_result_free(&r);
    finish_changes(out);
    return true;
}

/* ---- who wrote which line ---------------------------------------------------------- */

/* A porcelain header line: "COMMIT ORIG_LINE FINAL_LINE[ COUNT]"; the
 * other lines are the commit's details or "\tCONTENT". */
static bool blame_header(const char *line, size_t len, size_t *hex, long *final)
{
    size_t h = 0;
    while (h < len && strchr("0123456789abcdef", line[h]) && line[h])
        h++;
    if (h < 40 || h >= len || line[h] != ' ')
        return false;
    char *end;
    strtol(line + h + 1, &end, 10);
    if (*end != ' ')
        return false;
    *final = strtol(end + 1, NULL, 10);
    *hex = h;
    return true;
}

bool repo_blame(git *g, const char *path, int first, int last, char ***commits, diag_list *dl)
{
    char lines[64];
    snprintf(lines, sizeof lines, "%d,%d", first, last);
    const char *args[] = {"blame", "--porcelain", "-L", lines, "--", path, NULL};
    proc_result r;
    *commits = NULL;
    if (!git_runv(g, args, NULL, 0, &r, dl))
        return false;
    bool ok = r.status == 0;
    if (ok) {
        size_t n = (size_t)(last - first + 1);
        *commits = xcalloc(n + 1, sizeof **commits);
        const char *p = sb_str(&r.out), *end = p + r.out.len;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
            size_t hex;
            long final;
            if (blame_header(p, len, &hex, &final) && final >= first && final <= last &&
                strspn(p, "0") < hex && !(*commits)[final - first])
                (*commits)[final - first] = xstrndup(p, hex);
            p += len + 1;
        }
    }
    proc_result_free(&r);
    return ok;
}
