#!/usr/bin/env bash
# qtown add, list, show: units made, listed and shown, in both languages.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace)
run qtown -w "$ws" add village xinzhu 新竹村 --attr households=812
expect_status 0 "add a village"
check "its file exists" test -f "$ws/villages/xinzhu.yaml"
check "the file is as documented" diff -u - "$ws/villages/xinzhu.yaml" <<'YAML'
id: xinzhu
kind: village
name: 新竹村
attributes:
  households: 812
checks: {}
YAML
run qtown -w "$ws" add enterprise acme "常州 ACME 机械有限公司" --attr industrial=true --attr annual_sales_wan=3500 --attr size=large
expect_status 0 "add an enterprise with attributes"
run qtown -w "$ws" add enterprise acme "Again"
expect_status 1 "an existing id is refused"
expect_err "already exists"
run qtown -w "$ws" add village acme "Clash"
expect_status 1 "an id used by the other kind is refused"
run qtown -w "$ws" add town t T
expect_status 2 "the town is not added"
for bad in ../x a/b .hidden -lead UPPER "sp ace" "" "$(printf 'a%.0s' {1..65})"; do
    run qtown -w "$ws" add village "$bad" Name
    expect_status 2 "the id '$bad' is refused"
done
check "nothing escaped the workspace" test ! -e "$ws/x.yaml" -a ! -e "$ws/villages/a"
run qtown -w "$ws" add village ok1 "$(printf 'two\nlines')"
expect_status 2 "a name with a newline is refused"
run qtown -w "$ws" add village ok2 "$(printf 'esc\033[31m')"
expect_status 2 "a name with control characters is refused"
run qtown -w "$ws" add enterprise e1 E --attr colour=red
expect_status 2 "an attribute the plan does not define is refused"
expect_err "unknown attribute 'colour'"
run qtown -w "$ws" add enterprise e1 E --attr annual_sales_wan=lots
expect_status 2 "a number attribute must be a number"
run qtown -w "$ws" add enterprise e1 E --attr size=huge
expect_status 2 "a value outside the attribute's list is refused"
run qtown -w "$ws" add village v1 V --attr industrial=true
expect_status 2 "an enterprise attribute on a village is refused"
run qtown -w "$ws" add enterprise e1 E --attr noequals
expect_status 2 "--attr needs KEY=VALUE"
check "no file for refused adds" test ! -e "$ws/enterprises/e1.yaml" -a ! -e "$ws/villages/v1.yaml"

run qtown -w "$ws" list --lang en
expect_status 0 "list"
expect_out "xinzhu"
expect_out "新竹村"
expect_out "acme"
run qtown -w "$ws" list --kind village --lang en
expect_no_out "acme" "--kind village lists only villages"
run qtown -w "$ws" list --kind city
expect_status 2 "an unknown kind is a usage error"
run qtown -w "$ws" list --format xml
expect_status 2 "an unknown format is a usage error"

run qtown -w "$ws" list --format csv
expect_status 0 "list --format csv"
check "csv starts with a byte-order mark" test "$(head -c3 <<<"$OUT" | od -An -tx1 | tr -d ' ')" = "efbbbf"
python3 - "$ws" <<'PY' >"$TEST_TMP/csv.txt" 2>&1
import csv, subprocess, sys, os
out = subprocess.run([os.environ["QTOWN"], "-w", sys.argv[1], "list", "--format", "csv"],
                     capture_output=True, check=True).stdout.decode("utf-8-sig")
rows = list(csv.reader(out.splitlines()))
assert rows[0][:8] == ["id", "kind", "name", "done", "doing", "failed", "applicable", "percent"], rows[0]
# then the plan's attributes: the file is a units sheet for qtown import
assert "annual_sales_wan" in rows[0] and "households" in rows[0], rows[0]
names = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
assert names["xinzhu"]["name"] == "新竹村", names
assert names["acme"]["kind"] == "enterprise"
assert names["acme"]["annual_sales_wan"] == "3500", names["acme"]
assert names["acme"]["households"] == "", names["acme"]
print("ok")
PY
check "csv reads back with a CSV parser" grep -qx ok "$TEST_TMP/csv.txt"

# Column alignment by display width: Chinese is two columns wide.
run qtown -w "$ws" list --lang en --kind village
line=$(grep xinzhu <<<"$OUT")
check "columns aligned in display columns" python3 -c '
import sys, unicodedata
line, header = sys.argv[1], sys.argv[2]
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
col = lambda s, word: w(s[:s.index(word)])
assert col(line, "0/") >= col(header, "progress") - 2, (line, header)
' "$line" "$(head -1 <<<"$OUT")"

# A name hand-edited to hold an escape sequence is never printed raw.
printf 'id: evil\nkind: village\nname: "X\\e]0;pwn\\aY"\n' >"$ws/villages/evil.yaml"
for fmt in text csv; do
    run qtown -w "$ws" list --format $fmt
    check "list --format $fmt prints the escape inert" bash -c '! grep -q $'"'"'\033'"'"' <<<"$1" && grep -qF "X\x1b]0;pwn\x07Y" <<<"$1"' _ "$OUT"
done
rm "$ws/villages/evil.yaml"

run qtown -w "$ws" show xinzhu --lang en
expect_status 0 "show by id"
expect_out "新竹村 (xinzhu) - village"
expect_out "Households (households): 812"
expect_out "[ ] M8.responsibility-letter"
run qtown -w "$ws" show 新竹村 --lang zh
expect_status 0 "show by Chinese name"
expect_out "行政村"
run qtown -w "$ws" show nosuch
expect_status 2 "show of an unknown unit is a usage error"
expect_err "no unit with the id or name 'nosuch'"
run qtown -w "$ws" show
expect_status 2 "show without a unit"

done_testing
