#!/usr/bin/env bash
# Benchmark of the one-name rule at scale (issue 15): adding units checks
# each new name against every village and enterprise, under the names'
# lock.  Everything in one run, each figure a ratio against a baseline of
# the same run:
#
#   import      UNITS new enterprises (a roster sheet) imported into a
#               workspace of UNITS units and into an empty one; baseline:
#               `git add` of the same UNITS new files (hashing and writing
#               each once).  The ratio into-UNITS / into-empty is what the
#               workspace's size costs (target: near 1, not UNITS-fold)
#   one add     one `qtown add` into N units (N-4 when taken from
#               SCALE_DIR: room for the adds under the limit), cache warm; baseline:
#               bench/event_parse, libyaml's bare parse of every unit file
#               (what a check reading each file costs at the least); also
#               the bytes it reads (rchar)
#
# Wall-clock and CPU time (user + system) of each, by /usr/bin/time.
#
#   bench/names.sh [BUILD_DIR] [UNITS] [N]       (default: build 2000 10000)
#   (UNITS 0 or N 0 leaves that part out)
#   QTOWN=PATH runs another qtown binary (the one before a change) against
#   the same baselines.  SCALE_DIR=DIR takes the N-unit workspace from
#   DIR/ws-N (bench/scale.sh's layout; it is hard-linked, never written:
#   qtown replaces files, it never writes into one); else it is generated.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
units=${2:-2000}
n=${3:-10000}
q=${QTOWN:-$PWD/$build/src/qtown}
parse=$PWD/$build/bench/event_parse
[ -x "$q" ] && [ -x "$parse" ] || { echo "build first: meson compile -C $build"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/names.sh needs /usr/bin/time (Debian's time)"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qtown-names.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp QTOWN_NOW=1764123300 QTOWN_USER=bench LC_ALL=C.UTF-8 LANG=C.UTF-8
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org

# timed LABEL CMD...: "wall cpu" of the command in $tmp/LABEL.time
timed() {
    local label=$1
    shift
    /usr/bin/time -f '%e %U %S' -o "$tmp/$label.raw" "$@" >/dev/null || { echo "failed: $*"; exit 1; }
    awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$tmp/$label.raw" >"$tmp/$label.time"
}
wall() { cut -d' ' -f1 "$tmp/$1.time"; }
cpu() { cut -d' ' -f2 "$tmp/$1.time"; }
ratio() { echo "scale=3; $1 / $2" | bc -l; }
past_racy_window() { sleep 2.2; } # cache entries written within it are hashed again

# ---- UNITS imported into UNITS -------------------------------------------
if [ "$units" -gt 0 ]; then
    python3 bench/gen-workspace.py "$q" "$tmp/full" "$units"
    "$q" init "$tmp/empty" --no-git >/dev/null
    "$q" -w "$tmp/full" list >/dev/null
    past_racy_window
    "$q" -w "$tmp/full" list >/dev/null # the cache warm, as the office's would be
    {
        echo "kind,id,name,size"
        for i in $(seq 1 "$units"); do echo "enterprise,new-$i,新企业$i,small"; done
    } >"$tmp/roster.csv"
    timed into-full "$q" -w "$tmp/full" import "$tmp/roster.csv"
    timed into-empty "$q" -w "$tmp/empty" import "$tmp/roster.csv"
    [ "$(ls "$tmp/full/enterprises" | grep -c '^new-')" = "$units" ] || { echo "import into $units failed"; exit 1; }
    git -C "$tmp/empty" init -q
    timed git-add git -C "$tmp/empty" add enterprises
    printf 'import of %d units into %d: %.2f s (cpu %.2f s); into an empty workspace %.2f s (cpu %.2f s); git add of the %d files %.2f s (cpu %.2f s)\n' \
        "$units" "$units" "$(wall into-full)" "$(cpu into-full)" "$(wall into-empty)" "$(cpu into-empty)" \
        "$units" "$(wall git-add)" "$(cpu git-add)"
    printf '  ratios: into %d / git add %s (cpu %s); into empty / git add %s; into %d / into empty %s\n' \
        "$units" "$(ratio "$(wall into-full)" "$(wall git-add)")" "$(ratio "$(cpu into-full)" "$(cpu git-add)")" \
        "$(ratio "$(wall into-empty)" "$(wall git-add)")" "$units" "$(ratio "$(wall into-full)" "$(wall into-empty)")"
fi

# ---- one add into N --------------------------------------------------------
[ "$n" -gt 0 ] || exit 0
if [ -n "${SCALE_DIR:-}" ] && [ "$(cat "$SCALE_DIR/ws-$n.done" 2>/dev/null)" = "$n" ]; then
    cp -al "$SCALE_DIR/ws-$n" "$tmp/big"
    rm -rf "$tmp/big/.qtown" # its own cache: the links to the original are dropped, never written
    # room for the four adds below under WORKSPACE_MAX_UNITS (100,000)
    ls "$tmp/big/villages" | tail -4 | while read -r f; do rm "$tmp/big/villages/$f"; done
else
    python3 bench/gen-workspace.py "$q" "$tmp/big" "$n"
fi
"$q" -w "$tmp/big" list >/dev/null
past_racy_window
"$q" -w "$tmp/big" list >/dev/null
find "$tmp/big/villages" "$tmp/big/enterprises" -name '*.yaml' | sort >"$tmp/files"
"$parse" <"$tmp/files" >/dev/null # the page cache warm
timed parse sh -c '"$0" <"$1"' "$parse" "$tmp/files"
best=""
for i in 1 2 3; do
    timed "add$i" "$q" -w "$tmp/big" add enterprise "bench-$i" "基准企业$i"
    if [ -z "$best" ] || [ "$(echo "$(wall "add$i") < $(wall "$best")" | bc)" = 1 ]; then best=add$i; fi
done
# the bytes one add reads: the reaped child's I/O is counted into the shell's
rchar=$(sh -c '"$0" -w "$1" add enterprise bench-io 基准企业io >/dev/null; exec cat /proc/$$/io' "$q" "$tmp/big" |
    awk '/^rchar/ { print $2 }')
printf 'one add into %d units (best of 3): %.3f s (cpu %.3f s), reads %.1f MB; bare parse of the %d files %.2f s (cpu %.2f s)\n' \
    "$n" "$(wall "$best")" "$(cpu "$best")" "$(echo "$rchar / 1000000" | bc -l)" "$n" "$(wall parse)" "$(cpu parse)"
printf '  ratio: one add / bare parse %s (cpu %s)\n' \
    "$(ratio "$(wall "$best")" "$(wall parse)")" "$(ratio "$(cpu "$best")" "$(cpu parse)")"
