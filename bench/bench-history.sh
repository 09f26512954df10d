#!/usr/bin/env bash
# Benchmark of issue 12 (every note change in the history), each figure a
# ratio against a baseline measured in the same run:
#   1. `qtown set UNIT CHECK STATUS --note TEXT --by NAME` changing a note,
#      now (a history line per note change, holding the note replaced)
#      / the same command of the qtown before it (BASE: no history line
#      for a note), each run on the same file (put back before it, so that
#      what is measured is the save, not a file grown by earlier runs),
#      runs interleaved, medians (target: within 1.1x);
#   2. the same without --by: who signs is then found in its order (the
#      user's config, git's user.name: one git run) / the baseline, which
#      took qtown.yaml's inspector (reported, no target);
#   3. how much a unit file grows per note change, for notes of 30, 300
#      and 3000 bytes / the note's own size (target: the note's size and a
#      line's keys, ~80 bytes, no more).
#
#   bench/bench-history.sh [BUILD_DIR] [BASE]     (default: build, main)
# BASE is a qtown binary, or a git revision of this repository whose qtown
# is built for the run in a temporary worktree (default: main's).  Give a
# revision before the note history when main has it (the merge base of
# the branch that brought it: git merge-base main audit-trail^2).
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
base=${2:-main}
qtown=$PWD/$build/src/qtown
[ -x "$qtown" ] || { echo "build first: meson compile -C $build"; exit 1; }
tmp=$(mktemp -d)
cleanup() {
    [ -d "$tmp/base-src" ] && git worktree remove --force "$tmp/base-src" >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT
if [ -x "$base" ]; then
    old=$base
else
    echo "building the baseline's qtown ($base)..."
    git worktree add -q --detach "$tmp/base-src" "$base"
    (cd "$tmp/base-src" && meson setup "$tmp/base-build" -Dbuildtype=debugoptimized >/dev/null &&
        meson compile -C "$tmp/base-build" src/qtown >/dev/null)
    old=$tmp/base-build/src/qtown
fi
export HOME=$tmp/home TZ=Asia/Shanghai LC_ALL=C.UTF-8 QTOWN_NOW=1764123300 GIT_CONFIG_NOSYSTEM=1
unset QTOWN_USER XDG_CONFIG_HOME
mkdir -p "$HOME"
"$qtown" init "$tmp/new" --demo >/dev/null
cp -r "$tmp/new" "$tmp/old"

python3 - "$qtown" "$old" "$tmp" <<'PY'
import os, statistics, subprocess, sys, time
new, old, tmp = sys.argv[1:4]
bins = {"new": new, "old": old}

def note(size, i):
    """A note of `size` bytes (Chinese, 3 bytes a character), different for each i."""
    head = f"第{i}次"
    return head + "检" * ((size - len(head.encode())) // 3)

def set_note(which, i, size, by=True, check="O1.patrol", unit="chenshan"):
    argv = [bins[which], "-w", f"{tmp}/{which}", "set", unit, check, "doing", "--note", note(size, i)]
    if by:
        argv += ["--by", "bench"]
    t = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t

pristine = open(f"{tmp}/new/villages/chenshan.yaml", "rb").read()

def compare(runs, size, by):
    times = {"new": [], "old": []}
    for i in range(runs):  # interleaved: the machine's load hits both alike
        for which in ("new", "old") if i % 2 == 0 else ("old", "new"):
            with open(f"{tmp}/{which}/villages/chenshan.yaml", "wb") as f:
                f.write(pristine)  # the same file for every run
            times[which].append(set_note(which, i, size, by))
    return statistics.median(times["new"]), statistics.median(times["old"])

for which in bins:  # warm the page cache
    set_note(which, 0, 300)
n, o = compare(61, 300, True)
print(f"set --note (300 bytes) --by: baseline {o * 1000:6.2f} ms, now {n * 1000:6.2f} ms, "
      f"ratio {n / o:.3f}x (target <= 1.1x)")
n, o = compare(31, 300, False)
print(f"set --note without --by:     baseline {o * 1000:6.2f} ms, now {n * 1000:6.2f} ms, "
      f"ratio {n / o:.3f}x (who signs: git's user.name looked up)")

def growth(which, size, changes=20):
    path = f"{tmp}/{which}/villages/xicheng.yaml"
    set_note(which, 1000, size, check="O1.patrol", unit="xicheng")
    start = os.path.getsize(path)
    for i in range(changes):
        set_note(which, 1001 + i, size, check="O1.patrol", unit="xicheng")
    return (os.path.getsize(path) - start) / changes

for size in (30, 300, 3000):
    g_new, g_old = growth("new", size), growth("old", size)
    print(f"a {size:4}-byte note changed: the file grows {g_new:7.1f} bytes per change "
          f"(baseline {g_old:5.1f}), {g_new / size:.2f}x the note "
          f"({g_new - size:+.0f} bytes: the line's keys)")
PY
