#!/usr/bin/env bash
# Benchmark of the sync through git, on workspaces of
# 1,000, 10,000 and 100,000 units.  Every figure is a ratio against plain
# git doing the same to the same files in the same run (git's own cost,
# no qtown): a plain hub and two plain clones beside the qtown ones.
#
# For each size, each run:
#   one unit    laptop a changes 1 unit and syncs          / git add FILE + commit + push
#               laptop b syncs and receives it             / git pull --ff-only
#   bulk        a changes B units (B = the size, at most 10,000) and syncs
#                                                          / git add -A + commit + push
#               b receives them                            / git pull --ff-only
#   both sides  a and b change the same check of the same B units (a first,
#               b later: each unit's merge keeps b's state and puts a's in
#               the history); a syncs, b merges and pushes, a receives
#                                                          / the same B files changed on
#               both sides in different lines: add + commit + push, add + commit +
#               pull (git's line merge) + push, pull
# Changes are written by tests/tools/bulk-set.py (the lines `qtown set`
# writes, not timed).  After the runs: both laptops hold the same commit
# and files, and (up to 10,000 units) `qtown check` is clean.
#
#   bench/bench-sync.sh [BUILD_DIR] [SIZES] [RUNS]
#       default: build "1000 10000 100000" 3 (100,000 units: 1 run)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
sizes=${2:-"1000 10000 100000"}
runs=${3:-3}
qtown=$PWD/$build/src/qtown
[ -x "$qtown" ] || { echo "build first: meson compile -C $build"; exit 1; }
command -v git >/dev/null || { echo "git is not installed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home TZ=Asia/Shanghai LC_ALL=C.UTF-8 QTOWN_NOW=1764123300
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global init.defaultBranch main
# git's background maintenance would land in some timed runs and not others
git config --global gc.auto 0
git config --global maintenance.auto false
PATH=$(dirname "$qtown"):$PATH

python3 - "$qtown" "$tmp" "$runs" "$PWD" $sizes <<'PY'
import os, resource, statistics, subprocess, sys, time
qtown, tmp, runs, src = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sizes = [int(s) for s in sys.argv[5:]]
bulk_set = f"{src}/tests/tools/bulk-set.py"
clock = [1764123300]

def run(cmd, cwd=None, quiet=True):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL if quiet else None,
                   stderr=subprocess.DEVNULL if quiet else None)

def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime

def timed(cmd, cwd=None):
    """(wall, CPU) seconds: the CPU of the command and all it started"""
    t0, c0 = time.perf_counter(), cpu()
    run(cmd, cwd)
    return (time.perf_counter() - t0, cpu() - c0)

def sh(script, cwd):
    return ["sh", "-c", script]

def stamp():
    clock[0] += 60
    t = time.gmtime(clock[0] + 8 * 3600)
    return time.strftime("%Y-%m-%dT%H:%M:%S+08:00", t)

def change(ws, nth, status, by, count, first=0):
    run(["python3", bulk_set, ws, str(nth), status, by, stamp(), str(count), str(first)])

def plain_change(ws, count, first, mark, where):
    """the same files changed by plain text edits: a comment after the
    name line on one side, at the end of the file on the other"""
    paths = sorted(os.path.join(d, f) for k in ("villages", "enterprises")
                   for d in [f"{ws}/{k}"] for f in os.listdir(d))[first:first + count]
    for p in paths:
        lines = open(p, encoding="utf-8").read().split("\n")
        if where == "top":
            lines[2] = lines[2].split(" #")[0] + f" #{mark}"
        else:
            lines = [l for l in lines if not l.startswith("# run ")] + [f"# run {mark}"]
        open(p, "w", encoding="utf-8").write("\n".join(lines))
    return paths

def setup(n):
    d = f"{tmp}/{n}"
    os.makedirs(d)
    run(["python3", f"{src}/bench/gen-workspace.py", qtown, f"{d}/seed", str(n)])
    for kind in ("qtown", "plain"):
        run(["cp", "-r", f"{d}/seed", f"{d}/{kind}-a"])
        run(["git", "init", "-q", "--bare", f"{d}/{kind}-hub.git"])
        run(["git", "-C", f"{d}/{kind}-a", "init", "-q"])
        run(["git", "-C", f"{d}/{kind}-a", "remote", "add", "origin", f"{d}/{kind}-hub.git"])
    first = timed([qtown, "-w", f"{d}/qtown-a", "sync"])
    first_plain = timed(sh("git add -A && git commit -qm seed && git push -q -u origin main", 0),
                        f"{d}/plain-a")
    for kind in ("qtown", "plain"):
        run(["git", "clone", "-q", f"{d}/{kind}-hub.git", f"{d}/{kind}-b"])
    run([qtown, "-w", f"{d}/qtown-b", "sync"])  # registers the driver, as a laptop would
    return d, first, first_plain

results = []

def show(n, what, mine, base):
    """medians of wall and CPU time, and their ratios"""
    mw, bw = (statistics.median(t[0] for t in x) for x in (mine, base))
    mc, bc = (statistics.median(t[1] for t in x) for x in (mine, base))
    line = (f"{n:>7,} {what:30s} wall: qtown {mw:7.2f} s  git {bw:7.2f} s  {mw / bw:5.2f}x"
            f"   CPU: qtown {mc:7.2f} s  git {bc:7.2f} s  {mc / bc:5.2f}x")
    print(line, flush=True)
    results.append(line)

for n in sizes:
    r = 1 if n > 10000 else runs
    bulk = min(n, 10000)
    t0 = time.perf_counter()
    d, first, first_plain = setup(n)
    print(f"--- {n:,} units ({r} run{'s' if r > 1 else ''}; bulk: {bulk:,} units; "
          f"set up in {time.perf_counter() - t0:.0f} s)", flush=True)
    q = {k: f"{d}/qtown-{k}" for k in "ab"}
    p = {k: f"{d}/plain-{k}" for k in "ab"}
    t = {k: [] for k in ("send1", "recv1", "sendB", "recvB", "mA", "mB", "mA2", "m")}
    g = {k: [] for k in t}
    for i in range(r):
        # one unit
        change(q["a"], 1, "failed,doing", "甲", 1, i)
        t["send1"].append(timed([qtown, "-w", q["a"], "sync"]))
        t["recv1"].append(timed([qtown, "-w", q["b"], "sync"]))
        f = plain_change(p["a"], 1, i, f"one{i}", "top")[0]
        g["send1"].append(timed(sh(f"git add '{f}' && git commit -qm x && git push -q", 0), p["a"]))
        g["recv1"].append(timed(["git", "pull", "-q", "--ff-only"], p["b"]))
        # bulk
        change(q["a"], 2, "failed,doing", "甲", bulk)
        t["sendB"].append(timed([qtown, "-w", q["a"], "sync"]))
        t["recvB"].append(timed([qtown, "-w", q["b"], "sync"]))
        plain_change(p["a"], bulk, 0, f"bulk{i}", "top")
        g["sendB"].append(timed(sh("git add -A && git commit -qm x && git push -q", 0), p["a"]))
        g["recvB"].append(timed(["git", "pull", "-q", "--ff-only"], p["b"]))
        # both sides: the same check, a earlier, b later
        change(q["a"], 3, "na,todo", "甲", bulk)
        change(q["b"], 3, "doing,failed", "乙", bulk)
        t["mA"].append(timed([qtown, "-w", q["a"], "sync"]))
        t["mB"].append(timed([qtown, "-w", q["b"], "sync"]))
        t["mA2"].append(timed([qtown, "-w", q["a"], "sync"]))
        t["m"].append(tuple(map(sum, zip(t["mA"][-1], t["mB"][-1], t["mA2"][-1]))))
        plain_change(p["a"], bulk, 0, f"a{i}", "top")
        plain_change(p["b"], bulk, 0, f"b{i}", "end")
        g["mA"].append(timed(sh("git add -A && git commit -qm a && git push -q", 0), p["a"]))
        g["mB"].append(timed(sh("git add -A && git commit -qm b && "
                                "git pull -q --no-rebase --no-edit && git push -q", 0), p["b"]))
        g["mA2"].append(timed(["git", "pull", "-q", "--ff-only"], p["a"]))
        g["m"].append(tuple(map(sum, zip(g["mA"][-1], g["mB"][-1], g["mA2"][-1]))))
    show(n, f"first sync, {n:,} new units", [first], [first_plain])
    show(n, "1 unit: send", t["send1"], g["send1"])
    show(n, "1 unit: receive", t["recv1"], g["recv1"])
    show(n, f"{bulk:,} units: send", t["sendB"], g["sendB"])
    show(n, f"{bulk:,} units: receive", t["recvB"], g["recvB"])
    show(n, f"both sides: a sends", t["mA"], g["mA"])
    show(n, f"both sides: b merges, sends", t["mB"], g["mB"])
    show(n, f"both sides: a receives", t["mA2"], g["mA2"])
    show(n, f"both sides: all three", t["m"], g["m"])
    # the laptops agree, and what they hold loads
    run([qtown, "-w", q["b"], "sync"])
    heads = {k: subprocess.run(["git", "-C", q[k], "rev-parse", "HEAD"], capture_output=True,
                               text=True).stdout for k in "ab"}
    clean = all(subprocess.run(["git", "-C", q[k], "status", "--porcelain"], capture_output=True,
                               text=True).stdout == "" for k in "ab")
    print(f"  both laptops at the same commit, nothing left to commit:",
          "yes" if heads["a"] == heads["b"] and clean else "NO", flush=True)
    if n <= 10000:
        ok = subprocess.run([qtown, "-w", q["a"], "check"], capture_output=True).returncode == 0
        print("  qtown check:", "clean" if ok else "PROBLEMS", flush=True)
    run(["rm", "-rf", d])

print("\nsummary (medians of wall-clock and CPU time, the CPU of every process each started;"
      " ratio = qtown / plain git, same run)")
for line in results:
    print(line)
PY
