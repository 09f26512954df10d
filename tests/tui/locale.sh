#!/usr/bin/env bash
# Before any screen: a locale that is not UTF-8, and no terminal, each get
# a clear message in the interface language and exit status 1.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace --demo)
before=$(snapshot "$ws")
run env LANG=C LC_ALL=C "$QTOWN" -w "$ws"
expect_status 1 "a C locale is refused"
expect_err "界面需要 UTF-8 区域设置，当前的（C）不是" "in Chinese (language: zh in qtown.yaml)"
run env LANG=C LC_ALL=POSIX "$QTOWN" --lang en -w "$ws"
expect_status 1 "a POSIX locale is refused"
expect_err "the screens need a UTF-8 locale, and this one \(POSIX\) is not; try LANG=C.UTF-8" \
    "in English with --lang en"
run "$QTOWN" -w "$ws" </dev/null
expect_status 1 "no terminal is refused"
expect_err "无法打开界面：不是终端" "with a message"
check "nothing was written" test "$before" = "$(snapshot "$ws")"
done_testing
