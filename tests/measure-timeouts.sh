#!/usr/bin/env bash
# measure-timeouts.sh BUILD_DIR [ROUNDS] [--valgrind]: how long each test
# takes on a loaded machine, to set the timeouts of tests/meson.build from.
#
# Runs every test 8 at a time (meson test --num-processes 8) while as many
# busy loops as the machine has cores compete for it, with the timeouts
# stretched ($STRETCH times, 10) so that nothing is cut short; ROUNDS times
# (2); a test still cut short shows TIMEOUT: measure again, stretched more.  With
# --valgrind, the runs tests/run-all makes under valgrind instead: unit and
# fuzz with valgrind as meson's wrapper, e2e with QTOWN_WRAPPER (and
# --timeout-multiplier 4, which the table takes into account).  Prints each
# test's slowest duration next to the time it is given now, slowest first,
# and the lowest timeout that keeps a margin of 2 over the slowest run,
# rounded up to 10 s.  Measure build-sanitize and --valgrind: the slowest.
#
#   tests/measure-timeouts.sh build-sanitize
#   tests/measure-timeouts.sh build-test 1 --valgrind
set -u
build=${1:?usage: measure-timeouts.sh BUILD_DIR [ROUNDS] [--valgrind]}
rounds=${2:-2}
valgrind=${3:-}
cd "$(dirname "$0")/.." || exit 1
[ -d "$build/meson-private" ] || { echo "$build is not a meson build folder"; exit 2; }
logs=$PWD/$build/meson-logs

hogs=()
stop_hogs() {
    local p
    for p in "${hogs[@]}"; do kill "$p" 2>/dev/null; done
    hogs=()
}
trap stop_hogs EXIT
for _ in $(seq "$(nproc)"); do
    sh -c 'while :; do :; done' &
    hogs+=($!)
done

# run LABEL MULTIPLIER [ENV=VALUE...] -- MESON-TEST-ARGS...: one run, its
# log kept as LABEL.json; MULTIPLIER is what run-all gives its timeouts.
measured=()
run() {
    local label=$1 mult=$2 envs=()
    shift 2
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    local log=testlog
    [ "$valgrind" ] && [ "$label" != "${label%unit*}" ] && log=testlog-valgrind
    rm -f "$logs/$log.json"
    env "${envs[@]}" meson test -C "$build" --num-processes 8 --timeout-multiplier "${STRETCH:-10}" "$@" \
        >/dev/null 2>&1
    cp "$logs/$log.json" "$logs/timeouts-$label.json"
    measured+=("$mult:$logs/timeouts-$label.json")
}

vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
for r in $(seq "$rounds"); do
    if [ "$valgrind" ]; then
        run "valgrind-unit-$r" 1 -- --suite unit --suite fuzz --wrapper "$vg"
        run "valgrind-e2e-$r" 4 QTOWN_WRAPPER="$vg" -- --suite e2e
    else
        run "round-$r" 1 --
    fi
done
stop_hogs

meson introspect "$build" --tests >"$logs/timeouts-tests.json"
python3 - "$logs/timeouts-tests.json" "$(nproc)" "${measured[@]}" <<'PY'
import json, math, sys
tests = {t["name"]: t for t in json.load(open(sys.argv[1]))}
slowest, mult, results = {}, {}, {}
for arg in sys.argv[3:]:
    m, log = arg.split(":", 1)
    for line in open(log, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            name = r["name"].split(" / ", 1)[1]
            if r["duration"] >= slowest.get(name, -1):
                slowest[name], mult[name] = r["duration"], int(m)
            if r["result"] not in ("OK", "SKIP", "EXPECTEDFAIL"):
                results[name] = r["result"]
print("8 at a time, %s busy loops, %d runs; seconds" % (sys.argv[2], len(sys.argv) - 3))
print("%-22s %8s %8s %8s  %s" % ("test", "slowest", "given", "2x", "result"))
for name, d in sorted(slowest.items(), key=lambda x: -x[1]):
    given = tests.get(name, {}).get("timeout", 30) * mult[name]
    need = max(30, int(math.ceil(2 * d / mult[name] / 10.0)) * 10)
    print("%-22s %8.1f %8d %8d  %s%s" % (name, d, given, need, results.get(name, "ok"),
                                         "  <- too little" if 2 * d > given else ""))
PY
