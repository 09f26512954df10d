#include "util/diag.h"

#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_vadd(diag_list *dl, const char *file, int line, int col, const char *fmt, va_list ap)
{
    if (!dl)
        return;
    dl->items = xgrow(dl->items, &dl->cap, dl->count + 1, sizeof *dl->items);
    diag *d = &dl->items[dl->count++];
    d->file = xstrdup(file);
    d->line = line;
    d->col = col;
    d->msg = xvasprintf(fmt, ap);
}

void diag_add(diag_list *dl, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(dl, file, line, col, fmt, ap);
    va_end(ap);
}

void diag_errno(diag_list *dl, const char *file, int err, msg_id what)
{
    diag_add(dl, file, 0, 0, TR(M_ERRNO), tr(what), strerror(err));
}

void diag_move(diag_list *to, diag_list *from)
{
    for (size_t i = 0; i < from->count; i++) {
        to->items = xgrow(to->items, &to->cap, to->count + 1, sizeof *to->items);
        to->items[to->count++] = from->items[i];
    }
    free(from->items);
    from->items = NULL;
    from->count = from->cap = 0;
}

char *diag_format(const diag *d)
{
    strbuf sb = STRBUF_INIT;
    if (d->file) {
        sb_puts(&sb, d->file);
        if (d->line > 0) {
            sb_printf(&sb, ":%d", d->line);
            if (d->col > 0)
                sb_printf(&sb, ":%d", d->col);
        }
        sb_puts(&sb, ": ");
    } else {
        sb_puts(&sb, "qtown: ");
    }
    sb_puts(&sb, d->msg);
    char *raw = sb_steal(&sb);
    char *safe = text_inert(raw, 0);
    free(raw);
    return safe;
}

void diag_print(const diag_list *dl, FILE *out)
{
    for (size_t i = 0; i < dl->count; i++) {
        char *s = diag_format(&dl->items[i]);
        fprintf(out, "%s\n", s);
        free(s);
    }
}

void diag_clear(diag_list *dl)
{
    for (size_t i = 0; i < dl->count; i++) {
        free(dl->items[i].file);
        free(dl->items[i].msg);
    }
    free(dl->items);
    dl->items = NULL;
    dl->count = dl->cap = 0;
}
