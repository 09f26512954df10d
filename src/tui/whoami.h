/* whoami — who signs the changes made on the screens: the screen that
 * switches it (the key w: a name from qtown.yaml's inspectors or a typed
 * one, remembered in the user's own config, model/identity.h), and the
 * notice at start when the name comes only from the shared qtown.yaml. */
#ifndef QTOWN_TUI_WHOAMI_H
#define QTOWN_TUI_WHOAMI_H

#include "tui/app.h"

screen *whoami_screen_new(app *a);
/* At start: when the signer's name is qtown.yaml's inspector (the same
 * for everyone who shares the workspace), a message says so and which key
 * switches it.  A message, not a question: nothing waits for it. */
void whoami_notice(app *a);

#endif
