#!/usr/bin/env bash
# The overview's changes since the last meeting, headless: the list holds
# references to history entries (unit, entry, time) and a row reads its
# unit when it is drawn.  A unit file changed between the overview's build
# and the drawing of its rows: history lines removed, the file broken, the
# file removed -- its rows say so, never a crash and never another entry
# shown as if it were the one listed; a change that only adds history
# (another laptop's save) leaves the rows as they were.
. "$(dirname "$0")/../lib.sh"

GONE="(the unit's file changed after this list was made)"
# the demo's village 士桥村 (villages/shiqiao.yaml) made the first four
# changes since the last meeting (2016-10-14)
FIRST="2016-10-17 士桥村                   M4.licensed              todo -> done (by 钱志锋)"

# changed WORKSPACE CHANGE: opens the overview; once it is built (the
# script touches $TEST_TMP/built, then waits for $TEST_TMP/changed), CHANGE
# is run on shiqiao.yaml; then the since part is drawn (six Tabs: the
# targets, items, villages, enterprises, lagging and failures before it;
# the demo has no rectifications), a row opened and drawn again.
changed() {
    local ws=$1 change=$2
    rm -f "$TEST_TMP/built" "$TEST_TMP/changed" "$TEST_TMP/screens"
    printf 'o<touch %s><wait %s><Tab><Tab><Tab><Tab><Tab><Tab><dump><Enter><dump><Esc><dump>' \
        "$TEST_TMP/built" "$TEST_TMP/changed" >"$TEST_TMP/keys"
    COLUMNS=100 LINES=30 TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" \
        QTOWN_TEST_SCREEN="$TEST_TMP/screens" "$QTOWN" -w "$ws" --lang en \
        >"$TEST_TMP/.out" 2>"$TEST_TMP/.err" &
    local pid=$! i=0
    while [ ! -e "$TEST_TMP/built" ] && [ $((i += 1)) -le 1000 ]; do sleep 0.01; done
    "$change" "$ws/villages/shiqiao.yaml"
    touch "$TEST_TMP/changed"
    wait "$pid"
    STATUS=$?
    OUT=$(cat "$TEST_TMP/screens" 2>/dev/null)
    ERR=$(cat "$TEST_TMP/.err")
}

# the first screen dumped (the since part)
first_screen() {
    awk 'BEGIN{RS="<<<end of screen>>>\n"} NR==1' "$TEST_TMP/screens"
}

unchanged() { :; }
# the four oldest history lines removed: every entry moves up by four
drop_old_history() { python3 - "$1" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
start = lines.index("history:") + 1
del lines[start:start + 4]
open(p, "w", encoding="utf-8").write("\n".join(lines))
PY
}
break_file() { printf 'id: shiqiao\nchecks: [\n' >"$1"; }
remove_file() { rm -f "$1"; }
# another laptop's change: a line added at the end of the history
add_history() {
    printf '%s\n' "- {at: '2016-10-20T10:00:00+08:00', by: 周晓燕, check: M1.work-plan, from: todo, to: done}" >>"$1"
}

ws=$(new_workspace --demo)
changed "$ws" unchanged
expect_status 0 "the overview with nothing changed"
check "the since part is drawn from the references" grep -qF -- "$FIRST" <(first_screen)
check "no row says its file changed" bash -c '! grep -qF -- "$1" "$2"' _ "$GONE" "$TEST_TMP/screens"

for change in drop_old_history break_file remove_file; do
    ws=$(new_workspace --demo)
    changed "$ws" "$change"
    expect_status 0 "$change: no crash"
    # (by its name, or by its id when the file no longer gives one)
    check "$change: the unit's rows say its file changed" \
        test "$(first_screen | grep -cE -- "^ {12}(士桥村|shiqiao) +\\(the unit's file changed")" -eq 4
    check "$change: no other entry shown in their place" bash -c '! grep -q "^ 2016-10-17 士桥村" <(awk '"'"'BEGIN{RS="<<<end of screen>>>\n"} NR==1'"'"' "$1")' _ "$TEST_TMP/screens"
    check "$change: the other units' rows are drawn" \
        grep -qF -- " 2016-10-19 西城村                   M1.work-plan             todo -> done (by 钱志锋)" <(first_screen)
    check "$change: the row opens its unit, and the overview draws again" \
        test "$(grep -c "<<<end of screen>>>" "$TEST_TMP/screens")" -eq 3
done

ws=$(new_workspace --demo)
changed "$ws" add_history
expect_status 0 "history added behind the overview's back"
check "the rows still show the entries listed" grep -qF -- "$FIRST" <(first_screen)
check "... and none says its file changed" bash -c '! grep -qF -- "$1" "$2"' _ "$GONE" "$TEST_TMP/screens"

done_testing
