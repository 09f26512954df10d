/* arena — bump allocation for things that die together (a parsed
 * document, a unit and its strings).  Freed all at once. */
#ifndef QTOWN_ARENA_H
#define QTOWN_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(size_t first_chunk);
void *arena_alloc(arena *a, size_t size);
/* `count` zeroed elements of `size` bytes (the product checked for overflow). */
void *arena_array(arena *a, size_t count, size_t size);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
void arena_free(arena *a);

#endif
