#include "model/ids.h"

#include <string.h>

static bool all_in(const char *s, const char *set)
{
    size_t n = strlen(s);
    return n > 0 && n <= ID_MAX_LEN && strspn(s, set) == n;
}

#define LOWER "abcdefghijklmnopqrstuvwxyz"
#define UPPER "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define DIGIT "0123456789"

bool id_is_unit_id(const char *s)
{
    return all_in(s, LOWER DIGIT "-") && s[0] != '-';
}

bool id_is_check_id(const char *s)
{
    return all_in(s, LOWER UPPER DIGIT "._-") && strchr(LOWER UPPER DIGIT, s[0]);
}

bool id_is_attribute_key(const char *s)
{
    return all_in(s, LOWER DIGIT "_") && strchr(LOWER, s[0]);
}

bool id_is_record_id(const char *s)
{
    return id_is_unit_id(s);
}
