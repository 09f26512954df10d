#!/usr/bin/env bash
# qtown log [UNIT]: who changed what, when, newest first, with the commit
# that brought each change when the workspace is a git repository.
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"

run qtown init "$TEST_TMP/ws" --demo
ws=$TEST_TMP/ws
first=$(git -C "$ws" rev-parse --short=7 HEAD)

run qtown -w "$ws" log chenshan
expect_status 0 "log of one unit"
n_hist=$(grep -c "^- {at:" "$ws/villages/chenshan.yaml")
check "one line per history entry ($n_hist)" test "$(wc -l <<<"$OUT")" -eq "$n_hist"
check "each with the commit that brought it" test "$(grep -c "^[^ ]*  $first  " <<<"$OUT")" -eq "$n_hist"
check "newest first" test "$(cut -c1-25 <<<"$OUT" | sort -r)" = "$(cut -c1-25 <<<"$OUT")"
expect_out "蒋国平"
run qtown -w "$ws" log 晨山村
expect_status 0 "a unit by its name"

at 100 qtown -w "$ws" set chenshan O1.patrol failed --by 甲 >/dev/null
run qtown -w "$ws" --lang en log chenshan
check "an uncommitted change comes first, marked (here)" \
    grep -qE "^2025-11-26T10:16:40\+08:00  \(here\)   甲 +chenshan  O1.patrol +done -> failed$" <<<"$(head -1 <<<"$OUT")"
run qtown -w "$ws" sync
head=$(git -C "$ws" rev-parse --short=7 HEAD)
run qtown -w "$ws" --lang en log chenshan
check "once synced, with its commit" grep -qE "^2025-11-26T10:16:40\+08:00  $head  甲 " <<<"$(head -1 <<<"$OUT")"

# a merge entry comes with the merge commit
git -C "$ws" checkout -q -b side
at 300 qtown -w "$ws" set xicheng O1.patrol na --by 丙 >/dev/null
git -C "$ws" commit -qam side
git -C "$ws" checkout -q main
at 200 qtown -w "$ws" set xicheng O1.patrol doing --by 乙 >/dev/null
git -C "$ws" commit -qam main
git -C "$ws" merge -q --no-edit side >/dev/null 2>&1
merge=$(git -C "$ws" rev-parse --short=7 HEAD)
run qtown -w "$ws" --lang en log xicheng
expect_out "(merge)"
check "the merge entry carries the merge commit" grep -qE "^[^ ]+  $merge  乙 .*doing +\(merge\)$|^[^ ]+  $merge  乙 .*\(merge\)$" <<<"$OUT"

# the whole workspace
run qtown -w "$ws" log
expect_status 0 "log of every unit"
total=$(cat "$ws"/villages/*.yaml "$ws"/enterprises/*.yaml "$ws"/town.yaml 2>/dev/null | grep -c "^- {at:")
check "every entry of every unit ($total)" test "$(wc -l <<<"$OUT")" -eq "$total"
check "newest first across units" test "$(cut -c1-25 <<<"$OUT" | sort -r)" = "$(cut -c1-25 <<<"$OUT")"
expect_out "xicheng"
expect_out "jiaze-food"

# without git: no commit column
run qtown init "$TEST_TMP/plain" --demo --no-git
run qtown -w "$TEST_TMP/plain" log chenshan
expect_status 0 "log without git"
check "has no commit column" grep -qE "^[^ ]+  蒋国平 +chenshan  " <<<"$(head -1 <<<"$OUT")"

run qtown -w "$ws" log nosuchunit
expect_status 2 "an unknown unit is a usage error"
run qtown -w "$ws" log a b
expect_status 2 "one unit at most"

done_testing
