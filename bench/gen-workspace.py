#!/usr/bin/env python3
"""Makes a large workspace for benchmarks: qtown init --demo, then N unit
files made from the demo's villages and enterprises (new ids and names,
the same believable content).

    gen-workspace.py QTOWN DIR N
"""
import os
import random
import subprocess
import sys

qtown, root, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
subprocess.run([qtown, "init", root, "--demo", "--no-git"], check=True, stdout=subprocess.DEVNULL)
templates = []
for kind in ("villages", "enterprises"):
    folder = os.path.join(root, kind)
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            templates.append((kind, name[:-5], f.read()))
        os.remove(os.path.join(folder, name))
rng = random.Random(2016)
for i in range(n):
    kind, old_id, text = templates[i % len(templates)]
    new_id = f"{old_id}-{i:05d}"
    text = text.replace(f"id: {old_id}\n", f"id: {new_id}\n", 1)
    lines = text.split("\n")
    lines[2] = lines[2] + f"{i:05d}"  # name: ...NNNNN
    with open(os.path.join(root, kind, new_id + ".yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
