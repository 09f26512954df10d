#include "report/letter_doc.h"

#include "model/timestamp.h"
#include "report/format.h"
#include "report/report.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* What the letter says, in plain text (escaped by each format). */
typedef struct letter_text {
    const char *title, *opening, *closing;
    char *party_a, *party_b;
    char **tasks;  /* in the document's words (a unit's own: as it was typed) */
    char **checks; /* "M1.work-plan、M1.responsibility": what verifies each; NULL: none */
    size_t n_tasks;
    size_t n_template_tasks; /* the first n are the template's */
    char **target_what, **target_value;
    size_t n_targets;
    char **rules; /* the rule in words, then one line per grade */
    size_t n_rules;
    char *sign_a, *sign_b, *signed_line, *made;
} letter_text;

static char *task_checks(const plan_letter_task *t)
{
    strbuf checks = STRBUF_INIT;
    for (size_t i = 0; i < t->n_checks; i++) {
        if (i)
            sb_puts(&checks, tr(M_LIST_SEP));
        sb_puts(&checks, t->checks[i]->id);
    }
    return checks.len ? sb_steal(&checks) : NULL;
}

static void target_texts(const letter_target *lt, lang l, char **what, char **value)
{
    const plan_check *c = lt->check;
    const char *words = lt->tmpl ? text2_get(&lt->tmpl->text, l) : text2_get(&c->title, l);
    *what = xasprintf(tr(M_LETTER_TARGET_WHAT), words, c->id);
    strbuf sb = STRBUF_INIT;
    if (!c->numeric) {
        sb_puts(&sb, tr(M_LETTER_ACHIEVED));
    } else if (!range_is_set(&lt->target)) {
        sb_printf(&sb, TR(M_LETTER_TO_AGREE), value_unit_text(&c->unit, l, 0));
    } else {
        fmt_range(&sb, &lt->target, &c->unit, l);
        if (lt->own) {
            char *v = sb_steal(&sb);
            sb_printf(&sb, tr(M_LETTER_AGREED), v);
            free(v);
        }
    }
    *value = sb_steal(&sb);
}

/* "A级（90分及以上）：通报表彰": each grade of the scoring and what the
 * assessment gives it. */
static char *grade_rule(const plan *p, size_t i, lang l)
{
    strbuf sb = STRBUF_INIT, min = STRBUF_INIT, top = STRBUF_INIT;
    const plan_grade *g = &p->grades[i];
    fmt_number(&min, g->min);
    if (i > 0)
        fmt_number(&top, p->grades[i - 1].min);
    if (i == 0)
        sb_printf(&sb, tr(M_LETTER_GRADE_TOP), g->grade, sb_str(&min));
    else if (i + 1 == p->n_grades)
        sb_printf(&sb, tr(M_LETTER_GRADE_LOW), g->grade, sb_str(&top));
    else
        sb_printf(&sb, tr(M_LETTER_GRADE_MID), g->grade, sb_str(&min), sb_str(&top));
    const plan_outcome *o = plan_outcome_for(p, g->grade);
    if (o) {
        sb_puts(&sb, tr(M_TUI_COLON));
        sb_puts(&sb, text2_get(&o->text, l));
    }
    sb_free(&min);
    sb_free(&top);
    return sb_steal(&sb);
}

static void letter_text_of(const workspace *ws, const unit *u, const letter *lt, int64_t today,
                           letter_text *t)
{
    const plan *p = &ws->plan;
    lang l = i18n_lang();
    memset(t, 0, sizeof *t);
    t->title = text2_get(&lt->tmpl->title, l);
    t->opening = text2_get(&lt->tmpl->text, l);
    t->closing = text2_get(&lt->tmpl->closing, l);
    const char *issuer = text2_get(&p->doc.issuer, l);
    if (!*issuer)
        issuer = ws->cfg.town ? ws->cfg.town : "";
    t->party_a = xasprintf(tr(M_LETTER_PARTY_A), issuer);
    t->party_b = xasprintf(tr(M_LETTER_PARTY_B), u->name, u->id);
    t->n_template_tasks = lt->tmpl->n_tasks;
    t->tasks = xcalloc(lt->tmpl->n_tasks + lt->n_own_tasks + 1, sizeof *t->tasks);
    t->checks = xcalloc(lt->tmpl->n_tasks + lt->n_own_tasks + 1, sizeof *t->checks);
    for (size_t i = 0; i < lt->tmpl->n_tasks; i++) {
        t->checks[t->n_tasks] = task_checks(&lt->tmpl->tasks[i]);
        t->tasks[t->n_tasks++] = xstrdup(text2_get(&lt->tmpl->tasks[i].text, l));
    }
    for (size_t i = 0; i < lt->n_own_tasks; i++)
        t->tasks[t->n_tasks++] = xstrdup(lt->own_tasks[i]);
    t->n_targets = lt->n_targets;
    t->target_what = xcalloc(lt->n_targets + 1, sizeof *t->target_what);
    t->target_value = xcalloc(lt->n_targets + 1, sizeof *t->target_value);
    for (size_t i = 0; i < lt->n_targets; i++)
        target_texts(&lt->targets[i], l, &t->target_what[i], &t->target_value[i]);
    t->rules = xcalloc(p->n_grades + 3, sizeof *t->rules);
    if (*text2_get(&p->assessment.text, l))
        t->rules[t->n_rules++] = xstrdup(text2_get(&p->assessment.text, l));
    strbuf note = STRBUF_INIT;
    report_score_note(p, &note);
    t->rules[t->n_rules++] = sb_steal(&note);
    for (size_t i = 0; i < p->n_grades; i++)
        t->rules[t->n_rules++] = grade_rule(p, i, l);
    t->sign_a = xasprintf(tr(M_LETTER_SIGN_A), issuer);
    t->sign_b = xasprintf(tr(M_LETTER_SIGN_B), u->name);
    if (lt->is_signed) {
        strbuf day = STRBUF_INIT, who = STRBUF_INIT;
        fmt_date(&day, lt->signed_on, l);
        for (size_t i = 0; i < lt->n_signatories; i++)
            sb_printf(&who, "%s%s", i ? tr(M_LIST_SEP) : "", lt->signatories[i]);
        t->signed_line = xasprintf(tr(M_LETTER_SIGNED), sb_str(&day), sb_str(&who));
        sb_free(&day);
        sb_free(&who);
    }
    strbuf made = STRBUF_INIT;
    fmt_date(&made, today, l);
    t->made = xasprintf(tr(M_LETTER_MADE), sb_str(&made));
    sb_free(&made);
}

static void free_all(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void letter_text_free(letter_text *t)
{
    free(t->party_a), free(t->party_b), free(t->sign_a), free(t->sign_b);
    free(t->signed_line), free(t->made);
    free_all(t->tasks, t->n_tasks);
    free_all(t->checks, t->n_tasks);
    free_all(t->target_what, t->n_targets);
    free_all(t->target_value, t->n_targets);
    free_all(t->rules, t->n_rules);
}

/* ---- HTML ------------------------------------------------------------------ */

static const char style[] =
    "@page{size:A4;margin:22mm 20mm}\n"
    "*{box-sizing:border-box}\n"
    "body{font-family:'Noto Serif CJK SC','Noto Sans CJK SC','Source Han Serif SC','SimSun',"
    "'Songti SC',serif;font-size:11.5pt;line-height:1.7;color:#000;margin:0 auto;"
    "max-width:170mm}\n"
    "h1{font-size:18pt;text-align:center;margin:0 0 8mm;line-height:1.4}\n"
    "h2{font-size:13pt;margin:6mm 0 2mm;break-after:avoid}\n"
    "p{margin:0 0 2mm;text-align:justify}p.party{margin:0}\n"
    "ol{margin:0 0 2mm;padding-left:8mm}li{margin-bottom:1mm}\n"
    "li.own{font-style:italic}span.small{font-size:8.5pt;color:#555}\n"
    "table{border-collapse:collapse;width:100%;font-size:10.5pt;margin:2mm 0 3mm}\n"
    "th,td{border:0.6pt solid #000;padding:1.5mm 2mm;text-align:left;vertical-align:top}\n"
    "th{background:#eee;white-space:nowrap}td.no{text-align:center;width:12mm}"
    "td.value{width:50mm}\n"
    "tr{break-inside:avoid}\n"
    "div.signs{display:flex;justify-content:space-between;margin-top:10mm;break-inside:avoid}\n"
    "div.signs div{width:47%}div.signs p{margin:0 0 9mm}\n"
    "p.signed{margin-top:6mm;font-weight:bold}p.made{text-align:right;font-size:9pt;"
    "color:#333;margin-top:8mm}\n";

static void html_heading(strbuf *out, msg_id title)
{
    sb_puts(out, "<h2>");
    report_html_escape(out, tr(title));
    sb_puts(out, "</h2>\n");
}

/* A numbered list; the items from own_from on are the unit's own, and
 * `checks` (may be NULL) says in small print which checks verify each. */
static void html_list(strbuf *out, char *const *items, char *const *checks, size_t n,
                      size_t own_from)
{
    sb_puts(out, "<ol>\n");
    for (size_t i = 0; i < n; i++) {
        sb_puts(out, i >= own_from ? "<li class=\"own\">" : "<li>");
        report_html_escape(out, items[i]);
        if (checks && checks[i]) {
            char *small = xasprintf(tr(M_LETTER_CHECKED), checks[i]);
            sb_puts(out, " <span class=\"small\">");
            report_html_escape(out, small);
            sb_puts(out, "</span>");
            free(small);
        }
        sb_puts(out, "</li>\n");
    }
    sb_puts(out, "</ol>\n");
}

static void html_targets(strbuf *out, const letter_text *t)
{
    const msg_id cols[] = {M_LETTER_COL_NO, M_LETTER_COL_TARGET, M_LETTER_COL_VALUE};
    sb_puts(out, "<table>\n<thead><tr>");
    for (size_t i = 0; i < 3; i++) {
        sb_puts(out, "<th>");
        report_html_escape(out, tr(cols[i]));
        sb_puts(out, "</th>");
    }
    sb_puts(out, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < t->n_targets; i++) {
        sb_printf(out, "<tr><td class=\"no\">%zu</td><td>", i + 1);
        report_html_escape(out, t->target_what[i]);
        sb_puts(out, "</td><td class=\"value\">");
        report_html_escape(out, t->target_value[i]);
        sb_puts(out, "</td></tr>\n");
    }
    sb_puts(out, "</tbody>\n</table>\n");
}

static void letter_html(const letter_text *t, strbuf *out)
{
    doc_html_begin(out, t->title, style);
    sb_puts(out, "<h1>");
    report_html_escape(out, t->title);
    sb_puts(out, "</h1>\n");
    doc_html_p(out, "party", t->party_a);
    doc_html_p(out, "party", t->party_b);
    sb_puts(out, "<br>\n");
    doc_html_p(out, NULL, t->opening);
    html_heading(out, M_LETTER_SEC_TASKS);
    html_list(out, t->tasks, t->checks, t->n_tasks, t->n_template_tasks);
    html_heading(out, M_LETTER_SEC_TARGETS);
    html_targets(out, t);
    html_heading(out, M_LETTER_SEC_ASSESSMENT);
    doc_html_p(out, NULL, t->rules[0]);
    html_list(out, t->rules + 1, NULL, t->n_rules - 1, SIZE_MAX);
    if (*t->closing)
        doc_html_p(out, NULL, t->closing);
    html_heading(out, M_LETTER_SEC_SIGN);
    sb_puts(out, "<div class=\"signs\">\n<div>\n");
    doc_html_p(out, NULL, t->sign_a);
    doc_html_p(out, NULL, tr(M_LETTER_SIGN_A_REP));
    doc_html_p(out, NULL, tr(M_LETTER_SIGN_DATE));
    sb_puts(out, "</div>\n<div>\n");
    doc_html_p(out, NULL, t->sign_b);
    doc_html_p(out, NULL, tr(M_LETTER_SIGN_B_REP));
    doc_html_p(out, NULL, tr(M_LETTER_SIGN_DATE));
    sb_puts(out, "</div>\n</div>\n");
    if (t->signed_line)
        doc_html_p(out, "signed", t->signed_line);
    doc_html_p(out, "made", t->made);
    doc_html_end(out);
}

/* ---- Markdown -------------------------------------------------------------- */

static void md_list(strbuf *out, char *const *items, char *const *checks, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *item = checks && checks[i] ? xasprintf(tr(M_LETTER_CHECKED_BY), items[i], checks[i])
                                         : xstrdup(items[i]);
        sb_printf(out, "%zu. ", i + 1);
        report_md_escape(out, item, true, "   ");
        sb_putc(out, '\n');
        free(item);
    }
    sb_putc(out, '\n');
}

static void md_heading(strbuf *out, msg_id title)
{
    sb_puts(out, "## ");
    report_md_escape(out, tr(title), false, "");
    sb_puts(out, "\n\n");
}

static void letter_markdown(const letter_text *t, strbuf *out)
{
    sb_puts(out, "# ");
    report_md_escape(out, t->title, false, "");
    sb_puts(out, "\n\n");
    doc_md_line(out, t->party_a);
    doc_md_line(out, t->party_b);
    doc_md_line(out, t->opening);
    md_heading(out, M_LETTER_SEC_TASKS);
    md_list(out, t->tasks, t->checks, t->n_tasks);
    md_heading(out, M_LETTER_SEC_TARGETS);
    sb_putc(out, '|');
    report_md_table_cell(out, tr(M_LETTER_COL_NO));
    report_md_table_cell(out, tr(M_LETTER_COL_TARGET));
    report_md_table_cell(out, tr(M_LETTER_COL_VALUE));
    sb_puts(out, "\n| ---: | --- | --- |\n");
    for (size_t i = 0; i < t->n_targets; i++) {
        sb_printf(out, "| %zu |", i + 1);
        report_md_table_cell(out, t->target_what[i]);
        report_md_table_cell(out, t->target_value[i]);
        sb_putc(out, '\n');
    }
    sb_putc(out, '\n');
    md_heading(out, M_LETTER_SEC_ASSESSMENT);
    doc_md_line(out, t->rules[0]);
    md_list(out, t->rules + 1, NULL, t->n_rules - 1);
    if (*t->closing)
        doc_md_line(out, t->closing);
    md_heading(out, M_LETTER_SEC_SIGN);
    const char *signs[] = {t->sign_a, tr(M_LETTER_SIGN_A_REP), tr(M_LETTER_SIGN_DATE),
                           t->sign_b, tr(M_LETTER_SIGN_B_REP), tr(M_LETTER_SIGN_DATE)};
    for (size_t i = 0; i < sizeof signs / sizeof *signs; i++)
        doc_md_line(out, signs[i]);
    if (t->signed_line)
        doc_md_line(out, t->signed_line);
    doc_md_line(out, t->made);
}

bool letter_write(doc_format f, const workspace *ws, const unit *u, int64_t today, strbuf *out)
{
    letter lt;
    if (!letter_of(&ws->plan, u, &lt))
        return false;
    letter_text t;
    letter_text_of(ws, u, &lt, today, &t);
    if (f == DOC_HTML)
        letter_html(&t, out);
    else
        letter_markdown(&t, out);
    letter_text_free(&t);
    letter_free(&lt);
    return true;
}
