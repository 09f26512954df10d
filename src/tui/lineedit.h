/* lineedit — typing a line of text at the bottom of the screen: a note
 * in place (`e`), a value, a search.
 *
 * Characters arrive whole from get_wch (so Chinese typed through an
 * input method works) and are kept as code points; the text wraps inside
 * the prompt and the cursor is placed by display columns.  Enter accepts,
 * Esc cancels; a note may hold several lines (Ctrl-J starts one).  The
 * editing keys come from the key table (scope S_EDIT).
 *
 * Leaving a note (a multi-line prompt) whose text was changed asks first
 * (ask.h): y throws the text away, n or Esc goes back to it, and typing
 * on simply goes on.  A value or a search is cancelled at once. */
#ifndef QTOWN_TUI_LINEEDIT_H
#define QTOWN_TUI_LINEEDIT_H

#include "tui/app.h"

#include <stdint.h>

/* Called with the text typed (UTF-8) when the user accepts; ctx is the
 * opener's, freed with free_ctx afterwards (accepted or not). */
typedef unsigned (*lineedit_accept)(app *a, const char *text, void *ctx);

/* Completes the text typed (Tab): `completed` receives the new text (or
 * nothing when there is no completion), `choices` what is worth showing
 * (the candidates when there are several). */
typedef void (*lineedit_complete)(const char *text, strbuf *completed, strbuf *choices);

typedef struct lineedit {
    char *label;
    char *initial;    /* the text it opened with */
    char *cancel_msg; /* what the status line says when it is left, or NULL */
    uint32_t *cp;
    size_t len, cap, cur;
    size_t bytes; /* the text's length in UTF-8, kept as it is edited */
    size_t top;   /* first visual row shown */
    bool multiline;
    size_t max_bytes;
    lineedit_accept accept;
    void *ctx;
    void (*free_ctx)(void *ctx);
    lineedit_complete complete; /* NULL: Tab does nothing */
    char *hint;                 /* shown on a row above the text, or NULL */
} lineedit;

void lineedit_open(app *a, const char *label, const char *initial, bool multiline, size_t max_bytes,
                   lineedit_accept accept, void *ctx, void (*free_ctx)(void *));
/* What the status line says when the open prompt is left without saving
 * (default: "Cancelled"). */
void lineedit_on_cancel(app *a, const char *msg);
/* Gives the open prompt a completion for Tab. */
void lineedit_set_complete(app *a, lineedit_complete fn);
/* Handles a keystroke while the prompt is open. */
unsigned lineedit_key(app *a, key k);
/* Rows the prompt takes at the bottom of the screen (1 to 6, and one
 * more for a hint). */
int lineedit_rows(const app *a);
/* Draws the prompt in rows [top, top + rows) and leaves the terminal's
 * cursor at the insertion point. */
void lineedit_draw(app *a, int top, int rows);
void lineedit_close(app *a);

#endif
