#include "report/format.h"

#include "yaml/ywriter.h"

#include <string.h>

void fmt_number(strbuf *sb, double v)
{
    char buf[32];
    yaml_format_number(v, buf);
    sb_puts(sb, buf);
}

static void unit_suffix(strbuf *sb, const char *unit_text)
{
    if (!unit_text || !*unit_text)
        return;
    /* "%" sticks to the number; words take a space */
    if (strcmp(unit_text, "%") != 0)
        sb_putc(sb, ' ');
    sb_puts(sb, unit_text);
}

void fmt_range(strbuf *sb, const range *r, const char *unit_text)
{
    if (r->has_min && r->has_max && r->min == r->max) {
        fmt_number(sb, r->min);
    } else if (r->has_min && r->has_max) {
        fmt_number(sb, r->min);
        sb_putc(sb, '-');
        fmt_number(sb, r->max);
    } else if (r->has_min) {
        sb_puts(sb, ">= ");
        fmt_number(sb, r->min);
    } else if (r->has_max) {
        sb_puts(sb, "<= ");
        fmt_number(sb, r->max);
    } else {
        return;
    }
    unit_suffix(sb, unit_text);
}

void fmt_value_target(strbuf *sb, const check_state *cs, const plan_check *c, lang l)
{
    const char *unit_text = text2_get(&c->unit, l);
    if (cs && cs->has_value)
        fmt_number(sb, cs->value);
    else
        sb_putc(sb, '-');
    if (range_is_set(&c->target)) {
        sb_puts(sb, " / ");
        fmt_range(sb, &c->target, unit_text);
    } else {
        unit_suffix(sb, unit_text);
    }
}

int progress_percent(const unit_progress *pr)
{
    if (pr->applicable == 0)
        return 0;
    return (int)((pr->done * 100 + pr->applicable / 2) / pr->applicable);
}
