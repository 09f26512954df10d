/* charset — the text of a file from a spreadsheet, as UTF-8.
 *
 * Excel saves CSV as UTF-8 with a byte-order mark ("CSV UTF-8") or, on a
 * Chinese Windows by default, in the ANSI code page: GBK, which GB18030
 * contains.  glibc's iconv converts GB18030.  Detection: a UTF-8 BOM, or
 * bytes that are valid UTF-8, mean UTF-8 (plain ASCII is both); anything
 * else is tried as GB18030.  Chinese text in GB18030 is almost never valid
 * UTF-8 by accident (its lead bytes 0x81-0xFE are followed by bytes below
 * 0x80 or in runs UTF-8 does not allow). */
#ifndef QTOWN_CHARSET_H
#define QTOWN_CHARSET_H

#include "util/diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum charset { CHARSET_AUTO, CHARSET_UTF8, CHARSET_GB18030 } charset;

/* "utf-8" (or "utf8"), "gb18030" (also "gbk", which it contains), any
 * case. */
bool charset_parse(const char *name, charset *out);
const char *charset_name(charset cs); /* "UTF-8", "GB18030" */

/* The text of `buf` (len bytes of the file `path`) as UTF-8 without a
 * BOM, NUL-terminated (caller frees), read as `cs` (CHARSET_AUTO:
 * detected); *used says how it was read.  False with FILE:LINE:COLUMN of
 * the first byte that is not text in that charset, or a NUL byte. */
bool charset_to_utf8(const char *path, const char *buf, size_t len, charset cs, char **out,
                     size_t *out_len, charset *used, diag_list *dl);

#endif
