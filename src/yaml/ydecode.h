/* ydecode — typed access to a ydoc tree for the schema readers (plan,
 * workspace settings, units).  Every accessor reports a wrong type at the
 * node's position and returns false/NULL; decoding continues so that one
 * run lists every problem of a file.  `what` names the value in the
 * problem's message ("an indicator", "the kind"): a message of
 * messages.def, so that the whole sentence is in the user's language. */
#ifndef QTOWN_YDECODE_H
#define QTOWN_YDECODE_H

#include "util/arena.h"
#include "util/diag.h"
#include "yaml/ydoc.h"

#include <stdbool.h>

typedef struct ydec {
    const char *path;
    arena *mem; /* where decoded strings are copied */
    diag_list *dl;
    int errors;
} ydec;

void yd_error(ydec *d, const ynode *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Reports every key of `map` that is not in the NULL-terminated list. */
bool yd_known_keys(ydec *d, const ynode *map, const char *const *allowed, msg_id what);
bool yd_is_map(ydec *d, const ynode *n, msg_id what);
bool yd_is_seq(ydec *d, const ynode *n, msg_id what);
/* Required or optional members of a map; `missing` reports an absent one. */
const ynode *yd_require(ydec *d, const ynode *map, const char *key, msg_id what);

/* A scalar copied into d->mem; NULL and an error when n is not a scalar
 * or holds a NUL byte. */
const char *yd_text(ydec *d, const ynode *n, msg_id what);
/* yd_text of one line (no line break) of at most `max` bytes. */
const char *yd_line(ydec *d, const ynode *n, msg_id what, size_t max);
/* A plain decimal number (no quotes, no hex, no inf/nan). */
bool yd_number(ydec *d, const ynode *n, msg_id what, double *out);
bool yd_integer(ydec *d, const ynode *n, msg_id what, long long min, long long max, long long *out);
/* true/false (and YAML 1.1's yes/no/on/off), unquoted. */
bool yd_bool(ydec *d, const ynode *n, msg_id what, bool *out);

/* Parses a decimal number the way the readers accept it. */
bool yd_parse_number(const char *s, double *out);
bool yd_parse_bool(const char *s, bool *out);

#endif
