#include "tui/draw.h"

#include "i18n/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static attr_t roles[ROLE_COUNT];
static attr_t statuses[STATUS_COUNT];

/* colour pairs: the roles', then one per status (PAIR_STATUS + s) */
enum { PAIR_TITLE = 1, PAIR_OK, PAIR_MATCH, PAIR_STATUS };

static const struct {
    attr_t mono, colour_attr;
    short colour;
} status_looks[STATUS_COUNT] = {
#define STATUS(id, name, mark, message, applicable, failed, credit, cycle, k, en, zh, mono,        \
               colour, colour_attr)                                                                \
    [STATUS_##id] = {mono, colour_attr, colour},
#include "model/status.def"
#undef STATUS
};

static short status_pair(status s)
{
    return (short)(PAIR_STATUS + s);
}

void draw_init(void)
{
    const char *no_color = getenv("NO_COLOR");
    bool use_color = !(no_color && *no_color) && has_colors() && start_color() == OK;
    if (use_color) {
        use_default_colors();
        init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
        init_pair(PAIR_OK, COLOR_GREEN, -1);
        init_pair(PAIR_MATCH, COLOR_BLACK, COLOR_YELLOW);
        for (int s = 0; s < STATUS_COUNT; s++)
            init_pair(status_pair((status)s), status_looks[s].colour, -1);
    }
    /* Monochrome first; colour only adds to it, so both read the same. */
    roles[ROLE_NORMAL] = A_NORMAL;
    roles[ROLE_TITLE] = A_REVERSE;
    roles[ROLE_GROUP] = A_BOLD;
    roles[ROLE_CURSOR] = A_REVERSE;
    roles[ROLE_SELECT] = A_UNDERLINE;
    roles[ROLE_DIM] = A_DIM;
    roles[ROLE_ERROR] = A_BOLD;
    roles[ROLE_OK] = A_NORMAL;
    roles[ROLE_MATCH] = A_UNDERLINE | A_BOLD;
    for (int s = 0; s < STATUS_COUNT; s++)
        statuses[s] = status_looks[s].mono;
    if (use_color) {
        roles[ROLE_TITLE] = COLOR_PAIR(PAIR_TITLE) | A_BOLD;
        roles[ROLE_ERROR] |= COLOR_PAIR(status_pair(STATUS_FAILED));
        roles[ROLE_OK] |= COLOR_PAIR(PAIR_OK);
        roles[ROLE_MATCH] = COLOR_PAIR(PAIR_MATCH);
        for (int s = 0; s < STATUS_COUNT; s++)
            if (status_looks[s].colour >= 0)
                statuses[s] = status_looks[s].colour_attr | COLOR_PAIR(status_pair((status)s));
    }
}

attr_t draw_attr(draw_role r)
{
    return r < ROLE_COUNT ? roles[r] : A_NORMAL;
}

attr_t draw_status_attr(status s)
{
    return s < STATUS_COUNT ? statuses[s] : A_NORMAL;
}

void draw_hline(int y, int x, int width, char c, attr_t attr)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS)
        return;
    if (width > COLS - x)
        width = COLS - x;
    if (width > 0)
        mvhline(y, x, (chtype)(unsigned char)c | (chtype)attr, width);
}

void draw_vline(int y, int x, int height, char c, attr_t attr)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS)
        return;
    if (height > LINES - y)
        height = LINES - y;
    if (height > 0)
        mvvline(y, x, (chtype)(unsigned char)c | (chtype)attr, height);
}

void draw_blank(int y, int x, int width, attr_t attr)
{
    draw_hline(y, x, width, ' ', attr);
}

int draw_text(int y, int x, int width, const char *s, attr_t attr, unsigned flags)
{
    if (y < 0 || y >= LINES || x < 0 || x >= COLS || width <= 0)
        return 0;
    if (width > COLS - x)
        width = COLS - x;
    char *safe = text_inert(s ? s : "", 0);
    int used = 0;
    attrset(attr);
    if (text_width(safe) > width && width >= 3) {
        size_t n = text_fit(safe, width - 3, &used);
        mvaddnstr(y, x, safe, (int)n);
        mvaddstr(y, x + used, "...");
        used += 3;
    } else {
        size_t n = text_fit(safe, width, &used);
        if (n)
            mvaddnstr(y, x, safe, (int)n);
    }
    free(safe);
    attrset(A_NORMAL);
    if ((flags & DRAW_PAD) && used < width)
        draw_blank(y, x + used, width - used, attr);
    return used;
}

int draw_fmt(int y, int x, int width, attr_t attr, unsigned flags, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    int used = draw_text(y, x, width, s, attr, flags);
    free(s);
    return used;
}

void text_lines_add(text_lines *out, const char *s)
{
    out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
    out->v[out->n++] = xstrdup(s);
}

void text_lines_free(text_lines *tl)
{
    for (size_t i = 0; i < tl->n; i++)
        free(tl->v[i]);
    free(tl->v);
    memset(tl, 0, sizeof *tl);
}

/* Where to break a line that is too long: after the last space of the
 * part that fits, when that keeps at least half the line; else where it
 * stops fitting (Chinese has no spaces and breaks anywhere). */
static size_t break_at(const char *s, size_t fit)
{
    for (size_t i = fit; i > fit / 2; i--)
        if (s[i - 1] == ' ')
            return i;
    return fit;
}

static void wrap_line(text_lines *out, const char *s, size_t len, int width)
{
    char *line = xstrndup(s, len);
    const char *p = line;
    if (!*p)
        text_lines_add(out, "");
    while (*p) {
        size_t fit = text_fit(p, width, NULL);
        if (fit == 0) { /* a character wider than the line: it goes alone */
            uint32_t cp;
            size_t n = utf8_decode(p, strlen(p), &cp);
            fit = n ? n : 1;
        }
        size_t cut = p[fit] ? break_at(p, fit) : fit;
        char *piece = xstrndup(p, cut);
        text_lines_add(out, piece);
        free(piece);
        p += cut;
        while (*p == ' ')
            p++;
    }
    free(line);
}

void wrap_text(text_lines *out, const char *s, int width)
{
    if (width < 1)
        width = 1;
    char *safe = text_inert(s ? s : "", TEXT_KEEP_NEWLINE);
    const char *p = safe;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        wrap_line(out, p, len, width);
        if (!nl || !nl[1])
            break;
        p = nl + 1;
    }
    free(safe);
}

bool draw_too_small(void)
{
    return COLS < DRAW_MIN_COLS || LINES < DRAW_MIN_ROWS;
}

void draw_too_small_screen(void)
{
    char need[64];
    snprintf(need, sizeof need, "%dx%d", DRAW_MIN_COLS, DRAW_MIN_ROWS);
    text_lines tl = {0};
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, tr(M_TUI_TOO_SMALL), need);
    wrap_text(&tl, sb_str(&sb), COLS);
    for (size_t i = 0; i < tl.n && (int)i < LINES; i++)
        draw_text((int)i, 0, COLS, tl.v[i], A_BOLD, 0);
    text_lines_free(&tl);
    sb_free(&sb);
}

/* ---- the top line ------------------------------------------------------ */

enum { TITLE_GAP = 3 };

static void title_put(title_bar *t, int rank, const char *text, const char *brief, bool right)
{
    if (t->n == TITLE_MAX_PARTS || !text || !*text)
        return;
    t->parts[t->n] = (text_part){.text = xstrdup(text),
                                 .brief = brief ? xstrdup(brief) : NULL,
                                 .rank = rank,
                                 .keep = rank >= TITLE_NAME};
    t->right[t->n++] = right;
}

void title_add(title_bar *t, int rank, const char *text, const char *brief)
{
    title_put(t, rank, text, brief, false);
}

void title_add_right(title_bar *t, int rank, const char *text, const char *brief)
{
    title_put(t, rank, text, brief, true);
}

void title_draw(title_bar *t, int y, int width, attr_t attr)
{
    int used = text_fit_parts(t->parts, t->n, TITLE_GAP, width);
    draw_blank(y, 0, width, attr);
    int x = 0;
    for (size_t i = 0; i < t->n; i++) {
        text_part *p = &t->parts[i];
        if (!p->shown)
            continue;
        if (t->right[i] && x > 0)
            x += width - used; /* the slack goes before the right-hand parts */
        if (x > 0)
            x += TITLE_GAP;
        draw_text(y, x, p->cols, p->shown, attr, 0);
        x += p->cols;
        if (t->right[i])
            used = width; /* only once */
    }
    for (size_t i = 0; i < t->n; i++) {
        free((char *)t->parts[i].text);
        free((char *)t->parts[i].brief);
    }
    t->n = 0;
}
