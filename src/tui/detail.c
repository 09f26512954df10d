#include "tui/detail.h"

#include <stdarg.h>

#include "i18n/i18n.h"
#include "model/applies.h"
#include "model/evidence.h"
#include "model/history.h"
#include "tui/keys.h"
#include "model/rectify.h"
#include "report/format.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void add(detail *d, const char *text, attr_t attr, int width)
{
    size_t from = d->lines.n;
    wrap_text(&d->lines, text, width);
    d->attrs = xgrow(d->attrs, &d->cap_attrs, d->lines.n, sizeof *d->attrs);
    for (size_t i = from; i < d->lines.n; i++)
        d->attrs[i] = attr;
}

static void addf(detail *d, attr_t attr, int width, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void addf(detail *d, attr_t attr, int width, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    add(d, s, attr, width);
    free(s);
}

static void blank(detail *d, int width)
{
    add(d, "", A_NORMAL, width);
}

/* The paragraph of the document the item comes from. */
static void item_text(detail *d, const plan_item *it, int width)
{
    lang l = i18n_lang();
    addf(d, draw_attr(ROLE_GROUP), width, "%s %s", it->id, text2_get(&it->title, l));
    const char *text = text2_get(&it->text, l);
    if (text && *text)
        add(d, text, A_NORMAL, width);
}

static void check_history(detail *d, const unit *u, const plan_check *c, int width)
{
    bool any = false;
    for (size_t i = u->n_history; i-- > 0;) { /* newest first */
        const history_entry *h = &u->history[i];
        if (!h->check || strcmp(h->check, c->id) != 0)
            continue;
        if (!any) {
            blank(d, width);
            add(d, tr(M_HISTORY), draw_attr(ROLE_GROUP), width);
            any = true;
        }
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s %s  ", h->at ? h->at : "", h->by ? h->by : "");
        history_describe(h, true, &sb);
        add(d, sb_str(&sb), A_NORMAL, width);
        if (h->note) {
            addf(d, draw_attr(ROLE_DIM), width, "%s%s", tr(M_TUI_OLD_NOTE), tr(M_TUI_COLON));
            add(d, h->note, draw_attr(ROLE_DIM), width);
        }
        sb_free(&sb);
    }
}

/* The check's evidence, numbered as the key that opens a file asks. */
static void check_evidence(detail *d, const workspace *ws, const unit *u, const plan_check *c,
                           int64_t today, int width)
{
    int window = workspace_expiring_days(ws);
    size_t files = 0;
    bool any = false;
    for (size_t i = 0; i < u->n_records; i++) {
        const unit_record *r = &u->records[i];
        if (r->kind != &record_kind_evidence || r->check != c)
            continue;
        if (!any) {
            blank(d, width);
            add(d, tr(M_EVIDENCE), draw_attr(ROLE_GROUP), width);
        }
        any = true;
        int64_t until;
        ev_validity v = ev_record_validity(u, r, today, window, &until);
        strbuf sb = STRBUF_INIT;
        const char *file = record_text(r, "file");
        if (file)
            sb_printf(&sb, "[%zu] ", ++files);
        ev_describe(r, v, until, today, &sb);
        add(d, sb_str(&sb), ev_validity_alerts(v) ? draw_attr(ROLE_ERROR) : A_NORMAL, width);
        sb_free(&sb);
        if (file) {
            const char *slash = strrchr(file, '/');
            addf(d, draw_attr(ROLE_DIM), width, "    %s", slash ? slash + 1 : file);
        }
    }
}

/* Why the unit carries the check only for want of an attribute, or does
 * not carry it at all (a state kept for it: "no longer applies"). */
static void applicability(detail *d, const unit *u, const plan_check *c, const check_state *cs,
                          int width)
{
    applies ap = unit_applies(u, c);
    if (ap != APPLIES_MISSING && ap != APPLIES_EXCLUDED)
        return;
    strbuf why = STRBUF_INIT;
    if (ap == APPLIES_MISSING)
        filter_missing_keys(&c->where, u, &why);
    else
        filter_describe(&c->where, &why);
    msg_id m = ap == APPLIES_MISSING ? M_CHECK_ATTR_MISSING
               : cs                  ? M_CHECK_NO_LONGER
                                     : M_CHECK_NOT_CARRIED;
    addf(d, draw_attr(ap == APPLIES_MISSING ? ROLE_ERROR : ROLE_DIM), width, tr(m), sb_str(&why));
    sb_free(&why);
}

/* What the plan says of the check beyond its title: not scored (why), its
 * own reading of the document. */
static void plan_notes(detail *d, const plan_check *c, int width)
{
    lang l = i18n_lang();
    if (!c->scored)
        addf(d, draw_attr(ROLE_DIM), width, "%s%s%s", tr(M_TUI_UNSCORED), tr(M_TUI_COLON),
             text2_get(&c->unscored, l));
    const char *reading = text2_get(&c->reading, l);
    if (*reading)
        addf(d, draw_attr(ROLE_DIM), width, "%s%s%s", tr(M_TUI_PLAN_READING), tr(M_TUI_COLON),
             reading);
}

static void rectification(detail *d, const unit *u, const unit_record *r, int64_t today, int width)
{
    rect_state st = rect_state_of(r);
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s  %s  %s %s", r->id, rect_state_title(st), tr(M_COL_DUE),
              record_text(r, "due"));
    if (st != RECT_VERIFIED) {
        sb_puts(&sb, "  ");
        rect_days_words(r, today, &sb);
    }
    add(d, sb_str(&sb), rect_overdue(r, today) ? draw_status_attr(STATUS_FAILED) : A_BOLD, width);
    addf(d, A_NORMAL, width, "%s%s%s", tr(M_COL_OWNER), tr(M_TUI_COLON), record_text(r, "owner"));
    add(d, record_text(r, "what"), A_NORMAL, width);
    const char *note = record_text(r, "note");
    if (note && *note)
        addf(d, draw_attr(ROLE_DIM), width, "%s%s%s", tr(M_NOTE), tr(M_TUI_COLON), note);
    sb_reset(&sb);
    rect_story(u, r, &sb);
    if (sb.len)
        add(d, sb_str(&sb), draw_attr(ROLE_DIM), width);
    sb_free(&sb);
}

static void check_rectifications(detail *d, const unit *u, const plan_check *c, int64_t today,
                                 int width)
{
    bool any = false;
    for (size_t i = 0; i < u->n_records; i++) {
        const unit_record *r = &u->records[i];
        if (r->kind != &record_kind_rectification || r->check != c)
            continue;
        if (!any) {
            blank(d, width);
            add(d, tr(M_SEC_RECTIFICATIONS), draw_attr(ROLE_GROUP), width);
        }
        any = true;
        rectification(d, u, r, today, width);
    }
}

static void check_detail(detail *d, const workspace *ws, const unit *u, const plan_item *it,
                         const plan_check *c, int64_t today, int width)
{
    lang l = i18n_lang();
    const check_state *cs = unit_state_of(u, c);
    status st = cs ? cs->status : STATUS_TODO;
    addf(d, draw_status_attr(st), width, "%s %s  %s", status_mark(st), tr_status(st), c->id);
    add(d, text2_get(&c->title, l), draw_attr(ROLE_GROUP), width);
    applicability(d, u, c, cs, width);
    if (c->numeric) {
        strbuf sb = STRBUF_INIT;
        fmt_value_target(&sb, cs, c, l);
        addf(d, A_NORMAL, width, "%s%s%s", tr(M_VALUE), tr(M_TUI_COLON), sb_str(&sb));
        sb_free(&sb);
    }
    if (cs && cs->updated)
        addf(d, draw_attr(ROLE_DIM), width, "%s %s %s %s", tr(M_UPDATED), cs->updated, tr(M_BY),
             cs->by ? cs->by : "?");
    blank(d, width);
    add(d, tr(M_NOTE), draw_attr(ROLE_GROUP), width);
    if (cs && cs->note && *cs->note)
        add(d, cs->note, A_NORMAL, width);
    else
        add(d, tr(M_TUI_NO_NOTE), draw_attr(ROLE_DIM), width);
    check_evidence(d, ws, u, c, today, width);
    check_rectifications(d, u, c, today, width);
    blank(d, width);
    item_text(d, it, width);
    if (c->source && *c->source)
        addf(d, draw_attr(ROLE_DIM), width, "%s%s%s", tr(M_TUI_SOURCE), tr(M_TUI_COLON), c->source);
    plan_notes(d, c, width);
    check_history(d, u, c, width);
}

void detail_build_attributes(detail *d, const plan *p, const unit *u, int width)
{
    lang l = i18n_lang();
    add(d, tr(M_ATTRIBUTES), draw_attr(ROLE_GROUP), width);
    const plan_attribute *missing[64];
    size_t n_missing = unit_missing_attributes(u, p, missing, 64);
    for (size_t i = 0; i < p->n_attributes; i++) {
        const plan_attribute *pa = &p->attributes[i];
        if (!pa->key || !(pa->kinds & (unsigned)u->kind))
            continue;
        const unit_attr *a = unit_find_attr(u, pa->key);
        bool needed = false;
        for (size_t m = 0; m < n_missing && m < 64; m++)
            needed |= missing[m] == pa;
        const char *value = a ? a->text : needed ? tr(M_ATTR_MISSING) : tr(M_TUI_ATTR_UNSET);
        addf(d, needed ? draw_attr(ROLE_ERROR) : A_NORMAL, width, "%s (%s)%s%s",
             text2_get(&pa->title, l), pa->key, tr(M_TUI_COLON), value);
    }
    size_t hidden = 0;
    for (size_t i = 0; i < p->n_checks; i++)
        hidden += unit_applies(u, p->checks[i]) == APPLIES_EXCLUDED;
    strbuf keyname = STRBUF_INIT;
    keys_describe(&keyname, ACT_SHOW_ALL);
    blank(d, width);
    if (hidden)
        addf(d, draw_attr(ROLE_DIM), width, tr(M_TUI_HIDDEN), hidden, sb_str(&keyname));
    sb_reset(&keyname);
    keys_describe(&keyname, ACT_ATTRIBUTES);
    addf(d, draw_attr(ROLE_DIM), width, tr(M_TUI_ATTRS_HINT), sb_str(&keyname));
    sb_free(&keyname);
}

void detail_build(detail *d, const workspace *ws, const unit *u, const plan_item *it,
                  const plan_check *c, int64_t today, int width)
{
    if (c)
        check_detail(d, ws, u, it, c, today, width);
    else
        item_text(d, it, width);
}

void detail_draw(const detail *d, int top, int x, int rows, int width, size_t scroll)
{
    for (int y = 0; y < rows && scroll + (size_t)y < d->lines.n; y++) {
        size_t i = scroll + (size_t)y;
        draw_text(top + y, x, width, d->lines.v[i], d->attrs[i], 0);
    }
}

void detail_free(detail *d)
{
    text_lines_free(&d->lines);
    free(d->attrs);
    memset(d, 0, sizeof *d);
}
