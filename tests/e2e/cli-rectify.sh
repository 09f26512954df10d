#!/usr/bin/env bash
# qtown rectify, rectifications, notice and the report's rectification
# and since sections: a record from a failed check to its verification,
# overdue at the day boundary, and every bad input refused with nothing
# changed; hostile text inert on every output.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace)
qtown -w "$ws" add enterprise acme ACME --attr industrial=true >/dev/null
qtown -w "$ws" add village xinzhu 新竹村 >/dev/null
f="$ws/enterprises/acme.yaml"
export QTOWN_TODAY=2016-08-01 QTOWN_NOW=1470000000 # 2016-08-01T05:20:00+08:00
run qtown -w "$ws" set acme O1.spot-check failed --note "甲醛释放量不合格" --by 周晓燕
expect_out "to order its rectification: qtown rectify acme O1.spot-check --what TEXT" \
    "recording a failed check offers a rectification"

run qtown -w "$ws" rectify acme O1.spot-check --what "更换胶黏剂供应商" --owner "生产部 王刚" \
    --due 2016-08-31 --by 钱志锋
expect_status 0 "open a rectification"
check "it prints the new id alone" grep -qxE 'r-[0-9a-f]{6}' <<<"$OUT"
id=$OUT
check "the record is under its check" grep -q "    rectifications:" "$f"
check "with its state and who opened it" grep -q "      opened_by: 钱志锋" "$f"
check "and a history entry" grep -q "record: $id, new: open, event: rectification}" "$f"

run qtown -w "$ws" rectify 常州 O1.spot-check --what x --owner y --due +10
expect_status 2 "a name that is no unit's"
run qtown -w "$ws" rectify acme O1.spot-check --what "复检" --owner 质检科 --due +10
expect_status 0 "a second record on the same check, due in 10 days"
id2=$OUT
check "+10 is 2016-08-11" grep -q "      due: 2016-08-11" "$f"

# every bad input: exit 2 (the command) or 1 (the data), nothing written
before=$(snapshot "$ws")
bad() { # STATUS NAME ARGS...
    local want=$1 name=$2
    shift 2
    run qtown -w "$ws" "$@"
    expect_status "$want" "$name"
}
bad 2 "a due date that is no date (2016-02-30)" rectify acme O1.spot-check --what x --owner y --due 2016-02-30
check "says which" grep -q "2016-02-30" <<<"$ERR"
bad 2 "an empty --what" rectify acme O1.spot-check --what "" --owner y --due 2016-08-31
bad 2 "a --what of blanks" rectify acme O1.spot-check --what "  " --owner y --due 2016-08-31
bad 2 "no --owner" rectify acme O1.spot-check --what x --due 2016-08-31
bad 2 "an owner on two lines" rectify acme O1.spot-check --what x --owner "$(printf 'a\nb')" --due 2016-08-31
bad 2 "--what not UTF-8" rectify acme O1.spot-check --what "$(printf '\xff\xfe')" --owner y --due 2016-08-31
bad 2 "an unknown check" rectify acme O9.nothing --what x --owner y --due 2016-08-31
bad 2 "a check the unit does not carry" rectify xinzhu O1.spot-check --what x --owner y --due 2016-08-31
bad 2 "an unknown unit" rectify nobody O1.spot-check --what x --owner y --due 2016-08-31
bad 1 "an unknown record id" rectify acme r-000000 done
check "says so" grep -q "r-000000" <<<"$ERR"
bad 1 "a step that makes no sense (open -> reopened)" rectify acme "$id" reopened
check "says what it is and what it cannot become" grep -q "open" <<<"$ERR"
bad 2 "a word that is no step" rectify acme "$id" closed
bad 2 "a step with --what" rectify acme "$id" done --what x
bad 2 "a new one with --note (a step's option)" rectify acme O1.spot-check --what x --owner y --due +1 --note z
bad 2 "too few arguments" rectify acme
bad 2 "--by of two lines" rectify acme "$id" done --by "$(printf 'a\nb')"
QTOWN_TODAY=2016-13-01 run qtown -w "$ws" rectify acme O1.spot-check --what x --owner y --due +1
expect_status 1 "a QTOWN_TODAY that is no date"
bad 2 "--open and --overdue" rectifications --open --overdue
bad 2 "an unknown list format" rectifications --format xml
bad 2 "an unknown notice format" notice acme --format pdf
bad 2 "an unknown --since" report --since yesterday
check "nothing was written by any of them" test "$before" = "$(snapshot "$ws")"

# the steps, each signed
run qtown -w "$ws" rectify acme "$id" done --note "已更换供应商" --by 王刚
expect_status 0 "reported done"
expect_out "acme O1.spot-check $id: open -> done"
bad 1 "done twice" rectify acme "$id" done
run qtown -w "$ws" rectify acme "$id" verified --by 钱志锋
expect_status 0 "verified"
expect_out "O1.spot-check is still failed" "offers to mark the check done"
expect_out "qtown set acme O1.spot-check done"
check "the check is left as it was" grep -q "status: failed" "$f"
check "who reported it done" grep -q "      done_by: 王刚" "$f"
check "who verified it" grep -q "      verified_by: 钱志锋" "$f"
bad 1 "verified cannot be done again" rectify acme "$id" done
run qtown -w "$ws" rectify acme "$id" reopened --note "复查仍不合格"
expect_status 0 "a verified record reopened"
run qtown -w "$ws" rectify acme "$id" verified
expect_status 0 "verified again without a report of done (allowed)"

# overdue at the day boundary: id2 is due 2016-08-11
QTOWN_TODAY=2016-08-11 run qtown -w "$ws" rectifications --overdue
check "due today is not overdue" test "$(grep -c "$id2" <<<"$OUT")" -eq 0
QTOWN_TODAY=2016-08-12 run qtown -w "$ws" rectifications --overdue
expect_out "$id2" "the day after, it is"
expect_out "1 days overdue"
QTOWN_TODAY=2016-08-12 run qtown -w "$ws" rectifications --lang en
check "overdue first" test "$(sed -n 2p <<<"$OUT" | grep -c "$id2")" -eq 1
check "verified last" test "$(sed -n 3p <<<"$OUT" | grep -c "$id")" -eq 1
run qtown -w "$ws" rectifications --open --unit ACME
check "--open leaves the verified out" test "$(grep -c "$id" <<<"$OUT")" -eq 0
QTOWN_TODAY=2016-08-12 run qtown -w "$ws" rectifications --format csv
expect_status 0 "as CSV"
check "one row per record and the header" test "$(wc -l <<<"$OUT")" -eq 3
expect_out "$id2,open,复检,质检科,2016-08-11,-1,yes"

QTOWN_TODAY=2016-08-12 run qtown -w "$ws" show acme --lang en
expect_out "1 open, 1 overdue; 1 verified this year" "qtown show has the unit's rectifications"
expect_out "failed on 2016-08-01, rectification ordered on 2016-08-01"
run qtown -w "$ws" set acme O1.spot-check failed
check "no offer while one is open" test "$(grep -c 'to order its rectification' <<<"$OUT")" -eq 0

# the report: a section in every format, and --since
for fmt in text markdown html csv; do
    QTOWN_TODAY=2016-08-12 run qtown -w "$ws" report --format "$fmt" --lang en --since 2016-08-01
    expect_status 0 "the $fmt report"
done
expect_out "rect_open,rect_overdue,rect_due,rect_owner,rect_days_overdue,changes_since" "CSV: the columns"
expect_out ",1,1,2016-08-11,质检科,1," "CSV: the check's open and overdue one"
QTOWN_TODAY=2016-08-12 run qtown -w "$ws" report --lang en --since 2016-08-01
expect_out "1 open, 1 overdue; 1 verified this year, 100% on time" "the counts"
expect_out "failed on 2016-08-01" "the failure stays in the story"
expect_out "Changed since 2016-08-01"
expect_out "2 rectifications opened, 2 verified"

# hostile text in every field, inert on every output
esc=$(printf '\033[31m')
qtown -w "$ws" set acme O3.standardisation failed --note "<script>alert(1)</script>" >/dev/null
run qtown -w "$ws" rectify acme O3.standardisation --what "$(printf '=HYPERLINK("x")\n%s<b>bold</b>' "$esc")" \
    --owner "<img src=x onerror=alert(1)> $(printf '\u202e')evil" --due 2016-09-01 --by "|*_x_*|"
expect_status 0 "hostile text is stored as given"
hid=$OUT
qtown -w "$ws" rectify acme "$hid" done --note "$(printf '%s]0;title\a' "$esc")" >/dev/null
run qtown -w "$ws" rectifications
check "no escape reaches the terminal" test "$(grep -c $'\033' <<<"$OUT")" -eq 0
run qtown -w "$ws" rectifications --format csv
expect_out "'=HYPERLINK" "a formula cell is made inert"
run qtown -w "$ws" notice acme
expect_status 0 "the notice in HTML"
expect_out "整改通知书" "Chinese by default"
expect_out "&lt;img src=x onerror=alert(1)&gt;" "the owner escaped"
expect_out "&lt;script&gt;alert(1)&lt;/script&gt;" "the finding escaped"
expect_out "&lt;b&gt;bold&lt;/b&gt;"
check "no tag from the data" test "$(grep -c '<script\|<img\|<b>' <<<"$OUT")" -eq 0
check "no raw escape" test "$(grep -c $'\033' <<<"$OUT")" -eq 0
check "no raw bidi override" test "$(grep -c $'\u202e' <<<"$OUT")" -eq 0
run qtown -w "$ws" notice acme --format markdown --lang en
expect_out "Rectification notice" "in English when asked"
expect_out '\<img src=x onerror=alert(1)>' "Markdown escaped"
check "no tag from the data" test "$(grep -c '[^\]<img' <<<"$OUT")" -eq 0
run qtown -w "$ws" notice acme -o "$TEST_TMP/notice.html"
expect_status 0 "the notice to a file"
check "written" grep -q "整改通知书" "$TEST_TMP/notice.html"
run qtown -w "$ws" notice xinzhu --format markdown
expect_out "目前没有待整改的事项" "a unit with none says so"

done_testing
