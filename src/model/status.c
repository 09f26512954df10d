#include "model/status.h"

#include <string.h>

static const struct {
    const char *name, *mark;
    bool applicable, failed;
    double credit;
    int cycle;
} statuses[STATUS_COUNT] = {
#define STATUS(id, name, mark, message, applicable, failed, credit, cycle, ...)                    \
    [STATUS_##id] = {name, mark, applicable, failed, credit, cycle},
#include "model/status.def"
#undef STATUS
};

const char *status_name(status s)
{
    return s < STATUS_COUNT ? statuses[s].name : "?";
}

const char *status_mark(status s)
{
    return s < STATUS_COUNT ? statuses[s].mark : "[?]";
}

bool status_parse(const char *s, status *out)
{
    for (int i = 0; i < STATUS_COUNT; i++)
        if (strcmp(s, statuses[i].name) == 0) {
            *out = (status)i;
            return true;
        }
    return false;
}

bool status_applicable(status s)
{
    return s < STATUS_COUNT && statuses[s].applicable;
}

bool status_failed(status s)
{
    return s < STATUS_COUNT && statuses[s].failed;
}

double status_default_credit(status s)
{
    return s < STATUS_COUNT ? statuses[s].credit : 0;
}

/* Space needs a first place to go to. */
enum {
    FIRST_PLACES = 0
#define STATUS(id, name, mark, message, applicable, failed, credit, cycle, ...) +((cycle) == 1)
#include "model/status.def"
#undef STATUS
};
_Static_assert(FIRST_PLACES == 1, "status.def: exactly one status is at place 1 of the cycle");

status status_next(status s)
{
    int next = s < STATUS_COUNT && statuses[s].cycle ? statuses[s].cycle + 1 : 1;
    status first = STATUS_COUNT;
    for (int i = 0; i < STATUS_COUNT; i++) {
        if (statuses[i].cycle == next)
            return (status)i;
        if (statuses[i].cycle == 1)
            first = (status)i;
    }
    return first; /* past the last place: back to the first */
}
