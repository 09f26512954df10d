#!/usr/bin/env bash
# Notes: typed in place in Chinese (wide characters through get_wch, the
# cursor moved by columns), several lines, cancelled, edited in $EDITOR,
# and control characters from a file drawn visibly, never sent raw.
. "$(dirname "$0")/lib-tui.sh"

ws=$(new_workspace --demo)
f=$ws/villages/fengyang.yaml
editor=$TEST_TMP/editor.sh
# The editor saves what it was given (to check it got the note) and
# replaces the text with a fixed one, as a person would.
cat >"$editor" <<'SH'
#!/bin/sh
cp "$1" "$1.seen" && cp "$1" "$EDITOR_SEEN"
printf '编辑器写的备注\n第二行 line two\n' >"$1"
SH
chmod +x "$editor"

tui_start --env "EDITOR=$editor" --env "EDITOR_SEEN=$TEST_TMP/seen" -w "$ws"
tui_wait "嘉泽镇 2016" "the list is shown"
tui_keys j j Enter j
tui_wait "O1.no-counterfeit" "the first check is selected"
expect_screen "（无备注）" "it has no note yet"

tui_keys e
tui_wait "备注：" "e opens the note editor"
tui_type "中文ab"
wait_cursor_x 12 "the cursor follows display columns (6 + 4 + 2)"
tui_keys Left
wait_cursor_x 11 "Left over a letter moves one column"
tui_keys Left Left
wait_cursor_x 8 "Left over a Chinese character moves two"
tui_keys C-k C-u
wait_cursor_x 6 "the line is empty again"
tui_type "已核查证书"
tui_keys Left Left
tui_type "有效"
tui_keys Right BSpace
tui_type "书！"
tui_keys Enter
tui_wait "已保存：丰杨村 O1.no-counterfeit：备注已修改" "Enter saves the note"
check "the file has the Chinese note, edited by columns" \
    test "$(note_of "$f" O1.no-counterfeit)" = "已核查有效书！书"
expect_screen "已核查有效书！书" "the detail pane shows it"
expect_screen "*" "the check is marked as having a note"

before=$(snapshot "$ws")
tui_keys e
tui_type "不要这个"
tui_keys Escape
tui_wait "放弃已输入的备注？（y：是，n：否）" "Esc with typed text asks before throwing it away"
expect_screen "备注：已核查有效书！书不要这个" "the text is still there meanwhile"
tui_keys n
tui_wait_gone "放弃已输入的备注？" "n goes back to the text"
tui_type "还要"
expect_screen "备注：已核查有效书！书不要这个还要" "and typing goes on"
tui_keys Escape
tui_wait "放弃已输入的备注？" "Esc asks again"
tui_type "！"
tui_wait "备注：已核查有效书！书不要这个还要！" "a key that is no answer puts the question away and types"
expect_no_screen "放弃已输入的备注？" "the question is gone"
tui_keys Escape y
tui_wait "已取消" "y throws the text away"
check "a cancelled edit writes nothing" test "$before" = "$(snapshot "$ws")"
tui_keys e Escape
tui_wait "已取消" "Esc on an unchanged note leaves at once"

tui_keys e C-u
tui_type "第一行"
tui_keys C-j
tui_type "第二行"
tui_keys Enter
tui_wait "备注已修改" "a note of two lines (Ctrl-J) is saved"
check "as a literal block" grep -q "^    note: |" "$f"
check "with both lines" grep -q "^      第二行" "$f"

tui_keys E
tui_wait "编辑器写的备注" "E edits the note in \$EDITOR and the screen comes back"
check "the editor was given the note" grep -q "第二行" "$TEST_TMP/seen"
check "the editor's text is saved" grep -q "^      第二行 line two" "$f"
expect_screen "已保存：丰杨村 O1.no-counterfeit" "the status line says it was saved"
tui_keys u
tui_wait "已撤销" "the editor's change can be undone"
check "undo restores the two-line note" grep -q "^      第二行$" "$f"

# An editor that fails leaves the note alone.
cat >"$editor" <<'SH'
#!/bin/sh
echo scribble >"$1"
exit 3
SH
before=$(snapshot "$ws")
tui_keys E
tui_wait "未保存：" "a failing editor is reported"
expect_screen "状态 3" "with its exit status"
check "and nothing is written" test "$before" = "$(snapshot "$ws")"
tui_quit

# Control characters in a note are shown escaped.
cat >"$ws/villages/xicheng.yaml" <<'YAML'
id: xicheng
kind: village
name: 西城村
checks:
  O1.patrol:
    status: doing
    note: "red\e[31mALERT\u009b2J\u202eevil"
YAML
tui_start -w "$ws"
tui_wait "西城村" "a unit with control characters in a note is listed"
tui_keys / x i c h e n g Enter Enter j j
tui_wait 'red\x1b[31mALERT\x9b2J\u202eevil' "ESC, CSI and a bidi override are drawn visibly"
tui_quit
done_testing
