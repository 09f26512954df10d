/* overview — the overview screen for the leadership meeting (`o`): the
 * town at a glance, on a projector.  It presents report/overview.h as one
 * scrolling page in parts: every town target with its figure against its
 * target and [x] / [!] / [?], the 7 objectives and 8 measures with ASCII
 * progress bars across all units, the rankings of villages and of
 * enterprises with grades, the units that lag, the failed checks and the
 * units x items matrix.  Tab / [ jump between the parts.
 *
 * Enter drills down: a target or an objective opens the list of its units
 * (drill.h), a unit opens its checklist, a failed check opens its unit's
 * checklist on that check; Esc comes back.  The figures are recomputed
 * when a unit changes (a save here or a file changed on disk). */
#ifndef QTOWN_TUI_OVERVIEW_H
#define QTOWN_TUI_OVERVIEW_H

#include "report/overview.h"
#include "tui/app.h"

/* `o`: opens the overview; on the overview, goes back to where it was
 * opened from; from a screen opened from the overview, back to it. */
unsigned overview_toggle(app *a);

/* The figures of an overview screen, recomputed first when a unit has
 * changed since; *generation changes with every recomputation. */
const overview *overview_screen_data(app *a, screen *s, unsigned *generation);

#endif
