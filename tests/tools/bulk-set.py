#!/usr/bin/env python3
"""A bulk change of many unit files at once, for the sync's tests and
benchmarks (qtown has no bulk command yet, and `qtown set` in a loop costs
~10 ms a unit): in each unit file, one check gets a new status, `updated`
and `by`, and the history a line for it -- the lines `qtown set` writes.

    bulk-set.py WS NTH STATUS[,OTHER] BY AT [COUNT [FIRST]]

NTH: which check of each file (1 = the first under `checks:`); STATUS the
new status, OTHER the one taken where the check already has STATUS (without
it, such a file is left alone); AT: the time written
(2025-11-26T10:15:00+08:00); COUNT: how many unit files, in the order of
their paths (all by default), from the FIRST-th (0).  Prints the number of
files changed.
"""
import glob
import os
import sys


def change(path, nth, statuses, by, at):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = lines.index("checks:") + 1
    seen = 0
    for i in range(start, len(lines)):
        line = lines[i]
        if not line.startswith("  ") or line.startswith("   "):
            if not line.startswith("  "):
                return False  # past the checks: fewer than nth
            continue
        seen += 1
        if seen != nth:
            continue
        check = line.strip().rstrip(":")
        j = i + 1
        old = None
        block = []
        while j < len(lines) and lines[j].startswith("    "):
            own = not lines[j].startswith("     ")  # a key of the check, not a note's line
            key = lines[j].strip().split(":", 1)[0] if own else None
            if key == "status":
                old = lines[j].split(":", 1)[1].strip()
            if key not in ("status", "updated", "by"):
                block.append(lines[j])  # value, note (and its lines)
            j += 1
        if old == statuses[0] and len(statuses) == 1:
            return False
        status = statuses[1] if old == statuses[0] else statuses[0]
        lines[i + 1:j] = [f"    status: {status}"] + block + [f"    updated: {at}", f"    by: {by}"]
        entry = f"- {{at: '{at}', by: {by}, check: {check}, from: {old}, to: {status}}}"
        while lines and lines[-1] == "":
            lines.pop()
        if "history:" not in lines:
            lines.append("history:")
        lines.append(entry)
        lines.append("")
        with open(path + ".bulk-tmp", "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        os.replace(path + ".bulk-tmp", path)
        return True
    return False


def main():
    ws, nth, by, at = sys.argv[1], int(sys.argv[2]), sys.argv[4], sys.argv[5]
    statuses = sys.argv[3].split(",")
    paths = sorted(glob.glob(f"{ws}/villages/*.yaml") + glob.glob(f"{ws}/enterprises/*.yaml"))
    count = int(sys.argv[6]) if len(sys.argv) > 6 else len(paths)
    first = int(sys.argv[7]) if len(sys.argv) > 7 else 0
    print(sum(change(p, nth, statuses, by, at) for p in paths[first:first + count]))


main()
