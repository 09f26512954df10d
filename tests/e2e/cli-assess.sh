#!/usr/bin/env bash
# qtown assess / new-year: the year-end assessment of a small workspace on
# the mini plan with assessment rules (every figure below computed by
# hand), the office's notes kept in a draft, a final assessment never
# rewritten, what changed after it, the next year's workspace, and every
# bad input refused with every file as it was.
. "$(dirname "$0")/../lib.sh"

export QTOWN_TODAY=2026-12-20 QTOWN_NOW=1797732000 # 2026-12-20T10:00:00+08:00
export GIT_AUTHOR_NAME=tester GIT_AUTHOR_EMAIL=t@example.org \
    GIT_COMMITTER_NAME=tester GIT_COMMITTER_EMAIL=t@example.org
plan="$TEST_TMP/assess-plan.yaml"
cat "$SRCDIR/tests/data/mini-plan.yaml" - >"$plan" <<'YAML'
assessment:
  text: {zh: 严格考核落实奖惩。, en: Strict assessment.}
  outcomes:
  - grade: A
    text: {zh: 通报表彰, en: Commended}
  - grade: D
    text: {zh: 限期整改, en: Rectification plan due}
    due_days: 30
YAML
ws=$(new_workspace --plan "$plan")
q() { qtown -w "$ws" "$@"; }
q add village v1 一村 --attr households=120 >/dev/null
q add village v2 二村 --attr households=50 >/dev/null
q add enterprise e1 甲厂 --attr industrial=true --attr annual_sales_wan=3000 --attr size=large >/dev/null
q add enterprise e2 乙厂 --attr industrial=false --attr annual_sales_wan=500 >/dev/null
q set v1 M1.letter done >/dev/null
q set v2 M1.letter doing >/dev/null
q set e1 O1.iso done >/dev/null
q set e1 O2.people doing --value 30 >/dev/null
q set e2 O1.iso done >/dev/null
q set e2 O2.people done --value 80 >/dev/null
q set e2 M1.letter done >/dev/null
git -C "$ws" add -A && git -C "$ws" commit -qm data
head=$(git -C "$ws" rev-parse HEAD)

# ---- a draft ------------------------------------------------------------------
# v1: measures only (M1.letter done): 100.0 A, rank 1 of the villages.
# v2: M1.letter doing (0.5): 50.0 D, rank 2, its rectification due 30 days on.
# e1: objectives O1 (iso done: 1) and O2 (people doing, 30 < 60: 0.5) pool
#     to 0.75 x 60 = 45; measures (letter todo) 0: 45.0 D, rank 2.
# e2: everything done, 80 >= 60: 100.0 A (60 + 40), rank 1.
# town: objectives O1.rate, O1.district (todo), T-iso (e1 alone in its
#     filter, certified: met, 1), T-rate (no values: 0); O2.people (todo),
#     T-people (no value: 0): 1/6 x 60 = 10; measures: T-letters (v1: met)
#     40.  50.0 D.  Targets: T-iso, T-letters met; T-rate, T-people unknown.
run q assess --by 钱志锋
expect_status 0 "assess"
f="$ws/assessments/2026.yaml"
check "the draft's figures, as computed by hand" python3 - "$f" "$head" <<'PY'
import sys
s = open(sys.argv[1], encoding='utf-8').read()
head = sys.argv[2]
want = f'''year: 2026
state: draft
day: 2026-12-20
recorded: 2026-12-20T10:00:00+08:00
by: 钱志锋
plan:
  id: mini
  sha256: '''
assert s.startswith(want), s[:400]
assert f'data:\n  commit: "{head}"\n  uncommitted: false\n' in s or f'data:\n  commit: {head}\n  uncommitted: false\n' in s, s
assert 'targets:\n  met: [T-iso, T-letters]\n  not_met: []\n  unknown: [T-rate, T-people]\n' in s, s
units = s.split('units:\n', 1)[1]
assert '''- id: town
  kind: town
  name: town
  score: 50
  grade: D
  sections: {objectives: 10, measures: 40}
  outcome: Rectification plan due
  due: 2027-01-19
''' in units, units
assert '''- id: v1
  kind: village
  name: 一村
  score: 100
  grade: A
  rank: 1
  sections: {objectives: 0, measures: 100}
  outcome: Commended
''' in units, units
assert '- id: v2\n  kind: village\n  name: 二村\n  score: 50\n  grade: D\n  rank: 2\n' in units
assert '- id: e1\n  kind: enterprise\n  name: 甲厂\n  score: 45\n  grade: D\n  rank: 2\n  sections: {objectives: 45, measures: 0}\n  outcome: Rectification plan due\n  due: 2027-01-19\n' in units, units
assert '- id: e2\n  kind: enterprise\n  name: 乙厂\n  score: 100\n  grade: A\n  rank: 1\n  sections: {objectives: 60, measures: 40}\n' in units
PY
sha=$(sha256sum "$plan" | cut -d' ' -f1)
check "the plan's digest is the sha256 of its text" grep -qE "sha256: \"?$sha\"?$" "$f"
expect_out "Town targets: 2 met, 0 not met, 2 not known"
check "the table shows e1's 45.0, D, rank 2, due date" grep -qE '^e1 +甲厂 +45\.0 +D +2 +Rectification plan due +2027-01-19$' <<<"$OUT"

# the office writes notes in the draft: a recomputation keeps them
python3 - "$f" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding='utf-8').read()
s = s.replace('  outcome: Rectification plan due\n  due: 2027-01-19\n- id: e2', '  outcome: Rectification plan due\n  due: 2027-01-19\n  note: 已约谈\n- id: e2', 1)
s = s.replace('targets:\n', 'note: 办公室复核\ntargets:\n', 1)
open(p, 'w', encoding='utf-8').write(s)
PY
run q check
expect_status 0 "check reads the edited draft"
QTOWN_TODAY=2026-12-21 run q assess
expect_status 0 "assess again"
check "the office's notes kept" grep -q "note: 已约谈" "$f"
check "... and the assessment's note" grep -q "^note: 办公室复核" "$f"
check "the draft computed again on its new day" grep -q "^day: 2026-12-21" "$f"
check "the assessment's own file is no uncommitted data" grep -q "uncommitted: false" "$f"
# a change not committed yet: the draft says so, and e1's letter in progress
# earns it half the measures' 40 points: 45 + 20 = 65.0 C
q set e1 M1.letter doing >/dev/null
run q assess
check "uncommitted data recorded as such" grep -q "uncommitted: true" "$f"
check "e1 recomputed: 65.0 C" grep -qE '^e1 +甲厂 +65\.0 +C +2$' <<<"$OUT"
q set e1 M1.letter todo >/dev/null

# ---- bad inputs leave every file as it was ----------------------------------
before=$(snapshot "$ws")
run q assess extra
expect_status 2 "assess with an argument: usage"
run q assess --bogus
expect_status 2 "assess with an unknown option: usage"
run q assess --by ""
expect_status 2 "assess --by empty: usage"
cp "$f" "$TEST_TMP/draft.yaml"
printf 'year: 2026\nstate: finished\nday: 2026-12-20\nunits:\n- id: Bad\n  kind: town\n' >"$f"
run q assess
expect_status 1 "a broken assessment file: refused"
expect_err "assessments/2026.yaml:2:8: .*finished" "FILE:LINE:COLUMN for a bad state"
check "the broken file left as it was" grep -q "state: finished" "$f"
run q check
expect_status 1 "check reports it"
expect_err "assessments/2026.yaml:5:7: .*Bad"
printf 'year: [2026\n' >"$f"
run q check
expect_status 1 "check: bad YAML"
expect_err "assessments/2026.yaml:[0-9]+:[0-9]+: "
printf 'year: 2025\nstate: draft\nday: 2026-12-20\n' >"$f"
run q check
expect_status 1 "a year not its file's"
expect_err "assessments/2026.yaml:1:7: "
cp "$TEST_TMP/draft.yaml" "$f"
check "nothing else changed" test "$before" = "$(snapshot "$ws")"

# ---- final ---------------------------------------------------------------------
run q assess --final
expect_status 0 "assess --final"
check "marked final" grep -q "^state: final" "$f"
check "the notes kept in the final one" grep -q "note: 已约谈" "$f"
cp "$f" "$TEST_TMP/final.yaml"
before=$(snapshot "$ws")
run q assess
expect_status 1 "a final assessment is never rewritten"
expect_err "assessments/2026.yaml: .*"
check "the final file untouched" cmp -s "$f" "$TEST_TMP/final.yaml"
run q assess --final
expect_status 1 "nor made final again"
check "nothing changed" test "$before" = "$(snapshot "$ws")"

# a change after the final assessment is shown
q set v1 M1.letter failed >/dev/null
q add village v3 三村 >/dev/null
run q assess --lang en
expect_status 1 "still refused after a change"
expect_out "Changed after the assessment (assessments/2026.yaml): 3 units"
expect_out "v1: 100.0 A then, 0.0 D now"
expect_out "town: 50.0 D then, 10.0 D now" "the town lost T-letters"
expect_out "v3: not in the assessment, 0.0 D now"
expect_no_out "The plan changed" "the plan has not changed"
cp "$ws/plan.yaml" "$TEST_TMP/plan-kept.yaml"
printf '# a comment added\n' >>"$ws/plan.yaml"
run q assess --lang en
expect_out "The plan changed after the assessment: mini then, mini now (its text differs)"
cp "$TEST_TMP/plan-kept.yaml" "$ws/plan.yaml"
check "the final file still untouched" cmp -s "$f" "$TEST_TMP/final.yaml"
run q report --lang en
expect_status 0 "report"
expect_out "Assessment of 2026 (20 December 2026, final): 3 units changed after the assessment" \
    "the report says what changed after the assessment"

# ---- a symlinked assessments/ folder ------------------------------------------
ws2=$(new_workspace --plan "$plan" --no-git)
mkdir "$TEST_TMP/elsewhere"
ln -s "$TEST_TMP/elsewhere" "$ws2/assessments"
run qtown -w "$ws2" assess
expect_status 1 "assessments/ a link: refused"
check "nothing written through the link" test -z "$(ls -A "$TEST_TMP/elsewhere")"
rm "$ws2/assessments"

# ---- the next year ------------------------------------------------------------
before=$(snapshot "$ws")
run q new-year "$TEST_TMP/y2027"
expect_status 0 "new-year"
n="$TEST_TMP/y2027"
check "the next year" grep -q "^year: 2027$" "$n/qtown.yaml"
check "the same plan" cmp -s "$plan" "$n/plan.yaml"
check "every unit file there" test "$(cd "$ws" && ls villages enterprises)" = "$(cd "$n" && ls villages enterprises)"
check "names and attributes kept, no state" python3 - "$ws" "$n" <<'PY'
import sys, os, re
old, new = sys.argv[1], sys.argv[2]
for d in ('villages', 'enterprises'):
    for name in [x for x in os.listdir(os.path.join(old, d)) if not x.startswith('.')]:
        a = open(os.path.join(old, d, name), encoding='utf-8').read()
        b = open(os.path.join(new, d, name), encoding='utf-8').read()
        head = lambda s: s.split('checks:', 1)[0]
        assert head(a) == head(b), (name, head(a), head(b))
        assert b.endswith('checks: {}\n'), b
        assert 'history' not in b and 'status' not in b, b
PY
check "this year's assessment linked, byte for byte" cmp -s "$f" "$n/assessments/2026.yaml"
expect_out "assessments/2026.yaml"
run qtown -w "$n" check
expect_status 0 "the new workspace checks"
run qtown -w "$n" list
expect_out "v3"
# year on year: v1 100, v2 50, e1 45, e2 100 then, all 0 now (v3 was not
# assessed); the town 50.0 D then, 0.0 D now; 2 targets met then, none now
run qtown -w "$n" report --lang en
expect_out "Year on year (assessment of 2026): 0 units better, 4 worse, 0 the same; targets met 2 then, 0 now, town score then 50.0 (D), now 0.0 (D)" \
    "the next year's report compares with the assessment linked"
# ... and so does the overview screen (headless: keys from a file, the screen dumped)
printf 'o<dump>q' >"$TEST_TMP/keys"
COLUMNS=160 LINES=45 TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" \
    QTOWN_TEST_SCREEN="$TEST_TMP/screen" qtown -w "$n" --lang en >/dev/null 2>&1
check "the overview shows year on year" \
    grep -qF "Year on year (assessment of 2026): 0 units better, 4 worse" "$TEST_TMP/screen"

# ---- year on year per unit ------------------------------------------------------
# the year before's final assessment: v1 100.0 A, v2 50.0 D, e1 45.0 D,
# e2 100.0 A, the town 50.0 D; v3 was added after it.  This year, by hand:
# v1 letter doing: 50.0 D (-50.0, A->D); v2 letter done: 100.0 A (+50.0,
# D->A); v3 letter done: 100.0 A, new; e1 as last year (iso done, 30 of 60
# people doing): 45.0 D (0.0, D); e2 nothing: 0.0 D (-100.0, A->D).  The
# town: T-iso (e1 certified) and T-letters (v2, v3) met: 50.0 D as before.
nq() { qtown -w "$n" "$@"; }
nq set v1 M1.letter doing >/dev/null
nq set v2 M1.letter done >/dev/null
nq set v3 M1.letter done >/dev/null
nq set e1 O1.iso done >/dev/null
nq set e1 O2.people doing --value 30 >/dev/null
run nq report --lang en
expect_status 0 "the report of the next year"
expect_out "Year on year (assessment of 2026): 1 units better, 2 worse, 1 the same; targets met 2 then, 2 now, town score then 50.0 (D), now 50.0 (D)"
check "text: v2 up 50 points, D->A" grep -qE '^ +1 +二村 +100\.0 \(\+50\.0\) +D->A +- ' <<<"$OUT"
check "text: v3 new" grep -qE '^ +1 +三村 +100\.0 \(new\) +A +- ' <<<"$OUT"
check "text: v1 down 50 points, A->D" grep -qE '^ +3 +一村 +50\.0 \(-50\.0\) +A->D +- ' <<<"$OUT"
check "text: e1 the same" grep -qE '^ +1 +甲厂 +45\.0 \(0\.0\) +D +45\.0/60 ' <<<"$OUT"
check "text: e2 down 100 points, A->D" grep -qE '^ +2 +乙厂 +0\.0 \(-100\.0\) +A->D +0\.0/60 ' <<<"$OUT"
run nq report --lang zh --format markdown
check "markdown: the change beside the score, the grade then and now" \
    grep -qF '| 1 | 二村 | 100.0（+50.0） | D→A | - | 100.0/100 | 1/1 | 0 |' <<<"$OUT"
check "markdown: a new unit" grep -qF '| 1 | 三村 | 100.0（新增） | A | - |' <<<"$OUT"
check "markdown: no change" grep -qF '| 1 | 甲厂 | 45.0（0.0） | D | 45.0/60 |' <<<"$OUT"
check "markdown: down" grep -qF '| 2 | 乙厂 | 0.0（-100.0） | A→D | 0.0/60 |' <<<"$OUT"
run nq report --lang en --format html
check "html: the score's change" grep -qF '<td>一村</td><td class="num">50.0 (-50.0)</td><td><span class="grade-then">A→</span><span class="grade g3">D</span>' <<<"$OUT"
check "html: a new unit" grep -qF '<td>三村</td><td class="num">100.0 (new)</td><td><span class="grade g0">A</span>' <<<"$OUT"
run nq report --lang en --format csv --what scores
expect_status 0 "the scores CSV"
check "the scores CSV read back: last year's score, the change and last year's grade" \
    python3 - "$TEST_TMP/.out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
got = {r['unit_id']: (r['score'], r['grade'], r['score_last_year'], r['score_change'], r['grade_last_year']) for r in rows}
want = {'town': ('50', 'D', '50', '0', 'D'), 'v1': ('50', 'D', '100', '-50', 'A'),
        'v2': ('100', 'A', '50', '50', 'D'), 'v3': ('100', 'A', '', '', ''),
        'e1': ('45', 'D', '45', '0', 'D'), 'e2': ('0', 'D', '100', '-100', 'A')}
assert got == want, got
PY
run nq report --lang zh --format csv --what scores
check "the CSV's headers in Chinese" grep -qF '已完成,适用,未通过,上年得分,得分变化,上年等级' <<<"$OUT"
run qtown -w "$ws" report --lang en --format csv --what scores
check "no year before: the columns are there, empty" \
    grep -qE '^v1,一村,village,village,2,0,D,,,0,100,0,1,1,,,.$' <<<"$OUT"
run qtown -w "$ws" report --lang en
check "no year before: the score alone" grep -qE '^ +2 +一村 +0\.0 +D +- ' <<<"$OUT"
# the overview's rankings at 80x24 (the points per part give way), 100x30
# and 160x45
for size in 80x24 100x30 160x45; do
    COLUMNS=${size%x*} LINES=${size#*x} TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" \
        QTOWN_TEST_SCREEN="$TEST_TMP/screen" qtown -w "$n" --lang zh >/dev/null 2>&1
    check "overview $size: v2 up, D->A" grep -qE '^ +1  二村 +100\.0（\+50\.0）  D->A ' "$TEST_TMP/screen"
    check "overview $size: v3 new" grep -qE '^ +1  三村 +100\.0（新增）  A ' "$TEST_TMP/screen"
    check "overview $size: e2 down" grep -qE '^ +2  乙厂 +0\.0（-100\.0）  A->D ' "$TEST_TMP/screen"
    check "overview $size: the top line keeps the score and grade" \
        grep -q '^qtown   2027  总览   全镇 50.0 分（D级）' "$TEST_TMP/screen"
done
COLUMNS=80 LINES=24 TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" \
    QTOWN_TEST_SCREEN="$TEST_TMP/screen" qtown -w "$n" --lang en >/dev/null 2>&1
check "overview in English: v3 new" grep -qE '^ +1  三村 +100\.0 \(new\)  A ' "$TEST_TMP/screen"
check "overview in English: v1 down, A->D" grep -qE '^ +3  一村 +50\.0 \(-50\.0\)  A->D ' "$TEST_TMP/screen"
# a grade of last year's plan longer than a short buffer, in Chinese: kept
# whole (never cut inside a character)
cp "$n/assessments/2026.yaml" "$TEST_TMP/linked.yaml"
sed -i '/^- id: v1$/,/^- id: v2$/s/^  grade: A$/  grade: 优秀优秀优秀优秀/' "$n/assessments/2026.yaml"
run nq report --lang en --format csv --what scores
check "a long grade then kept whole in the CSV" grep -qE '^v1,.*,100,-50,优秀优秀优秀优秀.$' <<<"$OUT"
run nq report --lang en --format markdown
check "... and in Markdown" grep -qF '| 3 | 一村 | 50.0 (-50.0) | 优秀优秀优秀优秀→D |' <<<"$OUT"
cp "$TEST_TMP/linked.yaml" "$n/assessments/2026.yaml"
check "the old workspace untouched" test "$before" = "$(snapshot "$ws")"

# bad inputs for new-year: nothing made, nothing changed
mkdir "$TEST_TMP/full" && echo x >"$TEST_TMP/full/keep"
run q new-year "$TEST_TMP/full"
expect_status 1 "a folder that is not empty: refused"
check "its file left alone" test "$(ls -A "$TEST_TMP/full")" = keep
echo x >"$TEST_TMP/a-file"
run q new-year "$TEST_TMP/a-file"
expect_status 1 "a file, not a folder: refused"
expect_err "a-file: not an empty folder"
check "the file left alone" test "$(cat "$TEST_TMP/a-file")" = x
mkdir "$TEST_TMP/target"
ln -s "$TEST_TMP/target" "$TEST_TMP/link"
run q new-year "$TEST_TMP/link"
expect_status 1 "a link: refused"
check "nothing written through it" test -z "$(ls -A "$TEST_TMP/target")"
# a folder inside this workspace, or holding it, in every spelling: refused
# with its own message before anything is made
folders() { find "$ws" -path "$ws/.qtown" -prune -o -type d -print | sort; }
folders_before=$(folders)
run q new-year "$ws/next"
expect_status 1 "a folder inside the workspace: refused"
expect_err "next: inside this year's workspace \\($(realpath "$ws")\\)" "the message names the workspace"
run q new-year "$ws/villages/deeper/still"
expect_status 1 "a folder deep inside the workspace: refused"
run q new-year "$ws"
expect_status 1 "the workspace itself: refused"
expect_err "inside this year's workspace"
ln -s "$ws" "$TEST_TMP/ws-link"
run q new-year "$TEST_TMP/ws-link/sub/next"
expect_status 1 "inside the workspace through a link: refused"
expect_err "inside this year's workspace"
run q new-year "$TEST_TMP/not-there/../$(basename "$ws")/next"
expect_status 1 "inside the workspace through '..' past a missing folder: refused"
expect_err "inside this year's workspace"
run sh -c 'cd "$1/villages" && shift && "$@"' _ "$ws" "$QTOWN" new-year ../next
expect_status 1 "inside the workspace, relative to it: refused"
expect_err "inside this year's workspace"
run q new-year "$TEST_TMP"
expect_status 1 "a folder holding the workspace: refused"
expect_err "holds this year's workspace"
run q --lang zh new-year "$ws/next"
expect_err "位于本年度工作区" "in Chinese too"
check "no folder made in the workspace" test "$folders_before" = "$(folders)"
check "no file either" test "$before" = "$(snapshot "$ws")"
check "nothing made beside it" test ! -e "$TEST_TMP/not-there"
run q new-year "$TEST_TMP/y1" --year 2026
expect_status 2 "--year not after this year: usage"
run q new-year "$TEST_TMP/y1" --year 20x8
expect_status 2 "--year not a year: usage"
run q new-year
expect_status 2 "no DIR: usage"
run q new-year "$TEST_TMP/y1" --plan "$TEST_TMP/none.yaml"
expect_status 1 "a plan that is not there"
printf 'id: [broken\n' >"$TEST_TMP/bad-plan.yaml"
run q new-year "$TEST_TMP/y1" --plan "$TEST_TMP/bad-plan.yaml"
expect_status 1 "a broken plan"
expect_err "bad-plan.yaml:[0-9]+:[0-9]+: "
grep -v "households" "$plan" >"$TEST_TMP/no-households.yaml"
run q new-year "$TEST_TMP/y1" --plan "$TEST_TMP/no-households.yaml"
expect_status 1 "an attribute the next plan does not know"
expect_err "households"
check "nothing made for any of them" test ! -e "$TEST_TMP/y1"
check "the old workspace still untouched" test "$before" = "$(snapshot "$ws")"

done_testing
