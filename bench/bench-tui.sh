#!/usr/bin/env bash
# Benchmark of the screens: the cost of a keystroke on a
# 10,000-unit workspace against the same on the demo (29 units), measured
# in the same run.  qtown runs headless (QTOWN_TEST_KEYS: the keys come
# from a script, the screen is drawn to /dev/null) and reports the time
# spent between reading a key and the frame being on the terminal
# (QTOWN_TEST_STATS), so that loading the workspace is left out.
#
#   moving:  j/k/PgDn/PgUp/g/G in the unit list, then in a checklist
#   marking: d/t/u/Ctrl-R on a check of a village: each one a locked,
#            fsynced save
#   polling: one look for changed files (the open unit, the folders and a
#            slice of WATCH_SWEEP unit files), with nothing changed
#   polling after a save: the save renamed a file in the town's folder, so
#            the folder is listed and its files stated (the one look that
#            grows with the workspace; it is not a keystroke)
#
#   bench/bench-tui.sh [BUILD_DIR] [UNITS]     (default: build, 10000)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
units=${2:-10000}
qtown=$PWD/$build/src/qtown
[ -x "$qtown" ] || { echo "build first: meson compile -C $build"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QTOWN_NOW=1764123300 TZ=Asia/Shanghai LC_ALL=C.UTF-8 LANG=C.UTF-8 TERM=xterm-256color
export COLUMNS=100 LINES=30

python3 bench/gen-workspace.py "$qtown" "$tmp/big" "$units"
"$qtown" init "$tmp/demo" --demo >/dev/null

rep() { local i out=""; for ((i = 0; i < $2; i++)); do out+=$1; done; printf '%s' "$out"; }
{
    rep j 400; rep '<PgDn>' 20; rep k 400; rep '<PgUp>' 20; printf 'Gg'
    printf '<Enter>'; rep j 100; rep k 100; printf '<Tab>'; rep j 20; printf '<Tab><Esc>'
} >"$tmp/move.keys"
{ printf 'j<Enter>j'; rep dt 150; rep 'u<C-r>' 50; } >"$tmp/mark.keys"
rep '<poll>' 300 >"$tmp/poll.keys"
{ printf 'j<Enter>j'; rep 'd<poll>t<poll>' 50; } >"$tmp/savepoll.keys"

python3 - "$qtown" "$tmp" "$units" <<'PY'
import os, statistics, subprocess, sys
qtown, tmp, units = sys.argv[1:4]

def run(ws, keys):
    stats = f"{tmp}/stats"
    env = dict(os.environ, QTOWN_TEST_KEYS=f"{tmp}/{keys}.keys", QTOWN_TEST_STATS=stats)
    subprocess.run([qtown, "-w", f"{tmp}/{ws}"], env=env, check=True)
    out = {}
    for line in open(stats):
        f = line.split()
        out[f[0]] = (int(f[1]), int(f[3]), int(f[5]))
    return out

def per_event(ws, keys, kind, runs=5):
    cpu, wall = [], []
    for _ in range(runs):
        n, c, w = run(ws, keys)[kind]
        cpu.append(c / n)
        wall.append(w / n)
    return statistics.median(cpu), statistics.median(wall), n

print(f"per keystroke, median of 5 runs (demo: 29 units; big: {units} units)")
print(f"{'':9} {'events':>6} {'demo cpu':>10} {'big cpu':>10} {'ratio':>6}   {'demo wall':>10} {'big wall':>10} {'ratio':>6}")
for name, kind, keys in (("moving", "keys", "move"), ("marking", "keys", "mark"),
                        ("polling", "polls", "poll"), ("poll+save", "polls", "savepoll")):
    dc, dw, n = per_event("demo", keys, kind)
    bc, bw, _ = per_event("big", keys, kind)
    print(f"{name:9} {n:6} {dc / 1000:8.1f}us {bc / 1000:8.1f}us {bc / dc:5.2f}x   "
          f"{dw / 1000:8.1f}us {bw / 1000:8.1f}us {bw / dw:5.2f}x")
PY
