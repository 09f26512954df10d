#!/usr/bin/env bash
# qtown set --kind KIND [--where KEY OP VALUE]... CHECK STATUS [--dry-run]: one
# change to many units; what matches, what is skipped, what is refused with
# nothing changed, and a bulk change killed in the middle.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace)
q() { qtown -w "$ws" --lang en "$@"; }
q add enterprise big 大厂 --attr industrial=true --attr size=large >/dev/null
q add enterprise small1 小厂一 --attr industrial=true --attr size=small --attr annual_sales_wan=3100 >/dev/null
q add enterprise shop 小店 --attr industrial=false --attr size=small >/dev/null
q add enterprise bare 无属性 >/dev/null
for v in chen li wang; do q add village "$v" "$v村" >/dev/null; done
e=$ws/enterprises

# ---- --dry-run changes nothing, byte for byte ----
before=$(snapshot "$ws")
run q set --kind enterprise --where size=small O1.spot-check done --dry-run
expect_status 0 "a dry run"
expect_out "small1 O1.spot-check: todo -> done (would be saved)"
expect_out "shop O1.spot-check: skipped, the check does not apply to it (the plan asks it only where industrial = true)"
expect_out "O1.spot-check done: 1 units would change, 0 already so, 1 skipped; dry run, nothing changed"
expect_no_out "big" "a unit the filter does not match is not named"
expect_no_out "bare" "a unit without the attribute does not match"
check "the dry run left every file as it was" test "$before" = "$(snapshot "$ws")"

# ---- the change itself: matching, carrying units only ----
shop=$(sha256sum <"$e/shop.yaml")
big=$(sha256sum <"$e/big.yaml")
run q set --kind enterprise --where size=small O1.spot-check done --by 钱志锋
expect_status 0 "a bulk change"
expect_out "small1 O1.spot-check: todo -> done (Saved)"
expect_out "shop O1.spot-check: skipped"
expect_out "O1.spot-check done: 1 units changed, 0 already so, 1 skipped"
check "the matching unit holds the change" grep -q "status: done" "$e/small1.yaml"
check "... with its history" \
    grep -qF "by: 钱志锋, check: O1.spot-check, from: todo, to: done}" "$e/small1.yaml"
check "the skipped unit is as it was" test "$shop" = "$(sha256sum <"$e/shop.yaml")"
check "the unit not matching is as it was" test "$big" = "$(sha256sum <"$e/big.yaml")"

# ---- --where on a bool and a number; the same value read as --attr reads it ----
run q set --kind enterprise --where industrial=true O1.spot-check done
expect_status 0 "--where on a bool attribute"
expect_out "big O1.spot-check: todo -> done (Saved)"
expect_out "small1 O1.spot-check: done -> done (Unchanged)"
expect_out "O1.spot-check done: 1 units changed, 1 already so, 0 skipped"
run q set --kind enterprise --where annual_sales_wan=3.1e3 --where industrial=true O1.spot-check doing
expect_status 0 "--where on a number attribute, and two conditions"
expect_out "small1 O1.spot-check: done -> doing (Saved)"
expect_no_out "big O1.spot-check" "every --where must hold"

# ---- the plan's operators: != on any attribute, ranges on numbers ----
before=$(snapshot "$ws")
run q set --kind enterprise --where 'annual_sales_wan>=3100' O1.spot-check done --dry-run
expect_status 0 "--where KEY>=N"
expect_out "small1 O1.spot-check: doing -> done (would be saved)"
expect_no_out "big O1.spot-check" "a unit without the number does not match an order"
run q set --kind enterprise --where 'annual_sales_wan>3000' --where 'annual_sales_wan<=3.1e3' \
    O1.spot-check done --dry-run
expect_status 0 "a range: one attribute with two operators"
expect_out "small1 O1.spot-check: doing -> done (would be saved)"
run q set --kind enterprise --where 'annual_sales_wan>3100' O1.spot-check done --dry-run
expect_status 1 "--where KEY>N excludes N"
expect_err "^no enterprise matches annual_sales_wan > 3100: nothing changed$"
run q set --kind enterprise --where 'annual_sales_wan<3100' O1.spot-check done --dry-run
expect_status 1 "--where KEY<N excludes N"
run q set --kind enterprise --where 'size!=small' O1.spot-check done --dry-run
expect_status 0 "--where KEY!=VALUE"
expect_out "O1.spot-check done: 0 units would change, 1 already so, 0 skipped"
expect_no_out "shop" "!= excludes the value"
expect_no_out "bare" "a unit without the attribute does not match !="
run q set --kind enterprise --where 'size!=small' --where 'size!=large' O1.spot-check done
expect_status 1 "two exclusions of one attribute"
expect_err "^no enterprise matches size != small; size != large: nothing changed$"
check "the operators' runs changed nothing" test "$before" = "$(snapshot "$ws")"

# ---- every unit of a kind, without --where ----
run q set --kind village M8.responsibility-letter done --note 已签
expect_status 0 "every village"
for v in chen li wang; do
    check "village $v changed, with the note" grep -q "note: 已签" "$ws/villages/$v.yaml"
done
expect_out "M8.responsibility-letter done: 3 units changed, 0 already so, 0 skipped"

# ---- nothing to do: exit 1, said, nothing changed ----
before=$(snapshot "$ws")
run q set --kind enterprise --where size=medium O1.spot-check done
expect_status 1 "a filter matching nothing"
expect_err "^no enterprise matches size = medium: nothing changed$"
run q set --kind enterprise --where industrial=false O1.spot-check done
expect_status 1 "no matching unit carries the check"
expect_out "shop O1.spot-check: skipped"
expect_err "^none of the 1 matching units carries check 'O1.spot-check': nothing changed$"
check "nothing was changed" test "$before" = "$(snapshot "$ws")"

# ---- a wrong command line: exit 2, a clear message, nothing changed ----
refused() { # NAME MESSAGE ARGS...
    local name=$1 msg=$2
    shift 2
    run q set "$@"
    expect_status 2 "$name: exit 2"
    expect_err "$msg"
}
refused "bad KIND" "--kind takes village, enterprise or town, not 'factory'" \
    --kind factory O1.spot-check done
refused "bad KEY" "unknown attribute 'colour'" --kind enterprise --where colour=red O1.spot-check done
refused "a KEY not for the kind" "size" --kind village --where size=small M8.responsibility-letter done
refused "a value not among the plan's" "attribute 'size' cannot be 'huge'" \
    --kind enterprise --where size=huge O1.spot-check done
refused "a value of the wrong type" "attribute 'annual_sales_wan' must be a number, not 'lots'" \
    --kind enterprise --where annual_sales_wan=lots O1.spot-check done
refused "no =" "--where takes KEY=VALUE or KEY!=VALUE \\(and >, >=, <, <= for a number\\), not 'size'" \
    --kind enterprise --where size O1.spot-check done
refused "no key" "not '=small'" --kind enterprise --where =small O1.spot-check done
refused "! without =" "not 'size!small'" --kind enterprise --where 'size!small' O1.spot-check done
refused "an order on a text" "--where 'size>small': size is not a number, so only = and != compare it" \
    --kind enterprise --where 'size>small' O1.spot-check done
refused "an order on a bool" "industrial is not a number" \
    --kind enterprise --where 'industrial<=true' O1.spot-check done
refused "an order with a word" "attribute 'annual_sales_wan' must be a number, not 'lots'" \
    --kind enterprise --where 'annual_sales_wan>=lots' O1.spot-check done
refused "a key twice" "--where names attribute 'size' twice with =" \
    --kind enterprise --where size=small --where size=large O1.spot-check done
refused "bad CHECK" "unknown check 'O1.spot'" --kind enterprise O1.spot done
refused "bad STATUS" "unknown status 'finished'" --kind enterprise O1.spot-check finished
refused "a check not for the kind" "check 'O1.spot-check' does not apply to village units" \
    --kind village O1.spot-check done
refused "--where without --kind" "--where chooses among the units of --kind KIND" \
    --where size=small O1.spot-check done
refused "UNIT and --kind" "give UNIT or --kind KIND, not both" --kind enterprise big O1.spot-check done
refused "a missing STATUS" "usage: qtown set" --kind enterprise O1.spot-check
check "no refusal changed anything" test "$before" = "$(snapshot "$ws")"

# ---- a unit of the kind that does not load: which match is not known ----
printf 'id: broken\nkind: enterprise\nname: [\n' >"$e/broken.yaml"
before=$(snapshot "$ws")
run q set --kind enterprise --where size=small O1.spot-check done
expect_status 1 "a broken unit of the kind stops the bulk change"
expect_err "enterprises/broken.yaml:"
expect_err "1 units of this kind do not load \(above\), so which match is not known: nothing changed"
check "... before it changed anything" test "$before" = "$(snapshot "$ws")"
run q set --kind village M8.responsibility-letter doing
expect_status 0 "a broken unit of another kind does not"
rm "$e/broken.yaml"

# ---- a unit that cannot be saved: the others are, it is as it was, exit 1 ----
# (the second rename fails: a unit's save, or the cache's and then a unit's)
if [ -n "${FAULTSHIM:-}" ]; then
    for v in chen li wang; do sha256sum <"$ws/villages/$v.yaml" >"$TEST_TMP/$v.sum"; done
    run env LD_PRELOAD="$FAULTSHIM" QTOWN_FAULT=rename:2:EIO \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        "$QTOWN" -w "$ws" --lang en set --kind village M8.responsibility-letter todo
    expect_status 1 "a save that fails makes the bulk change exit 1"
    expect_err "^1 units could not be saved \(above\) and are as they were$"
    expect_out "M8.responsibility-letter todo: 2 units changed, 0 already so, 0 skipped"
    failed=$(sed -n 's|.*/villages/\([a-z]*\)\.yaml: cannot replace the file.*|\1|p' <<<"$ERR")
    check "the unit not saved is named" test -n "$failed"
    for v in chen li wang; do
        if [ "$v" = "$failed" ]; then
            expect_no_out "$v M8.responsibility-letter:" "the unit not saved ($v) has no line"
            check "... and is as it was" test "$(cat "$TEST_TMP/$v.sum")" = "$(sha256sum <"$ws/villages/$v.yaml")"
        else
            expect_out "$v M8.responsibility-letter: doing -> todo (Saved)"
        fi
    done
fi

# ---- killed in the middle: every unit old or new, the lines name the new ----
big_ws=$(new_workspace)
n=300
for i in $(seq -w 1 $n); do
    printf 'id: v%s\nkind: village\nname: 村%s\n' "$i" "$i" >"$big_ws/villages/v$i.yaml"
done
qb() { qtown -w "$big_ws" --lang en "$@"; }
qb list >/dev/null # the cache, as an office would have it
(cd "$big_ws/villages" && sha256sum -- *.yaml) >"$TEST_TMP/old.sums"
# A slow disk (tests/faults: a sleep before each temporary file, write,
# fsync and rename) so that the kills land inside saves; stdout is a pipe,
# which the shim does not slow.
slow=()
[ -n "${FAULTSHIM:-}" ] && slow=(env LD_PRELOAD="$FAULTSHIM" QTOWN_FAULT_DELAY_US=3000
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0")
changed_units() { grep -l "status: done" "$big_ws"/villages/*.yaml 2>/dev/null | sed 's|.*/||;s|\.yaml$||' | sort; }
printed_units() { sed -n 's/^\(v[0-9]*\) M8.responsibility-letter: todo -> done (Saved)$/\1/p' "$@" | sort; }
all_printed=$TEST_TMP/printed
: >"$all_printed"
for round in 1 2 3; do
    out=$TEST_TMP/round$round
    fifo=$TEST_TMP/fifo$round
    mkfifo "$fifo"
    cat "$fifo" >"$out" &
    reader=$!
    "${slow[@]}" "$QTOWN" -w "$big_ws" --lang en set --kind village M8.responsibility-letter done \
        >"$fifo" 2>"$out.err" &
    pid=$!
    # wait for 25 more units saved, then kill -9 (bounded: 120 s)
    for _ in $(seq 2400); do
        [ "$(printed_units "$out" | wc -l)" -ge 25 ] && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.05
    done
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    wait $reader
    printed_units "$out" >>"$all_printed"
    sort -o "$all_printed" "$all_printed"
    changed_units >"$TEST_TMP/changed"
    check "round $round: it was killed in the middle" \
        test "$(wc -l <"$TEST_TMP/changed")" -lt $n
    check "round $round: every printed unit is changed" \
        test -z "$(comm -23 "$all_printed" "$TEST_TMP/changed")"
    check "round $round: at most the unit being saved is changed without its line" \
        test "$(comm -13 "$all_printed" "$TEST_TMP/changed" | wc -l)" -le "$round"
    sed 's/$/.yaml/' "$TEST_TMP/changed" | grep -vFf - "$TEST_TMP/old.sums" >"$TEST_TMP/unchanged.sums"
    check "round $round: every other unit is as it was, byte for byte" \
        bash -c "cd '$big_ws/villages' && sha256sum --quiet -c '$TEST_TMP/unchanged.sums'"
    run qb check
    expect_status 0 "round $round: qtown check is clean"
    run qb list
    listed=$OUT
    rm -rf "$big_ws/.qtown"
    run qb list
    check "round $round: the list from the cache equals a fresh parse" test "$listed" = "$OUT"
    rm -f "$fifo"
done
done_before=$(changed_units | wc -l)
run qb set --kind village M8.responsibility-letter done
expect_status 0 "the same command again finishes the work"
expect_out "M8.responsibility-letter done: $((n - done_before)) units changed, $done_before already so, 0 skipped"
check "every unit is changed now" test "$(changed_units | wc -l)" -eq $n
run qb check
expect_status 0 "qtown check is clean at the end"

done_testing
