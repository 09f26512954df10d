#!/usr/bin/env bash
# The cache's entries are looked up in the workspace's order (a cursor,
# a search when a unit came or went) and its body is checked by a
# checksum: whatever the cache holds, `qtown list` says what a parse of
# every file says.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace --demo)

# fresh_list: the list from the files alone, in a copy without a cache
fresh_list() {
    rm -rf "$TEST_TMP/copy"
    cp -r "$ws" "$TEST_TMP/copy"
    rm -rf "$TEST_TMP/copy/.qtown"
    qtown -w "$TEST_TMP/copy" list --format csv
}

# same_as_fresh NAME: qtown list on the workspace (its cache as it is now)
# equals the fresh list
same_as_fresh() {
    run qtown -w "$ws" list --format csv
    expect_status 0 "$1: listed"
    check "$1: what a parse gives" test "$OUT" == "$(fresh_list)"
}

rm -rf "$ws/.qtown"
run qtown -w "$ws" list --format csv
expect_status 0 "a cold list writes the cache"
check "the cache is there" test -s "$ws/.qtown/cache"
same_as_fresh "warm, every entry in order"

# a unit whose id sorts first, one in the middle, one gone: the entries
# after them are found again
run qtown -w "$ws" add village aaa-first 头一个村
expect_status 0 "a village added before every other"
run qtown -w "$ws" add village lmn-middle 中间的村
expect_status 0 "a village added in the middle"
victim=$(ls "$ws/villages" | sed -n 3p)
rm "$ws/villages/$victim"
same_as_fresh "units added and removed"
check "the added ones are listed" grep -q "aaa-first" <<<"$OUT"
check "the removed one is not" test "$(grep -c "^${victim%.yaml}," <<<"$OUT")" -eq 0
same_as_fresh "the cache written again after the change"

# one byte of the body changed: the checksum does not add up, the cache is
# rebuilt, never trusted
size=$(stat -c %s "$ws/.qtown/cache")
python3 - "$ws/.qtown/cache" $((size / 2)) <<'PY'
import sys
path, at = sys.argv[1], int(sys.argv[2])
data = bytearray(open(path, "rb").read())
data[at] ^= 0x01
open(path, "wb").write(bytes(data))
PY
cp "$ws/.qtown/cache" "$TEST_TMP/cache.damaged"
same_as_fresh "a damaged cache"
check "it is written again" test "$(cksum <"$ws/.qtown/cache")" != "$(cksum <"$TEST_TMP/cache.damaged")"
done_testing
