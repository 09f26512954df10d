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

# ---- units: WORKSPACE_MAX_UNITS = 10000 villages and enterprises ------
units=$(new_workspace --plan "$PLAN")
write_units "$units/villages" 1 9999
run qtown -w "$units" add enterprise last 最后一家
expect_status 0 "the 10000th unit is added"
run qtown -w "$units" check
expect_status 0 "10000 units (and the town) load"
expect_out "10001 units checked, no problems"
before=$(snapshot "$units")
run qtown -w "$units" add enterprise one-more 多一家
expect_status 1 "the 10001st unit is refused"
expect_err "qtown's limit: not added"
check "and nothing is written" test "$before" = "$(snapshot "$units")"
write_units "$units/villages" 10000 10000
run qtown -w "$units" check
expect_status 1 "10001 unit files are refused, not cut silently"
expect_err "10001 villages and enterprises: more than qtown's limit of 10000"
run qtown -w "$units" list
expect_status 1 "list refuses them too"
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

done_testing
