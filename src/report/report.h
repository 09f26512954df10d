/* report — the meeting's report of an overview, in the formats of
 * formats.def, one file each (report_text.c, report_markdown.c,
 * report_html.c, report_csv.c).
 * Every format says the same things in the same order: the summary, the
 * town targets, the objectives and measures, the rankings, the units that
 * lag, the failed checks with their notes, the units x items matrix and
 * the grade table; the CSV is the raw data (one row per unit and check).
 *
 * Text comes in the interface language (i18n_lang, set by --lang).  Data
 * from files is made safe for each format: inert for the terminal
 * (text_inert), escaped for Markdown and HTML, formula-inert for CSV. */
#ifndef QTOWN_REPORT_H
#define QTOWN_REPORT_H

#include "report/escape.h"
#include "report/overview.h"
#include "util/strbuf.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum report_format {
#define REPORT_FORMAT(id, name, writer, rect_writer) id,
#include "report/formats.def"
#undef REPORT_FORMAT
    REPORT_FORMAT_COUNT
} report_format;

/* The name --format takes ("text", "csv"...). */
const char *report_format_name(report_format f);
/* "text, markdown, html or csv" in the interface language. */
void report_format_choices(strbuf *sb);
bool report_format_parse(const char *s, report_format *out);

/* Appends the report to `out`; `made` is when it is made (ISO 8601). */
void report_write(report_format f, const overview *ov, const char *made, strbuf *out);

/* A rectification section: the records listed (rect_list) and the counts
 * of the same units (the town's in the report, one unit's in its ledger). */
typedef struct rect_section {
    const workspace *ws;
    const rect_list *list;
    const rect_counts *counts;
} rect_section;

/* Each format's writers: the report (report_write calls it; the CSV, raw
 * data, does not say when it was made) and the rectification section
 * alone (report_rectifications; the CSV's: one row per record, the file's
 * words). */
#define REPORT_FORMAT(id, name, writer, rect_writer)                                               \
    void writer(const overview *ov, const char *made, strbuf *out);                                \
    void rect_writer(const rect_section *s, strbuf *out);
#include "report/formats.def"
#undef REPORT_FORMAT

/* The scores as CSV (report --format csv --what scores): one row per
 * unit — the town, then villages and enterprises best first — with its
 * score, grade, rank, points and share per section, and its checks done,
 * applicable and failed, and year on year its score and grade in the
 * year before's assessment and the change of score (empty without one,
 * or for a unit new since); headers and kinds in the interface language,
 * the kind's code beside it. */
void report_csv_scores(const overview *ov, strbuf *out);

/* The look of every HTML document qtown writes (A4 pages, Chinese fonts,
 * tables, notes kept as typed): report_html.c. */
extern const char report_html_style[];

/* ---- what the formats share (report.c) ---------------------------------- */

/* A human-readable format: one function per part of the report, called
 * in the report's order by report_compose, so every format says the same
 * things in the same order. */
typedef struct report_ops {
    void (*begin)(const overview *ov, const char *made, strbuf *out); /* title, summary */
    void (*targets)(const overview *ov, strbuf *out);
    void (*items)(const overview *ov, strbuf *out);
    /* a ranked list of units; `none` is said when it is empty */
    void (*ranking)(const overview *ov, const char *title, const size_t *order, size_t n,
                    const char *none, strbuf *out);
    void (*failures)(const overview *ov, strbuf *out);
    void (*rectifications)(const overview *ov, strbuf *out); /* when ov->has_rects */
    void (*since)(const overview *ov, strbuf *out);          /* when ov->has_since */
    void (*matrix)(const overview *ov, strbuf *out);
    void (*grades)(const overview *ov, strbuf *out);
    void (*end)(strbuf *out, size_t start); /* start: where the report began in out */
    /* a titled section of plain lines (not yet escaped) */
    void (*lines)(const char *title, char *const *lines, size_t n, strbuf *out);
    /* the format: the ledger's section (expired and expiring evidence,
     * units not visited) is composed once and written in it (doc.h) */
    report_format format;
} report_ops;
void report_compose(const report_ops *ops, const overview *ov, const char *made, strbuf *out);

#define REPORT_MAX_SUMMARY 12

/* The last work meeting and what changed since (overview_add_meeting),
 * as plain lines (not yet escaped; caller frees each): when it was, the
 * checks that moved since, the town's score then and now, the targets
 * newly met and newly missed.  None when no meeting is on record. */
#define REPORT_MAX_MEETING 4
size_t report_meeting_lines(const overview *ov, char **lines);

/* The year's assessment (overview_add_assessments) as plain lines
 * (caller frees each): this year's, final or a draft, and how many units
 * changed after it; year on year from the year before's.  None when
 * neither is on record. */
#define REPORT_MAX_ASSESSMENT 2
size_t report_assessment_lines(const overview *ov, char **lines);

/* The report's title: the town, the year, the programme and the day it
 * speaks of ("嘉泽镇2016年质量强镇工作进展报告（截至2016年11月29日）");
 * caller frees. */
char *report_title(const overview *ov);
/* The document the programme comes from: "Under: TITLE (NUMBER, ISSUER,
 * DATE)", empty when the plan names none; caller frees. */
char *report_basis(const plan *p);

/* The summary's lines (plain text, not yet escaped; caller frees each). */
size_t report_summary(const overview *ov, const char *made, char **lines);
/* "A >= 90, B >= 80, C >= 60, D < 60" from the plan's grade table. */
void report_grade_table(const plan *p, strbuf *sb);
/* What the scores are: qtown's rules set in the plan's `scoring:` (the
 * parts' points, the credit per status), not the document's words; what
 * counts (docs/scoring.md). */
void report_score_note(const plan *p, strbuf *sb);
/* "Units that lag (grade D)" with the plan's lowest grade; caller frees. */
char *report_lagging_title(const plan *p);
/* A unit's display name: its name, or its id when it has failed to load. */
const char *report_unit_name(const overview *ov, size_t index);
/* Every unit's display name, inert, cut to `cols` columns so that no two
 * read the same (text_shorten_apart): for formats that cut names (the
 * terminal's).  Free with report_names_free. */
char **report_short_names(const overview *ov, int cols);
void report_names_free(const overview *ov, char **names);
/* The names of the units in a target's filter that do not meet it (misses
 * or no value), comma-separated; empty when none. */
void report_target_laggards(const overview *ov, const ind_result *r, strbuf *sb);
/* Year on year in the rankings (when the year before's assessment is
 * there, overview_add_assessments): a unit's score with its change,
 * "82.5 (+4.0)", "45.0 (new)" for a unit not in that assessment, the
 * score alone otherwise; its grade with the one before when it changed,
 * "B" arrow "A" (the arrow is the format's: "->" where a terminal shows
 * it, "→" in documents).  Nothing (the grade: "") when the unit is not
 * scored. */
void report_score_cell(const overview *ov, size_t index, strbuf *sb);
void report_grade_cell(const overview *ov, size_t index, const char *arrow, strbuf *sb);
/* Whether the unit's grade is not the one of the year before's. */
bool report_grade_changed(const overview *ov, size_t index);
/* "55.0/60": a unit's points in one section out of its share; "-" when
 * nothing of the section applies to it. */
void report_section_points(const ov_unit *ou, size_t section, strbuf *sb);

/* ---- rectifications: the town's (the report) or one unit's (a ledger) --- */

/* The section in a format (formats.def's rect_writer). */
void report_rectifications(report_format f, const rect_section *s, strbuf *out);
/* The text rows alone, with their header (qtown rectifications). */
void report_text_rect_rows(const rect_section *s, strbuf *out);
/* One unit's section (its every rectification) as of today: for the
 * unit's ledger. */
void report_unit_rectifications(report_format f, const workspace *ws, size_t index, int64_t today,
                                strbuf *out);

/* What a row says, taken once for every format (texts not yet escaped). */
typedef struct rect_row {
    const char *unit_name, *unit_id, *check_id, *check_title, *id, *state, *owner, *what, *note;
    char due[16];
    char days[64];   /* "3 days overdue", "12 days left", "due today"; "" when verified */
    char story[256]; /* "failed on 2016-07-14, ..., verified on 2016-08-26" (rect_story) */
} rect_row;
void report_rect_row(const workspace *ws, const rect_item *it, int64_t today, rect_row *row);
/* "3 open, 1 overdue; 2 verified this year, 50.0% on time"; caller frees. */
char *report_rect_counts(const rect_counts *c);
/* "Changed since 2016-08-01" and its counts; caller frees each. */
char *report_since_title(const since_list *l);
char *report_since_counts(const since_list *l);
/* The history entry behind a reference of ov->since, from its unit
 * (overview_unit); NULL when the file changed and holds it no more. */
const history_entry *report_since_entry(const overview *ov, const since_entry *e);
/* What an entry of a since list says ("todo -> failed", "r-3fa2c1: open
 * -> done (rectification)"), its unit and check. */
void report_since_what(const history_entry *h, strbuf *out);

#endif
