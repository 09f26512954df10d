/* tui/keys: the key table (keys.def) that dispatches keys and writes the
 * help.  Every key of every action must reach it on the screens that
 * listen to its scope; the deliberate exceptions are `n`, which is
 * "next match" while a search is active and "n/a" otherwise, and Right
 * and Left on the overview, which scroll its matrix. */
#include "harness.h"

#include "i18n/i18n.h"
#include <curses.h>
#include "tui/keys.h"
#include "util/text.h"

/* The sets of scopes that are active together on some screen. */
static const unsigned screens[] = {
    S_GLOBAL,
    S_GLOBAL | S_UNITS,
    S_GLOBAL | S_UNITS | S_SEARCH,
    S_GLOBAL | S_CHECKS,
    S_GLOBAL | S_CHECKS | S_SEARCH,
    S_GLOBAL | S_OVERVIEW,
    S_GLOBAL | S_OVERVIEW | S_SEARCH,
    S_EDIT,
    S_ASK,
};

static void test_every_action_has_keys_and_help(void **state)
{
    for (int a = ACT_NONE + 1; a < ACTION_COUNT; a++) {
        assert_true(keys_bound((action)a)[0] != 0);
        assert_true(keys_scope((action)a) != 0);
        i18n_set_lang(LANG_EN);
        const char *en = keys_help((action)a);
        i18n_set_lang(LANG_ZH);
        const char *zh = keys_help((action)a);
        assert_true(*en && *zh);
        assert_string_not_equal(en, zh); /* translated */
    }
}

static void test_every_key_reaches_its_action(void **state)
{
    for (size_t s = 0; s < sizeof screens / sizeof *screens; s++)
        for (int a = ACT_NONE + 1; a < ACTION_COUNT; a++) {
            if (!(keys_scope((action)a) & screens[s]))
                continue;
            for (const key *k = keys_bound((action)a); *k; k++) {
                action got = keys_lookup(screens[s], *k);
                if ((a == ACT_SET_NA || a == ACT_BULK_NA) && *k == 'n' && (screens[s] & S_SEARCH)) {
                    assert_int_equal(got, ACT_NEXT); /* documented in keys.def */
                    continue;
                }
                /* on the overview, Right and Left scroll its matrix and
                 * stand for Open and Back elsewhere (keys.def) */
                if ((a == ACT_OPEN || a == ACT_BACK) && (screens[s] & S_OVERVIEW) &&
                    (*k == FK(KEY_RIGHT) || *k == 'l' || *k == FK(KEY_LEFT) || *k == 'h')) {
                    assert_int_equal(got, a == ACT_OPEN ? ACT_MATRIX_RIGHT : ACT_MATRIX_LEFT);
                    continue;
                }
                if (got != (action)a)
                    fail_msg("scopes %#x: key %d gives action %d, not %d", screens[s], *k, got, a);
            }
        }
}

static void test_design_keys(void **state)
{
    /* the keys the man page promises (docs/qtown.1, SCREENS) */
    unsigned checks = S_GLOBAL | S_CHECKS;
    assert_int_equal(keys_lookup(checks, FK(KEY_UP)), ACT_UP);
    assert_int_equal(keys_lookup(checks, 'k'), ACT_UP);
    assert_int_equal(keys_lookup(checks, FK(KEY_DOWN)), ACT_DOWN);
    assert_int_equal(keys_lookup(checks, 'j'), ACT_DOWN);
    assert_int_equal(keys_lookup(checks, '\r'), ACT_OPEN);
    assert_int_equal(keys_lookup(checks, FK(KEY_RIGHT)), ACT_OPEN);
    assert_int_equal(keys_lookup(checks, 27), ACT_BACK);
    assert_int_equal(keys_lookup(checks, FK(KEY_LEFT)), ACT_BACK);
    assert_int_equal(keys_lookup(checks, '\t'), ACT_PANE);
    assert_int_equal(keys_lookup(checks, ' '), ACT_CYCLE);
    assert_int_equal(keys_lookup(checks, 'd'), ACT_SET_DONE);
    assert_int_equal(keys_lookup(checks, 'x'), ACT_SET_FAILED);
    assert_int_equal(keys_lookup(checks, 'n'), ACT_SET_NA);
    assert_int_equal(keys_lookup(checks, 'e'), ACT_NOTE);
    assert_int_equal(keys_lookup(checks, '/'), ACT_SEARCH);
    assert_int_equal(keys_lookup(checks, 'u'), ACT_UNDO);
    assert_int_equal(keys_lookup(checks, CTRL('r')), ACT_REDO);
    assert_int_equal(keys_lookup(checks, '?'), ACT_HELP);
    assert_int_equal(keys_lookup(checks, 'q'), ACT_QUIT);
    /* in the unit list the status keys change the marked units */
    assert_int_equal(keys_lookup(S_GLOBAL | S_UNITS, 'd'), ACT_BULK_DONE);
    assert_int_equal(keys_lookup(S_GLOBAL | S_UNITS, 'm'), ACT_MARK);
    assert_int_equal(keys_lookup(S_GLOBAL | S_UNITS | S_SEARCH, 'n'), ACT_NEXT);
    /* typing text: letters are text, not actions */
    assert_int_equal(keys_lookup(S_EDIT, 'q'), ACT_NONE);
    assert_int_equal(keys_lookup(S_EDIT, '\r'), E_ACCEPT);
    assert_int_equal(keys_lookup(S_EDIT, 27), E_CANCEL);
}

/* Space's help names the statuses it goes through, in their order
 * (status.def's cycle): "Next status: todo, doing, done". */
static void test_cycle_help_follows_the_cycle(void **state)
{
    static const char *const seps[] = {", ", "、"};
    static const lang langs[] = {LANG_EN, LANG_ZH};
    for (int l = 0; l < 2; l++) {
        i18n_set_lang(langs[l]);
        strbuf sb = STRBUF_INIT;
        status s = status_next(STATUS_NA); /* not in the cycle: its first place */
        status first = s;
        do {
            sb_printf(&sb, "%s%s", sb.len ? seps[l] : "", l ? tr_status(s) : status_name(s));
            s = status_next(s);
        } while (s != first);
        const char *help = keys_help(ACT_CYCLE);
        size_t n = strlen(help);
        assert_true(n >= sb.len);
        assert_string_equal(help + n - sb.len, sb_str(&sb));
        sb_free(&sb);
    }
}

static void test_names(void **state)
{
    strbuf sb = STRBUF_INIT;
    i18n_set_lang(LANG_EN);
    keys_describe(&sb, ACT_OPEN);
    assert_string_equal(sb_str(&sb), "Enter Right l");
    sb_reset(&sb);
    keys_describe(&sb, ACT_REDO);
    assert_string_equal(sb_str(&sb), "Ctrl-R");
    sb_reset(&sb);
    keys_describe(&sb, E_BACKSPACE); /* 127 and KEY_BACKSPACE are one key */
    assert_string_equal(sb_str(&sb), "Backspace Ctrl-H");
    sb_reset(&sb);
    i18n_set_lang(LANG_ZH);
    keys_describe(&sb, ACT_CYCLE);
    assert_string_equal(sb_str(&sb), "空格");
    sb_reset(&sb);
    keys_first_name(&sb, ACT_HELP);
    assert_string_equal(sb_str(&sb), "?");
    sb_free(&sb);
}

int main(void)
{
    text_init_locale();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_action_has_keys_and_help),
        cmocka_unit_test(test_every_key_reaches_its_action),
        cmocka_unit_test(test_design_keys),
        cmocka_unit_test(test_cycle_help_follows_the_cycle),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
