#include "i18n/i18n.h"

#include <stdlib.h>
#include <string.h>

static const char *const texts[MSG_COUNT][2] = {
#define MSG(id, en, zh) [id] = {en, zh},
#include "i18n/messages.def"
#undef MSG
};

static lang current = LANG_EN;

void i18n_set_lang(lang l)
{
    current = l;
}

lang i18n_lang(void)
{
    return current;
}

const char *tr_in(lang l, msg_id id)
{
    return id < MSG_COUNT ? texts[id][l == LANG_ZH ? 1 : 0] : "";
}

const char *tr(msg_id id)
{
    return tr_in(current, id);
}

const char *tr_checked(const char *en, const char *zh, msg_id id)
{
    (void)en, (void)zh;
    return tr(id);
}

bool lang_parse(const char *s, lang *out)
{
    if (!s)
        return false;
    if (strncmp(s, "zh", 2) == 0 && (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
        *out = LANG_ZH;
        return true;
    }
    if (strncmp(s, "en", 2) == 0 && (s[2] == '\0' || s[2] == '_' || s[2] == '-' || s[2] == '.')) {
        *out = LANG_EN;
        return true;
    }
    return false;
}

lang lang_from_environment(void)
{
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "zh", 2) == 0 ? LANG_ZH : LANG_EN;
    }
    return LANG_EN;
}

void tr_choice(strbuf *sb, size_t i, size_t n, const char *choice)
{
    if (i > 0)
        sb_puts(sb, tr(i + 1 == n ? M_LIST_OR : M_LIST_SEP));
    sb_puts(sb, choice);
}

const char *tr_status_in(lang l, status s)
{
    static const msg_id ids[STATUS_COUNT] = {
#define STATUS(id, name, mark, message, ...) [STATUS_##id] = message,
#include "model/status.def"
#undef STATUS
    };
    return s < STATUS_COUNT ? tr_in(l, ids[s]) : "?";
}

const char *tr_status(status s)
{
    return tr_status_in(i18n_lang(), s);
}

void tr_status_choices(strbuf *sb, bool applicable_only)
{
    size_t n = 0, i = 0;
    for (int s = 0; s < STATUS_COUNT; s++)
        n += !applicable_only || status_applicable((status)s);
    for (int s = 0; s < STATUS_COUNT; s++)
        if (!applicable_only || status_applicable((status)s))
            tr_choice(sb, i++, n, status_name((status)s));
}

const char *tr_kind(unit_kind k)
{
    switch (k) {
    case KIND_VILLAGE:
        return tr(M_KIND_VILLAGE);
    case KIND_ENTERPRISE:
        return tr(M_KIND_ENTERPRISE);
    default:
        return tr(M_KIND_TOWN);
    }
}
