#!/usr/bin/env bash
# The work a keystroke does, headless (QTOWN_TEST_STATS: the CPU time spent
# between reading a key and the frame being drawn), compared as a ratio
# between two runs of the same build, so that the machine's speed and the
# sanitizers cancel out: what must not grow faster than the data does not.
. "$(dirname "$0")/../lib.sh"

# cpu_of WORKSPACE KEYS: the median CPU time (ns) of the keys, over 3 runs.
cpu_of() {
    local ws=$1 keys=$TEST_TMP/keys r
    printf '%s' "$2" >"$keys"
    for r in 1 2 3; do
        COLUMNS=100 LINES=30 TERM=xterm QTOWN_TEST_KEYS="$keys" QTOWN_TEST_STATS="$TEST_TMP/stats" \
            "$QTOWN" -w "$ws" >/dev/null 2>&1 || { echo 0; return; }
        awk '$1 == "keys" { print $4 }' "$TEST_TMP/stats"
    done | sort -n | sed -n 2p
}

# note_ws LINES: a demo workspace whose town has a note of LINES lines on
# its first check (the one under the cursor after <Enter>j).
note_ws() {
    local ws note
    ws=$(new_workspace --demo)
    note=$(python3 -c 'import sys; print("".join("第%05d行 a line of a long note\n" % i for i in range(int(sys.argv[1]))), end="")' "$1")
    qtown -w "$ws" set town O1.town-pass-rate doing --note "$note" >/dev/null
    echo "$ws"
}

# ratio_below MAX NAME BIG SMALL: a test that BIG / SMALL < MAX.
ratio_below() {
    local max=$1 name=$2 big=$3 small=$4
    if [ "$small" -gt 0 ] && [ $((big)) -lt $((small * max)) ]; then
        ok "$name ($big ns / $small ns)"
    else
        not_ok "$name" "$big ns against $small ns: more than ${max}x"
    fi
}

# Opening a note of 62 KB to type in it is linear in its length: 4 times
# the note costs at most 8 times as much (a quadratic copy costs 16).
big=$(note_ws 1850)
small=$(note_ws 462)
ratio_below 8 "e on a note 4 times as long costs less than 8 times as much" \
    "$(cpu_of "$big" '<Enter>je<Esc>')" "$(cpu_of "$small" '<Enter>je<Esc>')"

# The byte count behind that: a note stops at UNIT_MAX_NOTE (65536 bytes)
# while typing, and deleting makes room again.  The note: 65534 bytes.
limit=$(new_workspace --demo)
qtown -w "$limit" set town O1.town-pass-rate doing \
    --note "$(python3 -c 'print("x" * 99 + "\n", end="") ; print(("y" * 99 + "\n") * 654, end=""); print("z" * 34, end="")')" >/dev/null
note_now() { "$UNITDUMP" "$limit" | awk -F'\t' '$1 == "state" && $2 == "town" && $3 == "O1.town-pass-rate" { print $6 }'; }
check "the note starts at 65534 bytes" test "$(note_now | sed 's/\\n/n/g' | tr -d '\n' | wc -c)" -eq 65534
printf '<Enter>je中abc<Enter>' >"$TEST_TMP/keys"
COLUMNS=100 LINES=30 TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" "$QTOWN" -w "$limit" >/dev/null 2>&1
check "typing stops at 65536 bytes: 中 (3 bytes) and c refused, ab taken" \
    grep -q 'zzab$' <(note_now)
printf '<Enter>je<BS><BS><BS>中<Enter>' >"$TEST_TMP/keys"
COLUMNS=100 LINES=30 TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" "$QTOWN" -w "$limit" >/dev/null 2>&1
check "deleting 3 bytes makes room for 中" grep -q 'zzzzzzz中$' <(note_now)

# Scrolling the detail pane (Tab, then j) redraws it from what was built
# for the check, not from the unit's history and a 62 KB note wrapped
# again for every frame: as cheap as on the demo's short note, within 3x
# (it was 9x).  1,000 moves, so that the one parse of the long note when
# the checklist opens weighs little (over 300 moves it made the ratio 1.8
# on an idle machine, and over 3 once under load).
scroll='<Enter>j<Tab>'$(printf 'j%.0s' $(seq 1000))
ratio_below 3 "scrolling the detail of a 62 KB note costs about what a short one does" \
    "$(cpu_of "$big" "$scroll")" "$(cpu_of "$(new_workspace --demo)" "$scroll")"

# shim_run WORKSPACE KEYS: qtown on the keys with the fault shim
# (tests/faults/faultshim.c) counting its calls; ACCESS and STAT: how many
# times it called access() and stat().  (The read-only marks themselves are tested as a user
# permissions apply to, in tests/robust/faults.py.)
shim_run() {
    printf '%s' "$2" >"$TEST_TMP/keys"
    rm -f "$TEST_TMP/counts"
    COLUMNS=100 LINES=30 TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" LD_PRELOAD="$FAULTSHIM" \
        QTOWN_FAULT_COUNT="$TEST_TMP/counts" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        "$QTOWN" -w "$1" >/dev/null 2>&1
    # qtown's counts are the last written (its children's come first)
    ACCESS=$(awk '$1 == "access" { n = $2 } END { print n }' "$TEST_TMP/counts")
    STAT=$(awk '$1 == "stat" { n = $2 } END { print n }' "$TEST_TMP/counts")
}

# Whether the workspace and the open unit can be written is asked when
# the screen opens and after a save, not for every frame (it was 3
# fs_can_replace, lstat and access, per frame).
demo=$(new_workspace --demo)
moves=$(printf 'j%.0s' $(seq 200))
shim_run "$demo" 'jj'
few=$ACCESS
shim_run "$demo" "jj$moves"
check "200 more moves in the unit list ask no more ($few, then $ACCESS access calls)" \
    test "$ACCESS" -eq "$few"
shim_run "$demo" '<Enter>jj'
few=$ACCESS
shim_run "$demo" "<Enter>jj$moves"
check "nor 200 more moves in a checklist ($few, then $ACCESS)" test "$ACCESS" -eq "$few"

# A change reads the unit's file again if it changed (one stat) once, in
# change_apply: a status key as often as an undo or a redo (it was twice),
# Space as d and t; a note from $EDITOR as one typed in place: once to
# show it, once to save it (it was three times).
rep() { printf "$1%.0s" $(seq "$2"); }
ws=$(new_workspace --demo)
shim_run "$ws" "<Enter>jdt$(rep dt 20)"
status_keys=$STAT
shim_run "$ws" "<Enter>jdt$(rep 'u<C-r>' 20)"
check "20 d and t read as much as 20 undo and redo ($status_keys, $STAT stat calls)" \
    test "$status_keys" -eq "$STAT"
shim_run "$ws" "<Enter>jdt$(rep ' ' 40)"
check "40 Space as much as 20 d and t ($STAT, $status_keys)" test "$STAT" -eq "$status_keys"
editor=$TEST_TMP/editor.sh
printf '#!/bin/sh\necho "note $$" >"$1"\n' >"$editor"
chmod +x "$editor"
EDITOR=$editor shim_run "$ws" "<Enter>j$(rep E 10)"
in_editor=$STAT
EDITOR=$editor shim_run "$ws" "<Enter>j$(rep 'ex<Enter>' 10)"
check "10 notes from \$EDITOR as much as 10 typed in place ($in_editor, $STAT)" \
    test "$in_editor" -eq "$STAT"

done_testing
