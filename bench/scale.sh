#!/usr/bin/env bash
# Benchmark of a district: N units (default 100,000), everything in one run
# and every time a ratio against a baseline of the same run.
#
#   baseline    bench/event_parse: libyaml's event parser over every unit
#               file, doing nothing with the events (no loader is faster)
#   qtown list  cold (no .qtown/cache: every file parsed, the cache written)
#               and warm (the cache read, every file stat'ed), as ratios to
#               the baseline; targets: warm <= 0.1x, cold <= 1.3x
#   screens     headless (QTOWN_TEST_KEYS), cache warm: from the launch to
#               the unit list drawn (the script's first token touches a
#               file; its modification time is the moment), target < 1 s;
#               the overview opened the same way
#   keystroke,  the time per key (QTOWN_TEST_STATS: moving in the unit list;
#   save        marking a check, each one a locked, fsynced save) on N units
#               against N/10 units: targets, the same (a ratio near 1)
#   memory      peak RSS (/usr/bin/time's) of qtown list and of the
#               screens' unit list and overview, less the same on a
#               workspace without villages or enterprises, per unit;
#               target <= 2 KB per unit
#   SQLite      the reference a user might pick instead: the same check
#               states (qtown report --format csv, once) in an SQLite
#               database, read whole by bench/sqlite_read
#
#   bench/scale.sh [BUILD_DIR]        N=10000 for a quick run
#   SCALE_DIR=DIR keeps the generated workspaces and the database in DIR and
#   uses them again in later runs (generating 100,000 units takes a while);
#   by default they go to a temporary folder, removed at the end.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
n=${N:-100000}
small=$((n / 10))
qtown=$PWD/$build/src/qtown
parse=$PWD/$build/bench/event_parse
sqlite_read=$PWD/$build/bench/sqlite_read
[ -x "$qtown" ] && [ -x "$parse" ] || { echo "build first: meson compile -C $build"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench/scale.sh needs /usr/bin/time (Debian's time)"; exit 1; }
[ "$small" -ge 1 ] || { echo "N must be at least 10"; exit 2; }
if [ -n "${SCALE_DIR:-}" ]; then
    dir=$SCALE_DIR
    mkdir -p "$dir"
else
    dir=$(mktemp -d)
    trap 'rm -rf "$dir"' EXIT
fi
dir=$(cd "$dir" && pwd)
export QTOWN_NOW=1764123300 TZ=Asia/Shanghai LC_ALL=C.UTF-8 LANG=C.UTF-8 TERM=xterm
export COLUMNS=100 LINES=30 QTOWN_USER=bench

# workspace DIR UNITS: generated once; a folder left half-made is made again
workspace() {
    if [ "$(cat "$1.done" 2>/dev/null)" != "$2" ]; then
        rm -rf "$1" "$1.done"
        echo "generating $2 units in $1 ..."
        if [ "$2" -gt 0 ]; then
            python3 bench/gen-workspace.py "$qtown" "$1" "$2"
        else
            "$qtown" init "$1" --no-git >/dev/null
        fi
        echo "$2" >"$1.done"
    fi
}
workspace "$dir/ws-$n" "$n"
workspace "$dir/ws-$small" "$small"
workspace "$dir/ws-0" 0

# the reference database: the check states qtown reports, once per workspace
db=$dir/states-$n.sqlite
if [ -x "$sqlite_read" ] && [ ! -f "$db" ]; then
    echo "building $db from qtown report --format csv ..."
    "$qtown" -w "$dir/ws-$n" report --format csv -o "$dir/states-$n.csv"
    python3 - "$dir/states-$n.csv" "$db.tmp" <<'PY'
import csv, sqlite3, sys
src, out = sys.argv[1:3]
db = sqlite3.connect(out)
db.executescript("""
    DROP TABLE IF EXISTS units; DROP TABLE IF EXISTS states;
    CREATE TABLE units (id TEXT PRIMARY KEY, kind TEXT, name TEXT);
    CREATE TABLE states (unit TEXT, check_id TEXT, status TEXT, value REAL);
""")
with open(src, encoding="utf-8-sig", newline="") as f:
    rows = csv.reader(f)
    next(rows)  # unit, name, kind, kind code, check, its title, status, status code, value...
    seen = set()
    for r in rows:
        if r[0] not in seen:
            seen.add(r[0])
            db.execute("INSERT INTO units VALUES (?, ?, ?)", (r[0], r[3], r[1]))
        db.execute("INSERT INTO states VALUES (?, ?, ?, ?)",
                   (r[0], r[4], r[7], float(r[8]) if r[8] else None))
db.commit()
db.close()
PY
    mv "$db.tmp" "$db"
    rm -f "$dir/states-$n.csv"
fi

python3 - "$qtown" "$parse" "$sqlite_read" "$dir" "$n" "$small" <<'PY'
import os, statistics, subprocess, sys, time
qtown, parse, sqlite_read, root, n, small = sys.argv[1:7]
n, small = int(n), int(small)
big, little, empty = f"{root}/ws-{n}", f"{root}/ws-{small}", f"{root}/ws-0"

def run(cmd, stdin=None, env=None):
    """wall-clock (s), processor time (s) and peak RSS (KiB) of one run.
    The RSS is /usr/bin/time's: a child forked from this Python would start
    its peak at Python's own size (tens of MiB, more than qtown on an empty
    workspace)."""
    rss_file = f"{root}/rss"
    t0 = time.perf_counter()
    p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd,
                         stdin=open(stdin) if stdin else subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(p.pid, 0)  # its rusage holds time's child's
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed ({os.waitstatus_to_exitcode(status)}): {' '.join(cmd)}")
    return wall, ru.ru_utime + ru.ru_stime, int(open(rss_file).read().split()[-1])

def median(runs, before=None, **kw):
    walls, cpus, rss = [], [], []
    for _ in range(runs):
        if before:
            before()
        w, c, m = run(**kw)
        walls.append(w); cpus.append(c); rss.append(m)
    return statistics.median(walls), statistics.median(cpus), max(rss)

def no_cache(ws):
    def drop():
        try:
            os.remove(f"{ws}/.qtown/cache")
        except FileNotFoundError:
            pass
    return drop

def files(ws):
    out = [f"{ws}/town.yaml"]
    for kind in ("villages", "enterprises"):
        out += sorted(f"{ws}/{kind}/{f}" for f in os.listdir(f"{ws}/{kind}") if f.endswith(".yaml"))
    path = f"{ws}.files"
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    return path, sum(os.path.getsize(p) for p in out)

def list_cmd(ws):
    return [qtown, "-w", ws, "list"]

rows = []
def row(what, value, ratio="", target="", met=""):
    rows.append((what, value, ratio, target, met))
    print(f"  {what}: {value} {ratio}", flush=True)

def ok(good):
    return "yes" if good else "NO"

listing, size = files(big)
print(f"{n} units, {size / 2**20:.0f} MiB of YAML ({root})", flush=True)
run([parse], stdin=listing)  # the page cache warm for all
run(list_cmd(big))
base_w, base_c, _ = median(3, cmd=[parse], stdin=listing)
row("baseline: libyaml event parse of every file", f"{base_w * 1000:.0f} ms (cpu {base_c * 1000:.0f} ms)")
cold_w, cold_c, cold_rss = median(3, before=no_cache(big), cmd=list_cmd(big))
row("qtown list, cold (no cache)", f"{cold_w * 1000:.0f} ms (cpu {cold_c * 1000:.0f} ms)",
    f"{cold_w / base_w:.2f}x (cpu {cold_c / base_c:.2f}x)", "<= 1.3x", ok(cold_w / base_w <= 1.3))
warm_w, warm_c, warm_rss = median(5, cmd=list_cmd(big))
row("qtown list, warm (cache)", f"{warm_w * 1000:.0f} ms (cpu {warm_c * 1000:.0f} ms)",
    f"{warm_w / base_w:.3f}x (cpu {warm_c / base_c:.3f}x)", "<= 0.1x", ok(warm_w / base_w <= 0.1))

# ---- the screens, headless --------------------------------------------
def screens(ws, keys, runs=3):
    """time from the launch to the first frame after `keys` (s), the whole
    run's wall-clock and processor time, its peak RSS, and the screen drawn"""
    mark, shot, script = f"{root}/drawn", f"{root}/screen", f"{root}/keys"
    firsts, walls, cpus, rss = [], [], [], 0
    for _ in range(runs):
        for f in (mark, shot):
            if os.path.exists(f):
                os.remove(f)
        with open(script, "w") as f:
            f.write(f"{keys}<touch {mark}><dump>")
        env = dict(os.environ, QTOWN_TEST_KEYS=script, QTOWN_TEST_SCREEN=shot)
        t0 = time.time_ns()
        w, c, m = run([qtown, "-w", ws], env=env)
        firsts.append((os.stat(mark).st_mtime_ns - t0) / 1e9)
        walls.append(w)
        cpus.append(c)
        rss = max(rss, m)
    return (statistics.median(firsts), statistics.median(walls), statistics.median(cpus), rss,
            open(shot).read())

first, whole, whole_cpu, tui_rss, shot = screens(big, "")
first_unit = os.path.basename(open(listing).read().split("\n")[1])[:-5]
if first_unit not in shot:
    sys.exit(f"the unit list was not drawn (no {first_unit}):\n{shot}")
row("screens: launch to the unit list drawn", f"{first * 1000:.0f} ms",
    f"whole run {whole * 1000:.0f} ms, cpu {whole_cpu * 1000:.0f} ms", "< 1 s", ok(first < 1))
ov_first, ov_whole, ov_cpu, ov_rss, _ = screens(big, "o", runs=1)
row("screens: launch to the overview drawn", f"{ov_first * 1000:.0f} ms",
    f"whole run {ov_whole * 1000:.0f} ms, cpu {ov_cpu * 1000:.0f} ms")

# ---- a keystroke and a save: N against N/10 units ---------------------
def per_key(ws, keys, runs=3):
    stats, script = f"{root}/stats", f"{root}/keys"
    with open(script, "w") as f:
        f.write(keys)
    env = dict(os.environ, QTOWN_TEST_KEYS=script, QTOWN_TEST_STATS=stats)
    walls = []
    for _ in range(runs):
        run([qtown, "-w", ws], env=env)
        f = open(stats).readline().split()  # keys N cpu_ns C wall_ns W
        walls.append(int(f[5]) / int(f[1]))
    return statistics.median(walls) / 1e6

moving = "j" * 200 + "k" * 200
marking = "j<Enter>j" + "dt" * 50  # a village's checklist: each d, t a save
for what, keys in (("keystroke (moving in the unit list)", moving),
                   ("save (marking a check)", marking)):
    s, b = per_key(little, keys), per_key(big, keys)
    row(f"{what}: {small} / {n} units", f"{s:.2f} / {b:.2f} ms", f"{b / s:.2f}x",
        "~1x", ok(b / s <= 1.5))

# ---- memory per unit ---------------------------------------------------
_, _, list0 = median(1, cmd=list_cmd(empty))
tui0 = screens(empty, "", runs=1)[3]
ov0 = screens(empty, "o", runs=1)[3]
for what, rss, rss0 in (("qtown list, warm", warm_rss, list0), ("qtown list, cold", cold_rss, list0),
                        ("screens: unit list", tui_rss, tui0), ("screens: overview", ov_rss, ov0)):
    per = (rss - rss0) * 1024 / n
    row(f"memory, {what}", f"{rss / 1024:.0f} MiB (empty {rss0 / 1024:.0f} MiB)",
        f"{per:.0f} B/unit", "<= 2048 B", ok(per <= 2048))

# ---- the SQLite reference ----------------------------------------------
db = f"{root}/states-{n}.sqlite"
if os.path.exists(sqlite_read) and os.path.exists(db):
    run([sqlite_read, db])
    sq_w, sq_c, sq_rss = median(3, cmd=[sqlite_read, db])
    row("SQLite: every unit and check state read", f"{sq_w * 1000:.0f} ms (cpu {sq_c * 1000:.0f} ms)",
        f"{sq_w / base_w:.3f}x; list warm / SQLite {warm_w / sq_w:.2f}x")
else:
    row("SQLite", "not measured: bench/sqlite_read not built (libsqlite3-dev)")

print()
head = ("", "measured", "ratio", "target", "met")
widths = [max(len(r[i]) for r in rows + [head]) for i in range(5)]
for r in [head] + rows:
    print("  ".join(f"{r[i]:{widths[i]}}" for i in range(5)).rstrip())
PY
