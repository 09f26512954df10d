/* ask — a yes/no question on the bottom line that holds nothing up: the
 * keys of the ask scope answer it (y: yes; n, Esc: no), and any other key
 * puts it away and then does what it always does.  What qtown offers on
 * its own (marking a check done when its value meets the target, throwing
 * away a typed note) is asked this way. */
#ifndef QTOWN_TUI_ASK_H
#define QTOWN_TUI_ASK_H

#include "tui/app.h"

/* Called when the answer is yes; ctx is the asker's, freed with free_ctx
 * once the question is gone (answered or not). */
typedef unsigned (*ask_yes)(app *a, void *ctx);

/* Opens the question (replacing one that is open). */
void ask_open(app *a, const char *question, ask_yes yes, void *ctx, void (*free_ctx)(void *));
/* A key while a question is open: the handler's flags.  *passed is set
 * when the key is no answer: the question is gone and the key must be
 * dispatched as usual. */
unsigned ask_key(app *a, key k, bool *passed);
void ask_close(app *a);
/* The question and its keys on row y. */
void ask_draw(app *a, int y);

#endif
