#!/usr/bin/env python3
"""Lists the data files compiled into qtown (plans and the demo), one per
line, for meson.  New files need a reconfigure (meson setup --reconfigure)."""
import os
import sys

root = sys.argv[1]
for sub in ('plans', 'demo'):
    for dirpath, _, files in sorted(os.walk(os.path.join(root, sub))):
        for f in sorted(files):
            if f.endswith('.yaml'):
                print(os.path.relpath(os.path.join(dirpath, f), os.path.dirname(root)))
