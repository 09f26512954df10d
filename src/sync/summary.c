#include "sync/summary.h"

#include "i18n/i18n.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "xinzhu 新竹村" (the id alone when the name is not known) */
static void unit_label(const sync_delta *d, strbuf *out)
{
    if (!d->id) {
        sb_puts(out, d->path);
        return;
    }
    sb_puts(out, d->id);
    if (d->name && *d->name && strcmp(d->name, d->id) != 0)
        sb_printf(out, " %s", d->name);
}

static void check_line(const unit_change *c, lang l, strbuf *out)
{
    sb_printf(out, "%s %s -> %s", c->key, status_name(c->from), status_name(c->to));
    if (c->old_text || c->new_text)
        sb_printf(out, ", %s %s -> %s", tr_in(l, M_VALUE), c->old_text ? c->old_text : "-",
                  c->new_text ? c->new_text : "-");
    if (c->note_changed)
        sb_printf(out, ", %s", tr_in(l, M_CH_NOTE));
    if (c->by)
        sb_printf(out, " (%s)", c->by);
}

/* "rectification r-3fa2c1 (O1.iso) added: open (钱志锋)", "... open ->
 * done (王刚)", "... changed" when its state did not */
static void record_line(const unit_change *c, lang l, strbuf *out)
{
    const unit_record *r = c->record;
    sb_printf(out, "%s %s", tr_in(l, r->kind->title), c->key);
    if (r->check)
        sb_printf(out, " (%s)", r->check->id);
    bool has_state = record_field_index(r->kind, "state") >= 0;
    if (c->old_text && c->new_text && has_state && strcmp(c->old_text, c->new_text) != 0)
        sb_printf(out, " %s -> %s", c->old_text, c->new_text);
    else if (!c->old_text && has_state)
        sb_printf(out, " %s: %s", tr_in(l, M_CH_ADDED), c->new_text);
    else
        sb_printf(out, " %s",
                  tr_in(l, !c->old_text   ? M_CH_ADDED
                           : !c->new_text ? M_CH_REMOVED
                                          : M_CH_CHANGED));
    if (c->by)
        sb_printf(out, " (%s)", c->by);
}

static void change_line(const unit_change *c, lang l, strbuf *out)
{
    switch (c->kind) {
    case CHANGE_ADDED:
        sb_puts(out, tr_in(l, M_CH_ADDED));
        break;
    case CHANGE_REMOVED:
        sb_puts(out, tr_in(l, M_CH_REMOVED));
        break;
    case CHANGE_NAME:
        sb_printf(out, "%s %s -> %s", tr_in(l, M_CH_NAME), c->old_text, c->new_text);
        break;
    case CHANGE_ATTRIBUTE:
        sb_printf(out, "%s %s %s -> %s", tr_in(l, M_CH_ATTRIBUTE), c->key,
                  c->old_text ? c->old_text : "-", c->new_text ? c->new_text : "-");
        break;
    case CHANGE_CHECK:
        check_line(c, l, out);
        break;
    case CHANGE_RECORD:
        record_line(c, l, out);
        break;
    case CHANGE_MERGED: {
        char *what =
            c->record ? xasprintf("%s %s.%s = %s", tr_in(l, c->record->kind->title), c->key,
                                  c->new_text ? c->new_text : "", c->old_text ? c->old_text : "-")
                      : xasprintf("%s %s", c->key, status_name(c->to));
        sb_printf(out, tr_in(l, M_CH_MERGED), what, c->by ? c->by : "?");
        free(what);
        break;
    }
    }
}

/* The line of a file that changed without a readable change. */
static msg_id file_word(const sync_delta *d)
{
    if (d->unreadable)
        return M_CH_UNREADABLE;
    if (!d->is_unit)
        return M_CH_CHANGED;
    return M_CH_NO_CHECK;
}

void summary_lines(const sync_changes *sc, lang l, size_t max_lines, strbuf *out)
{
    size_t shown = 0, total = sync_changes_count(sc, NULL);
    for (size_t i = 0; i < sc->n && shown < max_lines; i++) {
        const sync_delta *d = &sc->items[i];
        size_t n = d->changes.n ? d->changes.n : 1;
        for (size_t j = 0; j < n && shown < max_lines; j++, shown++) {
            sb_puts(out, "  ");
            if (!d->changes.n) {
                sb_printf(out, "%s: %s\n", d->path, tr_in(l, file_word(d)));
                continue;
            }
            unit_label(d, out);
            sb_puts(out, ": ");
            change_line(&d->changes.items[j], l, out);
            sb_putc(out, '\n');
        }
    }
    if (total > shown) {
        sb_puts(out, "  ");
        sb_printf(out, tr_in(l, M_CH_MORE), total - shown);
        sb_putc(out, '\n');
    }
}

void summary_count(const sync_changes *sc, lang l, strbuf *out)
{
    size_t units, n = sync_changes_count(sc, &units);
    char changes[64], in_units[64];
    snprintf(changes, sizeof changes, tr_in(l, n == 1 ? M_CH_ONE_CHANGE : M_CH_N_CHANGES), n);
    snprintf(in_units, sizeof in_units, tr_in(l, units == 1 ? M_CH_ONE_UNIT : M_CH_N_UNITS), units);
    if (units)
        sb_printf(out, tr_in(l, M_CH_COUNT), changes, in_units);
    else
        sb_puts(out, changes);
}

/* The distinct names of who made the changes, in the order met. */
static void authors(const sync_changes *sc, strbuf *out)
{
    const char **seen = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < sc->n; i++)
        for (size_t j = 0; j < sc->items[i].changes.n; j++) {
            const char *by = sc->items[i].changes.items[j].by;
            bool known = !by;
            for (size_t k = 0; k < n && !known; k++)
                known = strcmp(seen[k], by) == 0;
            if (known)
                continue;
            seen = xgrow(seen, &cap, n + 1, sizeof *seen);
            seen[n++] = by;
            sb_printf(out, "%s%s", n == 1 ? " by " : ", ", by);
        }
    free(seen);
}

void summary_commit_message(const sync_changes *sc, strbuf *out, size_t max_lines)
{
    sb_puts(out, "qtown: ");
    size_t units;
    sync_changes_count(sc, &units);
    if (units) {
        summary_count(sc, LANG_EN, out);
        authors(sc, out);
    } else {
        for (size_t i = 0; i < sc->n; i++)
            sb_printf(out, "%s%s", i ? ", " : "", sc->items[i].path);
    }
    sb_puts(out, "\n\n");
    summary_lines(sc, LANG_EN, max_lines, out);
}

/* 3214 -> "3,214": the same in both languages and whatever the locale. */
static void grouped(size_t n, char out[32])
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%zu", n), k = 0;
    for (int i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
}

void summary_progress(const sync_progress *p, lang l, strbuf *out)
{
    static const msg_id words[] = {
        [SYNC_CHECKING] = M_SYNC_CHECKING,
        [SYNC_FETCHING] = M_SYNC_FETCHING,
        [SYNC_RECEIVING] = M_SYNC_RECEIVING,
        [SYNC_SENDING] = M_SYNC_SENDING,
    };
    char done[32], total[32];
    grouped(p->done, done);
    grouped(p->total, total);
    const char *fmt = tr_in(l, words[p->step]);
    const char *remote = p->remote ? p->remote : "";
    if (p->step == SYNC_FETCHING || p->step == SYNC_SENDING)
        sb_printf(out, fmt, remote, done);
    else
        sb_printf(out, fmt, done, total);
}
