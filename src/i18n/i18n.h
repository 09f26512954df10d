/* i18n — the interface language.
 *
 * Every message of the interface is one line of messages.def with its
 * English and Chinese text side by side, so that neither language can
 * miss a message (a missing text is a compile error) and the language can
 * change at run time (--lang) whatever the locale.  Texts from the plan
 * come in both languages in the plan itself (text2). */
#ifndef QTOWN_I18N_H
#define QTOWN_I18N_H

#include "i18n/messages.h"
#include "model/plan.h"
#include "util/strbuf.h"

void i18n_set_lang(lang l);
lang i18n_lang(void);
const char *tr_in(lang l, msg_id id);
/* Parses "zh" / "en" (also "zh_CN.UTF-8", "en_US"...). */
bool lang_parse(const char *s, lang *out);
/* The language of the locale ($LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG):
 * Chinese when it starts with zh, else English. */
lang lang_from_environment(void);
/* Appends the i-th of n choices with the separator its place needs, so
 * that a loop makes "a, b, c or d" (Chinese: "a、b、c 或 d"). */
void tr_choice(strbuf *sb, size_t i, size_t n, const char *choice);
/* Localised names of statuses and kinds of unit. */
const char *tr_status(status s);
const char *tr_status_in(lang l, status s); /* in that language (a sheet's words) */
/* The statuses as files and the command line write them, as choices:
 * "todo, doing, done, failed or na" (applicable_only: without n/a). */
void tr_status_choices(strbuf *sb, bool applicable_only);
const char *tr_kind(unit_kind k);

#endif
