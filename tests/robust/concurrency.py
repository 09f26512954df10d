#!/usr/bin/env python3
"""Concurrency test: several qtowns writing the same units at once.

1. Free running: WRITERS processes at a time, each owning two checks, set
   their checks of the same four units round after round.  Every change
   survives, in each writer's order, as the current state and in the
   history.
2. Stale copies, made certain: the test holds a unit's lock while eight
   qtowns, each setting a different check, load the unit and queue for the
   lock; then lets them go.  Each one re-reads the file under the lock, so
   all eight changes survive.
3. The same check by two writers, both loaded before either saved: one
   wins (its status, value and note whole), the other's value is in the
   history and its note is kept there too (event "merge").
4. Two windows on one note: two screens (headless) open the note editor
   on the same check, both before either saves: either both wait for the
   unit's lock (the test holds it), or one window's editor stays open
   while the other saves, then saves over it (the screens' <touch> and
   <wait> keep them in step).  Both texts survive: the later save's in the
   field, the other in the history (event "merge", signed by its window's
   user), and the later window's status line says so.
5. A network folder whose locks do not reach the other computer (the fault
   shim makes flock do nothing): a slow save is overtaken by another
   one; the slow one notices that the file changed before its rename,
   reads it again and keeps the other's change (fs_write_atomic_if).

QTOWN_CONC_ROUNDS (default 15) sets the rounds of each part.
"""
import fcntl
import os
import subprocess
import threading
import time

import qtlib

ROUNDS = int(os.environ.get("QTOWN_CONC_ROUNDS", "15"))
WRITERS = 4
UNITS = ["v1", "v2", "e1", "town"]


chain_broken = qtlib.status_chain_broken


def free_running(tap, ws):
    counter = iter(range(1, 1 << 30))
    lock = threading.Lock()
    expected = {}  # (unit, check) -> [(value, status, note)] in the writer's order
    failures = []

    def writer(w):
        checks = [qtlib.CHECKS[w], qtlib.CHECKS[w + WRITERS]]
        for rnd in range(ROUNDS):
            for unit in UNITS:
                for check in checks:
                    with lock:
                        n = next(counter)
                    status = qtlib.STATUSES[(n + w) % len(qtlib.STATUSES)]
                    note = f"写入者{w} 第{rnd}轮 #{n}"
                    r = ws.run("set", unit, check, status, "--value", str(n), "--note", note,
                               "--by", f"writer{w}")
                    if r.returncode != 0:
                        failures.append((w, unit, check, n, r.returncode, r.stderr))
                        continue
                    expected.setdefault((unit, check), []).append((str(n), status, note))

    started = time.monotonic()
    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    total = sum(len(v) for v in expected.values())
    tap.note(f"free running: {ROUNDS} rounds, {WRITERS} writers at once, {total} changes "
             f"in {elapsed:.1f} s")
    tap.check(not failures, "every set of the free-running writers succeeds", *failures[:5])
    ok, states, history, err = ws.dump()
    tap.check(ok, "every unit loads", err)
    lost, wrong, broken, notes = [], [], [], []
    for key, changes in expected.items():
        state = states.get(key)
        gone = qtlib.notes_lost(history.get(key, []), state and state[2], [c[2] for c in changes])
        if gone:
            notes.append((key, gone))
        entries = [h for h in history.get(key, []) if h[3] is None]
        values = [h[2] for h in entries]
        if values != [c[0] for c in changes]:
            lost.append((key, [c[0] for c in changes], values))
        last = changes[-1]
        if not state or (state[0], state[1], state[2]) != (last[1], last[0], last[2]):
            wrong.append((key, state, last))
        b = chain_broken(history.get(key, []))
        if b:
            broken.append((key, b))
    tap.check(not lost, "every change is in the history, in its writer's order", *lost[:5])
    tap.check(not wrong, "every check holds its writer's last change, whole", *wrong[:5])
    tap.check(not broken, "each history entry starts where the previous one ended", *broken[:5])
    tap.check(not notes, "every note set is the check's note or kept in its history", *notes[:5])


class HeldLock:
    """Holds qtown's lock of a unit, as a qtown in the middle of a save would."""

    def __init__(self, ws, unit):
        self.path = os.path.join(ws.unit_dir(unit), f".{unit}.yaml.lock")
        if unit == "town":
            self.path = os.path.join(ws.root, ".town.yaml.lock")

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def wait_for_queue(self, procs, timeout=20):
        """Waits until every process has the lock file open: each has loaded
        the unit and is waiting for the lock."""
        pids = {p.pid for p in procs}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if qtlib.holders_of(self.path, pids) == pids:
                return True
            if any(p.poll() is not None for p in procs):
                return False
            time.sleep(0.002)
        return False

    def __exit__(self, *exc):
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def run_queued(ws, unit, argvs):
    """Starts the commands while `unit`'s lock is held, waits until all are
    queued for it, releases it; returns (queued, results)."""
    with HeldLock(ws, unit) as held:
        procs = [ws.popen(*a) for a in argvs]
        queued = held.wait_for_queue(procs)
    results = []
    for p in procs:
        out, err = p.communicate()
        results.append((p.returncode, out, err))
    return queued, results


def stale_copies(tap, ws):
    bad, missing = [], []
    base = 10_000_000
    for rnd in range(ROUNDS):
        unit = UNITS[rnd % len(UNITS)]
        argvs = [("set", unit, c, "done", "--value", str(base + rnd * 100 + i), "--note",
                  f"stale {rnd} {i}") for i, c in enumerate(qtlib.CHECKS)]
        queued, results = run_queued(ws, unit, argvs)
        if not queued or any(r[0] != 0 for r in results):
            bad.append((rnd, queued, [r for r in results if r[0] != 0][:2]))
            continue
        _, states, _, _ = ws.dump()
        for i, c in enumerate(qtlib.CHECKS):
            st = states.get((unit, c))
            if not st or st[1] != str(base + rnd * 100 + i) or st[2] != f"stale {rnd} {i}":
                missing.append((rnd, unit, c, st))
    tap.note(f"stale copies: {ROUNDS} rounds of {len(qtlib.CHECKS)} writers queued on one lock")
    tap.check(not bad, "eight writers with stale copies all queue and succeed", *bad[:3])
    tap.check(not missing, "every one of their changes survives the others", *missing[:5])


def same_check(tap, ws):
    problems = []
    merges = 0
    base = 20_000_000
    for rnd in range(ROUNDS):
        unit, check = UNITS[rnd % len(UNITS)], "O1.c1"
        mine = [(str(base + 10 * rnd + k), ["done", "failed"][k], f"writer {k} round {rnd}")
                for k in range(2)]
        argvs = [("set", unit, check, st, "--value", v, "--note", note) for v, st, note in mine]
        queued, results = run_queued(ws, unit, argvs)
        if not queued or any(r[0] != 0 for r in results):
            problems.append((rnd, "not both succeeded", queued, results))
            continue
        _, states, history, _ = ws.dump()
        st = states.get((unit, check))
        winners = [m for m in mine if st and (st[1], st[0], st[2]) == m]
        if len(winners) != 1:
            problems.append((rnd, "the state is neither writer's change, whole", st))
            continue
        loser = [m for m in mine if m is not winners[0]][0]
        entries = history.get((unit, check), [])
        if loser[0] not in [h[2] for h in entries if h[3] is None]:
            problems.append((rnd, "the other writer's value is not in the history", loser))
        kept = [h for h in entries if h[3] == "merge" and h[4] == loser[2]]
        if len(kept) != 1:
            problems.append((rnd, "the other writer's note is not kept in the history", loser))
        merges += len(kept)
        if chain_broken(entries):
            problems.append((rnd, "history chain broken", chain_broken(entries)))
    tap.note(f"same check: {ROUNDS} rounds of two writers, {merges} replaced notes kept")
    tap.check(not problems, "the same check by two writers: one wins, the other is in the history",
              *problems[:5])


def screen_env(ws, tmp, k, text, user, ready="", go=""):
    """A headless screen that opens check O1.c3 of v2, edits its note to
    `text` and saves (keys file and screen dump under tmp); with `ready`
    and `go`, it makes the file `ready` once its editor is open and waits
    for the file `go` before it saves."""
    keys = os.path.join(tmp, f"keys-{k}")
    sync = (f"<touch {ready}>" if ready else "", f"<wait {go}>" if go else "")
    with open(keys, "w") as f:
        f.write(f"/v2<Enter><Enter>/O1.c3<Enter><Esc>e{sync[0]}<C-u>{text}{sync[1]}<Enter><dump>q")
    dump = os.path.join(tmp, f"screen-{k}")
    if os.path.exists(dump):
        os.remove(dump)
    env = dict(ws.env, COLUMNS="160", LINES="12", TERM="xterm", QTOWN_TEST_KEYS=keys,
               QTOWN_TEST_SCREEN=dump, QTOWN_USER=user)
    return env, dump


def start_screen(ws, env):
    return subprocess.Popen([qtlib.QTOWN, "-w", ws.root, "--lang", "en"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def both_queued(ws, runs):
    """Both screens save while the test holds the lock: both wait for it."""
    with HeldLock(ws, "v2") as held:
        procs = [start_screen(ws, env) for env, _ in runs]
        queued = held.wait_for_queue(procs)
    errs = [p.communicate()[1] for p in procs]
    return queued and all(p.returncode == 0 for p in procs), errs


def editor_left_open(ws, runs, ready, go):
    """B opens its editor; A saves meanwhile; then B saves."""
    for path in (ready, go):
        if os.path.exists(path):
            os.remove(path)
    b = start_screen(ws, runs[1][0])
    deadline = time.monotonic() + 20
    while not os.path.exists(ready) and b.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    a = start_screen(ws, runs[0][0])
    a_err = a.communicate()[1]
    open(go, "w").close()
    b_err = b.communicate()[1]
    return a.returncode == 0 and b.returncode == 0, [a_err, b_err]


def two_screens(tap, ws):
    problems = []
    rounds = max(4, ROUNDS // 3)
    ready, go = os.path.join(ws.tmp, "b-ready"), os.path.join(ws.tmp, "b-go")
    for rnd in range(rounds):
        texts = [f"窗口A 第{rnd}轮", f"窗口B 第{rnd}轮"]
        users = ["窗口A", "窗口B"]
        left_open = rnd % 2 == 1
        runs = [screen_env(ws, ws.tmp, 0, texts[0], users[0]),
                screen_env(ws, ws.tmp, 1, texts[1], users[1], *((ready, go) if left_open else ()))]
        ran, errs = editor_left_open(ws, runs, ready, go) if left_open else both_queued(ws, runs)
        if not ran:
            problems.append((rnd, "both screens did not save", errs))
            continue
        shown = [open(d, encoding="utf-8").read() for _, d in runs]
        _, states, history, _ = ws.dump()
        st = states.get(("v2", "O1.c3"))
        if not st or st[2] not in texts:
            problems.append((rnd, "the note is neither window's", st))
            continue
        later = texts.index(st[2])
        earlier = 1 - later
        entries = history.get(("v2", "O1.c3"), [])
        kept = [h for h in entries if h[3] == "merge" and h[4] == texts[earlier]]
        if len(kept) != 1 or kept[0][5] != users[earlier]:
            problems.append((rnd, "the earlier window's note is not kept, signed", kept))
        said = f"the note {users[earlier]} saved meanwhile is kept in the history"
        if said not in shown[later] or "Saved: " not in shown[earlier]:
            problems.append((rnd, "the screens do not say what happened", shown[later][-400:]))
        if left_open and later != 1:
            problems.append((rnd, "the editor left open did not save last", st))
        if qtlib.notes_lost(entries, st[2], texts):
            problems.append((rnd, "a note is lost", entries[-3:]))
    tap.note(f"two windows: {rounds} rounds of two screens editing one note at once (half of "
             "them with one editor left open while the other saves)")
    tap.check(not problems, "two windows on one note: both texts survive, one in the field, one "
              "in the history, and the screen says so", *problems[:5])


def no_working_lock(tap, ws):
    problems = []
    for rnd in range(3):
        unit = UNITS[rnd]
        lock = HeldLock(ws, unit).path
        slow = ws.popen("set", unit, "M1.c7", "done", "--value", str(30 + rnd), "--note", "slow",
                        env=qtlib.shim_env(ws.env, "flock:1+:NOOP", delay_us=100_000))
        # Wait until the slow one has "locked" the unit (its lock file is
        # open), read it, and sleeps before making its temporary file.
        deadline = time.monotonic() + 20
        while not (qtlib.holders_of(lock, [slow.pid]) and qtlib.asleep(slow.pid)):
            if slow.poll() is not None or time.monotonic() > deadline:
                break
            time.sleep(0.001)
        quick = ws.run("set", unit, "M1.c8", "failed", "--value", str(40 + rnd), "--note", "quick",
                       env=qtlib.shim_env(ws.env, "flock:1+:NOOP"))
        out, err = slow.communicate()
        _, states, _, _ = ws.dump()
        got = (states.get((unit, "M1.c7")), states.get((unit, "M1.c8")))
        want = (("done", str(30 + rnd), "slow"), ("failed", str(40 + rnd), "quick"))
        if slow.returncode != 0 or quick.returncode != 0 or tuple(g and g[:3] for g in got) != want:
            problems.append((unit, slow.returncode, err, quick.returncode, quick.stderr, got))
    tap.check(not problems, "without a working lock, a save overtaken by another keeps its change",
              *problems)


def main():
    tap = qtlib.Tap()
    ws = qtlib.Workspace(villages=["v1", "v2"], enterprises=["e1"])
    try:
        free_running(tap, ws)
        stale_copies(tap, ws)
        same_check(tap, ws)
        two_screens(tap, ws)
        no_working_lock(tap, ws)
        r = ws.run("check")
        tap.check(r.returncode == 0, "qtown check is clean afterwards", r.stderr)
    finally:
        ws.remove()
    tap.done()


if __name__ == "__main__":
    main()
