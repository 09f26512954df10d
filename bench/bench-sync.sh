#!/usr/bin/env bash
# Benchmark of sync through git: a sync of 100 changed units,
# each figure a ratio against plain git moving the same 100 files in the
# same run (git's own cost, no qtown):
#   1. send:    qtown sync committing and pushing 100 changed units
#               / git add -A + git commit + git push of 100 changed files;
#   2. receive: qtown sync bringing in 100 changed units (a fast-forward)
#               / git pull --ff-only of 100 changed files;
#   3. merge:   qtown sync merging 100 units changed on both laptops (git
#               runs qtown's merge driver 100 times), then pushing
#               / git pull (a text merge of 100 files changed on both
#               sides in different lines) + git push.
#
#   bench/bench-sync.sh [BUILD_DIR] [UNITS] [RUNS]     (default: build, 100, 5)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
units=${2:-100}
runs=${3:-5}
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
PATH=$(dirname "$qtown"):$PATH

# the same files twice: a qtown hub and a plain one
python3 bench/gen-workspace.py "$qtown" "$tmp/seed" "$units"
for kind in qtown plain; do
    cp -r "$tmp/seed" "$tmp/$kind-office"
    git init -q --bare "$tmp/$kind-hub.git"
    git -C "$tmp/$kind-office" init -q
    git -C "$tmp/$kind-office" remote add origin "$tmp/$kind-hub.git"
done
"$qtown" -w "$tmp/qtown-office" sync >/dev/null
(cd "$tmp/plain-office" && git add -A && git commit -qm seed && git push -q -u origin main)
for kind in qtown plain; do
    git clone -q "$tmp/$kind-hub.git" "$tmp/$kind-a"
    git clone -q "$tmp/$kind-hub.git" "$tmp/$kind-b"
done
echo "workspace: $units units (+ the town), $runs runs, medians"

python3 - "$qtown" "$tmp" "$runs" <<'PY'
import glob, os, statistics, subprocess, sys, time
qtown, tmp, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
clock = [1764123300]

def run(cmd, cwd=None, env=None):
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)

def timed(cmd, cwd=None):
    t0 = time.perf_counter()
    run(cmd, cwd)
    return time.perf_counter() - t0

def unit_ids(ws):
    return sorted(os.path.basename(p)[:-5] for p in glob.glob(f"{ws}/villages/*.yaml")
                  + glob.glob(f"{ws}/enterprises/*.yaml"))

def qtown_change(ws, check, status, by):
    """qtown set on every unit (not timed): each gets a history entry"""
    clock[0] += 60
    env = dict(os.environ, QTOWN_NOW=str(clock[0]))
    for u in unit_ids(ws):
        run([qtown, "-w", ws, "set", u, check, status, "--by", by], env=env)

def plain_change(ws, where, i):
    """the same 100 files changed by plain text edits, far apart: the name
    line on one side, a comment at the end on the other"""
    for p in sorted(glob.glob(f"{ws}/villages/*.yaml") + glob.glob(f"{ws}/enterprises/*.yaml")):
        lines = open(p, encoding="utf-8").read().split("\n")
        if where == "top":
            lines[2] = lines[2].split(" #")[0] + f" #{i}"
        else:
            lines = [l for l in lines if not l.startswith("# run ")] + [f"# run {i}"]
        open(p, "w", encoding="utf-8").write("\n".join(lines))

q = {k: f"{tmp}/qtown-{k}" for k in "ab"}
p = {k: f"{tmp}/plain-{k}" for k in "ab"}
send, recv, merge, b_send, b_recv, b_merge = [], [], [], [], [], []
for i in range(runs):
    st = ("done", "doing")[i % 2]
    # 1 and 2: a sends 100 changed units, b receives them
    qtown_change(q["a"], "M8.responsibility-letter", st, "甲")
    send.append(timed([qtown, "-w", q["a"], "sync"]))
    recv.append(timed([qtown, "-w", q["b"], "sync"]))
    plain_change(p["a"], "top", i)
    b_send.append(timed(["sh", "-c", "git add -A && git commit -qm x && git push -q"], p["a"]))
    b_recv.append(timed(["git", "pull", "-q", "--ff-only"], p["b"]))
    # 3: both change the same 100 units; a sends first, b merges and pushes
    qtown_change(q["a"], "M1.work-plan", st, "甲")
    qtown_change(q["b"], "M8.assessment", st, "乙")
    run([qtown, "-w", q["a"], "sync"])
    merge.append(timed([qtown, "-w", q["b"], "sync"]))
    run([qtown, "-w", q["a"], "sync"])
    plain_change(p["a"], "top", i + 100)
    plain_change(p["b"], "end", i)
    run(["sh", "-c", "git add -A && git commit -qm a && git push -q"], p["a"])
    run(["sh", "-c", "git add -A && git commit -qm b"], p["b"])
    b_merge.append(timed(["sh", "-c", "git pull -q --no-rebase --no-edit && git push -q"], p["b"]))
    run(["git", "pull", "-q", "--ff-only"], p["a"])

# every laptop ends with the same files, and they load
for k in "ab":
    run([qtown, "-w", q[k], "sync"])
run([qtown, "-w", q["a"], "check"])
same = subprocess.run(["diff", "-r", "-x", ".git", q["a"], q["b"]], capture_output=True).returncode == 0
print("  both laptops hold the same files:", "yes" if same else "NO")

def show(what, mine, base):
    m, b = statistics.median(mine), statistics.median(base)
    print(f"{what:9s} qtown sync {m * 1000:7.1f} ms   plain git {b * 1000:7.1f} ms   ratio {m / b:5.2f}x")

show("send", send, b_send)
show("receive", recv, b_recv)
show("merge", merge, b_merge)
PY
