/* messages — the interface's messages by id, in the language of the
 * interface (chosen through i18n.h).  It depends on nothing, so that every
 * layer (util and yaml included) words its problems through it.
 *
 * The rule: every message a user reads is a line of messages.def, used as
 * TR(M_X) (or tr(id) when the id is not a constant).  See messages.def. */
#ifndef QTOWN_MESSAGES_H
#define QTOWN_MESSAGES_H

typedef enum msg_id {
#define MSG(id, en, zh) id,
#include "i18n/messages.def"
#undef MSG
    MSG_COUNT
} msg_id;

/* The message in the interface's language ("" for an unknown id). */
const char *tr(msg_id id);

/* TR(M_X) is tr(M_X), and more: passed as the format of a printf-like
 * call (diag_add, yd_error, printf...), the compiler checks the call's
 * arguments against the English and the Chinese text of M_X (format_arg),
 * as it checks a literal format.  These copies of the texts exist only for
 * that check: unreferenced, they are never emitted (-fno-keep-static-consts). */
#define MSG(id, en, zh)                                                                            \
    __attribute__((unused)) static const char tr_en_##id[] = en;                                   \
    __attribute__((unused)) static const char tr_zh_##id[] = zh;
#include "i18n/messages.def"
#undef MSG
const char *tr_checked(const char *en, const char *zh, msg_id id)
    __attribute__((format_arg(1), format_arg(2)));
#define TR(id) tr_checked(tr_en_##id, tr_zh_##id, id)

#endif
