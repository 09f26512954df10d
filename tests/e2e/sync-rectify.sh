#!/usr/bin/env bash
# Rectifications on two laptops, synced in both orders: records added on
# both sides are both kept; the same record closed differently on each
# keeps the later step and the other in the history; the sync's summary
# names each record and its step.
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"

export QTOWN_TODAY=2016-09-10
u=jiasen-panel
file=enterprises/$u.yaml

# sync_in X Y: X syncs, then Y, then X again (both have everything)
sync_in() {
    run qtown -w "$1" --lang en sync
    expect_status 0 "$(basename "$1") syncs"
    run qtown -w "$2" --lang en sync
    expect_status 0 "$(basename "$2") syncs"
    RECEIVED=$OUT
    run qtown -w "$1" --lang en sync
    expect_status 0 "$(basename "$1") syncs again"
    RECEIVED="$RECEIVED
$OUT"
}

for order in ab ba; do
    dir=$TEST_TMP/$order
    hub_with_clones "$dir" a b || exit 1
    a=$dir/a b=$dir/b
    [ "$order" = ab ] && first=$a second=$b || first=$b second=$a

    # both add a record to one check
    ra=$(at 100 qtown -w "$a" rectify $u O1.spot-check --what 更换供应商 --owner 王刚 --due 2016-08-31 --by 甲)
    rb=$(at 200 qtown -w "$b" rectify $u O1.spot-check --what 复检甲醛 --owner 质检科 --due 2016-09-30 --by 乙)
    check "$order: two different ids" test -n "$ra" -a -n "$rb" -a "$ra" != "$rb"
    sync_in "$first" "$second"
    check "$order: both records on a" grep -q "id: $rb" "$a/$file"
    check "$order: both records on b" grep -q "id: $ra" "$b/$file"
    check "$order: a and b agree" same_files "$a" "$b"
    check "$order: no conflict markers" no_markers "$a" "$b"
    check "$order: the summary names the record received and its state" \
        grep -qE "rectification r-[0-9a-f]{6} \(O1.spot-check\) added: open" <<<"$RECEIVED"

    # a reports ra done, b verifies it later; b also reports rb done
    at 300 qtown -w "$a" rectify $u "$ra" done --by 甲 >/dev/null
    at 400 qtown -w "$b" rectify $u "$ra" verified --by 乙 >/dev/null
    at 500 qtown -w "$b" rectify $u "$rb" done --by 乙 >/dev/null
    sync_in "$first" "$second"
    check "$order: a and b agree after closing" same_files "$a" "$b"
    check "$order: no conflict markers after closing" no_markers "$a" "$b"
    run qtown -w "$a" rectifications --format csv
    expect_out "$ra,verified" "$order: the later step wins (verified)"
    expect_out "$rb,done" "$order: the other record's step is kept"
    check "$order: a's done step is kept in the history" \
        grep -q "record: $ra, key: state, new: done, event: merge}" "$a/$file"
    check "$order: a's done_by too" grep -q "done_by: 甲" "$a/$file"
    check "$order: the summary names the step" \
        grep -qE "rectification r-[0-9a-f]{6} \(O1.spot-check\) (open -> (done|verified)|done -> verified)" \
        <<<"$RECEIVED"
    run qtown -w "$a" check
    expect_status 0 "$order: the merged files check clean"
done

done_testing
