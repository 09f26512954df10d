#!/usr/bin/env bash
# Search with n/N in the unit list and in a checklist (titles, ids, notes);
# while a search is active n is "next match", not "n/a"; the help lists
# every key of the key table, in Chinese and in English.
. "$(dirname "$0")/lib-tui.sh"

# help_lists_every_action COLUMN NAME: the help screen holds the help text
# of every KEY of keys.def (column 1: English, 2: Chinese).
help_lists_every_action() {
    local text missing=()
    tui_screen
    while IFS= read -r text; do
        grep -qF -- "$text" <<<"$SCREEN" || missing+=("$text")
    done < <(sed -n 's/^KEY([A-Z_]*, S_[A-Z]*, "\([^"]*\)", "\([^"]*\)".*/\'"$1"'/p' \
        "$SRCDIR/src/tui/keys.def")
    check "$2 (${#missing[@]} missing: ${missing[*]})" test ${#missing[@]} -eq 0
}

ws=$(new_workspace --demo)
f=$ws/villages/fengyang.yaml
tui_start --size 100x90 -w "$ws"
tui_wait "嘉泽镇 2016" "the list is shown"

tui_keys /
tui_type "物流"
tui_keys Enter
tui_wait "/物流：第 1 个，共 1 个匹配" "/ searches unit names in Chinese"
tui_keys Enter
tui_wait "常州嘉泽物流有限公司 (jiaze-logistics)" "the match is selected: Enter opens it"
tui_keys Escape g /
tui_type "xia"
tui_keys Enter
tui_wait "/xia：第 1 个，共 3 个匹配" "search matches ids too"
tui_keys n
tui_wait "/xia：第 2 个，共 3 个匹配" "n goes to the next match"
tui_keys n n
tui_wait "/xia：第 1 个，共 3 个匹配" "and wraps around"
tui_keys N
tui_wait "/xia：第 3 个，共 3 个匹配" "N goes to the previous match"
tui_keys Escape
tui_wait "：按键帮助" "Esc ends the search"
tui_keys /
tui_type "no-such-unit"
tui_keys Enter
tui_wait "没有匹配 /no-such-unit 的内容" "no match is said"

tui_keys g j j Enter
tui_wait "丰杨村 (fengyang)" "a unit is opened"
before=$(snapshot "$ws")
tui_keys /
tui_type "计量"
tui_keys Enter
tui_wait "/计量：第 1 个，共 2 个匹配" "/ searches the checklist's titles"
tui_keys n
tui_wait "/计量：第 2 个，共 2 个匹配" "n moves to the next match"
check "n during a search marks nothing" test "$before" = "$(snapshot "$ws")"
tui_keys N
tui_wait "/计量：第 1 个，共 2 个匹配" "N moves back"
tui_keys N
tui_wait "/计量：第 2 个，共 2 个匹配" "N wraps around"
tui_keys Escape g /
tui_type "治保会"
tui_keys Enter
tui_wait "/治保会：第 1 个，共 1 个匹配" "search finds text in notes"
expect_screen "每月与村治保会联合巡查一次" "the check with that note is selected"
tui_keys /
tui_type "o1.PATROL"
tui_keys Enter
tui_wait "/o1.PATROL：第 1 个，共 1 个匹配" "ids match without regard to case"
tui_keys Escape n
tui_wait "O1.patrol：不适用" "after the search ends, n marks n/a again"
check "and that is saved" test "$(status_of "$f" O1.patrol)" = na

# The help: every help text of the key table, in Chinese.
tui_keys "?"
tui_wait "qtown  按键" "? opens the help"
help_lists_every_action 2 "every action of keys.def is in the help"
expect_screen "Ctrl-R" "keys are named as on the keyboard"
expect_screen "空格" "Space is named in Chinese"
expect_screen "搜索进行中" "the keys of an active search are a group of their own"
expect_screen "会议总览（再按一次：返回）" "o opens the overview, listed from the same table"
tui_keys Escape
tui_wait "丰杨村 (fengyang)" "Esc closes the help"
tui_quit

tui_start --size 120x90 --lang en -w "$ws"
tui_wait "Units (sample data)" "--lang en: the interface in English"
tui_keys "?"
tui_wait "qtown  Keys" "the help in English"
help_lists_every_action 1 "every action of keys.def is in the English help"
# the title line names who signs (a Chinese name is data, not the interface)
check "no Chinese in the English help" bash -c '! tail -n +2 <<<"$1" | grep -qP "\p{Han}"' _ "$SCREEN"
tui_quit
done_testing
