#!/usr/bin/env bash
# What qtown sync does not merge, and what it survives: a plan or settings
# changed on two laptops, a broken unit file pushed with plain git, someone
# pushing in between, a remote that refuses the push.
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"

hub_with_clones "$TEST_TMP" a b c || exit 1
a=$TEST_TMP/a b=$TEST_TMP/b c=$TEST_TMP/c
plan=$SRCDIR/data/plans/jiaze-2016.yaml

# ---- a plan changed on two laptops -------------------------------------------------
sed '0,/^        min: 60$/s//        min: 80/' "$plan" >"$a/plan.yaml"
sed '0,/^        min: 60$/s//        min: 70/' "$plan" >"$b/plan.yaml"
at 100 qtown -w "$b" set chenshan O1.patrol failed --by 乙 >/dev/null
run qtown -w "$a" --lang en sync
expect_status 0 "a sends its plan"
run qtown -w "$b" --lang en sync
expect_status 1 "b's sync stops on the plan conflict"
expect_err "plan.yaml: changed both here and on origin: qtown does not merge this file"
expect_err "git checkout origin/main -- plan.yaml"
check "b's plan is b's" grep -q "min: 70" "$b/plan.yaml"
check "no merge is left half-done" test ! -e "$b/.git/MERGE_HEAD"
check "nothing is left uncommitted" test -z "$(git -C "$b" status --porcelain)"
check "b's own change is committed" grep -q "O1.patrol" <<<"$(git -C "$b" show HEAD --stat --format=%B)"
check "no conflict markers" no_markers "$b"
run qtown -w "$b" check
expect_status 0 "b's workspace still checks clean"
# b decides to take a's plan
git -C "$b" checkout -q origin/main -- plan.yaml
run qtown -w "$b" --lang en sync
expect_status 0 "after taking theirs, b syncs"
expect_out "chenshan 晨山村: O1.patrol done -> failed (乙)"
run qtown -w "$a" sync
check "a and b agree" same_files "$a" "$b"

# ---- settings changed on two laptops -------------------------------------------------
sed -i 's/^town: .*/town: 甲镇/' "$a/qtown.yaml"
sed -i 's/^town: .*/town: 乙镇/' "$b/qtown.yaml"
run qtown -w "$a" sync
run qtown -w "$b" --lang en sync
expect_status 1 "a settings conflict stops the sync"
expect_err "qtown.yaml: changed both here and on origin"
check "b's settings are b's" grep -q "town: 乙镇" "$b/qtown.yaml"
git -C "$b" checkout -q origin/main -- qtown.yaml
run qtown -w "$b" sync
expect_status 0 "resolved, b syncs"
run qtown -w "$a" sync
run qtown -w "$c" sync
check "a, b and c agree" same_files "$a" "$b" "$c"

# ---- a broken unit file pushed with plain git ------------------------------------------
snap_b=$(qtown_files "$b")
head_b=$(git -C "$b" rev-parse HEAD)
at 200 qtown -w "$b" set xicheng O1.patrol na --by 乙 >/dev/null
printf '<<<<<<< HEAD\nbroken: [\n' >>"$c/villages/xicheng.yaml"
git -C "$c" commit -qam "a bad hand edit" && git -C "$c" push -q
run qtown -w "$b" --lang en sync
expect_status 1 "b's sync stops: the incoming xicheng does not load"
expect_err "villages/xicheng.yaml: could not be merged"
expect_err "villages/xicheng.yaml \(theirs\):[0-9]+:[0-9]+: "
check "no merge is left half-done" test ! -e "$b/.git/MERGE_HEAD"
check "b's xicheng is b's" test "$(grep -c '<<<<<<<' "$b/villages/xicheng.yaml")" -eq 0
check "nothing is left uncommitted" test -z "$(git -C "$b" status --porcelain)"
# a has not touched xicheng: the broken file arrives, and is reported
run qtown -w "$a" --lang en sync
expect_status 1 "a receives the broken file and says so"
expect_err "After the sync these files do not load"
expect_err "villages/xicheng.yaml:[0-9]+:[0-9]+: "
# c repairs it
git -C "$c" revert --no-edit HEAD >/dev/null && git -C "$c" push -q
run qtown -w "$b" sync
expect_status 0 "once repaired, b syncs"
run qtown -w "$a" sync
expect_status 0 "and a"
run qtown -w "$c" sync
check "everyone agrees again" same_files "$a" "$b" "$c"
check "b's change made it" grep -q "by: 乙, check: O1.patrol, from: done, to: na}" "$c/villages/xicheng.yaml"

# ---- someone pushes while a syncs ----------------------------------------------------
at 300 qtown -w "$a" set shiqiao O1.patrol failed --by 甲 >/dev/null
at 310 qtown -w "$c" set minshu O1.patrol failed --by 丙 >/dev/null
cat >"$a/.git/hooks/pre-push" <<EOF
#!/bin/sh
# c pushes first, once
[ -e "$TEST_TMP/raced" ] && exit 0
touch "$TEST_TMP/raced"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
"$QTOWN" -w "$c" sync >/dev/null 2>&1
EOF
chmod +x "$a/.git/hooks/pre-push"
run qtown -w "$a" --lang en sync
expect_status 0 "a's sync survives c's push in between"
check "c did push in between" test -e "$TEST_TMP/raced"
expect_out "Received from origin/main: 1 change in 1 unit"
expect_out "minshu 闵墅村: O1.patrol todo -> failed (丙)"
check "the hub has a's change" \
    grep -q "by: 甲, check: O1.patrol" <<<"$(git -C "$TEST_TMP/hub.git" show main:villages/shiqiao.yaml)"
rm "$a/.git/hooks/pre-push"

# ---- the remote refuses ------------------------------------------------------------
printf '#!/bin/sh\necho "no pushes on Sunday" >&2\nexit 1\n' >"$TEST_TMP/hub.git/hooks/pre-receive"
chmod +x "$TEST_TMP/hub.git/hooks/pre-receive"
at 400 qtown -w "$b" set shiqiao M8.rewards done >/dev/null 2>&1
at 400 qtown -w "$b" set shiqiao M8.assessment done --by 乙 >/dev/null
run qtown -w "$b" --lang en sync
expect_status 1 "a refused push fails the sync"
expect_err "no pushes on Sunday"
check "the change stays committed here" test -z "$(git -C "$b" status --porcelain)"
rm "$TEST_TMP/hub.git/hooks/pre-receive"
run qtown -w "$b" --lang en sync
expect_status 0 "and is sent on the next sync"
expect_out "shiqiao 士桥村: M8.assessment"

check "no conflict markers anywhere" no_markers "$a" "$b" "$c"

done_testing
