/* text — UTF-8 text: validation, display width, cutting, and making
 * untrusted text inert before it reaches a terminal or a report.
 *
 * Width is always measured in terminal columns (wcwidth): a Chinese
 * character takes two.  These are the only width helpers in qtown. */
#ifndef QTOWN_TEXT_H
#define QTOWN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Makes wcwidth() know Unicode even when the user's locale is "C":
 * selects a UTF-8 LC_CTYPE (the user's, else C.UTF-8), and nothing else:
 * numbers (LC_NUMERIC), times and messages stay those of the "C" locale.
 * Returns false when no UTF-8 locale could be selected. */
bool text_init_locale(void);
/* True when the user's own locale (before text_init_locale) was UTF-8. */
bool text_user_locale_is_utf8(void);

/* Decodes one code point at s (n bytes available).  Returns its length in
 * bytes, or 0 when the bytes there are not valid UTF-8. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
size_t utf8_encode(uint32_t cp, char out[4]);
/* True when all n bytes are valid UTF-8 (no overlongs, no surrogates);
 * otherwise *bad is the offset of the first bad byte. */
bool utf8_valid(const char *s, size_t n, size_t *bad);

/* A hash of a NUL-terminated text for a table in memory (FNV-1a): the
 * same on every machine, not a defence against forgery. */
uint64_t text_hash(const char *s);
/* 1-based line and column (in code points) of byte offset `off`. */
void text_position(const char *s, size_t off, int *line, int *col);

/* Columns one code point takes; control and other non-printing
 * characters count as their escaped form would. */
int cp_width(uint32_t cp);
/* Columns the (inert) string takes on a terminal. */
int text_width(const char *s);
/* Bytes of the longest prefix of s that fits in `cols` columns without
 * splitting a character; *used (optional) receives its width. */
size_t text_fit(const char *s, int cols, int *used);
/* Bytes of the longest common prefix of a and b, ending on a character
 * boundary (a UTF-8 lead byte or an ASCII byte starts each character). */
size_t text_common_prefix(const char *a, const char *b);
/* A copy cut to at most `cols` columns, ending in "..." when cut. */
char *text_truncate(const char *s, int cols);

/* Display forms of n names in at most `cols` columns each, such that two
 * names that differ never read the same: a name that fits is kept; a
 * longer one is cut at its end ("常州嘉泽机械..."), unless that would read
 * like another name's cut — then its middle is left out instead, keeping
 * its start and the part where it differs from the names it resembles
 * ("常州市...卫生院", "常州市...农业服务中心").  The names must be inert
 * (text_inert); out[i] is the caller's to free. */
void text_shorten_apart(const char *const *names, size_t n, int cols, char **out);

/* One part of a line made of parts (the screens' top line): its text, a
 * shorter form (or NULL), how much it matters (a higher rank stays
 * longer), and whether it may be left out altogether. */
typedef struct text_part {
    const char *text;
    const char *brief;
    int rank;
    bool keep;
    /* set by text_fit_parts: the form shown (NULL: left out) and the
     * columns it gets (less than its width when it must be cut) */
    const char *shown;
    int cols;
} text_part;
/* Fits the parts, `gap` columns apart, into `cols`: while they do not
 * fit, the least-ranked part (the rightmost of equal rank) takes its
 * brief form, or else is left out unless kept; when only kept parts in
 * their brief forms are left and still do not fit, the least-ranked is
 * cut.  Returns the columns the parts take. */
int text_fit_parts(text_part *parts, size_t n, int gap, int cols);

enum text_inert_flags {
    TEXT_KEEP_NEWLINE = 1, /* keep '\n' (multi-line notes); else shown as \n */
};
/* A copy of untrusted text that is safe to print: C0/C1 controls, DEL,
 * bidirectional overrides, zero-width and other format characters, and
 * invalid bytes become visible escapes (\x1b, \u202e); a tab becomes a
 * space.  Every path that prints text from files goes through this. */
char *text_inert(const char *s, unsigned flags);
/* True when text_inert would change s. */
bool text_needs_escape(const char *s, unsigned flags);

/* A copy of `s` that a POSIX shell reads back as exactly `s`: as it is
 * when it holds only [A-Za-z0-9_./:@%+=,-] (and does not start with '-'
 * or '~'), else in single quotes ('\'' for a quote).  For every command
 * qtown shows the user to run with text from a file or a remote in it. */
char *text_shell_quote(const char *s);

/* Case-insensitive (ASCII) substring search; Chinese matches exactly. */
bool text_contains(const char *haystack, const char *needle);
/* A copy of `s` without the spaces at either end (caller frees): what a
 * one-line prompt means by what was typed. */
char *text_trim_spaces(const char *s);

#endif
