#!/usr/bin/env bash
# The screens in a real terminal: open the demo, move, open a unit, mark
# checks with every status key, undo and redo, back, filter, sort, quit.
. "$(dirname "$0")/lib-tui.sh"

ws=$(new_workspace --demo)
f=$ws/villages/fengyang.yaml
# 120 columns: the title keeps the filter and sort next to who signs and
# the sync state
tui_start --size 120x30 -w "$ws"
tui_wait "嘉泽镇 2016" "the unit list opens (in Chinese: language: zh in qtown.yaml)"
expect_screen "行政村 (8)" "villages are grouped"
expect_screen "企事业单位 (20)" "enterprises are grouped"
expect_screen "7/18   39%  !1" "each unit shows done of applicable and its failures"

tui_keys j j Enter
tui_wait "丰杨村 (fengyang)" "moving down twice and Enter opens the second village"
expect_screen "- O1 产品质量与打假" "objectives are shown as a tree"
expect_screen "[1/2]" "with a progress cookie"
expect_screen "[~] 村内开展打假巡查" "checks show their status mark and title"

tui_keys j j x
tui_wait "未通过：原因？（Esc 跳过）：" "x marks failed and asks why at once"
check "the file says failed" test "$(status_of "$f" O1.patrol)" = failed
check "the history records doing -> failed" grep -q "check: O1.patrol, from: doing, to: failed" "$f"
tui_keys Escape
tui_wait "已保存：丰杨村 O1.patrol：未通过" "Esc skips the note and the status line says what was saved"

tui_keys Space
tui_wait "O1.patrol：待办" "Space after failed goes back to todo"
check "the file says todo" test "$(status_of "$f" O1.patrol)" = todo
tui_keys Space
tui_wait "O1.patrol：进行中" "Space: todo -> doing"
tui_keys Space
tui_wait "O1.patrol：已完成" "Space: doing -> done"
check "the file says done" test "$(status_of "$f" O1.patrol)" = done
tui_keys n
tui_wait "O1.patrol：不适用" "n marks n/a"
tui_keys i
tui_wait "O1.patrol：进行中" "i marks doing"
tui_keys t
tui_wait "O1.patrol：待办" "t marks todo"
tui_keys d
tui_wait "O1.patrol：已完成" "d marks done"
check "the file says done again" test "$(status_of "$f" O1.patrol)" = done
expect_screen "[2/2]" "the cookie counts the new done"

tui_keys u
tui_wait "已撤销：丰杨村 O1.patrol：待办" "u undoes the last change"
check "undo is saved" test "$(status_of "$f" O1.patrol)" = todo
tui_keys u u
tui_wait "已撤销：丰杨村 O1.patrol：不适用" "u again undoes the one before"
check "the file says n/a" test "$(status_of "$f" O1.patrol)" = na
tui_keys C-r
tui_wait "已重做：丰杨村 O1.patrol：进行中" "Ctrl-R redoes"
check "redo is saved" test "$(status_of "$f" O1.patrol)" = doing
check "undo and redo are in the history too" \
    test "$(grep -c "check: O1.patrol" "$f")" -ge 10

tui_keys Escape
tui_wait "今天走访丰杨村，备注：" "leaving a changed unit offers to record the visit"
tui_wait "检查项：O1.patrol" "with the checks just changed"
tui_keys Escape
tui_wait "嘉泽镇 2016" "Esc skips it and goes back to the list"
check "no visit was recorded" test -z "$(grep '^visits:' "$f")"
expect_screen "7/18   39%" "the list shows the unit's progress"
tui_keys f
tui_wait "筛选：未完成" "f filters to unfinished units"
tui_keys f
tui_wait "筛选：有未通过" "f again: units with failures"
expect_no_screen "晨山村" "a unit without failures is hidden"
expect_screen "夏庄桥村" "a unit with a failure is shown"
tui_keys f s s
tui_wait "排序：进度" "s sorts by progress"
tui_screen
check "the least advanced village comes first" grep -q "闵墅村" <<<"$(grep -A1 '行政村 (8)' <<<"$SCREEN")"
tui_quit
done_testing
