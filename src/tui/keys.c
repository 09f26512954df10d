#include "tui/keys.h"

#include "i18n/i18n.h"
#include "util/text.h"

#include <curses.h>
#include <string.h>

#define MAX_KEYS 8

typedef struct key_entry {
    action act;
    unsigned scope;
    const char *help[2]; /* en, zh */
    key keys[MAX_KEYS];  /* 0-terminated */
} key_entry;

static const key_entry table[] = {
#define SCOPE(id, en, zh)
#define KEY(action, scope, en, zh, ...) {action, scope, {en, zh}, {__VA_ARGS__, 0}},
#include "tui/keys.def"
#undef SCOPE
#undef KEY
};

static const char *const scope_titles[][2] = {
#define SCOPE(id, en, zh) {en, zh},
#define KEY(action, scope, en, zh, ...)
#include "tui/keys.def"
#undef SCOPE
#undef KEY
};

#define N_ENTRIES (sizeof table / sizeof *table)

/* The table is small (about 50 entries): a scan is a few hundred
 * comparisons and costs the same whatever the size of the workspace. */
action keys_lookup(unsigned scopes, key k)
{
    for (size_t i = 0; i < N_ENTRIES; i++) {
        if (!(table[i].scope & scopes))
            continue;
        for (const key *p = table[i].keys; *p; p++)
            if (*p == k)
                return table[i].act;
    }
    return ACT_NONE;
}

static const key_entry *entry_of(action a)
{
    for (size_t i = 0; i < N_ENTRIES; i++)
        if (table[i].act == a)
            return &table[i];
    return NULL;
}

const key *keys_bound(action a)
{
    static const key none[1] = {0};
    const key_entry *e = entry_of(a);
    return e ? e->keys : none;
}

unsigned keys_scope(action a)
{
    const key_entry *e = entry_of(a);
    return e ? e->scope : 0;
}

const char *keys_help(action a)
{
    const key_entry *e = entry_of(a);
    return e ? e->help[i18n_lang() == LANG_ZH] : "";
}

const char *keys_scope_title(unsigned bit)
{
    if (bit >= SCOPE_COUNT)
        return "";
    return scope_titles[bit][i18n_lang() == LANG_ZH];
}

/* Names of the function keys and of the keys that print nothing.  Arrows
 * are words, not symbols: arrow symbols are ambiguous-width in CJK
 * terminals. */
static bool special_name(key k, strbuf *sb)
{
    static const struct {
        key k;
        msg_id name;
    } names[] = {
        {FK(KEY_UP), M_KEY_UP},
        {FK(KEY_DOWN), M_KEY_DOWN},
        {FK(KEY_LEFT), M_KEY_LEFT},
        {FK(KEY_RIGHT), M_KEY_RIGHT},
        {FK(KEY_PPAGE), M_KEY_PGUP},
        {FK(KEY_NPAGE), M_KEY_PGDN},
        {FK(KEY_HOME), M_KEY_HOME},
        {FK(KEY_END), M_KEY_END},
        {FK(KEY_ENTER), M_KEY_ENTER},
        {'\r', M_KEY_ENTER},
        {FK(KEY_BACKSPACE), M_KEY_BACKSPACE},
        {127, M_KEY_BACKSPACE},
        {FK(KEY_DC), M_KEY_DELETE},
        {27, M_KEY_ESC},
        {'\t', M_KEY_TAB},
        {' ', M_KEY_SPACE},
        {FK(KEY_F(1)), M_KEY_F1},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (names[i].k == k) {
            sb_puts(sb, tr(names[i].name));
            return true;
        }
    return false;
}

static void key_label(strbuf *sb, key k)
{
    if (special_name(k, sb))
        return;
    if (k > 0 && k < 0x20) {
        sb_printf(sb, "Ctrl-%c", 'A' + k - 1);
        return;
    }
    if (k & KEY_FUNCTION) {
        sb_puts(sb, keyname(k & ~KEY_FUNCTION));
        return;
    }
    char utf8[4];
    sb_add(sb, utf8, utf8_encode((uint32_t)k, utf8));
}

/* Keys that are another spelling of one already listed (the keypad's
 * Enter, Backspace as 127 or Ctrl-H) are left out of the help. */
static bool is_alias(const key *keys, const key *p)
{
    strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    bool same = false;
    key_label(&a, *p);
    for (const key *q = keys; q < p && !same; q++) {
        sb_reset(&b);
        key_label(&b, *q);
        same = strcmp(sb_str(&a), sb_str(&b)) == 0;
    }
    sb_free(&a);
    sb_free(&b);
    return same;
}

void keys_describe(strbuf *sb, action a)
{
    const key_entry *e = entry_of(a);
    if (!e)
        return;
    bool first = true;
    for (const key *p = e->keys; *p; p++) {
        if (is_alias(e->keys, p) || (*p == '\n' && a != E_NEWLINE))
            continue;
        if (!first)
            sb_putc(sb, ' ');
        key_label(sb, *p);
        first = false;
    }
}

void keys_first_name(strbuf *sb, action a)
{
    const key_entry *e = entry_of(a);
    if (e && e->keys[0])
        key_label(sb, e->keys[0]);
}
