#!/usr/bin/env bash
# The one-name rule at scale (model/names.h): every name is read once from
# a scan (the cache where each file's stamp vouches for it, git's rule for
# racy stamps) under the names' lock, never the files once per name.  What
# it refuses and accepts must be what reading every file would: a name
# taken behind qtown's back (even within the racy second) is refused, a
# file that does not load still blocks a name its bytes hold, a stale or
# corrupt cache changes nothing, and two qtowns giving one name at once
# cannot both succeed.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace --demo)
v=$ws/villages
# refused STATUS NAME WHAT ERR: add and edit --name both refuse NAME
refused() {
    run qtown -w "$ws" --lang en add village taker "$2"
    expect_status "$1" "$3: add refuses it"
    expect_err "$4"
    run qtown -w "$ws" --lang en edit xicheng --name "$2"
    expect_status "$1" "$3: edit --name too"
    expect_err "$4"
}
cp -p "$v/fengyang.yaml" "$TEST_TMP/fengyang.orig"

# ---- a name taken behind qtown's back, in place, same size and mtime ----
past_racy_window
qtown -w "$ws" list >/dev/null # the cache warm: fengyang's entry vouches for 丰杨村
in_place "$v/fengyang.yaml" 'name: 丰杨村' 'name: 新丰村'
touch -r "$TEST_TMP/fengyang.orig" "$v/fengyang.yaml"
check "the edit kept the size" test "$(stat -c %s "$v/fengyang.yaml")" = "$(stat -c %s "$TEST_TMP/fengyang.orig")"
run qtown -w "$ws" --lang en add village xinfeng 新丰村
expect_status 2 "a name given by hand (size and mtime kept) is taken"
expect_err "the name '新丰村' is already the name of village fengyang"
run qtown -w "$ws" --lang en add village fengyang-2 丰杨村
expect_status 0 "and the name it had is free"
run qtown -w "$ws" --lang en show 新丰村
expect_status 0 "the unit is found by its new name"
expect_out "fengyang"

# ---- racy: changed in the same second as the cache was written ----
qtown -w "$ws" list >/dev/null # written now: fengyang's entry is racy
in_place "$v/fengyang.yaml" 'name: 新丰村' 'name: 丰收村'
touch -r "$TEST_TMP/fengyang.orig" "$v/fengyang.yaml"
refused 2 丰收村 "a name taken within the racy second" "the name '丰收村' is already the name of village fengyang"
for i in 1 2 3 4; do # flip, list, flip within one second
    in_place "$v/fengyang.yaml" 'name: 丰收村' 'name: 丰年村'
    qtown -w "$ws" list >/dev/null
    in_place "$v/fengyang.yaml" 'name: 丰年村' 'name: 丰收村'
done
refused 2 丰收村 "a name flipped back and forth within one second" "the name '丰收村' is already the name of village fengyang"
run qtown -w "$ws" --lang en set 丰年村 O1.patrol done
expect_status 2 "and its passing name finds nothing"
expect_err "no unit with the id or name '丰年村'"

# ---- a unit file that does not load: a name its bytes hold cannot be told ----
printf 'id: broken\nkind: village\nname: 破损村\nchecks: [\n' >"$v/broken.yaml"
before=$(snapshot "$ws")
refused 1 破损村 "a name a broken file holds" "villages/broken.yaml:[0-9]+:[0-9]+: "
printf 'kind,id,name\nenterprise,other,破损村\n' >"$TEST_TMP/broken.csv"
run qtown -w "$ws" --lang en import "$TEST_TMP/broken.csv"
expect_status 1 "nor by import"
expect_err "broken.csv:2:[0-9]+: this row cannot be checked: a unit's file does not load"
expect_err "villages/broken.yaml:[0-9]+:[0-9]+: "
check "nothing was written" test "$before" = "$(snapshot "$ws")"
run qtown -w "$ws" --lang en add enterprise other 别的企业
expect_status 0 "a name its bytes do not hold is given"
rm "$v/broken.yaml"

# ---- 500 names imported into a workspace whose cache is stale, then corrupt ----
roster() { # roster FILE FIRST LAST
    { echo "kind,id,name"; for i in $(seq "$2" "$3"); do echo "enterprise,new-$i,新企业$i"; done; } >"$1"
}
# import_refused WHAT FILE ERR: nothing imported, nothing written
import_refused() {
    local before
    before=$(snapshot "$ws")
    run qtown -w "$ws" --lang en import "$2"
    expect_status 1 "$1"
    expect_err "$3"
    check "$1: nothing was written" test "$before" = "$(snapshot "$ws")"
}
roster "$TEST_TMP/r1.csv" 1 500
past_racy_window
qtown -w "$ws" list >/dev/null # the cache says chenshan is 晨山村 ...
sed -i 's/^name: 晨山村$/name: 新企业250/' "$v/chenshan.yaml" # ... which it no longer is
import_refused "a stale cache: the name the file has now is taken" "$TEST_TMP/r1.csv" \
    "r1.csv:251:[0-9]+: the name '新企业250' is already the name of village chenshan"
grep -v ',新企业250$' "$TEST_TMP/r1.csv" >"$TEST_TMP/r1b.csv"
run qtown -w "$ws" --lang en import "$TEST_TMP/r1b.csv"
expect_status 0 "without that row the other 499 are added"
check "499 files" test "$(ls "$ws/enterprises" | grep -c '^new-')" -eq 499
roster "$TEST_TMP/r2.csv" 500 999
head -c 5000 /dev/urandom >"$ws/.qtown/cache"
sed -i 's/^name: 西城村$/name: 新企业777/' "$v/xicheng.yaml"
import_refused "a corrupt cache: every name read from the files" "$TEST_TMP/r2.csv" \
    "r2.csv:279:[0-9]+: the name '新企业777' is already the name of village xicheng"
grep -v ',新企业777$' "$TEST_TMP/r2.csv" >"$TEST_TMP/r2b.csv"
head -c 5000 /dev/urandom >"$ws/.qtown/cache"
run qtown -w "$ws" --lang en import "$TEST_TMP/r2b.csv"
expect_status 0 "the other 498 are added (new-500 is there already)"
run qtown -w "$ws" check
expect_status 0 "and no two units share a name (a fresh parse of every file says so)"
check "997 new units" test "$(ls "$ws/enterprises" | grep -c '^new-')" -eq 997

# ---- two qtowns giving one name at once: one wins ----
for round in 1 2 3; do
    pids=()
    for i in 1 2 3 4; do
        "$QTOWN" -w "$ws" add village "race-$round-$i" "同名村$round" >/dev/null 2>"$TEST_TMP/race-$i" &
        pids+=($!)
    done
    won=0
    for p in "${pids[@]}"; do wait "$p" && won=$((won + 1)); done
    check "round $round: one of four adds wins" test "$won" -eq 1
    check "round $round: one file has the name" test "$(grep -lx "name: 同名村$round" "$v"/*.yaml | wc -l)" -eq 1
done
printf 'kind,id,name\n' >"$TEST_TMP/race.csv"
for i in $(seq 1 50); do echo "village,race-imp-$i,竞村$i" >>"$TEST_TMP/race.csv"; done
"$QTOWN" -w "$ws" import "$TEST_TMP/race.csv" >/dev/null 2>"$TEST_TMP/race-imp" &
imp=$!
"$QTOWN" -w "$ws" add village race-add 竞村50 >/dev/null 2>"$TEST_TMP/race-add" &
add=$!
imp_rc=0 add_rc=0
wait "$imp" || imp_rc=$?
wait "$add" || add_rc=$?
check "an import and an add of one name at once: one wins ($imp_rc, $add_rc)" \
    test "$(( (imp_rc == 0) + (add_rc == 0) ))" -eq 1
check "one file has the name" test "$(grep -lx "name: 竞村50" "$v"/*.yaml | wc -l)" -eq 1
check "the import is whole or not at all" \
    test "$(ls "$v" | grep -c '^race-imp-')" -eq "$([ "$imp_rc" = 0 ] && echo 50 || echo 0)"
run qtown -w "$ws" check
expect_status 0 "the workspace checks clean"

done_testing
