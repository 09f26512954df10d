#include "yaml/ypack.h"

#include <stdint.h>

/* A node: a byte (kind, and 4 when plain), its line and column, then a
 * scalar's length, bytes and a NUL, or a collection's count and its
 * children (a map's key then value); numbers as LEB128. */

static void put_num(strbuf *out, size_t n)
{
    do {
        unsigned char b = n & 0x7f;
        n >>= 7;
        sb_putc(out, (char)(n ? b | 0x80 : b));
    } while (n);
}

void ypack(const ynode *node, strbuf *out)
{
    sb_putc(out, (char)(node->kind | (node->plain ? 4 : 0)));
    put_num(out, (size_t)node->line);
    put_num(out, (size_t)node->col);
    if (node->kind == YNODE_SCALAR) {
        put_num(out, node->len);
        sb_add(out, node->str, node->len);
        sb_putc(out, '\0');
        return;
    }
    put_num(out, node->count);
    for (size_t i = 0; i < node->count; i++) {
        if (node->kind == YNODE_MAP)
            ypack(node->keys[i], out);
        ypack(node->values[i], out);
    }
}

typedef struct unpacker {
    arena *mem;
    const unsigned char *p, *end;
} unpacker;

static bool get_num(unpacker *u, size_t *n)
{
    *n = 0;
    for (unsigned shift = 0; u->p < u->end && shift < 64; shift += 7) {
        unsigned char b = *u->p++;
        *n |= (size_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return true;
    }
    return false;
}

static ynode *get_node(unpacker *u, int depth)
{
    size_t line, col, n;
    if (u->p >= u->end || depth > 64)
        return NULL;
    unsigned char head = *u->p++;
    if ((head & 3) > YNODE_SEQ || !get_num(u, &line) || !get_num(u, &col) || !get_num(u, &n) ||
        line > INT32_MAX || col > INT32_MAX)
        return NULL;
    ynode *node = arena_alloc(u->mem, sizeof *node);
    *node = (ynode){.kind = (ynode_kind)(head & 3), .line = (int)line, .col = (int)col};
    node->plain = (head & 4) != 0;
    if (node->kind == YNODE_SCALAR) {
        if ((size_t)(u->end - u->p) <= n || u->p[n] != '\0')
            return NULL;
        node->str = (const char *)u->p;
        node->len = n;
        u->p += n + 1;
        return node;
    }
    if (n > (size_t)(u->end - u->p)) /* each child takes a byte at least */
        return NULL;
    node->count = n;
    node->values = arena_array(u->mem, n ? n : 1, sizeof *node->values);
    if (node->kind == YNODE_MAP)
        node->keys = arena_array(u->mem, n ? n : 1, sizeof *node->keys);
    for (size_t i = 0; i < n; i++) {
        if (node->kind == YNODE_MAP && !(node->keys[i] = get_node(u, depth + 1)))
            return NULL;
        if (!(node->values[i] = get_node(u, depth + 1)))
            return NULL;
    }
    return node;
}

const ynode *yunpack(arena *mem, const char *packed, size_t len)
{
    unpacker u = {mem, (const unsigned char *)packed, (const unsigned char *)packed + len};
    const ynode *root = get_node(&u, 0);
    return root && u.p == u.end ? root : NULL;
}
