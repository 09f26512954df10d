#!/usr/bin/env bash
# Two laptops attach evidence to the same check, files of the same name
# with different content, and sync: both records and both files are kept,
# every file checks out, and a visit recorded on each laptop merges too.
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"

export QTOWN_TODAY=2025-11-26
hub_with_clones "$TEST_TMP" a b || { echo "Bail out! cannot set up the hub"; exit 1; }
mkdir "$TEST_TMP/a-files" "$TEST_TMP/b-files"
printf 'scanned on laptop a' >"$TEST_TMP/a-files/证书.pdf"
printf 'photo taken on laptop b' >"$TEST_TMP/b-files/证书.pdf"

run at 100 qtown -w "$TEST_TMP/a" attach jiasen-panel O5.iso9000-14000 "$TEST_TMP/a-files/证书.pdf" \
    --by 甲 --valid-until 2026-05-31
expect_status 0 "laptop a attaches a file"
id_a=$(head -1 <<<"$OUT")
run at 200 qtown -w "$TEST_TMP/b" attach jiasen-panel O5.iso9000-14000 "$TEST_TMP/b-files/证书.pdf" \
    --by 乙 --title 现场照片
expect_status 0 "laptop b attaches another file of the same name to the same check"
id_b=$(head -1 <<<"$OUT")
check "the two records have different ids" test "$id_a" != "$id_b"
run at 300 qtown -w "$TEST_TMP/a" visit jiasen-panel --by 甲 --check O5.iso9000-14000
expect_status 0 "a visit on laptop a"
run at 400 qtown -w "$TEST_TMP/b" visit jiasen-panel --by 乙 --note 复查
expect_status 0 "a visit on laptop b"

run at 500 qtown -w "$TEST_TMP/a" --lang en sync
expect_status 0 "a syncs"
run at 600 qtown -w "$TEST_TMP/b" --lang en sync
expect_status 0 "b syncs: fetches a's records and files, merges, sends its own"
expect_out "jiasen-panel"
run at 700 qtown -w "$TEST_TMP/a" --lang en sync
expect_status 0 "a syncs again"

for side in a b; do
    ws=$TEST_TMP/$side
    check "$side has both records" grep -q "id: $id_a" "$ws/enterprises/jiasen-panel.yaml"
    check "$side has b's too" grep -q "id: $id_b" "$ws/enterprises/jiasen-panel.yaml"
    check "$side has both visits" test "$(grep -c '^- id: v-' "$ws/enterprises/jiasen-panel.yaml")" -eq 2
    check "$side has both files" test "$(ls "$ws/evidence/jiasen-panel" | wc -l)" -eq 2
    run qtown -w "$ws" --lang en check
    expect_status 0 "$side: every evidence file is there and unchanged"
    check "$side is clean" test -z "$(git -C "$ws" status --porcelain)"
done
check "both laptops hold the same files" same_files "$TEST_TMP/a" "$TEST_TMP/b"
check "no conflict marker anywhere" no_markers "$TEST_TMP/a" "$TEST_TMP/b"
check "evidence files are binary for git" \
    test "$(git -C "$TEST_TMP/a" check-attr text -- evidence/jiasen-panel/x.txt | sed 's/.*: //')" = unset

done_testing
