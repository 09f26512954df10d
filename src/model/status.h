/* status — a check's status, and what each one means: everything comes
 * from the one table status.def, so that adding a status is a line there
 * (plus its message). */
#ifndef QTOWN_STATUS_H
#define QTOWN_STATUS_H

#include <stdbool.h>

typedef enum status {
#define STATUS(id, ...) STATUS_##id,
#include "model/status.def"
#undef STATUS
    STATUS_COUNT
} status;

const char *status_name(status s); /* "todo" ... as in files */
bool status_parse(const char *s, status *out);
const char *status_mark(status s); /* "[ ]" "[~]" "[x]" "[!]" "[-]" */
/* Whether a check of this status counts in progress, targets and scores
 * (n/a does not). */
bool status_applicable(status s);
/* Whether it counts as failed (the failures list, "!N"). */
bool status_failed(status s);
/* Its score credit when the plan does not say (applicable statuses). */
double status_default_credit(status s);
/* The status Space gives a check of status s. */
status status_next(status s);

#endif
