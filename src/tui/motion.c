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
            if (!selectable || selectable(ctx, (size_t)t))
                return (size_t)t;
    return cur;
}

void motion_follow(size_t *top, size_t cur, size_t rows)
{
    if (cur < *top)
        *top = cur;
    if (cur >= *top + rows)
        *top = cur - rows + 1;
}

bool motion_scroll(action act, long page, size_t end, size_t *top)
{
    long delta;
    if (!motion_delta(act, page, 0, &delta))
        return false;
    if (act == ACT_TOP)
        *top = 0;
    else if (act == ACT_BOTTOM)
        *top = end;
    else if (delta < 0)
        *top = *top > (size_t)-delta ? *top - (size_t)-delta : 0;
    else
        *top += (size_t)delta;
    return true;
}

long list_page(const list_view *v)
{
    return v->shown > 2 ? (long)v->shown - 1 : 1;
}

void list_move(list_view *v, long delta, size_t n)
{
    v->cur = motion_move(v->cur, delta, n, v->selectable, v->ctx);
}

bool list_key(list_view *v, action act, size_t n)
{
    long delta;
    if (!motion_delta(act, list_page(v), n, &delta))
        return false;
    list_move(v, delta, n);
    return true;
}

void list_show(list_view *v, size_t rows)
{
    v->shown = rows;
    motion_follow(&v->top, v->cur, rows);
}

void list_show_text(list_view *v, size_t rows, size_t n)
{
    v->shown = rows;
    size_t last_top = n > rows ? n - rows : 0;
    if (v->top > last_top)
        v->top = last_top;
}

bool list_scroll(list_view *v, action act, size_t end)
{
    return motion_scroll(act, list_page(v), end, &v->top);
}
