#!/usr/bin/env bash
# A remote that stops answering never holds a sync: every git qtown starts
# for the network (fetch, push) has a deadline (git config
# qtown.networkTimeout, seconds of silence; 60 by default).  At the
# deadline git and everything it started are stopped, the sync says so and
# exits 1, and the changes stay committed here, to go on the next sync.
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"

hub_with_clones "$TEST_TMP" a || exit 1
a=$TEST_TMP/a
pids=$TEST_TMP/pids

# A stand-in for ssh whose server never answers, and one that serves
# fetches (the command runs here) but hangs on a push.  Each writes its pid.
cat >"$TEST_TMP/silent-ssh" <<EOF
#!/bin/sh
echo \$\$ >>"$pids"
exec sleep 300
EOF
cat >"$TEST_TMP/no-push-ssh" <<EOF
#!/bin/sh
for last; do :; done
case "\$last" in
*receive-pack*) echo \$\$ >>"$pids"; exec sleep 300 ;;
*) exec sh -c "\$last" ;;
esac
EOF
chmod +x "$TEST_TMP/silent-ssh" "$TEST_TMP/no-push-ssh"

# none of the stand-ins is left running
all_gone() {
    local p
    [ -s "$pids" ] || return 1
    while read -r p; do
        for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || continue 2; sleep 0.1; done
        return 1
    done <"$pids"
}

# expect_deadline WHAT: qtown sync in a hits the deadline: exit 1, the
# message, in about the deadline (not the stand-in's 300 s), every stand-in
# stopped.
expect_deadline() {
    local t0=$SECONDS took
    run qtown -w "$a" --lang en sync
    took=$((SECONDS - t0))
    expect_status 1 "$1: exit 1"
    expect_err "^qtown: origin did not answer in 2 s; your changes are committed here"
    check "$1: within the deadline and the grace to stop git (took $took s)" test "$took" -le 30
    check "$1: git and all it started are stopped" all_gone
}

git -C "$a" config qtown.networkTimeout 2

# ---- ssh that never answers --------------------------------------------------------------
git -C "$a" remote set-url origin "ssh://hub.invalid/srv/jiaze.git"
git -C "$a" config core.sshCommand "$TEST_TMP/silent-ssh"
at 100 qtown -w "$a" set chenshan O1.patrol failed --by 甲 >/dev/null
expect_deadline "ssh that never answers"
check "the change is committed here" \
    grep -q "O1.patrol done -> failed" <<<"$(git -C "$a" log -1 --format=%B)"
check "nothing is left uncommitted" test -z "$(git -C "$a" status --porcelain)"
check "no git lock is left behind" test -z "$(find "$a/.git" -name '*.lock')"

# ---- an ext:: remote that never answers -------------------------------------------------
: >"$pids"
git -C "$a" config protocol.ext.allow always
git -C "$a" remote set-url origin "ext::$TEST_TMP/silent-ssh"
expect_deadline "an ext:: remote that never answers"

# ---- fetch answers, push never does --------------------------------------------------------
: >"$pids"
git -C "$a" remote set-url origin "ssh://localhost$TEST_TMP/hub.git"
git -C "$a" config core.sshCommand "$TEST_TMP/no-push-ssh"
at 200 qtown -w "$a" set xicheng O1.patrol na --by 甲 >/dev/null
expect_deadline "a push that never ends"
check "nothing is left uncommitted" test -z "$(git -C "$a" status --porcelain)"
check "the hub has not got the changes yet" \
    test "$(git -C "$TEST_TMP/hub.git" rev-parse main)" != "$(git -C "$a" rev-parse HEAD)"

# ---- the remote answers again: nothing was lost ---------------------------------------------
git -C "$a" remote set-url origin "$TEST_TMP/hub.git"
run qtown -w "$a" --lang en sync
expect_status 0 "the next sync sends everything"
expect_out "Sent to origin/main: 2 changes in 2 units"
expect_out "chenshan 晨山村: O1.patrol done -> failed (甲)"
expect_out "xicheng 西城村: O1.patrol done -> na (甲)"
check "the hub has them" test "$(git -C "$TEST_TMP/hub.git" rev-parse main)" = "$(git -C "$a" rev-parse HEAD)"

# ---- the setting -------------------------------------------------------------------------
git -C "$a" config qtown.networkTimeout soon
run qtown -w "$a" --lang en sync
expect_status 1 "a timeout that is not a number stops the sync"
expect_err "git config qtown.networkTimeout is 'soon': it must be a number of seconds from 0 \(no limit\) to 86400"
git -C "$a" config qtown.networkTimeout 86401
run qtown -w "$a" sync
expect_status 1 "nor one past a day"
git -C "$a" config qtown.networkTimeout 0
run qtown -w "$a" --lang en sync
expect_status 0 "0: no limit"
git -C "$a" config --unset qtown.networkTimeout
run qtown -w "$a" --lang en sync
expect_status 0 "unset: the default"

done_testing
