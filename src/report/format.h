/* format — how values, targets and progress read, the same on the
 * command line, the screens and the reports. */
#ifndef QTOWN_FORMAT_H
#define QTOWN_FORMAT_H

#include "i18n/i18n.h"
#include "model/plan.h"
#include "model/unit.h"
#include "util/strbuf.h"

/* "≥ 98 %" is written ">= 98%" (ASCII: ambiguous-width symbols drift on
 * CJK terminals); "1-2 items"; "<= 5". Nothing when the range is unset. */
void fmt_range(strbuf *sb, const range *r, const char *unit_text);
/* A number as qtown writes it (2, 98.5). */
void fmt_number(strbuf *sb, double v);
/* "2 / >= 1 items" for a numeric check's state (value, "-" if none). */
void fmt_value_target(strbuf *sb, const check_state *cs, const plan_check *c, lang l);
/* "12/30" and a percentage, 0 when nothing applies. */
int progress_percent(const unit_progress *pr);

#endif
