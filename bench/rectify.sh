#!/usr/bin/env bash
# The rectification list and the overdue counts on 10,000 units with
# 20,000 rectifications, against the time of loading the same workspace in
# the same run (goal: within 10% of the load).  The workspace is generated
# from the demo's unit files; each unit gets two rectifications on its
# first check, in every state, due dates spread over the year.
#
#   bench/rectify.sh [BUILD_DIR] [UNITS]     (default: build, 10000)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
units=${2:-10000}
ninja -C "$build" src/qtown bench/bench_rectify >/dev/null

ws=$(mktemp -d "${TMPDIR:-/tmp}/qtown-bench.XXXXXX")
trap 'rm -rf "$ws"' EXIT
"$build/src/qtown" init "$ws/w" --demo --no-git >/dev/null
python3 - "$ws/w" "$units" <<'PY'
import datetime, os, re, sys
root, total = sys.argv[1], int(sys.argv[2])
states = ["open", "done", "verified", "reopened"]
def records(i):
    out = ["    rectifications:"]
    for k in range(2):
        n = i * 2 + k
        due = datetime.date(2016, 1, 1) + datetime.timedelta(days=n % 366)
        state = states[n % 4]
        out += ["    - id: r-%06x" % n, "      what: 整改事项 %d" % n, "      owner: 责任人 %d" % (n % 97),
                "      due: %s" % due, "      state: %s" % state,
                "      opened: 2016-01-01T09:00:00+08:00", "      opened_by: 钱志锋"]
        if state in ("done", "verified"):
            out.append("      done: %sT09:00:00+08:00" % due)
        if state == "verified":
            out.append("      verified: %sT10:00:00+08:00" % due)
    return "\n".join(out)
for kind, share in (('villages', 0.2), ('enterprises', 0.8)):
    folder = os.path.join(root, kind)
    models = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding='utf-8') as f:
            models.append(f.read())
        os.remove(os.path.join(folder, name))
    count = round(total * share)
    for i in range(count):
        text = models[i % len(models)]
        uid = '%s-%05d' % (kind[0], i)
        text = re.sub(r'^id: .*$', 'id: ' + uid, text, count=1, flags=re.M)
        # the records go at the end of the first check's block
        m = re.search(r'^checks:\n  [^\n]+:\n(    [^\n]*\n|      [^\n]*\n)*', text, flags=re.M)
        text = text[:m.end()] + records(i) + "\n" + text[m.end():]
        with open(os.path.join(folder, uid + '.yaml'), 'w', encoding='utf-8') as f:
            f.write(text)
PY
echo "workspace: $(find "$ws/w" -name '*.yaml' | wc -l) files, $(du -sh "$ws/w" | cut -f1)"
"$build/src/qtown" -w "$ws/w" check >/dev/null
"$build/bench/bench_rectify" "$ws/w" 2016-09-10 5
