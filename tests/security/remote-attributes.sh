#!/usr/bin/env bash
# What a remote pushes is data, never configuration: a .gitattributes it
# commits cannot switch qtown's merge driver off, change how qtown's files
# are stored, or (as a symbolic link) make qtown write outside the
# workspace (issue 10, items 3 and 10).
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"

hub_with_clones "$TEST_TMP" a b c || exit 1
a=$TEST_TMP/a b=$TEST_TMP/b c=$TEST_TMP/c

# ---- item 3: .gitattributes as a link to a file outside the workspace --------------------
printf 'export PS1=mine\n' >"$TEST_TMP/profile"
profile_before=$(sha256sum <"$TEST_TMP/profile")
rm -f "$c/.gitattributes"
ln -s ../profile "$c/.gitattributes"
git -C "$c" add .gitattributes && git -C "$c" commit -qm "attributes as a link" && git -C "$c" push -q
at 10 qtown -w "$a" set chenshan O1.patrol failed --by 甲 >/dev/null
run qtown -w "$a" --lang en sync
expect_status 0 "a receives the link and syncs"
check "the file the link points to is untouched" test "$(sha256sum <"$TEST_TMP/profile")" = "$profile_before"
at 20 qtown -w "$a" set chenshan O1.patrol done --by 甲 >/dev/null
run qtown -w "$a" --lang en sync
expect_status 0 "and syncs again"
check "still untouched" test "$(sha256sum <"$TEST_TMP/profile")" = "$profile_before"
check "qtown's attributes are in .git/info/attributes" grep -q "^villages/\*.yaml merge=qtown" "$a/.git/info/attributes"

# ---- item 10: a .gitattributes that switches the driver off --------------------------------
git -C "$c" pull -q
rm -f "$c/.gitattributes"
printf 'villages/*.yaml merge=union working-tree-encoding=UTF-16 eol=crlf\n*.yaml binary\n' >"$c/.gitattributes"
git -C "$c" add .gitattributes && git -C "$c" commit -qm "union merge" && git -C "$c" push -q
run qtown -w "$a" --lang en sync
expect_status 0 "a receives the attributes"
run qtown -w "$b" --lang en sync
expect_status 0 "b receives them too"
for w in a b; do
    check "$w: merge of villages/x.yaml is still qtown's" \
        test "$(git -C "$TEST_TMP/$w" check-attr merge -- villages/x.yaml | sed 's/.*: //')" = qtown
done
at 100 qtown -w "$a" set xicheng O1.patrol failed --by 甲 >/dev/null
at 110 qtown -w "$b" set xicheng O1.patrol na --by 乙 >/dev/null
at 120 qtown -w "$b" set xicheng M1.work-plan done --by 乙 >/dev/null
run qtown -w "$a" --lang en sync
expect_status 0 "a sends"
run qtown -w "$b" --lang en sync
expect_status 0 "b merges the same unit"
expect_out "xicheng 西城村: O1.patrol failed by 甲 lost to a later change (kept in the history)"
run qtown -w "$b" check
expect_status 0 "b checks clean: no duplicate keys from a union merge"
check "the unit file is UTF-8 with LF line ends" \
    bash -c "head -c 11 '$b/villages/xicheng.yaml' | grep -q '^id: xicheng' && ! grep -q \$'\r' '$b/villages/xicheng.yaml'"
check "no conflict markers" no_markers "$b"
run qtown -w "$a" sync
check "a and b agree" same_files "$a" "$b"

done_testing
