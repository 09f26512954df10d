#!/usr/bin/env bash
# The overview screen headless (QTOWN_TEST_KEYS: keys from a script, the
# screen dumped as text): every part and key at the sizes a meeting room
# may have, down to the minimum 40x12, on the fixture and on the demo.
. "$(dirname "$0")/../lib.sh"

ws="$TEST_TMP/fixture"
cp -r "$SRCDIR/tests/data/report-ws" "$ws"
demo=$(new_workspace --demo)

# screens SIZE WORKSPACE LANG KEYS: runs qtown on the keys; the dumps
# (<dump> in KEYS) are in $TEST_TMP/screens, separated by "<<<end of screen>>>" lines.
screens() {
    printf '%s' "$4" >"$TEST_TMP/keys"
    rm -f "$TEST_TMP/screens"
    COLUMNS=${1%x*} LINES=${1#*x} TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" \
        QTOWN_TEST_SCREEN="$TEST_TMP/screens" "$QTOWN" -w "$2" --lang "$3" \
        >"$TEST_TMP/.out" 2>"$TEST_TMP/.err"
    STATUS=$?
    OUT=$(cat "$TEST_TMP/screens" 2>/dev/null)
    ERR=$(cat "$TEST_TMP/.err")
}

# fits COLS: no dumped line is wider than COLS display columns.
fits() {
    python3 -c '
import sys, unicodedata
w = lambda l: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
sys.exit(max(w(l) for l in open(sys.argv[2], encoding="utf-8").read().split("\n")) > int(sys.argv[1]))' \
        "$1" "$TEST_TMP/screens"
}

# Every part, one after the other, at the projector's size.
# (on the demo, the changes since its last meeting are a part of their own,
# and so are the evidence and visits: two Tabs more)
all_parts='o<dump><Tab><dump><Tab><dump><Tab><dump><Tab><dump><Tab><dump><Tab><dump><Tab><dump><Tab><dump>'
screens 100x30 "$ws" en "$all_parts"
expect_status 0 "the overview draws every part (100x30)"
for part in "Town targets" "Objectives and measures" "Ranking of villages" \
    "Ranking of enterprises" "Units that lag (grade D)" "Failed checks (3)" \
    "Evidence and visits" "Units by objective and measure"; do
    expect_out "$part"
done
check "every line fits in 100 columns" fits 100
expect_out "   1  鞍山村" "the ranking starts with the best village"
expect_out " 测试镇                                     33  100    -    -  100" "the town's row of the matrix"

screens 100x30 "$demo" zh "$all_parts"
expect_status 0 "the demo's overview in Chinese"
expect_out "嘉泽镇 2016  总览 (示例数据)   全镇 64.5 分（C级）" "the title: town, year, sample data, score"
expect_out "[!] 未达标 O1  行政村杜绝假冒伪劣"
expect_out "O1  产品质量与打假"
expect_out "落后单位（D级）"
expect_out "O1   O2   O3   O4   O5   O6   O7   M1   M2   M3   M4   M5   M6   M7   M8" \
    "the matrix has the 7 objectives and 8 measures"
check "every line fits in 100 columns" fits 100

# The smallest terminal qtown draws in, and a wide one.
screens 40x12 "$demo" zh "$all_parts<Down><Enter><dump><Esc><Tab><Enter><dump>"
expect_status 0 "40x12: the overview and its drill-downs draw"
check "every line fits in 40 columns" fits 40
screens 200x50 "$demo" en "$all_parts"
expect_status 0 "200x50"
check "the page keeps to 120 columns on a wide terminal" fits 120

# Keys: [ goes back a part, G to the end, g to the start, PgDn, search.
screens 100x30 "$ws" en 'o<Tab><Tab>[<dump>G<dump>g<dump><PgDn><PgDn><dump>'
expect_status 0 "moving around"
check "[ goes back to the objectives" grep -q "^Objectives and measures" <(awk 'BEGIN{RS="<<<end of screen>>>\n"} NR==1' "$TEST_TMP/screens")
check "G ends on the matrix" grep -q "=SUM(A1)+<b>Zeta</b>" <(awk 'BEGIN{RS="<<<end of screen>>>\n"} NR==2' "$TEST_TMP/screens")
check "g comes back to the targets" grep -q "^Town targets" <(awk 'BEGIN{RS="<<<end of screen>>>\n"} NR==3' "$TEST_TMP/screens")

# Drill down from a target, a unit of the ranking, a failure, an objective.
screens 100x30 "$ws" en 'o/Enterprise participants<Enter><Enter><dump><Esc>/Brands of large<Enter><Enter><dump>'
expect_out "Overview > Enterprise participants"
expect_out "[?] not known   actual: -   target: >= 1 people   (no value entered)"
expect_out "no value  阿尔法机械有限公司" "units without a value are listed first"
expect_out "n/a       德尔塔建材有限公司"
expect_out "no unit in the filter" "a target with an empty filter says so"
screens 100x30 "$ws" en 'o<Tab><Tab><Down><Enter><dump>'
expect_out "白水村 (baishui)  village" "a unit of the ranking opens its checklist"
screens 100x30 "$ws" en 'o<Tab><Tab><Tab><Tab><Tab><Down><Enter><dump>'
expect_out "德尔塔建材有限公司 (delta)" "a failed check opens its unit's checklist"
check "with the cursor on the failed check (its detail shown)" \
    grep -q "=HYPERLINK" "$TEST_TMP/screens"
screens 100x30 "$ws" en 'o<Tab><Enter><dump>/bai<Enter><Enter><dump>'
expect_out "Overview > O1 Product quality"
expect_out "Improve product quality." "the objective's text from the plan"
screens 100x30 "$ws" en 'o<Tab><Down><Down><Enter><dump>'
expect_out "[####################=====.....]  4/6  67%  1 failed" "O3's progress"
expect_out "[======......]   0/2   陈家村" "the least advanced village first"

# o: from a checklist opened from the overview, back to the overview; on
# the overview, back to where it was opened.
screens 100x30 "$ws" en 'o<Tab><Tab><Enter>o<dump>o<dump>'
check "o from the checklist comes back to the overview" \
    grep -q "Overview" <(awk 'BEGIN{RS="<<<end of screen>>>\n"} NR==1' "$TEST_TMP/screens")
check "o on the overview leaves it" \
    grep -q "Enterprises (6)" <(awk 'BEGIN{RS="<<<end of screen>>>\n"} NR==2' "$TEST_TMP/screens")

# A unit file that does not load: left out, and the page says so first.
broken="$TEST_TMP/broken"
cp -r "$SRCDIR/tests/data/report-ws" "$broken"
printf 'id: dongpo\nkind: village\nname: [broken\n' >"$broken/villages/dongpo.yaml"
screens 100x30 "$broken" en 'o<dump>'
expect_status 0 "a broken unit file does not stop the overview"
check "which says first that it left one out" \
    grep -q "^1 unit files could not be read and are left out" <(sed -n 2p "$TEST_TMP/screens")

# A unit changed on disk while the overview is open (here by $EDITOR,
# run from the town's checklist) is read again when its checklist opens
# from the overview: the overview must not draw the old unit's freed
# failures (MALLOC_PERTURB_ fills freed memory; the note would be garbage).
touched=$(new_workspace --demo)
editor=$TEST_TMP/touch-editor.sh
printf '#!/bin/sh\necho "# touched" >>"%s/villages/fengyang.yaml"\n' "$touched" >"$editor"
chmod +x "$editor"
MALLOC_PERTURB_=165 EDITOR=$editor screens 100x30 "$touched" zh \
    '<Enter>jEo<Tab><Tab><Tab><Tab><Tab><Enter><dump><Esc><dump>'
expect_status 0 "the overview, a unit read again under it, and back"
check "the editor touched the unit's file" grep -q "^# touched" "$touched/villages/fengyang.yaml"
expect_out "丰杨村 (fengyang)  行政村" "the failure opened the unit's checklist"
check "back on the overview, the failure's note is the unit's, read again" \
    grep -q "丰杨村 .*无无证无照生产经营 .*发现一处无照塑料颗粒加工点" \
    <(awk 'BEGIN{RS="<<<end of screen>>>\n"} NR==2' "$TEST_TMP/screens")

# Help lists the overview's keys (below the checklist's: 60 rows show them).
screens 100x60 "$ws" en 'o?<dump>'
expect_out "Overview for meetings (again: back)"
expect_out "Tab ]"

done_testing
