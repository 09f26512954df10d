#include "model/timestamp.h"

#include <ctype.h>
#include <string.h>

static bool digits(const char **p, int n)
{
    for (int i = 0; i < n; i++, (*p)++)
        if (!isdigit((unsigned char)**p))
            return false;
    return true;
}

static bool expect(const char **p, char c)
{
    if (**p != c)
        return false;
    (*p)++;
    return true;
}

bool timestamp_valid(const char *s)
{
    const char *p = s;
    if (!digits(&p, 4) || !expect(&p, '-') || !digits(&p, 2) || !expect(&p, '-') || !digits(&p, 2))
        return false;
    if (!*p)
        return true;
    if (!expect(&p, 'T') || !digits(&p, 2) || !expect(&p, ':') || !digits(&p, 2))
        return false;
    if (*p == ':') {
        p++;
        if (!digits(&p, 2))
            return false;
        if (*p == '.') {
            p++;
            if (!isdigit((unsigned char)*p))
                return false;
            while (isdigit((unsigned char)*p))
                p++;
        }
    }
    if (*p == 'Z')
        return p[1] == '\0';
    if (*p == '+' || *p == '-') {
        p++;
        return digits(&p, 2) && expect(&p, ':') && digits(&p, 2) && *p == '\0';
    }
    return *p == '\0';
}
