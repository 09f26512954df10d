#include "report/report.h"

#include "i18n/i18n.h"
#include "report/format.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    void (*write)(const overview *ov, const char *made, strbuf *out);
} formats[REPORT_FORMAT_COUNT] = {
#define REPORT_FORMAT(id, name, writer) [id] = {name, writer},
#include "report/formats.def"
#undef REPORT_FORMAT
};

const char *report_format_name(report_format f)
{
    return formats[f].name;
}

void report_format_choices(strbuf *sb)
{
    for (int f = 0; f < REPORT_FORMAT_COUNT; f++)
        tr_choice(sb, (size_t)f, REPORT_FORMAT_COUNT, formats[f].name);
}

bool report_format_parse(const char *s, report_format *out)
{
    for (int i = 0; i < REPORT_FORMAT_COUNT; i++)
        if (strcmp(s, formats[i].name) == 0) {
            *out = (report_format)i;
            return true;
        }
    return false;
}

void report_write(report_format f, const overview *ov, const char *made, strbuf *out)
{
    formats[f].write(ov, made, out);
}

void report_compose(const report_ops *ops, const overview *ov, const char *made, strbuf *out)
{
    size_t start = out->len;
    ops->begin(ov, made, out);
    ops->targets(ov, out);
    ops->items(ov, out);
    ops->ranking(ov, tr(M_SEC_RANK_VILLAGES), ov->villages, ov->n_villages, tr(M_NONE), out);
    ops->ranking(ov, tr(M_SEC_RANK_ENTERPRISES), ov->enterprises, ov->n_enterprises, tr(M_NONE),
                 out);
    char *title = report_lagging_title(&ov->ws->plan);
    ops->ranking(ov, title, ov->lagging, ov->n_lagging, tr(M_NONE_LAGGING), out);
    free(title);
    ops->failures(ov, out);
    ops->matrix(ov, out);
    ops->grades(ov, out);
    ops->end(out, start);
}

static char *town_score_line(const overview *ov)
{
    if (ov->town == SIZE_MAX || !ov->units[ov->town].score.scored)
        return xstrdup(tr(M_TOWN_UNSCORED));
    strbuf points = STRBUF_INIT;
    fmt_score(&points, ov->units[ov->town].score.points);
    char *line = xasprintf(tr(M_TOWN_SCORE), sb_str(&points), ov->units[ov->town].score.grade);
    sb_free(&points);
    return line;
}

size_t report_summary(const overview *ov, const char *made, char **lines)
{
    const workspace *ws = ov->ws;
    size_t n = 0;
    lines[n++] =
        xasprintf(tr(M_REPORT_TOWN), ws->cfg.town ? ws->cfg.town : "-", ws->cfg.year, ws->plan.id);
    lines[n++] = town_score_line(ov);
    lines[n++] = xasprintf(tr(M_TARGETS_SUMMARY), ov->targets_met, ov->targets_not_met,
                           ov->targets_unknown, ov->n_targets);
    lines[n++] = xasprintf(tr(M_CHECKS_SUMMARY), ov->all.done, ov->all.applicable,
                           progress_percent(&ov->all), ov->all.doing, ov->all.failed);
    lines[n++] = xasprintf(tr(M_UNITS_SUMMARY), ov->n_villages, ov->n_enterprises);
    lines[n++] = xasprintf(tr(M_REPORT_MADE), made);
    if (ws->cfg.sample)
        lines[n++] = xstrdup(tr(M_REPORT_SAMPLE));
    if (ov->n_broken)
        lines[n++] = xasprintf(tr(M_REPORT_BROKEN), ov->n_broken);
    return n;
}

void report_grade_table(const plan *p, strbuf *sb)
{
    for (size_t i = 0; i < p->n_grades; i++) {
        if (i)
            sb_puts(sb, ", ");
        bool last = i + 1 == p->n_grades;
        sb_printf(sb, "%s %s ", p->grades[i].grade, last && i > 0 ? "<" : ">=");
        fmt_number(sb, last && i > 0 ? p->grades[i - 1].min : p->grades[i].min);
    }
}

char *report_lagging_title(const plan *p)
{
    return xasprintf(tr(M_SEC_LAGGING), p->n_grades ? p->grades[p->n_grades - 1].grade : "");
}

const char *report_unit_name(const overview *ov, size_t index)
{
    const unit *u = overview_unit(ov, index);
    return u ? u->name : ov->ws->units[index].id;
}

void report_target_laggards(const overview *ov, const ind_result *r, strbuf *sb)
{
    bool first = true;
    for (size_t i = 0; i < r->n_units; i++) {
        ind_outcome o = r->units[i].outcome;
        if (o != OUTCOME_MISSES && o != OUTCOME_NO_VALUE)
            continue;
        if (!first)
            sb_puts(sb, ", ");
        first = false;
        sb_puts(sb, report_unit_name(ov, r->units[i].unit));
        if (o == OUTCOME_NO_VALUE)
            sb_printf(sb, " (%s)", fmt_outcome(o));
    }
}

void report_section_points(const ov_unit *ou, size_t section, strbuf *sb)
{
    if (ou->section_max[section] <= 0) {
        sb_putc(sb, '-');
        return;
    }
    fmt_score(sb, ou->section_points[section]);
    sb_putc(sb, '/');
    fmt_number(sb, ou->section_max[section]);
}
