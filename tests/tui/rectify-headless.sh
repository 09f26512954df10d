#!/usr/bin/env bash
# Rectification on the screens, headless (keys from a script, the screen
# dumped as text): ordering one on a check (r: what, owner, due +5), the
# offer after x, the row and the detail pane, the rectification list (R:
# overdue first), the unit list's counts, a verification that marks the
# check done (y), hostile text inert, and the list at the smallest size.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace --demo)
export QTOWN_TODAY=2016-09-10 QTOWN_NOW=1473490000 # 2016-09-10T14:46:40+08:00
f=$ws/enterprises/jiasen-panel.yaml
late=$(qtown -w "$ws" rectify jiasen-panel M4.key-products --what "$(printf '复检\033[31m甲醛')" \
    --owner 质检科 --due 2016-09-01)
qtown -w "$ws" rectify jiaze-logistics O7.registered-inspected --what 叉车定期检验 --owner 设备科 \
    --due 2016-09-30 >/dev/null

# screens SIZE KEYS: runs qtown on the keys; the dumps in $OUT
screens() {
    printf '%s' "$2" >"$TEST_TMP/keys"
    rm -f "$TEST_TMP/screens"
    COLUMNS=${1%x*} LINES=${1#*x} TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" \
        QTOWN_TEST_SCREEN="$TEST_TMP/screens" "$QTOWN" -w "$ws" --lang en \
        >"$TEST_TMP/.out" 2>"$TEST_TMP/.err"
    STATUS=$?
    OUT=$(cat "$TEST_TMP/screens" 2>/dev/null)
    ERR=$(cat "$TEST_TMP/.err")
}

screens 100x30 "<dump>"
expect_status 0 "the unit list"
check "it counts each unit's open and overdue rectifications" \
    grep -qE "常州嘉森人造板有限公司 .* 1 !1" <<<"$OUT"

# x on a passed check: saved, the reason asked (Esc skips it), and the
# offer; r orders one (+5 days)
screens 100x30 "/嘉森<Enter><Enter>/Products passed the quality<Enter><Esc>x<Esc><dump>r更换胶黏剂供应商<Enter>生产部 王刚<Enter><BS><BS><BS>+5<Enter><dump>"
expect_status 0 "ordering a rectification on a check"
expect_out "r orders a rectification" "x offers it"
expect_out "ordered on O1.spot-check, due 2016-09-15" "the status line says it was saved"
expect_out "R 5 days left" "the check's row shows it"
expect_out "2016-09-15" "the detail pane shows its due date"
check "it is in the file, signed" grep -q "      what: 更换胶黏剂供应商" "$f"
check "with +5 days as a date" grep -q "      due: 2016-09-15" "$f"
id=$(grep -B1 "what: 更换胶黏剂供应商" "$f" | sed -n 's/.*id: //p')

# the list: overdue first, then by due date
screens 100x30 "R<dump>"
expect_status 0 "the rectification list"
check "overdue first" grep -qE "^ 9 days overdue +2016-09-01" <<<"$(sed -n 3p <<<"$OUT")"
check "then the one due first" grep -q "2016-09-15" <<<"$(sed -n 4p <<<"$OUT")"
check "no escape reaches the screen" test "$(grep -c $'\033' <<<"$OUT")" -eq 0
expect_out '复检\x' "the escape is shown as text"

# verified from the list (the second row), the check marked done too
# (120 columns: the title keeps its filter next to who signs and the sync state)
screens 120x30 "R<Down>v<dump><Enter><dump>f<dump>"
expect_status 0 "verification from the list"
expect_out "Mark O1.spot-check done too? (y/n)" "it offers to mark the check done"
check "the record is verified" grep -q "      verified_by: " "$f"
check "the check is done" test "$(grep -A1 '^  O1.spot-check:' "$f" | grep -c 'status: done')" -eq 1
check "the history says failed -> done" grep -q "check: O1.spot-check, from: failed, to: done}" "$f"
expect_out "Filter: overdue" "f shows the overdue ones"

# d and r on a record whose state refuses them say why and change nothing
screens 100x30 "Rff<Down>r<dump>"
expect_out "Not saved" "a step that makes no sense is refused on the screen"

# at the smallest size
screens 40x12 "R<dump>"
expect_status 0 "the list at 40x12"
check "no line wider than 40 columns" python3 -c '
import sys, unicodedata
w = lambda l: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
sys.exit(max(w(l) for l in open(sys.argv[1], encoding="utf-8").read().split("\n")) > 40)' \
    "$TEST_TMP/screens"

done_testing
