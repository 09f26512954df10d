#!/usr/bin/env bash
# qtown meeting add / meetings: a work meeting in a new file of meetings/
# (its name the date and a hash), what its decisions name, the counted
# check M1.work-meetings, what the report says changed since, git keeping
# the folder, and every bad input refused with nothing written.
. "$(dirname "$0")/../lib.sh"

# the year of the demo: today 2016-11-29, the clock at 10:00 that day
export QTOWN_TODAY=2016-11-29 QTOWN_NOW=1480384800
ws=$(new_workspace --demo)
check "the demo has its three meetings" test "$(ls "$ws/meetings" | wc -l)" = 3
run qtown -w "$ws" show town
expect_out "M1.work-meetings  召开工作例会次数  [3 次]" "the town's meetings counted: 3"

# ---- adding one --------------------------------------------------------------
run qtown -w "$ws" meeting add --date 2016-11-28 --attendee 薛健峰 --attendee 钱志锋 \
    --decision "常州嘉森人造板有限公司复查 O1.spot-check，跃进村继续巡查。" \
    --decision "年底前完成考核准备" --by 钱志锋
expect_status 0 "meeting add"
expect_out "已记录 2016-11-28 的例会：meetings/2016-11-28-"
f=$(ls "$ws"/meetings/2016-11-28-*.yaml 2>/dev/null)
check "one new file, named by the date and six hex digits" \
    grep -qE '/2016-11-28-[0-9a-f]{6}\.yaml$' <<<"$f"
check "its content" python3 - "$f" <<'PY'
import sys
s = open(sys.argv[1], encoding='utf-8').read()
lines = s.split('\n')
assert lines[0] == 'date: 2016-11-28', lines[0]
assert '- 薛健峰\n- 钱志锋' in s
assert 'units: [jiasen-panel, yuejin]' in s, 'the units its text names'
assert 'checks: [O1.spot-check]' in s, 'the check its text names'
assert 'recorded: 2016-11-29T10:00:00+08:00' in s and 'by: 钱志锋' in s
assert 'figures:\n  score: 64.5\n  grade: C\n  targets_met: [' in s
PY
run qtown -w "$ws" show town
expect_out "[4 次]" "M1.work-meetings counts it"
run qtown -w "$ws" meetings
expect_status 0 "meetings"
expect_out "2016年11月28日  (meetings/2016-11-28-"
expect_out "出席：薛健峰、钱志锋"
expect_out "决定 1：常州嘉森人造板有限公司复查 O1.spot-check，跃进村继续巡查。"
expect_out "涉及：jiasen-panel yuejin O1.spot-check"
expect_out "2016 年共召开例会 4 次"
check "oldest first" test "$(grep -n '2016年4月12日' <<<"$OUT" | head -1 | cut -d: -f1)" -lt \
    "$(grep -n '2016年11月28日' <<<"$OUT" | head -1 | cut -d: -f1)"
run qtown -w "$ws" meetings --lang en
expect_out "28 November 2016" "dates in English"
expect_out "4 meetings in 2016"

# the same meeting recorded again a second later gets a name of its own
QTOWN_NOW=1480384801 run qtown -w "$ws" meeting add --date 2016-11-28 --attendee 薛健峰 \
    --attendee 钱志锋 --decision "常州嘉森人造板有限公司复查 O1.spot-check，跃进村继续巡查。" \
    --decision "年底前完成考核准备" --by 钱志锋
expect_status 0 "the same meeting again"
check "two files, never one replaced" test "$(ls "$ws"/meetings/2016-11-28-*.yaml | wc -l)" = 2
rm "$(ls "$ws"/meetings/2016-11-28-*.yaml | grep -v "$f")"

# ---- what changed since the last meeting -------------------------------------
run qtown -w "$ws" report
expect_out "上次工作例会：2016年11月28日（2 项决定；本年共 4 次）"
expect_out "当天以来 0 项检查状态变化（0 项完成，0 项未通过），全镇得分当时 64.5（C级），现在 64.5（C级）"
expect_out "此后新达标：无"
QTOWN_NOW=1480384900 run qtown -w "$ws" set xicheng M8.responsibility-letter done --by 钱志锋
QTOWN_NOW=1480384901 run qtown -w "$ws" set huimin-supermarket M8.responsibility-letter done
run qtown -w "$ws" report --lang en
expect_out "Since that day 2 checks moved (2 to done, 0 to failed)" "checks that moved since"
expect_out "Targets met since: Villages that signed the responsibility letter, Enterprises that signed the responsibility letter" \
    "targets newly met since"
run qtown -w "$ws" report --format html --lang en
expect_out "<h2>Since the last work meeting</h2>"
run qtown -w "$ws" report --format markdown --lang en
expect_out "## Since the last work meeting"

# ---- counted, never typed ------------------------------------------------------
before=$(snapshot "$ws")
run qtown -w "$ws" set town M1.work-meetings done --value 9
expect_status 2 "a value for the counted check is refused"
expect_err "由例会记录统计"
run qtown -w "$ws" set town M1.work-meetings done
expect_status 0 "its status is a person's to set"
run qtown -w "$ws" show town
expect_out "[x] M1.work-meetings  召开工作例会次数  [4 次]" "the status set, the value still counted"
check "the count is never written to town.yaml" bash -c "! grep -A3 'M1.work-meetings:' '$ws/town.yaml' | grep -q value"

# ---- git keeps the folder ------------------------------------------------------
run qtown -w "$ws" sync
check "the sync commits the meeting" test -n "$(git -C "$ws" ls-files -- "$f")"

# ---- bad inputs ------------------------------------------------------------------
before=$(snapshot "$ws")
bad() { # bad STATUS NAME ARGS...: refused with STATUS, nothing written
    local status=$1 name=$2
    shift 2
    run qtown -w "$ws" "$@"
    expect_status "$status" "$name"
}
bad 2 "no date" meeting add --attendee 甲
expect_err "which day\\?"
bad 2 "no 'add'" meeting --date 2016-11-01
bad 2 "something else than add" meeting remove --date 2016-11-01
bad 2 "a day that does not exist" meeting add --date 2016-02-30
expect_err "not '2016-02-30'"
bad 2 "a date that is not one" meeting add --date yesterday
bad 2 "a meeting in the future" meeting add --date 2016-12-01
expect_err "after today"
bad 2 "+N days is the future too" meeting add --date +3
bad 2 "an empty decision" meeting add --date 2016-11-01 --decision "   "
bad 2 "an attendee on two lines" meeting add --date 2016-11-01 --attendee $'甲\n乙'
bad 2 "an empty attendee" meeting add --date 2016-11-01 --attendee ""
bad 2 "an attendee too long" meeting add --date 2016-11-01 --attendee "$(printf '%0300d' 0)"
bad 2 "invalid UTF-8" meeting add --date 2016-11-01 --attendee $'\xff\xfe'
bad 2 "an unknown option" meeting add --date 2016-11-01 --place 会议室
bad 2 "a --by on two lines" meeting add --date 2016-11-01 --by $'a\nb'
bad 2 "meetings takes no argument" meetings 2016
check "nothing was written by a refused command" test "$before" = "$(snapshot "$ws")"
run qtown -w "$ws" meeting add --date -1 --decision "昨天的会"
expect_status 0 "-1: yesterday"
expect_out "2016-11-28"
rm "$ws"/meetings/2016-11-28-*.yaml
git -C "$ws" checkout -q -- meetings

# hostile and broken meeting files: reported with their place, never trusted
m="$ws/meetings/2016-05-05-aaaaaa.yaml"
printf 'date: 2016-05-06\nattendees: [甲]\ndecisions:\n- text: 好\n  checks: [X9.nothing]\n  units: ["../etc"]\nplace: 会议室\n' >"$m"
run qtown -w "$ws" check
expect_status 1 "qtown check reads the meetings"
expect_err "2016-05-05-aaaaaa.yaml:1:7: .*2016-05-06"
expect_err "2016-05-05-aaaaaa.yaml:5:12: 'X9.nothing'"
expect_err "2016-05-05-aaaaaa.yaml:6:11: '../etc'"
expect_err "2016-05-05-aaaaaa.yaml:7:1: "
run qtown -w "$ws" meetings
expect_status 1 "meetings lists the others and says which file is wrong"
expect_out "2016年4月12日"
printf 'date: 2016-05-05\ndecisions:\n- text: "\\e]0;pwned\\a red"\n' >"$m"
run qtown -w "$ws" meetings
expect_status 0 "a hostile decision loads"
check "and reaches the terminal inert" bash -c '! grep -q $'"'"'\033'"'"' <<<"$1" && grep -qF "\x1b]0;pwned" <<<"$1"' _ "$OUT"
printf 'date: 2016-05-05\nx: &a [1]\ny: *a\n' >"$m"
run qtown -w "$ws" meetings
expect_status 1 "an alias is refused"
rm "$m"

# meetings/ must be a folder of the workspace: never written through a link
mv "$ws/meetings" "$TEST_TMP/elsewhere"
ln -s "$TEST_TMP/elsewhere" "$ws/meetings"
before_elsewhere=$(snapshot "$TEST_TMP/elsewhere")
run qtown -w "$ws" meeting add --date 2016-11-01
expect_status 1 "meetings/ as a link is refused"
expect_err "meetings"
check "nothing written through it" test "$before_elsewhere" = "$(snapshot "$TEST_TMP/elsewhere")"
rm "$ws/meetings"
printf 'not a folder\n' >"$ws/meetings"
run qtown -w "$ws" meeting add --date 2016-11-01
expect_status 1 "meetings as a file is refused"

# the summaries' cache (.qtown/cache) never hides the count: the town's
# file does not change when a meeting is added, so its summary is not kept
cw=$(new_workspace)
run qtown -w "$cw" set town M1.accountability doing --by 钱志锋
expect_status 0 "the town's file is written"
run qtown -w "$cw" list --kind town --format csv
expect_out "town,town,town,0,1,0,15,0" "one check under way"
check "the list wrote the cache" test -f "$cw/.qtown/cache"
run qtown -w "$cw" meeting add --date 2016-11-01 --attendee 薛健峰 --by 钱志锋
expect_status 0 "a meeting added"
run qtown -w "$cw" list --kind town --format csv
expect_out "town,town,town,0,2,0,15,0" "the list counts it: M1.work-meetings under way"
run qtown -w "$cw" report --format csv
check "the report's value" grep -qE "^town,.*,M1.work-meetings,.*,doing,doing,1," <<<"$OUT"
run qtown -w "$cw" report
expect_out "1 meetings this year" "the overview's last meeting"

# a plan whose grades are long Chinese names: the grade recorded with a
# meeting is held whole by the overview (never cut inside a character)
long=$(printf 'D-待改进待改进待改进')
sed "s/{grade: D, min: 0}/{grade: $long, min: 0}/" "$SRCDIR/tests/data/mini-plan.yaml" >"$TEST_TMP/long-plan.yaml"
lw=$(new_workspace --plan "$TEST_TMP/long-plan.yaml")
run qtown -w "$lw" meeting add --date 2016-11-01 --attendee 薛健峰 --by 钱志锋
expect_status 0 "a meeting on a plan with a long grade"
check "the meeting's figures keep the grade" grep -qF "grade: $long" "$lw"/meetings/2016-11-01-*.yaml
run qtown -w "$lw" report --lang zh
expect_out "全镇得分当时 0.0（${long}级），现在 0.0（${long}级）" "the report gives the grade then whole"
check "the report is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$TEST_TMP/.out" -o /dev/null
run qtown -w "$lw" report --lang en --format markdown
expect_out "town score then 0.0 ($long), now 0.0 ($long)" "... in English and Markdown too"
printf 'o<dump>q' >"$TEST_TMP/keys"
COLUMNS=160 LINES=45 TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" \
    QTOWN_TEST_SCREEN="$TEST_TMP/screen" qtown -w "$lw" --lang zh >/dev/null 2>&1
check "the overview screen gives it whole" grep -qF "全镇得分当时 0.0（${long}级）" "$TEST_TMP/screen"

done_testing
