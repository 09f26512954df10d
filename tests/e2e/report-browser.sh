#!/usr/bin/env bash
# The HTML report in a real browser: Debian's chromium, headless, prints
# it to an A4 PDF; the Chinese text must be there as text (the CJK font
# found), and the hostile notes as plain text.  So are a unit's ledger
# (qtown report UNIT), the responsibility letter and the rectification
# notice; the ledger's and the letter's Chinese is checked glyph by glyph
# to be drawn with an embedded CJK font (tests/tools/pdf-cjk.py), which a
# print without one fails.  Skips (77) only when chromium is not
# installed; CI installs it with poppler-utils (.ci/run).
. "$(dirname "$0")/../lib.sh"

browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
    echo "1..0 # SKIP chromium is not installed"
    exit 77
fi

# print_pdf HTML PDF: one headless chromium, a fresh profile, no network.
print_pdf() {
    local profile
    profile=$(mktemp -d "$TEST_TMP/chromium.XXXXXX")
    timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --no-pdf-header-footer --print-to-pdf="$2" \
        "file://$1" >"$TEST_TMP/chromium.log" 2>&1
}

# drawn_in_cjk PDF TEXT...: every Chinese character of TEXT drawn with a
# glyph of an embedded CJK font (not an empty box that reads back as
# text: tests/tools/pdf-cjk.py).
drawn_in_cjk() {
    python3 "$SRCDIR/tests/tools/pdf-cjk.py" "$@"
}

# all_fonts_embedded PDF: pdffonts lists fonts, every one embedded with
# its map to Unicode (the text can be searched and copied).
all_fonts_embedded() {
    pdffonts "$1" | awk 'NR > 2 { n++; if ($(NF-4) != "yes" || $(NF-2) != "yes") bad = 1 }
                         END { exit bad || !n }'
}

demo=$(new_workspace --demo)
run qtown -w "$demo" report --format html --lang zh -o "$TEST_TMP/demo.html"
expect_status 0 "the demo's HTML report"
print_pdf "$TEST_TMP/demo.html" "$TEST_TMP/demo.pdf"
check "chromium printed it to a PDF" test -s "$TEST_TMP/demo.pdf"
check "on A4 paper" grep -qE "^Page size: +59[45](\.[0-9]+)? x 84[12](\.[0-9]+)? pts \(A4\)" <(pdfinfo "$TEST_TMP/demo.pdf")
pdftotext -layout "$TEST_TMP/demo.pdf" "$TEST_TMP/demo.txt"
check "the Chinese glyphs are there (嘉泽镇)" grep -q "嘉泽镇" "$TEST_TMP/demo.txt"
check "so is the plan's title" grep -q "质量强镇工作的实施意见" "$TEST_TMP/demo.txt"
check "and a unit's name" grep -q "常州嘉泽机械制造有限公司" "$TEST_TMP/demo.txt"
check "more than one page" test "$(pdfinfo "$TEST_TMP/demo.pdf" | awk '/^Pages:/ {print $2}')" -gt 1
check "no browser header or footer (no file: URL printed)" \
    test "$(grep -c 'file:' "$TEST_TMP/demo.txt")" -eq 0

# The unit's ledger (台账) printed: A4, its Chinese text as text.
printf 'ISO certificate' >"$TEST_TMP/证书.pdf"
export QTOWN_TODAY=2016-08-02
run qtown -w "$demo" attach jiasen-panel O5.iso9000-14000 "$TEST_TMP/证书.pdf" --title "ISO 9001 质量管理体系认证证书" \
    --number 00116Q31052R0M --issuer 中国质量认证中心 --valid-until 2016-08-01
expect_status 0 "evidence attached to the demo"
run qtown -w "$demo" visit jiasen-panel --by 钱志锋 --by 蒋国平 --check O5.iso9000-14000 --note "查看证书原件，已过期"
expect_status 0 "a visit recorded"
run qtown -w "$demo" report jiasen-panel --format html --lang zh -o "$TEST_TMP/ledger.html"
expect_status 0 "the unit's ledger as HTML"
print_pdf "$TEST_TMP/ledger.html" "$TEST_TMP/ledger.pdf"
check "chromium printed the ledger to a PDF" test -s "$TEST_TMP/ledger.pdf"
check "on A4 paper" grep -qE "^Page size: +59[45](\.[0-9]+)? x 84[12](\.[0-9]+)? pts \(A4\)" <(pdfinfo "$TEST_TMP/ledger.pdf")
pdftotext -layout "$TEST_TMP/ledger.pdf" "$TEST_TMP/ledger.txt"
check "its title's Chinese glyphs are there" grep -q "常州嘉森人造板有限公司 台账" "$TEST_TMP/ledger.txt"
check "the evidence with its validity" grep -q "ISO 9001 质量管理体系认证证书" "$TEST_TMP/ledger.txt"
check "the check marked: its evidence expired" grep -q "\[台账已过期\]" "$TEST_TMP/ledger.txt"
check "the visit" grep -q "查看证书原件，已过期" "$TEST_TMP/ledger.txt"
check "the history" grep -q "待办 -> 已完成" "$TEST_TMP/ledger.txt"
check "no browser header or footer in the ledger" test "$(grep -c 'file:' "$TEST_TMP/ledger.txt")" -eq 0
check "the ledger's fonts embedded, with their text" all_fonts_embedded "$TEST_TMP/ledger.pdf"
check "its Chinese drawn with a CJK font" drawn_in_cjk "$TEST_TMP/ledger.pdf" \
    "常州嘉森人造板有限公司 台账" "ISO 9001 质量管理体系认证证书" "查看证书原件，已过期"

# The responsibility letter (目标责任书) printed for signing: A4, the
# title, the parties and the places to sign in Chinese glyphs.
run qtown -w "$demo" letter fengyang --format html -o "$TEST_TMP/letter.html"
expect_status 0 "the letter as HTML"
print_pdf "$TEST_TMP/letter.html" "$TEST_TMP/letter.pdf"
check "chromium printed the letter" test -s "$TEST_TMP/letter.pdf"
check "the letter on A4 paper" grep -qE "^Page size: +59[45](\.[0-9]+)? x 84[12](\.[0-9]+)? pts \(A4\)" \
    <(pdfinfo "$TEST_TMP/letter.pdf")
check "on at most two pages" test "$(pdfinfo "$TEST_TMP/letter.pdf" | awk '/^Pages:/ {print $2}')" -le 2
pdftotext -layout "$TEST_TMP/letter.pdf" "$TEST_TMP/letter.txt"
check "its title in Chinese glyphs" grep -q "嘉泽镇2016年质量强镇工作目标责任书（行政村）" "$TEST_TMP/letter.txt"
check "party A" grep -q "甲方：嘉泽镇人民政府" "$TEST_TMP/letter.txt"
check "party B" grep -q "乙方：丰杨村（fengyang）" "$TEST_TMP/letter.txt"
check "the assessment's rules" grep -q "D级（60分以下）：考核不合格" "$TEST_TMP/letter.txt"
check "the signature lines" grep -q "代表（签字）：_*  *负责人（签字）：_*" "$TEST_TMP/letter.txt"
check "the day printed" grep -q "打印于2016年8月2日" "$TEST_TMP/letter.txt"
check "no browser header or footer in the letter" test "$(grep -c 'file:' "$TEST_TMP/letter.txt")" -eq 0
check "the letter's fonts embedded, with their text" all_fonts_embedded "$TEST_TMP/letter.pdf"
check "its Chinese drawn with a CJK font" drawn_in_cjk "$TEST_TMP/letter.pdf" \
    "嘉泽镇2016年质量强镇工作目标责任书（行政村）" "甲方：嘉泽镇人民政府" "乙方：丰杨村" \
    "代表（签字）" "负责人（签字）" "D级（60分以下）：考核不合格"
check "every character of the letter's text so drawn" drawn_in_cjk "$TEST_TMP/letter.pdf" \
    "$(tr -d '\n\f' <"$TEST_TMP/letter.txt")"
# ... a check that fails when the CJK font is missing: with only the
# Latin fonts chromium draws boxes, and the text still reads back
mkdir "$TEST_TMP/fc-cache"
cat >"$TEST_TMP/latin-fonts.conf" <<EOF
<?xml version="1.0"?>
<fontconfig><dir>/usr/share/fonts/truetype</dir><cachedir>$TEST_TMP/fc-cache</cachedir></fontconfig>
EOF
FONTCONFIG_FILE="$TEST_TMP/latin-fonts.conf" print_pdf "$TEST_TMP/letter.html" "$TEST_TMP/boxes.pdf"
check "printed without a CJK font" test -s "$TEST_TMP/boxes.pdf"
check "... its Chinese not drawn with a CJK font: the check says so" \
    grep -q "^not drawn with an embedded CJK font: .*甲" \
    <(drawn_in_cjk "$TEST_TMP/boxes.pdf" "甲方：嘉泽镇人民政府")
unset QTOWN_TODAY

ws="$TEST_TMP/fixture"
cp -r "$SRCDIR/tests/data/report-ws" "$ws"
run qtown -w "$ws" report --format html -o "$TEST_TMP/fixture.html"
expect_status 0 "the fixture's HTML report"
print_pdf "$TEST_TMP/fixture.html" "$TEST_TMP/fixture.pdf"
pdftotext "$TEST_TMP/fixture.pdf" "$TEST_TMP/fixture.txt"
check "a <script> note is printed as text, not run" grep -qF "<script>alert('x')</script>" \
    "$TEST_TMP/fixture.txt"
check "a tag in a name is printed as text" grep -qF "=SUM(A1)+<b>Zeta</b>" "$TEST_TMP/fixture.txt"
check "the bidi override is shown, not obeyed" grep -qF 'RLO:\u202eevil' "$TEST_TMP/fixture.txt"

# The rectification notice (整改通知书): one A4 page in Chinese, hostile
# text printed as text.
export QTOWN_TODAY=2016-09-10
qtown -w "$demo" set jiasen-panel O1.spot-check failed >/dev/null
qtown -w "$demo" rectify jiasen-panel O1.spot-check --what "更换胶黏剂供应商，复检甲醛释放量" \
    --owner "生产部 王刚" --due 2016-08-31 --by 钱志锋 >/dev/null
qtown -w "$demo" rectify jiasen-panel M4.key-products --what "<script>alert('x')</script>" \
    --owner "<b>质检科</b>" --due 2016-09-30 >/dev/null
run qtown -w "$demo" notice jiasen-panel -o "$TEST_TMP/notice.html"
expect_status 0 "the notice in HTML"
print_pdf "$TEST_TMP/notice.html" "$TEST_TMP/notice.pdf"
check "chromium printed the notice" test -s "$TEST_TMP/notice.pdf"
check "the notice on A4 paper" grep -qE "\(A4\)" <(pdfinfo "$TEST_TMP/notice.pdf")
check "on one page" test "$(pdfinfo "$TEST_TMP/notice.pdf" | awk '/^Pages:/ {print $2}')" -eq 1
check "within the page's width (no cell pushed past the margin)" \
    test "$(pdftotext -bbox "$TEST_TMP/notice.pdf" - | grep -oE 'xMax="[0-9.]+"' | tr -dc '0-9.\n' |
        sort -n | tail -1 | cut -d. -f1)" -le 545
pdftotext -layout "$TEST_TMP/notice.pdf" "$TEST_TMP/notice.txt"
check "its title in Chinese glyphs" grep -q "整改通知书" "$TEST_TMP/notice.txt"
check "the unit" grep -q "常州嘉森人造板有限公司" "$TEST_TMP/notice.txt"
check "the requirement" grep -q "更换胶黏剂供应商" "$TEST_TMP/notice.txt"
check "overdue said" grep -q "逾期 10 天" "$TEST_TMP/notice.txt"
check "a place to sign" grep -q "被检查单位负责人（签字）" "$TEST_TMP/notice.txt"
# narrow cells wrap the text (and pdftotext mixes the cells' lines): look
# for the tags themselves, printed as text
pdftotext "$TEST_TMP/notice.pdf" "$TEST_TMP/notice.raw"
check "hostile text printed as text" grep -qF "<script>alert('x')" "$TEST_TMP/notice.raw"
check "its closing tag too" grep -qF "</script>" "$TEST_TMP/notice.raw"
check "a tag in the owner as text" grep -qF "<b>质" "$TEST_TMP/notice.raw"

done_testing
