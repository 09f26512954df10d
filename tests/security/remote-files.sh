#!/usr/bin/env bash
# What a remote sends is data to validate: received files that do not load
# are reported with exit 1 and the workspace stays able to sync once the
# remote is fixed (issue 10, item 9); a merge never writes a unit file past
# qtown's limit (item 8); a hint to run a command quotes the remote's file
# names (item 5); a huge blob is not read into memory (item 14).
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"

hub_with_clones "$TEST_TMP" a c || exit 1
a=$TEST_TMP/a c=$TEST_TMP/c
plan=$SRCDIR/data/plans/jiaze-2016.yaml

# ---- a plan that drops a check units still use ---------------------------------------------
# (the check renamed where the plan defines it and where a letter's task names it)
sed -e 's/^\( *- id: O1\.patrol\)$/\1led/' -e 's/^\( *- O1\.patrol\)$/\1led/' "$plan" >"$c/plan.yaml"
grep -q patrolled "$c/plan.yaml" || echo "# the plan edit did not apply"
git -C "$c" add plan.yaml && git -C "$c" commit -qm "a plan without O1.patrol" && git -C "$c" push -q
run qtown -w "$a" --lang en sync
expect_status 1 "a plan that drops a check units use: exit 1"
expect_err "villages/chenshan.yaml:[0-9]+:[0-9]+: unknown check 'O1.patrol'"
git -C "$c" rm -q plan.yaml && git -C "$c" commit -qm "back to the built-in plan" && git -C "$c" push -q
run qtown -w "$a" --lang en sync
expect_status 0 "once the remote is fixed, a syncs"
run qtown -w "$a" check
expect_status 0 "and checks clean"

# ---- settings naming a plan that does not exist --------------------------------------------
sed -i 's/^plan: .*/plan: no-such-plan/' "$c/qtown.yaml"
git -C "$c" commit -qam "an unknown plan" && git -C "$c" push -q
run qtown -w "$a" --lang en sync
expect_status 1 "settings naming an unknown plan: exit 1"
expect_err "nothing was merged"
expect_err "no-such-plan"
run qtown -w "$a" list
expect_status 0 "a's workspace still opens"
at 50 qtown -w "$a" set chenshan O1.patrol failed --by 甲 >/dev/null
git -C "$c" revert --no-edit HEAD >/dev/null && git -C "$c" push -q
run qtown -w "$a" --lang en sync
expect_status 0 "once the remote is fixed, a syncs again"
expect_out "chenshan 晨山村: O1.patrol done -> failed (甲)"
run qtown -w "$a" check
expect_status 0 "and checks clean"

# ---- a conflict hint quotes the remote's file name ----------------------------------------
hostile='villages/$(touch${IFS}PWNED)x.yaml'
git -C "$c" pull -q
printf 'theirs\n' >"$c/$hostile"
git -C "$c" add -- "$hostile" && git -C "$c" commit -qm "a hostile name" && git -C "$c" push -q
printf 'ours\n' >"$a/$hostile"
git -C "$a" add -- "$hostile" && git -C "$a" commit -qm "the same name here"
run qtown -w "$a" --lang en sync
expect_status 1 "the same stray file on both sides stops the sync"
hint=$(sed -n 's/.*(to take theirs: \(git checkout .*\)), then sync again.*/\1/p' <<<"$ERR" | head -1)
check "the hint names the command" test -n "$hint"
(cd "$a" && sh -c "$hint") 2>/dev/null
check "running the hint runs nothing else" test ! -e "$a/PWNED" -a ! -e "$TEST_TMP/PWNED"
check "and takes theirs" grep -q theirs "$a/$hostile"
git -C "$a" commit -qm "took theirs"
run qtown -w "$a" --lang en sync
expect_status 0 "then a syncs"
git -C "$a" rm -q -- "$hostile" && git -C "$a" commit -qm "no stray file" && git -C "$a" push -q

# ---- two histories under the limit, their merge over it -------------------------------------
# grow FILE TAG N: appends N history lines, each ~100 bytes, times set by TAG
grow() {
    python3 - "$1" "$2" "$3" <<'PY'
import sys
path, tag, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, "a", encoding="utf-8") as f:
    for i in range(n):
        s = tag * 3 + i * 7
        f.write("- {at: '2024-%02d-%02dT%02d:%02d:%02d+08:00', by: tester-%d, check: O1.patrol, "
                "from: todo, to: done}\n" % (1 + i % 12, 1 + i % 28, i % 24, (s // 60) % 60, s % 60, tag))
PY
}
git -C "$c" pull -q
grow "$a/villages/xicheng.yaml" 1 25000
grow "$c/villages/xicheng.yaml" 2 25000
size_a=$(stat -c %s "$a/villages/xicheng.yaml")
check "each side is under the limit ($size_a bytes)" test "$size_a" -lt 4194304
run qtown -w "$a" --lang en sync
expect_status 0 "a sends its long history"
c_before=$(sha256sum <"$c/villages/xicheng.yaml")
run qtown -w "$c" --lang en sync
expect_status 1 "c's merge would pass the limit: exit 1"
expect_err "villages/xicheng.yaml: not merged: the merged file would be [0-9]+ bytes, past qtown's limit of 4194304"
check "c's file is as it was" test "$(sha256sum <"$c/villages/xicheng.yaml")" = "$c_before"
check "no merge is left in progress" test ! -e "$c/.git/MERGE_HEAD"
check "nothing past the limit reached the hub" \
    test "$(git -C "$TEST_TMP/hub.git" cat-file -s main:villages/xicheng.yaml)" -lt 4194304
run qtown -w "$c" check
expect_status 0 "c still checks clean"

# ---- a huge blob is never read whole into memory ----------------------------------------------
d=$TEST_TMP/d
git clone -q "$TEST_TMP/hub.git" "$d"
head -c $((8 * 1024 * 1024)) /dev/zero >"$d/villages/huge.yaml"
git -C "$d" add villages/huge.yaml && git -C "$d" commit -qm "an 8 MiB unit file" && git -C "$d" push -q
"$QTOWN" -w "$a" --lang en sync >"$TEST_TMP/out" 2>"$TEST_TMP/err"
st=$?
check "an 8 MiB unit file received: exit 1" test "$st" -eq 1
check "it is reported as too large" grep -q "huge.yaml: file is too large" "$TEST_TMP/err"
run qtown -w "$a" --lang en sync
expect_status 0 "the next sync goes through"

done_testing
