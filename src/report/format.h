/* format — how values, targets and progress read, the same on the
 * command line, the screens and the reports. */
#ifndef QTOWN_FORMAT_H
#define QTOWN_FORMAT_H

#include "i18n/i18n.h"
#include "model/plan.h"
#include "model/unit.h"
#include "report/indicators.h"
#include "util/strbuf.h"

/* "≥ 98 %" is written ">= 98%" (ASCII: ambiguous-width symbols drift on
 * CJK terminals); "1-2 items"; "<= 5". Nothing when the range is unset. */
void fmt_range(strbuf *sb, const range *r, const value_unit *u, lang l);
/* A number as qtown writes it (2, 98.5). */
void fmt_number(strbuf *sb, double v);
/* "2 / >= 1 items" for a numeric check's state (value, "-" if none). */
void fmt_value_target(strbuf *sb, const check_state *cs, const plan_check *c, lang l);
/* "12/30" and a percentage, 0 when nothing applies. */
int progress_percent(const unit_progress *pr);

/* A computed figure (a sum): at most 6 decimals, so 0.1 + 0.2 reads 0.3. */
void fmt_figure(strbuf *sb, double v);
/* A percentage cut (not rounded) to one decimal: a rate shown as 98 is at
 * least 98, so the figure never seems to meet a target it misses. */
void fmt_percent(strbuf *sb, double v);
/* A score: one decimal always (72.5, 90.0). */
void fmt_score(strbuf *sb, double points);

/* A date in the reader's language: "29 November 2016", "2016年11月29日". */
void fmt_date(strbuf *sb, int64_t days, lang l);
/* A timestamp of the files (2016-11-29T22:59:01+08:00) as a reader
 * writes it: its date (fmt_date) and its time of day as written there
 * ("29 November 2016, 22:59"); a date alone reads as fmt_date.  A text
 * that is no timestamp is appended as it is (callers make it inert). */
void fmt_when(strbuf *sb, const char *timestamp, lang l);

/* ASCII progress bar of `width` columns: '#' done, '=' doing, '.' the
 * rest (monochrome-safe, no ambiguous-width symbols). */
void fmt_bar(strbuf *sb, const unit_progress *pr, int width);

/* A town target's figure: "75% (3/4)", "2 products", "68 people",
 * "96.8%"; "-" when there is none. */
void fmt_target_actual(strbuf *sb, const ind_result *r, lang l);
/* Its goal: ">= 85%", "1-2 products", "> 95.2%" (a compare: the value
 * compared against, "> ?" when it is missing). */
void fmt_target_goal(strbuf *sb, const ind_result *r, lang l);
/* "[x] met", "[!] not met", "[?] not known" in the interface language. */
const char *fmt_verdict(ind_verdict v);
/* The columns the widest of the three takes (for aligning them). */
int fmt_verdict_width(void);
/* Why a target is not known ("no units in the filter"...); "" if known. */
const char *fmt_unknown_why(ind_unknown why);
/* The outcome of one unit behind a target ("meets", "n/a", ...). */
const char *fmt_outcome(ind_outcome o);
/* ">", ">=", "=", "!=", "<=", "<" */
const char *fmt_op(cond_op op);

#endif
