#!/usr/bin/env bash
# Finding the workspace; read-only commands never write; help and version.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace --demo)

mkdir -p "$ws/villages/deeper"
(cd "$ws/villages/deeper" && run qtown list --kind village && echo "$STATUS" >"$TEST_TMP/st" && echo "$OUT" >"$TEST_TMP/out")
check "found upwards from a subfolder" grep -q chenshan "$TEST_TMP/out"
rmdir "$ws/villages/deeper"

other=$(new_workspace)
run env QTOWN_WORKSPACE="$ws" "$QTOWN" list --kind village
expect_out "chenshan" "QTOWN_WORKSPACE is used"
run env QTOWN_WORKSPACE="$ws" "$QTOWN" -w "$other" list --kind village
expect_no_out "chenshan" "-w wins over QTOWN_WORKSPACE"
run qtown list -w "$other" --kind village
expect_status 0 "-w after the command works too"

# No workspace anywhere: the default one is made, with the demo.
run qtown list --kind village
expect_status 0 "the default workspace is created on first use"
check "under XDG_DATA_HOME" test -f "$XDG_DATA_HOME/qtown/qtown.yaml"
expect_out "chenshan" "with the demo"
expect_err "[Cc]reated the demo workspace"

snap=$(snapshot "$ws")
for cmd in "list" "list --format csv" "show chenshan" "show town" "check"; do
    run qtown -w "$ws" $cmd
    expect_status 0 "$cmd runs"
done
check "read-only commands change no byte" test "$snap" = "$(snapshot "$ws")"
check "and leave no lock or temporary file" test -z "$(find "$ws" -name '.*.tmp*')"

run qtown --help
expect_status 0 "--help"
expect_out "qtown set (UNIT | --kind KIND [--where KEY=VALUE]...) CHECK STATUS"
run qtown --version
expect_status 0 "--version"
expect_out "qtown "
run qtown frobnicate
expect_status 2 "an unknown command"
expect_err "unknown command 'frobnicate'"
run qtown -w "$ws" list --lang fr
expect_status 2 "--lang takes zh or en"
run qtown -w "$ws" list --lang zh
expect_out "行政村" "--lang zh speaks Chinese"
run qtown -w "$ws" list --lang en
expect_out "village" "--lang en speaks English"

# Output that cannot be written is a failure, not a silent success.
for cmd in "list" "list --format csv" "show chenshan" "report" "check"; do
    run bash -c "\"$QTOWN\" -w \"$ws\" $cmd >/dev/full"
    expect_status 1 "$cmd into a full disk fails"
done
expect_err "无法写入标准输出" "and says so (in the demo's language)"
run bash -c "\"$QTOWN\" -w \"$ws\" --lang en check >/dev/full"
expect_err "cannot write to the standard output" "in English with --lang en"

done_testing
