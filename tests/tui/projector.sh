#!/usr/bin/env bash
# The screens on a meeting room's projector (tmux, capture-pane): at
# 80x24, 100x30 and 160x45, in Chinese and in English, the overview's top
# line keeps the town's score, grade and targets met even with a long
# sync badge, and a checklist's keeps the unit's progress; the units x
# items matrix scrolls sideways with its item ids in view; a drill-down
# lands on the check behind the target; long names never read the same
# (the two 常州市武进区嘉泽镇... of the demo keep what tells them apart).
. "$(dirname "$0")/lib-tui.sh"

ws=$(new_workspace --demo)
# a change not synced yet: the long sync badge is on every top line
run qtown -w "$ws" set guanzhuang M2.brand-climate doing --by 钱志锋
expect_status 0 "a change to sync later"
run qtown -w "$ws" report --format csv --what scores --lang en
town=$(awk -F, '$1 == "town" { print $6 " " $7 }' <<<"$OUT")
score=${town% *} grade=${town#* }
met=$(qtown -w "$ws" report --lang en | sed -n 's/^Town targets: \([0-9]*\) met.*(of \([0-9]*\))$/\1 \2/p')
n_met=${met% *} n_targets=${met#* }
check "the figures to look for are known ($score $grade, $n_met of $n_targets)" \
    test -n "$score" -a -n "$grade" -a -n "$n_met" -a -n "$n_targets"

# top_line: the first line of the screen.
top_line() {
    tui_screen
    head -1 <<<"$SCREEN"
}

# has_all TEXT WORDS...: TEXT contains every word.
has_all() {
    local text=$1 w
    shift
    for w in "$@"; do grep -qF -- "$w" <<<"$text" || return 1; done
}

for size in 80x24 100x30 160x45; do
    for lang in zh en; do
        if [ $lang = zh ]; then
            want=("$score" "（${grade}级）" "达标 $n_met")
            sync_word="未同步"
        else
            want=("$score" "($grade)" "$n_met")
            sync_word="not synced"
        fi
        tui_start --size "$size" -w "$ws" --lang $lang
        tui_wait "$sync_word" "$size $lang: the sync state is read"
        tui_keys o
        tui_wait "$score" "$size $lang: the overview"
        line=$(top_line)
        check "$size $lang: the top line keeps the score, the grade and the targets met" \
            has_all "$line" "${want[@]}"
        check "$size $lang: the top line fits" test "$(max_columns)" -le "${size%x*}"
        if [ "$size" = 160x45 ]; then
            check "$size $lang: with room, the sync state is on it too" has_all "$line" "$sync_word"
        fi
        tui_keys o / 
        tui_type guanzhuang
        tui_keys Enter Escape Enter
        tui_wait "(guanzhuang)" "$size $lang: a checklist"
        line=$(top_line)
        check "$size $lang: its top line keeps the unit's progress" \
            grep -qE '[0-9]+/[0-9]+ [0-9]+%' <<<"$line"
        tui_quit
    done
done

# ---- the matrix scrolls sideways at 80 columns ----------------------------
tui_start --size 80x24 -w "$ws" --lang en
tui_keys o '['  # the matrix is the last part: back from the first
tui_wait "Units by objective and measure" "the matrix part"
tui_wait "O1   O2" "its item ids"
expect_no_screen "   M8" "at 80 columns not every column fits"
expect_screen ">" "a mark says more columns are to the right"
tui_keys Down Down
tui_keys Right
expect_screen "Units by objective and measure" "Right scrolls the matrix, it opens nothing"
expect_no_screen "   O1   O2" "the first column scrolled out"
tui_keys Right Right Right Right
tui_wait "   M8" "Right again: the last columns come into view"
expect_screen "<" "a mark says more columns are to the left"
tui_keys Right
expect_screen "   M8" "at the right edge Right does nothing"
expect_screen "Units by objective and measure" "and still opens nothing"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26; do tui_keys Down; done
tui_wait "西城商品" "down the matrix, to its last rows"
expect_no_screen "Units by objective and measure" "the part's title scrolled away"
check "the item ids stay in view above the rows" test "$(screen_line_of "   M8")" = 1
printf '%s\n' "$SCREEN" >"$TEST_TMP/matrix"
check "long names are shortened, and no two rows read the same" python3 - "$TEST_TMP/matrix" <<'PY'
import re, sys
rows = [l for l in open(sys.argv[1], encoding='utf-8').read().split('\n')[2:] if l.strip()][:-1]
names = [re.split(r'\s{2,}', l.strip())[0] for l in rows]
assert len(names) >= 20, names
assert any('...' in n for n in names), names
assert len(set(names)) == len(names), [n for n in names if names.count(n) > 1]
assert any('卫生院' in n for n in names) and any('农业' in n for n in names), names
PY
tui_keys Enter
tui_wait "(xicheng-concrete)" "Enter opens the unit's checklist"
tui_keys Escape
tui_keys Left Left Left
tui_wait "   O1   O2" "Left scrolls back"
expect_no_screen "Villages (8)" "to the first column, still on the overview"
tui_keys Left
tui_wait "Villages (8)" "Left at the left edge goes back"
tui_quit

# ---- a drill-down lands on the check behind the target ----------------------
tui_start --size 100x30 -w "$ws" --lang zh
tui_keys o /
tui_type "行政村签订目标责任书"
tui_keys Enter Escape Enter
tui_wait "总览 > 行政村签订目标责任书" "a target missed: its units"
tui_wait "未达到    西城村" "the village that misses it first"
tui_keys Enter
tui_wait "西城村 (xicheng)" "Enter opens its checklist"
tui_wait "M8.responsibility-letter" "on the check behind the target (its detail is shown)"
tui_keys Escape Escape Tab Down
tui_wait "O2  名牌战略" "an objective"
tui_keys Enter
tui_wait "总览 > O2 名牌战略" "its units"
tui_keys Enter
tui_wait "(chengzhang-building)" "the least advanced unit's checklist"
check "on the objective's first check not done (its detail is shown)" \
    grep -qE '^.*\| \[ \] 待办  O2\.brand-application' <<<"$(head -2 <<<"$SCREEN" | tail -1)"
tui_quit

done_testing
