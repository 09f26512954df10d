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

done_testing
