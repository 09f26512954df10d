#!/usr/bin/env bash
# The unit list's marks in a real terminal: m marks a unit, M every unit
# shown; a status key asks for the check, then a confirmation naming how
# many units it changes and how many do not carry the check; n cancels;
# the files say what the screen said; u undoes the whole change.
. "$(dirname "$0")/lib-tui.sh"

ws=$(new_workspace)
for u in "a1 甲厂 true" "a2 乙厂 true" "a3 丙店 false" "a4 丁厂 true"; do
    set -- $u
    "$QTOWN" -w "$ws" add enterprise "$1" "$2" --attr industrial="$3" >/dev/null
done
e=$ws/enterprises
sums() { (cd "$ws" && sha256sum enterprises/*.yaml town.yaml 2>/dev/null); }
original=$(sums)
sum_of() { sha256sum <"$e/$1.yaml"; }
a3=$(sum_of a3)
a4=$(sum_of a4)

tui_start -w "$ws" --lang en
tui_wait "Enterprises (4)" "the unit list opens"

tui_keys d
tui_wait "Mark units first: m marks the unit, M every unit shown" "a status key with nothing marked says how to mark"

tui_keys /
tui_type 甲厂
tui_keys Enter Escape m m m
tui_wait "3 marked" "m marks the unit and moves on: three marked"
check "the marked rows carry a star" test "$(grep -c '^\* ' <<<"$SCREEN")" -eq 3

tui_keys x
tui_wait "Check to mark failed in the 3 marked units:" "x asks which check"
tui_type O1.spot-check
tui_keys Enter
tui_wait "2 units: mark O1.spot-check failed? (y/n; 1 marked do not carry it)" \
    "the confirmation names how many units it changes"
tui_type n
tui_keys Enter
tui_wait "Nothing changed" "n cancels"
check "the files are as they were" test "$original" = "$(sums)"

tui_keys d
tui_wait "Check to mark done in the 3 marked units:"
tui_type O1.nope
tui_keys Enter
tui_wait "No check 'O1.nope' in the plan" "an unknown check is refused"

tui_keys d
tui_type O1.spot-check
tui_keys Enter
tui_wait "2 units: mark O1.spot-check done? (y/n; 1 marked do not carry it)"
tui_type y
tui_keys Enter
tui_wait "O1.spot-check done: 2 units changed, 0 already so, 1 do not carry it, 0 failed (u undoes it all)" \
    "the status line tells the tally"
check "a1 is done on disk" test "$(status_of "$e/a1.yaml" O1.spot-check)" = done
check "a2 is done on disk" test "$(status_of "$e/a2.yaml" O1.spot-check)" = done
check "a3, which does not carry it, is as it was" test "$a3" = "$(sum_of a3)"
check "a4, not marked, is as it was" test "$a4" = "$(sum_of a4)"
check "the change is in a1's history" grep -qF "check: O1.spot-check, from: todo, to: done}" "$e/a1.yaml"
expect_screen "1/51    2%" "the list shows the new progress"

# M marks every unit shown (the town too), again unmarks them all
tui_keys M
tui_wait "5 marked" "M marks every unit shown"
tui_keys M
tui_wait_gone "marked" "M again unmarks them"
tui_keys M
tui_keys x
tui_wait "Check to mark failed in the 5 marked units:"
tui_type O1.spot-check
tui_keys Enter
tui_wait "3 units: mark O1.spot-check failed? (y/n; 2 marked do not carry it)" \
    "the town and a3 do not carry it"
tui_type y
tui_keys Enter
tui_wait "O1.spot-check failed: 3 units changed, 0 already so, 2 do not carry it, 0 failed" \
    "three changed"
for u in a1 a2 a4; do
    check "$u is failed on disk" test "$(status_of "$e/$u.yaml" O1.spot-check)" = failed
done
check "a3 still as it was" test "$a3" = "$(sum_of a3)"

tui_keys u
tui_wait "Undone: O1.spot-check in 3 units (0 changed on disk since: left as they are)" \
    "u undoes the whole bulk change"
check "a1 is done again" test "$(status_of "$e/a1.yaml" O1.spot-check)" = done
check "a2 is done again" test "$(status_of "$e/a2.yaml" O1.spot-check)" = done
check "a4 is todo again" test "$(status_of "$e/a4.yaml" O1.spot-check)" = todo
tui_quit
run "$QTOWN" -w "$ws" check
expect_status 0 "qtown check is clean"
done_testing
