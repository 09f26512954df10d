#include "tui/editor.h"

#include "i18n/i18n.h"
#include "model/unit.h"
#include "util/fsutil.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *editor_command(void)
{
    const char *vars[] = {"VISUAL", "EDITOR"};
    for (size_t i = 0; i < 2; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return v;
    }
    return "vi";
}

static char *temp_file(const char *text, diag_list *dl)
{
    const char *tmp = getenv("TMPDIR");
    char *path = xasprintf("%s/qtown-note-XXXXXX.txt", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemps(path, 4);
    if (fd < 0) {
        diag_errno(dl, path, errno, M_FS_CANNOT_TEMP);
        free(path);
        return NULL;
    }
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, text);
    if (sb.len && sb.data[sb.len - 1] != '\n')
        sb_putc(&sb, '\n');
    size_t off = 0;
    bool ok = true;
    while (ok && off < sb.len) {
        ssize_t w = write(fd, sb.data + off, sb.len - off);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        off += ok ? (size_t)w : 0;
    }
    if (close(fd) != 0 || !ok) {
        diag_errno(dl, path, errno, M_TUI_EDITOR_CANNOT_WRITE);
        unlink(path);
        free(path);
        path = NULL;
    }
    sb_free(&sb);
    return path;
}

/* Runs the editor on path with the terminal handed over; returns the
 * wait status, or -1. */
static int run_editor(const char *path)
{
    char *cmd = xasprintf("%s \"$1\"", editor_command());
    struct sigaction ignore = {.sa_handler = SIG_IGN}, old_int, old_quit;
    sigemptyset(&ignore.sa_mask);
    def_prog_mode();
    endwin();
    /* Ctrl-C in the editor is the editor's, not a reason for qtown to die */
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);
    int wstatus = -1;
    pid_t pid = fork();
    if (pid == 0) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
        _exit(127);
    }
    if (pid > 0)
        while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
            ;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    reset_prog_mode();
    free(cmd);
    return pid > 0 ? wstatus : -1;
}

static char *read_back(const char *path, size_t max_bytes, diag_list *dl)
{
    char *buf;
    size_t len;
    fs_result fr = fs_read_file(path, max_bytes + 64, &buf, &len, NULL, dl);
    if (fr == FS_MISSING) /* the editor removed it (or renamed it away) */
        diag_add(dl, NULL, 0, 0, "%s", tr(M_TUI_EDITOR_REMOVED));
    if (fr != FS_OK)
        return NULL;
    size_t bad;
    if (!utf8_valid(buf, len, &bad) || memchr(buf, '\0', len)) {
        diag_add(dl, NULL, 0, 0, "%s", tr(M_TUI_EDITOR_NOT_TEXT));
        free(buf);
        return NULL;
    }
    len = unit_note_len(buf); /* the file's last line end is not the note's */
    buf[len] = '\0';
    if (len > max_bytes) {
        diag_add(dl, NULL, 0, 0, TR(M_TUI_NOTE_TOO_LONG), max_bytes);
        free(buf);
        return NULL;
    }
    return buf;
}

char *editor_edit(const char *text, size_t max_bytes, diag_list *dl)
{
    char *path = temp_file(text ? text : "", dl);
    if (!path)
        return NULL;
    int wstatus = run_editor(path);
    char *result = NULL;
    if (wstatus == -1)
        diag_errno(dl, NULL, errno, M_TUI_EDITOR_CANNOT_START);
    else if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
        diag_add(dl, NULL, 0, 0, TR(M_TUI_EDITOR_FAILED), editor_command(),
                 WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
    else
        result = read_back(path, max_bytes, dl);
    unlink(path);
    free(path);
    return result;
}
