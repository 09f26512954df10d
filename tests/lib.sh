# lib.sh — shared by the end-to-end tests (sourced).  Each test script is a
# TAP producer: `ok N - name` / `not ok N - name`, then the plan line.
#
#   . "$(dirname "$0")/../lib.sh"
#   ws=$(new_workspace --demo)
#   run qtown -w "$ws" list; expect_status 0; expect_out "xinzhu"
#   done_testing
#
# Environment: QTOWN (the binary, set by meson), a private HOME, TZ and
# LANG fixed so that output is the same on every machine.
set -u

QTOWN=${QTOWN:?QTOWN must name the qtown binary}
SRCDIR=${SRCDIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/qtown-test.XXXXXX")
trap 'rm -rf "$TEST_TMP"' EXIT
export HOME="$TEST_TMP/home" XDG_DATA_HOME="$TEST_TMP/home/.local/share"
export TZ=Asia/Shanghai LANG=C.UTF-8 LC_ALL=C.UTF-8 USER=tester
unset QTOWN_WORKSPACE LANGUAGE NO_COLOR
export QTOWN_NOW=1764123300 # 2025-11-26T10:15:00+08:00: reproducible timestamps
mkdir -p "$HOME"
cd "$TEST_TMP" || exit 1

_n=0
_failed=0
OUT=""
ERR=""
STATUS=0

# QTOWN_WRAPPER (e.g. valgrind and its options) runs qtown under a tool.
qtown() { ${QTOWN_WRAPPER:-} "$QTOWN" "$@"; }

# run CMD...: runs it, keeping stdout, stderr and the exit status.
run() {
    "$@" >"$TEST_TMP/.out" 2>"$TEST_TMP/.err"
    STATUS=$?
    OUT=$(cat "$TEST_TMP/.out")
    ERR=$(cat "$TEST_TMP/.err")
}

ok() {
    _n=$((_n + 1))
    echo "ok $_n - $1"
}

not_ok() {
    _n=$((_n + 1))
    _failed=$((_failed + 1))
    echo "not ok $_n - $1"
    shift
    local line
    for line in "$@"; do printf '#   %s\n' "$line"; done
}

# check NAME CONDITION...: a test that passes when the command succeeds.
check() {
    local name=$1
    shift
    if "$@"; then ok "$name"; else not_ok "$name" "failed: $*" "stdout: $OUT" "stderr: $ERR"; fi
}

expect_status() {
    if [ "$STATUS" -eq "$1" ]; then ok "${2:-exit status $1}"; else
        not_ok "${2:-exit status $1}" "got status $STATUS" "stdout: $OUT" "stderr: $ERR"
    fi
}

expect_out() {
    if grep -qF -- "$1" <<<"$OUT"; then ok "${2:-stdout has '$1'}"; else
        not_ok "${2:-stdout has '$1'}" "stdout: $OUT" "stderr: $ERR"
    fi
}

expect_err() {
    if grep -qE -- "$1" <<<"$ERR"; then ok "${2:-stderr matches '$1'}"; else
        not_ok "${2:-stderr matches '$1'}" "stderr: $ERR"
    fi
}

expect_no_out() {
    if ! grep -qF -- "$1" <<<"$OUT$ERR"; then ok "${2:-output lacks '$1'}"; else
        not_ok "${2:-output lacks '$1'}" "stdout: $OUT" "stderr: $ERR"
    fi
}

# skip_unless WHY CMD...: skips the whole test when CMD fails (a tool only
# the tests need is missing): TAP "1..0 # SKIP WHY" and status 0, which
# meson reads as skipped (a TAP test's non-zero status is an error, 77
# included).  Configuring with -Dtests=enabled requires every such tool.
skip_unless() {
    local why=$1
    shift
    "$@" >/dev/null 2>&1 && return 0
    echo "1..0 # SKIP $why"
    exit 0
}

# new_workspace [--demo] [--plan FILE]: a fresh workspace; prints its path.
new_workspace() {
    local dir
    dir=$(mktemp -d "$TEST_TMP/ws.XXXXXX")
    "$QTOWN" init "$dir" "$@" >/dev/null || return 1
    echo "$dir"
}

# The cache (model/cache.h): an entry made less than CACHE_RACY_NS (2 s)
# after its file changed is "racy": its content is hashed again at every
# read (git's rule).  The warm path, past that window:
past_racy_window() { sleep 2.2; }
# in_place FILE OLD NEW: the first OLD replaced by NEW (as long) in the
# file itself (its inode kept, as an editor writing in place does).
in_place() {
    python3 - "$@" <<'PY'
import sys
path, old, new = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
assert len(old) == len(new)
with open(path, 'r+b') as f:
    data = f.read()
    assert old in data, (path, old)
    f.seek(0)
    f.write(data.replace(old, new, 1))
PY
}

# snapshot DIR: a fingerprint of every file (content and mode) under DIR,
# but the cache (.qtown/: derived data any command may rebuild) and locks.
snapshot() {
    (cd "$1" && find . -path ./.qtown -prune -o -type f ! -name '.*.lock' -print0 | sort -z |
        xargs -0 sha256sum 2>/dev/null
     find . -path ./.qtown -prune -o -type f ! -name '.*.lock' -printf '%m %p\n' | sort)
}

done_testing() {
    echo "1..$_n"
    [ "$_failed" -eq 0 ]
}
