/* pinyin — names in the order a Chinese reader expects, and found by how
 * they are said, with ICU (libicu: its collation for "zh" sorts by pinyin,
 * its Han-Latin transliterator gives the syllables).
 *
 * Order: ICU's "zh" collation.  Chinese characters sort by pinyin (晨山村
 * before 丰杨村 before 观庄村), digits before them, Latin letters after
 * them.  A polyphonic character has the one place ICU gives it, its most
 * common reading: 重 under zhong, 长 under zhang, 曾 under ceng, 单 under
 * dan — also where it is a surname or a place (tests/unit/test_pinyin.c
 * pins the order promised).
 *
 * Finding: pinyin_matches says whether a typed pattern finds a name by its
 * characters, by its full pinyin (`jiasen` finds 嘉森), by its initials
 * (`jsrzb` finds 嘉森人造板) or by a mix (`jiasrzb`): the pattern must
 * cover consecutive characters of the name, each by itself, by its whole
 * syllable or by its initial (`j`; `zh`, `ch`, `sh` or their first
 * letter) — not by another part of its syllable, or `xia` would find every
 * 有限公司 (you xian).  Each character is read alone, as the collation
 * reads it (重庆 is found by `zhongqing`, not `chongqing`).
 *
 * Transliterating costs about 20 µs a character (a whole name ~235 µs), so
 * each distinct character is transliterated once and remembered for the
 * life of the process: the few thousand characters of a district's names,
 * not its 100,000 names.  The memo and ICU's objects are the process's:
 * call these from one thread (the screens', a report's). */
#ifndef QTOWN_PINYIN_H
#define QTOWN_PINYIN_H

#include <stdbool.h>
#include <stddef.h>

/* Compares two UTF-8 texts in pinyin order (<0, 0, >0). */
int pinyin_compare(const char *a, const char *b);
/* The collation key of a text (caller frees): comparing two keys with
 * strcmp orders them as pinyin_compare does, much faster when the same
 * texts are compared many times (a sort). */
char *pinyin_sort_key(const char *text);

/* Does `pattern` find `text` (see above)?  Spaces and apostrophes in the
 * pattern are ignored (`jia sen`, `xi'an`); ASCII letters match in either
 * case.  An empty pattern finds everything. */
bool pinyin_matches(const char *text, const char *pattern);

/* The syllables of a text, one per character, separated by spaces
 * ("chang zhou jia sen"); a character without a Latin reading is kept as
 * it is.  Caller frees. */
char *pinyin_of(const char *text);

#endif
