#include "util/text.h"

#include "util/strbuf.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static bool user_utf8;

static bool codeset_is_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

bool text_init_locale(void)
{
    /* LC_CTYPE alone: LC_NUMERIC would make strtod and printf read and
     * write "96,8" under de_DE or fr_FR, and qtown's numbers and dates are
     * the same in every locale (the language is read from the
     * environment by i18n, not from setlocale) */
    setlocale(LC_CTYPE, "");
    user_utf8 = codeset_is_utf8();
    if (user_utf8)
        return true;
    /* Text in files is UTF-8 whatever the locale says; measure it as such. */
    static const char *const fallbacks[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8"};
    for (size_t i = 0; i < sizeof fallbacks / sizeof *fallbacks; i++)
        if (setlocale(LC_CTYPE, fallbacks[i]) && codeset_is_utf8())
            return true;
    return false;
}

bool text_user_locale_is_utf8(void)
{
    return user_utf8;
}

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, c = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, c = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, c = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

size_t utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool utf8_valid(const char *s, size_t n, size_t *bad)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            if (bad)
                *bad = i;
            return false;
        }
        i += len;
    }
    return true;
}

void text_position(const char *s, size_t off, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* Characters that are invisible or reorder text: shown escaped. */
static bool is_format_char(uint32_t cp)
{
    return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || cp == 0x061C || cp == 0x180E ||
           (cp >= 0xFFF9 && cp <= 0xFFFB);
}

static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

/* The escape shown for a code point that must not reach the terminal. */
static int escape_cp(uint32_t cp, char out[16])
{
    if (cp < 0x100)
        return snprintf(out, 16, "\\x%02x", (unsigned)cp);
    return snprintf(out, 16, "\\u%04x", (unsigned)cp);
}

int cp_width(uint32_t cp)
{
    if (cp >= 0x20 && cp < 0x7F)
        return 1; /* printable ASCII: no need to ask the locale */
    char esc[16];
    if (cp == '\t')
        return 1; /* shown as a space */
    if (is_control(cp) || is_format_char(cp))
        return escape_cp(cp, esc);
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

int text_width(const char *s)
{
    int w = 0;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            w += 4; /* shown as \xNN */
            i++;
            continue;
        }
        w += cp_width(cp);
        i += len;
    }
    return w;
}

size_t text_fit(const char *s, int cols, int *used)
{
    int w = 0;
    size_t n = strlen(s), i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        int cw = len ? cp_width(cp) : 4;
        if (w + cw > cols)
            break;
        w += cw;
        i += len ? len : 1;
    }
    if (used)
        *used = w;
    return i;
}

char *text_truncate(const char *s, int cols)
{
    if (cols <= 0)
        return xstrdup("");
    if (text_width(s) <= cols)
        return xstrdup(s);
    const char *dots = cols >= 3 ? "..." : "";
    int room = cols - (int)strlen(dots);
    size_t n = text_fit(s, room, NULL);
    return xasprintf("%.*s%s", (int)n, s, dots);
}

static bool cp_needs_escape(uint32_t cp, unsigned flags)
{
    if (cp == '\n')
        return !(flags & TEXT_KEEP_NEWLINE);
    return cp == '\t' || is_control(cp) || is_format_char(cp);
}

char *text_inert(const char *s, unsigned flags)
{
    if (!text_needs_escape(s, flags))
        return xstrdup(s); /* most texts: one pass, no character appended one by one */
    strbuf sb = STRBUF_INIT;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            sb_printf(&sb, "\\x%02x", (unsigned char)s[i]);
            i++;
            continue;
        }
        if (cp == '\t') {
            sb_putc(&sb, ' ');
        } else if (cp_needs_escape(cp, flags)) {
            char esc[16];
            sb_add(&sb, esc, (size_t)escape_cp(cp, esc));
        } else {
            sb_add(&sb, s + i, len);
        }
        i += len;
    }
    return sb_steal(&sb);
}

bool text_needs_escape(const char *s, unsigned flags)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0 || cp_needs_escape(cp, flags))
            return true;
        i += len;
    }
    return false;
}

bool text_contains(const char *haystack, const char *needle)
{
    size_t nl = strlen(needle);
    if (nl == 0)
        return true;
    for (const char *h = haystack; *h; h++) {
        size_t i = 0;
        while (i < nl && h[i] && tolower((unsigned char)h[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == nl)
            return true;
    }
    return false;
}

/* ---- fitting names and parts of a line ------------------------------- */

typedef struct name_ref {
    const char *s;
    size_t i;
} name_ref;

static int cmp_name_ref(const void *a, const void *b)
{
    return strcmp(((const name_ref *)a)->s, ((const name_ref *)b)->s);
}

size_t text_common_prefix(const char *a, const char *b)
{
    size_t n = 0;
    while (a[n] && a[n] == b[n])
        n++;
    while (n > 0 && ((unsigned char)a[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* The name with its middle left out: the start, "...", then from byte
 * `differ` (where it differs from the names it resembles) on, cut at its
 * end if it must be. */
static char *shorten_middle(const char *s, size_t differ, int cols)
{
    int room = cols - 3, min_head = room / 4;
    const char *tail = s + differ;
    int tail_w = text_width(tail);
    if (tail_w > room - min_head) {
        size_t head = text_fit(s, min_head, NULL);
        char *cut = text_truncate(tail, room - min_head);
        char *out = xasprintf("%.*s...%s", (int)head, s, cut);
        free(cut);
        return out;
    }
    size_t head = text_fit(s, room - tail_w, NULL);
    if (head > differ)
        head = differ;
    return xasprintf("%.*s...%s", (int)head, s, tail);
}

/* Whether every name shows whole in `cols` (then none needs its
 * neighbours in order: no sort). */
static bool all_fit(const char *const *names, size_t n, int cols)
{
    for (size_t i = 0; i < n; i++)
        if (text_width(names[i]) > cols)
            return false;
    return true;
}

void text_shorten_apart(const char *const *names, size_t n, int cols, char **out)
{
    if (cols > 0 && all_fit(names, n, cols)) {
        for (size_t i = 0; i < n; i++)
            out[i] = xstrdup(names[i]); /* text_truncate's answer, without measuring again */
        return;
    }
    if (cols < 8) {
        for (size_t i = 0; i < n; i++)
            out[i] = text_truncate(names[i], cols);
        return;
    }
    name_ref *sorted = xcalloc(n ? n : 1, sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = (name_ref){names[i], i};
    qsort(sorted, n, sizeof *sorted, cmp_name_ref);
    for (size_t k = 0; k < n; k++) {
        const char *s = sorted[k].s;
        size_t i = sorted[k].i;
        if (text_width(s) <= cols || cols < 8) {
            out[i] = text_truncate(s, cols);
            continue;
        }
        /* the names most like it are its neighbours in order */
        size_t differ = 0;
        if (k > 0 && strcmp(sorted[k - 1].s, s) != 0)
            differ = text_common_prefix(sorted[k - 1].s, s);
        if (k + 1 < n && strcmp(sorted[k + 1].s, s) != 0) {
            size_t d = text_common_prefix(sorted[k + 1].s, s);
            differ = d > differ ? d : differ;
        }
        size_t kept = text_fit(s, cols - 3, NULL);
        out[i] =
            kept > differ || !s[differ] ? text_truncate(s, cols) : shorten_middle(s, differ, cols);
    }
    free(sorted);
}

static int parts_width(const text_part *parts, size_t n, int gap)
{
    int w = 0, shown = 0;
    for (size_t i = 0; i < n; i++)
        if (parts[i].shown) {
            w += parts[i].cols;
            shown++;
        }
    return w + (shown > 1 ? (shown - 1) * gap : 0);
}

/* The part to give up something next: the least ranked (the rightmost of
 * equal rank) among those that `can` give. */
static text_part *least_part(text_part *parts, size_t n, bool (*can)(const text_part *))
{
    text_part *best = NULL;
    for (size_t i = 0; i < n; i++)
        if (can(&parts[i]) && (!best || parts[i].rank <= best->rank))
            best = &parts[i];
    return best;
}

static bool can_brief(const text_part *p)
{
    return p->shown && p->shown == p->text && p->brief;
}

static bool can_drop(const text_part *p)
{
    return p->shown && !p->keep;
}

static bool can_cut(const text_part *p)
{
    return p->shown && p->cols > 0;
}

int text_fit_parts(text_part *parts, size_t n, int gap, int cols)
{
    for (size_t i = 0; i < n; i++) {
        parts[i].shown = parts[i].text && *parts[i].text ? parts[i].text : NULL;
        parts[i].cols = parts[i].shown ? text_width(parts[i].shown) : 0;
    }
    int w;
    while ((w = parts_width(parts, n, gap)) > cols) {
        /* shorten, then leave out, the least ranked: a badge goes before a
         * name, a name's brief form before the figures' */
        text_part *shorter = least_part(parts, n, can_brief);
        text_part *drop = least_part(parts, n, can_drop);
        if (shorter && (!drop || shorter->rank <= drop->rank)) {
            shorter->shown = shorter->brief;
            shorter->cols = text_width(shorter->brief);
        } else if (drop) {
            drop->shown = NULL;
            drop->cols = 0;
        } else {
            text_part *cut = least_part(parts, n, can_cut);
            if (!cut)
                break;
            int excess = w - cols;
            cut->cols = cut->cols > excess ? cut->cols - excess : 0;
            if (!cut->cols)
                cut->shown = NULL;
        }
    }
    return parts_width(parts, n, gap);
}

char *text_shell_quote(const char *s)
{
    static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                               "_./:@%+=,-";
    if (*s && s[strspn(s, safe)] == '\0' && s[0] != '-')
        return xstrdup(s);
    strbuf sb = STRBUF_INIT;
    sb_putc(&sb, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            sb_puts(&sb, "'\\''");
        else
            sb_putc(&sb, *p);
    }
    sb_putc(&sb, '\'');
    return sb_steal(&sb);
}

char *text_trim_spaces(const char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    return xstrndup(s, n);
}

uint64_t text_hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}
