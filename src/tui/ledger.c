#include "tui/ledger.h"

#include "i18n/i18n.h"
#include "model/evidence_file.h"
#include "model/timestamp.h"
#include "model/visit.h"
#include "tui/change.h"
#include "tui/lineedit.h"
#include "util/proc.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- completing a path -------------------------------------------------- */

/* "~/x" is the home folder's x. */
static char *expand_home(const char *typed)
{
    const char *home = getenv("HOME");
    if (typed[0] == '~' && (typed[1] == '/' || !typed[1]) && home && *home)
        return xasprintf("%s%s", home, typed + 1);
    return xstrdup(typed);
}

void ledger_complete_path(const char *text, strbuf *completed, strbuf *choices)
{
    char *path = expand_home(text);
    char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, (size_t)(slash - path + 1)) : xstrdup("");
    const char *prefix = slash ? slash + 1 : path;
    DIR *d = opendir(*dir ? dir : ".");
    char *best = NULL;
    size_t matches = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 || strcmp(e->d_name, ".") == 0 ||
            strcmp(e->d_name, "..") == 0 || (e->d_name[0] == '.' && prefix[0] != '.'))
            continue;
        if (matches++ == 0)
            best = xstrdup(e->d_name);
        else
            best[text_common_prefix(best, e->d_name)] = '\0';
        if (matches <= 12)
            sb_printf(choices, "%s%s", matches > 1 ? "  " : "", e->d_name);
    }
    if (d)
        closedir(d);
    if (matches > 12)
        sb_printf(choices, "  ... (%zu)", matches);
    if (matches == 1) { /* one: it is the answer; not worth listing */
        sb_reset(choices);
        char *full = xasprintf("%s%s", dir, best);
        struct stat st;
        sb_printf(completed, "%s%s", full, stat(full, &st) == 0 && S_ISDIR(st.st_mode) ? "/" : "");
        free(full);
    } else if (matches > 1) {
        sb_printf(completed, "%s%s", dir, best);
    }
    free(best);
    free(dir);
    free(path);
}

/* ---- attaching ---------------------------------------------------------- */

typedef struct attach_job {
    size_t unit;
    const plan_check *check;
    char *file;  /* NULL: a record without a file */
    char *title; /* NULL: the file's name */
} attach_job;

static void job_free(void *ctx)
{
    attach_job *j = ctx;
    free(j->file);
    free(j->title);
    free(j);
}

static attach_job *job_take(void *ctx)
{
    attach_job *j = xmalloc(sizeof *j);
    *j = *(attach_job *)ctx;
    ((attach_job *)ctx)->file = ((attach_job *)ctx)->title = NULL;
    return j;
}

static unsigned say_first(app *a, diag_list *dl, msg_id fmt)
{
    char *why = app_diag_first(dl);
    app_message(a, ROLE_ERROR, tr(fmt), why);
    free(why);
    return H_HANDLED | H_REDRAW;
}

static unsigned attach_now(app *a, attach_job *j, const char *valid_until)
{
    if (!change_prepare(a, j->unit))
        return H_HANDLED | H_REDRAW;
    ws_unit *wu = &a->ws->units[j->unit];
    evidence_new en = {
        .check = j->check, .file = j->file, .title = j->title, .valid_until = valid_until};
    evidence_done done;
    diag_list dl = DIAG_LIST_INIT;
    bool ok = evidence_attach(a->ws, wu, &en, a->who.name, &done, &dl);
    roster_update(&a->roster, a->ws, j->unit); /* a failed save may still have read the file */
    app_unit_changed(a, j->unit);
    if (!ok)
        return say_first(a, &dl, M_TUI_NOT_SAVED);
    change_touched(a, j->unit, j->check);
    app_message(a, ROLE_OK, tr(M_TUI_ATTACHED), done.id, j->check->id, done.path ? done.path : "-");
    evidence_done_free(&done);
    return H_HANDLED | H_REDRAW;
}

static unsigned until_typed(app *a, const char *text, void *ctx)
{
    attach_job *j = ctx;
    int64_t day;
    while (*text == ' ')
        text++;
    if (!*text)
        return attach_now(a, j, NULL);
    if (!date_parse_input(text, a->today, &day)) {
        app_message(a, ROLE_ERROR, tr(M_TUI_NOT_A_DATE), text);
        return H_HANDLED | H_REDRAW;
    }
    char until[DATE_SIZE];
    date_format(day, until);
    return attach_now(a, j, until);
}

static unsigned title_typed(app *a, const char *text, void *ctx)
{
    attach_job *j = ctx;
    if (!*text && !j->file) {
        app_message(a, ROLE_ERROR, "%s", tr(M_TUI_NEEDS_TITLE));
        return H_HANDLED | H_REDRAW;
    }
    j->title = *text ? xstrdup(text) : NULL;
    lineedit_open(a, tr(M_TUI_VALID_UNTIL), "", false, DATE_SIZE + 8, until_typed, job_take(j),
                  job_free);
    return H_HANDLED | H_REDRAW;
}

static unsigned file_typed(app *a, const char *text, void *ctx)
{
    attach_job *j = ctx;
    if (*text) {
        j->file = expand_home(text);
        diag_list dl = DIAG_LIST_INIT;
        if (!evidence_source_ok(j->file, &dl))
            return say_first(a, &dl, M_TUI_NOT_ATTACHED);
    }
    const char *slash = j->file ? strrchr(j->file, '/') : NULL;
    const char *name = j->file ? (slash ? slash + 1 : j->file) : "";
    char *initial = text_inert(name, 0); /* one line; a name is rarely odd */
    lineedit_open(a, tr(M_TUI_EVIDENCE_TITLE), initial, false, RECORD_MAX_LINE, title_typed,
                  job_take(j), job_free);
    free(initial);
    return H_HANDLED | H_REDRAW;
}

unsigned ledger_attach(app *a, size_t ui, const plan_check *c)
{
    attach_job *j = xcalloc(1, sizeof *j);
    j->unit = ui;
    j->check = c;
    lineedit_open(a, tr(M_TUI_ATTACH_FILE), "", false, 4096, file_typed, j, job_free);
    lineedit_set_complete(a, ledger_complete_path);
    return H_HANDLED | H_REDRAW;
}

/* ---- opening ------------------------------------------------------------ */

static size_t files_of(const unit *u, const plan_check *c, const unit_record **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; u && i < u->n_records; i++) {
        const unit_record *r = &u->records[i];
        if (r->kind == &record_kind_evidence && r->check == c && record_text(r, "file") && n < max)
            out[n++] = r;
    }
    return n;
}

static unsigned open_record(app *a, const unit_record *r)
{
    diag_list dl = DIAG_LIST_INIT;
    char *path = evidence_viewable_path(a->ws, r, &dl);
    if (!path)
        return say_first(a, &dl, M_TUI_NOT_OPENED);
    const char *viewer = getenv("QTOWN_OPEN");
    const char *argv[] = {viewer && *viewer ? viewer : "xdg-open", path, NULL};
    bool ok = proc_launch(argv, &dl);
    if (ok)
        app_message(a, ROLE_OK, tr(M_TUI_OPENED), record_text(r, "file"));
    free(path);
    return ok ? H_HANDLED | H_REDRAW : say_first(a, &dl, M_TUI_NOT_OPENED);
}

typedef struct open_job {
    size_t unit;
    const plan_check *check;
} open_job;

#define MAX_FILES 99

static unsigned number_typed(app *a, const char *text, void *ctx)
{
    const open_job *o = ctx;
    const unit_record *files[MAX_FILES];
    size_t n = files_of(a->ws->units[o->unit].u, o->check, files, MAX_FILES);
    char *end;
    long k = strtol(text, &end, 10);
    if (!*text || *end || k < 1 || (size_t)k > n) {
        app_message(a, ROLE_ERROR, tr(M_TUI_NO_SUCH_FILE), text);
        return H_HANDLED | H_REDRAW;
    }
    return open_record(a, files[k - 1]);
}

unsigned ledger_open(app *a, size_t ui, const plan_check *c)
{
    const unit_record *files[MAX_FILES];
    size_t n = files_of(a->ws->units[ui].u, c, files, MAX_FILES);
    if (n == 0) {
        app_message(a, ROLE_NORMAL, "%s", tr(M_TUI_NO_FILE));
        return H_HANDLED | H_REDRAW;
    }
    if (n == 1)
        return open_record(a, files[0]);
    open_job *o = xmalloc(sizeof *o);
    *o = (open_job){ui, c};
    char *label = xasprintf(tr(M_TUI_WHICH_FILE), n);
    lineedit_open(a, label, "", false, 8, number_typed, o, free);
    free(label);
    return H_HANDLED | H_REDRAW;
}

/* ---- the visit ---------------------------------------------------------- */

typedef struct visit_job {
    size_t unit;
    const plan_check *checks[LEDGER_VISIT_MAX_CHECKS];
    size_t n;
} visit_job;

static unsigned note_typed(app *a, const char *text, void *ctx)
{
    const visit_job *v = ctx;
    diag_list dl = DIAG_LIST_INIT;
    if (!change_prepare(a, v->unit))
        return H_HANDLED | H_REDRAW;
    char date[DATE_SIZE];
    date_format(a->today, date);
    const char *signer = a->who.name;
    visit_new vn = {.date = date,
                    .people = &signer,
                    .n_people = 1,
                    .checks = v->checks,
                    .n_checks = v->n,
                    .note = text};
    char *id = NULL;
    bool ok = visit_record(a->ws, &a->ws->units[v->unit], &vn, a->today, signer, &id, &dl);
    roster_update(&a->roster, a->ws, v->unit);
    app_unit_changed(a, v->unit);
    if (!ok)
        return say_first(a, &dl, M_TUI_NOT_SAVED);
    app_message(a, ROLE_OK, tr(M_TUI_VISIT_RECORDED), id, roster_name(a->ws, v->unit));
    free(id);
    return H_HANDLED | H_REDRAW;
}

unsigned ledger_offer_visit(app *a, size_t ui, const plan_check *const *checks, size_t n)
{
    if (n == 0 || !a->ws->units[ui].u)
        return H_HANDLED | H_REDRAW;
    visit_job *v = xcalloc(1, sizeof *v);
    v->unit = ui;
    v->n = n < LEDGER_VISIT_MAX_CHECKS ? n : LEDGER_VISIT_MAX_CHECKS;
    memcpy(v->checks, checks, v->n * sizeof *checks);
    char *label = xasprintf(tr(M_TUI_VISIT_PROMPT), roster_name(a->ws, ui));
    lineedit_open(a, label, "", false, UNIT_MAX_NOTE, note_typed, v, free);
    strbuf ids = STRBUF_INIT;
    for (size_t i = 0; i < v->n; i++)
        sb_printf(&ids, "%s%s", i ? " " : "", v->checks[i]->id);
    a->prompt->hint = xasprintf(tr(M_TUI_VISIT_HINT), sb_str(&ids));
    sb_free(&ids);
    free(label);
    return H_HANDLED | H_REDRAW;
}
