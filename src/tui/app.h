/* app — what the screens share, and the interface every screen offers.
 *
 * A screen is a `struct screen` whose `ops` says how to draw it and how it
 * answers the actions of the key table (tig's view_ops).  Screens sit on
 * a stack: the unit list at the bottom, a unit's checklist above it, the
 * help above either.  Handlers never draw: they change state and return
 * flags (htop's Action.c); the main loop (tui.c) redraws when asked.
 *
 * To add a screen: write screen_ops for it in its own file (a list keeps
 * a list_view, motion.h), bind a key that opens it in keys.def, and push
 * it from app_action in tui.c, as overview.c does (docs/architecture.md). */
#ifndef QTOWN_TUI_APP_H
#define QTOWN_TUI_APP_H

#include "model/identity.h"
#include "model/workspace.h"
#include "tui/draw.h"
#include "tui/keys.h"
#include "tui/roster.h"
#include "util/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a handler asks of the main loop. */
enum {
    H_HANDLED = 1, /* the action meant something here */
    H_REDRAW = 2,  /* the screen must be drawn again */
    H_QUIT = 4,    /* leave qtown */
    H_FULL = 8,    /* repaint every cell (after $EDITOR, Ctrl-L) */
};

typedef struct app app;
typedef struct screen screen;

typedef struct screen_ops {
    unsigned scopes; /* key table scopes it listens to (besides S_GLOBAL) */
    /* The top line: what this screen shows, in parts by how much they
     * matter (draw.h: title_add), so that it fits any width. */
    void (*title)(app *a, screen *s, title_bar *t);
    /* Draws the rows [top, top + rows) of the terminal. */
    void (*draw)(app *a, screen *s, int top, int rows);
    unsigned (*act)(app *a, screen *s, action act);
    /* Search (optional): the rows a search walks, in order, the row the
     * cursor is on, whether a row matches, and moving the cursor there. */
    size_t (*rows)(app *a, screen *s);
    size_t (*current)(app *a, screen *s);
    bool (*match)(app *a, screen *s, size_t row, const char *pattern);
    void (*select)(app *a, screen *s, size_t row);
    /* The unit at this index of ws->units was reloaded or changed. */
    void (*unit_changed)(app *a, screen *s, size_t unit);
    /* Units were added to or removed from the workspace. */
    void (*units_changed)(app *a, screen *s);
    void (*close)(app *a, screen *s);
} screen_ops;

struct screen {
    const screen_ops *ops;
};

#define APP_MAX_DEPTH 8

struct lineedit;
struct question;

struct app {
    workspace *ws;
    roster roster;
    screen *stack[APP_MAX_DEPTH];
    int depth;
    struct lineedit *prompt; /* text being typed, or NULL */
    struct question *ask;    /* a yes/no question (ask.h), or NULL */
    char *search;            /* the active search, or NULL */
    char *msg;               /* the status line, or NULL for the hint */
    draw_role msg_role;
    identity who;  /* who signs the changes (shown in the header; the key w switches) */
    int64_t today; /* date_today() when the screens started: overdue, days left */
    bool dirty;    /* a unit changed outside a handler: redraw */
    /* Whether the workspace can be written (app_writable): asked again
     * only after a save or a change seen on disk, not for every frame. */
    bool writable, writable_known;
    struct undo_log *undo;
    struct watch *watch;
    struct gitsync *gitsync; /* the sync state (gitsync.h) */
};

screen *app_top(app *a);
/* screen_ops.close of a screen that owns nothing but its own struct. */
void app_screen_free(app *a, screen *s);
/* A screen opened by a global key (the overview, the rectification
 * list): opens one made by `make`; on it, goes back to where it was
 * opened from; from a screen opened from it, back to it. */
unsigned app_toggle_screen(app *a, const screen_ops *ops, screen *(*make)(app *a));
void app_push(app *a, screen *s);
void app_pop(app *a);
/* The status line: a message, formatted; made inert when drawn. */
void app_message(app *a, draw_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void app_clear_message(app *a);
/* A problem as the screens say it: FILE:LINE:COLUMN: message, or only
 * the message when it is not about a file (the command line's "qtown: "
 * prefix means nothing on a screen); inert.  Caller frees. */
char *app_diag_text(const diag *d);
/* The first problem of a list ("?" when empty); clears the list. */
char *app_diag_first(diag_list *dl);
/* The top line's first parts for a screen of the whole workspace:
 * "qtown  TOWN YEAR  SCREEN (sample data)" (briefly "TOWN SCREEN"), then
 * the read-only badge. */
void app_title_place(app *a, const char *screen_name, title_bar *t);
/* Tells every screen that a unit changed (after a save or a reload). */
void app_unit_changed(app *a, size_t ui);
void app_units_changed(app *a);
/* Can the workspace be written (workspace_writable)?  Remembered until
 * a unit is saved, fails to save or changes on disk. */
bool app_writable(app *a);
/* The one way a unit is read again from its file: reloads it, updates
 * its roster entry (progress, whether its file is gone) and tells every
 * screen, so that none keeps pointers into the unit it replaced (and the
 * lists, when the file vanished or came back). */
void app_reload_unit(app *a, size_t ui);
/* Reloads the unit (app_reload_unit) only if its file changed on disk
 * since it was read or written; true when it did. */
bool app_refresh_unit(app *a, size_t ui);
/* The whole unit at ui (notes, records, history), read from its file the
 * first time it is needed: the lists and the overview know only the
 * units' summaries (model/summary.h).  A checklist and a change ask for
 * it; NULL when the file does not load. */
unit *app_unit(app *a, size_t ui);

#endif
