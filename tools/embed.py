#!/usr/bin/env python3
"""Turns data files into a C source of byte arrays (qtown's built-in plans
and demo).  Usage: embed.py OUTPUT.c DATADIR FILE..."""
import os
import sys


def main():
    out, base, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    lines = ['#include "model/builtin.h"', '#include <string.h>', '']
    entries = []
    for i, f in enumerate(sorted(files)):
        rel = os.path.relpath(f, base).replace(os.sep, '/')
        data = open(f, 'rb').read()
        lines.append(f'static const char file_{i}[] =')
        for start in range(0, max(len(data), 1), 48):
            chunk = ''.join(f'\\{b:03o}' for b in data[start:start + 48])
            lines.append(f'    "{chunk}"')
        lines[-1] += ';'
        entries.append(f'    {{"{rel}", file_{i}, {len(data)}}},')
    lines.append('const builtin_file builtin_files[] = {')
    lines.extend(entries)
    lines.append('};')
    lines.append(f'const size_t builtin_file_count = {len(entries)};')
    lines.append('')
    lines.append('const builtin_file *builtin_find(const char *path)')
    lines.append('{')
    lines.append('    for (size_t i = 0; i < builtin_file_count; i++)')
    lines.append('        if (strcmp(builtin_files[i].path, path) == 0)')
    lines.append('            return &builtin_files[i];')
    lines.append('    return NULL;')
    lines.append('}')
    with open(out, 'w') as fh:
        fh.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
