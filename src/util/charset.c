#include "util/charset.h"

#include "i18n/i18n.h"
#include "util/strbuf.h"
#include "util/text.h"
#include "util/xalloc.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool charset_parse(const char *name, charset *out)
{
    if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
        *out = CHARSET_UTF8;
    else if (strcasecmp(name, "gb18030") == 0 || strcasecmp(name, "gbk") == 0)
        *out = CHARSET_GB18030;
    else
        return false;
    return true;
}

const char *charset_name(charset cs)
{
    return cs == CHARSET_GB18030 ? "GB18030" : "UTF-8";
}

/* Where byte `off` of UTF-8 text is: 1-based line and column (code
 * points), counted in `text` (valid up to off). */
static void report_at(diag_list *dl, const char *path, const char *text, size_t off, msg_id what,
                      unsigned char byte)
{
    int line, col;
    text_position(text, off, &line, &col);
    /* each through TR, so that the compiler checks the byte against both
     * languages' texts */
    switch (what) {
    case M_CHARSET_NUL:
        diag_add(dl, path, line, col, TR(M_CHARSET_NUL), byte);
        break;
    case M_CHARSET_BAD_GB18030:
        diag_add(dl, path, line, col, TR(M_CHARSET_BAD_GB18030), byte);
        break;
    case M_CHARSET_NEITHER:
        diag_add(dl, path, line, col, TR(M_CHARSET_NEITHER), byte);
        break;
    default:
        diag_add(dl, path, line, col, TR(M_CHARSET_BAD_UTF8), byte);
        break;
    }
}

static bool has_nul(const char *path, const char *text, size_t len, diag_list *dl)
{
    const char *nul = memchr(text, '\0', len);
    if (nul)
        report_at(dl, path, text, (size_t)(nul - text), M_CHARSET_NUL, 0);
    return nul != NULL;
}

static bool from_utf8(const char *path, const char *buf, size_t len, msg_id bad_msg, char **out,
                      size_t *out_len, diag_list *dl)
{
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    size_t bad;
    if (!utf8_valid(buf, len, &bad)) {
        report_at(dl, path, buf, bad, bad_msg, (unsigned char)buf[bad]);
        return false;
    }
    if (has_nul(path, buf, len, dl))
        return false;
    *out = xstrndup(buf, len);
    *out_len = len;
    return true;
}

/* GB18030 through iconv; a problem is placed by the text converted before
 * it (GB18030 keeps ASCII, so its lines are the file's lines). */
static bool from_gb18030(const char *path, const char *buf, size_t len, msg_id bad_msg, char **out,
                         size_t *out_len, diag_list *dl)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        diag_add(dl, path, 0, 0, TR(M_CHARSET_NO_GB18030));
        return false;
    }
    size_t cap = len * 2 + 16; /* a GB18030 character never grows past 2x */
    char *text = xmalloc(cap);
    char *in = (char *)buf, *o = text;
    size_t in_left = len, out_left = cap - 1;
    size_t r = iconv(cd, &in, &in_left, &o, &out_left);
    iconv_close(cd);
    size_t done = (size_t)(o - text);
    *o = '\0';
    if (r == (size_t)-1) {
        report_at(dl, path, text, done, bad_msg, (unsigned char)*in);
        free(text);
        return false;
    }
    if (has_nul(path, text, done, dl)) {
        free(text);
        return false;
    }
    if (done >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) { /* GB18030's own BOM */
        memmove(text, text + 3, done - 2);
        done -= 3;
    }
    *out = text;
    *out_len = done;
    return true;
}

bool charset_to_utf8(const char *path, const char *buf, size_t len, charset cs, char **out,
                     size_t *out_len, charset *used, diag_list *dl)
{
    *out = NULL;
    *out_len = 0;
    if (cs == CHARSET_AUTO) {
        bool bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0;
        cs = bom || utf8_valid(buf, len, NULL) ? CHARSET_UTF8 : CHARSET_GB18030;
        *used = cs;
        if (cs == CHARSET_UTF8)
            return from_utf8(path, buf, len, M_CHARSET_BAD_UTF8, out, out_len, dl);
        return from_gb18030(path, buf, len, M_CHARSET_NEITHER, out, out_len, dl);
    }
    *used = cs;
    if (cs == CHARSET_UTF8)
        return from_utf8(path, buf, len, M_CHARSET_BAD_UTF8, out, out_len, dl);
    return from_gb18030(path, buf, len, M_CHARSET_BAD_GB18030, out, out_len, dl);
}
