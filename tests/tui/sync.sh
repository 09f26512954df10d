#!/usr/bin/env bash
# The sync from the screens, in a real terminal: the title line shows what
# is not synced yet, S runs the sync (the terminal handed to git and taken
# back), what came in is shown without a restart, offline is said.
. "$(dirname "$0")/lib-tui.sh"
. "$SRCDIR/tests/sync-lib.sh"

hub_with_clones "$TEST_TMP" a b || exit 1
a=$TEST_TMP/a b=$TEST_TMP/b
# b sends a change; a has one of its own, not committed yet
at 100 qtown -w "$b" set xicheng O1.patrol failed --by 乙 --note "巡查缺记录" >/dev/null
qtown -w "$b" sync >/dev/null
at 200 qtown -w "$a" set chenshan O1.patrol na --by 甲 >/dev/null

tui_start -w "$a"
tui_wait "行政村 (8)" "the list opens"
expect_screen "[未同步：1 个文件有更改，0 个提交待发送]" "the title says what is not synced"

tui_keys S
tui_wait "已与 origin/main 同步：发送 1 项更改，接收 1 项" "S syncs and says what moved"
tui_wait "[无待发送]" "the title says nothing is left to send"
check "a's change reached the hub" \
    grep -q "by: 甲, check: O1.patrol" <<<"$(git -C "$TEST_TMP/hub.git" show main:villages/chenshan.yaml)"
tui_keys /
tui_type xicheng
tui_keys Enter Enter
tui_wait "[!] 村内开展打假巡查" "what came in is shown without a restart"
tui_keys j j
tui_wait "巡查缺记录" "with its note"

# a change made on the screen: the state follows at the next poll
tui_keys d
tui_wait "已保存" "a change is saved"
tui_wait "[未同步：1 个文件有更改，0 个提交待发送]" "and the title counts it"

# offline: committed, said so
git -C "$a" remote set-url origin "$TEST_TMP/gone.git"
tui_keys S
tui_wait "无法连接 origin" "offline, the sync says the changes go next time"
tui_wait "[未同步：0 个文件有更改，1 个提交待发送]" "and the commit waits"
check "the change is committed" test -z "$(git -C "$a" status --porcelain)"

# an error: shown, nothing else happens
git -C "$a" remote set-url origin "$TEST_TMP/hub.git"
printf 'broken: [\n' >>"$a/villages/fengyang.yaml"
tui_keys S
tui_wait "villages/fengyang.yaml:" "a unit file that does not load stops the sync, with its position"
tui_quit
check "the broken file was not committed" test -n "$(git -C "$a" status --porcelain -- villages/fengyang.yaml)"

done_testing
