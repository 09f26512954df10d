/* editor — editing a text in the user's editor, as `git commit` does.
 *
 * The text is copied to a private temporary file (mkstemp), the terminal
 * is handed over (def_prog_mode, endwin), `sh -c '$EDITOR "$1"' sh FILE`
 * runs with the path as an argument (never pasted into the command), and
 * the terminal is taken back (reset_prog_mode); the caller redraws every
 * cell.  The editor is $VISUAL, else $EDITOR, else vi. */
#ifndef QTOWN_TUI_EDITOR_H
#define QTOWN_TUI_EDITOR_H

#include "util/diag.h"

#include <stddef.h>

/* The edited text (caller frees), with the newlines editors add at the
 * end removed; NULL with a message when the editor failed or the result
 * is not text qtown can keep (not UTF-8, longer than max_bytes). */
char *editor_edit(const char *text, size_t max_bytes, diag_list *dl);

#endif
