#!/usr/bin/env python3
"""Crash test: hundreds of `qtown set` runs, many at once on the same
units, killed with SIGKILL at random moments (a dead battery, a killed
terminal).  Afterwards every file loads, `qtown check` is clean, no
temporary file is taken for data, and every change whose command reported
success (exit 0 and its output line) is there — in the history, in order,
and as the current state when no later change replaced it.

Every other round runs on a "slow disk" (the fault shim sleeps before
each write, fsync and rename), so that many kills land in the middle of a
save, between the temporary file and the rename; and some attempts are
killed the moment they are seen holding a temporary file.

Each attempt sets a value no other attempt uses (its number), a random
status and a note naming the attempt, signed with its number, so that what
is on disk can be traced back to exactly one command.  Every note change is
in the history with the note it replaced: no note of a change reported
saved is missing, and each note entry replaced the note that the change
written before it (on disk, killed or not) had set.

Then the screens: qtown's checklist driven headless (QTOWN_TEST_KEYS)
types value after value into a check, each followed by a screen dump, and
is killed at a random moment, often while typing or saving.  Every value
(each session's its own, above every attempt's number)
whose "Saved: ..." the screen showed is in the history, in order, and the
check holds the last value saved.

QTOWN_CRASH_ROUNDS (default 100) rounds of QTOWN_CRASH_JOBS (default 8)
processes, QTOWN_SCREEN_ROUNDS (default 60) screen sessions; QTOWN_SEED
replays a run.
"""
import os
import re
import signal
import subprocess
import time

import qtlib

ROUNDS = int(os.environ.get("QTOWN_CRASH_ROUNDS", "100"))
JOBS = int(os.environ.get("QTOWN_CRASH_JOBS", "8"))
UNITS = ["v1", "e1", "town"]
SLOT_CHECKS = qtlib.CHECKS[:4]
SPARE = 0.15  # share of attempts not killed at all
MID_SAVE_SHARE = 0.1  # share of the others killed when seen saving
SLOW_DISK_US = 3000
MID_SAVE_KILLS = 10
SCREEN_ROUNDS = int(os.environ.get("QTOWN_SCREEN_ROUNDS", "60"))
SCREEN_CHANGES = 20
SCREEN_VALUES = 1_000_000
SCREEN_END = "<<<end of screen>>>\n"  # after each dump (src/tui/term.c)


class Attempt:
    def __init__(self, n, unit, check, status, rnd):
        self.n, self.unit, self.check, self.status, self.round = n, unit, check, status, rnd
        self.note = f"第{n}次 attempt {n}\nline two"
        self.rc = None
        self.out = ""
        self.err = ""

    def args(self):
        return ("set", self.unit, self.check, self.status, "--value", str(self.n),
                "--note", self.note, "--by", f"attempt-{self.n}")

    def succeeded(self):
        """Exit 0 and the line `ID CHECK: FROM -> STATUS (Saved)`."""
        pat = rf"^{re.escape(self.unit)} {re.escape(self.check)}: \w+ -> {self.status} \(Saved\)$"
        return self.rc == 0 and re.search(pat, self.out, re.M) is not None


def kill_savers(ws, watched):
    """Kills each process of `watched` (a list of Popen) that holds one of
    qtown's temporary files open: a kill in the middle of a save."""
    temps = ws.temp_files()
    if not temps:
        return
    pids = {p.pid: p for p in watched if p.poll() is None}
    for path in temps:
        for pid in qtlib.holders_of(path, pids):
            pids[pid].send_signal(signal.SIGKILL)


def wait_watching(ws, watched, until):
    """Sleeps until the monotonic time `until`, killing the savers of
    `watched` meanwhile."""
    while True:
        left = until - time.monotonic()
        if watched:
            kill_savers(ws, watched)
        if left <= 0:
            return
        time.sleep(min(left, 0.001) if watched else left)


def run_round(ws, rng, rnd, first, runtime, env):
    """Starts JOBS attempts at once, kills most at random moments, and
    some the moment they hold a temporary file (on a loaded machine a
    random moment seldom falls in a save: the start-up stretches more)."""
    attempts = []
    for i in range(JOBS):
        a = Attempt(first + i, rng.choice(UNITS), rng.choice(SLOT_CHECKS), rng.choice(qtlib.STATUSES),
                    rnd)
        a.kill_after = None if rng.random() < SPARE else rng.uniform(0, 2.0 * runtime)
        a.mid_save = a.kill_after is not None and rng.random() < MID_SAVE_SHARE
        if a.mid_save:
            a.kill_after = None
        attempts.append(a)
    procs = []
    for a in attempts:
        procs.append((a, ws.popen(*a.args(), env=env), time.monotonic()))
    watched = [p for a, p, _ in procs if a.mid_save]
    for a, p, started in sorted(procs, key=lambda x: x[0].kill_after or 1e9):
        if a.kill_after is None:
            continue
        wait_watching(ws, watched, started + a.kill_after)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
    while any(p.poll() is None for p in watched):
        wait_watching(ws, watched, time.monotonic() + 0.01)
    for a, p, _ in procs:
        a.out, a.err = p.communicate()
        a.rc = p.returncode
    return attempts


def verify(tap, ws, attempts):
    ok, states, history, err = ws.dump()
    tap.check(ok, "every unit file loads after the kills", err)
    r = ws.run("check")
    tap.check(r.returncode == 0 and "3 units checked, no problems" in r.stdout,
              "qtown check is clean and counts 3 units (no temporary file taken for a unit)",
              r.stdout, r.stderr)
    by_n = {a.n: a for a in attempts}
    lost, invented, disorder, broken_chain, wrong_state = [], [], [], [], []
    lost_notes, note_chain = [], []
    for unit in UNITS:
        for check in SLOT_CHECKS:
            entries = [h for h in history.get((unit, check), []) if h[3] is None]
            values = [int(h[2]) for h in entries]
            mine = [a for a in attempts if (a.unit, a.check) == (unit, check)]
            for v in values:
                if v not in by_n or (by_n[v].unit, by_n[v].check) != (unit, check):
                    invented.append((unit, check, v))
            for a in mine:
                if a.succeeded() and a.n not in values:
                    lost.append((unit, check, a.n, a.rc))
            # Rounds run one after the other: their entries must too.
            rounds = [by_n[v].round for v in values if v in by_n]
            if rounds != sorted(rounds):
                disorder.append((unit, check, values))
            b = qtlib.status_chain_broken(history.get((unit, check), []))
            if b:
                broken_chain.append((unit, check, b))
            state = states.get((unit, check))
            saved_notes = [a.note for a in mine if a.succeeded()]
            gone = qtlib.notes_lost(history.get((unit, check), []), state and state[2], saved_notes)
            if gone:
                lost_notes.append((unit, check, gone[:3]))
            # each note entry replaced the note the previous note change set
            before = None
            for h in history.get((unit, check), []):
                if h[3] != "note":
                    continue
                if h[4] != before:
                    note_chain.append((unit, check, h, before))
                    break
                n = int(h[5].split("-")[1]) if h[5] and h[5].startswith("attempt-") else None
                before = by_n[n].note if n in by_n else None
            if values:
                last = by_n.get(values[-1])
                want = (last.status, str(last.n), last.note) if last else None
                if not state or state[:3] != want:
                    wrong_state.append((unit, check, state, want))
            elif state is not None:
                wrong_state.append((unit, check, state, None))
    tap.check(not lost, "every change reported as saved is in the history", *lost[:10])
    tap.check(not invented, "no value in the history that no command set", *invented[:10])
    tap.check(not disorder, "the history is in the order the rounds ran", *disorder[:5])
    tap.check(not broken_chain, "each history entry starts from the status the previous one left",
              *broken_chain[:5])
    tap.check(not wrong_state,
              "each check's status, value and note are the last change's, whole", *wrong_state[:5])
    tap.check(not lost_notes, "no note of a change reported saved is missing: the check's note "
              "or kept in its history", *lost_notes[:5])
    tap.check(not note_chain, "each note entry keeps the note the change before it set",
              *note_chain[:5])


def screen_session(ws, rng, rnd, env, runtime):
    """One headless screen session on v1, killed at a random moment.
    Returns (check, values typed, values the screen reported saved, rc)."""
    k = rnd % 4 + 1
    check = SLOT_CHECKS[k - 1]
    # Above every attempt number of the command-line phase (at most
    # 3 * ROUNDS * JOBS), so that a value in the history is this session's.
    base = SCREEN_VALUES + rnd * SCREEN_CHANGES
    values = [str(base + i) for i in range(1, SCREEN_CHANGES + 1)]
    keys = "<Down><Enter>" + "<Down>" * k
    keys += "".join(f"v<C-u>{v}<Enter><dump>" for v in values) + "q"
    keyfile = os.path.join(ws.tmp, "keys")
    screens = os.path.join(ws.tmp, "screens")
    with open(keyfile, "w") as f:
        f.write(keys)
    if os.path.exists(screens):
        os.remove(screens)
    env = dict(env, COLUMNS="100", LINES="12", TERM="xterm", QTOWN_TEST_KEYS=keyfile,
               QTOWN_TEST_SCREEN=screens)
    p = subprocess.Popen([qtlib.QTOWN, "-w", ws.root, "--lang", "en"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    kill_after = rng.uniform(0, 1.5 * runtime) if runtime is not None else None
    if kill_after is not None:
        time.sleep(kill_after)
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
    _, err = p.communicate()
    saved = []
    if os.path.exists(screens):
        with open(screens, encoding="utf-8", errors="replace") as f:
            dumps = f.read().split(SCREEN_END)[:-1]  # only whole dumps
        for d in dumps:
            m = re.search(rf"^Saved: \S+ {re.escape(check)} = (\d+)$", d, re.M)
            if m and (not saved or saved[-1] != m.group(1)):
                saved.append(m.group(1))
    return check, values, saved, p.returncode, err


def screens(tap, ws, rng):
    slow_env = qtlib.shim_env(ws.env, delay_us=SLOW_DISK_US)
    modes = []
    for env in (ws.env, slow_env):
        t = time.monotonic()
        _, values, saved, rc, err = screen_session(ws, rng, 0, env, None)
        if rc != 0 or saved != values:
            tap.check(False, "an unkilled screen session saves every value", rc, err, saved)
            return
        modes.append((env, time.monotonic() - t))
    tap.note(f"one screen session of {SCREEN_CHANGES} changes takes {modes[0][1] * 1000:.0f} ms, "
             f"{modes[1][1] * 1000:.0f} ms on the slow disk")
    killed = reported = 0
    problems = []
    # As for the command line: under load a session may end before its
    # kill, so more sessions (up to three times as many) until half are killed.
    rnd = 0
    while rnd < SCREEN_ROUNDS or (killed < SCREEN_ROUNDS // 2 and rnd < 3 * SCREEN_ROUNDS):
        rnd += 1
        env, runtime = modes[rnd % 2]
        check, values, saved, rc, err = screen_session(ws, rng, rnd, env, runtime)
        killed += rc == -signal.SIGKILL
        reported += len(saved)
        if rc not in (0, -signal.SIGKILL):
            problems.append((rnd, "exit status", rc, err))
            continue
        ok, states, history, derr = ws.dump()
        if not ok:
            problems.append((rnd, "a unit does not load", derr))
            break
        on_disk = [h[2] for h in history.get(("v1", check), []) if h[3] is None]
        mine = [v for v in on_disk if v in values]
        if saved != mine[:len(saved)]:
            problems.append((rnd, check, "reported saved", saved, "in the history", mine))
        state = states.get(("v1", check))
        if mine and (not state or state[1] != mine[-1]):
            problems.append((rnd, check, "state", state, "last saved", mine[-1]))
        if len(mine) > len(saved) + 1:
            problems.append((rnd, check, "more saved than typed before the kill", saved, mine))
    tap.note(f"{rnd} screen sessions: {killed} killed by SIGKILL, {reported} changes "
             "shown as saved before the kill")
    tap.check(killed >= SCREEN_ROUNDS // 2, f"screen sessions killed mid-edit ({killed})")
    tap.check(not problems, "every change the screen showed as saved is on disk, in order",
              *problems[:5])
    r = ws.run("check")
    tap.check(r.returncode == 0, "qtown check is clean after the screens' kills", r.stderr)


def main():
    tap = qtlib.Tap()
    rng = qtlib.seeded_random("crash")
    ws = qtlib.Workspace(villages=["v1"], enterprises=["e1"])
    try:
        calibrate = ("set", "v1", "M1.c8", "done", "--value", "{i}")
        slow_env = qtlib.shim_env(ws.env, delay_us=SLOW_DISK_US)
        modes = [(ws.env, qtlib.median_runtime(ws, calibrate)),
                 (slow_env, qtlib.median_runtime(ws, calibrate, env=slow_env))]
        tap.note(f"one unkilled qtown set takes {modes[0][1] * 1000:.1f} ms here, "
                 f"{modes[1][1] * 1000:.1f} ms on the slow disk")
        started = time.monotonic()
        attempts = []
        temps_seen = set()
        # A loaded machine stretches the runs unevenly and fewer kills land
        # mid-save: more rounds (up to three times as many in all) until enough do, so
        # that the proof is made rather than the test failing on the load.
        rnd = 0
        while rnd < ROUNDS or (len(temps_seen) < MID_SAVE_KILLS and rnd < 3 * ROUNDS):
            env, runtime = modes[rnd % 2]
            attempts += run_round(ws, rng, rnd, len(attempts) + 1, runtime, env)
            rnd += 1
            for path in ws.temp_files():
                try:
                    temps_seen.add((path, os.stat(path).st_ino))
                except FileNotFoundError:
                    pass
        elapsed = time.monotonic() - started
        killed = [a for a in attempts if a.rc == -signal.SIGKILL]
        saved = [a for a in attempts if a.succeeded()]
        odd = [a for a in attempts if a.rc != -signal.SIGKILL and not a.succeeded()]
        tap.note(f"{len(attempts)} runs in {elapsed:.1f} s: {len(killed)} killed by SIGKILL, "
                 f"{len(saved)} reported saved, {len(temps_seen)} temporary files left by kills "
                 "mid-save")
        tap.check(len(killed) >= 100, f"hundreds of kills ({len(killed)})")
        tap.check(len(temps_seen) >= MID_SAVE_KILLS, f"kills landed mid-save ({len(temps_seen)} times)")
        tap.check(not odd, "every run not killed reported its change as saved",
                  *[f"#{a.n} rc={a.rc} out={a.out!r} err={a.err!r}" for a in odd[:5]])
        verify(tap, ws, attempts)
        # A half-written temporary file is never read, and the next save
        # of its unit removes it.
        with open(os.path.join(ws.unit_dir("v1"), ".v1.yaml.tmp-crash1"), "w") as f:
            f.write("id: v1\nkind: village\nname: [half\n")
        r = ws.run("check")
        tap.check(r.returncode == 0, "a broken temporary file is not read as data", r.stderr)
        # A leftover .ID.yaml.tmp is removed by the next save of its unit;
        # a young .ID.yaml.tmp-XXXXXX may be another qtown's save in progress
        # (where locks do not work) and is kept; old ones go too.
        for unit in UNITS:
            fixed = os.path.join(ws.unit_dir(unit), f".{unit}.yaml.tmp")
            with open(fixed, "w") as f:
                f.write("half a file")
        young = [p for p in ws.temp_files() if not p.endswith(".yaml.tmp")]
        for unit in UNITS:
            ws.run_ok("set", unit, "M1.c8", "done", "--value", "2")
        tap.check(sorted(ws.temp_files()) == sorted(young),
                  "a save removes the leftover .ID.yaml.tmp and leaves young ones alone")
        old = time.time() - 601
        for path in ws.temp_files():
            os.utime(path, (old, old))
        for unit in UNITS:
            fixed = os.path.join(ws.unit_dir(unit), f".{unit}.yaml.tmp")
            with open(fixed, "w") as f:
                f.write("half a file")
            ws.run_ok("set", unit, "M1.c8", "done", "--value", "3")
        left = ws.temp_files()
        tap.check(not left, "and removes those untouched for 10 minutes", *left)
        screens(tap, ws, rng)
    finally:
        ws.remove()
    tap.done()


if __name__ == "__main__":
    main()
