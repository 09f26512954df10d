#!/usr/bin/env bash
# Only a remote that cannot be reached is "offline, sent later" (exit 0); a
# remote that is not a repository, or a corrupt one, fails the sync with
# git's words and exit 1 — the local commit stays (issue 10, item 6; the
# full disk is in full-disk.sh).
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"

hub_with_clones "$TEST_TMP" a || exit 1
a=$TEST_TMP/a
hub=$TEST_TMP/hub.git
n=0
change() { n=$((n + 1)); at $((n * 10)) qtown -w "$a" set chenshan O1.patrol "$1" --by 甲 >/dev/null; }

# ---- unreachable: offline, exit 0 ---------------------------------------------------------
git -C "$a" remote set-url origin "$TEST_TMP/usb/hub.git"
change failed
run qtown -w "$a" --lang en sync
expect_status 0 "a stick that is not plugged in: offline"
expect_out "cannot be reached"
git -C "$a" remote set-url origin "http://127.0.0.1:9/hub.git"
change doing
run qtown -w "$a" --lang en sync
expect_status 0 "a network remote that refuses connections: offline"
expect_out "cannot be reached"

# ---- not a repository: a failure ----------------------------------------------------------
mkdir "$TEST_TMP/empty"
git -C "$a" remote set-url origin "$TEST_TMP/empty"
change done
head_before=$(git -C "$a" rev-parse HEAD)
run qtown -w "$a" --lang en sync
expect_status 1 "a remote that is not a repository fails the sync"
expect_err "does not appear to be a git repository"
expect_err "nothing was received from origin"
expect_no_out "will be sent on the next sync"
check "the local change is committed" test "$(git -C "$a" rev-parse HEAD)" != "$head_before"

# ---- a corrupt remote: a failure ------------------------------------------------------------
git -C "$a" remote set-url origin "$hub"
change failed
cp -a "$hub" "$TEST_TMP/hub-good.git"
# someone pushes; then the hub loses the objects of that push
git clone -q "$hub" "$TEST_TMP/w" && at 500 "$QTOWN" -w "$TEST_TMP/w" set xicheng O1.patrol na >/dev/null &&
    "$QTOWN" -w "$TEST_TMP/w" sync >/dev/null
find "$hub/objects" -type f -path '*/objects/??/*' -newer "$TEST_TMP/hub-good.git/HEAD" -delete
for f in "$hub"/objects/pack/*.pack; do [ -e "$f" ] && : >"$f"; done
run qtown -w "$a" --lang en sync
expect_status 1 "a corrupt remote fails the sync"
expect_no_out "will be sent on the next sync"
expect_err "git fetch --quiet origin failed"
rm -rf "$hub" && mv "$TEST_TMP/hub-good.git" "$hub"
run qtown -w "$a" --lang en sync
expect_status 0 "once the remote is fixed, the sync goes through"
check "the hub has the local changes" \
    grep -q "chenshan" <<<"$(git -C "$hub" log -1 --format=%B main)"

done_testing
