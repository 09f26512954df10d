#!/usr/bin/env bash
# The screens behave like a terminal program: Ctrl-Z suspends qtown (even
# while a note is being typed) and fg brings it back, redrawn, with nothing
# typed in the shell landing in the note; and they offer what comes next:
# a value that meets its target offers to mark the check done.
. "$(dirname "$0")/lib-tui.sh"

ws=$(new_workspace --demo)
f=$ws/villages/fengyang.yaml

# ---- a value meeting its target offers done --------------------------------------
run qtown -w "$ws" set town O6.participants doing
tui_start -w "$ws"
tui_wait "嘉泽镇 2016"
tui_keys Enter /
tui_type "O6.participants"
tui_keys Enter Escape v C-u
tui_type "70"
tui_keys Enter
tui_wait "O6.participants：70 / >= 60 人，已达到目标：标为已完成？（y：是，n：否）" \
    "a value that meets the target offers to mark the check done"
tui_keys y
tui_wait "已保存：嘉泽镇 O6.participants：已完成" "y marks it done"
check "the file says done" test "$(status_of "$ws/town.yaml" O6.participants)" = done
tui_keys t v C-u
tui_type "50"
tui_keys Enter
tui_wait "已保存：嘉泽镇 O6.participants = 50" "a value short of the target"
expect_no_screen "已达到目标" "offers nothing"
tui_keys v C-u
tui_type "65"
tui_keys Enter
tui_wait "已达到目标：标为已完成？"
tui_keys j
tui_wait_gone "已达到目标" "any other key puts the offer away and does its work"
check "the check stays todo" test "$(status_of "$ws/town.yaml" O6.participants)" = todo
tui_quit

# ---- Ctrl-Z and fg ---------------------------------------------------------------
tui_start --shell -w "$ws"
tui_wait "嘉泽镇 2016" "qtown started from a shell"
tui_keys j j Enter j e C-u
tui_type "暂停之前"
tui_wait "备注：暂停之前"
_tmux send-keys C-z
tui_wait "Stopped" "Ctrl-Z suspends qtown, back to the shell"
expect_no_screen "备注：暂停之前" "the shell has the terminal"
_tmux send-keys -l "echo 在外面"
_tmux send-keys Enter
tui_wait "在外面" "the shell works meanwhile"
n=$(cat "$TUI_IDLE")
_tmux send-keys -l "fg"
_tmux send-keys Enter
tui_wait_idle_after "$n"
tui_wait "备注：暂停之前" "fg brings qtown back, the screen redrawn with the note being typed"
expect_screen "丰杨村 (fengyang)" "the whole screen"
expect_no_screen "在外面" "nothing of the shell is left on it"
expect_no_screen "echo" "and nothing typed in the shell landed in the note"
tui_type "，之后"
tui_keys Enter
wait_file_has "$f" "note: 暂停之前，之后" "typing goes on and saves"
tui_quit
tui_wait_shell && ok "back at the shell after quitting" || not_ok "back at the shell after quitting"

done_testing
