#!/usr/bin/env bash
# The sync at district scale: thousands of files in one sync
# never hang (git cat-file --batch was fed and drained by a pump that
# deadlocked past ~2,000 files) and take seconds, not minutes:
#   - 5,000 new units sent and received;
#   - a bulk change of 5,000 units sent and received (written by
#     tests/tools/bulk-set.py: the lines qtown set writes, byte for byte);
#   - two laptops changing the same check of the same 3,000 units, synced
#     in both orders (two worlds with their own hub, from the same start):
#     every clone ends with the same files, qtown check is clean, and each
#     losing state is in its unit's history.
# Its own meson suite (sync-scale): minutes on a loaded machine.
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"

gen=$SRCDIR/bench/gen-workspace.py
bulk=$SRCDIR/tests/tools/bulk-set.py
# git's background maintenance has no place in a test's timing
git config --global gc.auto 0
git config --global maintenance.auto false

hub_with_clones "$TEST_TMP" a || exit 1
office=$TEST_TMP/office a=$TEST_TMP/a

# the unit files of a folder holding LINE, counted
holding() { grep -rlF --include='*.yaml' -- "$2" "$1/villages" "$1/enterprises" | wc -l; }
# keeps only the first line of the output (a failing check shows it:
# thousands of lines would not be TAP)
first_line() { OUT=$(head -1 <<<"$OUT"); }

# ---- 5,000 new units -------------------------------------------------------------------
python3 "$gen" "$QTOWN" "$TEST_TMP/new" 5000
cp "$TEST_TMP"/new/villages/*.yaml "$office/villages/"
cp "$TEST_TMP"/new/enterprises/*.yaml "$office/enterprises/"
rm -rf "$TEST_TMP/new"
run qtown -w "$office" --lang en sync
expect_status 0 "the office sends 5,000 new units"
first_line
check "it says so" test "$OUT" = "Sent to origin/main: 5000 changes in 5000 units"
check "all of them committed" test -z "$(git -C "$office" status --porcelain)"
run qtown -w "$a" --lang en sync
expect_status 0 "a laptop receives them"
first_line
check "it says so" test "$OUT" = "Received from origin/main: 5000 changes in 5000 units"
check "a holds the office's files" same_files "$office" "$a"

# ---- a bulk change of 5,000 units --------------------------------------------------------
changed=$(python3 "$bulk" "$a" 1 failed,doing 乙 2025-11-26T11:00:00+08:00 5000)
check "the bulk change touches 5,000 units" test "$changed" -eq 5000
run qtown -w "$a" --lang en sync
expect_status 0 "a sends the bulk change"
first_line
check "it says so" test "$OUT" = "Sent to origin/main: 5000 changes in 5000 units"
check "the commit says who" test "$(git -C "$a" log -1 --format=%s)" = \
    "qtown: 5000 changes in 5000 units by 乙"
run qtown -w "$office" --lang en sync
expect_status 0 "the office receives it"
first_line
check "it says so" test "$OUT" = "Received from origin/main: 5000 changes in 5000 units"
check "both hold the same files" same_files "$office" "$a"
check "the office has a's 5,000 changes in the history" \
    test "$(holding "$office" "by: 乙, check: O1.no-counterfeit, from: ")" -eq 5000

# ---- the same 3,000 units changed on two laptops, synced in both orders -------------------
# a second world, the same as this one: its own hub, with the clones' remotes
cp -a "$TEST_TMP/hub.git" "$TEST_TMP/hub2.git"
for c in office a; do
    cp -a "$TEST_TMP/$c" "$TEST_TMP/${c}2"
    git -C "$TEST_TMP/${c}2" remote set-url origin "$TEST_TMP/hub2.git"
done
office2=$TEST_TMP/office2 a2=$TEST_TMP/a2
# the office's change is the earlier one: a's wins, the office's goes to
# the history (the statuses differ from each other and from what was there)
for c in "$office" "$office2"; do
    python3 "$bulk" "$c" 3 na,todo 甲 2025-11-26T12:00:00+08:00 3000 1000 >/dev/null
done
for c in "$a" "$a2"; do
    python3 "$bulk" "$c" 3 doing,failed 乙 2025-11-26T13:00:00+08:00 3000 1000 >/dev/null
done
run qtown -w "$office" --lang en sync
expect_status 0 "world 1: the office sends first"
run qtown -w "$a" --lang en sync
expect_status 0 "world 1: a merges 3,000 units and sends"
lost=$(grep -c "by 甲 lost to a later change (kept in the history)" <<<"$OUT")
received=$(grep "^Received from" <<<"$OUT")
OUT=$received
check "it says so" test "$received" = "Received from origin/main: 3000 changes in 3000 units"
check "each of the office's changes lost to a later one" test "$lost" -ge 99
run qtown -w "$office" sync
expect_status 0 "world 1: the office receives the merge"
run qtown -w "$a2" --lang en sync
expect_status 0 "world 2: a sends first"
run qtown -w "$office2" --lang en sync
expect_status 0 "world 2: the office merges 3,000 units and sends"
received=$(grep "^Received from" <<<"$OUT")
OUT=$received
# its own state lost in each unit: the status that came in, and the merge
check "it says so" test "$received" = "Received from origin/main: 6000 changes in 3000 units"
run qtown -w "$a2" sync
expect_status 0 "world 2: a receives the merge"
check "every clone of both worlds holds the same files" same_files "$office" "$a" "$office2" "$a2"
check "no conflict markers" no_markers "$office" "$office2"
check "no merge left half-done" test ! -e "$a/.git/MERGE_HEAD" -a ! -e "$office2/.git/MERGE_HEAD"
check "the later state won in all 3,000 units" \
    test "$(holding "$a" "    updated: 2025-11-26T13:00:00+08:00")" -eq 3000 -a \
    "$(holding "$a" "    updated: 2025-11-26T12:00:00+08:00")" -eq 0
check "every losing state is in its unit's history" \
    test "$(grep -rlE --include='*.yaml' "by: 甲, check: [^,]*, from: [a-z]+, to: (na|todo), event: merge" \
        "$a/villages" "$a/enterprises" | wc -l)" -eq 3000
run qtown -w "$a" check
expect_status 0 "qtown check is clean"
check "nothing left to commit anywhere" \
    test -z "$(for c in "$office" "$a" "$office2" "$a2"; do git -C "$c" status --porcelain; done)"

done_testing
