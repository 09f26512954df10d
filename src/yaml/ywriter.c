#include "yaml/ywriter.h"

#include "util/text.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct ywriter {
    yaml_emitter_t em;
    bool failed;
    const char *problem; /* messages.def's, or libyaml's own words */
};

static int write_handler(void *data, unsigned char *buffer, size_t size)
{
    sb_add(data, (const char *)buffer, size);
    return 1;
}

static void emit(ywriter *w, yaml_event_t *ev, int ok)
{
    if (w->failed) {
        if (ok)
            yaml_event_delete(ev);
        return;
    }
    if (!ok) {
        w->failed = true;
        w->problem = tr(M_YW_CANNOT_ENCODE);
        return;
    }
    if (!yaml_emitter_emit(&w->em, ev)) {
        w->failed = true;
        w->problem = w->em.problem ? w->em.problem : tr(M_YW_CANNOT_WRITE_YAML);
    }
}

ywriter *yw_new(strbuf *out)
{
    ywriter *w = xcalloc(1, sizeof *w);
    if (!yaml_emitter_initialize(&w->em)) {
        w->failed = true;
        w->problem = tr(M_YW_NO_EMITTER);
        return w;
    }
    yaml_emitter_set_output(&w->em, write_handler, out);
    yaml_emitter_set_encoding(&w->em, YAML_UTF8_ENCODING);
    yaml_emitter_set_unicode(&w->em, 1);
    yaml_emitter_set_width(&w->em, -1);
    yaml_emitter_set_indent(&w->em, 2);
    yaml_emitter_set_break(&w->em, YAML_LN_BREAK);
    yaml_event_t ev;
    emit(w, &ev, yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING));
    emit(w, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1));
    return w;
}

static void map_begin(ywriter *w, yaml_mapping_style_t style)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, style));
}

void yw_map_begin(ywriter *w)
{
    map_begin(w, YAML_BLOCK_MAPPING_STYLE);
}

void yw_flow_map_begin(ywriter *w)
{
    map_begin(w, YAML_FLOW_MAPPING_STYLE);
}

void yw_map_end(ywriter *w)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_mapping_end_event_initialize(&ev));
}

static void seq_begin(ywriter *w, yaml_sequence_style_t style)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, style));
}

void yw_seq_begin(ywriter *w)
{
    seq_begin(w, YAML_BLOCK_SEQUENCE_STYLE);
}

void yw_flow_seq_begin(ywriter *w)
{
    seq_begin(w, YAML_FLOW_SEQUENCE_STYLE);
}

void yw_seq_end(ywriter *w)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_sequence_end_event_initialize(&ev));
}

static void scalar(ywriter *w, const char *s, yaml_scalar_style_t style)
{
    yaml_event_t ev;
    emit(w, &ev,
         yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
                                      style));
}

/* A conservative superset of what YAML 1.1 and 1.2 resolve as null, bool,
 * int, float or timestamp: anything starting like a number and made of
 * number-ish characters, and the reserved words. */
static bool looks_typed(const char *s)
{
    static const char *const words[] = {
        "~",    "null",  "Null",  "NULL",  "y",     "Y",     "yes",   "Yes",   "YES",   "n",
        "N",    "no",    "No",    "NO",    "true",  "True",  "TRUE",  "false", "False", "FALSE",
        "on",   "On",    "ON",    "off",   "Off",   "OFF",   "=",     "<<",    ".inf",  ".Inf",
        ".INF", "-.inf", "-.Inf", "-.INF", "+.inf", "+.Inf", "+.INF", ".nan",  ".NaN",  ".NAN"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(s, words[i]) == 0)
            return true;
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    if (*p == '.')
        p++;
    if (!(*p >= '0' && *p <= '9'))
        return false;
    for (const char *q = s; *q; q++)
        if (!strchr("0123456789abcdefABCDEFxXoO_.:+-eE tTzZ", *q))
            return false;
    return true;
}

/* YAML's printable set, minus what could confuse a reader of the file. */
static bool plain_char_ok(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        return false;
    if (cp == 0xFEFF || cp == 0x2028 || cp == 0x2029 || (cp >= 0xD800 && cp <= 0xDFFF) ||
        cp == 0xFFFE || cp == 0xFFFF)
        return false;
    return true;
}

bool yaml_plain_is_string(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || looks_typed(s))
        return false;
    if (s[0] == ' ' || s[n - 1] == ' ' || s[n - 1] == ':')
        return false;
    if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]))
        return false;
    if (strstr(s, ": ") || strstr(s, " #") || strpbrk(s, ",[]{}"))
        return false;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0 || !plain_char_ok(cp))
            return false;
        i += len;
    }
    return true;
}

/* A literal block keeps the text exactly only when no line ends in
 * blanks and there are no tabs, CRs or other special characters (libyaml
 * would silently switch to double quotes otherwise; we decide first). */
static bool literal_ok(const char *s)
{
    size_t n = strlen(s);
    if (s[0] == ' ' || s[0] == '\n')
        return false;
    for (size_t i = 0; i < n;) {
        if (s[i] == '\n') {
            if (i > 0 && s[i - 1] == ' ')
                return false;
            i++;
            continue;
        }
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0 || !plain_char_ok(cp))
            return false;
        i += len;
    }
    return n == 0 || s[n - 1] != ' ';
}

void yw_text(ywriter *w, const char *s)
{
    if (!w->failed && !utf8_valid(s, strlen(s), NULL)) {
        w->failed = true;
        w->problem = tr(M_YW_BAD_UTF8);
        return;
    }
    yaml_scalar_style_t style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    if (strchr(s, '\n'))
        style = literal_ok(s) ? YAML_LITERAL_SCALAR_STYLE : YAML_DOUBLE_QUOTED_SCALAR_STYLE;
    else if (yaml_plain_is_string(s))
        style = YAML_PLAIN_SCALAR_STYLE;
    scalar(w, s, style);
}

void yw_token(ywriter *w, const char *s)
{
    if (yaml_plain_is_string(s))
        scalar(w, s, YAML_PLAIN_SCALAR_STYLE);
    else
        yw_text(w, s);
}

void yw_typed(ywriter *w, const char *s)
{
    bool negative = s[0] == '-' && s[1] >= '0' && s[1] <= '9';
    bool ok =
        *s != '\0' && !strpbrk(s, " \n\t,[]{}#\"'") && (negative || !strchr("-?:&*!|>%@`", s[0]));
    if (ok)
        scalar(w, s, YAML_PLAIN_SCALAR_STYLE);
    else
        yw_text(w, s);
}

void yaml_format_number(double v, char out[32])
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(out, 32, "%.0f", v);
        if (strcmp(out, "-0") == 0)
            strcpy(out, "0");
        return;
    }
    /* The shortest %g that reads back as the same double. */
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, 32, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            break;
    }
}

void yw_number(ywriter *w, double v)
{
    char buf[32];
    yaml_format_number(v, buf);
    scalar(w, buf, YAML_PLAIN_SCALAR_STYLE);
}

void yw_bool(ywriter *w, bool v)
{
    scalar(w, v ? "true" : "false", YAML_PLAIN_SCALAR_STYLE);
}

void yw_pair_text(ywriter *w, const char *key, const char *value)
{
    yw_token(w, key);
    yw_text(w, value);
}

bool yw_finish(ywriter *w, const char *path, diag_list *dl)
{
    yaml_event_t ev;
    emit(w, &ev, yaml_document_end_event_initialize(&ev, 1));
    emit(w, &ev, yaml_stream_end_event_initialize(&ev));
    if (!w->failed && !yaml_emitter_flush(&w->em)) {
        w->failed = true;
        w->problem = tr(M_YW_CANNOT_WRITE_YAML);
    }
    bool ok = !w->failed;
    if (!ok)
        diag_add(dl, path, 0, 0, TR(M_YW_CANNOT_WRITE), w->problem);
    yaml_emitter_delete(&w->em);
    free(w);
    return ok;
}
