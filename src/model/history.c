#include "model/history.h"

#include "i18n/i18n.h"
#include "model/timestamp.h"
#include "util/text.h"
#include "yaml/ywriter.h"

#include <stdlib.h>
#include <string.h>

static const char *status_word(status s, bool ui_words)
{
    return ui_words ? tr_status(s) : status_name(s);
}

/* Events qtown writes (record kinds too) have a name in the interface
 * language; others are shown as written. */
static const char *event_word(const char *event, bool ui_words)
{
    static const struct {
        const char *event;
        msg_id word;
    } known[] = {
        {HISTORY_MERGE, M_EVENT_MERGE},
        {HISTORY_NOTE, M_EVENT_NOTE},
        {HISTORY_ATTRIBUTE, M_EVENT_ATTRIBUTE},
        {HISTORY_NAME, M_EVENT_NAME},
    };
    for (size_t i = 0; ui_words && i < sizeof known / sizeof *known; i++)
        if (strcmp(event, known[i].event) == 0)
            return tr(known[i].word);
    for (size_t i = 0; ui_words && i < n_record_kinds; i++)
        if (strcmp(event, record_kinds[i]->name) == 0)
            return tr(record_kinds[i]->title);
    return event;
}

static void describe_change(const history_entry *h, strbuf *out)
{
    const char *subject = h->record ? h->record : h->key;
    if (subject)
        sb_printf(out, "%s: ", subject);
    if (h->old) {
        sb_puts(out, h->old);
        sb_puts(out, " -> ");
    }
    sb_puts(out, h->new_ ? h->new_ : tr(M_NONE));
}

void history_describe(const history_entry *h, bool ui_words, strbuf *out)
{
    size_t start = out->len;
    if (h->has_status)
        sb_printf(out, "%s -> %s", status_word(h->from, ui_words), status_word(h->to, ui_words));
    if (h->has_value) {
        char num[32];
        yaml_format_number(h->value, num);
        sb_printf(out, "%s= %s", out->len > start ? " " : "", num);
    }
    if (!h->has_status && (h->key || h->record || h->old || h->new_)) {
        if (out->len > start)
            sb_puts(out, "  ");
        describe_change(h, out);
    }
    if (h->event)
        sb_printf(out, "%s(%s)", out->len > start ? "  " : "", event_word(h->event, ui_words));
}

void history_describe_line(const history_entry *h, strbuf *out)
{
    history_describe(h, false, out);
    if (!h->note)
        return;
    char *one_line = text_inert(h->note, 0);
    sb_printf(out, "  %s: %s", HISTORY_NOTE, one_line);
    free(one_line);
}

bool history_entry_day(const history_entry *h, int64_t *day)
{
    char date[DATE_SIZE];
    if (!h->at || strlen(h->at) < DATE_SIZE - 1)
        return false;
    memcpy(date, h->at, DATE_SIZE - 1);
    date[DATE_SIZE - 1] = '\0';
    return date_parse(date, day);
}
