#!/usr/bin/env bash
# One change to many units: `qtown set --kind village CHECK done` on N
# villages, against the way it was done before it existed, a shell loop of
# N `qtown set ID CHECK done`, in the same run on copies of one workspace
# (the baseline).  Also the same bulk command run again (every unit already
# so: read under its lock, nothing written).
#
#   bench/bulk-set.sh [BUILD_DIR] [UNITS]     (default: build, 1000)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
units=${2:-1000}
ninja -C "$build" src/qtown >/dev/null
qtown=$build/src/qtown
check=M8.responsibility-letter

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qtown-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
"$qtown" init "$tmp/model" --no-git >/dev/null
for i in $(seq -w 1 "$units"); do
    printf 'id: v%s\nkind: village\nname: 村%s\n' "$i" "$i" >"$tmp/model/villages/v$i.yaml"
done
"$qtown" -w "$tmp/model" list >/dev/null # the cache, as an office has it
cp -a "$tmp/model" "$tmp/loop"
cp -a "$tmp/model" "$tmp/bulk"
ms() { echo $((($(date +%s%N) - $1) / 1000000)); }

start=$(date +%s%N)
for f in "$tmp/loop"/villages/*.yaml; do
    id=${f##*/}
    "$qtown" -w "$tmp/loop" set "${id%.yaml}" "$check" done >/dev/null
done
loop=$(ms "$start")
start=$(date +%s%N)
"$qtown" -w "$tmp/bulk" set --kind village "$check" done >/dev/null
bulk=$(ms "$start")
start=$(date +%s%N)
"$qtown" -w "$tmp/bulk" set --kind village "$check" done >/dev/null
again=$(ms "$start")
[ "$(grep -l 'status: done' "$tmp/bulk"/villages/*.yaml | wc -l)" -eq "$units" ]
echo "$units villages, one check done:"
echo "  a loop of qtown set UNIT (baseline) $loop ms"
echo "  qtown set --kind village            $bulk ms  ($(awk -v a="$bulk" -v b="$loop" 'BEGIN { printf "%.2f", a / b }')x the loop)"
echo "  the same again (all already so)     $again ms  ($(awk -v a="$again" -v b="$loop" 'BEGIN { printf "%.2f", a / b }')x the loop)"
