#!/usr/bin/env bash
# Bad files: each gets FILE:LINE:COLUMN, exit 1, and no file changes.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace)
qtown -w "$ws" add village good 好村 >/dev/null
f="$ws/villages/bad.yaml"

# try NAME CONTENT PATTERN: writes CONTENT as a unit file and expects check,
# list and set to report PATTERN (a regex after "bad.yaml:") without
# changing any file.
try() {
    local name=$1 content=$2 pattern=$3
    printf '%s' "$content" >"$f"
    local snap
    snap=$(snapshot "$ws")
    run qtown -w "$ws" check
    expect_status 1 "$name: check fails"
    expect_err "villages/bad.yaml:$pattern" "$name: check says where and what"
    run qtown -w "$ws" list
    expect_status 1 "$name: list reports it"
    expect_out "good" "$name: list still lists the good units"
    run qtown -w "$ws" set bad M8.responsibility-letter done
    expect_status 1 "$name: set refuses"
    check "$name: no file changed" test "$snap" = "$(snapshot "$ws")"
}

try "malformed YAML" $'id: bad\nkind: village\nname: "unclosed\n' "[0-9]+:[0-9]+: .*quoted scalar"
try "wrong type" $'id: bad\nkind: village\nname: [a, b]\n' "3:7: the name must be text"
try "unknown key" $'id: bad\nkind: village\nname: B\ncolour: red\n' "4:1: unknown key 'colour'"
try "unknown check" $'id: bad\nkind: village\nname: B\nchecks:\n  X9.none: {status: done}\n' "5:3: unknown check 'X9.none'"
try "unknown status" $'id: bad\nkind: village\nname: B\nchecks:\n  M8.responsibility-letter: {status: ok}\n' "5:38: unknown status 'ok'"
try "duplicate key" $'id: bad\nkind: village\nname: B\nname: C\n' "4:1: duplicate key 'name'"
try "anchor" $'id: bad\nkind: village\nname: &n B\n' "3:7: anchors"
try "alias" $'id: bad\nkind: village\nname: B\nchecks:\n  M8.responsibility-letter: *x\n' "5:29: aliases"
try "deep nesting" $'id: bad\nkind: village\nname: B\nchecks:\n  M8.responsibility-letter:\n    note: [[[[[[1]]]]]]\n' "6:[0-9]+: nested too deeply"
try "invalid UTF-8" $'id: bad\nkind: village\nname: B\xff\n' "3:8: invalid UTF-8"
try "control character" $'id: bad\nkind: village\nname: B\x01\n' "3:[0-9]+: "
try "id mismatch" $'id: other\nkind: village\nname: B\n' "1:5: id 'other' does not match"
try "not a mapping" $'- just\n- a list\n' "1:1: a unit file must be a mapping"
try "empty file" "" "1:1: the file is empty"
try "tag" $'id: bad\nkind: village\nname: !!binary Qg==\n' "3:7: tags"

# A billion-laughs file fails fast and in bounded memory.
{
    echo 'id: bad'
    echo 'kind: village'
    echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
    for l in b c d e f g h i; do
        prev=$(printf "\\$(printf '%03o' $(($(printf '%d' "'$l") - 1)))")
        echo "$l: &$l [*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev]"
    done
} >"$f"
# (AddressSanitizer reserves terabytes of address space: no ulimit -v there)
limit="ulimit -v 200000;"
ldd "$QTOWN" 2>/dev/null | grep -q libasan && limit=""
run timeout 5 bash -c "$limit exec \"$QTOWN\" -w \"$ws\" check"
expect_status 1 "billion laughs: refused fast, within 200 MB"
expect_err "bad.yaml:3:4: anchors"

# A file of many megabytes is refused before it is parsed.
{ printf 'id: bad\nkind: village\nname: B\nchecks:\n  M8.responsibility-letter:\n    note: "'
  head -c 6000000 /dev/zero | tr '\0' 'x'
  printf '"\n'; } >"$f"
run qtown -w "$ws" check
expect_status 1 "a 6 MB file is refused"
expect_err "bad.yaml: file is too large"
rm -f "$f"

# Files that are not units are reported by check, never loaded.
touch "$ws/villages/Bad_Name.yaml" "$ws/villages/notes.txt"
run qtown -w "$ws" check
expect_status 1 "stray files fail check"
expect_err "villages/Bad_Name.yaml: not a unit file name"
rm -f "$ws/villages/Bad_Name.yaml" "$ws/villages/notes.txt"
run qtown -w "$ws" check
expect_status 0 "clean again"

# Broken settings and plan files.
cp "$ws/qtown.yaml" "$TEST_TMP/qtown.yaml.good"
printf 'plan: jiaze-2016\nlanguage: fr\n' >"$ws/qtown.yaml"
run qtown -w "$ws" list
expect_status 1 "a bad language in qtown.yaml"
expect_err "qtown.yaml:2:11: language must be zh or en"
printf 'plan: nosuch\n' >"$ws/qtown.yaml"
run qtown -w "$ws" list
expect_status 1 "an unknown plan"
expect_err "nosuch"
printf 'plan: jiaze-2016\nfoo: 1\n' >"$ws/qtown.yaml"
run qtown -w "$ws" check
expect_err "qtown.yaml:2:1: unknown key 'foo'"
cp "$TEST_TMP/qtown.yaml.good" "$ws/qtown.yaml"
printf 'format: 1\nid: jiaze-2016\nsections: {}\n' >"$ws/plan.yaml"
run qtown -w "$ws" check
expect_status 1 "a broken plan.yaml"
expect_err "plan.yaml:[0-9]+:[0-9]+: "
rm "$ws/plan.yaml"

run qtown -w "$TEST_TMP/nowhere" list
expect_status 1 "a folder that is not a workspace"
expect_err "not a qtown workspace"

done_testing
