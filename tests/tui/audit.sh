#!/usr/bin/env bash
# The audit trail in the screens, in real terminals: two windows on one
# workspace racing on one note (both texts survive: one in the field, one
# in the history, and the screen says so); `qtown set` and $EDITOR racing a
# screen; who signs (the header, the notice when the name comes from the
# shared qtown.yaml, w to switch, remembered); undo recorded as the change
# it is.  (Ctrl-Z, and what the screens offer: terminal.sh.)
. "$(dirname "$0")/lib-tui.sh"

ws=$(new_workspace --demo)
f=$ws/villages/fengyang.yaml
cfg=$HOME/.config/qtown/config.yaml
unset QTOWN_USER XDG_CONFIG_HOME
export GIT_CONFIG_NOSYSTEM=1
# last_entry CHECK: the last history line of a check of fengyang
last_entry() { grep "check: $1" "$f" | tail -1; }

# ---- who signs ---------------------------------------------------------------
tui_start -w "$ws"
tui_wait "签名：钱志锋" "the header says who signs"
expect_screen "更改签名为 钱志锋，这是共用的 qtown.yaml 中的名字：按 w 选择您是谁" \
    "the name comes only from the shared qtown.yaml: said at start"
tui_keys j
tui_wait_gone "这是共用的 qtown.yaml" "said once: it does not hold anything up"
tui_keys w
tui_wait "此处的更改签名为 钱志锋（来自 $ws/qtown.yaml 的 inspector:" \
    "w shows who signs and where the name comes from"
expect_screen "* 钱志锋" "the current name is marked among the inspectors"
expect_screen "蒋国平" "the inspectors of qtown.yaml are offered"
tui_keys j j Enter
tui_wait "今后的更改签名为 蒋国平" "an inspector is chosen"
expect_screen "签名：蒋国平" "the header says so"
check "it is remembered for this user" test "$(cat "$cfg")" = "name: 蒋国平"
tui_keys j Enter j i
tui_wait "已保存：丰杨村 O1.no-counterfeit：进行中" "a change is made"
check "it is signed with the chosen name" grep -q "by: 蒋国平, check: O1.no-counterfeit, from: done, to: doing" "$f"
tui_keys d
tui_keys w G Enter
tui_wait "您的名字：" "another name can be typed"
tui_type "沈九"
tui_keys Enter
tui_wait "签名：沈九" "a typed name signs"
check "and is remembered" test "$(cat "$cfg")" = "name: 沈九"
tui_quit
tui_start -w "$ws"
tui_wait "签名：沈九" "the next start signs with the remembered name"
expect_no_screen "这是共用的 qtown.yaml" "and says nothing about qtown.yaml"
tui_quit
tui_start --env QTOWN_USER=王五 -w "$ws"
tui_wait "签名：王五" "\$QTOWN_USER comes before the user's config"
tui_quit

# ---- two windows, one note ---------------------------------------------------
rm -f "$cfg"
tui_start --env QTOWN_USER=甲 -w "$ws"
win_a=$TUI_N
tui_keys j j Enter j
tui_wait "O1.no-counterfeit" "window A opens the check"
tui_start --env QTOWN_USER=乙 -w "$ws"
win_b=$TUI_N
tui_keys j j Enter j
tui_wait "O1.no-counterfeit" "window B opens the same check"
tui_use "$win_a"
tui_keys e
tui_wait "备注：" "A opens the note editor"
tui_use "$win_b"
tui_keys e
tui_wait "备注：" "B opens the note editor on the same (empty) note"
tui_use "$win_a"
tui_type "甲：第二次测试"
tui_keys Enter
tui_wait "已保存：丰杨村 O1.no-counterfeit：备注已修改" "A saves"
wait_file_has "$f" "note: 甲：第二次测试" "A's note is in the file"
tui_use "$win_b"
tui_type "乙：另一个说法"
tui_keys Enter
tui_wait "甲 在此期间保存的备注已记入记录" "B saves, and the screen says A's note is kept"
check "B's note wins the field (the later save)" grep -q "^    note: 乙：另一个说法" "$f"
check "A's note is in the history as the losing side of a merge, signed by A" \
    grep -q "by: 甲, check: O1.no-counterfeit, from: done, to: done, note: 甲：第二次测试, event: merge" "$f"
run qtown -w "$ws" log fengyang --check O1.no-counterfeit
check "qtown log shows both texts" \
    bash -c 'grep -q "甲：第二次测试" <<<"$1" && grep -q "(merge)" <<<"$1"' _ "$OUT"
tui_use "$win_a"
tui_wait "乙：另一个说法" "A's window shows B's note"

# B's editor left unchanged while A saves: nothing of A's is overwritten
tui_use "$win_b"
tui_keys e
tui_wait "备注：乙：另一个说法"
tui_use "$win_a"
tui_keys e C-u
tui_type "甲：最后的说法"
tui_keys Enter
wait_file_has "$f" "note: 甲：最后的说法"
tui_use "$win_b"
tui_keys Enter
tui_wait "备注未改变" "an untouched editor saves nothing"
check "A's note stays" grep -q "^    note: 甲：最后的说法" "$f"

# ---- qtown set racing a screen -------------------------------------------------
tui_keys j e
tui_wait "备注：每月与村治保会联合巡查一次。" "B edits O1.patrol's note"
run qtown -w "$ws" set fengyang O1.patrol doing --note "命令行写的" --by 丙
expect_status 0 "qtown set changes the note meanwhile"
tui_keys C-u
tui_type "乙在界面写的"
tui_keys Enter
tui_wait "丙 在此期间保存的备注已记入记录" "the screen's save keeps set's note"
check "the screen's note is in the field" grep -q "^    note: 乙在界面写的" "$f"
check "set's note is kept as a merge" grep -q "by: 丙, check: O1.patrol, from: doing, to: doing, note: 命令行写的, event: merge" "$f"
check "and the note set replaced is in its own entry" \
    grep -q "by: 丙, check: O1.patrol, note: 每月与村治保会联合巡查一次。, event: note" "$f"

# undo is recorded as the change it is
tui_keys u
tui_wait "已撤销：丰杨村 O1.patrol：备注已修改"
check "undo restores set's note" grep -q "^    note: 命令行写的" "$f"
check "and is in the history as a note change" \
    grep -q "by: 乙, check: O1.patrol, note: 乙在界面写的, event: note" <<<"$(last_entry O1.patrol)"
tui_keys C-r
tui_wait "已重做"
check "redo too" grep -q "by: 乙, check: O1.patrol, note: 命令行写的, event: note" <<<"$(last_entry O1.patrol)"
tui_quit
tui_use "$win_a"
tui_quit

# ---- $EDITOR racing another save ------------------------------------------------
editor=$TEST_TMP/editor.sh
cat >"$editor" <<SH
#!/bin/sh
"$QTOWN" -w "$ws" set fengyang O1.patrol doing --note "编辑器打开时别人写的" --by 丁 >/dev/null
printf '编辑器里写的\n' >"\$1"
SH
chmod +x "$editor"
tui_start --env QTOWN_USER=戊 --env "EDITOR=$editor" -w "$ws"
tui_keys j j Enter j j E
tui_wait "丁 在此期间保存的备注已记入记录" "a note saved while \$EDITOR was open is kept, and said"
check "the editor's text is in the field" grep -q "^    note: 编辑器里写的" "$f"
check "the other is kept" grep -q "by: 丁, check: O1.patrol, .*note: 编辑器打开时别人写的, event: merge" "$f"
tui_quit

done_testing
