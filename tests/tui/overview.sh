#!/usr/bin/env bash
# The overview screen (o) in a real terminal (tmux, 100x30): the figures of
# the fixture workspace (tests/data/report-ws/README.md), drilling down
# target -> its units -> a unit's checklist and back, a change made there
# reaching the overview, the parts (Tab), monochrome, a larger terminal.
#
# The small tmux driver below waits on the screen's content and on qtown's
# idle marker (QTOWN_TEST_IDLE_FILE), never on a bare sleep.  When the
# screens issue's tests/tui/lib-tui.sh reaches main, this test should use
# it instead.
. "$(dirname "$0")/../lib.sh"

command -v tmux >/dev/null || { echo "1..0 # SKIP tmux is not installed"; exit 77; }

SOCK="qtown-ov-$$-$RANDOM"
IDLE="$TEST_TMP/idle"
DONE="$TEST_TMP/exit-status"
SCREEN=""
_tm() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap '_tm kill-server 2>/dev/null; rm -rf "$TEST_TMP"' EXIT

_ms() { echo $(($(date +%s%N) / 1000000)); }
_frames() { cat "$IDLE" 2>/dev/null || echo 0; }

# Waits until qtown has drawn a frame after frame number $1, input drained.
_drawn_after() {
    local end=$(($(_ms) + 15000))
    while [ "$(_frames)" -le "$1" ] && [ "$(_ms)" -lt "$end" ] && [ ! -e "$DONE" ]; do
        sleep 0.02
    done
}

# start [--env VAR=VALUE]... ARGS...: qtown in a fresh 100x30 tmux.
start() {
    local envs=() q cmd
    while [ "$1" = --env ]; do envs+=("$2"); shift 2; done
    rm -f "$IDLE" "$DONE"
    cmd="env TERM=tmux-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=$TZ HOME=$HOME USER=$USER"
    cmd+=" XDG_DATA_HOME=$XDG_DATA_HOME QTOWN_NOW=$QTOWN_NOW QTOWN_TEST_IDLE_FILE=$IDLE"
    for q in "${envs[@]}" "$QTOWN" "$@"; do cmd+=" $(printf '%q' "$q")"; done
    cmd+="; echo \$? >$(printf '%q' "$DONE")"
    _tm new-session -d -x 100 -y 30 "$cmd"
    _tm set-option -g status off >/dev/null
    _drawn_after 0
}

# keys KEY...: tmux key names, one at a time, each drawn before the next.
keys() {
    local k n
    for k in "$@"; do
        n=$(_frames)
        _tm send-keys "$k"
        _drawn_after "$n"
    done
}

# type TEXT: literal text.
type_text() {
    local n
    n=$(_frames)
    _tm send-keys -l -- "$1"
    _drawn_after "$n"
}

_show() { not_ok "$1" "the screen:" "${@:2}"; }

# see TEXT [NAME]: passes when TEXT is on the screen (waits for it).
see() {
    local end=$(($(_ms) + 15000))
    while :; do
        SCREEN=$(_tm capture-pane -p 2>/dev/null)
        if grep -qF -- "$1" <<<"$SCREEN"; then ok "${2:-screen shows '$1'}"; return 0; fi
        if [ "$(_ms)" -gt "$end" ]; then
            mapfile -t lines <<<"$SCREEN"
            _show "${2:-screen shows '$1'}" "${lines[@]}"
            return 1
        fi
        sleep 0.02
    done
}

# not_see TEXT [NAME]: the screen as drawn now lacks TEXT.
not_see() {
    SCREEN=$(_tm capture-pane -p 2>/dev/null)
    if ! grep -qF -- "$1" <<<"$SCREEN"; then ok "${2:-screen lacks '$1'}"; else
        mapfile -t lines <<<"$SCREEN"
        _show "${2:-screen lacks '$1'}" "${lines[@]}"
    fi
}

# line_of TEXT: the screen line holding TEXT (0-based), or -1.
line_of() {
    SCREEN=$(_tm capture-pane -p 2>/dev/null)
    awk -v t="$1" 'index($0, t) { print NR - 1; found = 1; exit } END { if (!found) print -1 }' \
        <<<"$SCREEN"
}

quit() {
    keys q
    local end=$(($(_ms) + 15000))
    while [ ! -e "$DONE" ] && [ "$(_ms)" -lt "$end" ]; do sleep 0.02; done
    check "qtown quits with status 0" test "$(cat "$DONE" 2>/dev/null)" = 0
    _tm kill-server 2>/dev/null
}

ws="$TEST_TMP/fixture"
cp -r "$SRCDIR/tests/data/report-ws" "$ws"

# ---- the page ------------------------------------------------------------
start -w "$ws" --lang en
see "Enterprises" "the unit list first"
keys o
see "Town 67.5 (C)" "the title gives the town's score and grade"
see "Targets 7 met, 2 not, 4 unknown" "and the targets met, not met, not known"
see "Town targets" "the targets come first"
see "[x] met       O1  ISO rate" "a target met"
see "75% (3/4)" "its figure"
see "[!] not met   O1  ISO rate, not small" "a target not met"
see "[?] not known O2  Brands of large enterprises" "a target not known"
see "[?] not known: no unit in the filter" "and why"
see "66.6% (2/3)" "a rate is cut, never rounded up"
check "the widest line fits in 100 columns" python3 -c '
import sys, unicodedata
w = lambda l: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
sys.exit(max(w(l) for l in sys.stdin.read().split("\n")) > 100)' <<<"$SCREEN"

keys Tab
see "Objectives and measures" "Tab: the next part"
check "which starts at the top of the page" test "$(line_of "Objectives and measures")" = 1
see "O3  Village upkeep" "each objective and measure"
see "[#############====...]     4/6     67% 1 failed" "with its bar, done of applicable, failures"
keys Tab
see "Ranking of villages"
see "鞍山村" "the best village first"
see "100.0  A" "with its score and grade"
keys Tab Tab
see "Units that lag (grade D)"
keys Tab
see "Failed checks (3)"
see "德尔塔建材有限公司" "a unit with a failed check"
see '=HYPERLINK("http://evil.example/"' "its note's first line, as text"
keys Tab
see "Units by objective and measure"
see "O1   O2   O3   M1   M2" "the matrix's columns: the objectives and measures"
keys "["
see "Failed checks (3)" "[: the previous part"
keys Tab Tab
see "Town targets" "Tab after the last part comes back to the first"

# ---- drilling down: target -> units -> checklist, and back ----------------
keys / 
type_text "Village letters"
keys Enter
see "Village letters" "search finds a target"
keys Enter
see "Overview > Village letters" "Enter opens the target's units"
see "[!] not met   actual: 66.6% (2/3)   target: >= 100%"
see "misses    东坡村" "the unit that misses comes first"
see "n/a       陈家村" "the unit where it does not apply is listed as n/a"
keys Enter
see "东坡村 (dongpo)" "Enter opens the unit's checklist"
keys / 
type_text "Responsibility letter"
keys Enter d
see "[x] Responsibility letter signed" "marking the check done there"
check "is saved in the unit's file" grep -A1 "  M1.letter:" "$ws/villages/dongpo.yaml" | grep -q "status: done"
keys Escape Escape
see "Overview > Village letters" "Esc (after ending the search): back to the target's units"
see "meets     东坡村" "which follow the change"
keys Escape
see "Town 77.5 (C)" "Esc: back to the overview, whose score follows (measures 4/4: 37.5 + 40)"
see "[x] met       M1  Village letters" "the target is met now"
see "100% (3/3)"
see "Targets 8 met, 1 not, 4 unknown"

# ---- an objective drills down to its units --------------------------------
keys Tab Down Down
see "O3  Village upkeep"
keys Enter
see "Overview > O3 Village upkeep" "an objective opens its units"
see "陈家村" "the least advanced village first"
check "陈家村 is listed before 鞍山村" test "$(line_of 陈家村)" -lt "$(line_of 鞍山村)"
keys Escape o
see "Enterprises" "o on the overview goes back to the unit list"
quit

# ---- monochrome -----------------------------------------------------------
rm -rf "$ws"
cp -r "$SRCDIR/tests/data/report-ws" "$ws"
start --env NO_COLOR=1 -w "$ws" --lang zh
keys o
see "全镇 67.5 分（C级）" "the overview in Chinese"
not_see "落后单位（D级）" "at 100x30 the lagging units are further down"
see "[!] 未达标" "the marks read without colour"
check "no colour is sent with NO_COLOR" test -z "$(_tm capture-pane -p -e | grep -E $'\e\\[[0-9;]*(3[0-7]|38;|4[0-7]|48;)[0-9;]*m')"
check "but the cursor line is in reverse video" grep -q $'\e\\[7m' <(_tm capture-pane -p -e)

# ---- a larger terminal ----------------------------------------------------
n=$(_frames)
_tm resize-window -x 160 -y 45
_drawn_after "$n"
see "落后单位（D级）" "at 160x45 more of the page shows"
check "the figures stay within 120 columns" python3 -c '
import sys, unicodedata
w = lambda l: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l.rstrip())
lines = sys.stdin.read().split("\n")[1:-1]
sys.exit(max(w(l) for l in lines) > 120)' <<<"$(_tm capture-pane -p)"
quit

done_testing
