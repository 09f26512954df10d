/* timestamp — the date-and-time form qtown files use. */
#ifndef QTOWN_TIMESTAMP_H
#define QTOWN_TIMESTAMP_H

#include <stdbool.h>

/* YYYY-MM-DD, optionally followed by THH:MM[:SS[.frac]] and Z or +HH:MM. */
bool timestamp_valid(const char *s);

#endif
