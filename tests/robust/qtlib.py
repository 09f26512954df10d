"""qtlib — shared by the robustness tests (crash, concurrency): a TAP
writer, a private environment, running qtown, and reading a workspace
back through the library (tests/tools/unitdump), never a second YAML
reader.

Environment (set by meson): QTOWN (the binary), UNITDUMP, SRCDIR.
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

QTOWN = os.environ["QTOWN"]
UNITDUMP = os.environ["UNITDUMP"]
SRCDIR = os.environ.get("SRCDIR", os.path.join(os.path.dirname(__file__), "..", ".."))
ROBUST_PLAN = os.path.join(SRCDIR, "tests", "data", "robust-plan.yaml")
CHECKS = ["O1.c1", "O1.c2", "O1.c3", "O1.c4", "M1.c5", "M1.c6", "M1.c7", "M1.c8"]
STATUSES = ["todo", "doing", "done", "failed", "na"]


class Tap:
    """TAP output: ok N - name / not ok N - name, then the plan line."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, cond, name, *details):
        self.n += 1
        if cond:
            print(f"ok {self.n} - {name}", flush=True)
            return True
        self.failed += 1
        print(f"not ok {self.n} - {name}", flush=True)
        for d in details:
            for line in str(d).splitlines() or [""]:
                print(f"#   {line}", flush=True)
        return False

    def note(self, text):
        print(f"# {text}", flush=True)

    def done(self):
        print(f"1..{self.n}", flush=True)
        sys.exit(1 if self.failed else 0)


def environment(tmp):
    """A private, reproducible environment for qtown."""
    env = dict(os.environ)
    home = os.path.join(tmp, "home")
    os.makedirs(home, exist_ok=True)
    env.update(HOME=home, XDG_DATA_HOME=os.path.join(home, ".local", "share"),
               TZ="Asia/Shanghai", LANG="C.UTF-8", LC_ALL="C.UTF-8", USER="tester")
    for k in ("QTOWN_WORKSPACE", "LANGUAGE", "QTOWN_NOW"):
        env.pop(k, None)
    return env


class Workspace:
    """A temporary workspace with the robustness plan and some units."""

    def __init__(self, villages=(), enterprises=()):
        self.tmp = tempfile.mkdtemp(prefix="qtown-robust.")
        self.env = environment(self.tmp)
        self.root = os.path.join(self.tmp, "ws")
        self.run_ok("init", self.root, "--plan", ROBUST_PLAN, workspace=False)
        for v in villages:
            self.run_ok("add", "village", v, f"村{v}")
        for e in enterprises:
            self.run_ok("add", "enterprise", e, f"企业{e}")

    def argv(self, *args, workspace=True):
        return [QTOWN] + (["-w", self.root] if workspace else []) + list(args)

    def run(self, *args, workspace=True, env=None):
        return subprocess.run(self.argv(*args, workspace=workspace), env=env or self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def run_ok(self, *args, workspace=True):
        r = self.run(*args, workspace=workspace)
        if r.returncode != 0:
            raise RuntimeError(f"qtown {' '.join(args)}: {r.returncode}\n{r.stderr}")
        return r

    def popen(self, *args, env=None):
        return subprocess.Popen(self.argv(*args), env=env or self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def unit_dir(self, unit):
        if unit == "town":
            return self.root
        for kind in ("villages", "enterprises"):
            if os.path.exists(os.path.join(self.root, kind, unit + ".yaml")):
                return os.path.join(self.root, kind)
        raise KeyError(unit)

    def temp_files(self):
        """qtown's temporary files (.ID.yaml.tmp, .ID.yaml.tmp-XXXXXX)."""
        found = []
        for d in (self.root, os.path.join(self.root, "villages"),
                  os.path.join(self.root, "enterprises")):
            found += [os.path.join(d, n) for n in os.listdir(d) if is_temp_name(n)]
        return found

    def dump(self):
        """(ok, states, history, stderr): states[(unit, check)] = (status, value,
        note, by); history[(unit, check)] = [(from, to, value, event, note, by)]
        (from and to None for an entry without statuses: a note change)."""
        r = subprocess.run([UNITDUMP, self.root], env=self.env, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        states, history = {}, {}
        for line in r.stdout.splitlines():
            f = [unescape(x) for x in line.split("\t")]
            if f[0] == "state":
                states[(f[1], f[2])] = tuple(f[3:7])
            elif f[0] == "hist":
                history.setdefault((f[1], f[2]), []).append(tuple(f[3:8]) + (f[12],))
        return r.returncode == 0, states, history, r.stderr

    def remove(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def is_temp_name(name):
    return name.startswith(".") and (name.endswith(".yaml.tmp") or ".yaml.tmp-" in name)


def unescape(s):
    if s == "-":
        return None
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}[s[i + 1]])
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def shim_env(env, spec="", log="", count="", delay_us=0):
    """env with the fault shim (tests/faults/faultshim.c) preloaded."""
    env = dict(env)
    # The shim comes before the sanitizer runtime in a sanitized build.
    asan = env.get("ASAN_OPTIONS", "")
    env["ASAN_OPTIONS"] = (asan + ":" if asan else "") + "verify_asan_link_order=0"
    env["LD_PRELOAD"] = os.environ["FAULTSHIM"]
    env.update(QTOWN_FAULT=spec, QTOWN_FAULT_LOG=log, QTOWN_FAULT_COUNT=count,
               QTOWN_FAULT_DELAY_US=str(delay_us))
    return env


def median_runtime(ws, args, n=7, env=None):
    """Seconds one unkilled `qtown ARGS` takes here (the median of n); "{i}"
    in an argument becomes the run's number, so that each run changes
    something."""
    times = []
    for i in range(n):
        argv = [a.replace("{i}", str(i)) for a in args]
        t = time.monotonic()
        r = ws.run(*argv, env=env)
        if r.returncode != 0:
            raise RuntimeError(f"qtown {' '.join(args)}: {r.returncode}\n{r.stderr}")
        times.append(time.monotonic() - t)
    return sorted(times)[n // 2]


def seeded_random(name):
    """A random generator whose seed is printed (set QTOWN_SEED to replay)."""
    seed = int(os.environ.get("QTOWN_SEED") or random.SystemRandom().randrange(1 << 32))
    print(f"# {name}: seed {seed} (QTOWN_SEED={seed} replays it)", flush=True)
    return random.Random(seed)


def holders_of(path, pids):
    """The pids among `pids` that have `path` open (from /proc)."""
    real = os.path.realpath(path)
    found = set()
    for pid in pids:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    if os.readlink(f"/proc/{pid}/fd/{fd}") == real:
                        found.add(pid)
                        break
                except OSError:
                    pass
        except OSError:
            pass
    return found


def asleep(pid):
    """True when the process is sleeping (state S in /proc/PID/stat)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "S"
    except OSError:
        return False


def status_chain_broken(entries):
    """The first history entry (of one check) that does not start from the
    status the previous one left, or None; entries without statuses (note
    changes) are not part of the chain."""
    prev = "todo"
    for h in entries:
        if h[0] is None:
            continue
        if h[0] != prev:
            return h
        prev = h[1]
    return None


def notes_lost(entries, state_note, notes):
    """The notes among `notes` (each set by a change reported saved) that are
    neither the check's note now nor kept in its history (replaced: event
    note; lost a race: event merge)."""
    kept = {h[4] for h in entries if h[3] in ("note", "merge") and h[4] is not None}
    return [n for n in notes if n != state_note and n not in kept]
