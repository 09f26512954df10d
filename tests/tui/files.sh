#!/usr/bin/env bash
# The files change under the screens: units added, removed, broken and
# mended on disk, and checks changed by another qtown, all shown without a
# restart; nothing is lost either way, and a broken file is read-only.
. "$(dirname "$0")/lib-tui.sh"

ws=$(new_workspace --demo)
f=$ws/villages/fengyang.yaml
x=$ws/villages/xicheng.yaml
cp "$x" "$TEST_TMP/xicheng.good"
tui_start -w "$ws"
tui_wait "行政村 (8)" "the list is shown"

run qtown -w "$ws" add village xinzhu 新竹村
tui_wait "新竹村" "a unit added by another qtown appears"
expect_screen "行政村 (9)" "and is counted"
rm "$ws/villages/yuejin.yaml"
tui_wait_gone "跃进村" "a unit whose file is removed disappears"
expect_screen "行政村 (8)" "and is no longer counted"

printf 'id: xicheng\nkind: village\nname: 西城村\nchecks: [\n' >"$x"
tui_wait "文件有错误" "a file broken by hand is marked in the list"
before=$(snapshot "$ws")
tui_keys /
tui_type xicheng
tui_keys Enter Enter
tui_wait "[只读]" "its checklist is read-only"
expect_screen "villages/xicheng.yaml:5:1: " "with the file's FILE:LINE:COLUMN error"
tui_keys j d
tui_wait "只读：xicheng 的文件有错误" "a change is refused with the reason"
tui_keys e
expect_no_screen "备注：" "the note editor does not open"
check "the broken file is not written" test "$before" = "$(snapshot "$ws")"
cp "$TEST_TMP/xicheng.good" "$x"
tui_wait "西城村 (xicheng)  行政村   10/15" "once mended it is shown again without a restart"
expect_no_screen "[只读]" "and it is no longer read-only"
tui_keys Escape
tui_wait_gone "文件有错误" "the list no longer marks it"

tui_keys g j j Enter j
tui_wait "O1.no-counterfeit" "a check of another unit is selected"
run qtown -w "$ws" set fengyang O1.no-counterfeit failed --note "另一个 qtown 写的" --by 周晓燕
tui_wait "另一个 qtown 写的" "a change made by another qtown is shown in the open unit"
expect_screen "[!] 未通过  O1.no-counterfeit" "with its new status"
tui_keys j d
tui_wait "已保存：丰杨村 O1.patrol：已完成" "a change here is saved"
check "the change made by the other qtown survives" \
    test "$(status_of "$f" O1.no-counterfeit)" = failed
check "and so does this one" test "$(status_of "$f" O1.patrol)" = done

# An undo does not overwrite a change made on disk since.
run qtown -w "$ws" set fengyang O1.patrol doing --by 周晓燕
tui_wait "[~] 进行中  O1.patrol" "the other change is shown"
tui_keys u
tui_wait "未撤销：丰杨村 O1.patrol 之后已在文件中被修改" "undo refuses to overwrite it"
check "the file keeps the other change" test "$(status_of "$f" O1.patrol)" = doing

# A hand edit in place (same folder, no rename) of the open unit.
sed -i 's/每月与村治保会联合巡查一次。/改成了手工编辑的备注/' "$f"
tui_wait "改成了手工编辑的备注" "a hand edit of the open file is shown"
tui_quit

# A unit broken before qtown starts is listed, read-only, with its error.
printf 'id: xicheng\nkind: village\nname: 西城村\nchecks:\n  O1.patrol:\n    status: maybe\n' >"$x"
tui_start --lang en -w "$ws"
tui_wait "file has errors" "a unit broken at start is listed with an error"
tui_keys /
tui_type xicheng
tui_keys Enter Enter
tui_wait "[read-only]" "and opens read-only"
expect_screen "xicheng.yaml:6:13: " "its error has FILE:LINE:COLUMN"
tui_quit
done_testing
