#!/usr/bin/env bash
# The overview screen (o) in a real terminal (tmux, 100x30): the figures of
# the fixture workspace (tests/data/report-ws/README.md), drilling down
# target -> its units -> a unit's checklist and back, a change made there
# reaching the overview, the parts (Tab), monochrome, a larger terminal.
. "$(dirname "$0")/lib-tui.sh"

ws="$TEST_TMP/fixture"
cp -r "$SRCDIR/tests/data/report-ws" "$ws"

# ---- the page ------------------------------------------------------------
tui_start -w "$ws" --lang en
tui_wait "Enterprises" "the unit list first"
tui_keys o
tui_wait "Town 67.5 (C)" "the title gives the town's score and grade"
tui_wait "Targets 7 met, 2 not, 4 unknown" "and the targets met, not met, not known"
tui_wait "Town targets" "the targets come first"
tui_wait "[x] met       O1  ISO rate" "a target met"
tui_wait "75% (3/4)" "its figure"
tui_wait "[!] not met   O1  ISO rate, not small" "a target not met"
tui_wait "[?] not known O2  Brands of large enterprises" "a target not known"
tui_wait "[?] not known: no unit in the filter" "and why"
tui_wait "66.6% (2/3)" "a rate is cut, never rounded up"
check "the widest line fits in 100 columns" test "$(max_columns)" -le 100

tui_keys Tab
tui_wait "Objectives and measures" "Tab: the next part"
check "which starts at the top of the page" test "$(screen_line_of "Objectives and measures")" = 1
tui_wait "O3  Village upkeep" "each objective and measure"
tui_wait "[#############====...]     4/6     67% 1 failed" "with its bar, done of applicable, failures"
tui_keys Tab
tui_wait "Ranking of villages"
tui_wait "鞍山村" "the best village first"
tui_wait "100.0  A" "with its score and grade"
tui_keys Tab Tab
tui_wait "Units that lag (grade D)"
tui_keys Tab
tui_wait "Failed checks (3)"
tui_wait "德尔塔建材有限公司" "a unit with a failed check"
tui_wait '=HYPERLINK("http://evil.example/"' "its note's first line, as text"
tui_keys Tab
tui_wait "Evidence and visits (0 expired, 0 expiring, 10 not visited)" "the ledger's part"
tui_keys Tab
tui_wait "Units by objective and measure"
tui_wait "O1   O2   O3   M1   M2" "the matrix's columns: the objectives and measures"
tui_keys "["
tui_wait "Evidence and visits" "[: the previous part"
tui_keys Tab Tab
tui_wait "Town targets" "Tab after the last part comes back to the first"

# ---- drilling down: target -> units -> checklist, and back ----------------
tui_keys /
tui_type "Village letters"
tui_keys Enter
tui_wait "Village letters" "search finds a target"
tui_keys Enter
tui_wait "Overview > Village letters" "Enter opens the target's units"
tui_wait "[!] not met   actual: 66.6% (2/3)   target: >= 100%"
tui_wait "misses    东坡村" "the unit that misses comes first"
tui_wait "n/a       陈家村" "the unit where it does not apply is listed as n/a"
tui_keys Enter
tui_wait "东坡村 (dongpo)" "Enter opens the unit's checklist"
tui_keys /
tui_type "Responsibility letter"
tui_keys Enter d
tui_wait "[x] Responsibility letter signed" "marking the check done there"
check "is saved in the unit's file" test "$(status_of "$ws/villages/dongpo.yaml" M1.letter)" = done
tui_keys Escape Escape
tui_wait "Visit to 东坡村 today, note:" "leaving the changed unit offers the visit"
tui_wait "checks: M1.letter" "with the check just changed"
tui_keys Escape
tui_wait "Overview > Village letters" "Esc (after ending the search, skipping the visit): back to the target's units"
tui_wait "meets     东坡村" "which follow the change"
tui_keys Escape
tui_wait "Town 77.5 (C)" "Esc: back to the overview, whose score follows (measures 4/4: 37.5 + 40)"
tui_wait "[x] met       M1  Village letters" "the target is met now"
tui_wait "100% (3/3)"
tui_wait "Targets 8 met, 1 not, 4 unknown"

# ---- an objective drills down to its units --------------------------------
tui_keys Tab Down Down
tui_wait "O3  Village upkeep"
tui_keys Enter
tui_wait "Overview > O3 Village upkeep" "an objective opens its units"
tui_wait "陈家村" "the least advanced village first"
check "陈家村 is listed before 鞍山村" test "$(screen_line_of 陈家村)" -lt "$(screen_line_of 鞍山村)"
tui_keys Escape o
tui_wait "Enterprises" "o on the overview goes back to the unit list"
tui_quit

# ---- monochrome -----------------------------------------------------------
rm -rf "$ws"
cp -r "$SRCDIR/tests/data/report-ws" "$ws"
tui_start --env NO_COLOR=1 -w "$ws" --lang zh
tui_keys o
tui_wait "全镇 67.5 分（C级）" "the overview in Chinese"
expect_no_screen "落后单位（D级）" "at 100x30 the lagging units are further down"
tui_wait "[!] 未达标" "the marks read without colour"
tui_screen_escapes
check "no colour is sent with NO_COLOR" \
    test -z "$(grep -E $'\e\\[[0-9;]*(3[0-7]|38;|4[0-7]|48;)[0-9;]*m' <<<"$SCREEN")"
check "but the cursor line is in reverse video" grep -q $'\e\\[7m' <<<"$SCREEN"

# ---- a larger terminal ----------------------------------------------------
tui_resize 160x45
tui_wait "落后单位（D级）" "at 160x45 more of the page shows"
check "the figures stay within 120 columns" test "$(max_columns 1)" -le 120
tui_quit

done_testing
