#include "model/record.h"

#include "model/ids.h"
#include "model/timestamp.h"
#include "yaml/ydecode.h"

#include "util/strbuf.h"

#include <string.h>

static bool text_equal(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

bool record_value_present(const record_value *v)
{
    return v->text || v->items;
}

bool record_value_equal(const record_value *a, const record_value *b)
{
    if (!text_equal(a->text, b->text) || !a->items != !b->items || a->n_items != b->n_items)
        return false;
    for (size_t i = 0; i < a->n_items; i++)
        if (strcmp(a->items[i], b->items[i]) != 0)
            return false;
    return true;
}

const record_value *record_value_of(const unit_record *r, const char *key)
{
    int i = record_field_index(r->kind, key);
    return i < 0 ? NULL : &r->values[i];
}

const char *record_text(const unit_record *r, const char *key)
{
    const record_value *v = record_value_of(r, key);
    return v ? v->text : NULL;
}

static bool is_sha256(const char *s)
{
    return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* A path inside the workspace: relative, '/'-separated, no empty, '.' or
 * '..' part, no part starting with a dot (nothing hidden, nothing above),
 * no backslash. */
static bool is_workspace_path(const char *s)
{
    if (!*s || strlen(s) > 4096)
        return false;
    for (const char *p = s;;) {
        size_t n = strcspn(p, "/");
        if (n == 0 || p[0] == '.' || memchr(p, '\\', n))
            return false;
        if (!p[n])
            return true;
        p += n + 1;
    }
}

static bool is_one_line(const char *s, size_t max)
{
    return strlen(s) <= max && !strpbrk(s, "\n\r");
}

bool record_text_valid(const field_def *f, const char *t)
{
    int64_t days;
    switch (f->type) {
    case FIELD_LINE:
        return is_one_line(t, RECORD_MAX_LINE);
    case FIELD_TEXT:
        return true;
    case FIELD_DATE:
        return date_parse(t, &days);
    case FIELD_TIME:
        return timestamp_valid(t);
    case FIELD_WORD:
        for (const char *const *w = f->words; *w; w++)
            if (strcmp(*w, t) == 0)
                return true;
        return false;
    case FIELD_SHA256:
        return is_sha256(t);
    case FIELD_PATH:
        return is_workspace_path(t);
    case FIELD_LIST:
        return is_one_line(t, 256); /* one item: as UNIT_MAX_NAME */
    case FIELD_CHECKS:
        return id_is_check_id(t);
    case FIELD_TARGETS: {
        char check[ID_MAX_LEN + 1];
        range r;
        return record_target_parse(t, check, sizeof check, &r);
    }
    }
    return false;
}

bool field_is_list(field_type t)
{
    return t == FIELD_LIST || t == FIELD_CHECKS || t == FIELD_TARGETS;
}

bool record_target_parse(const char *s, char *check, size_t check_size, range *target)
{
    size_t n = strcspn(s, " <>=");
    if (n == 0 || n >= check_size)
        return false;
    memcpy(check, s, n);
    check[n] = '\0';
    if (!id_is_check_id(check))
        return false;
    const char *p = s + n;
    while (*p == ' ')
        p++;
    *target = (range){0};
    if (strncmp(p, ">=", 2) == 0) {
        target->has_min = true;
        p += 2;
    } else if (strncmp(p, "<=", 2) == 0) {
        target->has_max = true;
        p += 2;
    } else if (*p == '=') {
        target->has_min = target->has_max = true;
        p++;
    } else {
        return false;
    }
    while (*p == ' ')
        p++;
    double v;
    if (!yd_parse_number(p, &v))
        return false;
    target->min = target->max = v;
    return true;
}

char *record_value_text(const record_value *v)
{
    strbuf out = STRBUF_INIT;
    if (!v->items)
        sb_puts(&out, v->text ? v->text : "");
    for (size_t i = 0; v->items && i < v->n_items; i++)
        sb_printf(&out, "%s%s", i ? ", " : "", v->items[i]);
    return sb_steal(&out);
}
