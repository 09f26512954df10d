#!/usr/bin/env python3
"""Fault injection: every file operation qtown makes while it changes a
workspace — open, mkostemp, write, fsync, rename, close, fchmod — is made
to fail in turn (the 1st call, the 2nd, ...) with ENOSPC, EIO and EACCES,
through the LD_PRELOAD shim tests/faults/faultshim.c.  Each failure must
give a clear message (FILE: ... and the system's reason) and exit 1, and
leave the old file byte-identical and loadable with no temporary file
left; a run that succeeds despite the fault (a failed close of a file
only read) must have saved the change whole.  Then: a read-only workspace
and a read-only file, as a user that permissions apply to.

Environment: FAULTSHIM (the shim), QTOWN, UNITDUMP, SRCDIR.
"""
import errno
import hashlib
import os
import shutil
import subprocess

import qtlib

OPS = ["open", "mkostemp", "write", "fsync", "rename", "close", "fchmod", "unlink"]
ERRS = ["ENOSPC", "EIO", "EACCES"]
SAVED_BUT = "saved, but cannot flush the folder to disk"


def digest(path):
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except FileNotFoundError:
        return None


def fault_env(ws, tmp, spec="", count_file=""):
    return qtlib.shim_env(ws.env, spec, log=os.path.join(tmp, "fault.log"), count=count_file)


def call_counts(ws, tmp, argv):
    """How often each operation is called by `qtown ARGV` (run once, no fault)."""
    path = os.path.join(tmp, "counts")
    if os.path.exists(path):
        os.remove(path)
    r = subprocess.run(argv, env=fault_env(ws, tmp, count_file=path), capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"{argv}: {r.returncode} {r.stderr}")
    counts = {}
    for line in open(path):
        op, n = line.split()
        counts[op] = int(n)
    return counts


class Case:
    """One command run under the sweep, and how to tell what it did."""

    def __init__(self, name, ws):
        self.name, self.ws = name, ws
        self.i = 0

    def next_argv(self):
        self.i += 1
        return self.argv(self.i)

    def allowed_temps(self):
        return []

    def prepare(self):
        """Before each run, the workspace as the counting run had it."""


class SetExisting(Case):
    """A value and a note: both in the history (the note entry with the note
    it replaced, the one the last change that got through set)."""

    def argv(self, i):
        ok, states, _, _ = self.ws.dump()
        st = states.get(("v1", "O1.c1"))
        self.note_before = st[2] if ok and st else None
        return self.ws.argv("set", "v1", "O1.c1", ["done", "failed", "doing"][i % 3], "--value",
                            str(1000 + i), "--note", f"故障 {i}", "--by", self.signer(i))

    def signer(self, i):
        return f"{self.name} #{i}"  # each case counts from 1

    def target(self):
        return os.path.join(self.ws.root, "villages", "v1.yaml")

    def applied(self, i):
        ok, states, history, _ = self.ws.dump()
        st = states.get(("v1", "O1.c1"))
        mine = [h for h in history.get(("v1", "O1.c1"), []) if h[5] == self.signer(i)]
        value = [h for h in mine if h[3] is None and h[2] == str(1000 + i)]
        note = [h for h in mine if h[3] == "note" and h[4] == self.note_before]
        return (ok and st is not None and st[1] == str(1000 + i) and st[2] == f"故障 {i}" and
                len(value) == 1 and len(note) == 1)


class SetWithLeftover(SetExisting):
    """A crash left .v1.yaml.tmp: the save takes a unique name, then
    removes the leftover (which may stay if the save fails)."""

    def argv(self, i):
        with open(self.leftover(), "w") as f:
            f.write("id: v1\nkind: village\nname: [half")
        return super().argv(i)

    def leftover(self):
        return os.path.join(self.ws.root, "villages", ".v1.yaml.tmp")

    def allowed_temps(self):
        return [self.leftover()]


class SetNewTownFile(Case):
    """The town's first change creates town.yaml."""

    def argv(self, i):
        path = self.target()
        if os.path.exists(path):
            os.remove(path)
        # signed by --by: the user's config and git (who signs otherwise)
        # are not the save's files
        return self.ws.argv("set", "town", "O1.c2", "done", "--value", str(i), "--by", "faults")

    def target(self):
        return os.path.join(self.ws.root, "town.yaml")

    def applied(self, i):
        ok, states, _, _ = self.ws.dump()
        st = states.get(("town", "O1.c2"))
        return ok and st is not None and st[1] == str(i)


class AddUnit(Case):
    """The names are read from the cache (model/names.h); without one, the
    add writes it: removed before each run, so that every run makes the
    same calls (the cache's writes among them) as the counting run."""

    def prepare(self):
        try:
            os.remove(os.path.join(self.ws.root, ".qtown", "cache"))
        except FileNotFoundError:
            pass

    def argv(self, i):
        return self.ws.argv("add", "enterprise", f"x{i}", f"新企业{i}")

    def target(self):
        return os.path.join(self.ws.root, "enterprises", f"x{self.i}.yaml")

    def applied(self, i):
        ok, states, _, _ = self.ws.dump()
        r = self.ws.run("show", f"x{i}")
        return ok and r.returncode == 0 and f"新企业{i}" in r.stdout


def temps(root):
    found = []
    for d, _, files in os.walk(root):
        found += [os.path.join(d, f) for f in files if qtlib.is_temp_name(f)]
    return found


def sweep(tap, ws, tmp, case, stats):
    case.prepare()
    counts = call_counts(ws, tmp, case.next_argv())
    tap.note(f"{case.name}: calls " + ", ".join(f"{op} {counts[op]}" for op in OPS))
    problems = []
    for op in OPS:
        for n in range(1, counts[op] + 1):
            for err in ERRS:
                case.prepare()
                argv = case.next_argv()
                i = case.i
                target = case.target()
                before = digest(target)
                log = os.path.join(tmp, "fault.log")
                if os.path.exists(log):
                    os.remove(log)
                r = subprocess.run(argv, env=fault_env(ws, tmp, f"{op}:{n}:{err}"),
                                   capture_output=True, text=True)
                injected = os.path.exists(log) and open(log).read().strip() == f"{op} {n} {err}"
                stats["faults"] += injected
                what = f"{case.name}: {op} #{n} {err} -> exit {r.returncode}: {r.stderr.strip()!r}"
                reason = os.strerror(getattr(errno, err))
                left = [t for t in temps(ws.root) if t not in case.allowed_temps()]
                chk = ws.run("check")
                if not injected:
                    problems.append(what + " (the fault was not injected)")
                elif left:
                    problems.append(what + f" (temporary files left: {left})")
                elif chk.returncode != 0:
                    problems.append(what + f" (qtown check: {chk.stderr.strip()})")
                elif r.returncode == 0:
                    stats["passed_through"] += 1
                    if not case.applied(i):
                        problems.append(what + " (reported saved, but the change is not there)")
                elif r.returncode != 1:
                    problems.append(what + " (exit status other than 1)")
                elif reason not in r.stderr or not r.stderr.startswith(ws.root):
                    problems.append(what + " (no FILE: ... reason message)")
                elif SAVED_BUT in r.stderr:
                    stats["saved_unflushed"] += 1
                    if not case.applied(i):
                        problems.append(what + " (says saved, but the change is not there)")
                elif digest(target) != before:
                    problems.append(what + " (the file changed although the save failed)")
                else:
                    stats["refused"] += 1
    for path in case.allowed_temps():
        if os.path.exists(path):
            os.remove(path)
    tap.check(not problems, f"{case.name}: every injected fault is reported or harmless, "
              "and the old file stays whole", *problems[:10])


def test_short_writes(tap, ws, tmp):
    case = SetExisting("short writes", ws)
    argv = case.next_argv()
    r = subprocess.run(argv, env=fault_env(ws, tmp, "write:1+:SHORT"), capture_output=True,
                       text=True)
    tap.check(r.returncode == 0 and case.applied(case.i),
              "short writes are completed by the write loop", r.stderr)


def test_failed_cleanup(tap, ws, tmp):
    """A write fails and so does the removal of the temporary file: the old
    file is whole, the leftover is not read, and the next save removes it."""
    target = os.path.join(ws.root, "villages", "v1.yaml")
    before = digest(target)
    r = subprocess.run(ws.argv("set", "v1", "O1.c3", "done", "--value", "7"),
                       env=fault_env(ws, tmp, "write:1:EIO,unlink:1:EIO"), capture_output=True,
                       text=True)
    left = temps(ws.root)
    tap.check(r.returncode == 1 and digest(target) == before and len(left) == 1,
              "write and unlink both failing: exit 1, old file whole, one temporary file left",
              r.stderr, left)
    chk = ws.run("check")
    tap.check(chk.returncode == 0, "the leftover temporary file is not read", chk.stderr)
    ws.run_ok("set", "v1", "O1.c3", "done", "--value", "8")
    tap.check(not temps(ws.root), "the next save removes it", temps(ws.root))


def as_nobody():
    """argv prefix running a command as a user that permissions apply to."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return None
    return [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def snapshot(root):
    """Every file but the cache (.qtown/: derived data any command may
    rebuild, as tests/lib.sh's fingerprint leaves it out)."""
    out = []
    for d, dirs, files in os.walk(root):
        if d == root and ".qtown" in dirs:
            dirs.remove(".qtown")
        for f in files:
            p = os.path.join(d, f)
            st = os.lstat(p)
            out.append((p, st.st_mode, digest(p)))
    return sorted(out)


def screens_as(prefix, ws, env, keys):
    """The screens' dumps, headless, run with argv prefix `prefix`."""
    keyfile = os.path.join(ws.tmp, "keys")
    dump = os.path.join(ws.tmp, "screens")
    with open(keyfile, "w") as f:
        f.write(keys)
    if os.path.exists(dump):
        os.remove(dump)
    # the dump file is written by the user the screens run as
    open(dump, "w").close()
    os.chmod(dump, 0o666)
    env = dict(env, COLUMNS="100", LINES="14", TERM="xterm", QTOWN_TEST_KEYS=keyfile,
               QTOWN_TEST_SCREEN=dump)
    subprocess.run(prefix + ws.argv("--lang", "en"), env=env, capture_output=True)
    with open(dump, encoding="utf-8") as f:
        return f.read()


def test_read_only(tap):
    prefix = as_nobody()
    if prefix is None:
        tap.check(False, "read-only tests need setpriv when run as root")
        return
    ws = qtlib.Workspace(villages=["v1", "v2"])
    try:
        for d in (ws.tmp, ws.env["HOME"]):
            os.chmod(d, 0o755)
        env = dict(ws.env)
        # A folder nobody may write to: the workspace as root left it.
        for d in (ws.root, os.path.join(ws.root, "villages"), os.path.join(ws.root, "enterprises")):
            os.chmod(d, 0o555)
        before = snapshot(ws.root)
        run = lambda *a: subprocess.run(prefix + ws.argv(*a), env=env, capture_output=True,
                                        text=True)
        r = run("check")
        tap.check(r.returncode == 0, "a read-only workspace is read and checked", r.stderr)
        tap.check("read-only: qtown cannot change the files here" in r.stdout,
                  "and qtown check marks it read-only", r.stdout)
        r = run("show", "v1")
        tap.check(r.returncode == 0 and "v1" in r.stdout, "a read-only workspace is shown", r.stderr)
        r = run("set", "v1", "O1.c1", "done", "--value", "3")
        tap.check(r.returncode == 1 and "read-only: the folder cannot be written" in r.stderr,
                  "set in a read-only folder fails with a read-only message", r.returncode,
                  r.stderr)
        r = run("add", "village", "v3", "村三")
        tap.check(r.returncode == 1 and "read-only" in r.stderr,
                  "add in a read-only folder fails with a read-only message", r.stderr)
        # The screens: a read-only mark on the unit list and the checklist,
        # and a change refused with the reason on the status line.
        screen = screens_as(prefix, ws, env, "<dump><Down><Enter><dump><Down>d<dump>q")
        dumps = screen.split("<<<end of screen>>>\n")
        tap.check(len(dumps) >= 3 and "[read-only]" in dumps[0].splitlines()[0] and
                  "[read-only]" in dumps[1].splitlines()[0],
                  "the screens mark the unit list and the checklist read-only", screen)
        tap.check(len(dumps) >= 3 and "Not saved: " in dumps[2] and "read-only: the folder" in dumps[2],
                  "and a change there says why it is not saved", screen)
        tap.check(snapshot(ws.root) == before, "and nothing in the workspace was touched")
        # A read-only file in a folder the user may write to.
        for d in (ws.root, os.path.join(ws.root, "villages"), os.path.join(ws.root, "enterprises")):
            os.chmod(d, 0o755)
        subprocess.run(["chown", "-R", "nobody:nogroup", ws.root], check=True)
        v1 = os.path.join(ws.root, "villages", "v1.yaml")
        os.chmod(v1, 0o444)
        before = snapshot(ws.root)
        r = run("check")
        tap.check(r.returncode == 0 and "read-only" not in r.stdout,
                  "a writable workspace is not marked read-only", r.stdout, r.stderr)
        r = run("set", "v1", "O1.c1", "done", "--value", "3")
        tap.check(r.returncode == 1 and "read-only: the file cannot be written" in r.stderr,
                  "set on a read-only file fails with a read-only message", r.stderr)
        tap.check(snapshot(ws.root) == before, "and the read-only file is left as it was")
        r = run("set", "v2", "O1.c1", "done", "--value", "3")
        tap.check(r.returncode == 0, "while a writable unit beside it is changed", r.stderr)
        # A lock file made by another user: read-only for this one.
        lock = os.path.join(ws.root, "villages", ".v2.yaml.lock")
        os.chown(lock, 0, 0)
        os.chmod(lock, 0o444)
        r = run("set", "v2", "O1.c2", "done", "--value", "4")
        tap.check(r.returncode == 0, "another user's read-only lock file still locks", r.stderr)
    finally:
        subprocess.run(["chmod", "-R", "u+w", ws.tmp])
        ws.remove()


def main():
    tap = qtlib.Tap()
    ws = qtlib.Workspace(villages=["v1"])
    tmp = ws.tmp
    stats = {"faults": 0, "refused": 0, "passed_through": 0, "saved_unflushed": 0}
    try:
        ws.run_ok("set", "v1", "O1.c1", "doing", "--value", "1", "--note", "before")
        for case in (SetExisting("set on an existing file", ws),
                     SetWithLeftover("set after a crash left .v1.yaml.tmp", ws),
                     SetNewTownFile("set creating town.yaml", ws), AddUnit("add a unit", ws)):
            sweep(tap, ws, tmp, case, stats)
        test_short_writes(tap, ws, tmp)
        test_failed_cleanup(tap, ws, tmp)
    finally:
        ws.remove()
    tap.note(f"{stats['faults']} faults injected: {stats['refused']} refused with the old file "
             f"intact, {stats['saved_unflushed']} saved but reported unflushed, "
             f"{stats['passed_through']} harmless (the change saved whole)")
    test_read_only(tap)
    tap.done()


if __name__ == "__main__":
    main()
