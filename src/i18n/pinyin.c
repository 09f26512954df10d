#include "i18n/pinyin.h"

#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

/* ---- ICU's objects, opened once ---------------------------------------- */

static UCollator *collator;
static UTransliterator *latin;
static bool opened;

static void open_icu(void)
{
    if (opened)
        return;
    opened = true;
    UErrorCode e = U_ZERO_ERROR;
    collator = ucol_open("zh", &e);
    if (U_FAILURE(e))
        collator = NULL; /* then texts compare by their bytes */
    e = U_ZERO_ERROR;
    UChar id[64];
    u_uastrcpy(id, "Han-Latin; Latin-ASCII; Lower");
    latin = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
    if (U_FAILURE(e))
        latin = NULL; /* then only characters match */
}

/* The text as UTF-16 in buf (cap units) or in a new buffer (*heap, caller
 * frees); bytes that are not UTF-8 become U+FFFD. */
static UChar *to_utf16(const char *text, UChar *buf, int32_t cap, int32_t *len, UChar **heap)
{
    UErrorCode e = U_ZERO_ERROR;
    *heap = NULL;
    u_strFromUTF8WithSub(buf, cap, len, text, -1, 0xFFFD, NULL, &e);
    if (e != U_BUFFER_OVERFLOW_ERROR)
        return U_FAILURE(e) ? (*len = 0, buf) : buf;
    *heap = xmalloc(((size_t)*len + 1) * sizeof **heap);
    e = U_ZERO_ERROR;
    u_strFromUTF8WithSub(*heap, *len + 1, len, text, -1, 0xFFFD, NULL, &e);
    if (U_FAILURE(e))
        *len = 0;
    return *heap;
}

/* ---- order ---------------------------------------------------------------- */

int pinyin_compare(const char *a, const char *b)
{
    open_icu();
    if (!collator)
        return strcmp(a, b);
    UErrorCode e = U_ZERO_ERROR;
    UCollationResult r = ucol_strcollUTF8(collator, a, -1, b, -1, &e);
    if (U_FAILURE(e))
        return strcmp(a, b);
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

char *pinyin_sort_key(const char *text)
{
    open_icu();
    if (!collator)
        return xstrdup(text);
    UChar buf[256], *heap;
    int32_t len;
    UChar *u = to_utf16(text, buf, 256, &len, &heap);
    uint8_t small[512];
    int32_t need = ucol_getSortKey(collator, u, len, small, (int32_t)sizeof small);
    char *key = xmalloc((size_t)need + 1);
    if (need <= (int32_t)sizeof small)
        memcpy(key, small, (size_t)need);
    else
        ucol_getSortKey(collator, u, len, (uint8_t *)key, need);
    key[need] = '\0'; /* a sort key ends in 0 and has no other 0 byte */
    free(heap);
    return key;
}

/* ---- syllables, one per character, remembered ------------------------- */

/* Code point -> its syllable ("jia"), or "" when it has no Latin reading.
 * Open addressing; 0 marks a free slot (U+0000 never reaches it). */
static struct memo {
    uint32_t *cp;
    char **syl;
    size_t cap, n;
} memo;

static size_t slot_of(uint32_t cp, size_t cap)
{
    size_t i = (cp * 2654435761u) & (cap - 1);
    while (memo.cp[i] && memo.cp[i] != cp)
        i = (i + 1) & (cap - 1);
    return i;
}

static void memo_grow(void)
{
    struct memo old = memo;
    memo.cap = old.cap ? old.cap * 2 : 1024;
    memo.cp = xcalloc(memo.cap, sizeof *memo.cp);
    memo.syl = xcalloc(memo.cap, sizeof *memo.syl);
    for (size_t i = 0; i < old.cap; i++)
        if (old.cp[i]) {
            size_t s = slot_of(old.cp[i], memo.cap);
            memo.cp[s] = old.cp[i];
            memo.syl[s] = old.syl[i];
        }
    free(old.cp);
    free(old.syl);
}

/* What ICU says one character sounds like, kept to [a-z0-9]. */
static char *transliterate(uint32_t cp)
{
    UChar buf[64];
    int32_t len = 0;
    UBool bad = 0;
    U16_APPEND(buf, len, 64, cp, bad);
    if (bad || !latin)
        return xstrdup("");
    UErrorCode e = U_ZERO_ERROR;
    int32_t limit = len;
    utrans_transUChars(latin, buf, &len, 64, 0, &limit, &e);
    char *out = xmalloc((size_t)len + 1);
    size_t n = 0;
    for (int32_t i = 0; U_SUCCESS(e) && i < len; i++)
        if ((buf[i] >= 'a' && buf[i] <= 'z') || (buf[i] >= '0' && buf[i] <= '9'))
            out[n++] = (char)buf[i];
    out[n] = '\0';
    return out;
}

/* The syllable of a character that is not ASCII ("" when none). */
static const char *syllable(uint32_t cp)
{
    open_icu();
    if (memo.cap && memo.cp[slot_of(cp, memo.cap)] == cp)
        return memo.syl[slot_of(cp, memo.cap)];
    if ((memo.n + 1) * 2 > memo.cap)
        memo_grow();
    size_t s = slot_of(cp, memo.cap);
    memo.cp[s] = cp;
    memo.syl[s] = transliterate(cp);
    memo.n++;
    return memo.syl[s];
}

static uint32_t ascii_lower(uint32_t cp)
{
    return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
}

/* One character of a name: itself (ASCII lowered) and its syllable. */
typedef struct spoken {
    uint32_t cp;
    const char *syl; /* NULL for ASCII and for what has no reading */
} spoken;

/* The character at *i of text (len bytes), ASCII lowered; *i moves past
 * it.  A byte that starts no valid character is U+FFFD. */
static uint32_t next_char(const char *text, size_t len, size_t *i)
{
    uint32_t cp;
    size_t step = utf8_decode(text + *i, len - *i, &cp);
    if (!step) {
        cp = 0xFFFD;
        step = 1;
    }
    *i += step;
    return ascii_lower(cp);
}

/* Decodes a text into characters; *n set.  Caller frees. */
static spoken *speak(const char *text, size_t *n)
{
    size_t len = strlen(text), cap = len + 1, k = 0;
    spoken *out = xmalloc(cap * sizeof *out);
    for (size_t i = 0; i < len;) {
        uint32_t cp = next_char(text, len, &i);
        out[k].cp = cp;
        const char *s = cp < 0x80 ? "" : syllable(cp);
        out[k++].syl = *s ? s : NULL;
    }
    *n = k;
    return out;
}

/* The pattern's characters without spaces and apostrophes, lowered. */
static uint32_t *pattern_chars(const char *pattern, size_t *n)
{
    size_t len = strlen(pattern), k = 0;
    uint32_t *out = xmalloc((len + 1) * sizeof *out);
    for (size_t i = 0; i < len;) {
        uint32_t cp = next_char(pattern, len, &i);
        if (cp != ' ' && cp != '\'' && cp != '\t')
            out[k++] = cp;
    }
    *n = k;
    return out;
}

/* How many letters of a syllable stand for its initial: 2 for zh, ch and
 * sh, else 1. */
static size_t initial_len(const char *syl)
{
    return (syl[0] == 'z' || syl[0] == 'c' || syl[0] == 's') && syl[1] == 'h' ? 2 : 1;
}

/* Whether the pattern at p starts with `n` letters of the syllable. */
static bool says(const uint32_t *pat, size_t m, size_t p, const char *syl, size_t n)
{
    if (p + n > m)
        return false;
    for (size_t k = 0; k < n; k++)
        if ((uint32_t)(unsigned char)syl[k] != pat[p + k])
            return false;
    return true;
}

/* reach[i * (m + 1) + p]: the pattern from p can be covered by the
 * characters from i on, consecutively: each character by itself, by its
 * whole syllable or by its initial (j, zh) — not by any other part of it,
 * or `xia` would find every 有限 (you xian).  Filled from the end. */
static bool covers(const spoken *t, size_t n, const uint32_t *pat, size_t m)
{
    bool *reach = xcalloc((n + 1) * (m + 1), sizeof *reach);
    bool found = false;
    for (size_t i = n + 1; i-- > 0;) {
        bool *row = &reach[i * (m + 1)];
        row[m] = true;
        for (size_t p = m; i < n && p-- > 0;) {
            const bool *next = &reach[(i + 1) * (m + 1)];
            const char *syl = t[i].syl;
            size_t whole = syl ? strlen(syl) : 0, init = syl ? initial_len(syl) : 0;
            row[p] = (t[i].cp == pat[p] && next[p + 1]) ||
                     (syl && says(pat, m, p, syl, whole) && next[p + whole]) ||
                     (syl && init < whole && says(pat, m, p, syl, init) && next[p + init]) ||
                     (syl && init == 2 && says(pat, m, p, syl, 1) && next[p + 1]);
        }
        if (i < n && row[0])
            found = true;
    }
    free(reach);
    return found || m == 0;
}

bool pinyin_matches(const char *text, const char *pattern)
{
    size_t m, n;
    uint32_t *pat = pattern_chars(pattern, &m);
    if (m == 0) {
        free(pat);
        return true;
    }
    spoken *t = speak(text, &n);
    bool yes = n > 0 && covers(t, n, pat, m);
    free(t);
    free(pat);
    return yes;
}

char *pinyin_of(const char *text)
{
    size_t n;
    spoken *t = speak(text, &n);
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_putc(&sb, ' ');
        if (t[i].syl) {
            sb_puts(&sb, t[i].syl);
        } else {
            char enc[4];
            sb_add(&sb, enc, utf8_encode(t[i].cp, enc));
        }
    }
    free(t);
    return sb_steal(&sb);
}
