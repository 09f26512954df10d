#!/usr/bin/env bash
# The ledger (台账) from the command line: qtown attach (paths with blanks
# and Chinese, the same file twice, special files, symlinks, the size
# limit), qtown check on the files, expiry at the day boundary with
# qtown evidence, visits, show, the unit's ledger and the town report's
# section, and hostile text in every field of every output.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace --demo)
export QTOWN_TODAY=2016-07-20
src="$TEST_TMP/我的 文件"
mkdir -p "$src"
printf 'ISO 9001 certificate, scanned' >"$src/ISO 9001 证书.pdf"

# ---- attach ---------------------------------------------------------------
before_other=$(snapshot "$ws/villages")
run qtown -w "$ws" --lang en attach jiasen-panel O5.iso9000-14000 "$src/ISO 9001 证书.pdf" \
    --title "ISO 9001 证书" --number 00116Q310 --issuer 中国质量认证中心 --valid-until 2016-08-01
expect_status 0 "attach a file from a path with blanks and Chinese"
id=$(head -1 <<<"$OUT")
check "it prints the new record's id" grep -qE '^e-[0-9a-f]{6}$' <<<"$id"
sha=$(sha256sum "$src/ISO 9001 证书.pdf" | cut -c1-64)
copy="evidence/jiasen-panel/ISO_9001_证书-${sha:0:8}.pdf"
expect_out "$copy"
check "the copy is a regular file with the same bytes" cmp "$src/ISO 9001 证书.pdf" "$ws/$copy"
check "its sha256 is in the record" grep -q "sha256: \"$sha\"" "$ws/enterprises/jiasen-panel.yaml"
check "the record names the file" grep -q "file: $copy" "$ws/enterprises/jiasen-panel.yaml"
check "the history says so" grep -q "record: $id, new: ISO 9001 证书, event: evidence" \
    "$ws/enterprises/jiasen-panel.yaml"
check "no other unit was touched" test "$(snapshot "$ws/villages")" = "$before_other"

run qtown -w "$ws" --lang en attach jiasen-panel O5.iso9000-14000 "$src/ISO 9001 证书.pdf"
expect_status 1 "the same file twice on one check is refused"
expect_err "already attached to O5.iso9000-14000 as $id"
check "and copied nothing" test "$(ls "$ws/evidence/jiasen-panel" | wc -l)" -eq 1

run qtown -w "$ws" --lang en attach jiasen-panel O5.quality-system "$src/ISO 9001 证书.pdf"
expect_status 0 "the same file on another check"
expect_out "(the same content was already there)"
check "shares the one copy" test "$(ls "$ws/evidence/jiasen-panel" | wc -l)" -eq 1

run qtown -w "$ws" --lang en attach jiasen-panel M1.work-plan --title "工作计划（纸质，存档于办公室）"
expect_status 0 "evidence without a file"
run qtown -w "$ws" --lang en attach jiasen-panel M1.work-plan
expect_status 2 "without a file it needs a title"

# a unit that does not load elsewhere does not matter: attach reads one unit
cp "$ws/villages/yuejin.yaml" "$TEST_TMP/yuejin.yaml"
printf 'id: [broken\n' >"$ws/villages/yuejin.yaml"
run qtown -w "$ws" --lang en attach xinzhu-nope O1.patrol --title t
expect_status 2 "an unknown unit is a usage error"
run qtown -w "$ws" --lang en attach chenshan O1.patrol --title "巡查记录"
expect_status 0 "attach to a unit while another unit's file is broken"
cp "$TEST_TMP/yuejin.yaml" "$ws/villages/yuejin.yaml"

# ---- what cannot be attached --------------------------------------------------
mkfifo "$TEST_TMP/pipe.pdf"
truncate -s $((20 * 1024 * 1024 + 1)) "$TEST_TMP/big.pdf"
ln -s /etc/hostname "$TEST_TMP/link-out.txt" 2>/dev/null || ln -s /etc/passwd "$TEST_TMP/link-out.txt"
snap=$(snapshot "$ws")
for bad in "$src:folder" "$TEST_TMP/pipe.pdf:FIFO" "$TEST_TMP/big.pdf:over the limit of 20 MiB" \
    "$TEST_TMP/none.pdf:cannot read the file" "/dev/null:device"; do
    run timeout 10 "$QTOWN" -w "$ws" --lang en attach jiasen-panel O5.gbt19580 "${bad%%:*}"
    expect_status 1 "refused: ${bad#*:}"
    expect_err "${bad#*:}"
done
check "a refused file changes nothing" test "$(snapshot "$ws")" = "$snap"
run qtown -w "$ws" --lang en attach jiasen-panel O5.gbt19580 "$TEST_TMP/link-out.txt"
expect_status 0 "a symlink to outside is copied as what it points to"
link_copy=$(sed -n 2p <<<"$OUT")
check "as a regular file, not a link" test -f "$ws/$link_copy" -a ! -L "$ws/$link_copy"

# evidence/UNIT is a symlink to outside (sent by a remote, made by hand)
mkdir "$TEST_TMP/outside"
ln -s "$TEST_TMP/outside" "$ws/evidence/gehu-aquatic"
run qtown -w "$ws" --lang en attach gehu-aquatic O5.gbt19580 "$src/ISO 9001 证书.pdf"
expect_status 1 "never written through a symlink in the workspace"
expect_err "a symbolic link: qtown does not follow links"
check "nothing was written outside" test -z "$(ls -A "$TEST_TMP/outside")"
rm "$ws/evidence/gehu-aquatic"

# ---- check --------------------------------------------------------------------
run qtown -w "$ws" --lang en check
expect_status 0 "check: every file there, unchanged"
printf 'tampered' >>"$ws/$copy"
touch "$ws/evidence/stray.pdf"
run qtown -w "$ws" --lang en check
expect_status 1 "check finds a file changed after attaching"
expect_err "enterprises/jiasen-panel.yaml:[0-9]+: evidence $id: its file $copy changed since it was attached"
expect_err "evidence/stray.pdf: no evidence record refers to this file"
rm "$ws/$copy" "$ws/evidence/stray.pdf"
run qtown -w "$ws" --lang en check
expect_status 1 "check finds a missing file"
expect_err "evidence $id: its file $copy is missing"
cp "$src/ISO 9001 证书.pdf" "$ws/$copy"
run qtown -w "$ws" attach chenshan O1.patrol "$TEST_TMP/link-out.txt"
expect_status 0 "evidence of a unit about to be removed"
run qtown -w "$ws" remove chenshan
expect_status 0 "the unit is removed (its file archived)"
check "its evidence stays" test -n "$(ls "$ws/evidence/chenshan")"
run qtown -w "$ws" --lang en check
expect_status 0 "check does not call a removed unit's evidence unreferenced"

# ---- expiry at the day boundary ------------------------------------------------
for d in 2016-07-20:"expiring, 12 days left" 2016-08-01:"expiring, 0 days left" \
    2016-08-02:"expired 1 days ago"; do
    run env QTOWN_TODAY="${d%%:*}" "$QTOWN" -w "$ws" --lang en evidence --expired --expiring 60
    expect_status 0 "evidence on ${d%%:*}"
    expect_out "${d#*:}"
done
run env QTOWN_TODAY=2016-08-01 "$QTOWN" -w "$ws" --lang en evidence --expired
check "valid until today is not expired" test "$(wc -l <<<"$OUT")" -eq 1
run env QTOWN_TODAY=2016-08-02 "$QTOWN" -w "$ws" --lang en evidence --expired
expect_out "ISO 9001 证书"
run env QTOWN_TODAY=2016-07-02 "$QTOWN" -w "$ws" --lang en evidence --expiring 30
expect_out "ISO 9001 证书" "30 days before, within --expiring 30"
run env QTOWN_TODAY=2016-07-01 "$QTOWN" -w "$ws" --lang en evidence --expiring 30
expect_no_out "ISO 9001 证书" "31 days before, not within --expiring 30"
run qtown -w "$ws" evidence --expiring soon
expect_status 2 "--expiring takes days"
run qtown -w "$ws" evidence --format xml
expect_status 2 "--format takes text or csv"
run qtown -w "$ws" evidence --unit jiasen-panel --format csv
expect_status 0 "evidence as CSV"
check "one row per record, with a header" python3 - "$TEST_TMP/.out" "$id" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
assert rows[0][:4] == ['unit', 'name', 'check', 'record'], rows[0]
ids = [r[3] for r in rows[1:]]
assert sys.argv[2] in ids and len(rows) == 5, rows
PY

run env QTOWN_TODAY=2016-08-02 "$QTOWN" -w "$ws" --lang en show jiasen-panel
expect_out "[evidence expired]" "show marks the check"
expect_out "valid until 2016-08-01 (expired 1 days ago)"

# ---- visits ---------------------------------------------------------------------
run qtown -w "$ws" --lang en visit jiasen-panel --by 钱志锋 --by 蒋国平 --check O5.iso9000-14000 \
    --check O1.spot-check --note "查看证书原件"
expect_status 0 "record a visit"
vid=$OUT
check "it prints its id" grep -qE '^v-[0-9a-f]{6}$' <<<"$vid"
check "with its visitors" grep -q "visitors: \[钱志锋, 蒋国平\]" "$ws/enterprises/jiasen-panel.yaml"
run qtown -w "$ws" visit jiasen-panel --date -30
expect_status 0 "a visit 30 days ago"
run qtown -w "$ws" --lang en visit jiasen-panel --date 2016-07-21
expect_status 2 "a visit after today is refused"
expect_err "cannot be after today"
run qtown -w "$ws" --lang en visit jiasen-panel --date 2016-02-30
expect_status 2 "a day that does not exist"
run qtown -w "$ws" --lang en visit jiasen-panel --check O9.nope
expect_status 2 "an unknown check"
run qtown -w "$ws" --lang en visit chenshan --check O5.iso9000-14000
expect_status 2 "a check the unit does not carry"
run qtown -w "$ws" --lang en visits
expect_status 0 "visits"
check "newest first" test "$(sed -n 2p <<<"$OUT" | cut -c1-10)" = 2016-07-20
run qtown -w "$ws" --lang en visits jiasen-panel --since 2016-07-01
check "--since leaves the older one out" test "$(wc -l <<<"$OUT")" -eq 2
run qtown -w "$ws" visits --format csv
check "visits as CSV" python3 - "$TEST_TMP/.out" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
assert rows[0][:5] == ['date', 'unit', 'name', 'record', 'visitors'], rows[0]
assert rows[1][4] == '钱志锋, 蒋国平' and rows[1][5] == 'O5.iso9000-14000, O1.spot-check', rows[1]
PY

# ---- the unit's ledger and the town report ------------------------------------------
for f in text markdown html; do
    run qtown -w "$ws" --lang zh report jiasen-panel --format $f
    expect_status 0 "the unit's ledger as $f"
    expect_out "常州嘉森人造板有限公司 台账"
    expect_out "ISO 9001 证书"
    expect_out "查看证书原件"
done
run qtown -w "$ws" report jiasen-panel --format csv
expect_status 2 "no CSV ledger"
run qtown -w "$ws" --lang en report
expect_out "Evidence and visits"
run env QTOWN_TODAY=2016-08-02 "$QTOWN" -w "$ws" --lang en report --format markdown
expect_out "Evidence: 1 expired, 0 expiring within 60 days (as of 2016-08-02)."
expect_out "units not visited for 90 days."
run env QTOWN_TODAY=2016-02-30 "$QTOWN" -w "$ws" evidence
expect_status 1 "a QTOWN_TODAY that is not a date"

# ---- hostile text in every field, every output ----------------------------------------
h_title='=HYPERLINK("http://evil.example/","x") <script>alert(1)</script>'
h_number=$'-2+3 \e[31mred'
h_issuer=$'@SUM(1) \u202eevil | *bold* # h'
h_note=$'+1\n<b>x</b>\n\e]0;title\a'
evil="$TEST_TMP/"$'evil\e[2Jname.pdf'
printf 'x' >"$evil"
run qtown -w "$ws" attach hongyue-wood O5.gbt19580 "$evil" \
    --title "$h_title" --number "$h_number" --issuer "$h_issuer" --note "$h_note" --valid-until 2016-07-25
expect_status 0 "hostile text attached"
check "the copy's name holds no control character" \
    test -z "$(ls "$ws/evidence/hongyue-wood" | LC_ALL=C grep -P '[\x00-\x1f]')"
# a visitor signs the record: a name with a bidi override is refused
# (identity's rule for every signer), printable hostile text is kept inert
run qtown -w "$ws" visit hongyue-wood --by "$h_issuer" --note "$h_note"
expect_status 2 "a visitor's name with a bidi override is refused"
run qtown -w "$ws" visit hongyue-wood --by '@SUM(1) | *bold* <b>' --note "$h_note"
expect_status 0 "hostile visit"
no_raw() { ! LC_ALL=C grep -qP '\x1b|\x07|\xe2\x80\xae' "$1"; }
for cmd in "evidence" "evidence --format csv" "visits" "visits --format csv" "show hongyue-wood" \
    "report hongyue-wood" "report hongyue-wood --format markdown" "report hongyue-wood --format html" \
    "report" "report --format markdown" "report --format html" "report --format csv"; do
    # shellcheck disable=SC2086
    run qtown -w "$ws" --lang en $cmd
    check "$cmd: no raw control or bidi character" no_raw "$TEST_TMP/.out"
done
run qtown -w "$ws" evidence --format csv
check "CSV cells cannot start a formula" python3 - "$TEST_TMP/.out" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
row = [r for r in rows if r[0] == 'hongyue-wood'][0]
assert row[4].startswith("'="), row[4]
assert row[5].startswith("'-2+3"), row[5]
assert row[6].startswith("'@SUM"), row[6]
PY
run qtown -w "$ws" report hongyue-wood --format html
check "HTML escapes the data" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$TEST_TMP/.out"
check "and runs nothing" test "$(grep -c '<script' "$TEST_TMP/.out")" -eq 0
run qtown -w "$ws" report hongyue-wood --format markdown
check "Markdown escapes the data" grep -qF '\<script>alert(1)\</script>' "$TEST_TMP/.out"
check "a pipe cannot break a table" grep -qF '\| \*bold\* # h' "$TEST_TMP/.out"

done_testing
