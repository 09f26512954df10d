/* attrs — a unit's attributes in its checklist: the line at the top of
 * the tree, and editing them (the `a` key): the plan's attributes for the
 * unit's kind in a list, then a value from the plan's list (true/false
 * for a yes-or-no attribute) or typed (numbers, free text).  What the
 * attributes decide (which checks apply) follows at once: the change goes
 * through change_attribute and every screen is told. */
#ifndef QTOWN_TUI_ATTRS_H
#define QTOWN_TUI_ATTRS_H

#include "tui/app.h"

/* "[attribute missing: key, key]" when some that a check's filter needs
 * are missing, then "size: large  industrial: true ...". */
void attrs_line(const plan *p, const unit *u, strbuf *out);
/* Opens the list of attributes of unit `ui` to change one. */
unsigned attrs_edit(app *a, size_t ui);

#endif
