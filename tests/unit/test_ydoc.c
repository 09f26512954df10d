/* yaml/ydoc: the bounded reader, and its refusals with positions. */
#include "harness.h"

#include "util/text.h"
#include "util/xalloc.h"
#include "yaml/ydoc.h"
#include "yaml/ypack.h"

#include <stdlib.h>
#include <time.h>

static const ylimits limits = {.max_depth = 8, .max_scalar = 1024, .max_nodes = 10000};

typedef struct parsed {
    arena *mem;
    ydoc doc;
    diag_list dl;
    bool ok;
} parsed;

static parsed parse(const char *text)
{
    parsed p = {.mem = arena_new(1024), .dl = DIAG_LIST_INIT};
    p.ok = ydoc_parse(&p.doc, p.mem, "t.yaml", text, strlen(text), &limits, &p.dl);
    return p;
}

static void done(parsed *p)
{
    arena_free(p->mem);
    diag_clear(&p->dl);
}

static void test_tree_and_positions(void **state)
{
    parsed p = parse("name: 新竹村\nlist:\n  - a\n  - \"b\"\n");
    assert_true(p.ok);
    const ynode *root = p.doc.root;
    assert_int_equal(root->kind, YNODE_MAP);
    const ynode *name = ynode_get(root, "name");
    assert_string_equal(name->str, "新竹村");
    assert_true(name->plain);
    assert_int_equal(name->line, 1);
    assert_int_equal(name->col, 7);
    const ynode *list = ynode_get(root, "list");
    assert_int_equal(list->kind, YNODE_SEQ);
    assert_int_equal(list->count, 2);
    assert_false(list->values[1]->plain);
    assert_int_equal(list->values[1]->line, 4);
    assert_null(ynode_get(root, "missing"));
    done(&p);
}

/* Found by fuzz_config ("plan: []n"): an empty sequence made memcpy read
 * from a NULL items array (undefined behaviour under UBSan). */
static void test_empty_collections(void **state)
{
    parsed p = parse("a: []\nb: {}\nc: [[], {}]\n");
    assert_true(p.ok);
    assert_int_equal(ynode_get(p.doc.root, "a")->kind, YNODE_SEQ);
    assert_int_equal(ynode_get(p.doc.root, "a")->count, 0);
    assert_int_equal(ynode_get(p.doc.root, "b")->count, 0);
    assert_int_equal(ynode_get(p.doc.root, "c")->count, 2);
    done(&p);
}

static void test_syntax_error_position(void **state)
{
    parsed p = parse("a: 1\nb: [1, 2\n");
    assert_false(p.ok);
    assert_true(p.dl.count == 1 && p.dl.items[0].line > 0);
    done(&p);
    p = parse("a: \"unclosed\nb: 2\n");
    assert_false(p.ok);
    /* the context (the opening quote) is named too */
    assert_diag(&p.dl, "line 1, column 4", 0, 0);
    done(&p);
}

static void test_refuses_anchors_and_aliases(void **state)
{
    parsed p = parse("a: &x [1, 2]\nb: *x\n");
    assert_false(p.ok);
    assert_diag(&p.dl, "anchors", 1, 4);
    done(&p);
    p = parse("a: [1, 2]\nb: *x\n");
    assert_false(p.ok);
    done(&p);
}

static void test_billion_laughs_fails_fast(void **state)
{
    const char *bomb =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
    parsed p = parse(bomb);
    assert_false(p.ok);
    assert_diag(&p.dl, "not allowed", 1, 4);
    done(&p);
}

static void test_depth_limit_is_fast(void **state)
{
    size_t n = 1000000;
    char *deep = xmalloc(n + 1);
    memset(deep, '[', n);
    deep[n] = '\0';
    clock_t t0 = clock();
    parsed p = parse(deep);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_false(p.ok);
    assert_diag(&p.dl, "nested too deeply", 1, 9);
    /* bounded work: stopping at the limit, not parsing a million levels */
    assert_true(secs < 1.0);
    done(&p);
    free(deep);
}

static void test_duplicate_keys(void **state)
{
    parsed p = parse("a: 1\nb: 2\na: 3\n");
    assert_false(p.ok);
    assert_diag(&p.dl, "duplicate key 'a' (first at line 1, column 1)", 3, 1);
    done(&p);
}

static void test_many_keys_duplicate_found(void **state)
{
    char *buf = xmalloc(200000);
    size_t len = 0;
    for (int i = 0; i < 4000; i++)
        len += (size_t)sprintf(buf + len, "k%d: %d\n", i, i);
    sprintf(buf + len, "k42: again\n");
    parsed p = parse(buf);
    assert_false(p.ok);
    assert_diag(&p.dl, "duplicate key 'k42'", 4001, 1);
    done(&p);
    free(buf);
}

static void test_invalid_utf8_position(void **state)
{
    parsed p = parse("a: ok\nb: caf\xe9\n");
    assert_false(p.ok);
    assert_diag(&p.dl, "invalid UTF-8", 2, 7);
    done(&p);
}

static void test_control_character(void **state)
{
    parsed p = parse("a: x\x01y\n");
    assert_false(p.ok);
    assert_true(p.dl.count >= 1 && p.dl.items[0].line == 1);
    done(&p);
}

static void test_escaped_control_kept_as_data(void **state)
{
    parsed p = parse("a: \"\\e[31m\"\n");
    assert_true(p.ok);
    assert_string_equal(ynode_get(p.doc.root, "a")->str, "\x1b[31m");
    done(&p);
}

static void test_scalar_limit(void **state)
{
    char *buf = xmalloc(3000);
    strcpy(buf, "a: ");
    memset(buf + 3, 'x', 2000);
    buf[2003] = '\0';
    parsed p = parse(buf);
    assert_false(p.ok);
    assert_diag(&p.dl, "text too long", 1, 4);
    done(&p);
    free(buf);
}

static void test_tags_and_documents(void **state)
{
    parsed p = parse("a: !!binary aGk=\n");
    assert_false(p.ok);
    assert_diag(&p.dl, "tags", 1, 4);
    done(&p);
    p = parse("a: 1\n---\nb: 2\n");
    assert_false(p.ok);
    assert_diag(&p.dl, "only one document", 0, 0);
    done(&p);
    p = parse("? [a, b]\n: c\n");
    assert_false(p.ok);
    assert_diag(&p.dl, "a key must be plain text", 0, 0);
    done(&p);
}

static void test_empty(void **state)
{
    parsed p = parse("");
    assert_true(p.ok);
    assert_null(p.doc.root);
    done(&p);
}

/* Are two trees the same: kinds, positions, texts, order? */
static bool same_tree(const ynode *a, const ynode *b)
{
    if (a->kind != b->kind || a->line != b->line || a->col != b->col || a->plain != b->plain)
        return false;
    if (a->kind == YNODE_SCALAR)
        return a->len == b->len && memcmp(a->str, b->str, a->len) == 0 && b->str[b->len] == '\0';
    if (a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++)
        if ((a->kind == YNODE_MAP && !same_tree(a->keys[i], b->keys[i])) ||
            !same_tree(a->values[i], b->values[i]))
            return false;
    return true;
}

/* A tree packed and unpacked is the same tree, found by ynode_get; a
 * packed tree cut anywhere, or with bytes after it, is refused. */
static void test_pack_and_unpack(void **state)
{
    parsed p = parse("id: x\nname: \"新竹村 #1\"\nn: 12\nempty: {}\nnone: []\nchecks:\n"
                     "  O1.a: {status: done, updated: '2025-11-26T10:00:00+08:00'}\n"
                     "history:\n  - {at: x, by: 甲}\n  - [1, [2, {k: v}]]\n"
                     "long: |\n  line one\n  line two\n");
    assert_true(p.ok);
    strbuf packed = STRBUF_INIT;
    ypack(p.doc.root, &packed);
    arena *mem = arena_new(256);
    const ynode *back = yunpack(mem, packed.data, packed.len);
    assert_non_null(back);
    assert_true(same_tree(p.doc.root, back));
    assert_string_equal(ynode_get(ynode_get(ynode_get(back, "checks"), "O1.a"), "status")->str,
                        "done");
    assert_false(ynode_get(back, "n")->plain == false);
    for (size_t cut = 0; cut < packed.len; cut++)
        assert_null(yunpack(mem, packed.data, cut));
    sb_putc(&packed, '\0');
    assert_null(yunpack(mem, packed.data, packed.len));
    arena_free(mem);
    sb_free(&packed);
    done(&p);
}

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree_and_positions),
        cmocka_unit_test(test_syntax_error_position),
        cmocka_unit_test(test_refuses_anchors_and_aliases),
        cmocka_unit_test(test_billion_laughs_fails_fast),
        cmocka_unit_test(test_depth_limit_is_fast),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_many_keys_duplicate_found),
        cmocka_unit_test(test_invalid_utf8_position),
        cmocka_unit_test(test_control_character),
        cmocka_unit_test(test_escaped_control_kept_as_data),
        cmocka_unit_test(test_scalar_limit),
        cmocka_unit_test(test_tags_and_documents),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_empty_collections),
        cmocka_unit_test(test_pack_and_unpack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
