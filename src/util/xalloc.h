/* xalloc — allocation that never returns NULL.
 *
 * qtown treats running out of memory as fatal (as git and tig do): every
 * other error is returned to the caller with context, but there is no
 * sensible recovery from a failed malloc of a few bytes.  The process is
 * aborted with a message; files on disk are safe because every save is an
 * atomic rename. */
#ifndef QTOWN_XALLOC_H
#define QTOWN_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

/* Says "qtown: out of memory" (allocating nothing) and aborts. */
_Noreturn void xalloc_die(void);
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grows an array of `*cap` elements of `elem` bytes so that it holds at
 * least `need` elements. */
void *xgrow(void *ptr, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
