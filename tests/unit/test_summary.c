/* sync/summary: the lines that say what a sync sent and received, in
 * either language, their count, the cut after max_lines, and the commit
 * message (always English: a repository is shared). */
#include "harness.h"

#include "fixtures.h"
#include "i18n/i18n.h"
#include "sync/summary.h"
#include "util/xalloc.h"

static plan P;

static int setup(void **state)
{
    load_mini_plan(&P);
    i18n_set_lang(LANG_EN);
    return 0;
}

static int teardown(void **state)
{
    plan_free(&P);
    return 0;
}

static unit *ent(const char *id, const char *body)
{
    return unit_of(&P, KIND_ENTERPRISE, id, body);
}

/* Adds a file's delta: a unit file from old to new (NULL: not there), its
 * changes as unit_diff finds them; the units are freed (the delta keeps
 * copies of what it says). */
static sync_delta *add(sync_changes *sc, const char *path, bool is_unit, unit *old, unit *new)
{
    sync_changes_add(sc, path, old, new, false);
    unit_free(old);
    unit_free(new);
    sync_delta *d = &sc->items[sc->n - 1];
    assert_int_equal(d->is_unit, is_unit);
    return d;
}

static char *lines(const sync_changes *sc, lang l, size_t max)
{
    strbuf out = STRBUF_INIT;
    summary_lines(sc, l, max, &out);
    return sb_steal(&out);
}

static char *count(const sync_changes *sc, lang l)
{
    strbuf out = STRBUF_INIT;
    summary_count(sc, l, &out);
    return sb_steal(&out);
}

/* acme: O1.iso doing -> done by 甲; O2.people gets a value and a note by
 * 乙.  beta (named as its id): added.  qtown.yaml changed. */
static void example(sync_changes *sc)
{
    *sc = (sync_changes){0};
    add(sc, "enterprises/acme.yaml", true,
        ent("acme", "name: Acme\nchecks:\n  O1.iso:\n    status: doing\n"),
        ent("acme", "name: Acme\nchecks:\n  O1.iso:\n    status: done\n    by: 甲\n"
                    "  O2.people:\n    value: 12.5\n    note: 全员\n    by: 乙\n"));
    add(sc, "enterprises/beta.yaml", true, NULL, ent("beta", "name: beta\n"));
    add(sc, "qtown.yaml", false, NULL, NULL);
}

static void test_lines_in_english_and_chinese(void **state)
{
    sync_changes sc;
    example(&sc);
    char *en = lines(&sc, LANG_EN, 10);
    assert_string_equal(en, "  acme Acme: O1.iso doing -> done (甲)\n"
                            "  acme Acme: O2.people todo -> todo, value - -> 12.5, note (乙)\n"
                            "  beta: added\n"
                            "  qtown.yaml: changed\n");
    char *zh = lines(&sc, LANG_ZH, 10);
    assert_string_equal(zh, "  acme Acme: O1.iso doing -> done (甲)\n"
                            "  acme Acme: O2.people todo -> todo, 数值 - -> 12.5, 备注 (乙)\n"
                            "  beta: 新增\n"
                            "  qtown.yaml: 已更改\n");
    free(en);
    free(zh);
    sync_changes_free(&sc);
}

static void test_cut_after_max_lines(void **state)
{
    sync_changes sc;
    example(&sc);
    char *two = lines(&sc, LANG_EN, 2);
    assert_string_equal(two, "  acme Acme: O1.iso doing -> done (甲)\n"
                             "  acme Acme: O2.people todo -> todo, value - -> 12.5, note (乙)\n"
                             "  ... and 2 more\n");
    char *none = lines(&sc, LANG_ZH, 0);
    assert_string_equal(none, "  ……另有 4 项\n");
    char *exact = lines(&sc, LANG_EN, 4); /* all fit: no "more" line */
    assert_null(strstr(exact, "more"));
    free(two);
    free(none);
    free(exact);
    sync_changes_free(&sc);
}

static void test_files_without_a_readable_change(void **state)
{
    sync_changes sc = {0};
    unit *same = ent("acme", "name: Acme\n");
    add(&sc, "enterprises/acme.yaml", true, same, ent("acme", "name: Acme\n"));
    sync_delta *bad = add(&sc, "enterprises/bad.yaml", true, NULL, NULL);
    bad->unreadable = true;
    char *en = lines(&sc, LANG_EN, 10);
    assert_string_equal(en, "  enterprises/acme.yaml: changed (no check changed)\n"
                            "  enterprises/bad.yaml: changed (a version does not load)\n");
    /* each such file counts one change */
    char *n = count(&sc, LANG_EN);
    assert_string_equal(n, "2 changes in 2 units");
    free(en);
    free(n);
    sync_changes_free(&sc);
}

static void test_merged_and_attribute_and_name(void **state)
{
    sync_changes sc = {0};
    add(&sc, "enterprises/acme.yaml", true, ent("acme", "name: Acme\nattributes:\n  size: small\n"),
        ent("acme", "name: Acme Ltd\nattributes:\n  industrial: true\nhistory:\n"
                    "  - {at: 2026-01-04T08:00:00+08:00, by: 丙, check: O1.iso, from: todo, "
                    "to: failed, event: merge}\n"));
    char *en = lines(&sc, LANG_EN, 10);
    assert_string_equal(en, "  acme Acme Ltd: name Acme -> Acme Ltd\n"
                            "  acme Acme Ltd: attribute industrial - -> true\n"
                            "  acme Acme Ltd: attribute size small -> -\n"
                            "  acme Acme Ltd: O1.iso failed by 丙 lost to a later change (kept in "
                            "the history)\n");
    free(en);
    sync_changes_free(&sc);
}

static void test_counts(void **state)
{
    sync_changes sc;
    example(&sc);
    char *en = count(&sc, LANG_EN), *zh = count(&sc, LANG_ZH);
    assert_string_equal(en, "4 changes in 2 units");
    assert_string_equal(zh, "4 项更改，涉及 2 个单位");
    free(en);
    free(zh);
    sync_changes_free(&sc);
    sc = (sync_changes){0};
    add(&sc, "enterprises/beta.yaml", true, NULL, ent("beta", "name: B\n"));
    en = count(&sc, LANG_EN);
    assert_string_equal(en, "1 change in 1 unit");
    free(en);
    sync_changes_free(&sc);
    sc = (sync_changes){0};
    add(&sc, "plan.yaml", false, NULL, NULL);
    en = count(&sc, LANG_EN);
    assert_string_equal(en, "1 change"); /* no unit: no "in" */
    free(en);
    sync_changes_free(&sc);
}

static void test_commit_message_is_english(void **state)
{
    i18n_set_lang(LANG_ZH); /* the interface's language does not matter */
    sync_changes sc;
    example(&sc);
    strbuf out = STRBUF_INIT;
    summary_commit_message(&sc, &out, 1);
    /* who made the changes, each once, in the order met; beta's add says
     * no one */
    assert_string_equal(out.data, "qtown: 4 changes in 2 units by 甲, 乙\n\n"
                                  "  acme Acme: O1.iso doing -> done (甲)\n"
                                  "  ... and 3 more\n");
    sb_free(&out);
    sync_changes_free(&sc);
    /* only files that are not units: the subject names them */
    sc = (sync_changes){0};
    add(&sc, "qtown.yaml", false, NULL, NULL);
    add(&sc, "plan.yaml", false, NULL, NULL);
    summary_commit_message(&sc, &out, 5);
    assert_string_equal(out.data, "qtown: qtown.yaml, plan.yaml\n\n"
                                  "  qtown.yaml: changed\n"
                                  "  plan.yaml: changed\n");
    sb_free(&out);
    sync_changes_free(&sc);
    i18n_set_lang(LANG_EN);
}

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_in_english_and_chinese),
        cmocka_unit_test(test_cut_after_max_lines),
        cmocka_unit_test(test_files_without_a_readable_change),
        cmocka_unit_test(test_merged_and_attribute_and_name),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_commit_message_is_english),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
