/* model/record, record_change: records in a unit file (read, written
 * byte for byte, refused with positions) and changed through the store
 * (ids, history, nothing lost). */
#include "harness.h"

#include "fixtures.h"
#include "model/record_change.h"
#include "util/fsutil.h"
#include "util/xalloc.h"

#include <stdlib.h>

static plan P;

static int setup_plan(void **state)
{
    text_init_locale();
    load_mini_plan(&P);
    return 0;
}

static int teardown_plan(void **state)
{
    plan_free(&P);
    return 0;
}

static const char with_records[] =
    "id: acme\n"
    "kind: enterprise\n"
    "name: 常州嘉泽机械有限公司\n"
    "checks:\n"
    "  O1.iso:\n"
    "    status: failed\n"
    "    note: 胶黏剂超标\n"
    "    rectifications:\n"
    "    - id: r-3fa2c1\n"
    "      what: |\n"
    "        更换胶黏剂供应商\n"
    "        重新送检\n"
    "      owner: 生产部 王刚\n"
    "      due: 2016-08-31\n"
    "      state: open\n"
    "      opened: 2016-07-14T09:00:00+08:00\n"
    "      opened_by: 钱志锋\n"
    "      updated: 2016-07-14T09:00:00+08:00\n"
    "      by: 钱志锋\n"
    "    - id: r-000001\n"
    "      what: \"yes\"\n"
    "      owner: \"2016\"\n"
    "      due: 2016-09-30\n"
    "      state: done\n"
    "  M1.letter:\n"
    "    status: todo\n"
    "    rectifications:\n"
    "    - id: r-000002\n"
    "      what: sign it\n"
    "      owner: 办公室\n"
    "      due: 2016-03-01\n"
    "      state: verified\n"
    "history:\n"
    "- {at: '2016-07-14T09:00:00+08:00', by: 钱志锋, check: O1.iso, record: r-3fa2c1, new: open, "
    "event: rectification}\n";

static void test_records_roundtrip_byte_for_byte(void **state)
{
    diag_list dl = DIAG_LIST_INIT;
    unit *u = parse_unit(&P, with_records, "acme", KIND_ENTERPRISE, &dl);
    if (!u)
        diag_print(&dl, stderr);
    assert_non_null(u);
    assert_int_equal(u->n_records, 3);
    const unit_record *r = unit_find_record(u, "r-3fa2c1");
    assert_non_null(r);
    assert_ptr_equal(r->kind, &record_kind_rectification);
    assert_string_equal(r->check->id, "O1.iso");
    assert_string_equal(record_text(r, "what"), "更换胶黏剂供应商\n重新送检\n");
    assert_string_equal(record_text(r, "due"), "2016-08-31");
    assert_null(record_text(r, "note"));
    assert_int_equal(r->line, 9);
    assert_string_equal(unit_find_record(u, "r-000002")->check->id, "M1.letter");
    strbuf out = STRBUF_INIT;
    assert_true(unit_write(u, &out, "u.yaml", &dl));
    assert_string_equal(sb_str(&out), with_records);
    sb_free(&out);
    unit_free(u);
}

static void refused(const char *checks, const char *needle, int line, int col)
{
    char *text = xasprintf("id: acme\nkind: enterprise\nname: A\nchecks:\n  O1.iso:\n"
                           "    status: failed\n    rectifications:\n%s",
                           checks);
    diag_list dl = DIAG_LIST_INIT;
    unit *u = parse_unit(&P, text, "acme", KIND_ENTERPRISE, &dl);
    assert_null(u);
    assert_diag(&dl, needle, line, col);
    diag_clear(&dl);
    free(text);
}

#define REC(extra) "    - id: r-1\n      what: w\n      owner: o\n      due: 2016-08-31\n" extra

static void test_records_refused_with_positions(void **state)
{
    refused(REC("      state: open\n      colour: red\n"), "unknown key 'colour' in a record", 13,
            7);
    refused("    - id: r-1\n      what: w\n      owner: o\n      state: open\n",
            "a rectification record has no 'due'", 8, 7);
    refused("    - id: r-1\n      what: w\n      owner: o\n      due: 2016-02-30\n      state: "
            "open\n",
            "'due' cannot be '2016-02-30'", 11, 12);
    refused(REC("      state: closed\n"), "'state' cannot be 'closed'", 12, 14);
    refused(REC("      state: open\n") REC("      state: done\n"),
            "the id 'r-1' is already used by another record", 13, 11);
    refused("    - id: R_1\n      what: w\n", "'R_1' is not a record id", 8, 11);
    refused(REC("      state: open\n      opened: yesterday\n"), "'opened' cannot be 'yesterday'",
            13, 15);
    refused(REC("      state: open\n      owner2: x\n"), "unknown key 'owner2'", 13, 7);
    refused("    - just a line\n", "a record must be a mapping", 8, 7);
    refused("      id: r-1\n", "a list of records must be a list", 8, 7);
    refused(REC("      state: open\n      opened_by: \"a\\nb\"\n"), "must be one line", 13, 18);
    /* a check's list at the top of the file is not the unit's */
    diag_list dl = DIAG_LIST_INIT;
    unit *u = parse_unit(&P, "id: acme\nkind: enterprise\nname: A\nrectifications: []\n", "acme",
                         KIND_ENTERPRISE, &dl);
    assert_null(u);
    assert_diag(&dl, "unknown key 'rectifications'", 4, 1);
    diag_clear(&dl);
}

static void test_field_types(void **state)
{
    static const char *const words[] = {"a", "b", NULL};
    const field_def sha = {"sha256", FIELD_SHA256, false, NULL},
                    path = {"file", FIELD_PATH, false, NULL},
                    word = {"w", FIELD_WORD, false, words},
                    checks = {"checks", FIELD_CHECKS, false, NULL},
                    line = {"l", FIELD_LINE, false, NULL};
    assert_true(record_text_valid(
        &sha, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    assert_false(record_text_valid(
        &sha, "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"));
    assert_false(record_text_valid(&sha, "e3b0"));
    assert_true(record_text_valid(&path, "evidence/acme/ISO 9001 证书.pdf"));
    static const char *const bad_paths[] = {
        "",     "/etc/passwd", "../x", "evidence/../x", "evidence//x", "evidence/.x", ".git/config",
        "a\\b", "evidence/"};
    for (size_t i = 0; i < sizeof bad_paths / sizeof *bad_paths; i++)
        assert_false(record_text_valid(&path, bad_paths[i]));
    assert_true(record_text_valid(&word, "b"));
    assert_false(record_text_valid(&word, "c"));
    assert_true(record_text_valid(&checks, "O1.iso"));
    assert_false(record_text_valid(&checks, "O1 iso"));
    assert_false(record_text_valid(&line, "a\nb"));
}

/* ---- changes through the store ----------------------------------------- */

typedef struct fixture {
    char *root;
    workspace ws;
} fixture;

static int setup_ws(void **state)
{
    fixture *fx = xcalloc(1, sizeof *fx);
    make_test_workspace(&fx->root, &fx->ws);
    char *path = xasprintf("%s/enterprises/acme.yaml", fx->root);
    FILE *f = fopen(path, "w");
    fputs("id: acme\nkind: enterprise\nname: Acme\nchecks:\n  O1.iso:\n    status: failed\n", f);
    fclose(f);
    free(path);
    *state = fx;
    return 0;
}

static int teardown_ws(void **state)
{
    fixture *fx = *state;
    remove_test_workspace(fx->root, &fx->ws);
    free(fx);
    return 0;
}

static ws_unit *acme(fixture *fx)
{
    return find_test_unit(&fx->ws, "acme");
}

static char *file_text(fixture *fx)
{
    char *path = xasprintf("%s/enterprises/acme.yaml", fx->root), *buf;
    size_t len;
    diag_list dl = DIAG_LIST_INIT;
    assert_int_equal(fs_read_file(path, 1 << 20, &buf, &len, NULL, &dl), FS_OK);
    free(path);
    return buf;
}

static const record_field_set new_fields[] = {
    {"what", "换供应商", NULL, 0},
    {"owner", "王刚", NULL, 0},
    {"due", "2016-08-31", NULL, 0},
    {"state", "open", NULL, 0},
};

static void test_new_record_gets_an_id_and_history(void **state)
{
    fixture *fx = *state;
    ws_unit *wu = acme(fx);
    record_change ch = {.kind = &record_kind_rectification,
                        .check = plan_find_check(&fx->ws.plan, "O1.iso"),
                        .fields = new_fields,
                        .n_fields = 4,
                        .history_new = "open"};
    diag_list dl = DIAG_LIST_INIT;
    setenv("QTOWN_NOW", "1468458000", 1); /* 2016-07-14T09:00:00+08:00 */
    assert_true(store_change_records(&fx->ws, wu, &ch, 1, "钱志锋", NULL, &dl));
    assert_non_null(ch.new_id);
    assert_int_equal(strlen(ch.new_id), 8); /* r-xxxxxx */
    assert_memory_equal(ch.new_id, "r-", 2);
    char *text = file_text(fx);
    char *want = xasprintf("    rectifications:\n    - id: %s\n      what: 换供应商\n", ch.new_id);
    assert_non_null(strstr(text, want));
    char *entry =
        xasprintf("check: O1.iso, record: %s, new: open, event: rectification}", ch.new_id);
    assert_non_null(strstr(text, entry));
    /* the same change again makes another record with another id */
    char *first = ch.new_id;
    ch.new_id = NULL;
    assert_true(store_change_records(&fx->ws, wu, &ch, 1, "钱志锋", NULL, &dl));
    assert_string_not_equal(first, ch.new_id);
    assert_int_equal(wu->u->n_records, 2);
    free(first), free(ch.new_id), free(text), free(want), free(entry);
}

static void test_bad_changes_change_nothing(void **state)
{
    fixture *fx = *state;
    ws_unit *wu = acme(fx);
    char *before = file_text(fx);
    diag_list dl = DIAG_LIST_INIT;
    const plan_check *iso = plan_find_check(&fx->ws.plan, "O1.iso");
    record_field_set bad_due[] = {{"what", "w", NULL, 0},
                                  {"owner", "o", NULL, 0},
                                  {"due", "2016-02-30", NULL, 0},
                                  {"state", "open", NULL, 0}};
    record_change ch = {
        .kind = &record_kind_rectification, .check = iso, .fields = bad_due, .n_fields = 4};
    assert_false(store_change_records(&fx->ws, wu, &ch, 1, "A", NULL, &dl));
    assert_diag(&dl, "'due' cannot be '2016-02-30'", 0, 0);
    ch.n_fields = 2; /* no due, no state */
    assert_false(store_change_records(&fx->ws, wu, &ch, 1, "A", NULL, &dl));
    assert_diag(&dl, "has no 'due'", 0, 0);
    record_field_set unknown[] = {{"colour", "red", NULL, 0}};
    record_change other = {
        .kind = &record_kind_rectification, .id = "r-nope", .fields = unknown, .n_fields = 1};
    assert_false(store_change_records(&fx->ws, wu, &other, 1, "A", NULL, &dl));
    assert_diag(&dl, "'colour' is not a field", 0, 0);
    other.fields = new_fields;
    assert_false(store_change_records(&fx->ws, wu, &other, 1, "A", NULL, &dl));
    assert_diag(&dl, "no record 'r-nope' in acme", 0, 0);
    record_change village = {.kind = &record_kind_rectification,
                             .check = plan_find_check(&fx->ws.plan, "O1.rate"),
                             .fields = new_fields,
                             .n_fields = 4};
    assert_false(store_change_records(&fx->ws, wu, &village, 1, "A", NULL, &dl));
    assert_diag(&dl, "cannot go on O1.rate", 0, 0);
    char *after = file_text(fx);
    assert_string_equal(before, after);
    free(before), free(after);
    diag_clear(&dl);
}

/* Someone else changed the owner after this writer loaded the unit: this
 * writer's new owner wins the field, theirs is kept in the history. */
static void test_field_changed_meanwhile_is_kept(void **state)
{
    fixture *fx = *state;
    ws_unit *wu = acme(fx);
    record_change ch = {.kind = &record_kind_rectification,
                        .check = plan_find_check(&fx->ws.plan, "O1.iso"),
                        .fields = new_fields,
                        .n_fields = 4,
                        .history_new = "open"};
    diag_list dl = DIAG_LIST_INIT;
    assert_true(store_change_records(&fx->ws, wu, &ch, 1, "A", NULL, &dl));
    unit *seen = wu->u; /* what this writer saw; another qtown changes the owner */
    wu->u = NULL;
    workspace ws2;
    assert_true(workspace_open(&ws2, fx->root, &dl));
    bool missing;
    ws_unit *other = workspace_find_unit(&ws2, "acme", &missing, &dl);
    record_field_set theirs[] = {{"owner", "质检科 李四", NULL, 0}};
    record_change c2 = {
        .kind = &record_kind_rectification, .id = ch.new_id, .fields = theirs, .n_fields = 1};
    assert_true(store_change_records(&ws2, other, &c2, 1, "B", NULL, &dl));
    workspace_close(&ws2);
    wu->u = seen;
    record_field_set mine[] = {{"owner", "生产部 赵六", NULL, 0}, {"state", "done", NULL, 0}};
    record_change c3 = {.kind = &record_kind_rectification,
                        .id = ch.new_id,
                        .fields = mine,
                        .n_fields = 2,
                        .history_old = "open",
                        .history_new = "done"};
    assert_true(store_change_records(&fx->ws, wu, &c3, 1, "A", NULL, &dl));
    char *text = file_text(fx);
    assert_non_null(strstr(text, "      owner: 生产部 赵六\n"));
    assert_non_null(strstr(text, "by: B, check: O1.iso, record: "));
    assert_non_null(strstr(text, "key: owner, new: 质检科 李四, event: merge}"));
    assert_non_null(strstr(text, "old: open, new: done, event: rectification}"));
    free(text), free(ch.new_id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records_roundtrip_byte_for_byte),
        cmocka_unit_test(test_records_refused_with_positions),
        cmocka_unit_test(test_field_types),
        cmocka_unit_test_setup_teardown(test_new_record_gets_an_id_and_history, setup_ws,
                                        teardown_ws),
        cmocka_unit_test_setup_teardown(test_bad_changes_change_nothing, setup_ws, teardown_ws),
        cmocka_unit_test_setup_teardown(test_field_changed_meanwhile_is_kept, setup_ws,
                                        teardown_ws),
    };
    return cmocka_run_group_tests(tests, setup_plan, teardown_plan);
}
