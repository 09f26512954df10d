#!/usr/bin/env bash
# Resizing at any moment: below 40x12 a clear "too small" (no crash, down
# to 1x1), usable at 40x12, and back; with a note being typed too.
. "$(dirname "$0")/lib-tui.sh"

ws=$(new_workspace --demo)
f=$ws/villages/fengyang.yaml
tui_start -w "$ws"
tui_wait "嘉泽镇 2016" "the list is shown at 100x30"
tui_keys j j Enter
tui_wait "丰杨村 (fengyang)" "a unit is open"
expect_screen "| " "wide: the detail pane is beside the checklist"

tui_resize 30x10
tui_wait "终端太小" "30x10: the terminal is too small"
expect_screen "40x12" "and the message says what is needed"
tui_resize 1x1
tui_resize 2x1
tui_resize 39x12
tui_wait "终端太小" "39x12 is still too small (after 1x1 and 2x1)"
tui_resize 40x11
tui_wait "终端太小" "40x11 is still too small"
tui_resize 40x12
tui_wait "丰杨村 (fengyang)" "40x12 is usable"
expect_screen "- O1 产品质量与打假" "the checklist is shown"
expect_screen "----------------------------------------" "narrow: the detail pane is below"
check "no line wider than the terminal" test "$(max_columns)" -le 40
expect_screen "丰杨村 (fengyang)   7/18 39%   !1" "the top line keeps the progress (the kind left out, failures in brief)"

tui_keys j j x Escape
tui_wait "O1.patrol" "marking works at 40x12 (Esc skips the reason)"
check "and is saved" test "$(status_of "$f" O1.patrol)" = failed

tui_keys e C-u
tui_type "在很小的终端里输入一条相当长的中文备注看看换行是否正确"
tui_resize 30x10
tui_wait "终端太小" "too small while typing a note"
tui_resize 60x20
tui_type "完"
tui_keys Enter
tui_wait "备注已修改" "the note typed across resizes is saved"
check "whole" test "$(note_of "$f" O1.patrol)" = "在很小的终端里输入一条相当长的中文备注看看换行是否正确完"

tui_resize 100x30
tui_wait "| " "back to 100x30: side by side again"
expect_no_screen "终端太小" "no trace of the small screen"
tui_quit
done_testing
