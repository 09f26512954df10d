#include "sync/repo.h"

#include "model/unit.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A pathspec's '*' crosses '/': evidence/ and every file below it. */
const char *const repo_pathspecs[] = {
    "qtown.yaml",
    "plan.yaml",
    "town.yaml",
    "villages/*.yaml",
    "enterprises/*.yaml",
    "archive/villages/*.yaml",
    "archive/enterprises/*.yaml",
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

bool repo_commit(git *g, const path_changes *paths, const char *message, diag_list *dl)
{
    if (paths->n == 0)
        return true;
    strbuf list = STRBUF_INIT; /* the paths on standard input: no limit on their number */
    for (size_t i = 0; i < paths->n; i++)
        sb_add(&list, paths->items[i].path, strlen(paths->items[i].path) + 1);
    const char *add[] = {"add", "-A", "--pathspec-from-file=-", "--pathspec-file-nul", NULL};
    const char *commit[] = {
        "commit", "-q", "--no-edit", "-m", message, "--pathspec-from-file=-", "--pathspec-file-nul",
        NULL};
    const char *const *steps[] = {add, commit};
    bool ok = true;
    for (size_t i = 0; ok && i < 2; i++) {
        proc_result r;
        ok = git_runv(g, steps[i], list.data, list.len, &r, dl);
        if (ok && r.status != 0) {
            git_report(steps[i], &r, dl);
            ok = false;
        }
        proc_result_free(&r); /* proc_run always leaves r to be freed */
    }
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
    bool ok =
        repo_local_changes(g, &files, dl) && repo_commit(g, &files, "qtown: a new workspace", dl);
    path_changes_free(&files);
    return ok;
}

/* ---- reading versions ------------------------------------------------------ */

/* Runs `git cat-file MODE` with one name a line on its input (a name with
 * a newline cannot be asked: "-", missing); its output, or NULL. */
static char *cat_file(git *g, const char *mode, const char *const *names, const bool *ask, size_t n,
                      size_t *len, diag_list *dl)
{
    strbuf in = STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        if (!ask || ask[i])
            sb_printf(&in, "%s\n", strchr(names[i], '\n') ? "-" : names[i]);
    proc_result r;
    const char *args[] = {"cat-file", mode, NULL};
    bool ok = git_runv(g, args, in.data, in.len, &r, dl);
    sb_free(&in);
    if (!ok)
        return NULL;
    char *text = NULL;
    if (r.status != 0)
        git_report(args, &r, dl);
    else {
        *len = r.out.len;
        text = sb_steal(&r.out);
    }
    proc_result_free(&r);
    return text;
}

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

bool repo_read_blobs(git *g, const char *const *names, size_t n, repo_blobs *out, diag_list *dl)
{
    memset(out, 0, sizeof *out);
    out->files = xcalloc(n + 1, sizeof *out->files);
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
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* ---- listing changes ---------------------------------------------------------- */

static void add_change(path_changes *pc, char what, const char *path)
{
    pc->items = xgrow(pc->items, &pc->cap, pc->n + 1, sizeof *pc->items);
    pc->items[pc->n++] = (path_change){what, xstrdup(path)};
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
        if (k && strcmp(pc->items[k - 1].path, pc->items[i].path) == 0) {
            pc->items[k - 1].what = 'M';
            free(pc->items[i].path);
            continue;
        }
        pc->items[k++] = pc->items[i];
    }
    pc->n = k;
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

bool repo_local_changes(git *g, path_changes *out, diag_list *dl)
{
    static const char *const head[] = {"status",       "--porcelain=v1",        "-z",
                                       "--no-renames", "--untracked-files=all", NULL};
    memset(out, 0, sizeof *out);
    proc_result r;
    if (!run_listing(g, head, &r, dl))
        return false;
    /* entries "XY PATH\0" */
    for (const char *p = sb_str(&r.out); *p; p += strlen(p) + 1) {
        if (strlen(p) < 4)
            continue;
        char x = p[0], y = p[1];
        char what = x == '?' || x == 'A' ? 'A' : (x == 'D' || y == 'D') ? 'D' : 'M';
        if (!(x == 'A' && y == 'D')) /* added, then removed again: nothing */
            add_change(out, what, p + 3);
    }
    proc_result_free(&r);
    finish_changes(out);
    return true;
}

bool repo_diff(git *g, const char *from, const char *to, path_changes *out, diag_list *dl)
{
    const char *head[8] = {"diff", "--name-status", "-z", "--no-renames"};
    size_t n = 4;
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
    /* pairs "X\0PATH\0" */
    const char *p = sb_str(&r.out), *end = p + r.out.len;
    while (p < end && *p) {
        char what = *p;
        p += strlen(p) + 1;
        if (p >= end)
            break;
        add_change(out, what == 'A' || what == 'D' ? what : 'M', p);
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
