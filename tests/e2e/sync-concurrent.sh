#!/usr/bin/env bash
# Three laptops (clones of one bare repository) change the same units at the
# same time in every way — different checks of one unit, the same check,
# units added (one of them on two laptops), a unit removed here and changed
# there, a unit removed, hand edits, a plan change — then sync in different
# orders.  Afterwards every clone holds the same files, every change is in
# them or in a history, `qtown check` is clean and no file holds a
# conflict marker.
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"
skip_unless "python3-yaml is not installed (the test reads YAML back with it)" python3 -c "import yaml"

# The edits of each laptop; a's clock is the earliest, c's the latest.
edit_a() {
    local w=$1
    at 100 qtown -w "$w" set chenshan O1.patrol failed --by 甲 --note "巡查记录缺失"
    at 101 qtown -w "$w" set xicheng O1.patrol failed --by 甲
    at 102 qtown -w "$w" add village newa 新甲村
    at 103 qtown -w "$w" set guanzhuang O1.patrol na --by 甲
    rm "$w/villages/yuejin.yaml"
    sed -i 's/^name: 士桥村$/name: 士桥行政村/' "$w/villages/shiqiao.yaml"
}

edit_b() {
    local w=$1
    at 200 qtown -w "$w" set chenshan M7.demo-zones done --by 乙
    at 201 qtown -w "$w" set xicheng O1.patrol na --by 乙 --note "已撤村"
    at 202 qtown -w "$w" add village twin 双子村
    at 203 qtown -w "$w" set twin M1.work-plan done --by 乙
    at 204 qtown -w "$w" set fengyang O1.patrol failed --by 乙
    sed -i 's/^  households: 779$/  households: 800/' "$w/villages/shiqiao.yaml"
    # a hand edit of a status that leaves `updated` as it was
    sed -i '/^  O1.patrol:$/{n;s/^    status: done$/    status: doing/}' "$w/villages/guanzhuang.yaml"
    # the plan: the training target raised from 60 to 80 people
    sed '0,/^        min: 60$/s//        min: 80/' "$SRCDIR/data/plans/jiaze-2016.yaml" >"$w/plan.yaml"
}

edit_c() {
    local w=$1
    at 300 qtown -w "$w" set xicheng O1.patrol doing --by 丙 --note "整改中"
    at 301 qtown -w "$w" add enterprise newc 新丙公司 --attr industrial=true
    at 302 qtown -w "$w" add village twin 双子村
    at 303 qtown -w "$w" set twin M8.assessment done --by 丙
    rm "$w/villages/fengyang.yaml"
}

# The expectations about the merged files, checked in one run of Python:
# prints "1<TAB>name" or "0<TAB>name" for each.
expectations() {
    python3 - "$1" <<'PY'
import os, sys, yaml
w = sys.argv[1]
def unit(rel):
    return yaml.safe_load(open(os.path.join(w, rel), encoding="utf-8"))
def state(rel, check, key="status"):
    return unit(rel)["checks"].get(check, {}).get(key)
def merged(rel, **want):
    return any(e.get("event") == "merge" and all(e.get(k) == v for k, v in want.items())
               for e in unit(rel).get("history", []))
v = "villages/"
results = [
    # different checks of one unit: both
    ("chenshan has a's O1.patrol", state(v + "chenshan.yaml", "O1.patrol") == "failed"),
    ("and b's M7.demo-zones", state(v + "chenshan.yaml", "M7.demo-zones") == "done"),
    # the same check on three laptops: c's (the latest) wins, the others are in the history
    ("xicheng O1.patrol is c's", state(v + "xicheng.yaml", "O1.patrol", "note") == "整改中"),
    ("a's state is in its history", merged(v + "xicheng.yaml", by="甲", to="failed", check="O1.patrol")),
    ("b's state and note too", merged(v + "xicheng.yaml", by="乙", to="na", note="已撤村")),
    # units added, one of them on two laptops
    ("a's new village", unit(v + "newa.yaml")["name"] == "新甲村"),
    ("c's new enterprise", unit("enterprises/newc.yaml")["name"] == "新丙公司"),
    ("the twin has b's check", state(v + "twin.yaml", "M1.work-plan") == "done"),
    ("and c's", state(v + "twin.yaml", "M8.assessment") == "done"),
    # removed here, changed there: kept; removed and untouched: removed
    ("fengyang is kept with b's change", state(v + "fengyang.yaml", "O1.patrol") == "failed"),
    ("yuejin is removed", not os.path.exists(os.path.join(w, v + "yuejin.yaml"))),
    # hand edits of different keys of one unit
    ("shiqiao's new name (a)", unit(v + "shiqiao.yaml")["name"] == "士桥行政村"),
    ("and its households (b)", unit(v + "shiqiao.yaml")["attributes"]["households"] == 800),
    # a hand edit that kept the old `updated` loses to a's later set, and is recorded
    ("guanzhuang O1.patrol is a's", state(v + "guanzhuang.yaml", "O1.patrol") == "na"),
    ("the hand edit is in the history", merged(v + "guanzhuang.yaml", to="doing", check="O1.patrol")),
    # the plan change reached everyone
    ("plan.yaml came along", "min: 80" in open(os.path.join(w, "plan.yaml"), encoding="utf-8").read()),
]
for name, good in results:
    print(f"{int(bool(good))}\t{name}")
PY
}

scenario() {
    local order=$1 d
    local root=$TEST_TMP/s-${order// /}
    hub_with_clones "$root" a b c || { not_ok "$order: setup"; return; }
    edit_a "$root/a" >/dev/null
    edit_b "$root/b" >/dev/null
    edit_c "$root/c" >/dev/null
    local failed=0 first second
    read -r first second _ <<<"$order"
    for d in $order $first $second; do
        at 900 "$QTOWN" -w "$root/$d" --lang en sync >"$root/sync-$d.out" 2>&1 ||
            { failed=1; sed 's/^/# /' "$root/sync-$d.out"; }
    done
    check "$order: every sync succeeds" test "$failed" -eq 0
    check "$order: the clones hold the same files" same_files "$root/a" "$root/b" "$root/c"
    check "$order: and the same commit" test "$(git -C "$root/a" rev-parse HEAD)" = \
        "$(git -C "$root/c" rev-parse HEAD)" -a "$(git -C "$root/b" rev-parse HEAD)" = \
        "$(git -C "$root/c" rev-parse HEAD)"
    check "$order: no conflict markers" no_markers "$root/a" "$root/b" "$root/c"
    check "$order: nothing left uncommitted" test -z "$(git -C "$root/a" status --porcelain)"
    run "$QTOWN" -w "$root/a" check
    expect_status 0 "$order: qtown check is clean"

    local good name
    while IFS=$'\t' read -r good name; do
        if [ "$good" = 1 ]; then ok "$order: $name"; else not_ok "$order: $name"; fi
    done < <(expectations "$root/a")
    # what the laptops were told
    check "$order: c was told what it received" grep -q "^Received from origin/main:" "$root/sync-c.out"
}

scenario "a b c"
scenario "c b a"
scenario "b c a"

done_testing
