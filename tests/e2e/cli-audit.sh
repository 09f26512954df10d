#!/usr/bin/env bash
# Every change is in the history and qtown log reads every kind of entry
# back, with each filter (--since, --by, --check, --format csv): status and
# value changes, note changes with the note they replaced, merges, and the
# kinds other commands write (attribute, name, records).
. "$(dirname "$0")/../lib.sh"

ws=$TEST_TMP/ws
qtown init "$ws" --demo --no-git >/dev/null
f=$ws/villages/xicheng.yaml
at() { QTOWN_NOW=$((1764123300 + $1)) "${@:2}"; }

at 0 qtown -w "$ws" set xicheng O1.patrol doing --by 甲 >/dev/null
at 10 qtown -w "$ws" set xicheng O1.patrol doing --note "第一次的备注" --by 乙 >/dev/null
check "a note change adds one history line" \
    grep -qF "{at: '2025-11-26T10:15:10+08:00', by: 乙, check: O1.patrol, event: note}" "$f"
at 20 qtown -w "$ws" set xicheng O1.patrol done --note "$(printf '第二次\n两行')" --by 丙 >/dev/null
check "a status and note change: the status line and the note line with the replaced note" \
    test "$(grep -c "at: '2025-11-26T10:15:20+08:00', by: 丙, check: O1.patrol" "$f")" = 2
check "the replaced note is in it" \
    grep -qF "by: 丙, check: O1.patrol, note: 第一次的备注, event: note}" "$f"
at 30 qtown -w "$ws" set xicheng O1.patrol done --note "" --by 丁 >/dev/null
check "a removed note is kept, escaped on one line" \
    grep -qF 'by: 丁, check: O1.patrol, note: "第二次\n两行", event: note}' "$f"
at 40 qtown -w "$ws" set xicheng O1.patrol done --note "" --by 丁 >/dev/null
check "no change, no line" test "$(grep -c "2025-11-26T10:15:40" "$f")" = 0
growth_before=$(wc -c <"$f")
note=$(printf '整改记录%.0s' $(seq 50)) # 600 bytes
at 50 qtown -w "$ws" set xicheng O1.patrol done --note "$note" --by 戊 >/dev/null
at 60 qtown -w "$ws" set xicheng O1.patrol done --note "短" --by 戊 >/dev/null
growth=$(($(wc -c <"$f") - growth_before))
check "the file grows by the note text and little more (${growth} bytes for two changes of a 600-byte note)" \
    test "$growth" -lt $((600 * 2 + 400))

# the other kinds, as other commands and the merge driver write them
cat >>"$f" <<'YAML'
- {at: '2025-11-27T09:00:00+08:00', by: 己, key: households, old: '812', new: '815', event: attribute}
- {at: '2025-11-27T09:01:00+08:00', by: 己, old: 西城村, new: 西城社区, event: name}
- {at: '2025-11-27T09:02:00+08:00', by: 庚, check: O1.patrol, record: r-1, new: open, event: rectification}
- {at: '2025-11-25T08:00:00+08:00', by: 辛, check: O1.patrol, from: doing, to: failed, value: 3, note: 输掉的备注, event: merge}
YAML
run qtown -w "$ws" check
expect_status 0 "the unit with every kind of entry loads"

run qtown -w "$ws" log xicheng
expect_status 0 "log of the unit"
total=$(grep -c "^- {at:" "$f")
check "one line per entry ($total)" test "$(wc -l <<<"$OUT")" -eq "$total"
expect_out "(note)  note: 第一次的备注"
expect_out 'note: 第二次\x0a两行'
expect_out "households: 812 -> 815  (attribute)"
expect_out "西城村 -> 西城社区  (name)"
expect_out "r-1: open  (rectification)"
expect_out "doing -> failed = 3  (merge)  note: 输掉的备注"

run qtown -w "$ws" log --check O1.patrol
expect_status 0 "log --check"
check "only that check's entries, of every unit" \
    bash -c "! grep -v '  O1.patrol  ' <<<\"\$1\"" _ "$OUT"
check "--check leaves out the entries of no check" bash -c "! grep -q '(name)' <<<\"\$1\"" _ "$OUT"
check "it has the merge and the record" bash -c "grep -q '(merge)' <<<\"\$1\" && grep -q 'r-1' <<<\"\$1\"" _ "$OUT"

run qtown -w "$ws" log --by 丙
check "--by: only 丙's two lines" test "$(wc -l <<<"$OUT")" -eq 2
check "all of them 丙's" bash -c "! grep -v '  丙  ' <<<\"\$1\"" _ "$OUT"

run qtown -w "$ws" log --since 2025-11-27
check "--since: the three entries dated 2025-11-27" test "$(wc -l <<<"$OUT")" -eq 3
run qtown -w "$ws" log xicheng --since 2025-11-27 --by 己 --check O1.patrol
check "filters combine (己's two entries are of no check)" test -z "$OUT"
run qtown -w "$ws" log xicheng --since 2025-11-26 --by 辛
check "an entry dated before --since is left out" test -z "$OUT"
run qtown -w "$ws" log --since 2025-11-28
expect_status 0 "nothing since: no line, no error"
check "nothing printed" test -z "$OUT"
run env QTOWN_TODAY=2025-11-28 "$QTOWN" -w "$ws" log --since -1
check "--since -1: since yesterday (QTOWN_TODAY)" test "$(wc -l <<<"$OUT")" -eq 3

run qtown -w "$ws" log xicheng --format csv
expect_status 0 "log --format csv"
python3 - "$TEST_TMP/.out" "$total" >"$TEST_TMP/csv-check" 2>&1 <<'PY'
import csv, io, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
assert raw.endswith(b"\r\n"), "rows end in CRLF"
rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
head = rows[0]
assert head == ["at", "commit", "by", "unit", "check", "event", "from", "to", "value",
                "record", "key", "old", "new", "note"], head
assert len(rows) - 1 == int(sys.argv[2]), (len(rows), sys.argv[2])
by = {r[head.index("by")]: r for r in rows[1:]}
d = lambda r: dict(zip(head, r))
assert d(by["丁"])["note"] == "第二次\n两行", d(by["丁"])
assert d(by["丁"])["event"] == "note"
assert d(by["辛"])["value"] == "3" and d(by["辛"])["from"] == "doing" and d(by["辛"])["to"] == "failed"
assert d(by["庚"])["record"] == "r-1" and d(by["庚"])["new"] == "open"
assert [d(r)["key"] for r in rows[1:] if d(r)["event"] == "attribute"] == ["households"]
print("csv ok")
PY
check "the CSV has a BOM, every key a column, one row per entry, notes whole" \
    grep -qx "csv ok" "$TEST_TMP/csv-check"
[ -s "$TEST_TMP/csv-check" ] && ! grep -qx "csv ok" "$TEST_TMP/csv-check" && sed 's/^/# /' "$TEST_TMP/csv-check"

# a cell that could start a formula is neutralised
qtown -w "$ws" set xicheng O1.patrol done --note "=HYPERLINK(1)" --by 壬 >/dev/null
qtown -w "$ws" set xicheng O1.patrol done --note "x" --by 壬 >/dev/null
run qtown -w "$ws" log xicheng --by 壬 --format csv
expect_out "'=HYPERLINK(1)" "a formula in a note is made inert in the CSV"

# bad filters are usage errors
run qtown -w "$ws" log --since 2016-02-30
expect_status 2 "--since refuses a date that does not exist"
run qtown -w "$ws" log --since yesterday
expect_status 2 "--since refuses words"
run qtown -w "$ws" log --format html
expect_status 2 "--format takes text or csv"
run qtown -w "$ws" --lang en log --check O1.patrl
expect_status 2 "an unknown check id is a usage error"
expect_err "did you mean O1.patrol"
run qtown -w "$ws" --lang en log --check O9.gone
expect_status 2 "an id neither in the plan nor in any history"
sed -i 's/check: O1.patrol, record: r-1/check: O9.gone, record: r-1/' "$f"
run qtown -w "$ws" log --check O9.gone
expect_status 0 "a check the plan dropped still has its past"
expect_out "r-1: open"

done_testing
