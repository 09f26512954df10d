/* model/cache: the racy rule, where the times of a file cannot tell.  A
 * file changed in the same clock tick as it was read keeps the stamp the
 * cache recorded (filesystems keep times to a tick: ~4 ms on Linux, 1-2 s
 * elsewhere), which a test cannot bring about on purpose from outside: so
 * here the lookup is given the recorded stamp as the stamp the file has
 * now, while its content differs. */
#include "harness.h"

#include "fixtures.h"

#include "model/cache.h"
#include "model/scan.h"
#include "model/store.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <threads.h>
#include <unistd.h>

typedef struct fixture {
    char *root;
    workspace ws;
    ws_unit *wu;
} fixture;

/* A workspace with one village, scanned: its cache written. */
static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    make_test_workspace(&f->root, &f->ws);
    diag_list dl = DIAG_LIST_INIT;
    name_verdict name;
    bool ok = store_add_unit(&f->ws, unit_new(KIND_VILLAGE, "v1", "村一"), &name, &dl);
    workspace_close(&f->ws);
    scan_stats st;
    ok = ok && workspace_open(&f->ws, f->root, &dl) && workspace_scan(&f->ws, false, &st, &dl);
    for (size_t i = 0; ok && st.wrote && i < f->ws.n_units; i++)
        if (strcmp(f->ws.units[i].id, "v1") == 0)
            f->wu = &f->ws.units[i];
    diag_print(&dl, stderr);
    diag_clear(&dl);
    *state = f;
    return f->wu ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove_test_workspace(f->root, &f->ws);
    free(f);
    return 0;
}

/* Replaces `from` by `to` (as many bytes) in the file itself. */
static void rewrite_in_place(const char *path, const char *from, const char *to)
{
    FILE *fp = fopen(path, "r+b");
    assert_non_null(fp);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = 0;
    char *at = strstr(buf, from);
    assert_non_null(at);
    assert_int_equal(strlen(from), strlen(to));
    memcpy(at, to, strlen(to));
    rewind(fp);
    assert_int_equal(fwrite(buf, 1, n, fp), n);
    assert_int_equal(fclose(fp), 0);
}

static const unit_summary *lookup(fixture *f, arena *mem, const file_stamp *now, bool *renewed)
{
    cache *c = cache_read(&f->ws, mem);
    assert_non_null(c);
    assert_int_equal(cache_count(c), 1);
    file_stamp kept;
    const unit_summary *s = cache_lookup(c, &f->ws, f->wu, now, &kept, renewed);
    if (s)
        assert_true(kept.hash != 0);
    cache_free(c);
    return s;
}

/* Just read, the entry is racy: its file's content vouches for it, not
 * its times.  The same content: used, and made sure of (renewed). */
static void test_racy_same_content_is_used(void **state)
{
    fixture *f = *state;
    arena *mem = arena_new(0);
    bool renewed = false;
    const unit_summary *s = lookup(f, mem, &f->wu->stamp, &renewed);
    assert_non_null(s);
    assert_string_equal(s->name, "村一");
    assert_true(renewed);
    arena_free(mem);
}

/* Writes the cache as qtown would have had the unit file been read as
 * `read` (its content hash, when) while its stamp is the file's now
 * (*now): a change in the tick of the read. */
static void record_as_read(fixture *f, const file_stamp *read, file_stamp *now)
{
    assert_int_equal(fs_stat(f->wu->path, now), FS_OK);
    f->wu->stamp = *now;
    f->wu->stamp.hash = read->hash;
    f->wu->stamp.seen_ns = read->seen_ns;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(cache_write(&f->ws, &dl));
}

/* Changed in the same tick as it was read: the entry's stamp (its times,
 * size, inode) is the file's now, its content hash is of what was read.
 * Made by writing the cache with the file's new stamp and the old
 * content's hash and summary: what qtown records when the change comes
 * just after its read.  Never trusted: the content is hashed again. */
static void test_racy_changed_content_is_not_used(void **state)
{
    fixture *f = *state;
    arena *mem = arena_new(0);
    const file_stamp read = f->wu->stamp;
    file_stamp now;
    bool renewed = true;
    rewrite_in_place(f->wu->path, "村一", "村二");
    record_as_read(f, &read, &now);
    assert_null(lookup(f, mem, &now, &renewed));
    assert_false(renewed);
    rewrite_in_place(f->wu->path, "村二", "村一"); /* the content read: trusted again */
    record_as_read(f, &read, &now);
    const unit_summary *s = lookup(f, mem, &now, &renewed);
    assert_non_null(s);
    assert_string_equal(s->name, "村一");
    assert_true(renewed);
    arena_free(mem);
}

/* Another stamp than the recorded one (another inode, size, time): the
 * entry is not this file's. */
static void test_other_stamp_is_not_used(void **state)
{
    fixture *f = *state;
    arena *mem = arena_new(0);
    bool renewed;
    file_stamp other = f->wu->stamp;
    other.ino++;
    assert_null(lookup(f, mem, &other, &renewed));
    other = f->wu->stamp;
    other.ctime_ns++;
    assert_null(lookup(f, mem, &other, &renewed));
    other = f->wu->stamp;
    other.size--;
    assert_null(lookup(f, mem, &other, &renewed));
    arena_free(mem);
}

/* ---- a district's scan: the stats taken in threads ---------------------- */

/* More villages than one thread stats (SCAN_STAT_CHUNK, 1,024). */
#define MANY 3000

/* Village i's file named `name`, replaced whole (as git or an editor
 * does: a scan never sees it half-written). */
static void write_village(const char *root, int i, const char *name)
{
    char *path = xasprintf("%s/villages/v%04d.yaml", root, i);
    char *tmp = xasprintf("%s/villages/.v%04d.new", root, i);
    FILE *fp = fopen(tmp, "w");
    assert_non_null(fp);
    fprintf(fp, "id: v%04d\nkind: village\nname: %s%04d\n", i, name, i);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(rename(tmp, path), 0);
    free(tmp);
    free(path);
}

/* Every village's name as a scan (from the cache or not) or a fresh parse
 * of every file gives it, one per line. */
static char *names_seen(const char *root, bool fresh, scan_stats *st)
{
    workspace ws;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(workspace_open(&ws, root, &dl));
    assert_true(workspace_scan(&ws, fresh, st, &dl));
    strbuf b = STRBUF_INIT;
    for (size_t i = 0; i < ws.n_units; i++)
        sb_printf(&b, "%s %s\n", ws.units[i].id, ws.units[i].sum->name);
    workspace_close(&ws);
    diag_clear(&dl);
    return sb_steal(&b);
}

static void assert_as_fresh(const char *root, scan_stats *st)
{
    scan_stats fresh_st;
    char *seen = names_seen(root, false, st), *fresh = names_seen(root, true, &fresh_st);
    assert_string_equal(seen, fresh);
    free(seen);
    free(fresh);
}

typedef struct rewriter {
    const char *root;
    atomic_bool stop;
    int rounds;
} rewriter;

/* Rewrites villages across the workspace (in every thread's chunks) with
 * another name, again and again, until told to stop. */
static int rewrite_behind(void *arg)
{
    rewriter *r = arg;
    while (!atomic_load(&r->stop) || r->rounds < 2) {
        for (int i = 0; i < MANY; i += 97)
            write_village(r->root, i, r->rounds % 2 ? "乙" : "甲");
        r->rounds++;
    }
    return 0;
}

/* 3,000 units: the stats are taken by other threads too (on a machine of
 * more than one processor).  Units changed, added and removed behind
 * qtown's back before the scan, and while it runs, are seen as a fresh
 * parse sees them: at once when changed before, at the next scan when
 * changed during it. */
static void test_threaded_stats_see_every_change(void **state)
{
    (void)state;
    char *root;
    workspace ws;
    make_test_workspace(&root, &ws);
    workspace_close(&ws);
    for (int i = 0; i < MANY; i++)
        write_village(root, i, "村");
    scan_stats st;
    assert_as_fresh(root, &st); /* cold: the cache written */
    assert_true(st.wrote);
    assert_true(st.parsed >= MANY);
    size_t town = st.parsed - MANY; /* its file, when there is one, is read at every scan */
    bool many_cpus = sysconf(_SC_NPROCESSORS_ONLN) > 1;
    if (many_cpus)
        assert_true(st.stat_threads >= 1);

    /* before the scan: the first, one in another thread's chunk, the last */
    write_village(root, 0, "新名");
    write_village(root, 1500, "新名长一点");
    write_village(root, MANY - 1, "新");
    char *gone = xasprintf("%s/villages/v2048.yaml", root);
    assert_int_equal(remove(gone), 0);
    free(gone);
    write_village(root, MANY, "添");
    assert_as_fresh(root, &st);
    char *town_path = xasprintf("%s/town.yaml", root);
    assert_int_equal(st.units, MANY + (access(town_path, F_OK) == 0)); /* the files there */
    free(town_path);
    assert_int_equal(st.parsed, 4 + town); /* three changed, one added */
    if (many_cpus)
        assert_true(st.stat_threads >= 1);

    /* while the scans run */
    rewriter r = {.root = root};
    atomic_init(&r.stop, false);
    thrd_t t;
    assert_int_equal(thrd_create(&t, rewrite_behind, &r), thrd_success);
    for (int i = 0; i < 3; i++) {
        char *during = names_seen(root, false, &st);
        free(during);
    }
    atomic_store(&r.stop, true);
    thrd_join(t, NULL);
    assert_as_fresh(root, &st);
    remove_test_workspace(root, &ws);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_racy_same_content_is_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_racy_changed_content_is_not_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_stamp_is_not_used, setup, teardown),
        cmocka_unit_test(test_threaded_stats_see_every_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
