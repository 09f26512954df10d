/* diag — the one error-report path.
 *
 * Library functions never print and never exit: they append problems to a
 * diag_list, each with the file and the 1-based line and column it is
 * about (0 when unknown), and return false.  The command line prints them
 * as `FILE:LINE:COLUMN: message`; the screens show them in the status line
 * or a unit's error view.  Messages are made inert when printed. */
#ifndef QTOWN_DIAG_H
#define QTOWN_DIAG_H

#include "i18n/messages.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct diag {
    char *file; /* may be NULL: a problem not about a file */
    int line;   /* 1-based; 0 = unknown */
    int col;    /* 1-based, in characters; 0 = unknown */
    char *msg;
} diag;

typedef struct diag_list {
    diag *items;
    size_t count;
    size_t cap;
} diag_list;

#define DIAG_LIST_INIT                                                                             \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void diag_add(diag_list *dl, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_vadd(diag_list *dl, const char *file, int line, int col, const char *fmt, va_list ap);
/* Adds a problem from errno-style failure: "FILE: what: strerror(err)". */
void diag_errno(diag_list *dl, const char *file, int err, msg_id what);
void diag_move(diag_list *to, diag_list *from);
/* "FILE:LINE:COLUMN: message" (parts that are unknown are left out;
 * "qtown: message" when not about a file), made inert. Caller frees. */
char *diag_format(const diag *d);
void diag_print(const diag_list *dl, FILE *out);
void diag_clear(diag_list *dl);

#endif
