/* model/cache: the racy rule, where the times of a file cannot tell.  A
 * file changed in the same clock tick as it was read keeps the stamp the
 * cache recorded (filesystems keep times to a tick: ~4 ms on Linux, 1-2 s
 * elsewhere), which a test cannot bring about on purpose from outside: so
 * here the lookup is given the recorded stamp as the stamp the file has
 * now, while its content differs. */
#include "harness.h"

#include "fixtures.h"

#include "model/cache.h"
#include "model/evidence.h"
#include "model/scan.h"
#include "model/store.h"
#include "model/summary.h"
#include "util/par.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- the ledger's figures in a summary (summary_of) and in the cache ---- */

/* An enterprise with evidence of every kind: on O1.iso an old record
 * renewed by a later one (only the later can alert); on O2.people a photo
 * without an end (never alerts) and two records ending the same day (both
 * can); and two visits, the later one given first. */
static const char ACME[] = "name: Acme\n"
                           "checks:\n"
                           "  O1.iso:\n"
                           "    status: done\n"
                           "    evidence:\n"
                           "    - {id: e-000001, title: old, valid_until: 2016-01-01}\n"
                           "    - {id: e-000002, title: new, valid_until: 2017-01-01}\n"
                           "  O2.people:\n"
                           "    status: doing\n"
                           "    evidence:\n"
                           "    - {id: e-000003, title: photo}\n"
                           "    - {id: e-000004, title: a, valid_until: 2016-12-01}\n"
                           "    - {id: e-000005, title: b, valid_until: 2016-12-01}\n"
                           "visits:\n"
                           "- {id: v-000001, date: 2016-05-02, visitors: [甲]}\n"
                           "- {id: v-000002, date: 2016-03-01, visitors: [乙]}\n";

/* The facts a summary holds: which records (by id), their check and day. */
static void assert_acme_facts(const unit *u, const plan *p, const unit_summary *s)
{
    static const char *const ids[] = {"e-000002", "e-000004", "e-000005"};
    static const char *const checks[] = {"O1.iso", "O2.people", "O2.people"};
    static const char *const days[] = {"2017-01-01", "2016-12-01", "2016-12-01"};
    assert_int_equal(s->n_evidence, 3);
    for (size_t i = 0; i < 3; i++) {
        const ev_fact *f = &s->evidence[i];
        assert_true(f->record < u->n_records);
        assert_string_equal(u->records[f->record].id, ids[i]);
        assert_int_equal(f->check, plan_find_check(p, checks[i])->order);
        assert_int_equal(f->until, test_day(days[i]));
    }
    assert_int_equal(s->last_visit, test_day("2016-05-02"));
}

static void test_summary_keeps_the_ledgers_figures(void **state)
{
    (void)state;
    plan p;
    load_mini_plan(&p);
    arena *mem = arena_new(0);
    unit *u = unit_of(&p, KIND_ENTERPRISE, "acme", ACME);
    assert_acme_facts(u, &p, summary_of(u, &p, mem));
    unit *bare = unit_of(&p, KIND_ENTERPRISE, "bare", "name: Bare\n");
    const unit_summary *s = summary_of(bare, &p, mem);
    assert_int_equal(s->n_evidence, 0);
    assert_true(s->last_visit == INT64_MIN); /* never visited */
    unit_free(bare);
    unit_free(u);
    arena_free(mem);
    plan_free(&p);
}

/* ev_list_alerts, from the summaries, lists what ev_list_build lists of
 * the units read whole (EV_ONLY_ALERTS), in the same order, whatever the
 * day: before anything ends, with records expiring, expired, renewed. */
static void test_alerts_from_summaries_equal_the_units(void **state)
{
    (void)state;
    workspace ws = {0};
    load_mini_plan(&ws.plan);
    arena *mem = arena_new(0);
    const char *const other = "name: Other\n"
                              "checks:\n"
                              "  M1.letter:\n"
                              "    evidence:\n"
                              "    - {id: e-000009, title: letter, valid_until: 2016-11-25}\n";
    ws_unit units[3] = {{.kind = KIND_ENTERPRISE, .id = "acme"},
                        {.kind = KIND_ENTERPRISE, .id = "other"},
                        {.kind = KIND_ENTERPRISE, .id = "broken"}}; /* no summary: left out */
    units[0].u = unit_of(&ws.plan, KIND_ENTERPRISE, "acme", ACME);
    units[1].u = unit_of(&ws.plan, KIND_ENTERPRISE, "other", other);
    for (size_t i = 0; i < 2; i++)
        units[i].sum = summary_of(units[i].u, &ws.plan, mem);
    ws.units = units;
    ws.n_units = 3;
    static const char *const days[] = {"2015-06-01", "2016-10-20", "2016-11-26", "2016-12-01",
                                       "2016-12-02", "2016-12-15", "2017-02-01"};
    size_t seen_alerts = 0;
    for (size_t d = 0; d < sizeof days / sizeof *days; d++) {
        ev_list whole, sums;
        ev_list_build(&whole, &ws, SIZE_MAX, EV_ONLY_ALERTS, test_day(days[d]), 60);
        ev_list_alerts(&sums, &ws, test_day(days[d]), 60);
        assert_int_equal(sums.n, whole.n);
        for (size_t i = 0; i < whole.n; i++) {
            const ev_item *a = &whole.items[i], *b = &sums.items[i];
            assert_int_equal(b->unit, a->unit);
            assert_int_equal(b->record, a->record);
            assert_ptr_equal(b->check, a->check);
            assert_int_equal(b->validity, a->validity);
            assert_int_equal(b->until, a->until);
            assert_null(b->r);
            assert_ptr_equal(ev_item_record(units[b->unit].u, b), a->r);
        }
        seen_alerts += whole.n;
        ev_list_free(&whole);
        ev_list_free(&sums);
    }
    assert_true(seen_alerts >= 8); /* the days chosen do alert */
    /* a record no longer where the list says (its file changed): none */
    ev_list l;
    ev_list_alerts(&l, &ws, test_day("2016-12-01"), 60);
    assert_true(l.n > 0);
    ev_item moved = l.items[0];
    moved.until++;
    assert_null(ev_item_record(units[moved.unit].u, &moved));
    moved = l.items[0];
    moved.record = units[moved.unit].u->n_records;
    assert_null(ev_item_record(units[moved.unit].u, &moved));
    ev_list_free(&l);
    for (size_t i = 0; i < 2; i++)
        unit_free(units[i].u);
    arena_free(mem);
    plan_free(&ws.plan);
}

/* Writes a unit file into a test workspace. */
static void write_file(const char *root, const char *rel, const char *text)
{
    char *path = xasprintf("%s/%s", root, rel);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
    free(path);
}

static ws_unit *scanned(workspace *ws, const char *root, scan_stats *st)
{
    diag_list dl = DIAG_LIST_INIT;
    workspace_close(ws);
    assert_true(workspace_open(ws, root, &dl));
    assert_true(workspace_scan(ws, false, st, &dl));
    diag_clear(&dl);
    for (size_t i = 0; i < ws->n_units; i++)
        if (strcmp(ws->units[i].id, "acme") == 0)
            return &ws->units[i];
    fail_msg("acme was not scanned");
    return NULL;
}

/* A test workspace holding the enterprise acme (ACME). */
static void make_acme_workspace(char **root, workspace *ws)
{
    make_test_workspace(root, ws);
    char *text = xasprintf("id: acme\nkind: enterprise\n%s", ACME);
    write_file(*root, "enterprises/acme.yaml", text);
    free(text);
}

/* The figures go through the cache (format 5) as they are; a cache of
 * format 4 (which lacks them) is not read but rebuilt. */
static void test_cache_round_trip_and_format_4_rebuilt(void **state)
{
    (void)state;
    char *root;
    workspace ws;
    make_acme_workspace(&root, &ws);
    scan_stats st;
    ws_unit *wu = scanned(&ws, root, &st);
    assert_true(st.wrote);
    /* the summary as the cache gives it back */
    arena *mem = arena_new(0);
    cache *c = cache_read(&ws, mem);
    assert_non_null(c);
    file_stamp kept;
    bool renewed;
    const unit_summary *s = cache_lookup(c, &ws, wu, &wu->stamp, &kept, &renewed);
    assert_non_null(s);
    diag_list dl = DIAG_LIST_INIT;
    const unit *u = workspace_unit_full(&ws, wu, &dl);
    assert_non_null(u);
    assert_acme_facts(u, &ws.plan, s);
    cache_free(c);
    arena_free(mem);
    /* the next scan takes acme from the cache */
    scanned(&ws, root, &st);
    assert_true(st.cached >= 1);
    /* the format made 4, as an older qtown wrote it: not trusted, rebuilt */
    char *path = xasprintf("%s/%s", root, CACHE_PATH);
    FILE *fp = fopen(path, "r+b");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 8, SEEK_SET), 0); /* after "QTCACHE\0": u32 format */
    const unsigned char four[4] = {4, 0, 0, 0};
    assert_int_equal(fwrite(four, 1, 4, fp), 4);
    assert_int_equal(fclose(fp), 0);
    free(path);
    mem = arena_new(0);
    assert_null(cache_read(&ws, mem));
    arena_free(mem);
    wu = scanned(&ws, root, &st);
    assert_int_equal(st.cached, 0);
    assert_true(st.parsed >= 1); /* acme parsed again (so is the town, always) */
    assert_true(st.wrote);
    u = workspace_unit_full(&ws, wu, &dl);
    assert_acme_facts(u, &ws.plan, wu->sum);
    mem = arena_new(0);
    c = cache_read(&ws, mem);
    assert_non_null(c); /* written again, of format 5 */
    cache_free(c);
    arena_free(mem);
    remove_test_workspace(root, &ws);
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
static void rewrite_behind(void *arg)
{
    rewriter *r = arg;
    while (!atomic_load(&r->stop) || r->rounds < 2) {
        for (int i = 0; i < MANY; i += 97)
            write_village(r->root, i, r->rounds % 2 ? "乙" : "甲");
        r->rounds++;
    }
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
    par_side behind;
    setenv("QTOWN_THREADS", "2", 1); /* a thread of its own, even on one processor */
    par_side_start(&behind, rewrite_behind, &r);
    unsetenv("QTOWN_THREADS");
    assert_true(behind.started);
    for (int i = 0; i < 3; i++) {
        char *during = names_seen(root, false, &st);
        free(during);
    }
    atomic_store(&r.stop, true);
    par_side_for(&behind, 0, NULL, NULL);
    assert_as_fresh(root, &st);
    remove_test_workspace(root, &ws);
}

/* Every village's name as a names scan (workspace_scan_names) gives it;
 * *whole: how many of its summaries are whole ones. */
static char *names_scanned(const char *root, scan_stats *st, size_t *whole)
{
    workspace ws;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(workspace_open(&ws, root, &dl));
    assert_true(workspace_scan_names(&ws, st, &dl));
    strbuf b = STRBUF_INIT;
    *whole = 0;
    for (size_t i = 0; i < ws.n_units; i++) {
        sb_printf(&b, "%s %s\n", ws.units[i].id, ws.units[i].sum->name);
        *whole += !ws.units[i].sum->name_only;
    }
    workspace_close(&ws);
    diag_clear(&dl);
    return sb_steal(&b);
}

static void assert_names_as_fresh(const char *root, scan_stats *st, size_t *whole)
{
    scan_stats fresh_st;
    char *seen = names_scanned(root, st, whole), *fresh = names_seen(root, true, &fresh_st);
    assert_string_equal(seen, fresh);
    free(seen);
    free(fresh);
}

/* The names alone read from the cache: the same names as a whole read,
 * summaries that say they hold nothing else and are never written as a
 * cache; a names scan leaves the cache as it is for a few changed files
 * and, for more, reads it whole and writes it. */
static void test_names_alone_from_the_cache(void **state)
{
    (void)state;
    enum { FEW_VILLAGES = 400 }; /* the square root of the units' number: 20 */
    char *root;
    workspace ws;
    make_acme_workspace(&root, &ws);
    for (int i = 0; i < FEW_VILLAGES; i++)
        write_village(root, i, "村");
    scan_stats st;
    ws_unit *wu = scanned(&ws, root, &st);
    assert_true(st.wrote);
    size_t town = st.parsed - (FEW_VILLAGES + 1); /* the town's unit is read at every scan */
    arena *mem = arena_new(0);
    cache *c = cache_read_names(&ws, mem);
    assert_non_null(c);
    assert_int_equal(cache_count(c), FEW_VILLAGES + 1);
    file_stamp kept;
    bool renewed;
    const unit_summary *s = cache_lookup(c, &ws, wu, &wu->stamp, &kept, &renewed);
    assert_non_null(s);
    assert_string_equal(s->name, wu->sum->name);
    assert_true(s->name_only);
    assert_false(wu->sum->name_only);
    assert_int_equal(s->n_checks, 0);
    /* never written as a cache */
    const unit_summary *whole_sum = wu->sum;
    wu->sum = s;
    diag_list dl = DIAG_LIST_INIT;
    assert_false(cache_write(&ws, &dl));
    wu->sum = whole_sum;
    diag_clear(&dl);
    cache_free(c);
    arena_free(mem);
    mem = arena_new(0);
    c = cache_read(&ws, mem);
    assert_non_null(c);
    cache_free(c);
    arena_free(mem);

    /* a few files changed: parsed, the cache left as it is */
    size_t whole;
    write_village(root, 1, "改");
    write_village(root, 300, "改");
    assert_names_as_fresh(root, &st, &whole);
    assert_int_equal(st.parsed, 2 + town);
    assert_int_equal(whole, 2 + town);
    assert_false(st.wrote);
    /* more than the square root of the units' number: read whole, written */
    for (int i = 0; i < 30; i++)
        write_village(root, i * 13, "又改");
    assert_names_as_fresh(root, &st, &whole);
    assert_true(st.wrote);
    assert_int_equal(whole, FEW_VILLAGES + 1 + town); /* every one taken again whole */
    assert_int_equal(st.cached + st.parsed, FEW_VILLAGES + 1 + town);
    /* and what it wrote is the whole cache: a list takes it all from there */
    assert_as_fresh(root, &st);
    assert_int_equal(st.cached, FEW_VILLAGES + 1);
    wu = scanned(&ws, root, &st);
    const unit *u = workspace_unit_full(&ws, wu, &dl);
    assert_non_null(u);
    assert_acme_facts(u, &ws.plan, wu->sum);
    diag_clear(&dl);
    remove_test_workspace(root, &ws);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_racy_same_content_is_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_racy_changed_content_is_not_used, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_stamp_is_not_used, setup, teardown),
        cmocka_unit_test(test_summary_keeps_the_ledgers_figures),
        cmocka_unit_test(test_alerts_from_summaries_equal_the_units),
        cmocka_unit_test(test_cache_round_trip_and_format_4_rebuilt),
        cmocka_unit_test(test_threaded_stats_see_every_change),
        cmocka_unit_test(test_names_alone_from_the_cache),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
