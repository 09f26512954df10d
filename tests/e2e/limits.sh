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

done_testing
