#include "model/evidence_file.h"

#include "model/applies.h"
#include "model/record_change.h"
#include "model/timestamp.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_EXT      16
#define MAX_DEPTH    6   /* folders under evidence/ that check walks */
#define MAX_ATTEMPTS 100 /* names tried when some are taken */

/* ---- names -------------------------------------------------------------- */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The extension of a file name: 1 to MAX_EXT letters and digits after the
 * last dot (not a leading one); 0 when there is none. */
static size_t extension_len(const char *base, const char **dot)
{
    *dot = strrchr(base, '.');
    if (!*dot || *dot == base)
        return 0;
    size_t n = strlen(*dot + 1);
    if (n == 0 || n > MAX_EXT)
        return 0;
    for (size_t i = 1; i <= n; i++) {
        char c = (*dot)[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return 0;
    }
    return n;
}

/* A character a file name should not hold: what a shell, Windows or a
 * terminal reads specially, blanks, and anything text_inert would show
 * escaped (controls, bidi overrides, zero-width characters). */
static bool unsafe_in_name(const char *s, size_t len, uint32_t cp)
{
    if (cp < 0x80 && strchr("/\\:*?\"<>|' \t", (int)cp))
        return true;
    if (cp == 0x3000) /* the ideographic space */
        return true;
    char one[8];
    memcpy(one, s, len);
    one[len] = '\0';
    return text_needs_escape(one, 0);
}

/* The stem made safe: each unsafe character (or invalid byte) a single
 * '_', no leading dot or dash, at most EVIDENCE_MAX_STEM bytes. */
static void safe_stem(const char *s, size_t n, strbuf *out)
{
    size_t start = out->len;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        bool bad = len == 0 || unsafe_in_name(s + i, len, cp);
        if (len == 0)
            len = 1;
        bool leading = out->len == start && (cp == '.' || cp == '-' || bad);
        size_t add = bad ? 1 : len;
        if (!leading && out->len - start + add <= EVIDENCE_MAX_STEM &&
            !(bad && out->len > start && out->data[out->len - 1] == '_')) {
            if (bad)
                sb_putc(out, '_');
            else
                sb_add(out, s + i, len);
        }
        i += len;
    }
    while (out->len > start && out->data[out->len - 1] == '_')
        out->len--;
    if (out->len == start)
        sb_puts(out, "file");
    out->data[out->len] = '\0';
}

char *evidence_file_name(const char *src_path, const char *sha256, int n)
{
    const char *base = base_name(src_path);
    const char *dot;
    size_t ext = extension_len(base, &dot);
    strbuf sb = STRBUF_INIT;
    safe_stem(base, ext ? (size_t)(dot - base) : strlen(base), &sb);
    sb_printf(&sb, "-%.8s", sha256);
    if (n > 1)
        sb_printf(&sb, "-%d", n);
    if (ext) {
        sb_putc(&sb, '.');
        for (size_t i = 1; i <= ext; i++)
            sb_putc(&sb, (char)(dot[i] >= 'A' && dot[i] <= 'Z' ? dot[i] - 'A' + 'a' : dot[i]));
    }
    return sb_steal(&sb);
}

/* A file's name as a record's title: one line of valid UTF-8. */
static char *title_of(const char *src_path)
{
    const char *base = base_name(src_path);
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0, n = strlen(base); i < n && sb.len < RECORD_MAX_LINE - 4;) {
        uint32_t cp;
        size_t len = utf8_decode(base + i, n - i, &cp);
        if (len == 0 || cp == '\n' || cp == '\r')
            sb_putc(&sb, '_');
        else
            sb_add(&sb, base + i, len);
        i += len ? len : 1;
    }
    return sb_steal(&sb);
}

/* ---- reading and copying ------------------------------------------------ */

static void sha256_of(const char *buf, size_t len, char sha[SHA256_HEX_SIZE])
{
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, buf, len);
    sha256_final_hex(&c, sha);
}

/* The user's file, read whole (fsutil: a symbolic link followed, since
 * the user named it; a folder, a FIFO, a device refused without
 * blocking); past the limit it is refused with its size before anything
 * is read. */
static bool read_source(const char *src, char **buf, size_t *len, diag_list *dl)
{
    file_stamp st;
    if (fs_stat(src, &st) == FS_OK && (uintmax_t)st.size > EVIDENCE_MAX_BYTES) {
        diag_add(dl, src, 0, 0, TR(M_EV_SRC_TOO_BIG), (double)st.size / (1024.0 * 1024.0),
                 EVIDENCE_MAX_BYTES / (1024 * 1024));
        return false;
    }
    fs_result r = fs_read_file(src, EVIDENCE_MAX_BYTES, buf, len, NULL, dl);
    if (r == FS_MISSING)
        diag_add(dl, src, 0, 0, "%s: %s", tr(M_EV_SRC_CANNOT_OPEN), strerror(ENOENT));
    return r == FS_OK;
}

bool evidence_source_ok(const char *path, diag_list *dl)
{
    char *buf;
    size_t len;
    bool ok = read_source(path, &buf, &len, dl);
    if (ok)
        free(buf);
    return ok;
}

/* Whether the workspace file `rel` is a regular file with this content. */
static bool same_content(const workspace *ws, const char *rel, const char *sha)
{
    char *buf, got[SHA256_HEX_SIZE];
    size_t len;
    if (fs_tree_read(&ws->tree, rel, EVIDENCE_MAX_BYTES, &buf, &len, NULL, NULL) != FS_OK)
        return false;
    sha256_of(buf, len, got);
    free(buf);
    return strcmp(got, sha) == 0;
}

/* Writes the copy under the first free name of evidence/UNIT/, or finds
 * the same content already under one (then nothing is written). */
static bool place(const workspace *ws, const ws_unit *wu, const char *src, const char *buf,
                  size_t len, const char *sha, evidence_done *done, diag_list *dl)
{
    char *dir = xasprintf("%s/%s", EVIDENCE_DIR, wu->id);
    bool ok = fs_tree_mkdirs(&ws->tree, dir, dl);
    for (int n = 1; ok && n <= MAX_ATTEMPTS && !done->path; n++) {
        char *name = evidence_file_name(src, sha, n);
        char *rel = xasprintf("%s/%s", dir, name);
        fs_result r = fs_tree_write_new(&ws->tree, rel, buf, len, 0644, dl);
        done->reused = r == FS_CHANGED && same_content(ws, rel, sha);
        if (r == FS_OK || done->reused)
            done->path = rel;
        else
            free(rel);
        ok = r != FS_ERROR;
        free(name);
    }
    if (ok && !done->path) {
        diag_add(dl, dir, 0, 0, TR(M_EV_NO_FREE_NAME), MAX_ATTEMPTS);
        ok = false;
    }
    free(dir);
    return ok;
}

/* Removes a copy made for a record that was not saved. */
static void drop_copy(const workspace *ws, const evidence_done *done)
{
    if (done->path && !done->reused)
        fs_tree_remove(&ws->tree, done->path, NULL);
}

/* ---- the record --------------------------------------------------------- */

static bool date_field_valid(const ws_unit *wu, const char *key, const char *text, int64_t *day,
                             diag_list *dl)
{
    if (!text || date_parse(text, day))
        return true;
    diag_add(dl, wu->path, 0, 0, TR(M_RECORD_BAD_FIELD), key, text);
    return false;
}

static bool line_valid(const ws_unit *wu, const char *key, const char *text, diag_list *dl)
{
    if (!text || (*text && utf8_valid(text, strlen(text), NULL) &&
                  record_text_valid(&(field_def){key, FIELD_LINE, false, NULL}, text)))
        return true;
    diag_add(dl, wu->path, 0, 0, TR(M_RECORD_BAD_FIELD), key, text);
    return false;
}

bool evidence_new_valid(const ws_unit *wu, const evidence_new *en, diag_list *dl)
{
    int64_t from = INT64_MIN, until = INT64_MAX;
    if (!en->file && !en->title) {
        diag_add(dl, wu->path, 0, 0, TR(M_RECORD_MISSING_FIELD), tr(M_RECORD_EVIDENCE), "title");
        return false;
    }
    if (!line_valid(wu, "title", en->title, dl) || !line_valid(wu, "number", en->number, dl) ||
        !line_valid(wu, "issuer", en->issuer, dl) ||
        !date_field_valid(wu, "valid_from", en->valid_from, &from, dl) ||
        !date_field_valid(wu, "valid_until", en->valid_until, &until, dl))
        return false;
    if (en->note &&
        (!utf8_valid(en->note, strlen(en->note), NULL) || strlen(en->note) > UNIT_MAX_NOTE)) {
        diag_add(dl, wu->path, 0, 0, TR(M_RECORD_BAD_FIELD), "note", "...");
        return false;
    }
    if (from > until) {
        diag_add(dl, wu->path, 0, 0, TR(M_EV_DATES_ORDER), en->valid_from, en->valid_until);
        return false;
    }
    if (!en->check ||
        (wu->u ? !unit_carries(wu->u, en->check) : !(en->check->kinds & (unsigned)wu->kind))) {
        diag_add(dl, wu->path, 0, 0, TR(M_RECORD_NOT_FOR), tr(M_RECORD_EVIDENCE),
                 en->check ? en->check->id : "-");
        return false;
    }
    return true;
}

/* The record of this check that holds the same content, if any. */
static const unit_record *attached_already(const unit *u, const plan_check *c, const char *sha)
{
    for (size_t i = 0; i < u->n_records; i++) {
        const unit_record *r = &u->records[i];
        const char *h = record_text(r, "sha256");
        if (r->kind == &record_kind_evidence && r->check == c && h && strcmp(h, sha) == 0)
            return r;
    }
    return NULL;
}

static void say_duplicate(const plan_check *c, const unit_record *dup, diag_list *dl)
{
    const char *title = record_text(dup, "title");
    diag_add(dl, NULL, 0, 0, TR(M_EV_ALREADY_ATTACHED), c->id, dup->id, title ? title : "");
}

typedef struct attach_edit {
    record_change *ch;
    const char *sha; /* NULL: no file */
} attach_edit;

/* Under the lock, on the file as it is now: the same content attached
 * to this check by someone else meanwhile is refused too. */
static size_t apply_attach(unit *u, const unit *base, const void *ctx, const char *by,
                           const char *now, diag_list *dl)
{
    const attach_edit *ae = ctx;
    const unit_record *dup = ae->sha ? attached_already(u, ae->ch->check, ae->sha) : NULL;
    if (dup) {
        say_duplicate(ae->ch->check, dup, dl);
        return 0;
    }
    return record_apply(u, base, ae->ch, by, now, dl) ? 1 : 0;
}

void evidence_done_free(evidence_done *d)
{
    free(d->id);
    free(d->path);
    memset(d, 0, sizeof *d);
}

bool evidence_attach(workspace *ws, ws_unit *wu, const evidence_new *en, const char *by,
                     evidence_done *done, diag_list *dl)
{
    memset(done, 0, sizeof *done);
    if (!evidence_new_valid(wu, en, dl) || !workspace_unit_writable(ws, wu, dl))
        return false;
    char sha[SHA256_HEX_SIZE] = "";
    if (en->file) {
        char *buf;
        size_t len;
        if (!read_source(en->file, &buf, &len, dl))
            return false;
        sha256_of(buf, len, sha);
        const unit_record *dup = wu->u ? attached_already(wu->u, en->check, sha) : NULL;
        if (dup)
            say_duplicate(en->check, dup, dl);
        bool ok = !dup && place(ws, wu, en->file, buf, len, sha, done, dl);
        free(buf);
        if (!ok) {
            evidence_done_free(done);
            return false;
        }
    }
    char *title = en->title ? xstrdup(en->title) : title_of(en->file);
    record_field_set fields[] = {
        {"title", title, NULL, 0},
        {"number", en->number, NULL, 0},
        {"issuer", en->issuer, NULL, 0},
        {"valid_from", en->valid_from, NULL, 0},
        {"valid_until", en->valid_until, NULL, 0},
        {"file", done->path, NULL, 0},
        {"sha256", en->file ? sha : NULL, NULL, 0},
        {"note", en->note, NULL, 0},
    };
    /* absent fields are not set on a new record */
    record_field_set set[sizeof fields / sizeof *fields];
    size_t n = 0;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (fields[i].text)
            set[n++] = fields[i];
    record_change ch = {.kind = &record_kind_evidence,
                        .check = en->check,
                        .fields = set,
                        .n_fields = n,
                        .history_new = title};
    attach_edit ae = {&ch, en->file ? sha : NULL};
    store_edit edit = {apply_attach, &ae};
    store_result res;
    bool ok = record_change_valid(wu, &ch, dl) && store_update(ws, wu, &edit, by, &res, dl);
    free(title);
    if (!ok) {
        drop_copy(ws, done);
        free(ch.new_id);
        evidence_done_free(done);
        return false;
    }
    done->id = ch.new_id;
    return true;
}

/* ---- looking at the files ----------------------------------------------- */

evidence_file_state evidence_file_check(const workspace *ws, const unit_record *r)
{
    const char *rel = record_text(r, "file");
    const char *want = record_text(r, "sha256");
    file_stamp st;
    fs_result fr = rel ? fs_tree_stat(&ws->tree, rel, &st) : FS_MISSING;
    if (fr != FS_OK)
        return fr == FS_MISSING ? EF_MISSING : EF_NOT_REGULAR; /* a link is not followed */
    if (!want)
        return EF_OK;
    if ((uintmax_t)st.size > EVIDENCE_MAX_BYTES)
        return EF_CHANGED; /* nothing this large was ever attached */
    char *buf, got[SHA256_HEX_SIZE];
    size_t len;
    if (fs_tree_read(&ws->tree, rel, EVIDENCE_MAX_BYTES, &buf, &len, NULL, NULL) != FS_OK)
        return EF_UNREADABLE;
    sha256_of(buf, len, got);
    free(buf);
    return strcmp(got, want) == 0 ? EF_OK : EF_CHANGED;
}

/* What `check` and the viewer say about a file that is not as attached:
 * "evidence e-1a2b3c: its file evidence/... is missing".  Each message
 * through TR, so that the compiler checks its arguments. */
static void add_file_problem(diag_list *dl, const char *path, int line, evidence_file_state s,
                             const char *id, const char *rel)
{
    switch (s) {
    case EF_MISSING:
        diag_add(dl, path, line, 0, TR(M_EV_CHECK_MISSING), id, rel);
        break;
    case EF_CHANGED:
        diag_add(dl, path, line, 0, TR(M_EV_CHECK_CHANGED), id, rel);
        break;
    case EF_NOT_REGULAR:
        diag_add(dl, path, line, 0, TR(M_EV_CHECK_NOT_REGULAR), id, rel);
        break;
    default:
        diag_add(dl, path, line, 0, TR(M_EV_CHECK_UNREADABLE), id, rel);
        break;
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef struct refs {
    const char **paths; /* sorted */
    size_t n, cap;
} refs;

static void check_records(const workspace *ws, refs *rf, diag_list *dl)
{
    for (size_t i = 0; i < ws->n_units; i++) {
        const unit *u = ws->units[i].u;
        for (size_t k = 0; u && k < u->n_records; k++) {
            const unit_record *r = &u->records[k];
            const char *rel = record_text(r, "file");
            if (r->kind != &record_kind_evidence || !rel)
                continue;
            rf->paths = xgrow(rf->paths, &rf->cap, rf->n + 1, sizeof *rf->paths);
            rf->paths[rf->n++] = rel;
            evidence_file_state s = evidence_file_check(ws, r);
            if (s != EF_OK)
                add_file_problem(dl, ws->units[i].path, r->line, s, r->id, rel);
        }
    }
    if (rf->n)
        qsort(rf->paths, rf->n, sizeof *rf->paths, cmp_str);
}

static bool referenced(const refs *rf, const char *rel)
{
    return rf->n && bsearch(&rel, rf->paths, rf->n, sizeof *rf->paths, cmp_str);
}

/* Whether the folder evidence/ID holds files whose records are not read:
 * its unit failed to load, or was removed (qtown remove: its file is in
 * archive/, its evidence stays with it).  Those files are not called
 * unreferenced. */
static bool records_unread(const workspace *ws, const char *id)
{
    bool current = false;
    for (size_t i = 0; i < ws->n_units; i++)
        if (strcmp(ws->units[i].id, id) == 0) {
            if (!ws->units[i].u)
                return true;
            current = true;
        }
    if (current)
        return false;
    static const char *const kinds[] = {"villages", "enterprises"};
    for (size_t k = 0; k < 2; k++) {
        char *archived = xasprintf("%s/%s/%s.yaml", WORKSPACE_ARCHIVE, kinds[k], id);
        bool there = fs_tree_exists(&ws->tree, archived);
        free(archived);
        if (there)
            return true;
    }
    return false;
}

typedef struct walker {
    const workspace *ws;
    const refs *rf;
    diag_list *dl;
    size_t files;
} walker;

/* The files under the folder `rel` of evidence/, each said when no
 * record names it; a link or a special file is never followed. */
static void walk(walker *w, const char *rel, int depth)
{
    DIR *d = fs_tree_opendir(&w->ws->tree, rel, w->dl);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') /* ., .., temporary files, hidden files */
            continue;
        char *path = xasprintf("%s/%s", rel, e->d_name);
        char *full = fs_join(w->ws->root, path);
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            diag_add(w->dl, full, 0, 0, "%s: %s", tr(M_FS_CANNOT_READ), strerror(errno));
        else if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH &&
                 !(depth == 0 && records_unread(w->ws, e->d_name)))
            walk(w, path, depth + 1);
        else if (S_ISDIR(st.st_mode))
            ; /* a broken or removed unit's files: its records are not read */
        else if (referenced(w->rf, path))
            w->files++; /* its record's check said what is wrong, if anything */
        else
            diag_add(w->dl, full, 0, 0, "%s",
                     tr(S_ISREG(st.st_mode) ? M_EV_CHECK_UNREFERENCED : M_EV_CHECK_STRAY_SPECIAL));
        free(full);
        free(path);
    }
    if (d)
        closedir(d);
}

size_t evidence_check_all(const workspace *ws, diag_list *dl)
{
    refs rf = {0};
    check_records(ws, &rf, dl);
    walker w = {ws, &rf, dl, 0};
    walk(&w, EVIDENCE_DIR, 0);
    free(rf.paths);
    return w.files;
}

/* ---- handing a file to a viewer ----------------------------------------- */

/* Documents and images: what a viewer shows without running anything. */
static bool viewable(const char *rel)
{
    static const char *const exts[] = {"pdf", "ofd",  "png",  "jpg",  "jpeg", "gif", "webp", "bmp",
                                       "tif", "tiff", "heic", "txt",  "csv",  "rtf", "doc",  "docx",
                                       "xls", "xlsx", "ppt",  "pptx", "odt",  "ods", "odp",  NULL};
    const char *dot;
    size_t n = extension_len(base_name(rel), &dot);
    for (size_t i = 0; n && exts[i]; i++)
        if (strlen(exts[i]) == n && strncasecmp(dot + 1, exts[i], n) == 0)
            return true;
    return false;
}

char *evidence_viewable_path(const workspace *ws, const unit_record *r, diag_list *dl)
{
    const char *rel = record_text(r, "file");
    if (!rel) {
        diag_add(dl, NULL, 0, 0, TR(M_EV_NO_FILE), r->id);
        return NULL;
    }
    evidence_file_state s = evidence_file_check(ws, r);
    if (s != EF_OK) {
        add_file_problem(dl, NULL, 0, s, r->id, rel);
        return NULL;
    }
    if (!viewable(rel)) {
        diag_add(dl, NULL, 0, 0, TR(M_EV_NOT_VIEWABLE), rel);
        return NULL;
    }
    return fs_join(ws->root, rel);
}
