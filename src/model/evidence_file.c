#include "model/evidence_file.h"

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
#include <unistd.h>

#define CHUNK        (64 * 1024)
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

/* Why a path that is not a regular file cannot be attached. */
static msg_id not_regular_why(mode_t m)
{
    return S_ISDIR(m)                 ? M_EV_SRC_FOLDER
           : S_ISFIFO(m)              ? M_EV_SRC_FIFO
           : S_ISSOCK(m)              ? M_EV_SRC_SOCKET
           : S_ISCHR(m) || S_ISBLK(m) ? M_EV_SRC_DEVICE
                                      : M_EV_SRC_SPECIAL;
}

/* Reads fd to its end (at most `max` bytes), hashing it and, with `out`,
 * copying it.  *size: the bytes read; false when there were more than
 * max (errno EFBIG) or a read or write failed (out's message added). */
static bool hash_copy(int fd, size_t max, fs_new_file *out, char sha[SHA256_HEX_SIZE], size_t *size,
                      diag_list *dl)
{
    sha256_ctx c;
    sha256_init(&c);
    char *buf = xmalloc(CHUNK);
    bool ok = true;
    *size = 0;
    for (;;) {
        ssize_t r = read(fd, buf, CHUNK);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            ok = r == 0;
            break;
        }
        *size += (size_t)r;
        if (*size > max) {
            errno = EFBIG;
            ok = false;
            break;
        }
        sha256_update(&c, buf, (size_t)r);
        if (out && !fs_new_write(out, buf, (size_t)r, dl)) {
            ok = false;
            break;
        }
    }
    free(buf);
    sha256_final_hex(&c, sha);
    return ok;
}

static void say_too_big(const char *path, size_t bytes, diag_list *dl)
{
    diag_add(dl, path, 0, 0, tr(M_EV_SRC_TOO_BIG), (double)bytes / (1024.0 * 1024.0),
             EVIDENCE_MAX_BYTES / (1024 * 1024));
}

/* Opens the user's file: it may be a symlink (the user named it), never
 * blocks (a FIFO), must be a regular file within the limit. */
static int open_source(const char *src, diag_list *dl)
{
    int fd = open(src, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        diag_add(dl, src, 0, 0, "%s: %s", tr(M_EV_SRC_CANNOT_OPEN), strerror(errno));
        return -1;
    }
    struct stat st;
    const char *why = NULL;
    if (fstat(fd, &st) != 0)
        why = strerror(errno);
    else if (!S_ISREG(st.st_mode))
        why = tr(not_regular_why(st.st_mode));
    else if ((uintmax_t)st.st_size > EVIDENCE_MAX_BYTES)
        say_too_big(src, (size_t)st.st_size, dl);
    else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0)
        return fd;
    else
        why = strerror(errno);
    if (why)
        diag_add(dl, src, 0, 0, tr(M_EV_SRC_REFUSED), why);
    close(fd);
    return -1;
}

bool evidence_source_ok(const char *path, diag_list *dl)
{
    int fd = open_source(path, dl);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

static char *unit_dir(const ws_unit *wu)
{
    return xasprintf("%s/%s", EVIDENCE_DIR, wu->id);
}

/* Copies the user's file to a new temporary file in evidence/UNIT/. */
static bool copy_in(const workspace *ws, const ws_unit *wu, const char *src, fs_new_file *nf,
                    char sha[SHA256_HEX_SIZE], diag_list *dl)
{
    memset(nf, 0, sizeof *nf);
    nf->dir = nf->fd = -1;
    int fd = open_source(src, dl);
    if (fd < 0)
        return false;
    char *dir = unit_dir(wu);
    bool ok = fs_new_begin(nf, ws->root, dir, dl);
    free(dir);
    size_t size = 0;
    if (ok && !hash_copy(fd, EVIDENCE_MAX_BYTES, nf, sha, &size, dl)) {
        if (errno == EFBIG)
            say_too_big(src, size, dl);
        else if (!dl || !dl->count)
            diag_add(dl, src, 0, 0, "%s: %s", tr(M_EV_SRC_CANNOT_OPEN), strerror(errno));
        ok = false;
    }
    close(fd);
    return ok;
}

/* Whether `name` in the folder is a regular file with this content. */
static bool same_content(int dir, const char *name, const char *sha)
{
    int fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    char got[SHA256_HEX_SIZE];
    size_t size;
    bool same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
                hash_copy(fd, EVIDENCE_MAX_BYTES, NULL, got, &size, NULL) && strcmp(got, sha) == 0;
    close(fd);
    return same;
}

/* Names the copy: the first free name, or one that already holds the
 * same content (then the copy is dropped). */
static bool place(const ws_unit *wu, fs_new_file *nf, const char *src, const char *sha,
                  evidence_done *done, diag_list *dl)
{
    for (int n = 1; n <= MAX_ATTEMPTS; n++) {
        char *name = evidence_file_name(src, sha, n);
        fs_result r = fs_new_commit(nf, name, dl);
        done->reused = r == FS_CHANGED && same_content(nf->dir, name, sha);
        if (r == FS_OK || done->reused)
            done->path = xasprintf("%s/%s/%s", EVIDENCE_DIR, wu->id, name);
        free(name);
        if (r == FS_ERROR)
            return false;
        if (done->path)
            return true;
    }
    diag_add(dl, nf->dir_path, 0, 0, tr(M_EV_NO_FREE_NAME), MAX_ATTEMPTS);
    return false;
}

/* Removes a copy made for a record that was not saved. */
static void drop_copy(const workspace *ws, const evidence_done *done)
{
    if (!done->path || done->reused)
        return;
    char *dir = xstrndup(done->path, (size_t)(strrchr(done->path, '/') - done->path));
    int fd = fs_open_dir_beneath(ws->root, dir, false, NULL);
    if (fd >= 0) {
        unlinkat(fd, base_name(done->path), 0);
        close(fd);
    }
    free(dir);
}

/* ---- the record --------------------------------------------------------- */

static bool date_field_valid(const ws_unit *wu, const char *key, const char *text, int64_t *day,
                             diag_list *dl)
{
    if (!text || date_parse(text, day))
        return true;
    diag_add(dl, wu->path, 0, 0, tr(M_RECORD_BAD_FIELD), key, text);
    return false;
}

static bool line_valid(const ws_unit *wu, const char *key, const char *text, diag_list *dl)
{
    if (!text || (*text && utf8_valid(text, strlen(text), NULL) &&
                  record_text_valid(&(field_def){key, FIELD_LINE, false, NULL}, text)))
        return true;
    diag_add(dl, wu->path, 0, 0, tr(M_RECORD_BAD_FIELD), key, text);
    return false;
}

bool evidence_new_valid(const ws_unit *wu, const evidence_new *en, diag_list *dl)
{
    int64_t from = INT64_MIN, until = INT64_MAX;
    if (!en->file && !en->title) {
        diag_add(dl, wu->path, 0, 0, tr(M_RECORD_MISSING_FIELD), tr(M_RECORD_EVIDENCE), "title");
        return false;
    }
    if (!line_valid(wu, "title", en->title, dl) || !line_valid(wu, "number", en->number, dl) ||
        !line_valid(wu, "issuer", en->issuer, dl) ||
        !date_field_valid(wu, "valid_from", en->valid_from, &from, dl) ||
        !date_field_valid(wu, "valid_until", en->valid_until, &until, dl))
        return false;
    if (en->note &&
        (!utf8_valid(en->note, strlen(en->note), NULL) || strlen(en->note) > UNIT_MAX_NOTE)) {
        diag_add(dl, wu->path, 0, 0, tr(M_RECORD_BAD_FIELD), "note", "...");
        return false;
    }
    if (from > until) {
        diag_add(dl, wu->path, 0, 0, tr(M_EV_DATES_ORDER), en->valid_from, en->valid_until);
        return false;
    }
    if (!en->check || !(en->check->kinds & (unsigned)wu->kind)) {
        diag_add(dl, wu->path, 0, 0, tr(M_RECORD_NOT_FOR), tr(M_RECORD_EVIDENCE),
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
    diag_add(dl, NULL, 0, 0, tr(M_EV_ALREADY_ATTACHED), c->id, dup->id, title ? title : "");
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
        fs_new_file nf;
        bool ok = copy_in(ws, wu, en->file, &nf, sha, dl);
        const unit_record *dup = ok && wu->u ? attached_already(wu->u, en->check, sha) : NULL;
        if (dup)
            say_duplicate(en->check, dup, dl);
        ok = ok && !dup && place(wu, &nf, en->file, sha, done, dl);
        fs_new_end(&nf);
        if (!ok)
            return false;
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

/* Opens a workspace-relative file for reading without following any
 * symlink on the way; -1 with errno (ELOOP: a symlink, ENOENT: absent). */
static int open_beneath(const workspace *ws, const char *rel)
{
    const char *slash = strrchr(rel, '/');
    int dir;
    if (slash) {
        char *d = xstrndup(rel, (size_t)(slash - rel));
        dir = fs_open_dir_beneath(ws->root, d, false, NULL);
        free(d);
    } else {
        dir = open(ws->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    if (dir < 0)
        return -1;
    int fd = openat(dir, slash ? slash + 1 : rel,
                    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    int err = errno;
    close(dir);
    errno = err;
    return fd;
}

evidence_file_state evidence_file_check(const workspace *ws, const unit_record *r)
{
    const char *rel = record_text(r, "file");
    const char *want = record_text(r, "sha256");
    if (!rel)
        return EF_MISSING;
    int fd = open_beneath(ws, rel);
    if (fd < 0)
        return errno == ENOENT                                        ? EF_MISSING
               : errno == ELOOP || errno == ENOTDIR || errno == ENXIO ? EF_NOT_REGULAR
                                                                      : EF_UNREADABLE;
    struct stat st;
    evidence_file_state s = EF_OK;
    char got[SHA256_HEX_SIZE];
    size_t size;
    if (fstat(fd, &st) != 0)
        s = EF_UNREADABLE;
    else if (!S_ISREG(st.st_mode))
        s = EF_NOT_REGULAR;
    else if (want && (uintmax_t)st.st_size > EVIDENCE_MAX_BYTES)
        s = EF_CHANGED; /* nothing this large was ever attached */
    else if (want && !hash_copy(fd, EVIDENCE_MAX_BYTES, NULL, got, &size, NULL))
        s = errno == EFBIG ? EF_CHANGED : EF_UNREADABLE;
    else if (want && strcmp(got, want) != 0)
        s = EF_CHANGED;
    close(fd);
    return s;
}

/* What `check` and the viewer say about a file that is not as attached:
 * "evidence e-1a2b3c: its file evidence/... is missing". */
static msg_id file_problem(evidence_file_state s)
{
    return s == EF_MISSING       ? M_EV_CHECK_MISSING
           : s == EF_CHANGED     ? M_EV_CHECK_CHANGED
           : s == EF_NOT_REGULAR ? M_EV_CHECK_NOT_REGULAR
                                 : M_EV_CHECK_UNREADABLE;
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
                diag_add(dl, ws->units[i].path, r->line, 0, tr(file_problem(s)), r->id, rel);
        }
    }
    if (rf->n)
        qsort(rf->paths, rf->n, sizeof *rf->paths, cmp_str);
}

static bool referenced(const refs *rf, const char *rel)
{
    return rf->n && bsearch(&rel, rf->paths, rf->n, sizeof *rf->paths, cmp_str);
}

/* Whether the unit a folder under evidence/ belongs to failed to load:
 * its records are unknown, so its files are not called unreferenced. */
static bool of_broken_unit(const workspace *ws, const char *id)
{
    for (size_t i = 0; i < ws->n_units; i++)
        if (!ws->units[i].u && strcmp(ws->units[i].id, id) == 0)
            return true;
    return false;
}

typedef struct walker {
    const workspace *ws;
    const refs *rf;
    diag_list *dl;
    size_t files;
} walker;

static void walk(walker *w, int dir, const char *rel, int depth)
{
    DIR *d = fdopendir(dir);
    if (!d) {
        close(dir);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') /* ., .., temporary files, hidden files */
            continue;
        char *path = xasprintf("%s/%s", rel, e->d_name);
        char *full = fs_join(w->ws->root, path);
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            diag_add(w->dl, full, 0, 0, "%s: %s", tr(M_EV_CHECK_CANNOT_READ), strerror(errno));
        } else if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH) {
            int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0 && !(depth == 0 && of_broken_unit(w->ws, e->d_name)))
                walk(w, sub, path, depth + 1);
            else if (sub >= 0)
                close(sub);
        } else if (referenced(w->rf, path)) {
            w->files++; /* its record's check said what is wrong, if anything */
        } else if (S_ISREG(st.st_mode)) {
            diag_add(w->dl, full, 0, 0, "%s", tr(M_EV_CHECK_UNREFERENCED));
        } else {
            diag_add(w->dl, full, 0, 0, "%s", tr(M_EV_CHECK_STRAY_SPECIAL));
        }
        free(full);
        free(path);
    }
    closedir(d);
}

size_t evidence_check_all(const workspace *ws, diag_list *dl)
{
    refs rf = {0};
    check_records(ws, &rf, dl);
    walker w = {ws, &rf, dl, 0};
    diag_list quiet = DIAG_LIST_INIT;
    int dir = fs_open_dir_beneath(ws->root, EVIDENCE_DIR, false, &quiet);
    if (dir >= 0)
        walk(&w, dir, EVIDENCE_DIR, 0);
    else if (errno != ENOENT)
        diag_move(dl, &quiet);
    diag_clear(&quiet);
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
        diag_add(dl, NULL, 0, 0, tr(M_EV_NO_FILE), r->id);
        return NULL;
    }
    evidence_file_state s = evidence_file_check(ws, r);
    if (s != EF_OK) {
        diag_add(dl, NULL, 0, 0, tr(file_problem(s)), r->id, rel);
        return NULL;
    }
    if (!viewable(rel)) {
        diag_add(dl, NULL, 0, 0, tr(M_EV_NOT_VIEWABLE), rel);
        return NULL;
    }
    return fs_join(ws->root, rel);
}
