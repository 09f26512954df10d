/* The ledger's model: sha256, evidence validity at its day boundaries,
 * evidence file names, the record kinds, a unit with evidence and visits
 * read and written byte for byte and merged from two laptops, attaching
 * (copies, refusals, nothing replaced, nothing through a symlink) and
 * visits. */
#include "harness.h"

#include "fixtures.h"
#include "model/evidence.h"
#include "model/evidence_file.h"
#include "model/merge.h"
#include "model/timestamp.h"
#include "model/visit.h"
#include "util/fsutil.h"
#include "util/sha256.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static plan P;

static int setup_plan(void **state)
{
    text_init_locale();
    i18n_set_lang(LANG_EN);
    load_mini_plan(&P);
    return 0;
}

static int teardown_plan(void **state)
{
    plan_free(&P);
    return 0;
}

/* ---- sha256 ------------------------------------------------------------- */

static void hex_of(const char *data, size_t len, size_t step, char out[SHA256_HEX_SIZE])
{
    sha256_ctx c;
    sha256_init(&c);
    for (size_t i = 0; i < len; i += step)
        sha256_update(&c, data + i, len - i < step ? len - i : step);
    sha256_final_hex(&c, out);
}

static void test_sha256_vectors(void **state)
{
    static const struct {
        const char *in, *hex;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    };
    char out[SHA256_HEX_SIZE];
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        for (size_t step = 1; step <= 64; step *= 4) { /* fed whole or in pieces */
            hex_of(v[i].in, strlen(v[i].in), step, out);
            assert_string_equal(out, v[i].hex);
        }
    char *million = xmalloc(1000000);
    memset(million, 'a', 1000000);
    hex_of(million, 1000000, 4096, out);
    assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
}

/* ---- validity ----------------------------------------------------------- */

static const char with_ledger[] =
    "id: acme\n"
    "kind: enterprise\n"
    "name: 常州嘉泽机械有限公司\n"
    "checks:\n"
    "  O1.iso:\n"
    "    status: done\n"
    "    evidence:\n"
    "    - id: e-000001\n"
    "      title: ISO 9001 证书\n"
    "      number: 00116Q310\n"
    "      issuer: 中国质量认证中心\n"
    "      valid_from: 2013-05-30\n"
    "      valid_until: 2016-05-31\n"
    "      file: evidence/acme/ISO_9001-0123abcd.pdf\n"
    "      sha256: \"0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd\"\n"
    "      updated: 2016-04-01T09:00:00+08:00\n"
    "      by: 钱志锋\n"
    "  O2.people:\n"
    "    status: done\n"
    "    value: 68\n"
    "    evidence:\n"
    "    - id: e-000002\n"
    "      title: 签到表\n"
    "      note: |\n"
    "        第一页\n"
    "        第二页\n"
    "  M1.letter:\n"
    "    status: done\n"
    "    evidence:\n"
    "    - id: e-000003\n"
    "      title: 责任书\n"
    "      valid_until: 2016-12-31\n"
    "visits:\n"
    "- id: v-000001\n"
    "  date: 2016-07-14\n"
    "  visitors: [钱志锋, 蒋国平]\n"
    "  checks: [O1.iso, M1.letter]\n"
    "  note: 查看证书原件\n"
    "  updated: 2016-07-14T16:00:00+08:00\n"
    "  by: 钱志锋\n"
    "- id: v-000002\n"
    "  date: 2016-03-02\n"
    "  visitors: [蒋国平]\n"
    "history:\n"
    "- {at: '2016-04-01T09:00:00+08:00', by: 钱志锋, check: O1.iso, record: e-000001, new: ISO "
    "9001 "
    "证书, event: evidence}\n";

static unit *ledger_unit(diag_list *dl)
{
    unit *u = parse_unit(&P, with_ledger, "acme", KIND_ENTERPRISE, dl);
    if (!u)
        diag_print(dl, stderr);
    assert_non_null(u);
    return u;
}

static void test_ledger_roundtrip_byte_for_byte(void **state)
{
    diag_list dl = DIAG_LIST_INIT;
    unit *u = ledger_unit(&dl);
    assert_int_equal(u->n_records, 5);
    const unit_record *v = unit_find_record(u, "v-000001");
    assert_ptr_equal(v->kind, &record_kind_visit);
    assert_null(v->check);
    assert_int_equal(record_value_of(v, "visitors")->n_items, 2);
    strbuf out = STRBUF_INIT;
    assert_true(unit_write(u, &out, "u.yaml", &dl));
    assert_string_equal(sb_str(&out), with_ledger);
    sb_free(&out);
    unit_free(u);
}

/* A visit's people are `visitors`: `by` (and `id`, `updated`) belong to
 * every record and no kind may declare them again. */
static void test_kinds_do_not_reuse_record_keys(void **state)
{
    for (size_t k = 0; k < n_record_kinds; k++) {
        assert_int_equal(record_field_index(record_kinds[k], "id"), -1);
        assert_int_equal(record_field_index(record_kinds[k], "updated"), -1);
        assert_int_equal(record_field_index(record_kinds[k], "by"), -1);
    }
    assert_ptr_equal(record_kind_of_list("evidence", true), &record_kind_evidence);
    assert_ptr_equal(record_kind_of_list("visits", false), &record_kind_visit);
    assert_null(record_kind_of_list("visits", true));
}

static void test_ledger_refused_with_positions(void **state)
{
    static const struct {
        const char *text, *needle;
        int line;
    } bad[] = {
        {"id: acme\nkind: enterprise\nname: A\nchecks:\n  O1.iso:\n    status: done\n"
         "    evidence:\n    - id: e-1\n      valid_until: 2016-02-30\n",
         "valid_until", 9},
        {"id: acme\nkind: enterprise\nname: A\nchecks:\n  O1.iso:\n    status: done\n"
         "    evidence:\n    - id: e-1\n      title: t\n      file: ../../etc/passwd\n",
         "file", 10},
        {"id: acme\nkind: enterprise\nname: A\nchecks:\n  O1.iso:\n    status: done\n"
         "    evidence:\n    - id: e-1\n      title: t\n      sha256: ABC\n",
         "sha256", 10},
        {"id: acme\nkind: enterprise\nname: A\nvisits:\n- id: v-1\n  date: 2016-01-01\n",
         "visitors", 5},
        {"id: acme\nkind: enterprise\nname: A\nvisits:\n- id: v-1\n  date: 2016-01-01\n"
         "  visitors: [a]\n  checks: [O1 iso]\n",
         "O1 iso", 8},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        diag_list dl = DIAG_LIST_INIT;
        unit *u = parse_unit(&P, bad[i].text, "acme", KIND_ENTERPRISE, &dl);
        if (u)
            fail_msg("case %zu was read", i);
        assert_diag(&dl, bad[i].needle, bad[i].line, 0);
        diag_clear(&dl);
    }
}

static void test_validity_at_day_boundaries(void **state)
{
    diag_list dl = DIAG_LIST_INIT;
    unit *u = ledger_unit(&dl);
    const unit_record *iso = unit_find_record(u, "e-000001"); /* until 2016-05-31 */
    int64_t until;
    assert_int_equal(ev_record_validity(u, iso, test_day("2016-05-31"), 60, &until), EV_EXPIRING);
    assert_int_equal(until, test_day("2016-05-31"));
    assert_int_equal(ev_record_validity(u, iso, test_day("2016-06-01"), 60, NULL), EV_EXPIRED);
    assert_int_equal(ev_record_validity(u, iso, test_day("2016-04-01"), 60, NULL), EV_EXPIRING);
    assert_int_equal(ev_record_validity(u, iso, test_day("2016-03-31"), 60, NULL), EV_VALID);
    assert_int_equal(ev_record_validity(u, iso, test_day("2016-05-30"), 0, NULL), EV_VALID);
    assert_int_equal(ev_record_validity(u, iso, test_day("2016-05-31"), 0, NULL), EV_EXPIRING);
    const unit_record *sheet = unit_find_record(u, "e-000002");
    assert_int_equal(ev_record_validity(u, sheet, test_day("2099-01-01"), 60, &until), EV_NO_END);
    assert_int_equal(until, INT64_MAX);
    const plan_check *iso_check = plan_find_check(&P, "O1.iso");
    assert_int_equal(ev_check_validity(u, iso_check, test_day("2016-06-01"), 60), EV_EXPIRED);
    assert_int_equal(
        ev_check_validity(u, plan_find_check(&P, "O2.people"), test_day("2016-06-01"), 60),
        EV_NO_END);
    assert_int_equal(
        ev_check_validity(u, plan_find_check(&P, "O1.rate"), test_day("2016-06-01"), 60), EV_NONE);
    ev_counts c;
    ev_count(u, test_day("2016-11-15"), 60, &c);
    assert_int_equal(c.records, 3);
    assert_int_equal(c.expired, 1);
    assert_int_equal(c.expiring, 1); /* the letter, 46 days left */
    strbuf sb = STRBUF_INIT;
    ev_describe(iso, EV_EXPIRED, test_day("2016-05-31"), test_day("2016-06-12"), &sb);
    assert_string_equal(sb_str(&sb), "ISO 9001 证书, 00116Q310, 中国质量认证中心; valid 2013-05-30 "
                                     "to 2016-05-31 (expired 12 days ago)");
    sb_free(&sb);
    unit_free(u);
}

/* A renewed certificate: the old record expired, a new one lasts longer;
 * the check is not flagged and the old record is not listed as expired. */
static void test_renewal(void **state)
{
    diag_list dl = DIAG_LIST_INIT;
    unit *u = ledger_unit(&dl);
    unit_record *renewal =
        unit_add_record(u, &record_kind_evidence, plan_find_check(&P, "O1.iso"), "e-000009");
    unit_record_set(u, renewal, "title", "ISO 9001 证书（换证）");
    unit_record_set(u, renewal, "valid_until", "2019-05-31");
    const unit_record *old = unit_find_record(u, "e-000001");
    assert_int_equal(ev_record_validity(u, old, test_day("2016-06-01"), 60, NULL), EV_RENEWED);
    assert_int_equal(
        ev_check_validity(u, plan_find_check(&P, "O1.iso"), test_day("2016-06-01"), 60), EV_VALID);
    ev_counts c;
    ev_count(u, test_day("2016-06-01"), 60, &c);
    assert_int_equal(c.expired, 0);
    unit_free(u);
}

/* ---- names -------------------------------------------------------------- */

static void test_file_names(void **state)
{
    static const char sha[] = "14c3a7d71f96922f8d744b77f18fa6e315cdf0e15cca4a6a78de61cd0e13ee49";
    static const struct {
        const char *src;
        int n;
        const char *want;
    } v[] = {
        {"/home/a/ISO 9001 证书.PDF", 1, "ISO_9001_证书-14c3a7d7.pdf"},
        {"/home/a/ISO 9001 证书.PDF", 3, "ISO_9001_证书-14c3a7d7-3.pdf"},
        {"scan", 1, "scan-14c3a7d7"},
        {".hidden.jpg", 1, "hidden-14c3a7d7.jpg"},
        {"--rm -rf.txt", 1, "rm_-rf-14c3a7d7.txt"},
        {"a\x1b[31mb\xe2\x80\xae.png", 1, "a_[31mb-14c3a7d7.png"},
        {"..", 1, "file-14c3a7d7"},
        {"x.tar.gz", 1, "x.tar-14c3a7d7.gz"},
        {"report.pdf;rm", 1, "report.pdf;rm-14c3a7d7"},
        {"a\xff\xfe.doc", 1, "a-14c3a7d7.doc"},
        {"质量\xe3\x80\x80报告.docx", 1, "质量_报告-14c3a7d7.docx"},
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        char *name = evidence_file_name(v[i].src, sha, v[i].n);
        assert_string_equal(name, v[i].want);
        free(name);
    }
    /* a long stem is cut at a character, within the limit */
    char *long_src = xstrdup("");
    for (int i = 0; i < 60; i++) {
        char *next = xasprintf("%s证", long_src);
        free(long_src);
        long_src = next;
    }
    char *name = evidence_file_name(long_src, sha, 1);
    assert_true(strlen(name) <= EVIDENCE_MAX_STEM + 9);
    assert_true(utf8_valid(name, strlen(name), NULL));
    free(name);
    free(long_src);
}

/* ---- attaching, in a workspace ------------------------------------------- */

typedef struct fixture {
    char *root, *outside;
    workspace ws;
} fixture;

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup_ws(void **state)
{
    fixture *fx = xcalloc(1, sizeof *fx);
    make_test_workspace(&fx->root, &fx->ws);
    char *path = xasprintf("%s/enterprises/acme.yaml", fx->root);
    write_file(path,
               "id: acme\nkind: enterprise\nname: Acme\nchecks:\n  O1.iso:\n    status: done\n");
    free(path);
    char tmpl[] = "/tmp/qtown-test-out-XXXXXX";
    fx->outside = xstrdup(mkdtemp(tmpl));
    *state = fx;
    return 0;
}

static int teardown_ws(void **state)
{
    fixture *fx = *state;
    char *cmd = xasprintf("rm -rf '%s'", fx->outside);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    free(fx->outside);
    remove_test_workspace(fx->root, &fx->ws);
    free(fx);
    return 0;
}

static ws_unit *acme(fixture *fx)
{
    return find_test_unit(&fx->ws, "acme");
}

static char *outside_file(fixture *fx, const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", fx->outside, name);
    write_file(path, text);
    return path;
}

static void test_attach_copies_and_never_replaces(void **state)
{
    fixture *fx = *state;
    const plan_check *iso = plan_find_check(&fx->ws.plan, "O1.iso");
    char *src = outside_file(fx, "ISO 证书.pdf", "certificate one");
    evidence_new en = {.check = iso, .file = src, .valid_until = "2016-05-31"};
    evidence_done done;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(evidence_attach(&fx->ws, acme(fx), &en, "钱志锋", &done, &dl));
    assert_false(done.reused);
    char sha[SHA256_HEX_SIZE];
    hex_of("certificate one", 15, 64, sha);
    char *want = xasprintf("evidence/acme/ISO_证书-%.8s.pdf", sha);
    assert_string_equal(done.path, want);
    const unit_record *r = unit_find_record(acme(fx)->u, done.id);
    assert_string_equal(record_text(r, "sha256"), sha);
    assert_string_equal(record_text(r, "title"), "ISO 证书.pdf");
    assert_int_equal(evidence_file_check(&fx->ws, r), EF_OK);
    evidence_done_free(&done);

    /* the same content again on this check: refused, nothing added */
    size_t before = acme(fx)->u->n_records;
    assert_false(evidence_attach(&fx->ws, acme(fx), &en, "钱志锋", &done, &dl));
    assert_diag(&dl, "already attached to O1.iso", 0, 0);
    diag_clear(&dl);
    assert_int_equal(acme(fx)->u->n_records, before);

    /* another file of the same name: a name of its own */
    char *src2 = outside_file(fx, "ISO 证书.pdf", "certificate two");
    assert_true(evidence_attach(&fx->ws, acme(fx), &en, "钱志锋", &done, &dl));
    assert_string_not_equal(done.path, want);
    evidence_done_free(&done);

    /* a name taken by other content (changed by hand): -2, never replaced
     * (the same content on another check) */
    char *full = xasprintf("%s/%s", fx->root, want);
    write_file(full, "changed by hand");
    write_file(src, "certificate one");
    en.check = plan_find_check(&fx->ws.plan, "O2.people");
    assert_true(evidence_attach(&fx->ws, acme(fx), &en, "钱志锋", &done, &dl) ||
                (diag_print(&dl, stderr), false));
    assert_non_null(strstr(done.path, "-2.pdf"));
    char *buf;
    size_t len;
    assert_int_equal(fs_read_file(full, 100, &buf, &len, NULL, &dl), FS_OK);
    assert_string_equal(buf, "changed by hand");
    free(buf);
    evidence_done_free(&done);
    free(full), free(want), free(src), free(src2);
}

static void test_attach_refuses_special_files(void **state)
{
    fixture *fx = *state;
    const plan_check *iso = plan_find_check(&fx->ws.plan, "O1.iso");
    char *fifo = xasprintf("%s/pipe.pdf", fx->outside);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    char *big = xasprintf("%s/big.pdf", fx->outside);
    int fd = open(big, O_WRONLY | O_CREAT, 0600);
    assert_int_equal(ftruncate(fd, EVIDENCE_MAX_BYTES + 1), 0);
    close(fd);
    char *missing = xasprintf("%s/none.pdf", fx->outside);
    const struct {
        const char *path, *needle;
    } bad[] = {
        {fx->outside, "folder"},           {fifo, "FIFO"},
        {"/dev/null", "device"},           {big, "over the limit of 20 MiB"},
        {missing, "cannot read the file"},
    };
    char *before_dir = xasprintf("%s/evidence/acme", fx->root);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        evidence_new en = {.check = iso, .file = bad[i].path};
        evidence_done done;
        diag_list dl = DIAG_LIST_INIT;
        assert_false(evidence_attach(&fx->ws, acme(fx), &en, "A", &done, &dl));
        assert_diag(&dl, bad[i].needle, 0, 0);
        diag_clear(&dl);
    }
    assert_int_equal(acme(fx)->u->n_records, 0);
    /* nothing left behind: no copy, no temporary file */
    char *cmd = xasprintf("test -z \"$(ls -A '%s' 2>/dev/null)\"", before_dir);
    assert_int_equal(system(cmd), 0);
    free(cmd), free(before_dir), free(fifo), free(big), free(missing);
}

/* A symlink given by the user is followed (its content copied, as a
 * regular file); a symlink inside the workspace on the way to
 * evidence/UNIT is never written through. */
static void test_symlinks(void **state)
{
    fixture *fx = *state;
    const plan_check *iso = plan_find_check(&fx->ws.plan, "O1.iso");
    char *target = outside_file(fx, "target.txt", "the target's content");
    char *link = xasprintf("%s/link.txt", fx->outside);
    assert_int_equal(symlink(target, link), 0);
    evidence_new en = {.check = iso, .file = link};
    evidence_done done;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(evidence_attach(&fx->ws, acme(fx), &en, "A", &done, &dl));
    char *copy = xasprintf("%s/%s", fx->root, done.path);
    struct stat st;
    assert_int_equal(lstat(copy, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    evidence_done_free(&done);
    free(copy);

    /* evidence/other is a symlink to a folder outside */
    char *evil = xasprintf("%s/evidence/other", fx->root);
    assert_int_equal(symlink(fx->outside, evil), 0);
    char *opath = xasprintf("%s/enterprises/other.yaml", fx->root);
    write_file(opath, "id: other\nkind: enterprise\nname: Other\n");
    bool missing;
    ws_unit *other = workspace_find_unit(&fx->ws, "other", &missing, &dl);
    assert_non_null(other);
    char *src = outside_file(fx, "c.pdf", "c");
    en.file = src;
    assert_false(evidence_attach(&fx->ws, other, &en, "A", &done, &dl));
    assert_diag(&dl, "a symbolic link", 0, 0);
    diag_clear(&dl);
    char *cmd = xasprintf("test -z \"$(ls '%s' | grep -- '-[0-9a-f]\\{8\\}\\.pdf')\"", fx->outside);
    assert_int_equal(system(cmd), 0); /* nothing written outside */
    free(cmd), free(evil), free(opath), free(src), free(target), free(link);
}

static void test_check_all_files(void **state)
{
    fixture *fx = *state;
    const plan_check *iso = plan_find_check(&fx->ws.plan, "O1.iso");
    char *src = outside_file(fx, "a.pdf", "aaa");
    evidence_new en = {.check = iso, .file = src};
    evidence_done done;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(evidence_attach(&fx->ws, acme(fx), &en, "A", &done, &dl));
    assert_true(workspace_load_units(&fx->ws, &dl));
    assert_int_equal(evidence_check_all(&fx->ws, &dl), 1);
    assert_int_equal(dl.count, 0);
    char *copy = xasprintf("%s/%s", fx->root, done.path);
    write_file(copy, "tampered");
    char *stray = xasprintf("%s/evidence/acme/stray.pdf", fx->root);
    write_file(stray, "nobody's");
    evidence_check_all(&fx->ws, &dl);
    assert_diag(&dl, "changed since it was attached", 0, 0);
    assert_diag(&dl, "no evidence record refers to this file", 0, 0);
    diag_clear(&dl);
    assert_int_equal(unlink(copy), 0);
    assert_int_equal(symlink("/etc/passwd", copy), 0); /* a remote sent a link */
    evidence_check_all(&fx->ws, &dl);
    assert_diag(&dl, "not a regular file", 0, 0);
    diag_clear(&dl);
    assert_null(evidence_viewable_path(&fx->ws, unit_find_record(acme(fx)->u, done.id), &dl));
    diag_clear(&dl);
    assert_int_equal(unlink(copy), 0);
    evidence_check_all(&fx->ws, &dl);
    assert_diag(&dl, "is missing", 0, 0);
    diag_clear(&dl);
    evidence_done_free(&done);
    free(copy), free(stray), free(src);
}

static void test_visits(void **state)
{
    fixture *fx = *state;
    const plan_check *iso = plan_find_check(&fx->ws.plan, "O1.iso");
    const plan_check *rate = plan_find_check(&fx->ws.plan, "O1.rate");
    const char *people[] = {"钱志锋", "蒋国平"};
    const plan_check *checks[] = {iso, iso};
    visit_new vn = {.date = "2016-07-14",
                    .people = people,
                    .n_people = 2,
                    .checks = checks,
                    .n_checks = 2,
                    .note = "查看证书"};
    char *id;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(visit_record(&fx->ws, acme(fx), &vn, test_day("2016-07-14"), "钱志锋", &id, &dl));
    const unit_record *r = unit_find_record(acme(fx)->u, id);
    assert_int_equal(record_value_of(r, "checks")->n_items, 1); /* each check once */
    free(id);
    vn.date = "2016-07-15"; /* tomorrow */
    assert_false(visit_new_valid(acme(fx), &vn, test_day("2016-07-14"), &dl));
    assert_diag(&dl, "cannot be after today", 0, 0);
    vn.date = "2016-07-01";
    checks[1] = rate; /* a town check */
    assert_false(visit_new_valid(acme(fx), &vn, test_day("2016-07-14"), &dl));
    assert_diag(&dl, "O1.rate", 0, 0);
    diag_clear(&dl);
    int64_t last;
    assert_true(visit_last(acme(fx)->u, &last));
    assert_int_equal(last, test_day("2016-07-14"));
    /* not visited for 90 days: the day 90 after is still within */
    assert_true(workspace_load_units(&fx->ws, &dl));
    size_t *units;
    int64_t *lasts;
    size_t n = visit_unvisited(&fx->ws, test_day("2016-10-12"), 90, &units, &lasts);
    assert_int_equal(n, 0);
    free(units), free(lasts);
    n = visit_unvisited(&fx->ws, test_day("2016-10-13"), 90, &units, &lasts);
    assert_int_equal(n, 1);
    assert_int_equal(lasts[0], test_day("2016-07-14"));
    free(units), free(lasts);
}

/* Two laptops attach evidence to the same check: the merge keeps both. */
static void test_two_laptops_merge(void **state)
{
    diag_list dl = DIAG_LIST_INIT;
    const char base[] =
        "id: acme\nkind: enterprise\nname: A\nchecks:\n  O1.iso:\n    status: done\n";
    const char ours[] =
        "id: acme\nkind: enterprise\nname: A\nchecks:\n  O1.iso:\n    status: done\n"
        "    evidence:\n    - id: e-aaaaaa\n      title: 证书\n"
        "      updated: 2016-07-14T09:00:00+08:00\n      by: 甲\n";
    const char theirs[] =
        "id: acme\nkind: enterprise\nname: A\nchecks:\n  O1.iso:\n    status: done\n"
        "    evidence:\n    - id: e-bbbbbb\n      title: 照片\n"
        "      updated: 2016-07-14T10:00:00+08:00\n      by: 乙\n";
    unit *b = parse_unit(&P, base, "acme", KIND_ENTERPRISE, &dl);
    unit *o = parse_unit(&P, ours, "acme", KIND_ENTERPRISE, &dl);
    unit *t = parse_unit(&P, theirs, "acme", KIND_ENTERPRISE, &dl);
    assert_non_null(b), assert_non_null(o), assert_non_null(t);
    unit *m = unit_merge(b, o, t, "2016-07-15T00:00:00+08:00", NULL);
    assert_non_null(m);
    assert_non_null(unit_find_record(m, "e-aaaaaa"));
    assert_non_null(unit_find_record(m, "e-bbbbbb"));
    unit *m2 = unit_merge(b, t, o, "2016-07-15T00:00:00+08:00", NULL); /* either order */
    assert_int_equal(m2->n_records, 2);
    unit_free(b), unit_free(o), unit_free(t), unit_free(m), unit_free(m2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_ledger_roundtrip_byte_for_byte),
        cmocka_unit_test(test_kinds_do_not_reuse_record_keys),
        cmocka_unit_test(test_ledger_refused_with_positions),
        cmocka_unit_test(test_validity_at_day_boundaries),
        cmocka_unit_test(test_renewal),
        cmocka_unit_test(test_file_names),
        cmocka_unit_test_setup_teardown(test_attach_copies_and_never_replaces, setup_ws,
                                        teardown_ws),
        cmocka_unit_test_setup_teardown(test_attach_refuses_special_files, setup_ws, teardown_ws),
        cmocka_unit_test_setup_teardown(test_symlinks, setup_ws, teardown_ws),
        cmocka_unit_test_setup_teardown(test_check_all_files, setup_ws, teardown_ws),
        cmocka_unit_test_setup_teardown(test_visits, setup_ws, teardown_ws),
        cmocka_unit_test(test_two_laptops_merge),
    };
    return cmocka_run_group_tests(tests, setup_plan, teardown_plan);
}
