#include "yaml/ydecode.h"

#include "util/strbuf.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void yd_error(ydec *d, const ynode *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d->dl, d->path, at ? at->line : 0, at ? at->col : 0, fmt, ap);
    va_end(ap);
    d->errors++;
}

static const char *kind_name(const ynode *n)
{
    switch (n->kind) {
    case YNODE_MAP:
        return tr(M_YD_A_MAPPING);
    case YNODE_SEQ:
        return tr(M_YD_A_LIST);
    default:
        return tr(M_YD_TEXT);
    }
}

bool yd_known_keys(ydec *d, const ynode *map, const char *const *allowed, msg_id what)
{
    bool ok = true;
    for (size_t i = 0; i < map->count; i++) {
        const ynode *k = map->keys[i];
        bool found = false;
        for (const char *const *a = allowed; *a && !found; a++)
            found = strcmp(k->str, *a) == 0;
        if (found)
            continue;
        strbuf list = STRBUF_INIT;
        for (const char *const *a = allowed; *a; a++)
            sb_printf(&list, "%s%s", a == allowed ? "" : tr(M_LIST_SEP), *a);
        yd_error(d, k, TR(M_YD_UNKNOWN_KEY), k->str, tr(what), sb_str(&list));
        sb_free(&list);
        ok = false;
    }
    return ok;
}

bool yd_is_map(ydec *d, const ynode *n, msg_id what)
{
    if (n && n->kind == YNODE_MAP)
        return true;
    if (n)
        yd_error(d, n, TR(M_YD_NOT_MAPPING), tr(what), kind_name(n));
    return false;
}

bool yd_is_seq(ydec *d, const ynode *n, msg_id what)
{
    if (n && n->kind == YNODE_SEQ)
        return true;
    if (n)
        yd_error(d, n, TR(M_YD_NOT_LIST), tr(what), kind_name(n));
    return false;
}

const ynode *yd_require(ydec *d, const ynode *map, const char *key, msg_id what)
{
    const ynode *v = ynode_get(map, key);
    if (!v)
        yd_error(d, map, TR(M_YD_MISSING_KEY), tr(what), key);
    return v;
}

const char *yd_text(ydec *d, const ynode *n, msg_id what)
{
    if (!n)
        return NULL;
    if (n->kind != YNODE_SCALAR) {
        yd_error(d, n, TR(M_YD_NOT_TEXT), tr(what), kind_name(n));
        return NULL;
    }
    if (memchr(n->str, '\0', n->len)) {
        yd_error(d, n, TR(M_YD_NUL), tr(what));
        return NULL;
    }
    return arena_strndup(d->mem, n->str, n->len);
}

const char *yd_line(ydec *d, const ynode *n, msg_id what, size_t max)
{
    const char *s = yd_text(d, n, what);
    if (!s)
        return NULL;
    if (strlen(s) > max || strchr(s, '\n')) {
        yd_error(d, n, TR(M_YD_NOT_LINE), tr(what), max);
        return NULL;
    }
    return s;
}

bool yd_parse_number(const char *s, double *out)
{
    /* Decimal only: [-+]digits[.digits][e[-+]digits] */
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    if (!(*p >= '0' && *p <= '9'))
        return false;
    for (const char *q = p; *q; q++)
        if (!strchr("0123456789.eE+-", *q))
            return false;
    errno = 0;
    char *end;
    double v = strtod(s, &end);
    if (*end || errno == ERANGE || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool yd_parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes",
                                      "YES",  "on",   "On",   "ON"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No",
                                     "NO",    "off",   "Off",   "OFF"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (strcmp(s, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(s, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

bool yd_number(ydec *d, const ynode *n, msg_id what, double *out)
{
    if (!n)
        return false;
    if (n->kind == YNODE_SCALAR && n->plain && yd_parse_number(n->str, out))
        return true;
    if (n->kind == YNODE_SCALAR && !n->plain)
        yd_error(d, n, TR(M_YD_QUOTED_NUMBER), tr(what));
    else
        yd_error(d, n, TR(M_YD_NOT_NUMBER), tr(what));
    return false;
}

bool yd_integer(ydec *d, const ynode *n, msg_id what, long long min, long long max, long long *out)
{
    double v;
    if (!yd_number(d, n, what, &v))
        return false;
    if (v != floor(v) || v < (double)min || v > (double)max) {
        yd_error(d, n, TR(M_YD_NOT_INTEGER), tr(what), min, max);
        return false;
    }
    *out = (long long)v;
    return true;
}

bool yd_bool(ydec *d, const ynode *n, msg_id what, bool *out)
{
    if (!n)
        return false;
    if (n->kind == YNODE_SCALAR && n->plain && yd_parse_bool(n->str, out))
        return true;
    yd_error(d, n, TR(M_YD_NOT_BOOL), tr(what));
    return false;
}
