#include "tui/ask.h"

#include "i18n/i18n.h"
#include "util/xalloc.h"

#include <stdlib.h>

struct question {
    char *text;
    ask_yes yes;
    void *ctx;
    void (*free_ctx)(void *ctx);
};

void ask_open(app *a, const char *text, ask_yes yes, void *ctx, void (*free_ctx)(void *))
{
    ask_close(a);
    struct question *q = xcalloc(1, sizeof *q);
    q->text = xstrdup(text);
    q->yes = yes;
    q->ctx = ctx;
    q->free_ctx = free_ctx;
    a->ask = q;
}

void ask_close(app *a)
{
    struct question *q = a->ask;
    if (!q)
        return;
    a->ask = NULL;
    if (q->free_ctx)
        q->free_ctx(q->ctx);
    free(q->text);
    free(q);
}

unsigned ask_key(app *a, key k, bool *passed)
{
    struct question *q = a->ask;
    action act = keys_lookup(S_ASK, k);
    *passed = act == ACT_NONE;
    if (act != ASK_YES) {
        ask_close(a);
        return H_HANDLED | H_REDRAW;
    }
    a->ask = NULL; /* the answer may ask again */
    unsigned flags = q->yes(a, q->ctx);
    if (q->free_ctx)
        q->free_ctx(q->ctx);
    free(q->text);
    free(q);
    return flags | H_HANDLED | H_REDRAW;
}

void ask_draw(app *a, int y)
{
    strbuf yes = STRBUF_INIT, no = STRBUF_INIT;
    keys_first_name(&yes, ASK_YES);
    keys_first_name(&no, ASK_NO);
    draw_fmt(y, 0, COLS, draw_attr(ROLE_GROUP), DRAW_PAD, tr(M_TUI_ASK), a->ask->text, sb_str(&yes),
             sb_str(&no));
    sb_free(&yes);
    sb_free(&no);
}
