#!/usr/bin/env bash
# Benchmark of issue 11 (checks that know where they apply): the overview
# (every town target, score, rank and the matrix) on UNITS units with this
# tree's qtown against the same with qtown at BASE (before the issue), in
# one run.  Applicability is evaluated once per unit load, so the overview
# must stay within 10% of BASE's.
#
# Each side gets a workspace generated from its own demo (the demo and the
# plan changed with the issue) the same way (bench/gen-workspace.py).  The
# rounds alternate between the two sides; each side's figure is its best.
#
#   bench/applicability.sh [BUILD_DIR] [BASE] [UNITS] [ROUNDS]
#                          (default: build, main, 10000, 5)
#
# On a machine whose 2 cores are shared with other builds, even processor
# times wander by 30% from run to run; the work itself is counted exactly
# by callgrind (valgrind --tool=callgrind --toggle-collect=overview_build
# bench/bench_report WORKSPACE 1), which is the steadier comparison.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
base=${2:-main}
units=${3:-10000}
rounds=${4:-5}
ninja -C "$build" bench/bench_report src/qtown >/dev/null

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qtown-bench.XXXXXX")
cleanup() {
    git worktree remove --force "$tmp/base-src" >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT
git worktree add --detach "$tmp/base-src" "$base" >/dev/null 2>&1
# both sides measured by this tree's bench_report (processor time too)
cp bench/bench_report.c "$tmp/base-src/bench/bench_report.c"
(cd "$tmp/base-src" && meson setup "$tmp/base-build" -Dbuildtype=debugoptimized >/dev/null &&
    ninja -C "$tmp/base-build" bench/bench_report src/qtown >/dev/null)

# bench/gen-workspace.py: the demo's units copied round-robin (new ids and
# names); the base side runs the script of its own tree.
generate() { # QTOWN DIR SCRIPT
    python3 "$3" "$1" "$2" "$units" >/dev/null
}
generate "$tmp/base-build/src/qtown" "$tmp/ws-base" "$tmp/base-src/bench/gen-workspace.py"
generate "$build/src/qtown" "$tmp/ws-new" bench/gen-workspace.py

# figures BENCH_REPORT WORKSPACE: "wall W cpu L O" of one round (ms): the
# overview's wall time, the load's and the overview's processor time
figures() {
    "$1" "$2" 1 | sed -n -e 's/^overview ([^)]*): *\([0-9.]*\) ms.*/wall \1/p' \
        -e 's/^processor time: load \([0-9.]*\) ms, overview \([0-9.]*\) ms/cpu \1 \2/p' |
        tr '\n' ' '
}
for ((r = 0; r < rounds; r++)); do
    echo "base $(figures "$tmp/base-build/bench/bench_report" "$tmp/ws-base")"
    echo "new $(figures "$build/bench/bench_report" "$tmp/ws-new")"
done >"$tmp/rounds"
python3 - "$tmp/rounds" "$units" "$(git rev-parse --short "$base")" "$rounds" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
best = {}
for side, _, wall, _, load_cpu, ov_cpu in rows:
    b = best.setdefault(side, [1e18, 1e18, 1e18])
    b[0] = min(b[0], float(load_cpu)); b[1] = min(b[1], float(ov_cpu)); b[2] = min(b[2], float(wall))
print(f"units: {sys.argv[2]}; base: {sys.argv[3]}; best of {sys.argv[4]} alternating rounds")
print(f"{'':22} {'base':>10} {'this tree':>10} {'ratio':>6}")
for i, name in enumerate(("load, processor", "overview, processor", "overview, wall")):
    b, n = best["base"][i], best["new"][i]
    print(f"{name:22} {b:8.1f}ms {n:8.1f}ms {n / b:6.3f}")
PY
