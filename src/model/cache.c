#include "model/cache.h"

#include "model/ids.h"
#include "util/fsutil.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <endian.h>
#include <stdlib.h>
#include <string.h>

/* The file: a header, then one entry per unit, every number little-endian
 * whatever the machine.  Bump CACHE_FORMAT whenever what an entry holds or
 * how a summary is computed changes: a cache of another format is rebuilt.
 *
 *   "QTCACHE\0"  u32 format  u32 statuses  u32 checks  u64 plan's hash
 *   str qtown's version  u64 entries  u64 bytes after the header  u64 checksum
 *   per entry: u8 kind, str id, the stamp (u64 dev, ino; i64 size, mtime,
 *     ctime; u64 hash; i64 seen), str name, u32 attributes (str key, u8
 *     type, str text, f64 number, u8 boolean), u32 checks + one byte each,
 *     u32 values (u32 order, f64), u32 rectifications (i64 due, i64
 *     verified, u8 open, u8 on time), u32 evidence that can alert (i64
 *     until, u32 check's order, u32 record's index), i64 last visit, i64
 *     newest day, the progress (5 u32)
 * where str is a u32 length and that many bytes. */
#define CACHE_MAGIC "QTCACHE"
/* 2: carried as the checks' where: say; 3: no town; 4: checksum; 5: evidence, last visit */
#define CACHE_FORMAT 5

typedef struct cache_entry {
    unit_kind kind;
    const char *id;
    file_stamp stamp;
    const unit_summary *sum;
} cache_entry;

struct cache {
    cache_entry *e; /* by kind, then id */
    size_t n;
    size_t next; /* the entry after the one looked up last: most often the next one asked for */
    int64_t written_ns; /* the file's modification time (the filesystem's clock) */
    arena *ids;         /* the entries' ids (the summaries are the caller's) */
};

/* The body's checksum: FNV-1a's multiply taken over 8 bytes at a time
 * (read little-endian), then the bytes left over one by one.  A cache of
 * 100,000 units is some 55 MB, read at every open: a byte at a time
 * (fs_hash) it cost a tenth of the open.  It finds damage, not forgery
 * (whatever decodes is checked as a unit file's content would be). */
static uint64_t checksum(const unsigned char *p, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w; /* one load, not eight (the same little-endian value) */
        memcpy(&w, p + i, sizeof w);
        w = le64toh(w);
        h = (h ^ w) * 1099511628211ULL;
        h ^= h >> 32;
    }
    for (; i < len; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

/* ---- writing ------------------------------------------------------------ */

bool cache_keeps(unit_kind kind)
{
    return kind != KIND_TOWN;
}

static void put_u8(strbuf *b, unsigned v)
{
    sb_putc(b, (char)(unsigned char)v);
}

static void put_u32(strbuf *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        put_u8(b, (v >> (8 * i)) & 0xff);
}

static void put_u64(strbuf *b, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        put_u8(b, (unsigned)((v >> (8 * i)) & 0xff));
}

static void put_i64(strbuf *b, int64_t v)
{
    put_u64(b, (uint64_t)v);
}

static void put_f64(strbuf *b, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put_u64(b, bits);
}

static void put_str(strbuf *b, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    put_u32(b, (uint32_t)n);
    sb_add(b, s ? s : "", n);
}

static void put_stamp(strbuf *b, const file_stamp *s)
{
    put_u64(b, (uint64_t)s->dev);
    put_u64(b, (uint64_t)s->ino);
    put_i64(b, (int64_t)s->size);
    put_i64(b, s->mtime_ns);
    put_i64(b, s->ctime_ns);
    put_u64(b, s->hash);
    put_i64(b, s->seen_ns);
}

static void put_summary(strbuf *b, const unit_summary *s)
{
    put_str(b, s->name);
    put_u32(b, (uint32_t)s->n_attrs);
    for (size_t i = 0; i < s->n_attrs; i++) {
        const unit_attr *a = &s->attrs[i];
        put_str(b, a->key);
        put_u8(b, (unsigned)a->type);
        put_str(b, a->text);
        put_f64(b, a->number);
        put_u8(b, a->boolean);
    }
    put_u32(b, (uint32_t)s->n_checks);
    sb_add(b, (const char *)s->checks, s->n_checks);
    put_u32(b, (uint32_t)s->n_values);
    for (size_t i = 0; i < s->n_values; i++) {
        put_u32(b, s->values[i].order);
        put_f64(b, s->values[i].value);
    }
    put_u32(b, (uint32_t)s->n_rects);
    for (size_t i = 0; i < s->n_rects; i++) {
        put_i64(b, s->rects[i].due);
        put_i64(b, s->rects[i].verified_day);
        put_u8(b, s->rects[i].open);
        put_u8(b, s->rects[i].on_time);
    }
    put_u32(b, (uint32_t)s->n_evidence);
    for (size_t i = 0; i < s->n_evidence; i++) {
        put_i64(b, s->evidence[i].until);
        put_u32(b, s->evidence[i].check);
        put_u32(b, s->evidence[i].record);
    }
    put_i64(b, s->last_visit);
    put_i64(b, s->newest_day);
    const size_t pr[] = {s->progress.applicable, s->progress.done, s->progress.doing,
                         s->progress.failed, s->progress.na};
    for (size_t i = 0; i < 5; i++)
        put_u32(b, (uint32_t)pr[i]);
}

/* The header; its last three fields (entries, the body's length and
 * checksum) are left zero, for set_counts once the body follows it. */
static void put_header(strbuf *b, const workspace *ws)
{
    sb_add(b, CACHE_MAGIC, sizeof CACHE_MAGIC); /* with its NUL */
    put_u32(b, CACHE_FORMAT);
    put_u32(b, STATUS_COUNT);
    put_u32(b, (uint32_t)ws->plan.n_checks);
    put_u64(b, ws->plan.source_hash);
    put_str(b, QTOWN_VERSION);
    for (int i = 0; i < 3; i++)
        put_u64(b, 0);
}

#define COUNTS_BYTES 24

static void set_u64(char *at, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        at[i] = (char)(unsigned char)((v >> (8 * i)) & 0xff);
}

/* Fills in the header's counts: the body is written after the header in
 * the same buffer, so that the cache (55 MB for 100,000 units) is never
 * held twice — that copy was a third of a cold list's memory. */
static void set_counts(strbuf *file, size_t body_at, uint64_t entries)
{
    const unsigned char *body = (const unsigned char *)file->data + body_at;
    size_t len = file->len - body_at;
    char *counts = file->data + body_at - COUNTS_BYTES;
    set_u64(counts, entries);
    set_u64(counts + 8, len);
    set_u64(counts + 16, checksum(body, len));
}

bool cache_write(const workspace *ws, diag_list *dl)
{
    strbuf file = STRBUF_INIT;
    put_header(&file, ws);
    size_t body_at = file.len;
    uint64_t entries = 0;
    for (size_t i = 0; i < ws->n_units; i++) {
        const ws_unit *wu = &ws->units[i];
        if (!wu->sum || !wu->stamp.exists || !wu->stamp.hash || !cache_keeps(wu->kind))
            continue; /* not read from a file (or not from it alone): nothing to vouch for */
        if (wu->sum->name_only) { /* a summary that is not one: never written */
            sb_free(&file);
            return false;
        }
        put_u8(&file, (unsigned)wu->kind);
        put_str(&file, wu->id);
        put_stamp(&file, &wu->stamp);
        put_summary(&file, wu->sum);
        entries++;
    }
    set_counts(&file, body_at, entries);
    /* through the workspace's tree: a link at .qtown or at the cache, or
     * anything but a regular file there, is refused, never followed */
    bool ok = fs_tree_mkdirs(&ws->tree, CACHE_DIR, dl) &&
              fs_tree_write(&ws->tree, CACHE_PATH, file.data, file.len, 0644, dl);
    sb_free(&file);
    return ok;
}

/* ---- reading, trusting nothing ------------------------------------------ */

/* Attributes remembered by their place in an entry (units of a kind list
 * the same ones in the same order): a lookup in the plan saved. */
#define ATTR_MEMO 16

typedef struct reader {
    const unsigned char *p;
    size_t left;
    bool bad;        /* sticky: every read after a bad one gives 0 */
    bool names_only; /* cache_read_names: each summary's name, the rest passed over */
    arena *mem;
    const plan_attribute *attr_at[ATTR_MEMO];
} reader;

static bool take(reader *r, void *out, size_t n)
{
    if (r->bad || r->left < n) {
        r->bad = true;
        memset(out, 0, n);
        return false;
    }
    memcpy(out, r->p, n);
    r->p += n;
    r->left -= n;
    return true;
}

/* n (at most 8) bytes, little-endian: one load, not a byte at a time (the
 * bytes copied to the low addresses of a zeroed u64 read as little-endian
 * are the value on any machine). */
static uint64_t get_le(reader *r, size_t n)
{
    uint64_t v = 0;
    if (r->bad || r->left < n) {
        r->bad = true;
        return 0;
    }
    memcpy(&v, r->p, n);
    r->p += n;
    r->left -= n;
    return le64toh(v);
}

static unsigned get_u8(reader *r)
{
    return (unsigned)get_le(r, 1);
}

static uint32_t get_u32(reader *r)
{
    return (uint32_t)get_le(r, 4);
}

static uint64_t get_u64(reader *r)
{
    return get_le(r, 8);
}

static int64_t get_i64(reader *r)
{
    return (int64_t)get_le(r, 8);
}

static double get_f64(reader *r)
{
    uint64_t bits = get_u64(r);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

/* A text of at most `max` bytes of valid UTF-8 (one line when asked), left
 * where it is in the cache's buffer: *len bytes, not NUL-terminated. */
static const char *get_span(reader *r, size_t max, bool one_line, size_t *len)
{
    uint32_t n = get_u32(r);
    *len = 0;
    if (r->bad || n > max || n > r->left) {
        r->bad = true;
        return "";
    }
    const char *s = (const char *)r->p;
    if (!utf8_valid(s, n, NULL) || memchr(s, '\0', n) || (one_line && memchr(s, '\n', n))) {
        r->bad = true;
        return "";
    }
    r->p += n;
    r->left -= n;
    *len = n;
    return s;
}

/* The same, copied into `mem` (an empty one is not: most attributes'
 * texts are). */
static const char *get_str_in(reader *r, arena *mem, size_t max, bool one_line)
{
    size_t n;
    const char *s = get_span(r, max, one_line, &n);
    return r->bad || n == 0 ? "" : arena_strndup(mem, s, n);
}

/* ... into the reader's arena, with the summaries. */
static const char *get_str(reader *r, size_t max, bool one_line)
{
    return get_str_in(r, r->mem, max, one_line);
}

/* The n bytes of a text that must be one of the plan's words (an
 * attribute's key): not checked as text, since they are used only when
 * they equal one, which is valid. */
static const char *get_word(reader *r, size_t max, size_t *len)
{
    uint32_t n = get_u32(r);
    *len = 0;
    if (r->bad || n > max || n > r->left) {
        r->bad = true;
        return "";
    }
    const char *s = (const char *)r->p;
    r->p += n;
    r->left -= n;
    *len = n;
    return s;
}

static bool key_is(const char *key, const char *s, size_t n)
{
    return key && strlen(key) == n && memcmp(key, s, n) == 0;
}

/* The plan's attribute named by the n bytes at s, the `i`th of an entry;
 * NULL when the plan has none of that name. */
static const plan_attribute *find_attr(reader *r, const plan *p, uint32_t i, const char *s,
                                       size_t n)
{
    const plan_attribute *pa = i < ATTR_MEMO ? r->attr_at[i] : NULL;
    if (pa && key_is(pa->key, s, n))
        return pa;
    for (size_t k = 0; k < p->n_attributes; k++)
        if (key_is(p->attributes[k].key, s, n)) {
            if (i < ATTR_MEMO)
                r->attr_at[i] = &p->attributes[k];
            return &p->attributes[k];
        }
    return NULL;
}

/* The attributes, each one the plan declares with the type it declares. */
static void get_attrs(reader *r, const plan *p, unit_summary *s)
{
    uint32_t n = get_u32(r);
    if (n > r->left / 8) { /* each takes far more than 8 bytes */
        r->bad = true;
        return;
    }
    unit_attr *a = arena_alloc(r->mem, (n ? n : 1) * sizeof *a); /* every field set */
    for (uint32_t i = 0; i < n && !r->bad; i++) {
        size_t key_len;
        const char *key = get_word(r, ID_MAX_LEN, &key_len);
        const plan_attribute *pa = r->bad ? NULL : find_attr(r, p, i, key, key_len);
        unsigned type = get_u8(r);
        a[i].text = get_str(r, UNIT_MAX_NOTE, false);
        a[i].number = get_f64(r);
        a[i].boolean = get_u8(r) != 0;
        if (!pa || type != (unsigned)pa->type) {
            r->bad = true;
            return;
        }
        a[i].key = pa->key;
        a[i].type = pa->type;
    }
    s->attrs = a;
    s->n_attrs = n;
}

static bool check_byte_ok(uint8_t f)
{
    return (f & SUM_STATUS) < STATUS_COUNT && (!(f & (SUM_VALUE | SUM_NOTE)) || (f & SUM_STATE));
}

static void get_checks(reader *r, const plan *p, unit_summary *s)
{
    uint32_t n = get_u32(r);
    if (n != p->n_checks || n > r->left) {
        r->bad = true;
        return;
    }
    uint8_t *b = arena_alloc(r->mem, n ? n : 1);
    if (!take(r, b, n))
        return;
    for (uint32_t i = 0; i < n; i++)
        if (!check_byte_ok(b[i]))
            r->bad = true;
    s->checks = b;
    s->n_checks = n;
    uint32_t nv = get_u32(r);
    if (nv > n || nv > r->left / 12) {
        r->bad = true;
        return;
    }
    sum_value *v = arena_alloc(r->mem, (nv ? nv : 1) * sizeof *v); /* every field set */
    for (uint32_t i = 0; i < nv && !r->bad; i++) {
        v[i].order = get_u32(r);
        v[i].value = get_f64(r);
        /* in order, each on a check that says it has a value */
        if (v[i].order >= n || !(b[v[i].order] & SUM_VALUE) || (i && v[i].order <= v[i - 1].order))
            r->bad = true;
    }
    s->values = v;
    s->n_values = nv;
}

static void get_rects(reader *r, unit_summary *s)
{
    uint32_t n = get_u32(r);
    if (n > r->left / 18) {
        r->bad = true;
        return;
    }
    rect_fact *f = arena_alloc(r->mem, (n ? n : 1) * sizeof *f); /* every field set */
    for (uint32_t i = 0; i < n && !r->bad; i++) {
        f[i].due = get_i64(r);
        f[i].verified_day = get_i64(r);
        f[i].open = get_u8(r) != 0;
        f[i].on_time = get_u8(r) != 0;
    }
    s->rects = f;
    s->n_rects = n;
}

/* Evidence that can alert: each on a check the unit carries, with a day
 * it ends, in file order. */
static void get_evidence(reader *r, unit_summary *s)
{
    uint32_t n = get_u32(r);
    if (n > r->left / 16) {
        r->bad = true;
        return;
    }
    ev_fact *f = n ? arena_array(r->mem, n, sizeof *f) : NULL; /* most units have none */
    for (uint32_t i = 0; i < n && !r->bad; i++) {
        f[i].until = get_i64(r);
        f[i].check = get_u32(r);
        f[i].record = get_u32(r);
        if (f[i].check >= s->n_checks || !(s->checks[f[i].check] & SUM_CARRIED) ||
            f[i].until == INT64_MAX || f[i].until == INT64_MIN ||
            (i && f[i].record <= f[i - 1].record))
            r->bad = true;
    }
    s->evidence = f;
    s->n_evidence = n;
}

/* Passes over n bytes (of a part a names-only read does not use). */
static void skip(reader *r, uint64_t n)
{
    if (r->bad || r->left < n) {
        r->bad = true;
        return;
    }
    r->p += n;
    r->left -= n;
}

/* Passes over a text of at most `max` bytes. */
static void skip_str(reader *r, size_t max)
{
    uint32_t n = get_u32(r);
    if (n > max)
        r->bad = true;
    skip(r, n);
}

/* Passes over what follows an entry's name, as get_summary reads it, with
 * the same bounds on every count (what is passed over is covered by the
 * checksum, and no unit's name or stamp is taken from it). */
static void skip_after_name(reader *r, const plan *p)
{
    uint32_t n = get_u32(r); /* the attributes */
    for (uint32_t i = 0; i < n && !r->bad; i++) {
        skip_str(r, ID_MAX_LEN);
        skip(r, 1);
        skip_str(r, UNIT_MAX_NOTE);
        skip(r, 8 + 1);
    }
    n = get_u32(r); /* the checks, and their values */
    if (n != p->n_checks)
        r->bad = true;
    skip(r, n);
    uint32_t nv = get_u32(r);
    if (nv > n)
        r->bad = true;
    skip(r, (uint64_t)nv * 12);
    skip(r, (uint64_t)get_u32(r) * 18); /* the rectifications */
    skip(r, (uint64_t)get_u32(r) * 16); /* the evidence */
    skip(r, 8 + 8 + 5 * 4);             /* the last visit, the newest day, the progress */
}

static unit_summary *get_summary(reader *r, const plan *p)
{
    unit_summary *s = arena_array(r->mem, 1, sizeof *s);
    s->name = get_str(r, UNIT_MAX_NAME, true);
    s->name_only = r->names_only;
    if (r->names_only) {
        skip_after_name(r, p);
        return r->bad ? NULL : s;
    }
    get_attrs(r, p, s);
    get_checks(r, p, s);
    get_rects(r, s);
    get_evidence(r, s);
    s->last_visit = get_i64(r);
    s->newest_day = get_i64(r);
    size_t *pr[] = {&s->progress.applicable, &s->progress.done, &s->progress.doing,
                    &s->progress.failed, &s->progress.na};
    for (size_t i = 0; i < 5; i++)
        *pr[i] = get_u32(r);
    return r->bad ? NULL : s;
}

static void get_stamp(reader *r, file_stamp *s)
{
    s->exists = true;
    s->dev = (dev_t)get_u64(r);
    s->ino = (ino_t)get_u64(r);
    s->size = (off_t)get_i64(r);
    s->mtime_ns = get_i64(r);
    s->ctime_ns = get_i64(r);
    s->hash = get_u64(r);
    s->seen_ns = get_i64(r);
}

/* An entry of a kind the cache keeps (never the town's), with an id a
 * unit file could have. */
static bool kind_ok(unsigned k, const char *id)
{
    return (k == KIND_VILLAGE || k == KIND_ENTERPRISE) && cache_keeps((unit_kind)k) &&
           id_is_unit_id(id);
}

static int cmp_entry(const void *a, const void *b)
{
    const cache_entry *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* In order, none twice: as cache_write writes them (the workspace's
 * order), so that most often no sort is needed. */
static bool in_order(const cache *c)
{
    for (size_t i = 1; i < c->n; i++)
        if (cmp_entry(&c->e[i - 1], &c->e[i]) >= 0)
            return false;
    return true;
}

static bool header_ok(reader *r, const workspace *ws, uint64_t *entries)
{
    char magic[sizeof CACHE_MAGIC];
    take(r, magic, sizeof magic);
    bool ok = !r->bad && memcmp(magic, CACHE_MAGIC, sizeof magic) == 0;
    ok = ok && get_u32(r) == CACHE_FORMAT && get_u32(r) == STATUS_COUNT &&
         get_u32(r) == ws->plan.n_checks && get_u64(r) == ws->plan.source_hash;
    size_t version_len;
    const char *version = get_span(r, 64, true, &version_len);
    ok = ok && version_len == strlen(QTOWN_VERSION) &&
         memcmp(version, QTOWN_VERSION, version_len) == 0;
    *entries = get_u64(r);
    uint64_t body_len = get_u64(r), hash = get_u64(r);
    return ok && !r->bad && body_len == r->left && hash == checksum(r->p, r->left) &&
           *entries <= r->left / 64;
}

static bool decode(cache *c, reader *r, const workspace *ws)
{
    uint64_t n;
    if (!header_ok(r, ws, &n))
        return false;
    c->e = xcalloc(n ? n : 1, sizeof *c->e);
    for (uint64_t i = 0; i < n && !r->bad; i++) {
        cache_entry *e = &c->e[c->n++];
        unsigned kind = get_u8(r);
        e->kind = (unit_kind)kind;
        e->id = get_str_in(r, c->ids, ID_MAX_LEN, true);
        get_stamp(r, &e->stamp);
        unit_summary *sum = get_summary(r, &ws->plan);
        if (!r->bad && !kind_ok(kind, e->id))
            r->bad = true;
        if (sum)
            sum->kind = e->kind;
        e->sum = sum;
    }
    if (r->bad || r->left != 0)
        return false;
    if (in_order(c))
        return true;
    qsort(c->e, c->n, sizeof *c->e, cmp_entry);
    return in_order(c); /* else a unit twice: not a cache qtown wrote */
}

static cache *read_cache(const workspace *ws, arena *mem, bool names_only)
{
    char *buf;
    size_t len;
    file_stamp stamp;
    /* a regular file in a real folder only (the tree follows no link) */
    if (fs_tree_read_unhashed(&ws->tree, CACHE_PATH, CACHE_MAX_BYTES, &buf, &len, &stamp, NULL) !=
        FS_OK)
        return NULL;
    cache *c = xcalloc(1, sizeof *c);
    c->ids = arena_new(64 * 1024);
    c->written_ns = stamp.mtime_ns;
    reader r = {.p = (const unsigned char *)buf, .left = len, .names_only = names_only, .mem = mem};
    bool ok = decode(c, &r, ws);
    free(buf);
    if (!ok) {
        /* what was decoded into mem stays there, unused, until the
         * workspace is closed: a damaged cache is rare */
        cache_free(c);
        return NULL;
    }
    return c;
}

cache *cache_read(const workspace *ws, arena *mem)
{
    return read_cache(ws, mem, false);
}

cache *cache_read_names(const workspace *ws, arena *mem)
{
    return read_cache(ws, mem, true);
}

void cache_free(cache *c)
{
    if (!c)
        return;
    free(c->e);
    arena_free(c->ids);
    free(c);
}

size_t cache_count(const cache *c)
{
    return c ? c->n : 0;
}

/* ---- using an entry -------------------------------------------------------- */

static bool same_file(const file_stamp *a, const file_stamp *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

/* Changed too close to its reading for the times to tell a later change. */
static bool racy(const cache *c, const file_stamp *s)
{
    int64_t changed = s->ctime_ns > s->mtime_ns ? s->ctime_ns : s->mtime_ns;
    int64_t seen = s->seen_ns < c->written_ns ? s->seen_ns : c->written_ns;
    return changed > seen - CACHE_RACY_NS;
}

const unit_summary *cache_lookup(cache *c, const workspace *ws, const ws_unit *wu,
                                 const file_stamp *now, file_stamp *stamp, bool *renewed)
{
    *renewed = false;
    if (!c || !now->exists || !cache_keeps(wu->kind))
        return NULL;
    cache_entry key = {.kind = wu->kind, .id = wu->id};
    /* a scan asks in the workspace's order, the cache's own */
    const cache_entry *e = c->next < c->n && cmp_entry(&key, &c->e[c->next]) == 0
                               ? &c->e[c->next]
                               : bsearch(&key, c->e, c->n, sizeof *c->e, cmp_entry);
    if (e)
        c->next = (size_t)(e - c->e) + 1;
    if (!e || !same_file(&e->stamp, now))
        return NULL;
    if (!racy(c, &e->stamp)) {
        *stamp = e->stamp;
        return e->sum;
    }
    /* the times cannot vouch for it: the content must */
    char *buf;
    size_t len;
    file_stamp read;
    if (fs_tree_read(&ws->tree, wu->path, UNIT_MAX_BYTES, &buf, &len, &read, NULL) != FS_OK)
        return NULL;
    free(buf);
    if (!same_file(&read, now) || read.hash != e->stamp.hash)
        return NULL;
    *stamp = read;
    *renewed = true;
    return e->sum;
}
