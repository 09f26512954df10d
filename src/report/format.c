#include "report/format.h"

#include "model/timestamp.h"
#include "util/text.h"
#include "yaml/ywriter.h"

#include <math.h>
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

void fmt_range(strbuf *sb, const range *r, const value_unit *u, lang l)
{
    const char *unit_text = value_unit_text(u, l, r->has_max ? r->max : r->min);
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
    if (cs && cs->has_value)
        fmt_number(sb, cs->value);
    else
        sb_putc(sb, '-');
    if (range_is_set(&c->target)) {
        sb_puts(sb, " / ");
        fmt_range(sb, &c->target, &c->unit, l);
    } else {
        unit_suffix(sb, value_unit_text(&c->unit, l, cs && cs->has_value ? cs->value : 0));
    }
}

int progress_percent(const unit_progress *pr)
{
    if (pr->applicable == 0)
        return 0;
    return (int)((pr->done * 100 + pr->applicable / 2) / pr->applicable);
}

/* v rounded to `scale`ths the way `how` does, or v itself when the
 * scaling would overflow (1e308 is a number, not infinity). */
static double scaled(double v, double scale, double (*how)(double), double nudge)
{
    double r = how(v * scale + nudge) / scale;
    return isfinite(r) ? r : v;
}

void fmt_figure(strbuf *sb, double v)
{
    fmt_number(sb, scaled(v, 1e6, round, 0));
}

void fmt_percent(strbuf *sb, double v)
{
    /* the epsilon keeps 85 (computed exactly) from reading 84.9 after
     * the multiplication */
    fmt_number(sb, scaled(v, 10.0, floor, 1e-9));
    sb_putc(sb, '%');
}

void fmt_score(strbuf *sb, double points)
{
    sb_printf(sb, "%.1f", points);
}

void fmt_bar(strbuf *sb, const unit_progress *pr, int width)
{
    int done = 0, doing = 0;
    if (pr->applicable) {
        size_t a = pr->applicable;
        done = (int)((pr->done * (size_t)width + a / 2) / a);
        doing = (int)(((pr->done + pr->doing) * (size_t)width + a / 2) / a) - done;
    }
    for (int i = 0; i < width; i++)
        sb_putc(sb, i < done ? '#' : i < done + doing ? '=' : '.');
}

const char *fmt_op(cond_op op)
{
    static const char *const ops[] = {"=", "!=", ">", ">=", "<", "<="};
    return ops[op];
}

/* The unit a target's figure is counted in. */
static const value_unit *figure_unit(const ind_result *r)
{
    return r->ind->type == IND_COMPARE ? &r->ind->check->unit : &r->ind->unit;
}

void fmt_target_actual(strbuf *sb, const ind_result *r, lang l)
{
    if (!r->has_actual) {
        sb_putc(sb, '-');
        return;
    }
    const char *unit_text = value_unit_text(figure_unit(r), l, r->actual);
    if (r->ind->type == IND_RATE) {
        fmt_percent(sb, r->actual);
        sb_printf(sb, " (%zu/%zu)", r->meeting, r->in_filter - r->na);
        return;
    }
    fmt_figure(sb, r->actual);
    unit_suffix(sb, unit_text);
}

void fmt_target_goal(strbuf *sb, const ind_result *r, lang l)
{
    if (r->ind->type != IND_COMPARE) {
        fmt_range(sb, &r->ind->target, figure_unit(r), l);
        return;
    }
    sb_printf(sb, "%s ", fmt_op(r->ind->compare_op));
    if (!r->has_reference) {
        sb_putc(sb, '?');
        return;
    }
    fmt_figure(sb, r->reference);
    unit_suffix(sb, value_unit_text(figure_unit(r), l, r->reference));
}

const char *fmt_verdict(ind_verdict v)
{
    static const msg_id ids[] = {M_VERDICT_MET, M_VERDICT_NOT_MET, M_VERDICT_UNKNOWN};
    return tr(ids[v]);
}

int fmt_verdict_width(void)
{
    int w = 0;
    for (int v = VERDICT_MET; v <= VERDICT_UNKNOWN; v++)
        if (text_width(fmt_verdict((ind_verdict)v)) > w)
            w = text_width(fmt_verdict((ind_verdict)v));
    return w;
}

const char *fmt_unknown_why(ind_unknown why)
{
    static const msg_id ids[] = {M_NONE, M_WHY_NO_UNITS, M_WHY_ALL_NA, M_WHY_NO_VALUE};
    return why == UNKNOWN_NONE ? "" : tr(ids[why]);
}

const char *fmt_outcome(ind_outcome o)
{
    static const msg_id ids[] = {M_OUTCOME_MEETS, M_OUTCOME_MISSES, M_OUTCOME_VALUE,
                                 M_OUTCOME_NO_VALUE, M_OUTCOME_NA};
    return tr(ids[o]);
}

void fmt_date(strbuf *sb, int64_t days, lang l)
{
    static const msg_id months[12] = {M_MONTH_1, M_MONTH_2,  M_MONTH_3,  M_MONTH_4,
                                      M_MONTH_5, M_MONTH_6,  M_MONTH_7,  M_MONTH_8,
                                      M_MONTH_9, M_MONTH_10, M_MONTH_11, M_MONTH_12};
    int y, m, d;
    date_split(days, &y, &m, &d);
    sb_printf(sb, tr_in(l, M_DATE), y, tr_in(l, months[m - 1]), d);
}

void fmt_when(strbuf *sb, const char *timestamp, lang l)
{
    char day[DATE_SIZE];
    int64_t days;
    size_t n = timestamp ? strlen(timestamp) : 0;
    if (n < DATE_SIZE - 1 || !timestamp_valid(timestamp)) {
        sb_puts(sb, timestamp ? timestamp : "");
        return;
    }
    memcpy(day, timestamp, DATE_SIZE - 1);
    day[DATE_SIZE - 1] = '\0';
    if (!date_parse(day, &days)) {
        sb_puts(sb, timestamp);
        return;
    }
    strbuf date = STRBUF_INIT;
    fmt_date(&date, days, l);
    if (n >= 16 && timestamp[10] == 'T') {
        char hm[6];
        memcpy(hm, timestamp + 11, 5);
        hm[5] = '\0';
        sb_printf(sb, tr_in(l, M_DATE_TIME), sb_str(&date), hm);
    } else {
        sb_puts(sb, sb_str(&date));
    }
    sb_free(&date);
}
