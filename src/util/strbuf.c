#include "util/strbuf.h"

#include "util/text.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(strbuf *sb, size_t extra)
{
    sb->data = xgrow(sb->data, &sb->cap, sb->len + extra + 1, 1);
}

void sb_add(strbuf *sb, const char *bytes, size_t n)
{
    reserve(sb, n);
    if (n) /* bytes may be NULL then (an empty buffer's data), memcpy's may not */
        memcpy(sb->data + sb->len, bytes, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void sb_puts(strbuf *sb, const char *s)
{
    sb_add(sb, s, strlen(s));
}

void sb_putc(strbuf *sb, char c)
{
    sb_add(sb, &c, 1);
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    reserve(sb, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb->len += (size_t)n;
}

void sb_pad(strbuf *sb, const char *s, int cols)
{
    int used = 0;
    size_t n = text_fit(s, cols, &used);
    sb_add(sb, s, n);
    static const char spaces[] = "                                ";
    while (used < cols) { /* the spaces a few dozen at a time, not one by one */
        int k = cols - used < (int)sizeof spaces - 1 ? cols - used : (int)sizeof spaces - 1;
        sb_add(sb, spaces, (size_t)k);
        used += k;
    }
}

const char *sb_str(const strbuf *sb)
{
    return sb->data ? sb->data : "";
}

char *sb_steal(strbuf *sb)
{
    char *p = sb->data ? sb->data : xstrdup("");
    sb->data = NULL;
    sb->len = sb->cap = 0;
    return p;
}

void sb_reset(strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

void sb_free(strbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}
