#!/usr/bin/env bash
# `qtown report -o FILE` replaces only a regular file (or makes a new one);
# a FIFO or a device is written to, never replaced; a folder, a link to
# nothing and the workspace's own files are refused (issue 10, item 1).
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace --demo)
unit=$ws/villages/yuejin.yaml
before=$(snapshot "$ws")

# ---- the workspace's own files are never a report's output --------------------------
(cd "$ws" && run qtown --lang en report -o villages/yuejin.yaml && echo "$STATUS $ERR" >"$TEST_TMP/r")
read -r st _ <"$TEST_TMP/r"
check "-o villages/yuejin.yaml (relative) is refused, exit 2" test "$st" -eq 2
run qtown -w "$ws" --lang en report -o "$ws/qtown.yaml"
expect_status 2 "-o qtown.yaml is refused"
expect_err "one of the workspace's own files"
ln -s "$unit" "$TEST_TMP/sneaky.txt"
run qtown -w "$ws" --lang en report -o "$TEST_TMP/sneaky.txt"
expect_status 2 "-o through a link to a unit file is refused"
run qtown -w "$ws" --lang en report -o "$ws/.git/config"
expect_status 2 "-o into .git is refused"
check "every workspace file is as it was" test "$(snapshot "$ws")" = "$before"
check "the unit is still a unit" grep -q "^id: yuejin" "$unit"
run qtown -w "$ws" --lang en report -o "$ws/report.txt"
expect_status 0 "a new file in the workspace's top folder is fine"
check "it holds the report" test -s "$ws/report.txt"

# ---- a FIFO is written to, never replaced ------------------------------------------
fifo=$TEST_TMP/out.fifo
mkfifo "$fifo"
timeout 20 cat "$fifo" >"$TEST_TMP/from-fifo" &
reader=$!
run timeout 20 "$QTOWN" -w "$ws" --lang en report -o "$fifo"
wait "$reader"
expect_status 0 "report into a FIFO with a reader"
check "the FIFO is still a FIFO" test -p "$fifo"
check "the reader got the report" test -s "$TEST_TMP/from-fifo"
run timeout 20 "$QTOWN" -w "$ws" --lang en report -o "$fifo"
expect_status 1 "a FIFO nobody reads: exit 1 at once, no hang"
expect_err "FIFO that nobody reads"
check "and it is still a FIFO" test -p "$fifo"

# ---- what is not a file is refused; a regular file keeps its mode ----------------------
mkdir "$TEST_TMP/adir"
run qtown -w "$ws" --lang en report -o "$TEST_TMP/adir"
expect_status 1 "a folder is refused"
expect_err "a folder, not a regular file"
ln -s "$TEST_TMP/nowhere/x" "$TEST_TMP/dangling"
run qtown -w "$ws" --lang en report -o "$TEST_TMP/dangling"
expect_status 1 "a link to nothing is refused"
check "nothing was made where it pointed" test ! -e "$TEST_TMP/nowhere"
echo old >"$TEST_TMP/old.txt"
chmod 0640 "$TEST_TMP/old.txt"
run qtown -w "$ws" --lang en report -o "$TEST_TMP/old.txt"
expect_status 0 "a regular file is replaced"
check "its mode is kept" test "$(stat -c %a "$TEST_TMP/old.txt")" = 640
run qtown -w "$ws" --lang en report -o /dev/stdout
expect_status 0 "-o /dev/stdout writes to standard output"
expect_out "嘉泽镇"

# ---- a device (root: a private node, never the system's) -----------------------------
if [ "$(id -u)" -eq 0 ]; then
    node=$TEST_TMP/null
    mknod -m 0666 "$node" c 1 3
    run qtown -w "$ws" --lang en report -o "$node"
    expect_status 0 "-o a character device writes to it"
    check "the device node is still a device" test -c "$node"
    check "and still the null device" test "$(stat -c '%t:%T' "$node")" = "1:3"
    rm -f "$node"
else
    ok "# SKIP -o a device: needs root for mknod"
fi

done_testing
