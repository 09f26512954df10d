#include "tui/term.h"

#include "i18n/i18n.h"
#include "util/fsutil.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static SCREEN *scr;
static FILE *null_out, *null_in;
static char *script; /* headless: the keys */
static size_t script_pos;
static unsigned long frames;

/* QTOWN_TEST_STATS: work per kind of event */
typedef struct work_stats {
    unsigned long n;
    int64_t cpu_ns, wall_ns;
} work_stats;
static work_stats key_stats, poll_stats;
static int64_t begin_cpu, begin_wall;

bool term_headless(void)
{
    return script != NULL;
}

static bool load_script(const char *path, diag_list *dl)
{
    size_t len;
    if (fs_read_file(path, 16 * 1024 * 1024, &script, &len, NULL, dl) != FS_OK) {
        if (!dl->count)
            diag_add(dl, path, 0, 0, "%s", tr(M_FS_NO_SUCH_FILE));
        return false;
    }
    return true;
}

bool term_start(diag_list *dl)
{
    const char *keys = getenv("QTOWN_TEST_KEYS");
    FILE *out = stdout, *in = stdin;
    const char *term = NULL;
    if (keys && *keys) {
        if (!load_script(keys, dl))
            return false;
        null_out = fopen("/dev/null", "w");
        null_in = fopen("/dev/null", "r");
        out = null_out;
        in = null_in;
        const char *t = getenv("TERM");
        term = t && *t && strcmp(t, "dumb") != 0 ? t : "xterm";
    } else if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        diag_add(dl, NULL, 0, 0, "%s", tr(M_TUI_NOT_A_TTY));
        return false;
    }
    scr = out && in ? newterm(term, out, in) : NULL;
    if (!scr) {
        const char *name = term ? term : getenv("TERM");
        diag_add(dl, NULL, 0, 0, TR(M_TUI_BAD_TERM), name ? name : "");
        term_stop();
        return false;
    }
    set_term(scr);
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    return true;
}

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void term_work_begin(void)
{
    begin_cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
    begin_wall = clock_ns(CLOCK_MONOTONIC);
}

void term_work_end(term_event ev)
{
    work_stats *w = ev == TERM_KEY ? &key_stats : ev == TERM_POLL ? &poll_stats : NULL;
    if (!w)
        return;
    w->n++;
    w->cpu_ns += clock_ns(CLOCK_PROCESS_CPUTIME_ID) - begin_cpu;
    w->wall_ns += clock_ns(CLOCK_MONOTONIC) - begin_wall;
}

static void write_stats(void)
{
    const char *path = getenv("QTOWN_TEST_STATS");
    FILE *f = path && *path ? fopen(path, "w") : NULL;
    if (!f)
        return;
    fprintf(f, "keys %lu cpu_ns %lld wall_ns %lld\n", key_stats.n, (long long)key_stats.cpu_ns,
            (long long)key_stats.wall_ns);
    fprintf(f, "polls %lu cpu_ns %lld wall_ns %lld\n", poll_stats.n, (long long)poll_stats.cpu_ns,
            (long long)poll_stats.wall_ns);
    fclose(f);
}

void term_stop(void)
{
    write_stats();
    if (scr) {
        endwin();
        delscreen(scr);
        scr = NULL;
    }
    if (null_out)
        fclose(null_out);
    if (null_in)
        fclose(null_in);
    null_out = null_in = NULL;
    free(script);
    script = NULL;
    script_pos = 0;
}

/* ---- headless --------------------------------------------------------- */

static const struct {
    const char *name;
    key k;
} named_keys[] = {
    {"Up", FK(KEY_UP)},
    {"Down", FK(KEY_DOWN)},
    {"Left", FK(KEY_LEFT)},
    {"Right", FK(KEY_RIGHT)},
    {"Enter", '\r'},
    {"Esc", 27},
    {"Tab", '\t'},
    {"Space", ' '},
    {"BS", 127},
    {"Del", FK(KEY_DC)},
    {"Home", FK(KEY_HOME)},
    {"End", FK(KEY_END)},
    {"PgUp", FK(KEY_PPAGE)},
    {"PgDn", FK(KEY_NPAGE)},
    {"F1", FK(KEY_F(1))},
    {"lt", '<'},
    {"C-j", '\n'},
};

static void dump_screen(void)
{
    const char *path = getenv("QTOWN_TEST_SCREEN");
    FILE *f = path && *path ? fopen(path, "a") : NULL;
    if (!f)
        return;
    wchar_t *row = xmalloc(((size_t)COLS + 1) * sizeof *row);
    for (int y = 0; y < LINES; y++) {
        int n = mvwinnwstr(stdscr, y, 0, row, COLS);
        strbuf sb = STRBUF_INIT;
        for (int i = 0; i < n && row[i]; i++) {
            char buf[4];
            sb_add(&sb, buf, utf8_encode((uint32_t)row[i], buf));
        }
        while (sb.len && sb.data[sb.len - 1] == ' ')
            sb.data[--sb.len] = '\0';
        fprintf(f, "%s\n", sb_str(&sb));
        sb_free(&sb);
    }
    fputs("<<<end of screen>>>\n", f);
    free(row);
    fclose(f);
}

/* <touch PATH>: makes the file; <wait PATH>: waits until it exists. */
static void script_sync(const char *token)
{
    if (token[0] == 't') {
        FILE *f = fopen(token + 6, "w");
        if (f)
            fclose(f);
        return;
    }
    struct timespec step = {0, 5 * 1000 * 1000};
    for (int i = 0; i < 2000 && access(token + 5, F_OK) != 0; i++)
        nanosleep(&step, NULL);
}

/* A <...> token at the script's position; false when it is not one. */
static term_event script_token(key *k, bool *taken)
{
    const char *p = script + script_pos + 1;
    const char *end = strchr(p, '>');
    *taken = false;
    if (!end)
        return TERM_KEY;
    size_t len = (size_t)(end - p);
    char name[1024]; /* a token may name a file */
    if (len >= sizeof name)
        return TERM_KEY;
    memcpy(name, p, len);
    name[len] = '\0';
    *taken = true;
    script_pos += len + 2;
    int cols, rows;
    if (sscanf(name, "resize %dx%d", &cols, &rows) == 2) {
        resizeterm(rows, cols);
        return TERM_RESIZE;
    }
    if (strcmp(name, "dump") == 0) {
        dump_screen();
        return TERM_TIMEOUT;
    }
    if (strcmp(name, "poll") == 0)
        return TERM_POLL;
    if (strncmp(name, "touch ", 6) == 0 || strncmp(name, "wait ", 5) == 0) {
        script_sync(name);
        return TERM_TIMEOUT;
    }
    if (strncmp(name, "C-", 2) == 0 && len == 3) {
        *k = CTRL(name[2]);
        return TERM_KEY;
    }
    for (size_t i = 0; i < sizeof named_keys / sizeof *named_keys; i++)
        if (strcmp(named_keys[i].name, name) == 0) {
            *k = named_keys[i].k;
            return TERM_KEY;
        }
    *taken = false;
    script_pos -= len + 2;
    return TERM_KEY;
}

static term_event script_read(key *k)
{
    for (;;) {
        char c = script[script_pos];
        if (c == '\0')
            return TERM_END;
        if (c == '\n') {
            script_pos++;
            continue;
        }
        if (c == '<') {
            bool taken;
            term_event ev = script_token(k, &taken);
            if (taken)
                return ev;
        }
        uint32_t cp;
        size_t len = utf8_decode(script + script_pos, strlen(script + script_pos), &cp);
        script_pos += len ? len : 1;
        *k = len ? (key)cp : '?';
        return TERM_KEY;
    }
}

/* ---- reading keys ----------------------------------------------------- */

term_event term_read(key *k, int timeout_ms)
{
    if (script)
        return script_read(k);
    wint_t wc;
    timeout(timeout_ms);
    int r = get_wch(&wc);
    if (r == ERR)
        return TERM_TIMEOUT;
    if (r == KEY_CODE_YES) {
        if (wc == KEY_RESIZE)
            return TERM_RESIZE;
        *k = FK((key)wc);
        return TERM_KEY;
    }
    *k = (key)wc;
    return TERM_KEY;
}

static bool input_waiting(void)
{
    if (script)
        return script[script_pos] != '\0';
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    return poll(&p, 1, 0) > 0;
}

void term_frame_done(void)
{
    frames++;
    const char *path = getenv("QTOWN_TEST_IDLE_FILE");
    if (!path || !*path || input_waiting())
        return;
    /* written aside and renamed, so a reader never sees half a number */
    char *tmp = xasprintf("%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (f) {
        fprintf(f, "%lu\n", frames);
        if (fclose(f) == 0)
            rename(tmp, path);
    }
    free(tmp);
}

/* A resize while qtown was stopped was told to the shell, not to qtown:
 * the size is read again. */
static void take_size(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0 &&
        (ws.ws_row != LINES || ws.ws_col != COLS))
        resizeterm(ws.ws_row, ws.ws_col);
}

bool term_suspend(void)
{
    struct sigaction now;
    if (script || sigaction(SIGTSTP, NULL, &now) != 0 || now.sa_handler == SIG_IGN)
        return false;
    def_prog_mode();
    endwin();
    /* the default action stops the process group (qtown and any child),
     * as the terminal's own Ctrl-Z would outside raw mode; a handler that
     * curses may have set is put back afterwards */
    struct sigaction stop = {.sa_handler = SIG_DFL}, old;
    sigemptyset(&stop.sa_mask);
    sigaction(SIGTSTP, &stop, &old);
    kill(0, SIGTSTP);
    sigaction(SIGTSTP, &old, NULL);
    reset_prog_mode();
    take_size();
    return true;
}
