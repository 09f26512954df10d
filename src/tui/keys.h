/* keys — the key table (keys.def) as data: actions, their keys, their
 * help text, and the lookup that dispatches a keystroke to an action.
 *
 * A keystroke is a `key`: a character (its code point) or a curses
 * function key (KEY_DOWN ...) marked with KEY_FUNCTION so that the two
 * ranges never meet. */
#ifndef QTOWN_TUI_KEYS_H
#define QTOWN_TUI_KEYS_H

#include "util/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

typedef int key;

#define KEY_FUNCTION 0x1000000
#define FK(k)        ((k) | KEY_FUNCTION)
#define CTRL(c)      ((c)&0x1f)

/* The scopes: one bit each. */
enum {
#define SCOPE(id, en, zh) id##_BIT,
#define KEY(action, scope, en, zh, ...)
#include "tui/keys.def"
#undef SCOPE
#undef KEY
    SCOPE_COUNT
};
enum {
#define SCOPE(id, en, zh) id = 1u << id##_BIT,
#define KEY(action, scope, en, zh, ...)
#include "tui/keys.def"
#undef SCOPE
#undef KEY
};

typedef enum action {
    ACT_NONE,
#define SCOPE(id, en, zh)
#define KEY(act, scope, en, zh, ...) act,
#include "tui/keys.def"
#undef SCOPE
#undef KEY
    ACTION_COUNT
} action;

/* The action bound to key k in any of the scopes (bits), ACT_NONE if none. */
action keys_lookup(unsigned scopes, key k);
/* The keys bound to an action, 0-terminated (empty for ACT_NONE). */
const key *keys_bound(action a);
/* The scope an action belongs to. */
unsigned keys_scope(action a);
/* Help text of an action and title of a scope, in the interface language. */
const char *keys_help(action a);
const char *keys_scope_title(unsigned scope_bit_index);
/* "j Down", "Ctrl-R": the keys of an action as the help shows them. */
void keys_describe(strbuf *sb, action a);
/* The first key of an action as a name ("?", "Enter"). */
void keys_first_name(strbuf *sb, action a);

#endif
