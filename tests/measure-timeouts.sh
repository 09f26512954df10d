#!/usr/bin/env bash
# measure-timeouts.sh BUILD_DIR [ROUNDS]: how long each test takes on a
# loaded machine, to set the timeouts of tests/meson.build from.
#
# Runs every test 8 at a time (meson test --num-processes 8) while as many
# busy loops as the machine has cores compete for it, with the timeouts
# stretched tenfold so that nothing is cut short; ROUNDS times (2).  Prints
# each test's slowest duration next to its timeout now, slowest first, and
# the lowest timeout that keeps a margin of 3 over the slowest run (the
# runs under the sanitizers are the slowest: measure build-sanitize too).
#
#   tests/measure-timeouts.sh build-sanitize
set -u
build=${1:?usage: measure-timeouts.sh BUILD_DIR [ROUNDS]}
rounds=${2:-2}
cd "$(dirname "$0")/.." || exit 1
[ -d "$build/meson-private" ] || { echo "$build is not a meson build folder"; exit 2; }

hogs=()
stop_hogs() {
    local p
    for p in "${hogs[@]}"; do kill "$p" 2>/dev/null; done
}
trap stop_hogs EXIT
for _ in $(seq "$(nproc)"); do
    sh -c 'while :; do :; done' &
    hogs+=($!)
done

logs=()
for r in $(seq "$rounds"); do
    rm -f "$build/meson-logs/testlog.json"
    meson test -C "$build" --num-processes 8 --timeout-multiplier 10 >/dev/null 2>&1
    cp "$build/meson-logs/testlog.json" "$build/meson-logs/timeouts-round-$r.json"
    logs+=("$build/meson-logs/timeouts-round-$r.json")
done
stop_hogs

meson introspect "$build" --tests >"$build/meson-logs/timeouts-tests.json"
python3 - "$build/meson-logs/timeouts-tests.json" "$(nproc)" "${logs[@]}" <<'PY'
import json, math, sys
tests = {t["name"]: t for t in json.load(open(sys.argv[1]))}
slowest, results = {}, {}
for log in sys.argv[3:]:
    for line in open(log, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            name = r["name"].split(" / ", 1)[1]
            slowest[name] = max(slowest.get(name, 0), r["duration"])
            if r["result"] not in ("OK", "SKIP", "EXPECTEDFAIL"):
                results[name] = r["result"]
print("8 at a time, %s busy loops, %d rounds; seconds" % (sys.argv[2], len(sys.argv) - 3))
print("%-22s %8s %8s %8s  %s" % ("test", "slowest", "timeout", "3x", "result"))
for name, d in sorted(slowest.items(), key=lambda x: -x[1]):
    t = tests.get(name, {}).get("timeout", 30)
    need = int(math.ceil(3 * d / 10.0)) * 10
    print("%-22s %8.1f %8d %8d  %s%s" % (name, d, t, need, results.get(name, "ok"),
                                         "  <- timeout too low" if need > t else ""))
PY
