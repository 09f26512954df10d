#!/usr/bin/env bash
# qtown report: every format parsed back (CSV with python's csv module,
# HTML with html.parser, Markdown's tables), on the fixture workspace
# (tests/data/report-ws, figures in its README) whose notes are hostile.
. "$(dirname "$0")/../lib.sh"

ws="$TEST_TMP/fixture"
cp -r "$SRCDIR/tests/data/report-ws" "$ws"
before=$(snapshot "$ws")

# ---- text -------------------------------------------------------------
run qtown -w "$ws" report
expect_status 0 "text report"
expect_out "Town score: 67.5 (grade C)"
expect_out "Town targets: 7 met, 2 not met, 4 not known (of 13)"
expect_out "66.6% (2/3)" "a rate is cut, not rounded up"
expect_out "no unit in the filter"
expect_out "every unit is n/a"
check "no raw control character reaches the terminal" \
    python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); sys.exit(any(b<32 and b!=10 for b in d) or b"\xc2\x9b" in d or "\u202e".encode() in d)' "$TEST_TMP/.out"
expect_out 'ESC:\x1b[31m red, BEL:\x07, C1:\x9b, RLO:\u202eevil' "control characters shown as escapes"

run qtown -w "$ws" report --lang zh
expect_status 0 "text report in Chinese"
expect_out "全镇得分：67.5（C级）"
expect_out "筛选范围内没有单位"

# ---- csv --------------------------------------------------------------
run qtown -w "$ws" report --format csv -o "$TEST_TMP/r.csv"
expect_status 0 "csv report to a file"
check "nothing on stdout with -o" test -z "$OUT"
check "the CSV starts with a BOM and ends its records with CRLF" python3 - "$TEST_TMP/r.csv" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
assert d.startswith(b'\xef\xbb\xbf'), 'no BOM'
# 60 records; a note's own line breaks stay LF inside its quoted cell
assert d.count(b'\r\n') == 60 and d.endswith(b'\r\n'), d.count(b'\r\n')
assert d.count(b'\r') == 60, 'a stray CR'
PY
check "the CSV reads back with the expected cells" python3 - "$TEST_TMP/r.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
assert rows[0] == ['unit_id', 'name', 'kind', 'kind_code', 'check_id', 'title', 'status',
                   'status_code', 'value', 'note', 'updated', 'by', 'rect_open', 'rect_overdue',
                   'rect_due', 'rect_owner', 'rect_days_overdue', 'changes_since', 'evidence'], rows[0]
body = rows[1:]
# town 5 checks, 4 villages x 6, 6 enterprises x 5
assert len(body) == 5 + 24 + 30, len(body)
assert all(len(r) == 19 for r in body)
assert all(r[12:] == [''] * 7 for r in body)  # no rectification, no --since, no evidence
cell = {(r[0], r[4]): r for r in body}
assert cell[('delta', 'O1.iso')][9] == "'" + '=HYPERLINK("http://evil.example/","click")'
assert cell[('delta', 'O1.iso')][6] == 'failed' and cell[('delta', 'O1.iso')][7] == 'failed'
assert cell[('zeta', 'O1.iso')][1] == "'=SUM(A1)+<b>Zeta</b>"
assert cell[('beta', 'M1.letter')][9] == "'@SUM(1+1)"
assert cell[('beta', 'M1.letter')][11] == "'-2+3"
assert cell[('epsilon', 'O1.iso')][9] == "'+1-2"
note = cell[('chenjia', 'O3.clean')][9]
assert note.startswith('first line\nESC:\\x1b[31m red'), repr(note)
assert '\x1b' not in note and '\u202e' not in note and '\x07' not in note
assert cell[('gamma', 'M1.letter')][9].startswith("<script>alert('x')</script>")
assert cell[('gamma', 'O2.adoptions')][8] == '0.5'
assert cell[('delta', 'O2.adoptions')][8] == '10' and cell[('delta', 'O2.adoptions')][7] == 'na'
assert cell[('delta', 'O2.adoptions')][6] == 'n/a', 'the status word, its code beside it'
assert cell[('town', 'O2.people')][8] == '60'
assert cell[('alpha', 'O2.people')][7] == 'todo' and cell[('alpha', 'O2.people')][8] == ''
assert cell[('gamma', 'M1.letter')][10] == '2026-03-04T11:00:00+08:00'
assert cell[('anshan', 'M1.meetings')][5] == 'Work meetings held'
assert cell[('anshan', 'M1.meetings')][2] == 'village' and cell[('anshan', 'M1.meetings')][3] == 'village'
assert not any(c and c[0] in '=+-@\t\r' for r in body for c in r), 'a formula cell'
PY

run qtown -w "$ws" report --format csv --lang zh
check "CSV titles follow --lang" grep -q "例会次数" "$TEST_TMP/.out"

# ---- html -------------------------------------------------------------
run qtown -w "$ws" report --format html -o "$TEST_TMP/r.html"
expect_status 0 "html report to a file"
check "the HTML parses, escapes every piece of data and loads nothing" python3 - "$TEST_TMP/r.html" <<'PY'
import sys
from html.parser import HTMLParser
allowed = {'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'p', 'ul',
           'li', 'section', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'div', 'svg', 'rect',
           'line'}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.attrs = [], [], []
    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
    def handle_data(self, data):
        self.text.append(data)
src = open(sys.argv[1], encoding='utf-8').read()
p = P()
p.feed(src)
p.close()
bad = set(p.tags) - allowed
assert not bad, bad
text = ''.join(p.text)
assert "<script>alert('x')</script> & <b>bold</b> \"quoted\"" in text, 'note not shown as text'
assert '=SUM(A1)+<b>Zeta</b>' in text
assert 'ESC:\\x1b[31m red, BEL:\\x07, C1:\\x9b, RLO:\\u202eevil' in text
assert '\x1b' not in src and '\u202e' not in src and '\x07' not in src and '\x9b' not in src
low = src.lower()
for ref in ('src=', 'href=', 'url(', '@import', '<script', '<link', '<img', '<iframe', 'http://evil'):
    if ref == 'http://evil':
        continue
    assert ref not in low, ref
for name, value in p.attrs:
    assert name in ('class', 'lang', 'charset', 'name', 'content', 'viewbox', 'preserveaspectratio',
                    'role', 'width', 'height', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'style'), name
    assert '<' not in (value or '') and 'evil' not in (value or ''), (name, value)
assert '@page' in src and 'A4' in src, 'no A4 page rule'
assert 'Town score: 67.5 (grade C)' in text
assert text.count('[x] met') == 7 and text.count('[!] not met') == 2
PY

run qtown -w "$ws" report --format html --lang zh
check "the Chinese HTML says lang=zh-CN" grep -q '<html lang="zh-CN">' "$TEST_TMP/.out"

# ---- markdown ---------------------------------------------------------
run qtown -w "$ws" report --format markdown -o "$TEST_TMP/r.md"
expect_status 0 "markdown report"
check "Markdown tables keep their shape and data cannot make markup" python3 - "$TEST_TMP/r.md" <<'PY'
import re, sys
md = open(sys.argv[1], encoding='utf-8').read()
def cells(line):
    # split on pipes that are not escaped
    return re.split(r'(?<!\\)\|', line)
table = None
for line in md.split('\n'):
    if line.startswith('|'):
        n = len(cells(line))
        table = table or n
        assert n == table, ('ragged table row', line)
    else:
        table = None
# every < > [ ] ` * _ | coming from data is escaped: no raw tag, link or code
assert not re.search(r'(?<!\\)<(script|b)\b', md), 'raw HTML in Markdown'
assert not re.search(r'(?<!\\)\]\(', md), 'a link in Markdown'
assert "\\<script>alert('x')\\</script>" in md
assert '=SUM(A1)+\\<b>Zeta\\</b>' in md
assert '\x1b' not in md and '\u202e' not in md
assert '- Town score: 67.5 (grade C)' in md
assert '  \\# not a heading' in md and '  \\| a \\| table' in md
heads = [l for l in md.split('\n') if l.startswith('#')]
assert all(l.startswith('# ') or l.startswith('## ') for l in heads), heads
assert not any('not a heading' in l for l in heads)
# indented up to three spaces a line could still open a block
assert '\\## indented, still not a heading' in md and '\\- indented, not a list' in md
assert not [l for l in md.split('\n') if 'indented' in l and re.match(r'\s*(#|- )', l)]
PY

check "reports never change the workspace" test "$before" = "$(snapshot "$ws")"

# ---- -o: atomic, and refusals -------------------------------------------
printf 'old report\n' >"$TEST_TMP/old.txt"
chmod 640 "$TEST_TMP/old.txt"
run qtown -w "$ws" report -o "$TEST_TMP/old.txt"
expect_status 0 "-o replaces an existing file"
check "with the report" grep -q "Town score: 67.5" "$TEST_TMP/old.txt"
check "keeping its mode" test "$(stat -c %a "$TEST_TMP/old.txt")" = 640
check "and no temporary file left" test -z "$(find "$TEST_TMP" -maxdepth 1 -name '.*tmp*')"
run qtown -w "$ws" report -o "$TEST_TMP/no/such/dir/r.txt"
expect_status 1 "-o into a missing folder fails"
expect_err "no/such/dir"
run qtown -w "$ws" report --format pdf
expect_status 2 "an unknown format is a usage error"
expect_err "--format takes text, markdown, html or csv"
run qtown -w "$ws" report extra
expect_status 2 "a stray argument is a usage error"
run qtown -w "$ws" report --lang fr
expect_status 2 "an unknown language is a usage error"

# ---- a broken unit: the report is made, says so, and the status is 1 ---
printf 'id: dongpo\nkind: village\nname: [broken\n' >"$ws/villages/dongpo.yaml"
run qtown -w "$ws" report
expect_status 1 "a broken unit file gives status 1"
expect_err "dongpo.yaml:[0-9]+:[0-9]+: "
expect_out "1 unit files could not be read and are left out"
expect_out "Units: 3 villages, 6 enterprises"

# ---- the demo, every format ---------------------------------------------
demo=$(new_workspace --demo)
for f in text markdown html csv; do
    run qtown -w "$demo" report --format "$f"
    expect_status 0 "the demo's $f report"
done
expect_out "嘉泽镇"

# Text from the plan (a grade's name) never reaches the terminal raw either.
hostile=$(new_workspace --demo)
sed 's/^  - grade: D$/  - grade: "D\\e]0;pwned\\a"/' "$SRCDIR/data/plans/jiaze-2016.yaml" >"$hostile/plan.yaml"
check "the hostile grade is in the plan" grep -q 'pwned' "$hostile/plan.yaml"
for f in text markdown; do
    run qtown -w "$hostile" report --format $f --lang en
    check "$f report: the plan's escape sequence is inert" bash -c '! grep -q $'"'"'\033'"'"' <<<"$1" && grep -qF "pwned" <<<"$1"' _ "$OUT"
done

done_testing
