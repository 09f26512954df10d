#!/usr/bin/env bash
# qtown merge-file, git's merge driver for unit files: by hand, through a
# plain `git merge`, across a plan change, and its refusals.
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"
skip_unless "python3-yaml is not installed (the test reads YAML back with it)" python3 -c "import yaml"

ws=$(new_workspace --demo)
f=villages/chenshan.yaml
cp "$ws/$f" base.yaml
at 100 qtown -w "$ws" set chenshan O1.patrol failed --by 甲 >/dev/null
cp "$ws/$f" ours.yaml
cp base.yaml "$ws/$f"
at 200 qtown -w "$ws" set chenshan M7.demo-zones done --by 乙 --note "示范区已建成" >/dev/null
cp "$ws/$f" theirs.yaml

# ---- by hand ------------------------------------------------------------------------
cp ours.yaml merged.yaml
run qtown merge-file base.yaml merged.yaml theirs.yaml "$f"
expect_status 0 "different checks merge"
check "ours' change is there" grep -q "by: 甲, check: O1.patrol, from: done, to: failed}" merged.yaml
check "theirs' change is there" grep -q "示范区已建成" merged.yaml
check "no conflict markers" no_markers merged.yaml
cp merged.yaml "$ws/$f"
run qtown -w "$ws" check
expect_status 0 "the merged file loads"

# the same check on both sides: the later wins, the other is in the history
cp base.yaml "$ws/$f"
at 300 qtown -w "$ws" set chenshan O1.patrol na --by 丙 >/dev/null
cp "$ws/$f" later.yaml
cp ours.yaml merged.yaml
run qtown --lang en merge-file base.yaml merged.yaml later.yaml "$f"
expect_status 0 "the same check merges"
expect_err "O1.patrol changed on both sides: kept na \(丙, the later change\); failed \(甲\) is kept in the history"
check "the later state is kept" test "$(python3 -c "import yaml,sys; print(yaml.safe_load(open('merged.yaml'))['checks']['O1.patrol']['status'])")" = na
check "the earlier is a merge entry" grep -q "by: 甲, check: O1.patrol, from: done, to: failed, event: merge}" merged.yaml

# no common version (added on both sides)
cp ours.yaml merged.yaml
: >empty.yaml
run qtown merge-file empty.yaml merged.yaml theirs.yaml "$f"
expect_status 0 "an empty base merges as added on both sides"
check "and keeps both" grep -q "示范区已建成" merged.yaml

# PATH is optional when OURS is the unit's own file
cp ours.yaml "$ws/$f"
run qtown merge-file base.yaml "$ws/$f" theirs.yaml
expect_status 0 "OURS names the unit"
check "merged in place" grep -q "示范区已建成" "$ws/$f"

# ---- refusals: OURS is never touched -------------------------------------------------
printf 'id: chenshan\nkind: village\n<<<<<<< HEAD\nname: a\n=======\nname: b\n>>>>>>> x\n' >broken.yaml
cp ours.yaml merged.yaml
run qtown merge-file base.yaml merged.yaml broken.yaml "$f"
expect_status 1 "a version that does not load is refused"
expect_err "villages/chenshan.yaml \(theirs\):[0-9]+:[0-9]+: "
check "ours is left as it was" cmp -s ours.yaml merged.yaml
run qtown merge-file base.yaml merged.yaml theirs.yaml villages/other.yaml
expect_status 1 "a version of another unit is refused"
check "ours is left as it was" cmp -s ours.yaml merged.yaml
run qtown merge-file base.yaml missing.yaml theirs.yaml "$f"
expect_status 1 "a missing OURS is refused"
run qtown merge-file base.yaml merged.yaml theirs.yaml plan.yaml
expect_status 1 "plan.yaml is no unit"
expect_err "not a unit file"
run qtown merge-file base.yaml merged.yaml
expect_status 2 "three files are needed"

# ---- a plain git merge uses the driver ---------------------------------------------------
run qtown init repo --demo
r=$TEST_TMP/repo
git -C "$r" checkout -q -b side
at 100 qtown -w "$r" set chenshan O1.patrol failed --by 甲 >/dev/null
at 110 qtown -w "$r" set xicheng O1.patrol failed --by 甲 >/dev/null
git -C "$r" commit -qam side
git -C "$r" checkout -q main
at 200 qtown -w "$r" set chenshan M7.demo-zones done --by 乙 >/dev/null
at 50 qtown -w "$r" set xicheng O1.patrol na --by 乙 >/dev/null
git -C "$r" commit -qam main
run git -C "$r" merge --no-edit side
expect_status 0 "git merge of two branches that changed the same units"
check "no conflict markers" no_markers "$r"
check "both changes of chenshan" grep -q "M7.demo-zones" "$r/$f"
check "side's O1.patrol too" grep -q "by: 甲, check: O1.patrol, from: done, to: failed}" "$r/$f"
check "xicheng: the later (side's) state won" \
    test "$(python3 -c "import yaml; print(yaml.safe_load(open('$r/villages/xicheng.yaml'))['checks']['O1.patrol']['status'])")" = failed
check "main's state is in the history" grep -q "by: 乙, check: O1.patrol, from: done, to: na, event: merge}" "$r/villages/xicheng.yaml"
run qtown -w "$r" check
expect_status 0 "the merged workspace checks clean"

# ---- a plan change on one side: a new check used at once --------------------------------
git -C "$r" checkout -q -b plan
python3 - "$SRCDIR/data/plans/jiaze-2016.yaml" "$r/plan.yaml" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
anchor = "      source: 加大打假力度\n"
new = ("    - id: O1.night-patrol\n      title:\n        zh: 夜间巡查\n        en: Night patrols\n"
       "      for:\n      - village\n")
assert anchor in text
open(sys.argv[2], "w", encoding="utf-8").write(text.replace(anchor, anchor + new, 1))
PY
at 300 qtown -w "$r" set chenshan O1.night-patrol done --by 甲 >/dev/null
git -C "$r" add plan.yaml
git -C "$r" commit -qam "night patrols"
git -C "$r" checkout -q main
at 400 qtown -w "$r" set chenshan O1.no-counterfeit failed --by 乙 >/dev/null
git -C "$r" commit -qam "counterfeit found"
run git -C "$r" merge --no-edit plan
expect_status 0 "a unit merges across a plan change"
check "the new check is kept" grep -q "O1.night-patrol:" "$r/$f"
check "ours' change too" grep -q "by: 乙, check: O1.no-counterfeit" "$r/$f"
check "right after the check it follows in the file that has it" \
    python3 -c "import sys; k = list(__import__('yaml').safe_load(open(sys.argv[1]))['checks']); sys.exit(k.index('O1.night-patrol') != k.index('O1.patrol') + 1)" "$r/$f"
run qtown -w "$r" check
expect_status 0 "and the workspace checks clean with the new plan"

done_testing
