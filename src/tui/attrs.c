#include "tui/attrs.h"

#include "i18n/i18n.h"
#include "model/applies.h"
#include "tui/change.h"
#include "tui/choose.h"
#include "tui/lineedit.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

void attrs_line(const plan *p, const unit *u, strbuf *out)
{
    sb_printf(out, "%s%s", tr(M_ATTRIBUTES), tr(M_TUI_COLON));
    /* what the office must fill in comes first: the row is cut at its end */
    const plan_attribute *missing[16];
    size_t n = unit_missing_attributes(u, p, missing, 16);
    if (n) {
        sb_printf(out, "[%s%s", tr(M_ATTR_MISSING), tr(M_TUI_COLON));
        for (size_t i = 0; i < n && i < 16; i++)
            sb_printf(out, "%s%s", i ? ", " : "", missing[i]->key);
        sb_puts(out, "]  ");
    }
    for (size_t i = 0; i < u->n_attrs; i++)
        sb_printf(out, "%s%s: %s", i ? "  " : "", u->attrs[i].key, u->attrs[i].text);
}

/* What is being edited: the unit and, once picked, the attribute. */
typedef struct attr_target {
    size_t unit;
    const plan_attribute *attr;
} attr_target;

static const plan_attribute **attributes_for(const plan *p, unit_kind kind, size_t *n)
{
    const plan_attribute **v = xmalloc((p->n_attributes + 1) * sizeof *v);
    *n = 0;
    for (size_t i = 0; i < p->n_attributes; i++)
        if (p->attributes[i].key && (p->attributes[i].kinds & (unsigned)kind))
            v[(*n)++] = &p->attributes[i];
    return v;
}

static unsigned value_picked(app *a, size_t picked, void *ctx)
{
    const attr_target *t = ctx;
    const plan_attribute *pa = t->attr;
    const char *value = NULL; /* the last line: not set */
    if (pa->type == ATTR_BOOL && picked < 2)
        value = picked == 0 ? "true" : "false";
    else if (pa->type != ATTR_BOOL && picked < pa->n_values)
        value = pa->values[picked];
    return change_attribute(a, t->unit, pa->key, value);
}

static unsigned value_typed(app *a, const char *text, void *ctx)
{
    const attr_target *t = ctx;
    char *trimmed = text_trim_spaces(text);
    unsigned flags = change_attribute(a, t->unit, t->attr->key, *trimmed ? trimmed : NULL);
    free(trimmed);
    return flags;
}

/* A value from a list when the plan gives one (or it is true/false),
 * else typed; the current value is where the cursor starts. */
static unsigned ask_value(app *a, size_t ui, const plan_attribute *pa)
{
    const unit *u = a->ws->units[ui].u;
    const unit_attr *now = u ? unit_find_attr(u, pa->key) : NULL;
    attr_target *t = xmalloc(sizeof *t);
    *t = (attr_target){ui, pa};
    strbuf label = STRBUF_INIT;
    sb_printf(&label, tr(M_TUI_ATTR_VALUE), text2_get(&pa->title, i18n_lang()));
    if (pa->type == ATTR_BOOL || pa->n_values) {
        static const char *const yes_no[] = {"true", "false"};
        const char *const *values = pa->type == ATTR_BOOL ? yes_no : pa->values;
        size_t n = pa->type == ATTR_BOOL ? 2 : pa->n_values, cursor = n;
        const char **lines = xmalloc((n + 1) * sizeof *lines);
        for (size_t i = 0; i < n; i++) {
            lines[i] = values[i];
            if (now && strcmp(now->text, values[i]) == 0)
                cursor = i;
        }
        lines[n] = tr(M_TUI_ATTR_UNSET);
        app_push(a, choose_screen_new(sb_str(&label), lines, n + 1, cursor, value_picked, t, free));
        free(lines);
    } else {
        sb_puts(&label, tr(M_TUI_COLON));
        lineedit_open(a, sb_str(&label), now ? now->text : "", false, UNIT_MAX_NAME, value_typed, t,
                      free);
    }
    sb_free(&label);
    return H_HANDLED | H_REDRAW;
}

static unsigned attribute_picked(app *a, size_t picked, void *ctx)
{
    const attr_target *t = ctx;
    size_t n;
    const plan_attribute **attrs = attributes_for(&a->ws->plan, a->ws->units[t->unit].kind, &n);
    unsigned flags = picked < n ? ask_value(a, t->unit, attrs[picked]) : H_HANDLED;
    free(attrs);
    return flags;
}

unsigned attrs_edit(app *a, size_t ui)
{
    if (!change_prepare(a, ui))
        return H_HANDLED | H_REDRAW;
    const ws_unit *wu = &a->ws->units[ui];
    size_t n;
    const plan_attribute **attrs = attributes_for(&a->ws->plan, wu->kind, &n);
    char **lines = xmalloc((n + 1) * sizeof *lines);
    for (size_t i = 0; i < n; i++) {
        const unit_attr *now = unit_find_attr(wu->u, attrs[i]->key);
        lines[i] = xasprintf("%s (%s): %s", text2_get(&attrs[i]->title, i18n_lang()), attrs[i]->key,
                             now ? now->text : tr(M_TUI_ATTR_UNSET));
    }
    attr_target *t = xmalloc(sizeof *t);
    *t = (attr_target){ui, NULL};
    char *title = xasprintf(tr(M_TUI_ATTRS_EDIT), roster_name(a->ws, ui));
    app_push(a,
             choose_screen_new(title, (const char *const *)lines, n, 0, attribute_picked, t, free));
    free(title);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    free(attrs);
    return H_HANDLED | H_REDRAW;
}
