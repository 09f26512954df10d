/* builtin — files compiled into qtown (generated from data/ at build
 * time): the default plans and the demo workspace. */
#ifndef QTOWN_BUILTIN_H
#define QTOWN_BUILTIN_H

#include <stddef.h>

typedef struct builtin_file {
    const char *path; /* relative to data/, e.g. "plans/jiaze-2016.yaml" */
    const char *data;
    size_t len;
} builtin_file;

extern const builtin_file builtin_files[];
extern const size_t builtin_file_count;

const builtin_file *builtin_find(const char *path);

#endif
