/* history — the audit trail in words: one description of a history entry
 * for every place that shows it (qtown show, qtown log, the screens'
 * detail pane), whatever kind of change the entry records. */
#ifndef QTOWN_HISTORY_H
#define QTOWN_HISTORY_H

#include "model/unit.h"
#include "util/strbuf.h"

#include <stdbool.h>
#include <stdint.h>

/* Appends what happened, without when, who and which check: "todo -> done
 * = 2", "sector: manufacturing -> services  (attribute)".  With
 * ui_words, statuses and events read in the interface language; without,
 * they are written as in the file (for scripts reading qtown log). */
void history_describe(const history_entry *h, bool ui_words, strbuf *out);
/* The day an entry was made, as its time is written (the local date of
 * its writer: what the log shows); false when `at` is no date. */
bool history_entry_day(const history_entry *h, int64_t *day);

/* history_describe as the file says it, then the note the entry keeps (a
 * replaced note, a note that lost a merge) on the same line: line ends
 * and control characters escaped, for one-line listings (show, log). */
void history_describe_line(const history_entry *h, strbuf *out);

/* The day an entry was made, as its time writes it (the date part of
 * `at`, in days since 1970); false when it has none. */
bool history_entry_day(const history_entry *h, int64_t *day);

#endif
