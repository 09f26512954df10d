#!/usr/bin/env bash
# The limits of docs/limits.md, each at the limit (accepted) and just past
# it (a clear error, nothing written).
. "$(dirname "$0")/../lib.sh"

PLAN="$SRCDIR/tests/data/robust-plan.yaml"
ws=$(new_workspace --plan "$PLAN")

# write_units DIR FIRST LAST: tiny village files vFIRST..vLAST.
write_units() {
    python3 - "$@" <<'PY'
import sys
d, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(first, last + 1):
    with open(f"{d}/v{i}.yaml", "w") as f:
        f.write(f"id: v{i}\nkind: village\nname: 村{i}\n")
PY
}

# ---- units: WORKSPACE_MAX_UNITS = 100000 villages and enterprises -----
# (tiny files: this is about counting, not about time)
units=$(new_workspace --plan "$PLAN")
write_units "$units/villages" 1 99999
run qtown -w "$units" add enterprise last 最后一家
expect_status 0 "the 100000th unit is added"
run qtown -w "$units" check
expect_status 0 "100000 units (and the town) load"
expect_out "100001 units checked, no problems"
run qtown -w "$units" list
expect_status 0 "and are listed (from the cache check wrote)"
check "all of them" test "$(grep -c '^v[0-9]' <<<"$OUT")" -eq 99999
touch "$TEST_TMP/marker" # what is written from here on is newer (a fingerprint of 100000 files is slow)
run qtown -w "$units" add enterprise one-more 多一家
expect_status 1 "the 100001st unit is refused"
expect_err "qtown's limit: not added"
check "and nothing is written" test -z "$(find "$units" -path "$units/.qtown" -prune -o \
    -newer "$TEST_TMP/marker" -print)"
write_units "$units/villages" 100000 100000
run qtown -w "$units" check
expect_status 1 "100001 unit files are refused, not cut silently"
expect_err "100001 villages and enterprises: more than qtown's limit of 100000"
run qtown -w "$units" list
expect_status 1 "list refuses them too"
printf '<dump>q' >"$TEST_TMP/keys"
run env TERM=xterm-256color COLUMNS=80 LINES=24 QTOWN_TEST_KEYS="$TEST_TMP/keys" \
    QTOWN_TEST_SCREEN="$TEST_TMP/screen" "$QTOWN" -w "$units" --lang en
expect_status 1 "the screens refuse them too (they would open 100000 and lose the rest)"
expect_err "100001 villages and enterprises: more than qtown's limit of 100000"
rm -rf "$units"

# ---- the largest unit file: UNIT_MAX_BYTES = 4194304 -------------------
# big_unit FILE SIZE: a village file of exactly SIZE bytes, made of the
# densest thing qtown writes (one-line history entries), so that it also
# holds the most values qtown can write into one file.
big_unit() {
    python3 - "$@" <<'PY'
import sys
path, size = sys.argv[1], int(sys.argv[2])
head = "id: big\nkind: village\nname: 大村\nchecks:\n  O1.c1:\n    status: done\nhistory:\n"
line = "- {at: '2025-11-26T10:15:00+08:00', by: a, check: O1.c1, from: todo, to: done}\n"
n = (size - len(head.encode()) - 2) // len(line)
text = head + line * n
rest = size - len(text.encode())
text += "#" + "x" * (rest - 2) + "\n" if rest >= 2 else "\n" * rest
with open(path, "w") as f:
    f.write(text)
PY
}
big="$ws/villages/big.yaml"
big_unit "$big" 4194304
run qtown -w "$ws" check
expect_status 0 "a unit file of exactly 4194304 bytes, all history, loads"
before=$(snapshot "$ws")
run qtown -w "$ws" set big O1.c1 failed
expect_status 1 "a change that would take it past the limit is refused"
expect_err "would grow to [0-9]+ bytes, past qtown's limit of 4194304"
check "and nothing is written" test "$before" = "$(snapshot "$ws")"
big_unit "$big" 4194305
before=$(snapshot "$ws")
run qtown -w "$ws" check
expect_status 1 "a unit file of 4194305 bytes is refused"
expect_err "big.yaml: file is too large \(4194305 bytes; the limit is 4194304\)"
run qtown -w "$ws" set big O1.c1 failed
expect_status 1 "and is not changed"
check "nothing is written" test "$before" = "$(snapshot "$ws")"
rm -f "$big"

# ---- the most values in a unit file: UNIT_MAX_NODES = 699050 ------------
# values FILE N: a unit file of exactly N values (13 + a list of N - 13).
values() { python3 -c 'import sys
p, n = sys.argv[1], int(sys.argv[2])
open(p, "w").write("id: many\nkind: village\nname: x\nchecks: {O1.c1: {note: [" + ",".join(["1"] * (n - 13)) + "]}}\n")' "$@"; }
values "$ws/villages/many.yaml" 699050
run qtown -w "$ws" check
expect_status 1 "a unit file of 699050 values passes the reader (the format says no)"
expect_err "many.yaml:4:24: a note must be text"
expect_no_out "too many values" "and is not refused for its values"
values "$ws/villages/many.yaml" 699051
run qtown -w "$ws" check
expect_status 1 "a unit file of 699051 values is refused"
expect_err "many.yaml:4:[0-9]+: too many values in one file \(the limit is 699050\)"
rm "$ws/villages/many.yaml"

# ---- names: UNIT_MAX_NAME = 256 bytes, ids ID_MAX_LEN = 64 -------------
a256=$(printf 'a%.0s' $(seq 256))
zh85=$(printf '村%.0s' $(seq 85)) # 255 bytes
id64=$(printf 'x%.0s' $(seq 64))
run qtown -w "$ws" add village n1 "$a256"
expect_status 0 "a name of 256 bytes is accepted"
run qtown -w "$ws" add village n2 "$zh85"
expect_status 0 "a Chinese name of 255 bytes is accepted"
run qtown -w "$ws" add village "$id64" 长编号
expect_status 0 "an id of 64 characters is accepted"
run qtown -w "$ws" set n1 O1.c1 done --by "$a256"
expect_status 0 "--by of 256 bytes is accepted"
run qtown -w "$ws" check
expect_status 0 "and every file written loads"
before=$(snapshot "$ws")
run qtown -w "$ws" add village n3 "${a256}b"
expect_status 2 "a name of 257 bytes is refused"
expect_err "at most 256 bytes"
run qtown -w "$ws" add village n4 "${zh85}村"
expect_status 2 "a Chinese name of 258 bytes is refused"
run qtown -w "$ws" add village "${id64}y" 长编号
expect_status 2 "an id of 65 characters is refused"
expect_err "at most 64 characters"
run qtown -w "$ws" set n1 O1.c1 doing --by "${a256}b"
expect_status 2 "--by of 257 bytes is refused"
check "nothing is written" test "$before" = "$(snapshot "$ws")"
printf 'id: n5\nkind: village\nname: %s\n' "${a256}b" >"$ws/villages/n5.yaml"
run qtown -w "$ws" check
expect_status 1 "a hand-written name of 257 bytes is refused"
expect_err "n5.yaml:3:7: the name must be one line of at most 256 bytes"
rm "$ws/villages/n5.yaml"
# Names in qtown.yaml end up in unit files: the same rules.
cp "$ws/qtown.yaml" "$TEST_TMP/qtown.yaml.saved"
printf 'inspector: "钱\\n志锋"\n' >>"$ws/qtown.yaml"
run qtown -w "$ws" set n1 O1.c1 doing
expect_status 1 "an inspector with a line break in qtown.yaml is refused"
expect_err "qtown.yaml:[0-9]+:[0-9]+: inspector must be one line of at most 256 bytes"
cp "$TEST_TMP/qtown.yaml.saved" "$ws/qtown.yaml"
printf 'town: %s\n' "${a256}b" >>"$ws/qtown.yaml"
run qtown -w "$ws" check
expect_status 1 "a town name of 257 bytes in qtown.yaml is refused"
expect_err "qtown.yaml:[0-9]+:7: town must be one line of at most 256 bytes"
cp "$TEST_TMP/qtown.yaml.saved" "$ws/qtown.yaml"
check "nothing is written" test "$before" = "$(snapshot "$ws")"

# ---- the longest note: UNIT_MAX_NOTE = 65536 bytes ----------------------
# note_of BYTES: Chinese lines, exactly BYTES bytes, no final line break.
note_of() {
    python3 -c 'import sys
n = int(sys.argv[1]); line = "检查记录 note\n"; k = len(line.encode())
t = line * ((n - 1) // k); t += "x" * (n - len(t.encode()))
sys.stdout.write(t)' "$1"
}
note_bytes() { # UNIT CHECK: the note's length in bytes, as loaded
    LC_ALL=C awk -F'\t' -v u="$1" -v c="$2" '$1 == "state" && $2 == u && $3 == c {
        n = $6; gsub(/\\n/, "\n", n); print length(n) }' <<<"$("$UNITDUMP" "$ws")"
}
run qtown -w "$ws" set n1 O1.c2 done --note "$(note_of 65536)"
expect_status 0 "a note of 65536 bytes is accepted"
check "and reads back whole" test "$(note_bytes n1 O1.c2)" = 65536
run qtown -w "$ws" set n1 O1.c3 done --note "$(printf 'a%.0s' $(seq 65536))"
expect_status 0 "a one-line note of 65536 bytes is accepted"
check "and reads back whole" test "$(note_bytes n1 O1.c3)" = 65536
run qtown -w "$ws" check
expect_status 0 "the file with them loads"
before=$(snapshot "$ws")
run qtown -w "$ws" set n1 O1.c4 done --note "$(note_of 65537)"
expect_status 2 "a note of 65537 bytes is refused"
expect_err "at most 65536 bytes"
check "nothing is written" test "$before" = "$(snapshot "$ws")"
printf 'id: n6\nkind: village\nname: 村\nchecks:\n  O1.c1:\n    status: done\n    note: %s\n' \
    "$(printf 'a%.0s' $(seq 65537))" >"$ws/villages/n6.yaml"
run qtown -w "$ws" check
expect_status 1 "a hand-written note of 65537 bytes is refused"
expect_err "n6.yaml:7:11: text too long \(65537 bytes; the limit is 65536\)"
rm "$ws/villages/n6.yaml"

# ---- the deepest nesting: unit 7, plan 12, qtown.yaml 3 levels ---------
unit_file() { printf 'id: %s\nkind: village\nname: 村\nchecks:\n  O1.c1:\n    note: %s\n' "$1" "$2" \
    >"$ws/villages/$1.yaml"; }
unit_file d4 '{a: [[[b]]]}'
run qtown -w "$ws" check
expect_status 1 "a unit file nested 7 deep passes the reader (the format says no)"
expect_err "d4.yaml:6:11: a note must be text"
expect_no_out "nested too deeply" "and is not refused for its nesting"
unit_file d4 '{a: [[[[b]]]]}'
run qtown -w "$ws" check
expect_status 1 "a unit file nested 8 deep is refused"
expect_err "d4.yaml:6:18: nested too deeply \(the limit is 7 levels\)"
head -c 4194304 /dev/zero | tr '\0' '[' >"$ws/villages/d4.yaml"
start=$(date +%s%N)
run qtown -w "$ws" check
ms=$(( ($(date +%s%N) - start) / 1000000 ))
expect_status 1 "4 MiB of '[' are refused"
expect_err "d4.yaml:1:8: nested too deeply"
check "at once ($ms ms)" test "$ms" -lt 5000
rm "$ws/villages/d4.yaml"
# plan_nested DEPTH: a plan whose deepest value is DEPTH levels down.
plan_nested() {
    python3 -c 'import sys
d = int(sys.argv[1]) - 1
print("format: 1\nid: deep\nx: " + "[" * d + "1" + "]" * d)' "$1" >"$TEST_TMP/deep-plan.yaml"
}
plan_nested 12
run qtown init "$TEST_TMP/deep12" --plan "$TEST_TMP/deep-plan.yaml"
expect_status 1 "a plan nested 12 deep passes the reader (the plan format says no)"
expect_no_out "nested too deeply" "and is not refused for its nesting"
plan_nested 13
run qtown init "$TEST_TMP/deep13" --plan "$TEST_TMP/deep-plan.yaml"
expect_status 1 "a plan nested 13 deep is refused"
expect_err "deep-plan.yaml:3:[0-9]+: nested too deeply \(the limit is 12 levels\)"
check "and no workspace is made" test ! -e "$TEST_TMP/deep13/qtown.yaml"
printf 'x: [[1]]\n' >>"$ws/qtown.yaml"
run qtown -w "$ws" check
expect_status 1 "qtown.yaml nested 3 deep passes the reader"
expect_no_out "nested too deeply" "and is not refused for its nesting"
cp "$TEST_TMP/qtown.yaml.saved" "$ws/qtown.yaml"
printf 'x: [[[1]]]\n' >>"$ws/qtown.yaml"
run qtown -w "$ws" check
expect_status 1 "qtown.yaml nested 4 deep is refused"
expect_err "qtown.yaml:[0-9]+:[0-9]+: nested too deeply \(the limit is 3 levels\)"
cp "$TEST_TMP/qtown.yaml.saved" "$ws/qtown.yaml"

# ---- the largest plan (1 MiB) and qtown.yaml (64 KiB) -------------------
# pad FILE SIZE: a comment at the end makes FILE exactly SIZE bytes.
pad() { python3 -c 'import sys
p, n = sys.argv[1], int(sys.argv[2]); t = open(p, "rb").read()
open(p, "wb").write(t + b"#" + b"x" * (n - len(t) - 2) + b"\n")' "$@"; }
cp "$PLAN" "$TEST_TMP/big-plan.yaml"
pad "$TEST_TMP/big-plan.yaml" 1048576
run qtown init "$TEST_TMP/bigplan" --plan "$TEST_TMP/big-plan.yaml"
expect_status 0 "a plan of exactly 1048576 bytes is accepted"
run qtown -w "$TEST_TMP/bigplan" check
expect_status 0 "and the workspace using it loads"
cp "$PLAN" "$TEST_TMP/big-plan.yaml"
pad "$TEST_TMP/big-plan.yaml" 1048577
run qtown init "$TEST_TMP/bigplan2" --plan "$TEST_TMP/big-plan.yaml"
expect_status 1 "a plan of 1048577 bytes is refused"
expect_err "big-plan.yaml: file is too large \(1048577 bytes; the limit is 1048576\)"
check "and no workspace is made" test ! -e "$TEST_TMP/bigplan2/qtown.yaml"
pad "$ws/qtown.yaml" 65536
run qtown -w "$ws" check
expect_status 0 "a qtown.yaml of exactly 65536 bytes is accepted"
cp "$TEST_TMP/qtown.yaml.saved" "$ws/qtown.yaml"
pad "$ws/qtown.yaml" 65537
run qtown -w "$ws" check
expect_status 1 "a qtown.yaml of 65537 bytes is refused"
expect_err "qtown.yaml: file is too large \(65537 bytes; the limit is 65536\)"
cp "$TEST_TMP/qtown.yaml.saved" "$ws/qtown.yaml"

done_testing
