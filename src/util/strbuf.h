/* strbuf — a growable, always NUL-terminated byte buffer. */
#ifndef QTOWN_STRBUF_H
#define QTOWN_STRBUF_H

#include <stddef.h>

typedef struct strbuf {
    char *data; /* NUL-terminated; NULL until something is added */
    size_t len;
    size_t cap;
} strbuf;

#define STRBUF_INIT                                                                                \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

void sb_add(strbuf *sb, const char *bytes, size_t n);
void sb_puts(strbuf *sb, const char *s);
void sb_putc(strbuf *sb, char c);
void sb_printf(strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Pads with spaces (or cuts) so that `s` takes exactly `cols` columns. */
void sb_pad(strbuf *sb, const char *s, int cols);
const char *sb_str(const strbuf *sb); /* "" when empty */
char *sb_steal(strbuf *sb);           /* caller frees; buffer is reset */
void sb_reset(strbuf *sb);
void sb_free(strbuf *sb);

#endif
