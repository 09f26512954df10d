#!/usr/bin/env bash
# The sync from the screens, in a real terminal: the title line shows what
# is not synced yet, S runs the sync while the screens stay usable, what
# came in is shown without a restart, offline is said; a remote that never
# answers hits the deadline, S again stops a sync.
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
git -C "$a" checkout -q -- villages/fengyang.yaml

# a remote that never answers: the screens stay usable, the deadline ends it
pids=$TEST_TMP/pids
printf '#!/bin/sh\necho $$ >>"%s"\nexec sleep 300\n' "$pids" >"$TEST_TMP/silent-ssh"
chmod +x "$TEST_TMP/silent-ssh"
# the stand-in has started (git is waiting on it) / every one started is gone
stand_in_started() {
    local end=$((SECONDS + TUI_TIMEOUT))
    while [ ! -s "$pids" ]; do [ $SECONDS -lt $end ] || return 1; sleep 0.1; done
}
stand_in_gone() { # (a killed process lingers until init reaps it)
    local p end=$((SECONDS + 5))
    for p in $(cat "$pids"); do
        while kill -0 "$p" 2>/dev/null; do [ $SECONDS -lt $end ] || return 1; sleep 0.1; done
    done
}
git -C "$a" remote set-url origin "ssh://hub.invalid/srv/jiaze.git"
git -C "$a" config core.sshCommand "$TEST_TMP/silent-ssh"
# long enough for what the test does meanwhile on a loaded machine
git -C "$a" config qtown.networkTimeout 20
at 300 qtown -w "$a" set xicheng O1.patrol done --by 甲 >/dev/null
tui_start -w "$a"
tui_wait "行政村 (8)" "the list opens"
tui_keys S
tui_wait "[正在同步]" "the title says a sync runs"
tui_wait "正在从 origin 获取" "the status line says how far it is"
check "git is waiting on the remote" stand_in_started
tui_keys "?"
tui_wait "qtown  按键" "keys still work during the sync: the help opens"
tui_keys "?" /
tui_type chenshan
tui_keys Enter Enter
tui_wait "村内开展打假巡查" "a checklist opens during the sync"
tui_keys j j d
tui_wait "正在同步：同步结束后才能修改" "a change waits until the sync ends, and says so"
expect_screen "[正在同步]" "all that while the sync ran"
TUI_TIMEOUT=60 tui_wait "origin 在 20 秒内没有响应；你的更改已在本机提交" \
    "the deadline ends the sync, said on the status line"
tui_wait_gone "[正在同步]" "the title no longer says a sync runs"
check "the ssh stand-in was stopped" stand_in_gone
check "the change is committed here" test -z "$(git -C "$a" status --porcelain)"
tui_keys d
tui_wait "已保存" "after the sync, changes are saved again"

# S again stops a sync
: >"$pids"
git -C "$a" config qtown.networkTimeout 0
tui_keys S
tui_wait "[正在同步]" "another sync runs"
check "git is waiting on the remote" stand_in_started
tui_keys S
tui_wait "同步已中止；你的更改已在本机提交。" "S again stops it"
tui_wait_gone "[正在同步]" "and the title says so"
check "the ssh stand-in was stopped" stand_in_gone
tui_quit

done_testing
