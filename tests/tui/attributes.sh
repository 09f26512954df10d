#!/usr/bin/env bash
# The checklist and a unit's attributes, headless (QTOWN_TEST_KEYS): the
# attributes on the tree's first row, `a` to change one from the plan's
# list, and a check that appears and disappears with it; `A` shows what
# does not apply, dimmed, with the reason; a missing attribute flagged.
. "$(dirname "$0")/../lib.sh"
export QTOWN_NOW=1764123300 TZ=Asia/Shanghai

ws=$(new_workspace --demo)
file=$ws/enterprises/huimin-supermarket.yaml

# screens KEYS: runs qtown on the keys at ${COLS:-100}x40, in English; the dumps
# (<dump> in KEYS) go to $TEST_TMP/screens, each ending in a marker line.
screens() {
    printf '%s' "$1" >"$TEST_TMP/keys"
    rm -f "$TEST_TMP/screens"
    COLUMNS=${COLS:-100} LINES=40 TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" \
        QTOWN_TEST_SCREEN="$TEST_TMP/screens" "$QTOWN" -w "$ws" --lang en >"$TEST_TMP/.out" \
        2>"$TEST_TMP/.err"
    STATUS=$?
    ERR=$(cat "$TEST_TMP/.err")
}
# frame N: the Nth dump (1-based).
frame() { awk -v n="$1" '/^<<<end of screen>>>$/ { i++; next } i == n - 1' "$TEST_TMP/screens"; }
has() { grep -qF -- "$2" <<<"$(frame "$1")"; }

c_mark='Prepackaged goods meet the "C" mark'
open_shop='/huimin<Enter><Esc><Enter>'
# prepackaged is the 9th attribute of an enterprise in the default plan:
# false now; Up moves to true in the value list
to_prepackaged='a<Down><Down><Down><Down><Down><Down><Down><Down>'
screens "$open_shop<dump>$to_prepackaged<dump><Enter><dump><Up><Enter><dump>${to_prepackaged}<Enter><Down><Enter><dump>"
expect_status 0 "qtown runs the script"
OUT=$(frame 1)
expect_out "Attributes: annual_sales_wan: 2300" "the attributes on the tree's first row"
check "the supermarket does not carry the C mark" test -z "$(grep -F "$c_mark" <<<"$OUT")"
OUT=$(frame 2)
expect_out "Attribute of 常州嘉泽惠民超市有限公司 to change" "a lists the attributes"
expect_out "Producer of prepackaged goods (prepackaged): false"
OUT=$(frame 3)
expect_out "Producer of prepackaged goods: choose a value" "then the plan's values"
expect_out "(not set)"
OUT=$(frame 4)
expect_out "Saved: 常州嘉泽惠民超市有限公司 prepackaged = true"
expect_out "$c_mark" "the C mark appears when the supermarket packs goods"
check "saved, in the unit's history" grep -qF "key: prepackaged, old: \"false\", new: \"true\", event: attribute}" "$file"
OUT=$(frame 5)
expect_out "prepackaged = false"
check "and disappears when it does not any more" test -z "$(grep -F "$c_mark" <<<"$OUT")"
check "the file says so" grep -qx "  prepackaged: false" "$file"

# A shows what does not apply, dimmed, with the reason in the detail pane;
# a change to it is refused
screens "$open_shop<dump>A<dump>A<dump>/ISO 10012<Enter><Esc><dump>d<dump>"
iso="Measurement management system to ISO 1001"
check "hidden at first" test -z "$(frame 1 | grep -F "$iso")"
check "A shows it" has 2 "$iso"
check "A again hides it" test -z "$(frame 3 | grep -F "$iso")"
OUT=$(frame 4)
expect_out "Measurement management system to ISO 10012" "a search finds it and shows it"
expect_out "does not apply: size = large" "the detail says why"
OUT=$(frame 5)
expect_out "This check does not apply to this unit (size = large)" "marking it is refused"
check "nothing saved" test -z "$(grep -F O4.iso10012 "$file")"

# a missing attribute: flagged in the header and on the row
"$QTOWN" -w "$ws" edit huimin-supermarket --unset industrial >/dev/null
COLS=140 screens "$open_shop<dump>"
OUT=$(frame 1)
expect_out "(huimin-supermarket) [attribute missing]" "the header flags a missing attribute"
expect_out "Attributes: [attribute missing: industrial]" "the attributes row names it"
check "a check it needs is carried, marked ?" grep -qE '\[ \] Products passed the quality spot check +\?' <<<"$OUT"
done_testing
