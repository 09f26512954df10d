#!/usr/bin/env bash
# qtown report as a meeting hands it out: the title names the town, the
# programme and the day; dates read as the reader writes them; Markdown
# without needless escapes; CSV headers and words in the report's
# language with the codes beside them; the scores CSV read back against
# the hand-computed figures of tests/data/report-ws/README.md.
. "$(dirname "$0")/../lib.sh"

demo=$(new_workspace --demo)
ws="$TEST_TMP/fixture"
cp -r "$SRCDIR/tests/data/report-ws" "$ws"
export QTOWN_TODAY=2016-11-29

# ---- the title and the dates, per language ------------------------------
zh_title='嘉泽镇2016年质量强镇工作进展报告（截至2016年11月29日）'
en_title='嘉泽镇: 2016 Quality-Strong Town progress report (as of 29 November 2016)'
run qtown -w "$demo" report --lang zh
expect_status 0 "the Chinese text report"
check "its first line is the title" test "$(head -1 <<<"$OUT")" = "$zh_title"
expect_out "依据：《嘉泽镇2016年质量强镇工作的实施意见》（嘉政发〔2016〕7号，嘉泽镇人民政府，2016年3月18日）" \
    "the document it follows, its date in Chinese"
expect_out "报告生成于 2025年11月26日 10:15" "when it was made, in Chinese"
expect_no_out "2025-11-26T" "no ISO timestamp in the text"
run qtown -w "$demo" report --lang en
check "the English title" test "$(head -1 <<<"$OUT")" = "$en_title"
expect_out "Report made 26 November 2025, 10:15" "when it was made, in English"
expect_out "(嘉政发〔2016〕7号, Jiaze Town People's Government, 18 March 2016)"
run qtown -w "$demo" report --format markdown --lang zh
check "the Markdown title" test "$(head -1 <<<"$OUT")" = "# $zh_title"
run qtown -w "$demo" report --format html --lang zh
expect_out "<title>$zh_title</title>" "the HTML's title"
expect_out "<h1>$zh_title</h1>" "and its heading"
QTOWN_TODAY=2016-02-30 run qtown -w "$demo" report
expect_status 1 "QTOWN_TODAY that is no date is refused"
expect_err "QTOWN_TODAY"

# a failed check's time in the reader's words (the fixture: gamma's letter)
run qtown -w "$ws" report --lang zh
expect_out "更新 2026年3月4日 11:00 由" "a check's update time in Chinese"
run qtown -w "$ws" report --lang en
expect_out "updated 4 March 2026, 11:00 by" "and in English"

# ---- Markdown: no needless escapes ----------------------------------------
run qtown -w "$demo" report --format markdown --lang en
check "no escaped figures or comparisons" python3 - "$TEST_TMP/.out" <<'PY'
import re, sys
md = open(sys.argv[1], encoding='utf-8').read()
assert not re.search(r'\d\\\.', md), re.findall(r'.{20}\d\\\..{10}', md)[:3]
assert '\\>' not in md and '\\=' not in md and '\\[' not in md and '\\-' not in md, 'needless escape'
assert '| >= 85% |' in md or '>= 85%' in md, 'the target reads >= 85%'
assert re.search(r'\| \d+(\.\d)?% \(\d+/\d+\) \|', md), 'a rate reads 96.8% (n/m)'
PY

# ---- CSV in the report's language ----------------------------------------
run qtown -w "$ws" report --format csv --lang zh -o "$TEST_TMP/zh.csv"
expect_status 0 "the Chinese CSV"
check "headers, kinds and statuses in Chinese, the codes beside them" python3 - "$TEST_TMP/zh.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
assert rows[0][:12] == ['单位编号', '单位名称', '类别', '类别代码', '检查项编号', '检查项', '状态',
                       '状态代码', '数值', '备注', '更新时间', '更新人'], rows[0]
assert rows[0][12] == '整改未完成' and rows[0][-2:] == ['期间变化次数', '台账'], rows[0]
cell = {(r[0], r[4]): r for r in rows[1:]}
assert cell[('delta', 'O1.iso')][6:8] == ['未通过', 'failed'], cell[('delta', 'O1.iso')]
assert cell[('delta', 'O2.adoptions')][6:8] == ['不适用', 'na']
assert cell[('anshan', 'O3.clean')][2:4] == ['行政村', 'village']
assert cell[('town', 'O1.rate')][2:4] == ['全镇', 'town']
PY

# ---- the scores CSV, read back --------------------------------------------
for l in en zh; do
    run qtown -w "$ws" report --format csv --what scores --lang $l -o "$TEST_TMP/scores-$l.csv"
    expect_status 0 "the scores CSV ($l)"
done
check "the scores read back as computed by hand" python3 - "$TEST_TMP/scores-en.csv" "$TEST_TMP/scores-zh.csv" <<'PY'
import csv, sys
en = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
zh = list(csv.reader(open(sys.argv[2], encoding='utf-8-sig', newline='')))
assert en[0] == ['unit_id', 'name', 'kind', 'kind_code', 'rank', 'score', 'grade',
                 'Main objectives: points', 'Main objectives: share',
                 'Main measures: points', 'Main measures: share',
                 'done', 'applicable', 'failed',
                 'score_last_year', 'score_change', 'grade_last_year'], en[0]
assert zh[0][:7] == ['单位编号', '单位名称', '类别', '类别代码', '名次', '得分', '等级'], zh[0]
assert len(en) == 12 and [r[0] for r in en[1:]] == [r[0] for r in zh[1:]]
got = {r[0]: (r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]) for r in en[1:]}
want = {
    'town':    ('town', '', '67.5', 'C', '37.5', '60', '30', '40'),
    'anshan':  ('village', '1', '100', 'A', '60', '60', '40', '40'),
    'baishui': ('village', '2', '82.9', 'B', '60', '60', '22.9', '40'),
    'dongpo':  ('village', '3', '71.4', 'C', '', '', '71.4', '100'),
    'chenjia': ('village', '4', '49.2', 'D', '22.5', '60', '26.7', '40'),
    'alpha':   ('enterprise', '1', '85', 'B', '45', '60', '40', '40'),
    'zeta':    ('enterprise', '2', '60', 'C', '20', '60', '40', '40'),
    'beta':    ('enterprise', '3', '50', 'D', '30', '60', '20', '40'),
    'gamma':   ('enterprise', '4', '22.5', 'D', '22.5', '60', '0', '40'),
    'delta':   ('enterprise', '5', '0', 'D', '0', '60', '0', '40'),
    'epsilon': ('enterprise', '5', '0', 'D', '0', '60', '0', '40'),
}
assert got == want, [(k, got.get(k), v) for k, v in want.items() if got.get(k) != v]
order = [r[0] for r in en[1:]]
# equal scores in pinyin order of the names: 艾普西隆 (ai) before 德尔塔 (de)
assert order == ['town', 'anshan', 'baishui', 'dongpo', 'chenjia', 'alpha', 'zeta', 'beta',
                 'gamma', 'epsilon', 'delta'], order
zeta = [r for r in en if r[0] == 'zeta'][0]
assert zeta[1] == "'=SUM(A1)+<b>Zeta</b>", 'a name that would be a formula stays text'
PY

# ---- bad inputs -----------------------------------------------------------
run qtown -w "$ws" report --format csv --what everything
expect_status 2 "--what takes checks or scores"
expect_err "--what takes checks or scores, not 'everything'"
run qtown -w "$ws" report --format html --what scores
expect_status 2 "--what goes with CSV only"
expect_err "--what goes with --format csv"
run qtown -w "$ws" report --format csv --what
expect_status 2 "--what needs a value"

done_testing
