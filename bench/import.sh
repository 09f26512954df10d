#!/usr/bin/env bash
# Benchmark of qtown import (issue 15, the Excel round trip) against what
# the office did before it, in one run: a roster of UNITS new enterprises
# brought in by one `qtown import` against UNITS `qtown add` calls, and one
# check marked done in every village by one checks sheet against one
# `qtown set` per village.  Both sides change the same files through the
# same store functions; the ratio is what one command instead of many
# saves (start-up, opening the workspace, reading the plan).
#
#   bench/import.sh [BUILD_DIR] [UNITS]      (default: build, 200)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
units=${2:-200}
ninja -C "$build" src/qtown >/dev/null
q=$PWD/$build/src/qtown
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qtown-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp QTOWN_NOW=1764123300 QTOWN_USER=bench
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

"$q" init "$tmp/a" --no-git >/dev/null
"$q" init "$tmp/b" --no-git >/dev/null
{
    echo "kind,id,name,size"
    for i in $(seq 1 "$units"); do echo "enterprise,e$i,企业$i,small"; done
} >"$tmp/roster.csv"

t0=$(now)
for i in $(seq 1 "$units"); do "$q" -w "$tmp/a" add enterprise "e$i" "企业$i" --attr size=small >/dev/null; done
t1=$(now)
"$q" -w "$tmp/b" import "$tmp/roster.csv" >/dev/null
t2=$(now)
add=$(secs "$t0" "$t1")
imp=$(secs "$t1" "$t2")
cmp <(cd "$tmp/a" && cat enterprises/*.yaml | sha256sum) <(cd "$tmp/b" && cat enterprises/*.yaml | sha256sum) >/dev/null ||
    echo "warning: the two sides' files differ"
printf 'roster of %d enterprises: %d x qtown add %.2f s, qtown import %.2f s (ratio %.3f)\n' \
    "$units" "$units" "$add" "$imp" "$(echo "$imp / $add" | bc -l)"

check=O1.no-counterfeit
{
    echo "unit,check,status"
    for i in $(seq 1 "$units"); do echo "e$i,$check,done"; done
} >"$tmp/checks.csv"
t0=$(now)
for i in $(seq 1 "$units"); do "$q" -w "$tmp/a" set "e$i" "$check" done >/dev/null; done
t1=$(now)
"$q" -w "$tmp/b" import "$tmp/checks.csv" >/dev/null
t2=$(now)
set=$(secs "$t0" "$t1")
imp=$(secs "$t1" "$t2")
printf 'one check done in %d units: %d x qtown set %.2f s, qtown import %.2f s (ratio %.3f)\n' \
    "$units" "$units" "$set" "$imp" "$(echo "$imp / $set" | bc -l)"
