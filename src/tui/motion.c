#include "tui/motion.h"

bool motion_delta(action act, long page, size_t n, long *delta)
{
    switch (act) {
    case ACT_UP:
        *delta = -1;
        return true;
    case ACT_DOWN:
        *delta = 1;
        return true;
    case ACT_PAGE_UP:
        *delta = -page;
        return true;
    case ACT_PAGE_DOWN:
        *delta = page;
        return true;
    case ACT_TOP:
        *delta = -(long)n;
        return true;
    case ACT_BOTTOM:
        *delta = (long)n;
        return true;
    default:
        return false;
    }
}

size_t motion_move(size_t cur, long delta, size_t n,
                   bool (*selectable)(const void *ctx, size_t row), const void *ctx)
{
    if (n == 0)
        return 0;
    long r = (long)cur + delta, last = (long)n - 1;
    r = r < 0 ? 0 : r > last ? last : r;
    long step = delta < 0 ? -1 : 1;
    for (int pass = 0; pass < 2; pass++, step = -step)
        for (long t = r; t >= 0 && t <= last; t += step)
            if (selectable(ctx, (size_t)t))
                return (size_t)t;
    return cur;
}
