#!/usr/bin/env python3
"""The messages rule (src/i18n/messages.def): every message a user reads is a
line of messages.def, English and Chinese side by side, used through TR(M_X)
(or tr()).  TAP.  Checks, on the sources of SRCDIR:

  - messages.def: every line is MSG(M_ID, "English", "Chinese"), each id once,
    neither text empty, the same printf conversions in both, in order;
  - src/: the message given to diag_add, diag_vadd, yd_error, cli_usage_error,
    fprintf(stderr, ...) and fputs(..., stderr) is TR(M_X), or a literal with
    no words (such as "%s", to pass on a message made elsewhere), or the
    format parameter of the printf-like function it is in.  A literal with
    words is English the Chinese user would read; tr(M_X) with arguments
    misses the compiler's check of the arguments against both texts.
    (diag_errno and the readers' `what` take a msg_id: the compiler checks
    them.)

The rule is tried on planted mistakes first, so that a checker that finds
nothing fails instead of passing.

    tests/check-messages.py [SRCDIR]      (meson: SRCDIR in the environment)
"""
import os
import re
import sys
import tempfile

# function -> index of its message argument
MESSAGE_ARG = {"diag_add": 4, "diag_vadd": 4, "yd_error": 2, "cli_usage_error": 1}
CONVERSION = re.compile(r"%(?:\d+\$)?[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|j|z|t|L)?[diouxXeEfFgGaAcspn%]")


def c_strings(src):
    """The value of a C expression made only of string literals, else None."""
    parts = re.findall(r'"((?:[^"\\\n]|\\.)*)"', src)
    if not parts or re.sub(r'"((?:[^"\\\n]|\\.)*)"', "", src).strip():
        return None
    return "".join(parts)


def strip_comments(s):
    """Comments become spaces (line numbers kept); strings stay."""
    out, i, n = [], 0, len(s)
    while i < n:
        if s.startswith("/*", i):
            j = s.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", s[i:j]))
            i = j
        elif s.startswith("//", i):
            j = s.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif s[i] in "\"'":
            q, j = s[i], i + 1
            while j < n and s[j] != q:
                j += 2 if s[j] == "\\" else 1
            out.append(s[i:j + 1])
            i = j + 1
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def arguments(s, open_paren):
    """The argument texts of the call whose '(' is at open_paren."""
    depth, i, start, args = 0, open_paren, open_paren + 1, []
    while i < len(s):
        c = s[i]
        if c in "\"'":
            j = i + 1
            while j < len(s) and s[j] != c:
                j += 2 if s[j] == "\\" else 1
            i = j
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(s[start:i].strip())
                return args
        elif c == "," and depth == 1:
            args.append(s[start:i].strip())
            start = i + 1
        i += 1
    return args


def wordless(text):
    """True when a literal says nothing a translation could change."""
    rest = CONVERSION.sub("", re.sub(r"\\.", "", text)).replace("qtown", "")
    return not re.search(r"[A-Za-z]|[^\x00-\x7f]", rest)


def judge(arg, forwarding):
    """None when the message argument obeys the rule, else why not."""
    tr_call = r"TR\(\s*M_[A-Z0-9_]+\s*\)"
    if re.fullmatch(tr_call, arg) or re.fullmatch(r"[^?]+\?\s*%s\s*:\s*%s" % (tr_call, tr_call), arg):
        return None
    if forwarding and arg == "fmt":
        return None
    value = c_strings(arg)
    if value is not None:
        return None if wordless(value) else "an English literal: %s" % arg.replace("\n", " ")
    if arg.startswith("tr("):
        return "%s: use TR(M_X), so that the compiler checks the arguments" % arg
    return "not a message of messages.def: %s" % arg


def enclosing_signature(s, pos):
    """The head of the function whose body holds pos ("" outside one)."""
    body = s.rfind("\n{", 0, pos)
    if body < 0:
        return ""
    return s[max(s.rfind("\n}", 0, body), s.rfind(";", 0, body), 0):body]


def check_source(path, text):
    """Problems of one C file: (line, what)."""
    s = strip_comments(text)
    found = []
    calls = r"\b(diag_add|diag_vadd|yd_error|cli_usage_error|fprintf|fputs)\s*\("
    for m in re.finditer(calls, s):
        name = m.group(1)
        line_start = s.rfind("\n", 0, m.start()) + 1
        if re.match(r"\s*(?:static\s+)?(?:void|int|bool)\s", s[line_start:m.start()] + " "):
            continue  # its declaration or definition
        args = arguments(s, m.end() - 1)
        if name == "fprintf":
            if len(args) < 2 or args[0] != "stderr":
                continue
            arg = args[1]
        elif name == "fputs":
            if len(args) != 2 or args[1] != "stderr":
                continue
            arg = args[0]
            if re.fullmatch(r"tr\(.*\)", arg, re.S):
                arg = "TR(M_X)"  # nothing to check against: no arguments
        else:
            if len(args) <= MESSAGE_ARG[name]:
                continue
            arg = args[MESSAGE_ARG[name]]
        # a printf-like wrapper passes its own format on
        why = judge(arg, "const char *fmt" in enclosing_signature(s, m.start()))
        if why:
            found.append((s.count("\n", 0, m.start()) + 1, "%s's message is %s" % (name, why)))
    return found


POSITION = re.compile(r"%(\d+)\$")


def in_argument_order(convs):
    """The conversions by the argument each takes: a language may put them in
    another order with positions (%2$d ... %1$s, as POSIX printf reads them);
    a text that mixes the two forms is left as it is (and differs)."""
    positions = [POSITION.match(c) for c in convs]
    if not any(positions):
        return convs
    if not all(positions):
        return ["mixed"] + convs
    return [POSITION.sub("%", c) for _, c in sorted((int(p.group(1)), c) for p, c in zip(positions, convs))]


def check_def(text):
    """Problems of messages.def: (line, what)."""
    found, seen = [], {}
    s = strip_comments(text)
    for m in re.finditer(r"\bMSG\s*\(", s):
        line = s.count("\n", 0, m.start()) + 1
        args = arguments(s, m.end() - 1)
        if len(args) != 3 or not re.fullmatch(r"M_[A-Z0-9_]+", args[0]):
            found.append((line, "not MSG(M_ID, \"English\", \"Chinese\")"))
            continue
        ident, en, zh = args[0], c_strings(args[1]), c_strings(args[2])
        if ident in seen:
            found.append((line, "%s is already on line %d" % (ident, seen[ident])))
        seen[ident] = line
        if not en or not zh:
            found.append((line, "%s: a text is missing or not a string literal" % ident))
            continue
        ce = [c for c in CONVERSION.findall(en) if c != "%%"]
        cz = [c for c in CONVERSION.findall(zh) if c != "%%"]
        if in_argument_order(ce) != in_argument_order(cz):
            found.append((line, "%s: the conversions differ: %s in English, %s in Chinese"
                          % (ident, " ".join(ce) or "none", " ".join(cz) or "none")))
    rest = re.sub(r"\bMSG\s*\((?:[^()\"]|\"(?:[^\"\\]|\\.)*\")*\)", "", s)
    for i, l in enumerate(rest.split("\n"), 1):
        if l.strip():
            found.append((i, "not a message: %s" % l.strip()))
    return found


def check_tree(root):
    """{relative path: problems} for the messages.def and the C files of root/src."""
    results = {}
    with open(os.path.join(root, "src/i18n/messages.def"), encoding="utf-8") as f:
        results["src/i18n/messages.def"] = check_def(f.read())
    for d, _, files in sorted(os.walk(os.path.join(root, "src"))):
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                path = os.path.join(d, name)
                with open(path, encoding="utf-8") as f:
                    results[os.path.relpath(path, root)] = check_source(path, f.read())
    return results


# Planted mistakes, one per line that must be found; and lines that obey.
PLANTED_DEF = r'''/* comment */
MSG(M_OK, "%s: %zu units", "%s：%zu 个单位")
MSG(M_SWAPPED, "%s has %d", "%d 个 %s")
MSG(M_EMPTY, "no", "")
MSG(M_OK, "again", "又")
MSG(m_lower, "x", "x")
MSG(M_REORDERED, "%s has %d", "%2$d 个 %1$s")
MSG(M_REORDERED_BAD, "%s has %d", "%1$d 个 %2$s")
'''
PLANTED_C = r'''/* diag_add(dl, NULL, 0, 0, "a comment is not a call"); */
void diag_add(diag_list *dl, const char *file, int line, int col, const char *fmt, ...)
{
    diag_vadd(dl, file, line, col, fmt, ap);
}
static void f(diag_list *dl, ydec *d, const cli_ctx *ctx)
{
    diag_add(dl, path, 0, 0, TR(M_OK), path, n);
    diag_add(dl, path, 0, 0, "%s", tr(M_OK));
    diag_add(dl, d->file, d->line, d->col, "%s", d->msg);
    fprintf(stderr, "%s\n", safe);
    fputs(tr(M_OK), stderr);
    diag_add(dl, path, 0, 0, "no such file"); /* PLANTED */
    yd_error(d, n, "unknown key '%s'", k); /* PLANTED */
    cli_usage_error(ctx, "which unit? "
                         "qtown show UNIT"); /* PLANTED */
    diag_add(dl, path, 0, 0, tr(M_OK), path, n); /* PLANTED */
    diag_add(dl, path, 0, 0, why); /* PLANTED */
    fprintf(stderr, "qtown: cannot write: %s\n", e); /* PLANTED */
    fputs("Try 'qtown --help'.\n", stderr); /* PLANTED */
    diag_add(dl, path, 0, 0, "%s 不是", x); /* PLANTED */
}
'''


def self_test(emit):
    """The rule finds every planted mistake and nothing else."""
    with tempfile.TemporaryDirectory() as root:
        os.makedirs(os.path.join(root, "src/i18n"))
        with open(os.path.join(root, "src/i18n/messages.def"), "w", encoding="utf-8") as f:
            f.write(PLANTED_DEF)
        with open(os.path.join(root, "src/i18n/planted.c"), "w", encoding="utf-8") as f:
            f.write(PLANTED_C)
        results = check_tree(root)
    want_c = [i for i, l in enumerate(PLANTED_C.split("\n"), 1) if "PLANTED */" in l]
    got_c = [line for line, _ in results["src/i18n/planted.c"]]
    # a call spread over lines is reported at its first line
    want_c = [w - 1 if "qtown show UNIT" in PLANTED_C.split("\n")[w - 1] else w for w in want_c]
    emit(sorted(got_c) == sorted(want_c),
         "the rule finds each planted English message, tr() with arguments and "
         "non-message in C, and nothing else (lines %s, expected %s)" % (got_c, want_c))
    got_def = sorted(line for line, _ in results["src/i18n/messages.def"])
    emit(got_def == [3, 4, 5, 6, 8],
         "the rule finds swapped conversions, an empty text, a second M_OK, a bad id and "
         "positions that swap the arguments in messages.def (lines %s, expected "
         "[3, 4, 5, 6, 8])" % got_def)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SRCDIR")
    if not root:
        sys.exit("usage: check-messages.py SRCDIR")
    n, failed = 0, 0

    def emit(ok, name, details=()):
        nonlocal n, failed
        n += 1
        failed += not ok
        print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
        for d in details:
            print("#   " + d)

    self_test(emit)
    for path, problems in sorted(check_tree(root).items()):
        if path.endswith(".def") or problems or "i18n" not in path:
            emit(not problems, "%s: every message is in messages.def" % path,
                 ["%s:%d: %s" % (path, line, why) for line, why in problems])
    print("1..%d" % n)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
