#include "model/names.h"

#include "model/scan.h"
#include "model/summary.h"
#include "util/arena.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One unit's name in the table (open addressing: a slot with no name is
 * free).  A name this qtown replaced stays as a gone slot, so that the
 * probes past it still find what follows. */
typedef struct name_slot {
    const char *name;
    const char *id;
    unit_kind kind;
    bool gone;
} name_slot;

struct name_index {
    workspace view;     /* its units' summaries hold the names */
    diag_list unlisted; /* why the unit files were not listed: nothing can be told */
    size_t files;
    ws_unit **broken; /* files that did not load */
    size_t n_broken;
    name_slot *slots;
    size_t cap, used; /* cap: a power of two, at least twice used */
    arena *mem;       /* the names and ids given since */
};

static void put_slot(name_slot *slots, size_t cap, name_slot s)
{
    size_t i = (size_t)text_hash(s.name) & (cap - 1);
    while (slots[i].name)
        i = (i + 1) & (cap - 1);
    slots[i] = s;
}

/* Room for `more` names besides those in the table. */
static void reserve(name_index *ix, size_t more)
{
    if (2 * (ix->used + more) <= ix->cap)
        return;
    size_t cap = ix->cap ? ix->cap : 64;
    while (cap < 2 * (ix->used + more))
        cap *= 2;
    name_slot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < ix->cap; i++)
        if (ix->slots[i].name)
            put_slot(slots, cap, ix->slots[i]);
    free(ix->slots);
    ix->slots = slots;
    ix->cap = cap;
}

static void add_name(name_index *ix, const char *name, unit_kind kind, const char *id)
{
    reserve(ix, 1);
    put_slot(ix->slots, ix->cap, (name_slot){name, id, kind, false});
    ix->used++;
}

/* Every unit of the view: its name in the table, or aside when its file
 * does not load (a file gone since it was listed has nothing to say). */
static void index_view(name_index *ix)
{
    reserve(ix, ix->view.n_units);
    for (size_t i = 0; i < ix->view.n_units; i++) {
        ws_unit *wu = &ix->view.units[i];
        if (wu->kind == KIND_TOWN)
            continue;
        ix->files++;
        if (wu->sum) {
            add_name(ix, wu->sum->name, wu->kind, wu->id);
        } else if (fs_tree_exists(&ix->view.tree, wu->path)) {
            ix->broken = xrealloc(ix->broken, (ix->n_broken + 1) * sizeof *ix->broken);
            ix->broken[ix->n_broken++] = wu;
        }
    }
}

name_index *names_read(const workspace *ws)
{
    name_index *ix = xcalloc(1, sizeof *ix);
    ix->mem = arena_new(4096);
    workspace_view_open(ws, &ix->view);
    if (workspace_list_units(&ix->view, &ix->unlisted) && !ix->unlisted.count) {
        diag_list ignored = DIAG_LIST_INIT; /* the files that do not load: kept aside */
        workspace_scan_names(&ix->view, NULL, &ignored);
        diag_clear(&ignored);
        index_view(ix);
    } else {
        diag_list ignored = DIAG_LIST_INIT;
        ix->files = workspace_count_unit_files(ws, &ignored);
        diag_clear(&ignored);
    }
    return ix;
}

void names_free(name_index *ix)
{
    if (!ix)
        return;
    workspace_view_close(&ix->view);
    diag_clear(&ix->unlisted);
    free(ix->broken);
    free(ix->slots);
    arena_free(ix->mem);
    free(ix);
}

size_t names_files(const name_index *ix)
{
    return ix->files;
}

/* A part of `name` that a unit file holds as it is, whatever the quoting
 * (a double-quoted name escapes '"' and '\\', a single-quoted one doubles
 * '\''): the longest run without them.  *len 0 when there is none. */
static const char *verbatim_part(const char *name, size_t *len)
{
    const char *best = name;
    *len = 0;
    for (const char *p = name; *p;) {
        size_t run = strcspn(p, "\"\\'");
        if (run > *len) {
            best = p;
            *len = run;
        }
        p += run;
        p += *p != '\0';
    }
    return best;
}

/* Does a file that did not load hold the name's bytes?  Then it is read
 * again: loading now, it tells its name; else its problems go to dl. */
static bool broken_tells(name_index *ix, ws_unit *wu, const char *name, bool *named, diag_list *dl)
{
    size_t part_len;
    const char *part = verbatim_part(name, &part_len);
    char *buf;
    size_t len;
    *named = false;
    if (fs_tree_read(&ix->view.tree, wu->path, UNIT_MAX_BYTES, &buf, &len, NULL, NULL) != FS_OK)
        return true; /* gone, or not a file qtown reads: it holds no name */
    bool candidate = !part_len || memmem(buf, len, part, part_len);
    free(buf);
    if (!candidate)
        return true;
    if (!workspace_read_summary(&ix->view, wu, ix->view.sums)) {
        workspace_unit_errors(wu, dl);
        return false;
    }
    *named = strcmp(wu->sum->name, name) == 0;
    return true;
}

static int cmp_holder(const void *a, const void *b)
{
    const name_holder *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind == KIND_VILLAGE ? -1 : 1;
    return strcmp(x->id, y->id);
}

static void add_holder(name_holder **found, size_t *n, size_t *cap, unit_kind kind, const char *id)
{
    *found = xgrow(*found, cap, *n + 1, sizeof **found);
    (*found)[(*n)++] = (name_holder){kind, id};
}

bool names_lookup(name_index *ix, const char *name, name_holder **found, size_t *n_found,
                  diag_list *dl)
{
    size_t cap = 0;
    *found = NULL;
    *n_found = 0;
    if (ix->unlisted.count) {
        for (size_t i = 0; i < ix->unlisted.count; i++) {
            const diag *d = &ix->unlisted.items[i];
            diag_add(dl, d->file, d->line, d->col, "%s", d->msg);
        }
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < ix->n_broken; i++) {
        bool named;
        ok = broken_tells(ix, ix->broken[i], name, &named, dl) && ok;
        if (named)
            add_holder(found, n_found, &cap, ix->broken[i]->kind, ix->broken[i]->id);
    }
    for (size_t i = ix->cap ? (size_t)text_hash(name) & (ix->cap - 1) : 0;
         ix->cap && ix->slots[i].name; i = (i + 1) & (ix->cap - 1)) {
        const name_slot *s = &ix->slots[i];
        if (!s->gone && strcmp(s->name, name) == 0)
            add_holder(found, n_found, &cap, s->kind, s->id);
    }
    if (*n_found > 1)
        qsort(*found, *n_found, sizeof **found, cmp_holder);
    return ok;
}

void names_set(name_index *ix, unit_kind kind, const char *id, const char *old, const char *name)
{
    for (size_t i = old && ix->cap ? (size_t)text_hash(old) & (ix->cap - 1) : 0;
         old && ix->cap && ix->slots[i].name; i = (i + 1) & (ix->cap - 1)) {
        name_slot *s = &ix->slots[i];
        if (s->kind == kind && strcmp(s->id, id) == 0 && strcmp(s->name, old) == 0)
            s->gone = true;
    }
    add_name(ix, arena_strdup(ix->mem, name), kind, arena_strdup(ix->mem, id));
    ix->files += !old;
}

name_index *workspace_names(workspace *ws)
{
    if (!ws->names)
        ws->names = names_read(ws);
    return ws->names;
}

void workspace_names_renew(workspace *ws)
{
    names_free(ws->names);
    ws->names = names_read(ws);
}
