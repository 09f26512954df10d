/* harness — what every cmocka unit test includes. */
#ifndef QTOWN_TEST_HARNESS_H
#define QTOWN_TEST_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "util/diag.h"

#include <stdio.h>
#include <string.h>

/* Asserts that one of the diagnostics contains `needle` and sits at
 * line:col (0 = any). */
static inline void assert_diag(const diag_list *dl, const char *needle, int line, int col)
{
    for (size_t i = 0; i < dl->count; i++) {
        const diag *d = &dl->items[i];
        if (strstr(d->msg, needle) && (!line || d->line == line) && (!col || d->col == col))
            return;
    }
    for (size_t i = 0; i < dl->count; i++)
        fprintf(stderr, "  diag %d:%d %s\n", dl->items[i].line, dl->items[i].col, dl->items[i].msg);
    fail_msg("no diagnostic with '%s' at %d:%d", needle, line, col);
}

#endif
