#!/usr/bin/env bash
# The overview and the reports on 10,000 units, against the time of loading
# the same workspace (the aim: "well under a second", "a small part" of
# loading).  The workspace is generated from the demo's unit files.
#
#   bench/report.sh [BUILD_DIR] [UNITS]     (default: build, 10000)
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
build=${1:-build}
units=${2:-10000}
ninja -C "$build" src/qtown bench/bench_report >/dev/null

ws=$(mktemp -d "${TMPDIR:-/tmp}/qtown-bench.XXXXXX")
trap 'rm -rf "$ws"' EXIT
"$build/src/qtown" init "$ws/w" --demo >/dev/null
python3 - "$ws/w" "$units" <<'PY'
import os, sys
root, total = sys.argv[1], int(sys.argv[2])
# one town, a fifth of the rest villages, the others enterprises, copied
# round-robin from the demo's files with new ids
for kind, share in (('villages', 0.2), ('enterprises', 0.8)):
    folder = os.path.join(root, kind)
    models = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding='utf-8') as f:
            models.append(f.read())
        os.remove(os.path.join(folder, name))
    count = round((total - 1) * share)
    for i in range(count):
        text = models[i % len(models)]
        lines = text.split('\n')
        uid = '%s-%05d' % (kind[0], i)
        lines[0] = 'id: ' + uid
        with open(os.path.join(folder, uid + '.yaml'), 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines))
PY
echo "workspace: $(find "$ws/w" -name '*.yaml' | wc -l) files, $(du -sh "$ws/w" | cut -f1)"
"$build/bench/bench_report" "$ws/w" 5

# The whole commands, end to end (process start, load, overview, output):
# wall-clock, best of 3 runs each, so they wobble with the machine's load.
printf 'qtown check (load and validate only):        %5d ms\n' "$(best_ms "$build/src/qtown" -w "$ws/w" check)"
for f in text html csv; do
    printf 'qtown report --format %-5s end to end:      %5d ms\n' "$f" \
        "$(best_ms "$build/src/qtown" -w "$ws/w" report --format "$f" -o "$ws/report.$f")"
done
# the screens, headless: the unit list alone, then with the overview open
# and moved through every part (each part drawn once)
printf '<dump>' >"$ws/keys-list"
printf 'o<dump><Tab><Tab><Tab><Tab><Tab><Tab><dump>' >"$ws/keys-overview"
for k in list overview; do
    printf 'screens, headless, %-9s                %5d ms\n' "$k:" "$(best_ms env COLUMNS=100 \
        LINES=30 TERM=xterm QTOWN_TEST_KEYS="$ws/keys-$k" QTOWN_TEST_SCREEN="$ws/screen" \
        "$build/src/qtown" -w "$ws/w")"
done
