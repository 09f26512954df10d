/* model/unit: the unit reader and writer — the file format contract. */
#include "harness.h"

#include "fixtures.h"
#include "model/history.h"
#include "util/xalloc.h"

static plan P;

static int setup(void **state)
{
    text_init_locale();
    load_mini_plan(&P);
    return 0;
}

static int teardown(void **state)
{
    plan_free(&P);
    return 0;
}

/* What qtown writes for a unit, byte for byte: the contract of
 * docs/unit-format.md. */
static const char canonical[] =
    "id: acme\n"
    "kind: enterprise\n"
    "name: 常州嘉泽机械有限公司\n"
    "attributes:\n"
    "  annual_sales_wan: 3500\n"
    "  industrial: true\n"
    "  size: large\n"
    "checks:\n"
    "  O1.iso:\n"
    "    status: done\n"
    "    note: |\n"
    "      ISO 9001 certificate valid until 2027-05.\n"
    "      第二行\n"
    "    updated: 2026-11-26T10:15:00+08:00\n"
    "    by: 钱志锋\n"
    "  O2.people:\n"
    "    status: doing\n"
    "    value: 12.5\n"
    "  M1.letter:\n"
    "    status: failed\n"
    "    note: \"no: not yet\"\n"
    "history:\n"
    "- {at: '2026-11-26T10:15:00+08:00', by: 钱志锋, check: O1.iso, from: doing, to: done}\n";

static void test_roundtrip_keeps_every_byte(void **state)
{
    diag_list dl = DIAG_LIST_INIT;
    unit *u = parse_unit(&P, canonical, "acme", KIND_ENTERPRISE, &dl);
    if (!u)
        diag_print(&dl, stderr);
    assert_non_null(u);
    strbuf out = STRBUF_INIT;
    assert_true(unit_write(u, &out, "u.yaml", &dl));
    assert_string_equal(sb_str(&out), canonical);
    sb_free(&out);
    unit_free(u);
}

static void test_reads_fields(void **state)
{
    diag_list dl = DIAG_LIST_INIT;
    unit *u = parse_unit(&P, canonical, "acme", KIND_ENTERPRISE, &dl);
    assert_non_null(u);
    assert_string_equal(u->name, "常州嘉泽机械有限公司");
    const check_state *cs = unit_find_check(u, "O1.iso");
    assert_int_equal(cs->status, STATUS_DONE);
    assert_string_equal(cs->note, "ISO 9001 certificate valid until 2027-05.\n第二行\n");
    assert_string_equal(cs->by, "钱志锋");
    cs = unit_find_check(u, "O2.people");
    assert_true(cs->has_value);
    assert_true(cs->value == 12.5);
    const unit_attr *a = unit_find_attr(u, "annual_sales_wan");
    assert_int_equal(a->type, ATTR_NUMBER);
    assert_true(a->number == 3500);
    a = unit_find_attr(u, "industrial");
    assert_int_equal(a->type, ATTR_BOOL);
    assert_true(a->boolean);
    assert_int_equal(u->n_history, 1);
    assert_int_equal(u->history[0].from, STATUS_DOING);
    unit_free(u);
}

/* Strings a YAML 1.1 reader would take for something else are quoted. */
static void test_writer_quotes_ambiguous_strings(void **state)
{
    static const char *const tricky[] = {
        "yes",        "No",   "ON",   "~",  "null", "0x1F",  ".inf",   "",     "123", "1.5",
        "2026-11-26", "-x",   "a: b", "#c", "@x",   " lead", "trail ", "[x]",  "{y}", "*ref",
        "&anc",       "!tag", "%p",   "'q", "\"d",  "|",     ">",      "a #b", "=",   "<<"};
    for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++) {
        unit *u = unit_new(KIND_VILLAGE, "v", tricky[i]);
        strbuf out = STRBUF_INIT;
        diag_list dl = DIAG_LIST_INIT;
        assert_true(unit_write(u, &out, "v.yaml", &dl));
        unit *back = parse_unit(&P, sb_str(&out), "v", KIND_VILLAGE, &dl);
        if (tricky[i][0] == '\0') {
            /* an empty name is refused by the reader: the writer still quotes it */
            assert_null(back);
            assert_non_null(strstr(sb_str(&out), "name: \"\""));
        } else {
            if (!back)
                diag_print(&dl, stderr);
            assert_non_null(back);
            assert_string_equal(back->name, tricky[i]);
            assert_null(strstr(sb_str(&out), "\\u")); /* nothing escaped needlessly */
        }
        unit_free(back);
        unit_free(u);
        sb_free(&out);
        diag_clear(&dl);
    }
}

/* Ids and keys that YAML 1.1 would read as booleans or numbers are quoted;
 * numbers keep reading back as numbers, negative ones too. */
static void test_words_stay_words_and_numbers_numbers(void **state)
{
    unit *u = unit_new(KIND_VILLAGE, "no", "N");
    strbuf out = STRBUF_INIT;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(unit_write(u, &out, "no.yaml", &dl));
    assert_non_null(strstr(sb_str(&out), "id: \"no\"\n"));
    unit *back = parse_unit(&P, sb_str(&out), "no", KIND_VILLAGE, &dl);
    assert_non_null(back);
    unit_free(back);
    unit_free(u);
    sb_reset(&out);
    u = unit_new(KIND_TOWN, "town", "T");
    check_state *cs = unit_check_state(u, plan_find_check(&P, "O2.people"));
    cs->has_value = true;
    cs->value = -5;
    cs->value_text = "-5";
    assert_true(unit_write(u, &out, "town.yaml", &dl));
    assert_non_null(strstr(sb_str(&out), "value: -5\n"));
    back = parse_unit(&P, sb_str(&out), "town", KIND_TOWN, &dl);
    if (!back)
        diag_print(&dl, stderr);
    assert_non_null(back);
    assert_true(unit_find_check(back, "O2.people")->value == -5);
    unit_free(back);
    unit_free(u);
    sb_free(&out);
}

static void roundtrip_note(const char *note)
{
    unit *u = unit_new(KIND_ENTERPRISE, "e", "E");
    check_state *cs = unit_check_state(u, plan_find_check(&P, "O1.iso"));
    cs->note = note;
    strbuf out = STRBUF_INIT;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(unit_write(u, &out, "e.yaml", &dl));
    unit *back = parse_unit(&P, sb_str(&out), "e", KIND_ENTERPRISE, &dl);
    if (!back)
        diag_print(&dl, stderr);
    assert_non_null(back);
    assert_string_equal(unit_find_check(back, "O1.iso")->note, note);
    /* and a second write gives the same bytes */
    strbuf again = STRBUF_INIT;
    assert_true(unit_write(back, &again, "e.yaml", &dl));
    assert_string_equal(sb_str(&again), sb_str(&out));
    unit_free(back);
    unit_free(u);
    sb_free(&out);
    sb_free(&again);
}

static void test_notes_of_every_shape_roundtrip(void **state)
{
    roundtrip_note("one line");
    roundtrip_note("两行\n中文\n");
    roundtrip_note("no trailing newline\nsecond");
    roundtrip_note("trailing spaces   \nnext");
    roundtrip_note("tab\tinside\nx");
    roundtrip_note("crlf\r\nline");
    roundtrip_note("  leading spaces\nx");
    roundtrip_note("\x1b[31mred\x1b[0m and \a bell");
    roundtrip_note("ends with newlines\n\n\n");
    roundtrip_note("bidi \xe2\x80\xae override");
}

static void test_literal_block_for_multiline(void **state)
{
    unit *u = unit_new(KIND_ENTERPRISE, "e", "E");
    unit_check_state(u, plan_find_check(&P, "O1.iso"))->note = "第一行\n第二行\n";
    strbuf out = STRBUF_INIT;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(unit_write(u, &out, "e.yaml", &dl));
    assert_non_null(strstr(sb_str(&out), "    note: |\n      第一行\n      第二行\n"));
    unit_free(u);
    sb_free(&out);
}

static void expect_refused(const char *text, const char *needle, int line, int col)
{
    diag_list dl = DIAG_LIST_INIT;
    unit *u = parse_unit(&P, text, "acme", KIND_ENTERPRISE, &dl);
    assert_null(u);
    assert_diag(&dl, needle, line, col);
    diag_clear(&dl);
}

static void test_refusals_with_positions(void **state)
{
    expect_refused("id: acme\nkind: enterprise\nname: A\ncolour: red\n", "unknown key 'colour'", 4,
                   1);
    expect_refused("id: other\nkind: enterprise\nname: A\n", "does not match the file name", 1, 5);
    expect_refused("id: acme\nkind: village\nname: A\n", "does not match the folder", 2, 7);
    expect_refused("id: acme\nkind: enterprise\nname: A\nchecks:\n  O9.nope: {status: done}\n",
                   "unknown check 'O9.nope'", 5, 3);
    expect_refused(
        "id: acme\nkind: enterprise\nname: A\nchecks:\n  M1.letter: {status: finished}\n",
        "unknown status 'finished'", 5, 23);
    expect_refused("id: acme\nkind: enterprise\nname: A\nchecks:\n  O1.rate: {status: done}\n",
                   "does not apply to enterprise", 5, 3);
    expect_refused(
        "id: acme\nkind: enterprise\nname: A\nchecks:\n  O1.iso: {status: done, value: 3}\n",
        "takes no value", 5, 33);
    expect_refused("id: acme\nkind: enterprise\nname: A\nchecks:\n  O2.people: {value: \"12\"}\n",
                   "must be a number (without quotes)", 5, 22);
    expect_refused("id: acme\nkind: enterprise\nname: A\nchecks:\n  O2.people: {value: lots}\n",
                   "must be a number", 5, 22);
    expect_refused("id: acme\nkind: enterprise\nname: A\nchecks: [a, b]\n", "must be a mapping", 4,
                   9);
    expect_refused("id: acme\nkind: enterprise\nname: [A]\n", "must be text", 3, 7);
    expect_refused("id: acme\nkind: enterprise\n", "has no 'name'", 1, 1);
    expect_refused("id: acme\nkind: enterprise\nname: A\nattributes:\n  industrial: maybe\n",
                   "must be true or false", 5, 15);
    expect_refused("id: acme\nkind: enterprise\nname: A\nattributes:\n  size: huge\n",
                   "cannot be 'huge'", 5, 9);
    expect_refused("id: acme\nkind: enterprise\nname: A\nattributes:\n  households: 3\n",
                   "not defined for enterprise", 5, 3);
    expect_refused("id: acme\nkind: enterprise\nname: A\nattributes:\n  Bad-Key: 3\n",
                   "not a valid attribute key", 5, 3);
    expect_refused("id: acme\nkind: enterprise\nname: A\nchecks:\n  M1.letter: {status: done, "
                   "updated: yesterday}\n",
                   "is not a date and time", 5, 38);
    expect_refused("id: acme\nkind: enterprise\nname: A\nhistory:\n- {at: '2026-01-01', check: "
                   "M1.letter, from: todo, to: maybe}\n",
                   "unknown status 'maybe'", 5, 56);
    expect_refused("id: acme\nkind: enterprise\nname: A\nchecks:\n  M1.letter:\n    status: done\n "
                   "   status: todo\n",
                   "duplicate key 'status'", 7, 5);
    expect_refused("id: acme\nkind: enterprise\nname: A\nchecks:\n  M1.letter:\n    note:\n      "
                   "deep: {x: [[[1]]]}\n",
                   "nested too deeply", 0, 0);
    expect_refused("", "the file is empty", 1, 1);
    expect_refused("- a\n- b\n", "must be a mapping", 1, 1);
}

/* Every kind of history entry the second release writes, byte for byte,
 * and each described in words. */
static const char every_entry[] =
    "id: acme\n"
    "kind: enterprise\n"
    "name: 新名字\n"
    "checks:\n"
    "  M1.letter:\n"
    "    status: done\n"
    "history:\n"
    "- {at: '2026-11-26T10:15:00+08:00', by: 钱志锋, check: M1.letter, from: todo, to: done}\n"
    "- {at: '2026-11-26T10:16:00+08:00', by: 钱志锋, check: M1.letter, note: 旧的备注, event: "
    "note}\n"
    "- {at: '2026-11-26T10:17:00+08:00', by: A, key: size, old: small, new: large, event: "
    "attribute}\n"
    "- {at: '2026-11-26T10:18:00+08:00', by: A, key: industrial, old: \"true\", event: "
    "attribute}\n"
    "- {at: '2026-11-26T10:19:00+08:00', by: A, old: 旧名字, new: 新名字, event: name}\n"
    "- {at: '2026-11-26T10:20:00+08:00', by: A, check: M1.letter, record: r-3fa2c1, old: open, "
    "new: done, event: rectification}\n";

static void test_every_history_entry_kind_roundtrips(void **state)
{
    diag_list dl = DIAG_LIST_INIT;
    unit *u = parse_unit(&P, every_entry, "acme", KIND_ENTERPRISE, &dl);
    if (!u)
        diag_print(&dl, stderr);
    assert_non_null(u);
    strbuf out = STRBUF_INIT;
    assert_true(unit_write(u, &out, "u.yaml", &dl));
    assert_string_equal(sb_str(&out), every_entry);
    assert_int_equal(u->n_history, 6);
    assert_true(u->history[0].has_status);
    assert_false(u->history[1].has_status);
    assert_null(u->history[3].new_);
    assert_string_equal(u->history[5].record, "r-3fa2c1");
    static const char *const words[] = {
        "doing -> done",
        "(note)",
        "size: small -> large  (attribute)",
        "industrial: true -> none  (attribute)",
        "旧名字 -> 新名字  (name)",
        "r-3fa2c1: open -> done  (rectification)",
    };
    for (size_t i = 0; i < 6; i++) {
        strbuf sb = STRBUF_INIT;
        history_describe(&u->history[i], false, &sb);
        assert_string_equal(sb_str(&sb), i == 0 ? "todo -> done" : words[i]);
        sb_free(&sb);
    }
    sb_free(&out);
    unit_free(u);
}

static void test_history_entries_refused(void **state)
{
    const char *head = "id: acme\nkind: enterprise\nname: A\nhistory:\n";
    struct {
        const char *entry, *needle;
        int col;
    } bad[] = {
        {"- {at: '2026-01-01T00:00:00Z', check: M1.letter, from: todo}\n", "or neither", 56},
        {"- {at: '2026-01-01T00:00:00Z', from: todo, to: done}\n", "needs its 'check'", 3},
        {"- {at: '2026-01-01T00:00:00Z', by: A}\n", "or an 'event'", 3},
        {"- {at: '2026-01-01T00:00:00Z', record: R/1, event: visit}\n", "not a record id", 40},
        {"- {at: '2026-01-01T00:00:00Z', key: [a], event: attribute}\n", "must be text", 37},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        strbuf sb = STRBUF_INIT;
        sb_puts(&sb, head);
        sb_puts(&sb, bad[i].entry);
        expect_refused(sb_str(&sb), bad[i].needle, 5, bad[i].col);
        sb_free(&sb);
    }
}

static void test_unknown_attribute_from_file_is_refused(void **state)
{
    expect_refused("id: acme\nkind: enterprise\nname: A\nattributes:\n  colour: red\n",
                   "unknown attribute 'colour'", 5, 3);
}

static void test_checks_kept_in_plan_order(void **state)
{
    const char *text = "id: acme\nkind: enterprise\nname: A\nchecks:\n"
                       "  M1.letter: {status: done}\n  O1.iso: {status: doing}\n";
    diag_list dl = DIAG_LIST_INIT;
    unit *u = parse_unit(&P, text, "acme", KIND_ENTERPRISE, &dl);
    assert_non_null(u);
    assert_string_equal(u->checks[0].check->id, "O1.iso");
    assert_string_equal(u->checks[1].check->id, "M1.letter");
    unit_free(u);
}

static void test_progress(void **state)
{
    const char *text = "id: acme\nkind: enterprise\nname: A\nchecks:\n"
                       "  O1.iso: {status: done}\n  O2.people: {status: na}\n"
                       "  M1.letter: {status: failed}\n";
    diag_list dl = DIAG_LIST_INIT;
    unit *u = parse_unit(&P, text, "acme", KIND_ENTERPRISE, &dl);
    assert_non_null(u);
    unit_progress pr = unit_progress_of(u, &P);
    assert_int_equal(pr.applicable, 2); /* 3 carried, 1 n/a */
    assert_int_equal(pr.done, 1);
    assert_int_equal(pr.failed, 1);
    assert_int_equal(pr.na, 1);
    unit_free(u);
}

/* One rule for what a note says: its trailing line ends are not part
 * of it. */
static void test_same_note(void **state)
{
    (void)state;
    assert_int_equal(unit_note_len(NULL), 0);
    assert_int_equal(unit_note_len(""), 0);
    assert_int_equal(unit_note_len("\n\n"), 0);
    assert_int_equal(unit_note_len("a\nb\n"), 3);
    assert_int_equal(unit_note_len("a\r\n\r\n"), 1);
    assert_int_equal(unit_note_len("\na"), 2);
    assert_true(unit_same_note(NULL, ""));
    assert_true(unit_same_note(NULL, "\n"));
    assert_true(unit_same_note("a\nb", "a\nb\n"));
    assert_true(unit_same_note("备注\r\n", "备注"));
    assert_false(unit_same_note("a", NULL));
    assert_false(unit_same_note("a\nb", "a\n\nb"));
    assert_false(unit_same_note("ab", "abc"));
    assert_false(unit_same_note(" a", "a"));
}

/* One reading of a number a person types, for every front end. */
static void test_typed_number(void **state)
{
    static const struct {
        const char *typed;
        typed_number want;
        double value;
        const char *text;
    } cases[] = {
        {"2", TYPED_NUMBER, 2, "2"},
        {" 68 ", TYPED_NUMBER, 68, "68"},
        {"\t98.50\t ", TYPED_NUMBER, 98.5, "98.50"}, /* as typed: the file keeps 98.50 */
        {"-0.5", TYPED_NUMBER, -0.5, "-0.5"},
        {"+1e3", TYPED_NUMBER, 1000, "+1e3"},
        {"", TYPED_BLANK, 0, NULL},
        {" \t ", TYPED_BLANK, 0, NULL},
        {NULL, TYPED_BLANK, 0, NULL},
        {"98,5", TYPED_NOT_A_NUMBER, 0, NULL}, /* never a decimal comma */
        {"1 000", TYPED_NOT_A_NUMBER, 0, NULL},
        {"0x10", TYPED_NOT_A_NUMBER, 0, NULL},
        {"inf", TYPED_NOT_A_NUMBER, 0, NULL},
        {"nan", TYPED_NOT_A_NUMBER, 0, NULL},
        {"1e999", TYPED_NOT_A_NUMBER, 0, NULL},
        {".5", TYPED_NOT_A_NUMBER, 0, NULL},
        {"12abc", TYPED_NOT_A_NUMBER, 0, NULL},
        {"十", TYPED_NOT_A_NUMBER, 0, NULL},
        {"２", TYPED_NOT_A_NUMBER, 0, NULL}, /* a full-width digit */
        {"2\n", TYPED_NOT_A_NUMBER, 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double v = -42;
        char *text = NULL;
        typed_number got = unit_read_typed_number(cases[i].typed, &v, &text);
        if (got != cases[i].want)
            fail_msg("'%s': got %d, not %d", cases[i].typed ? cases[i].typed : "(null)", got,
                     cases[i].want);
        if (got == TYPED_NUMBER) {
            assert_true(v == cases[i].value);
            assert_string_equal(text, cases[i].text);
        } else {
            assert_null(text);
        }
        free(text);
    }
    /* --attr KEY=VALUE of a number attribute reads it the same way */
    diag_list dl = DIAG_LIST_INIT;
    unit *u = parse_unit(&P, "id: acme\nkind: enterprise\nname: A\n", "acme", KIND_ENTERPRISE, &dl);
    assert_non_null(u);
    assert_true(unit_set_attr(u, &P, "annual_sales_wan", " 3500 ", &dl));
    const unit_attr *a = unit_find_attr(u, "annual_sales_wan");
    assert_string_equal(a->text, "3500");
    assert_true(a->number == 3500);
    assert_false(unit_set_attr(u, &P, "annual_sales_wan", "3,500", &dl));
    assert_false(unit_set_attr(u, &P, "annual_sales_wan", " ", &dl));
    assert_diag(&dl, "must be a number, not ' '", 0, 0);
    diag_clear(&dl);
    unit_free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_keeps_every_byte),
        cmocka_unit_test(test_same_note),
        cmocka_unit_test(test_typed_number),
        cmocka_unit_test(test_reads_fields),
        cmocka_unit_test(test_writer_quotes_ambiguous_strings),
        cmocka_unit_test(test_notes_of_every_shape_roundtrip),
        cmocka_unit_test(test_words_stay_words_and_numbers_numbers),
        cmocka_unit_test(test_literal_block_for_multiline),
        cmocka_unit_test(test_refusals_with_positions),
        cmocka_unit_test(test_unknown_attribute_from_file_is_refused),
        cmocka_unit_test(test_every_history_entry_kind_roundtrips),
        cmocka_unit_test(test_history_entries_refused),
        cmocka_unit_test(test_checks_kept_in_plan_order),
        cmocka_unit_test(test_progress),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
