#!/usr/bin/env bash
# Two (and more) qtown processes changing one unit at the same time: every
# change survives, and a hand edit made meanwhile is kept.
. "$(dirname "$0")/../lib.sh"
skip_unless "python3-yaml is not installed (the test reads YAML back with it)" python3 -c "import yaml"

ws=$(new_workspace)
qtown -w "$ws" add enterprise acme ACME --attr industrial=true >/dev/null
f="$ws/enterprises/acme.yaml"
checks=(O1.no-counterfeit O1.spot-check O2.brand-application O3.standardisation
        O3.intl-standards O4.iso10012 O4.metrology-confirmation O5.quality-system
        M1.work-plan M1.responsibility M4.licensed M8.responsibility-letter)

for round in 1 2 3; do
    status=$([ "$round" = 2 ] && echo doing || echo done)
    pids=()
    for c in "${checks[@]}"; do
        "$QTOWN" -w "$ws" set acme "$c" "$status" --by "w-$c" >/dev/null 2>"$TEST_TMP/err-$c" &
        pids+=($!)
    done
    failed=0
    for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
    check "round $round: all ${#checks[@]} concurrent sets succeed" test "$failed" -eq 0
    missing=0
    for c in "${checks[@]}"; do
        python3 - "$f" "$c" "$status" <<'PY' || missing=$((missing + 1))
import sys, yaml
u = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
assert u["checks"][sys.argv[2]]["status"] == sys.argv[3]
PY
    done
    check "round $round: every change is in the file" test "$missing" -eq 0
done
hist=$(grep -c "^- {at:" "$f")
check "every status change is in the history (36 = $hist)" test "$hist" -eq 36

# A hand edit between load and save is kept: rename the unit by hand while a
# slow writer holds the lock, then let it save.
exec 9>"$ws/enterprises/.acme.yaml.lock"
flock 9
"$QTOWN" -w "$ws" set acme O5.mayor-award doing >/dev/null &
writer=$!
sed -i 's/^name: ACME$/name: ACME（手改）/' "$f"
flock -u 9
exec 9>&-
wait "$writer"
check "the waiting writer saved" grep -q "O5.mayor-award" "$f"
check "and the hand edit survived" grep -q "name: ACME（手改）" "$f"
run qtown -w "$ws" check
expect_status 0 "the workspace checks clean"

done_testing
