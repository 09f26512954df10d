/* summary — the words for what a sync sent and received: one line per
 * change ("xinzhu 新竹村: O5.iso doing -> done, value 1 -> 2 (钱志锋)"),
 * in the interface's language for people, in English for commit messages
 * (a repository is shared by people who read either). */
#ifndef QTOWN_SUMMARY_H
#define QTOWN_SUMMARY_H

#include "sync/sync.h"
#include "util/strbuf.h"

/* Appends one line per change, each indented by two spaces; after
 * max_lines, one line saying how many more there are. */
void summary_lines(const sync_changes *sc, lang l, size_t max_lines, strbuf *out);

/* A commit message for local changes: a subject line ("qtown: 3 changes in
 * 2 units by 钱志锋, 李四"), a blank line, then the lines. */
void summary_commit_message(const sync_changes *sc, strbuf *out, size_t max_lines);

/* "3 changes in 2 units" in language l. */
void summary_count(const sync_changes *sc, lang l, strbuf *out);

/* How far a sync is, for a progress line: "receiving 3,214 of 10,000
 * units" in language l. */
void summary_progress(const sync_progress *p, lang l, strbuf *out);

#endif
