#!/usr/bin/env bash
# Benchmark of the storage (listing, saving, memory), each figure a ratio
# against a baseline measured in the same run:
#   1. `qtown list` on 10,000 units / a bare libyaml event parse of the
#      same files (target: under 2x);
#   2. `qtown set` on a 10,000-unit workspace / on the demo (target: within
#      1.2x: set reads only the plan, qtown.yaml and its unit);
#   3. peak memory (RSS) of `qtown list` on 10,000 units.
#
#   bench/bench-storage.sh [BUILD_DIR] [UNITS]     (default: build, 10000)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
units=${2:-10000}
qtown=$PWD/$build/src/qtown
parse=$PWD/$build/bench/event_parse
[ -x "$qtown" ] && [ -x "$parse" ] || { echo "build first: meson compile -C $build"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export QTOWN_NOW=1764123300 TZ=Asia/Shanghai LC_ALL=C.UTF-8

python3 bench/gen-workspace.py "$qtown" "$tmp/big" "$units"
"$qtown" init "$tmp/demo" --demo >/dev/null
find "$tmp/big/villages" "$tmp/big/enterprises" -name '*.yaml' | sort >"$tmp/files"
echo "$tmp/big/town.yaml" >>"$tmp/files"
bytes=$(cat $(cat "$tmp/files") | wc -c)
echo "workspace: $units units, $((bytes / 1024)) KiB of YAML"

python3 - "$qtown" "$parse" "$tmp" <<'PY'
import os, resource, statistics, subprocess, sys, time
qtown, parse, tmp = sys.argv[1:4]

def timed(cmd, stdin=None, runs=7):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdin=open(stdin) if stdin else None, stdout=subprocess.DEVNULL,
                       check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)

# warm the page cache for both
timed([parse], stdin=f"{tmp}/files", runs=1)
timed([qtown, "-w", f"{tmp}/big", "list"], runs=1)
base = timed([parse], stdin=f"{tmp}/files")
load = timed([qtown, "-w", f"{tmp}/big", "list"])
print(f"event parse baseline: {base * 1000:8.1f} ms")
print(f"qtown list:           {load * 1000:8.1f} ms   ratio {load / base:.2f}x (target < 2x)")

def set_cmd(ws, unit, i):
    st = ("done", "doing")[i % 2]
    return [qtown, "-w", ws, "set", unit, "M8.responsibility-letter", st]

def timed_set(ws, unit, runs=21):
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        subprocess.run(set_cmd(ws, unit, i), stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)

small = timed_set(f"{tmp}/demo", "chenshan")
big = timed_set(f"{tmp}/big", "chenshan-00000")
print(f"qtown set on the demo:       {small * 1000:6.2f} ms")
print(f"qtown set on {len(open(f'{tmp}/files').readlines()) - 1} units: {big * 1000:6.2f} ms   ratio {big / small:.2f}x (target <= 1.2x)")



# peak RSS of one `qtown list` alone: measured in a fresh process whose
# only child is qtown (RUSAGE_CHILDREN keeps the maximum of all children)
rss = subprocess.run([sys.executable, "-c", f"""
import resource, subprocess
subprocess.run([{qtown!r}, "-w", {tmp + '/big'!r}, "list"], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""], capture_output=True, text=True, check=True).stdout
print(f"peak RSS of qtown list:      {int(rss) / 1024:6.1f} MiB")
PY
