#!/usr/bin/env bash
# The ledger on 10,000 units with 30,000 records (two evidence records and
# one visit per unit): `qtown evidence --expiring 60` and the overview's
# evidence counts against the time of loading the same workspace, in the
# same run (the target: within 10% of load time).
#
#   bench/ledger.sh [BUILD_DIR] [UNITS]     (default: build, 10000)
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
build=${1:-build}
units=${2:-10000}
ninja -C "$build" src/qtown bench/bench_ledger >/dev/null
qtown=$PWD/$build/src/qtown
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qtown-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export QTOWN_NOW=1764123300 TZ=Asia/Shanghai LC_ALL=C.UTF-8 LANG=C.UTF-8 QTOWN_TODAY=2016-07-20

python3 bench/gen-workspace.py "$qtown" "$tmp/w" "$units"
# Two evidence records under the first check of each unit (valid until a
# day spread over two years around today) and one visit.
python3 - "$tmp/w" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(2016)
sha = "14c3a7d71f96922f8d744b77f18fa6e315cdf0e15cca4a6a78de61cd0e13ee49"
for kind in ("villages", "enterprises"):
    for name in sorted(os.listdir(os.path.join(root, kind))):
        path = os.path.join(root, kind, name)
        uid = name[:-5]
        lines = open(path, encoding="utf-8").read().split("\n")
        try:
            c = lines.index("checks:") + 1
        except ValueError:
            continue
        check = lines[c].strip().rstrip(":")
        end = c + 1
        while end < len(lines) and lines[end].startswith("    "):
            end += 1
        ev = ["    evidence:"]
        for k in range(2):
            until = "2016-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))
            ev += ["    - id: e-%06x" % (k + 1), "      title: 质量管理体系认证证书 %d" % k,
                   "      number: 00116Q%05d" % rng.randint(0, 99999), "      issuer: 中国质量认证中心",
                   "      valid_until: " + until,
                   "      file: evidence/%s/cert-%s.pdf" % (uid, sha[:8]),
                   '      sha256: "%s"' % sha, "      updated: 2016-04-01T09:00:00+08:00",
                   "      by: 钱志锋"]
        lines[end:end] = ev
        visit = ["visits:", "- id: v-000001", "  date: 2016-%02d-10" % rng.randint(1, 7),
                 "  visitors: [钱志锋, 蒋国平]", "  checks: [%s]" % check, "  note: 查看台账",
                 "  updated: 2016-04-01T09:00:00+08:00", "  by: 钱志锋"]
        h = lines.index("history:") if "history:" in lines else len(lines) - 1
        lines[h:h] = visit
        open(path, "w", encoding="utf-8").write("\n".join(lines))
PY
# every unit loads (the evidence files themselves are not made: "missing")
"$qtown" -w "$tmp/w" --lang en check 2>&1 | grep -v "is missing" | head -3
echo "workspace: $(find "$tmp/w" -name '*.yaml' | wc -l) files, $(du -sh "$tmp/w" | cut -f1)"
"$build/bench/bench_ledger" "$tmp/w" 2016-07-20 5

# End to end (process start, load, the listing): wall-clock, best of 3;
# `qtown list` (load and one line per unit) is the baseline.
list=$(best_ms "$qtown" -w "$tmp/w" list)
evidence=$(best_ms "$qtown" -w "$tmp/w" evidence --expiring 60)
printf 'qtown list (load, baseline):        %6d ms\n' "$list"
printf 'qtown evidence --expiring 60:       %6d ms  = %s x list\n' "$evidence" \
    "$(python3 -c "print(round($evidence / $list, 3))")"
