#!/usr/bin/env bash
# Files that are not plain files, sent by a remote or made by hand: a FIFO
# never hangs a command or the screens, a link is never followed, never
# written through (issue 10, items 2 and 11), and smaller findings of item
# 14 (the sync lock's message, init --demo --plan, a BOM, one id twice).
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"

hub_with_clones "$TEST_TMP" a c || exit 1
a=$TEST_TMP/a c=$TEST_TMP/c

# ---- a FIFO named like a unit file --------------------------------------------------------
mkfifo "$a/villages/pipe.yaml"
for cmd in list "show pipe" check report; do
    # shellcheck disable=SC2086
    run timeout 20 "$QTOWN" -w "$a" --lang en $cmd
    check "qtown $cmd with a FIFO unit file returns (no hang)" test "$STATUS" -ne 124
done
run timeout 20 "$QTOWN" -w "$a" --lang en check
expect_err "villages/pipe.yaml: a FIFO, not a regular file"
printf '<dump>q' >"$TEST_TMP/keys"
run timeout 20 env TERM=xterm-256color COLUMNS=80 LINES=24 QTOWN_TEST_KEYS="$TEST_TMP/keys" \
    QTOWN_TEST_SCREEN="$TEST_TMP/screen" "$QTOWN" -w "$a" --lang en
check "the screens open and close with a FIFO unit file (no freeze)" test "$STATUS" -eq 0
rm -f "$a/villages/pipe.yaml"

# ---- a unit file that is a link, sent by a remote ------------------------------------------------
printf 'precious\n' >"$TEST_TMP/outside.yaml"
ln -s ../../outside.yaml "$c/villages/evil.yaml"
git -C "$c" add villages/evil.yaml && git -C "$c" commit -qm "a link" && git -C "$c" push -q
run qtown -w "$a" --lang en sync
expect_status 1 "the received link is reported"
expect_err "villages/evil.yaml: a symbolic link"
run qtown -w "$a" --lang en set evil O1.patrol failed
expect_status 1 "set on the link is refused"
check "the file it points to is untouched" test "$(cat "$TEST_TMP/outside.yaml")" = precious
check "no lock file beside it" test ! -e "$TEST_TMP/.outside.yaml.lock"
run qtown -w "$a" --lang en report -o "$TEST_TMP/r.txt"
check "the report leaves it out (exit 1) and reads nothing through it" \
    bash -c "[ $STATUS -eq 1 ] && ! grep -q precious '$TEST_TMP/r.txt'"
git -C "$c" rm -q villages/evil.yaml && git -C "$c" commit -qm "no link" && git -C "$c" push -q
run qtown -w "$a" --lang en sync
expect_status 0 "once the remote removes it, a syncs"

# ---- a unit folder that is a link ---------------------------------------------------------------
mv "$a/enterprises" "$TEST_TMP/elsewhere"
ln -s "$TEST_TMP/elsewhere" "$a/enterprises"
before=$(cat "$TEST_TMP"/elsewhere/*.yaml | sha256sum)
run qtown -w "$a" --lang en set hengda-motor O5.quality-system failed
expect_status 1 "a unit folder that is a link: set refused"
check "nothing written through it" test "$(cat "$TEST_TMP"/elsewhere/*.yaml | sha256sum)" = "$before"
rm "$a/enterprises" && mv "$TEST_TMP/elsewhere" "$a/enterprises"

# ---- the sync lock says what it is ------------------------------------------------------------
exec 9>"$a/.sync.lock"
flock 9
run qtown -w "$a" --lang en sync
expect_status 1 "a second sync at once is refused"
expect_err "in use by another qtown right now"
expect_no_out "for more than 0 ms"
exec 9>&-

# ---- init --demo --plan FILE: the settings name that plan --------------------------------------
sed 's/^id: .*/id: other-plan/' "$SRCDIR/data/plans/jiaze-2016.yaml" >"$TEST_TMP/other.yaml"
run qtown --lang en init "$TEST_TMP/demo-other" --demo --plan "$TEST_TMP/other.yaml"
expect_status 0 "init --demo --plan with another plan's id"
run qtown -w "$TEST_TMP/demo-other" check
expect_status 0 "the new workspace checks clean"

# ---- a byte-order mark; one id as a village and an enterprise ------------------------------------
printf '\xef\xbb\xbf' | cat - "$a/villages/chenshan.yaml" >"$TEST_TMP/bom" && cp "$TEST_TMP/bom" "$a/villages/chenshan.yaml"
run qtown -w "$a" --lang en show chenshan
expect_status 0 "a unit file starting with a UTF-8 BOM loads"
sed 's/^kind: village/kind: enterprise/' "$SRCDIR/data/demo/villages/minshu.yaml" |
    grep -v "^  agricultural_zone\|^  special_equipment\|^  households" >"$a/enterprises/minshu.yaml"
run qtown -w "$a" --lang en check
expect_status 1 "one id as a village and an enterprise fails check"
expect_err "the id 'minshu' is both a village and an enterprise"

# ---- merge-file on a path that is no unit file says so once ------------------------------------
printf 'x: 1\n' >"$TEST_TMP/v"
run qtown --lang en merge-file "$TEST_TMP/v" "$TEST_TMP/v" "$TEST_TMP/v" notes.txt
expect_status 1 "merge-file on notes.txt fails"
check "and says so once, not once per version" test "$(grep -c "not a unit file" <<<"$ERR")" -eq 1

done_testing
