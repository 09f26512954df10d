#!/usr/bin/env bash
# The ledger in the screens, headless (keys from a script, the screen
# dumped): F attaches evidence (the path completed by Tab, the title, the
# validity), the detail pane and the row show it, O opens its file with
# $QTOWN_OPEN (no shell; a changed file is refused), and leaving the unit
# offers the visit with the checks just changed (Enter records, Esc skips).
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace --demo)
export QTOWN_TODAY=2016-07-20
docs="$TEST_TMP/扫描 件"
mkdir -p "$docs"
printf 'certificate' >"$docs/质量证书 2016.pdf"
printf 'a' >"$docs/photo-1.jpg"
printf 'b' >"$docs/photo-2.jpg"
mkfifo "$docs/pipe.pdf"
opened="$TEST_TMP/opened"
viewer="$TEST_TMP/viewer.sh"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s"\n' "$opened" >"$viewer"
chmod +x "$viewer"

# screens KEYS: qtown on the keys at 100x30, in Chinese, the dumps in OUT.
screens() {
    printf '%s' "$1" >"$TEST_TMP/keys"
    rm -f "$TEST_TMP/screens"
    run env COLUMNS=100 LINES=30 TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" \
        QTOWN_TEST_SCREEN="$TEST_TMP/screens" QTOWN_OPEN="$viewer" timeout 20 "$QTOWN" -w "$ws" \
        --lang zh
    OUT=$(cat "$TEST_TMP/screens" 2>/dev/null)
}

# dump N: the Nth screen dumped.
dump() { awk -v n="$1" 'BEGIN{RS="<<<end of screen>>>\n"} NR==n' "$TEST_TMP/screens"; }

# The town's checklist (first in the list), its first check: O1.town-pass-rate.
open_town='<Enter><Down>'
screens "${open_town}F$docs/质<Tab><dump><Enter><dump>"
expect_status 0 "F, a path, Tab"
check "Tab completes the one match (blanks and Chinese)" \
    grep -q "文件（Tab 补全；留空：无文件）：$docs/质量证书 2016.pdf" <(dump 1)
check "then the title is asked, the file's name offered" grep -q "名称：质量证书 2016.pdf" <(dump 2)

screens "${open_town}F$docs/ph<Tab><dump>"
check "Tab completes what several share and lists them" grep -q "photo-1.jpg  photo-2.jpg" <(dump 1)
check "the text so far" grep -q "：$docs/photo-" <(dump 1)

screens "${open_town}F$docs/质<Tab><Enter>ISO 9001<Enter>+10<Enter><dump>O<dump>"
expect_status 0 "attach with a title and a validity of 10 days"
check "the status line says it was attached" grep -q "已添加台账 e-[0-9a-f]\{6\} 到 O1.town-pass-rate" <(dump 1)
check "the detail pane shows it, numbered" grep -q "\[1\] 质量证书 2016.pdfISO 9001; 有效期至" <(dump 1)
check "with its validity" grep -q "2016-07-30（还剩 10 天）" <(dump 1)
check "and the file's name" grep -q "质量证书_2016-[0-9a-f]\{8\}\.pdf" <(dump 1)
check "the row says the evidence is expiring" grep -q "\[台账即将到期\]" <(dump 1)
check "the record is in the town's file" grep -q "valid_until: 2016-07-30" "$ws/town.yaml"
for i in $(seq 50); do [ -s "$opened" ] && break; sleep 0.1; done
check "O opened the copy with \$QTOWN_OPEN" grep -q "^$ws/evidence/town/质量证书_2016-.*\.pdf$" "$opened"
check "as one argument, nothing else" test "$(wc -l <"$opened")" -eq 1

# Leaving: the visit is offered with the check; Enter records it.
screens "${open_town}<Esc><dump>看了证书<Enter><dump>"
check "leaving a unit not changed this time offers nothing" \
    grep -q "单位 (示例数据)" <(dump 1)
screens "${open_town}d<Esc><dump>看了证书<Enter><dump>"
check "after a change, leaving offers the visit" grep -q "今天走访嘉泽镇，备注：" <(dump 1)
check "with the checks just changed" grep -q "检查项：O1.town-pass-rate" <(dump 1)
check "Enter records it" grep -q "已记录走访 v-[0-9a-f]\{6\}（嘉泽镇）" <(dump 2)
check "in the town's file" grep -qA4 "^visits:" "$ws/town.yaml"
check "with today, the checks and the note" \
    grep -q "date: 2016-07-20" <(sed -n '/^visits:/,/^history:/p' "$ws/town.yaml")
check "the note" grep -q "note: 看了证书" "$ws/town.yaml"

# Refusals: a FIFO does not hang the screens; a changed file is not opened.
rm -f "$opened"
screens "${open_town}F$docs/pipe.pdf<Enter><dump>"
expect_status 0 "a FIFO neither hangs nor is attached"
check "it says why" grep -q "命名管道，不是普通文件" <(dump 1)
copy=$(ls "$ws"/evidence/town/*.pdf)
printf 'changed' >>"$copy"
screens "${open_town}O<dump>"
check "a file changed since it was attached is not opened" grep -q "未打开：.*改动" <(dump 1)
sleep 0.3
check "the viewer was not run" test ! -e "$opened"
QTOWN_OPEN=/nonexistent/viewer screens "${open_town}<dump>"
check "nothing else broke" test "$STATUS" -eq 0

done_testing
