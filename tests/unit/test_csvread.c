/* util/csvread and util/charset: RFC 4180 as Excel and qtown's writer
 * make it, the writer's formula quote read back, UTF-8 with or without a
 * BOM and GB18030, every bad byte placed. */
#include "harness.h"

#include "report/csv.h"
#include "util/charset.h"
#include "util/csvread.h"

#include <stdlib.h>

static csv_table read_ok(const char *text)
{
    csv_table t;
    diag_list dl = DIAG_LIST_INIT;
    if (!csv_read("t.csv", text, strlen(text), &t, &dl)) {
        diag_print(&dl, stderr);
        fail_msg("csv_read failed");
    }
    diag_clear(&dl);
    return t;
}

static void test_rfc4180(void **state)
{
    csv_table t = read_ok("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n,,\r\nlast,,\n");
    assert_int_equal(t.n, 3); /* the row of empty cells is left out */
    assert_int_equal(t.rows[0].n, 3);
    assert_string_equal(t.rows[1].cells[0].text, "x,1");
    assert_string_equal(t.rows[1].cells[1].text, "say \"hi\"");
    assert_string_equal(t.rows[1].cells[2].text, "two\nlines");
    assert_int_equal(t.rows[1].line, 2);
    assert_int_equal(t.rows[2].line, 5); /* the quoted line break counted */
    assert_int_equal(t.rows[2].n, 3);
    assert_string_equal(t.rows[2].cells[0].text, "last");
    assert_string_equal(t.rows[2].cells[2].text, "");
    csv_table_free(&t);
}

static void test_positions_count_characters(void **state)
{
    csv_table t = read_ok("新竹村,嘉森,x\nLF only,\"q\"\rCR only\n");
    assert_int_equal(t.rows[0].cells[2].line, 1);
    assert_int_equal(t.rows[0].cells[2].col, 8); /* after 新竹村,嘉森, (7 characters) */
    assert_int_equal(t.rows[1].cells[1].col, 9);
    assert_int_equal(t.rows[2].line, 3);
    assert_string_equal(t.rows[2].cells[0].text, "CR only");
    csv_table_free(&t);
}

static void test_formula_cells(void **state)
{
    csv_table t = read_ok("'=1+1,=1+1,-3,'-3,'@x,''quoted,'plain,@SUM(A1)\n");
    const csv_cell *c = t.rows[0].cells;
    assert_string_equal(c[0].text, "=1+1");
    assert_false(c[0].formula);
    assert_string_equal(c[1].text, "=1+1");
    assert_true(c[1].formula);
    assert_true(c[2].formula); /* a column of numbers accepts it */
    assert_string_equal(c[3].text, "-3");
    assert_false(c[3].formula);
    assert_string_equal(c[4].text, "@x");
    assert_string_equal(c[5].text, "'quoted");
    assert_string_equal(c[6].text, "'plain"); /* not the writer's quote: kept */
    assert_true(c[7].formula);
    csv_table_free(&t);
}

/* Whatever the writer writes, the reader reads back. */
static void test_writer_round_trip(void **state)
{
    static const char *const cells[] = {
        "=HYPERLINK(\"x\")", "+86 519",    "-3", "@user", "'quote", "a,b",
        "say \"x\"",         "多行\n备注", "",   "plain", "新竹村",
    };
    size_t n = sizeof cells / sizeof *cells;
    strbuf out = STRBUF_INIT;
    csv_writer w;
    csv_begin(&w, &out);
    for (size_t i = 0; i < n; i++)
        csv_text(&w, cells[i]);
    csv_end_row(&w);
    char *text;
    size_t len;
    charset used;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(charset_to_utf8("t.csv", out.data, out.len, CHARSET_AUTO, &text, &len, &used, &dl));
    assert_int_equal(used, CHARSET_UTF8);
    assert_int_not_equal((unsigned char)text[0], 0xEF); /* the BOM is gone */
    csv_table t = read_ok(text);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.rows[0].n, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(t.rows[0].cells[i].text, cells[i]);
        assert_false(t.rows[0].cells[i].formula);
    }
    csv_table_free(&t);
    free(text);
    sb_free(&out);
}

static void test_bad_quotes(void **state)
{
    csv_table t;
    diag_list dl = DIAG_LIST_INIT;
    const char *open = "a,b\nc,\"never closed\n";
    assert_false(csv_read("t.csv", open, strlen(open), &t, &dl));
    assert_diag(&dl, "never closed", 2, 3);
    assert_int_equal(t.n, 0);
    csv_table_free(&t);
    diag_clear(&dl);
    const char *after = "\"x\"y,z\n";
    assert_false(csv_read("t.csv", after, strlen(after), &t, &dl));
    assert_diag(&dl, "after the closing quote", 1, 4);
    csv_table_free(&t);
    diag_clear(&dl);
}

static void test_gb18030(void **state)
{
    /* 新竹村,O1 in GB18030 */
    const char gb[] = "\xd0\xc2\xd6\xf1\xb4\xe5,O1\r\n";
    char *text;
    size_t len;
    charset used;
    diag_list dl = DIAG_LIST_INIT;
    assert_true(charset_to_utf8("t.csv", gb, sizeof gb - 1, CHARSET_AUTO, &text, &len, &used, &dl));
    assert_int_equal(used, CHARSET_GB18030);
    assert_string_equal(text, "新竹村,O1\r\n");
    free(text);
    /* chosen: the same; as UTF-8 it is refused where it goes wrong */
    assert_true(
        charset_to_utf8("t.csv", gb, sizeof gb - 1, CHARSET_GB18030, &text, &len, &used, &dl));
    free(text);
    assert_false(
        charset_to_utf8("t.csv", gb, sizeof gb - 1, CHARSET_UTF8, &text, &len, &used, &dl));
    assert_diag(&dl, "0xD0", 1, 1);
    diag_clear(&dl);
}

static void test_bad_bytes_placed(void **state)
{
    char *text;
    size_t len;
    charset used;
    diag_list dl = DIAG_LIST_INIT;
    /* 0xFF is neither UTF-8 nor a GB18030 lead byte */
    const char bad[] = "unit,check\nxinzhu,O1\xff\n";
    assert_false(
        charset_to_utf8("t.csv", bad, sizeof bad - 1, CHARSET_AUTO, &text, &len, &used, &dl));
    assert_diag(&dl, "neither UTF-8 nor GB18030", 2, 10);
    diag_clear(&dl);
    const char bom_bad[] = "\xEF\xBB\xBFok,\xc3(\n";
    assert_false(charset_to_utf8("t.csv", bom_bad, sizeof bom_bad - 1, CHARSET_AUTO, &text, &len,
                                 &used, &dl));
    assert_diag(&dl, "not UTF-8", 1, 4);
    diag_clear(&dl);
    const char nul[] = "a,b\0c\n";
    assert_false(
        charset_to_utf8("t.csv", nul, sizeof nul - 1, CHARSET_AUTO, &text, &len, &used, &dl));
    assert_diag(&dl, "NUL", 1, 4);
    diag_clear(&dl);
}

/* Hostile text: a cell of a megabyte, a GB18030 character cut off at the
 * end, a file of nothing but empty rows, a lone quote. */
static void test_hostile(void **state)
{
    size_t big = 1 << 20;
    char *text = malloc(big + 16);
    memcpy(text, "a,\"", 3);
    memset(text + 3, 'x', big);
    memcpy(text + 3 + big, "\"\n", 3);
    csv_table t = read_ok(text);
    assert_int_equal(t.n, 1);
    assert_int_equal(strlen(t.rows[0].cells[1].text), big);
    csv_table_free(&t);
    free(text);
    t = read_ok(",,\r\n,\n\n");
    assert_int_equal(t.n, 0);
    csv_table_free(&t);
    diag_list dl = DIAG_LIST_INIT;
    assert_false(csv_read("t.csv", "\"", 1, &t, &dl));
    assert_diag(&dl, "never closed", 1, 1);
    csv_table_free(&t);
    diag_clear(&dl);
    const char cut[] = "a,\xd0\xc2\xd6"; /* 新 and half of 竹 */
    char *out;
    size_t len;
    charset used;
    assert_false(
        charset_to_utf8("t.csv", cut, sizeof cut - 1, CHARSET_GB18030, &out, &len, &used, &dl));
    assert_diag(&dl, "0xD6", 1, 4);
    diag_clear(&dl);
}

static void test_charset_names(void **state)
{
    charset cs;
    assert_true(charset_parse("UTF-8", &cs));
    assert_int_equal(cs, CHARSET_UTF8);
    assert_true(charset_parse("gb18030", &cs));
    assert_int_equal(cs, CHARSET_GB18030);
    assert_false(charset_parse("latin1", &cs));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc4180),          cmocka_unit_test(test_positions_count_characters),
        cmocka_unit_test(test_formula_cells),    cmocka_unit_test(test_writer_round_trip),
        cmocka_unit_test(test_bad_quotes),       cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_bad_bytes_placed), cmocka_unit_test(test_charset_names),
        cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
