/* evidence_file — the files behind evidence records: attaching a file
 * (copied into the workspace, so that git versions and syncs it with the
 * unit files), checking that every referenced file is there unchanged,
 * and finding files nothing refers to.
 *
 * Where a file goes: evidence/UNIT/STEM-HASH8.EXT, where STEM is the
 * name the user's file had (made safe: no control characters, no slash,
 * no leading dot, blanks as '_', at most EVIDENCE_MAX_STEM bytes) and
 * HASH8 the first 8 digits of its sha256.  Two laptops attaching
 * different files of the same name make two names (git merges both); the
 * same content attached twice makes one file.  Nothing is ever replaced:
 * a name that is taken by other content gets -2, -3...
 *
 * What may be attached (docs/workspace-format.md "Evidence files"): a
 * regular file of at most EVIDENCE_MAX_BYTES, read as a file the user
 * names (fs_read_file): a symlink is followed, what it points to copied
 * (the workspace gets a regular file, never a link); a folder, a FIFO, a
 * device or a socket is refused, and opening one never blocks.
 *
 * Writing: through the workspace's fs_tree (every folder on the way
 * reached from the workspace's descriptor, never through a link) as a
 * new file that replaces nothing (fs_tree_write_new). */
#ifndef QTOWN_EVIDENCE_FILE_H
#define QTOWN_EVIDENCE_FILE_H

#include "model/store.h"
#include "util/sha256.h"

#define EVIDENCE_DIR       "evidence"
#define EVIDENCE_MAX_BYTES (20 * 1024 * 1024)
#define EVIDENCE_MAX_STEM  80

/* The name a file gets in evidence/UNIT/ from the user's file name and
 * its sha256; `n` > 1 makes the n-th alternative.  Caller frees. */
char *evidence_file_name(const char *src_path, const char *sha256, int n);

/* A new evidence record on a check. */
typedef struct evidence_new {
    const plan_check *check;
    const char *file;   /* the user's file to copy; NULL: a record without one */
    const char *title;  /* NULL: the file's name */
    const char *number; /* optional */
    const char *issuer;
    const char *valid_from; /* YYYY-MM-DD, optional */
    const char *valid_until;
    const char *note;
} evidence_new;

/* What attaching did. */
typedef struct evidence_done {
    char *id;    /* the new record's id */
    char *path;  /* the copy, relative to the workspace (NULL: no file) */
    bool reused; /* the same content was already there under that name */
} evidence_done;
void evidence_done_free(evidence_done *d);

/* Whether the user's file can be attached (a regular file within the
 * limit, opened as evidence_attach opens it): for a screen that asks
 * more before it attaches.  False with a message. */
bool evidence_source_ok(const char *path, diag_list *dl);

/* Checks a new record before anything is copied: a check the unit
 * carries, one-line texts, real dates in order.  False with a message. */
bool evidence_new_valid(const ws_unit *wu, const evidence_new *en, diag_list *dl);
/* Copies the file (if any) into evidence/UNIT/ and adds the record under
 * the unit's lock.  The same content already attached to this check is
 * refused (naming the record).  Reads no other unit.  On failure nothing
 * is left behind (a copy made for it is removed). */
bool evidence_attach(workspace *ws, ws_unit *wu, const evidence_new *en, const char *by,
                     evidence_done *done, diag_list *dl);

/* How a referenced file is now. */
typedef enum evidence_file_state {
    EF_OK,          /* there, a regular file, its sha256 as recorded */
    EF_MISSING,     /* not there */
    EF_CHANGED,     /* its content is not what was attached */
    EF_NOT_REGULAR, /* a symlink, a folder, a FIFO...: never followed */
    EF_UNREADABLE,  /* cannot be read (permissions, too large, an error) */
} evidence_file_state;

/* Looks at the file of an evidence record (which must have one),
 * reading it through the workspace's folders without following any
 * symlink. */
evidence_file_state evidence_file_check(const workspace *ws, const unit_record *r);

/* `qtown check`: every evidence record's file of the loaded units is
 * there and unchanged, and every file under evidence/ is referenced by a
 * record; each problem in dl (FILE:LINE for a record).  Returns the
 * number of files looked at. */
size_t evidence_check_all(const workspace *ws, diag_list *dl);

/* The full path of a record's file, ready to hand to a viewer: only when
 * it is there unchanged (EF_OK) and of a kind a viewer shows (a document
 * or an image, by its extension).  NULL with a message otherwise. */
char *evidence_viewable_path(const workspace *ws, const unit_record *r, diag_list *dl);

#endif
