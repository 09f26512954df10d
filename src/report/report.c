#include "report/report.h"

#include "i18n/i18n.h"
#include "model/history.h"
#include "model/timestamp.h"
#include "report/format.h"
#include "util/text.h"
#include "report/ledger.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    void (*write)(const overview *ov, const char *made, strbuf *out);
    void (*rectifications)(const rect_section *s, strbuf *out);
} formats[REPORT_FORMAT_COUNT] = {
#define REPORT_FORMAT(id, name, writer, rect_writer) [id] = {name, writer, rect_writer},
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

/* The town's ledger: evidence expired and expiring, units not visited. */
static void ledger_section(const overview *ov, report_format f, strbuf *out)
{
    if (!ov->has_ledger)
        return;
    document d;
    doc_init(&d);
    ledger_town_section(ov, &d);
    if (f == REPORT_HTML)
        sb_puts(out, "<section>\n");
    doc_write_body(&d, f, out);
    if (f == REPORT_HTML)
        sb_puts(out, "</section>\n");
    doc_free(&d);
}

void report_compose(const report_ops *ops, const overview *ov, const char *made, strbuf *out)
{
    size_t start = out->len;
    ops->begin(ov, made, out);
    char *lines[REPORT_MAX_MEETING];
    size_t n = report_meeting_lines(ov, lines);
    if (n)
        ops->lines(tr(M_SEC_MEETING), lines, n, out);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    char *alines[REPORT_MAX_ASSESSMENT];
    n = report_assessment_lines(ov, alines);
    if (n)
        ops->lines(tr(M_SEC_ASSESSMENT), alines, n, out);
    for (size_t i = 0; i < n; i++)
        free(alines[i]);
    ops->targets(ov, out);
    ops->items(ov, out);
    ops->ranking(ov, tr(M_SEC_RANK_VILLAGES), ov->villages, ov->n_villages, tr(M_NONE), out);
    ops->ranking(ov, tr(M_SEC_RANK_ENTERPRISES), ov->enterprises, ov->n_enterprises, tr(M_NONE),
                 out);
    char *title = report_lagging_title(&ov->ws->plan);
    ops->ranking(ov, title, ov->lagging, ov->n_lagging, tr(M_NONE_LAGGING), out);
    free(title);
    ops->failures(ov, out);
    if (ov->has_rects)
        ops->rectifications(ov, out);
    if (ov->has_since)
        ops->since(ov, out);
    ledger_section(ov, ops->format, out);
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

char *report_title(const overview *ov)
{
    const workspace *ws = ov->ws;
    const plan_document *d = &ws->plan.doc;
    lang l = i18n_lang();
    const char *town = ws->cfg.town ? ws->cfg.town : text2_get(&d->issuer, l);
    const char *programme = text2_get(&d->programme, l);
    strbuf day = STRBUF_INIT;
    fmt_date(&day, ov->today, l);
    char *title = *programme
                      ? xasprintf(tr(M_REPORT_TITLE), town, ws->cfg.year, programme, sb_str(&day))
                      : xasprintf(tr(M_REPORT_TITLE_PLAIN), town, ws->cfg.year, sb_str(&day));
    sb_free(&day);
    return title;
}

/* Appends a part of a list, after the separator when it is not the first. */
static void list_part_sep(strbuf *sb, const char *part, msg_id sep)
{
    if (sb->len)
        sb_puts(sb, tr(sep));
    sb_puts(sb, part);
}

static void list_part(strbuf *sb, const char *part)
{
    list_part_sep(sb, part, M_PARTS_SEP);
}

/* "A、B、C": the titles of some targets. */
static char *target_titles(const plan_indicator *const *inds, size_t n)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++)
        list_part_sep(&sb, text2_get(&inds[i]->title, i18n_lang()), M_LIST_SEP);
    return sb_steal(&sb);
}

size_t report_assessment_lines(const overview *ov, char **lines)
{
    const ov_assessment *oa = &ov->assessment;
    size_t n = 0;
    strbuf sb = STRBUF_INIT;
    if (oa->held) {
        fmt_date(&sb, oa->day, i18n_lang());
        sb_puts(&sb, tr(M_PARTS_SEP));
        sb_puts(&sb, tr(oa->final ? M_ASSESS_STATE_FINAL : M_ASSESS_STATE_DRAFT));
        char *when = sb_steal(&sb);
        if (oa->n_changed)
            lines[n++] = xasprintf(tr(M_OV_ASSESSMENT_CHANGED), oa->year, when, oa->n_changed);
        else
            lines[n++] = xasprintf(tr(M_OV_ASSESSMENT_SAME), oa->year, when);
        free(when);
    }
    if (oa->has_previous) {
        sb_printf(&sb, tr(M_OV_YEAR_ON_YEAR), oa->previous_year, oa->better, oa->worse, oa->same,
                  oa->targets_met_then, ov->targets_met);
        if (oa->town_scored_then && ov->town != SIZE_MAX && ov->units[ov->town].score.scored) {
            strbuf then = STRBUF_INIT, now = STRBUF_INIT;
            fmt_score(&then, oa->town_score_then);
            fmt_score(&now, ov->units[ov->town].score.points);
            sb_puts(&sb, tr(M_PARTS_SEP));
            const char *grade_then = ov->units[ov->town].grade_then;
            sb_printf(&sb, tr(M_OV_SCORE_THEN_NOW), sb_str(&then), grade_then ? grade_then : "",
                      sb_str(&now), ov->units[ov->town].score.grade);
            sb_free(&then);
            sb_free(&now);
        }
        lines[n++] = sb_steal(&sb);
    }
    sb_free(&sb);
    return n;
}

size_t report_meeting_lines(const overview *ov, char **lines)
{
    const ov_meeting *om = &ov->meeting;
    lang l = i18n_lang();
    size_t n = 0;
    if (!om->held)
        return 0;
    strbuf sb = STRBUF_INIT;
    fmt_date(&sb, om->date, l);
    lines[n++] = xasprintf(tr(M_OV_LAST_MEETING), sb_str(&sb), om->n_decisions, om->n_meetings);
    sb_reset(&sb);
    sb_printf(&sb, tr(M_OV_SINCE_MOVED), om->moved, om->moved_done, om->moved_failed);
    if (om->rect_opened || om->rect_closed) {
        sb_puts(&sb, tr(M_PARTS_SEP));
        sb_printf(&sb, tr(M_OV_SINCE_RECTS), om->rect_opened, om->rect_closed);
    }
    if (om->scored_then && ov->town != SIZE_MAX && ov->units[ov->town].score.scored) {
        strbuf then = STRBUF_INIT, now = STRBUF_INIT;
        fmt_score(&then, om->score_then);
        fmt_score(&now, ov->units[ov->town].score.points);
        sb_puts(&sb, tr(M_PARTS_SEP));
        sb_printf(&sb, tr(M_OV_SCORE_THEN_NOW), sb_str(&then), om->grade_then ? om->grade_then : "",
                  sb_str(&now), ov->units[ov->town].score.grade);
        sb_free(&then);
        sb_free(&now);
    }
    lines[n++] = sb_steal(&sb);
    if (!om->figures_known) {
        lines[n++] = xstrdup(tr(M_OV_NO_FIGURES));
        return n;
    }
    char *met = target_titles(om->newly_met, om->n_newly_met);
    char *missed = target_titles(om->newly_missed, om->n_newly_missed);
    lines[n++] = xasprintf(tr(M_OV_NEWLY_MET), *met ? met : tr(M_NONE));
    lines[n++] = xasprintf(tr(M_OV_NEWLY_MISSED), *missed ? missed : tr(M_NONE));
    free(met);
    free(missed);
    return n;
}

char *report_basis(const plan *p)
{
    const plan_document *d = &p->doc;
    lang l = i18n_lang();
    strbuf parts = STRBUF_INIT;
    if (d->number && *d->number)
        list_part(&parts, d->number);
    if (*text2_get(&d->issuer, l))
        list_part(&parts, text2_get(&d->issuer, l));
    int64_t day;
    if (d->date && date_parse(d->date, &day)) {
        strbuf date = STRBUF_INIT;
        fmt_date(&date, day, l);
        list_part(&parts, sb_str(&date));
        sb_free(&date);
    }
    char *line = parts.len ? xasprintf(tr(M_REPORT_BASIS), text2_get(&d->title, l), sb_str(&parts))
                           : xasprintf(tr(M_REPORT_BASIS_TITLE), text2_get(&d->title, l));
    sb_free(&parts);
    return line;
}

size_t report_summary(const overview *ov, const char *made, char **lines)
{
    const workspace *ws = ov->ws;
    size_t n = 0;
    lines[n++] = report_basis(&ws->plan);
    lines[n++] =
        xasprintf(tr(M_REPORT_TOWN), ws->cfg.town ? ws->cfg.town : "-", ws->cfg.year, ws->plan.id);
    lines[n++] = town_score_line(ov);
    lines[n++] = xasprintf(tr(M_TARGETS_SUMMARY), ov->targets_met, ov->targets_not_met,
                           ov->targets_unknown, ov->n_targets);
    lines[n++] = xasprintf(tr(M_CHECKS_SUMMARY), ov->all.done, ov->all.applicable,
                           progress_percent(&ov->all), ov->all.doing, ov->all.failed);
    lines[n++] = xasprintf(tr(M_UNITS_SUMMARY), ov->n_villages, ov->n_enterprises);
    strbuf when = STRBUF_INIT;
    fmt_when(&when, made, i18n_lang());
    lines[n++] = xasprintf(tr(M_REPORT_MADE), sb_str(&when));
    sb_free(&when);
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

void report_score_note(const plan *p, strbuf *sb)
{
    lang l = i18n_lang();
    strbuf parts = STRBUF_INIT, credit = STRBUF_INIT;
    for (size_t i = 0; i < p->n_sections; i++) {
        sb_printf(&parts, "%s%s ", i ? tr(M_LIST_SEP) : "", text2_get(&p->sections[i].title, l));
        fmt_number(&parts, p->sections[i].weight);
    }
    static const status shown[] = {STATUS_DONE, STATUS_DOING, STATUS_FAILED, STATUS_TODO};
    for (size_t i = 0; i < sizeof shown / sizeof *shown; i++) {
        sb_printf(&credit, "%s%s ", i ? tr(M_LIST_SEP) : "", tr_status(shown[i]));
        fmt_number(&credit, p->credit[shown[i]]);
    }
    const char *doc = p->doc.number ? p->doc.number : text2_get(&p->doc.title, l);
    sb_printf(sb, tr(M_SCORE_NOTE), doc, sb_str(&parts), sb_str(&credit));
    sb_free(&parts);
    sb_free(&credit);
}

char *report_lagging_title(const plan *p)
{
    return xasprintf(tr(M_SEC_LAGGING), p->n_grades ? p->grades[p->n_grades - 1].grade : "");
}

const char *report_unit_name(const overview *ov, size_t index)
{
    return overview_unit_name(ov, index);
}

char **report_short_names(const overview *ov, int cols)
{
    char **inert = xcalloc(ov->n_units + 1, sizeof *inert);
    for (size_t i = 0; i < ov->n_units; i++)
        inert[i] = text_inert(report_unit_name(ov, i), 0);
    char **out = xcalloc(ov->n_units + 1, sizeof *out);
    text_shorten_apart((const char *const *)inert, ov->n_units, cols, out);
    report_names_free(ov, inert);
    return out;
}

void report_names_free(const overview *ov, char **names)
{
    for (size_t i = 0; i < ov->n_units; i++)
        free(names[i]);
    free(names);
}

void report_target_laggards(const overview *ov, const ind_result *r, strbuf *sb)
{
    bool first = true;
    size_t n;
    ind_unit *units = indicator_units(ov->ws, r->ind, &n);
    for (size_t i = 0; i < n; i++) {
        ind_outcome o = units[i].outcome;
        if (o != OUTCOME_MISSES && o != OUTCOME_NO_VALUE)
            continue;
        if (!first)
            sb_puts(sb, ", ");
        first = false;
        sb_puts(sb, report_unit_name(ov, units[i].unit));
        if (o == OUTCOME_NO_VALUE)
            sb_printf(sb, " (%s)", fmt_outcome(o));
    }
    free(units);
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

/* The change of score from the year before, to one decimal as scores
 * are recorded: "+4.0", "-2.5", "0.0". */
static void score_change(const ov_unit *ou, strbuf *sb)
{
    double d = ou->score.points - ou->score_then;
    if (fabs(d) < 0.05)
        fmt_score(sb, 0.0);
    else
        sb_printf(sb, "%+.1f", d);
}

void report_score_cell(const overview *ov, size_t index, strbuf *sb)
{
    const ov_unit *ou = &ov->units[index];
    if (!ou->score.scored)
        return;
    strbuf score = STRBUF_INIT, change = STRBUF_INIT;
    fmt_score(&score, ou->score.points);
    if (ov->assessment.has_previous && !ou->listed_then)
        sb_puts(&change, tr(M_YOY_NEW));
    else if (ov->assessment.has_previous && ou->scored_then)
        score_change(ou, &change);
    if (change.len)
        sb_printf(sb, tr(M_YOY_SCORE), sb_str(&score), sb_str(&change));
    else
        sb_puts(sb, sb_str(&score));
    sb_free(&score);
    sb_free(&change);
}

bool report_grade_changed(const overview *ov, size_t index)
{
    const ov_unit *ou = &ov->units[index];
    return ov->assessment.has_previous && ou->score.scored && ou->grade_then &&
           strcmp(ou->grade_then, ou->score.grade) != 0;
}

void report_grade_cell(const overview *ov, size_t index, const char *arrow, strbuf *sb)
{
    const ov_unit *ou = &ov->units[index];
    if (report_grade_changed(ov, index))
        sb_printf(sb, "%s%s", ou->grade_then, arrow);
    sb_puts(sb, ou->score.grade);
}

void report_rectifications(report_format f, const rect_section *s, strbuf *out)
{
    formats[f].rectifications(s, out);
}

void report_unit_rectifications(report_format f, const workspace *ws, size_t index, int64_t today,
                                strbuf *out)
{
    rect_list l;
    rect_counts c = {0};
    rect_list_build(&l, ws, index, RECT_ALL, today);
    if (ws->units[index].u)
        rect_count(ws->units[index].u, today, &c);
    rect_section s = {ws, &l, &c};
    report_rectifications(f, &s, out);
    rect_list_free(&l);
}

void report_rect_row(const workspace *ws, const rect_item *it, int64_t today, rect_row *row)
{
    const unit *u = ws->units[it->unit].u;
    const plan_check *pc = it->r->check;
    *row = (rect_row){
        .unit_name = u->name,
        .unit_id = u->id,
        .check_id = pc ? pc->id : "",
        .check_title = pc ? text2_get(&pc->title, i18n_lang()) : "",
        .id = it->r->id,
        .state = rect_state_title(it->state),
        .owner = record_text(it->r, "owner"),
        .what = record_text(it->r, "what"),
        .note = record_text(it->r, "note"),
    };
    date_format(it->due, row->due);
    strbuf sb = STRBUF_INIT;
    rect_story(u, it->r, &sb);
    snprintf(row->story, sizeof row->story, "%s", sb_str(&sb));
    sb_reset(&sb);
    rect_days_words(it->r, today, &sb);
    snprintf(row->days, sizeof row->days, "%s", sb_str(&sb));
    sb_free(&sb);
}

char *report_rect_counts(const rect_counts *c)
{
    strbuf rate = STRBUF_INIT;
    if (c->verified_year)
        fmt_percent(&rate, rect_on_time_rate(c));
    else
        sb_putc(&rate, '-');
    char *line = xasprintf(tr(M_RECT_COUNTS), c->open, c->overdue, c->verified_year, sb_str(&rate));
    sb_free(&rate);
    return line;
}

char *report_since_title(const since_list *l)
{
    char day[DATE_SIZE];
    date_format(l->since, day);
    return xasprintf(tr(M_SEC_SINCE), day);
}

char *report_since_counts(const since_list *l)
{
    return xasprintf(tr(M_SINCE_COUNTS), l->checks_moved, l->rect_opened, l->rect_closed);
}

const history_entry *report_since_entry(const overview *ov, const since_entry *e)
{
    return since_history(&ov->since, e, overview_unit(ov, e->unit));
}

void report_since_what(const history_entry *h, strbuf *out)
{
    history_describe(h, true, out);
    if (h->by)
        sb_printf(out, " (%s %s)", tr(M_BY), h->by);
}
