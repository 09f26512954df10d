#include "tui/lineedit.h"

#include "i18n/i18n.h"
#include "tui/ask.h"
#include "tui/motion.h"

#include "util/text.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 6

/* Where each position of the text (0 .. len, the cursor's possible
 * places) is drawn: visual row and column within the text area. */
typedef struct layout {
    size_t *row;
    int *col;
    size_t rows;
} layout;

static int text_columns(const app *a, const lineedit *le)
{
    (void)a;
    /* The text gets half the line, or less when it cannot be longer (a
     * y/n answer, a number): a question's label is then read whole
     * ("3 units: mark ... done? (y/n; 1 marked do not carry it)"). */
    int need = COLS / 2;
    if (!le->multiline && le->max_bytes < (size_t)need)
        need = (int)le->max_bytes + 1; /* a column per byte at most, and the cursor */
    int label = text_width(le->label);
    if (label > COLS - need)
        label = COLS - need;
    return COLS - label > 1 ? COLS - label : 1;
}

static void make_layout(const lineedit *le, int width, layout *lo)
{
    lo->row = xmalloc((le->len + 1) * sizeof *lo->row);
    lo->col = xmalloc((le->len + 1) * sizeof *lo->col);
    size_t r = 0;
    int c = 0;
    for (size_t i = 0; i < le->len; i++) {
        int w = le->cp[i] == '\n' ? 0 : cp_width(le->cp[i]);
        if (c + w > width && c > 0) {
            r++;
            c = 0;
        }
        lo->row[i] = r;
        lo->col[i] = c;
        if (le->cp[i] == '\n') {
            r++;
            c = 0;
        } else {
            c += w;
        }
    }
    if (c >= width) { /* the cursor after a full row starts the next */
        r++;
        c = 0;
    }
    lo->row[le->len] = r;
    lo->col[le->len] = c;
    lo->rows = r + 1;
}

static void free_layout(layout *lo)
{
    free(lo->row);
    free(lo->col);
}

static size_t cp_bytes(uint32_t c)
{
    char buf[4];
    return utf8_encode(c, buf);
}

static char *to_utf8(const uint32_t *cp, size_t n)
{
    strbuf sb = STRBUF_INIT;
    char buf[4];
    for (size_t i = 0; i < n; i++)
        sb_add(&sb, buf, utf8_encode(cp[i], buf));
    sb_putc(&sb, '\0');
    sb.len--;
    return sb_steal(&sb);
}

static void insert(lineedit *le, uint32_t c)
{
    size_t n = cp_bytes(c);
    if (le->bytes + n > le->max_bytes)
        return;
    le->cp = xgrow(le->cp, &le->cap, le->len + 1, sizeof *le->cp);
    memmove(&le->cp[le->cur + 1], &le->cp[le->cur], (le->len - le->cur) * sizeof *le->cp);
    le->cp[le->cur++] = c;
    le->len++;
    le->bytes += n;
}

static void delete_range(lineedit *le, size_t from, size_t to)
{
    if (from == to)
        return; /* Ctrl-U on an empty text: cp may still be NULL */
    for (size_t i = from; i < to; i++)
        le->bytes -= cp_bytes(le->cp[i]);
    memmove(&le->cp[from], &le->cp[to], (le->len - to) * sizeof *le->cp);
    le->len -= to - from;
    le->cur = from;
}

void lineedit_open(app *a, const char *label, const char *initial, bool multiline, size_t max_bytes,
                   lineedit_accept accept, void *ctx, void (*free_ctx)(void *))
{
    lineedit_close(a);
    lineedit *le = xcalloc(1, sizeof *le);
    le->label = xstrdup(label);
    le->initial = xstrdup(initial ? initial : "");
    le->multiline = multiline;
    le->max_bytes = max_bytes;
    le->accept = accept;
    le->ctx = ctx;
    le->free_ctx = free_ctx;
    size_t n = initial ? strlen(initial) : 0;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t len = utf8_decode(initial + i, n - i, &c);
        if (len == 0) {
            c = 0xFFFD;
            len = 1;
        }
        if (c != '\n' || multiline)
            insert(le, c);
        i += len;
    }
    le->cur = le->len;
    a->prompt = le;
    curs_set(1);
}

void lineedit_close(app *a)
{
    lineedit *le = a->prompt;
    if (!le)
        return;
    a->prompt = NULL;
    if (le->free_ctx)
        le->free_ctx(le->ctx);
    ask_close(a); /* a question about this text goes with it */
    free(le->cancel_msg);
    free(le->label);
    free(le->initial);
    free(le->hint);
    free(le->cp);
    free(le);
    curs_set(0);
}

/* The position in the row `row` nearest to column `col`. */
static size_t position_at(const lineedit *le, const layout *lo, size_t row, int col)
{
    size_t best = le->cur;
    for (size_t i = 0; i <= le->len; i++) {
        if (lo->row[i] != row)
            continue;
        best = i;
        if (lo->col[i] >= col)
            break;
    }
    return best;
}

static void move_vertically(lineedit *le, int width, int dir)
{
    layout lo;
    make_layout(le, width, &lo);
    size_t row = lo.row[le->cur];
    if ((dir < 0 && row > 0) || (dir > 0 && row + 1 < lo.rows))
        le->cur = position_at(le, &lo, dir < 0 ? row - 1 : row + 1, lo.col[le->cur]);
    free_layout(&lo);
}

static size_t line_start(const lineedit *le)
{
    size_t i = le->cur;
    while (i > 0 && le->cp[i - 1] != '\n')
        i--;
    return i;
}

static size_t line_end(const lineedit *le)
{
    size_t i = le->cur;
    while (i < le->len && le->cp[i] != '\n')
        i++;
    return i;
}

static unsigned accept(app *a)
{
    lineedit *le = a->prompt;
    char *text = to_utf8(le->cp, le->len);
    lineedit_accept fn = le->accept;
    void *ctx = le->ctx;
    void (*free_ctx)(void *) = le->free_ctx;
    le->free_ctx = NULL; /* ctx lives until the callback is done */
    lineedit_close(a);
    unsigned flags = fn(a, text, ctx);
    if (free_ctx)
        free_ctx(ctx);
    free(text);
    return flags | H_HANDLED | H_REDRAW;
}

void lineedit_on_cancel(app *a, const char *msg)
{
    lineedit *le = a->prompt;
    if (!le)
        return;
    free(le->cancel_msg);
    le->cancel_msg = msg ? xstrdup(msg) : NULL;
}

static unsigned discard(app *a, void *ctx)
{
    (void)ctx;
    lineedit *le = a->prompt;
    char *msg = le->cancel_msg ? xstrdup(le->cancel_msg) : xstrdup(tr(M_TUI_CANCELLED));
    lineedit_close(a);
    app_message(a, ROLE_NORMAL, "%s", msg);
    free(msg);
    return H_HANDLED | H_REDRAW;
}

/* Esc: a note with typed text asks before it is thrown away. */
static void cancel(app *a)
{
    lineedit *le = a->prompt;
    char *text = le->multiline ? to_utf8(le->cp, le->len) : NULL;
    bool changed = text && strcmp(text, le->initial) != 0;
    free(text);
    if (changed) {
        ask_open(a, tr(M_TUI_DISCARD_NOTE), discard, NULL, NULL);
        return;
    }
    discard(a, NULL);
}

void lineedit_set_complete(app *a, lineedit_complete fn)
{
    if (a->prompt)
        a->prompt->complete = fn;
}

/* Tab: the text replaced by its completion, the choices as a hint. */
static void complete(lineedit *le)
{
    if (!le->complete)
        return;
    char *text = to_utf8(le->cp, le->len);
    strbuf done = STRBUF_INIT, choices = STRBUF_INIT;
    le->complete(text, &done, &choices);
    if (done.len) {
        le->len = le->cur = le->bytes = 0;
        for (size_t i = 0; i < done.len;) {
            uint32_t c;
            size_t n = utf8_decode(done.data + i, done.len - i, &c);
            insert(le, n ? c : 0xFFFD);
            i += n ? n : 1;
        }
    }
    free(le->hint);
    le->hint = choices.len ? sb_steal(&choices) : NULL;
    sb_free(&done);
    sb_free(&choices);
    free(text);
}

static bool printable(key k)
{
    if (k & KEY_FUNCTION)
        return false;
    return k >= 0x20 && k != 0x7f && !(k >= 0x80 && k <= 0x9f) && k <= 0x10FFFF;
}

unsigned lineedit_key(app *a, key k)
{
    lineedit *le = a->prompt;
    switch (keys_lookup(S_EDIT, k)) {
    case E_ACCEPT:
        return accept(a);
    case E_CANCEL:
        cancel(a);
        break;
    case E_NEWLINE:
        if (!le->multiline)
            return accept(a);
        insert(le, '\n');
        break;
    case E_LEFT:
        if (le->cur > 0)
            le->cur--;
        break;
    case E_RIGHT:
        if (le->cur < le->len)
            le->cur++;
        break;
    case E_UP:
    case E_DOWN:
        move_vertically(le, text_columns(a, le), keys_lookup(S_EDIT, k) == E_UP ? -1 : 1);
        break;
    case E_HOME:
        le->cur = line_start(le);
        break;
    case E_END:
        le->cur = line_end(le);
        break;
    case E_BACKSPACE:
        if (le->cur > 0)
            delete_range(le, le->cur - 1, le->cur);
        break;
    case E_DELETE:
        if (le->cur < le->len)
            delete_range(le, le->cur, le->cur + 1);
        break;
    case E_KILL_START:
        delete_range(le, line_start(le), le->cur);
        break;
    case E_KILL_END:
        delete_range(le, le->cur, line_end(le));
        break;
    case E_COMPLETE:
        complete(le);
        break;
    default:
        if (printable(k))
            insert(le, (uint32_t)k);
        break;
    }
    return H_HANDLED | H_REDRAW;
}

int lineedit_rows(const app *a)
{
    const lineedit *le = a->prompt;
    if (!le)
        return 0;
    int hint = le->hint ? 1 : 0;
    if (!le->multiline)
        return 1 + hint;
    layout lo;
    make_layout(le, text_columns(a, le), &lo);
    int rows = lo.rows < MAX_ROWS ? (int)lo.rows : MAX_ROWS;
    free_layout(&lo);
    return rows + hint;
}

void lineedit_draw(app *a, int top, int rows)
{
    lineedit *le = a->prompt;
    if (le && le->hint && rows > 1) {
        draw_text(top, 0, COLS, le->hint, draw_attr(ROLE_DIM), DRAW_PAD);
        top++;
        rows--;
    }
    if (!le || rows < 1)
        return;
    int width = text_columns(a, le);
    int label_w = COLS - width;
    layout lo;
    make_layout(le, width, &lo);
    size_t crow = lo.row[le->cur];
    motion_follow(&le->top, crow, (size_t)rows);
    draw_text(top, 0, label_w, le->label, draw_attr(ROLE_GROUP), DRAW_PAD);
    for (int r = 1; r < rows; r++)
        draw_blank(top + r, 0, label_w, A_NORMAL);
    for (int r = 0; r < rows; r++) {
        size_t vr = le->top + (size_t)r;
        size_t from = 0;
        while (from < le->len && lo.row[from] < vr)
            from++;
        size_t to = from;
        while (to < le->len && lo.row[to] == vr && le->cp[to] != '\n')
            to++;
        char *s = to_utf8(le->cp + from, to - from);
        draw_text(top + r, label_w, width, s, A_NORMAL, DRAW_PAD);
        free(s);
    }
    move(top + (int)(crow - le->top), label_w + lo.col[le->cur]);
    free_layout(&lo);
}
