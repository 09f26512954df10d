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
(cd "$tmp/base-src" && meson setup "$tmp/base-build" -Dbuildtype=debugoptimized >/dev/null &&
    ninja -C "$tmp/base-build" bench/bench_report src/qtown >/dev/null)

# bench/gen-workspace.py: the demo's units copied round-robin (new ids and
# names); the base side runs the script of its own tree.
generate() { # QTOWN DIR SCRIPT
    python3 "$3" "$1" "$2" "$units" >/dev/null
}
generate "$tmp/base-build/src/qtown" "$tmp/ws-base" "$tmp/base-src/bench/gen-workspace.py"
generate "$build/src/qtown" "$tmp/ws-new" bench/gen-workspace.py

overview_ms() { # BENCH_REPORT WORKSPACE: the best of one round
    "$1" "$2" 1 | sed -n 's/^overview ([^)]*): *\([0-9.]*\) ms.*/\1/p'
}
load_ms() {
    "$1" "$2" 1 | sed -n 's/^load workspace (baseline): *\([0-9.]*\) ms.*/\1/p'
}
best_base=999999 best_new=999999
for ((r = 0; r < rounds; r++)); do
    b=$(overview_ms "$tmp/base-build/bench/bench_report" "$tmp/ws-base")
    n=$(overview_ms "$build/bench/bench_report" "$tmp/ws-new")
    best_base=$(python3 -c "print(min($best_base, $b))")
    best_new=$(python3 -c "print(min($best_new, $n))")
done
echo "units: $units; base: $(git rev-parse --short "$base"); best of $rounds alternating rounds"
echo "load, base: $(load_ms "$tmp/base-build/bench/bench_report" "$tmp/ws-base") ms; this tree: $(load_ms "$build/bench/bench_report" "$tmp/ws-new") ms"
python3 -c "
b, n = $best_base, $best_new
print(f'overview, base:      {b:8.1f} ms')
print(f'overview, this tree: {n:8.1f} ms  = {n / b:.3f} x base')
"
