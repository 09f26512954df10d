/* Fuzzes the text helpers that stand between files and the terminal:
 * text_inert, text_width, text_fit, text_truncate.  The first byte of the
 * input chooses the flags and a column count; the rest is the text.
 *
 * Properties: the inert copy needs no more escaping, is valid UTF-8 with
 * no control, bidi or invisible format character left (a newline only with
 * TEXT_KEEP_NEWLINE), takes as many columns as the text was said to take,
 * and making it inert again changes nothing; a fitted prefix ends on a
 * character and takes the columns it says; a truncated copy fits. */
#include "fuzz/fuzz.h"

#include "util/text.h"

#include <stdbool.h>
#include <string.h>

static bool forbidden(uint32_t cp, unsigned flags)
{
    if (cp == '\n')
        return !(flags & TEXT_KEEP_NEWLINE);
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

static void check_inert(const char *s, unsigned flags)
{
    char *out = text_inert(s, flags);
    size_t n = strlen(out);
    FUZZ_REQUIRE(utf8_valid(out, n, NULL), "the inert copy is valid UTF-8");
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(out + i, n - i, &cp);
        FUZZ_REQUIRE(!forbidden(cp, flags), "no control or format character is left");
        i += len;
    }
    FUZZ_REQUIRE(!text_needs_escape(out, flags), "the inert copy needs no escaping");
    char *again = text_inert(out, flags);
    FUZZ_REQUIRE(strcmp(again, out) == 0, "inert text stays as it is");
    if (!(flags & TEXT_KEEP_NEWLINE))
        FUZZ_REQUIRE(text_width(out) == text_width(s), "the width is that of the inert copy");
    free(again);
    free(out);
}

static void check_fit(const char *s, int cols)
{
    int used = -1;
    size_t n = text_fit(s, cols, &used);
    FUZZ_REQUIRE(n <= strlen(s), "a prefix");
    FUZZ_REQUIRE(used >= 0 && used <= (cols > 0 ? cols : 0), "that fits");
    char *prefix = strndup(s, n);
    FUZZ_REQUIRE(text_width(prefix) == used, "and takes the columns it says");
    if (utf8_valid(s, strlen(s), NULL))
        FUZZ_REQUIRE(utf8_valid(prefix, n, NULL), "cut on a character");
    free(prefix);
    char *cut = text_truncate(s, cols);
    FUZZ_REQUIRE(text_width(cut) <= (cols > 0 ? cols : 0), "a truncated copy fits");
    free(cut);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        text_init_locale();
        ready = true;
    }
    if (size == 0)
        return 0;
    unsigned flags = data[0] & 1 ? TEXT_KEEP_NEWLINE : 0;
    int cols = (int)(data[0] >> 1) - 8; /* -8 .. 119: includes 0 and negatives */
    char *s = malloc(size);             /* the text: up to the first NUL */
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    check_inert(s, flags);
    check_fit(s, cols);
    free(s);
    return 0;
}
