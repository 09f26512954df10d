#!/usr/bin/env bash
# qtown init: a new workspace, the demo, a plan file, and refusals.
. "$(dirname "$0")/../lib.sh"

run qtown init "$TEST_TMP/empty"
expect_status 0 "init makes a workspace"
check "qtown.yaml names the built-in plan" grep -qx "plan: jiaze-2016" "$TEST_TMP/empty/qtown.yaml"
check "no plan.yaml without --plan" test ! -e "$TEST_TMP/empty/plan.yaml"
check "unit folders exist" test -d "$TEST_TMP/empty/villages" -a -d "$TEST_TMP/empty/enterprises"
run qtown -w "$TEST_TMP/empty" check
expect_status 0 "a new workspace checks clean"

run qtown init "$TEST_TMP/empty"
expect_status 1 "init refuses an existing workspace"
expect_err "already a qtown workspace"

run qtown init "$TEST_TMP/demo" --demo
expect_status 0 "init --demo"
check "the demo is marked as sample data" grep -qx "sample: true" "$TEST_TMP/demo/qtown.yaml"
villages=$(ls "$TEST_TMP/demo/villages" | wc -l)
enterprises=$(ls "$TEST_TMP/demo/enterprises" | wc -l)
check "about 8 villages ($villages)" test "$villages" -ge 6 -a "$villages" -le 12
check "about 20 enterprises ($enterprises)" test "$enterprises" -ge 15 -a "$enterprises" -le 25
run qtown -w "$TEST_TMP/demo" check
expect_status 0 "the demo checks clean"

# Reading and writing back an unchanged file changes no byte: every demo file
# is already in the form qtown writes.
differ=0
for f in "$TEST_TMP"/demo/villages/*.yaml "$TEST_TMP"/demo/enterprises/*.yaml "$TEST_TMP/demo/town.yaml"; do
    kind=$(basename "$(dirname "$f")")
    case $kind in villages) kind=village ;; enterprises) kind=enterprise ;; *) kind=town ;; esac
    "$ROUNDTRIP" builtin:jiaze-2016 "$kind" "$f" | cmp -s - "$f" || { differ=$((differ + 1)); echo "# differs: $f"; }
done
check "every demo file reads and writes back byte for byte" test "$differ" -eq 0

run qtown init "$TEST_TMP/mini" --plan "$SRCDIR/tests/data/mini-plan.yaml"
expect_status 0 "init --plan FILE"
check "the plan is copied" cmp -s "$SRCDIR/tests/data/mini-plan.yaml" "$TEST_TMP/mini/plan.yaml"
check "qtown.yaml names it" grep -qx "plan: mini" "$TEST_TMP/mini/qtown.yaml"

printf 'format: 1\nid: broken\nsections: [\n' >"$TEST_TMP/bad-plan.yaml"
run qtown init "$TEST_TMP/bad" --plan "$TEST_TMP/bad-plan.yaml"
expect_status 1 "init refuses a broken plan"
expect_err "bad-plan.yaml:[0-9]+:[0-9]+: "
check "and leaves no workspace behind" test ! -e "$TEST_TMP/bad/qtown.yaml"

run qtown init "$TEST_TMP/mini-demo" --demo --plan "$SRCDIR/tests/data/mini-plan.yaml"
expect_status 1 "the demo needs the plan it was made for"
check "nothing half-made" test ! -e "$TEST_TMP/mini-demo/qtown.yaml"

run qtown init
expect_status 2 "init without a folder is a usage error"
run qtown init a b
expect_status 2 "init with two folders is a usage error"
run qtown init "$TEST_TMP/x" --frobnicate
expect_status 2 "an unknown option is a usage error"
expect_err "unknown option '--frobnicate'"

done_testing
