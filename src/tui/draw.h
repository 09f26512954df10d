/* draw — the only way the screens put text on the terminal.
 *
 * Every string is made inert (text_inert) here, so that no path can send
 * a control character from a file to the terminal, then cut by display
 * columns: a Chinese character is never split, nothing is written past
 * the edge of the screen, and text that does not fit ends in "...".
 * Colours are optional: with NO_COLOR or a monochrome terminal every
 * role still reads through bold, dim and reverse video. */
#ifndef QTOWN_TUI_DRAW_H
#define QTOWN_TUI_DRAW_H

#include "model/plan.h"
#include "util/text.h"

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum draw_role {
    ROLE_NORMAL,
    ROLE_TITLE,  /* the top line */
    ROLE_GROUP,  /* a heading inside a screen */
    ROLE_CURSOR, /* the selected line of the focused pane */
    ROLE_SELECT, /* the selected line of the other pane */
    ROLE_DIM,    /* secondary text */
    ROLE_ERROR,  /* a message that something failed */
    ROLE_OK,     /* a message that something was saved */
    ROLE_MATCH,  /* a search match */
    ROLE_COUNT
} draw_role;

/* Chooses colours or monochrome (NO_COLOR, or no colours on the
 * terminal); call after initscr. */
void draw_init(void);
attr_t draw_attr(draw_role r);
attr_t draw_status_attr(status s);

enum { DRAW_PAD = 1 };
/* Draws s at (y, x) in at most `width` columns; with DRAW_PAD the rest of
 * the width is filled with spaces.  Returns the columns used. */
int draw_text(int y, int x, int width, const char *s, attr_t attr, unsigned flags);
/* Like draw_text, for a printf-formatted interface string. */
int draw_fmt(int y, int x, int width, attr_t attr, unsigned flags, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void draw_blank(int y, int x, int width, attr_t attr);
/* A line of the ASCII character c: `width` columns from (y, x), or
 * `height` rows down from it; cut at the screen's edge. */
void draw_hline(int y, int x, int width, char c, attr_t attr);
void draw_vline(int y, int x, int height, char c, attr_t attr);

/* The top line, made of parts by how much they matter: what a screen
 * is for (the town's score and grade, the targets met, a unit's
 * progress: TITLE_FIGURE, never left out), what it shows (a name:
 * TITLE_NAME, shortened, then cut), and badges (sync state, read-only,
 * who signs: TITLE_BADGE, shortened first, then left out; a screen's
 * settings, TITLE_DETAIL, go before them).  Fitted by
 * text_fit_parts to the terminal's width, so that a projector's 80
 * columns still show the figures. */
enum { TITLE_DETAIL = 0, TITLE_BADGE = 1, TITLE_NAME = 2, TITLE_FIGURE = 3, TITLE_MAX_PARTS = 10 };
typedef struct title_bar {
    text_part parts[TITLE_MAX_PARTS];
    bool right[TITLE_MAX_PARTS]; /* drawn against the right edge */
    size_t n;
} title_bar;
/* Adds a part (text and brief copied; brief may be NULL).  A badge may
 * be left out; names and figures are kept. */
void title_add(title_bar *t, int rank, const char *text, const char *brief);
/* The same, drawn against the right edge when there is room. */
void title_add_right(title_bar *t, int rank, const char *text, const char *brief);
/* Fits the parts to `width` columns, draws them on row y and frees them. */
void title_draw(title_bar *t, int y, int width, attr_t attr);

/* Text cut into lines of at most `width` columns: '\n' starts a line, a
 * long line wraps (at a space when there is one, else between any two
 * characters).  The lines are inert. */
typedef struct text_lines {
    char **v;
    size_t n, cap;
} text_lines;
void wrap_text(text_lines *out, const char *s, int width);
void text_lines_add(text_lines *out, const char *s);
void text_lines_free(text_lines *tl);

/* The screen below the usable minimum (40x12). */
#define DRAW_MIN_COLS 40
#define DRAW_MIN_ROWS 12
bool draw_too_small(void);
void draw_too_small_screen(void);

#endif
