#!/usr/bin/env bash
# qtown import: a units sheet and a checks sheet (the report's CSV too),
# UTF-8 with or without a BOM and GB18030; every kind of bad row refused
# at FILE:LINE:COLUMN with nothing changed; list and report round trips.
. "$(dirname "$0")/../lib.sh"
export QTOWN_NOW=1764123300 TZ=Asia/Shanghai

ws=$(new_workspace --demo)
q() { qtown -w "$ws" --lang en "$@"; }
village=$ws/villages/chenshan.yaml
bom=$'\xEF\xBB\xBF'

# ---- round trips: what qtown writes reads back as no change -------------
# (a note with a tab, an escape sequence and a line break: the report
# writes it made visible, which reads back as no change)
q set fengyang O1.patrol done --note "$(printf 'tab\there\033[31m red\nline 2')" >/dev/null
before=$(snapshot "$ws")
q list --format csv >units.csv
run q import units.csv
expect_status 0 "the list's CSV imports back"
expect_out "nothing to change"
q report --format csv >report-en.csv
qtown -w "$ws" --lang zh report --format csv >report-zh.csv
run q import report-en.csv
expect_out "nothing to change" "the English report's CSV imports back unchanged"
run q import report-zh.csv
expect_status 0 "the Chinese report's CSV (localised headers) imports back"
expect_out "nothing to change"
check "the round trips changed no file" test "$(snapshot "$ws")" = "$before"
# Excel writes true back as TRUE and may respell numbers: the same values
sed 's/,true,/,TRUE,/g; s/,742,/,742.0,/' units.csv >units-excel.csv
check "the Excel-like copy differs" test "$(grep -c TRUE units-excel.csv)" -gt 0
run q import units-excel.csv
expect_out "nothing to change" "TRUE for true, 742.0 for 742: no change"
sed 's/,96\.8,/,96.80,/' report-en.csv >report-excel.csv
check "the respelt value is there" grep -q ',96.80,' report-excel.csv
run q import report-excel.csv
expect_out "nothing to change" "a value respelt (96.80 for 96.8): no change"
check "and no file changed" test "$(snapshot "$ws")" = "$before"

# ---- bad rows: each refused where it is, nothing changed ----------------
bad() { # NAME CONTENT MESSAGE-REGEX [IMPORT-OPTIONS...]
    local name=$1 content=$2 msg=$3
    shift 3
    printf '%s' "$content" >bad.csv
    run q import bad.csv "$@"
    expect_status 1 "refused: $name"
    expect_err "$msg"
    check "nothing changed: $name" test "$(snapshot "$ws")" = "$before"
}
ok_row='chenshan,M8.assessment,done'
bad "an unknown unit" $'unit,check,status\n'"$ok_row"$'\nnowhere,M8.assessment,done\n' \
    "^bad.csv:3:1: no unit with the id or name 'nowhere'"
bad "an unknown check" $'unit,check,status\n'"$ok_row"$'\nchenshan,M8.assesment,done\n' \
    "^bad.csv:3:10: unknown check 'M8.assesment' .*did you mean M8.assessment"
bad "a bad status" $'unit,check,status\n'"$ok_row"$'\nchenshan,O1.patrol,finished\n' \
    "^bad.csv:3:20: unknown status 'finished' \(expected todo, doing, done, failed or na\)"
bad "a check of another kind" $'unit,check,status\nchenshan,O2.jiangsu-brand,done\n' \
    "^bad.csv:2:10: check 'O2.jiangsu-brand' does not apply to village units"
bad "a value of the wrong type" $'unit,check,status,value\ntown,O1.town-pass-rate,done,97%\n' \
    "^bad.csv:2:29: a value is a number, not '97%'"
bad "a value for a check without one" $'unit,check,status,value\n'"$ok_row"$',3\n' \
    "^bad.csv:2:29: check 'M8.assessment' takes no value"
bad "a duplicate check row" $'unit,check,status\n'"$ok_row"$'\nchenshan,O1.patrol,done\n晨山村,M8.assessment,todo\n' \
    "^bad.csv:4:1: chenshan M8.assessment is given twice \(also on line 2\)"
bad "a formula cell" $'unit,check,status,note\n'"$ok_row"$',=HYPERLINK("http://x")\n' \
    "^bad.csv:2:29: a cell starting with '=' is a formula"
bad "a formula cell with @" $'kind,id,name\nvillage,newv,@SUM(A1)\n' \
    "^bad.csv:2:14: a cell starting with '@' is a formula"
bad "a formula cell that only looks like a number (hex)" $'unit,check,status,note\n'"$ok_row"$',-0x10\n' \
    "^bad.csv:2:29: a cell starting with '-' is a formula"
printf 'unit,check,status,value,note\ntown,O1.town-pass-rate,done,+97.5,-12\n' >signs.csv
run q import --dry-run signs.csv
expect_status 0 "a cell starting with + or - that is a plain number is no formula"
expect_out "value -> +97.5, note changed"
check "and the dry run changed nothing" test "$(snapshot "$ws")" = "$before"
bad "a wrong header" $'unit,check,state\n'"$ok_row"$'\n' \
    "^bad.csv:1:1: not a sheet qtown imports"
bad "a wrong header (no name column)" $'kind,id,title\nvillage,newv,x\n' \
    "^bad.csv:1:1: not a sheet qtown imports"
bad "an unknown column in a checks sheet" $'unit,check,status,remark\n'"$ok_row"$',x\n' \
    "^bad.csv:1:19: unknown column 'remark'"
bad "a column named twice" $'unit,check,status,note,note\n'"$ok_row"$',a,b\n' \
    "^bad.csv:1:24: the column 'note' is named twice"
bad "an unknown attribute" $'kind,id,name,households,population\nvillage,newv,新村,5,6\n' \
    "^bad.csv:1:25: unknown attribute 'population'"
bad "an attribute of the wrong type" $'kind,id,name,households\nvillage,newv,新村,many\n' \
    "^bad.csv:2:17: attribute 'households' must be a number, not 'many'"
bad "an attribute value not allowed" $'kind,id,name,size\nenterprise,newe,新企业,huge\n' \
    "^bad.csv:2:21: attribute 'size' cannot be 'huge'"
bad "an attribute of another kind" $'kind,id,name,size\nvillage,chenshan,晨山村,large\n' \
    "^bad.csv:2:22: attribute 'size' .*village"
bad "a duplicate unit row" $'kind,id,name\nvillage,newv,新村\nvillage,newv,新村二\n' \
    "^bad.csv:3:9: unit newv is given twice \(also on line 2\)"
bad "two rows giving one name" $'kind,id,name\nvillage,newv,新村\nvillage,neww,新村\n' \
    "^bad.csv:3:14: the name 新村 is given twice \(also on line 2\)"
bad "a name another unit has" $'kind,id,name\nvillage,newv,丰杨村\n' \
    "^bad.csv:2:14: .*丰杨村"
bad "a bad id" $'kind,id,name\nvillage,New_V,新村\n' \
    "^bad.csv:2:9: 'New_V' is not a valid id"
bad "a bad kind" $'kind,id,name\nplanet,newv,新村\n' \
    "^bad.csv:2:1: a unit is a village or an enterprise, not 'planet'"
bad "an id of the other kind" $'kind,id,name\nenterprise,chenshan,晨山村\n' \
    "^bad.csv:2:12: a village with the id 'chenshan' already exists"
bad "an empty required cell" $'unit,check,status\nchenshan,,done\n' \
    "^bad.csv:2:10: the check cell is empty"
bad "a cell past the header" $'unit,check,status\n'"$ok_row"$',extra\n' \
    "^bad.csv:2:29: a cell past the header's 3 columns"
bad "a renamed town" $'kind,id,name\ntown,town,别的镇\n' \
    "^bad.csv:2:1: the town's name and attributes come from qtown.yaml"
bad "invalid UTF-8" $'unit,check,status,note\n'"$ok_row"$',ok\xff\n' \
    "^bad.csv:2:31: not UTF-8 text \(byte 0xFF\)" --encoding utf-8
bad "neither UTF-8 nor GB18030" $'unit,check,status,note\n'"$ok_row"$',\xff\xff\n' \
    "^bad.csv:2:29: neither UTF-8 nor GB18030 text"
printf 'unit,check,status\nchenshan,M8.assessment,do\0ne\n' >nul.csv
run q import nul.csv
expect_status 1 "refused: a NUL byte"
expect_err "^nul.csv:2:26: a NUL byte"
bad "an unterminated quote" $'unit,check,status,note\n'"$ok_row"$',"never closed\n' \
    "^bad.csv:2:29: a quoted cell is never closed"
bad "several problems, each reported" $'unit,check,status\nnowhere,M8.assessment,done\nchenshan,O1.patrol,finished\n' \
    "nothing changed \(problems: 2\)"
check "both rows are reported" test "$(grep -c '^bad.csv:[0-9]' <<<"$ERR")" -eq 2
run q import --encoding latin1 bad.csv
expect_status 2 "--encoding takes utf-8 or gb18030"
run q import missing.csv
expect_status 1 "a missing file"
mkfifo fifo.csv
run q import fifo.csv
expect_status 1 "a FIFO is refused (and does not hang)"
run q import /dev/zero
expect_status 1 "a device is refused"
: >empty.csv
run q import empty.csv
expect_status 1 "an empty file is refused"
expect_err "^empty.csv: the sheet is empty"
check "nothing changed by any of them" test "$(snapshot "$ws")" = "$before"

# ---- hostile files ------------------------------------------------------
head -c 3000000 /dev/zero | tr '\0' 'x' >huge-cell
{ printf 'unit,check,status,note\nchenshan,M8.assessment,done,'; cat huge-cell; printf '\n'; } >huge.csv
run q import huge.csv
expect_status 1 "a huge line is refused (a note too long)"
expect_err "^huge.csv:2:29: a note is at most 65536 bytes"
{ printf 'kind,id,name'; for i in $(seq 1 1100); do printf ',c%d' "$i"; done; printf '\n'; } >wide.csv
run q import wide.csv
expect_status 1 "a header of 1101 columns is refused"
expect_err "^wide.csv:1: 1103 columns: a sheet qtown imports has at most 1024"
check "nothing changed by hostile files" test "$(snapshot "$ws")" = "$before"

# ---- --dry-run, then the changes ----------------------------------------
printf '%s' "${bom}unit,check,status,value,note"$'\r\n'"$ok_row,,复查合格"$'\r\n'"town,O1.town-pass-rate,done,97.5,"$'\r\n' >checks.csv
run q import --dry-run checks.csv
expect_status 0 "--dry-run of a checks sheet with a BOM and CRLF"
expect_out "chenshan M8.assessment: todo -> done, note changed"
expect_out "town O1.town-pass-rate: doing -> done, value -> 97.5, note changed"
expect_out "dry run: checks.csv would make 2 changes to 2 units; nothing was changed"
check "--dry-run changed nothing" test "$(snapshot "$ws")" = "$before"
run q import checks.csv --by 周晓燕
expect_status 0 "the checks sheet imported"
expect_out "checks.csv: 2 changes to 2 units saved"
check "the status is in the file" grep -qA1 "^  M8.assessment:" "$village"
check "with the note" grep -qF "note: 复查合格" "$village"
check "the history has the change" grep -qF "by: 周晓燕, check: M8.assessment, from: todo, to: done}" "$village"
check "the town's value" grep -qF "value: 97.5" "$ws/town.yaml"
check "the town's note removed (an empty cell), kept in the history" grep -qF "check: O1.town-pass-rate, note: 上半年抽查31批次，合格30批次。, event: note}" "$ws/town.yaml"
run q import checks.csv
expect_out "nothing to change" "importing it again changes nothing"

# ---- the report's CSV edited (as in Excel) and imported back ------------
qtown -w "$ws" --lang zh report --format csv >report.csv
python3 - report.csv <<'PY'
import sys
rows = open(sys.argv[1], encoding='utf-8-sig', newline='').read().split('\r\n')
out = []
for r in rows:
    c = r.split(',')
    if len(c) > 9 and c[0] == 'fengyang' and c[4] == 'M8.assessment':
        c[7] = 'failed'            # the code changed, the word left as it was
        c[9] = '未按期考核'
    out.append(','.join(c))
open(sys.argv[1], 'w', encoding='utf-8-sig', newline='').write('\r\n'.join(out))
PY
run qtown -w "$ws" --lang zh import report.csv
expect_status 0 "the Chinese report's CSV, edited, imports back"
expect_out "fengyang M8.assessment: todo -> failed，备注已修改"
check "the change is in the file" grep -qF "note: 未按期考核" "$ws/villages/fengyang.yaml"
sed -i 's/,todo,,/,todo,,/; s/^\(chenshan,[^,]*,[^,]*,[^,]*,O1.patrol,[^,]*,\)已完成,done/\1待办,done/' report.csv
run q import report.csv
expect_status 1 "a status word changed without its code is refused"
expect_err "the status '待办' does not match the status code 'done'"

# ---- a units sheet: new units and edits ---------------------------------
printf 'kind,id,name,households,agricultural_zone,size\nvillage,xinqiao,新桥村,860,true,\nenterprise,newe,新企业,,,medium\nvillage,chenshan,晨山村一,742,,\n' >units2.csv
run q import --dry-run units2.csv
expect_status 0 "--dry-run of a units sheet"
expect_out "add village xinqiao (新桥村)"
expect_out "chenshan: name 晨山村 -> 晨山村一"
expect_out "chenshan: agricultural_zone true -> -"
snap=$(snapshot "$ws")
check "--dry-run changed nothing" test "$(snapshot "$ws")" = "$snap"
run q import units2.csv
expect_status 0 "the units sheet imported"
check "the new village's file" grep -qx "name: 新桥村" "$ws/villages/xinqiao.yaml"
check "with its attribute" grep -qx "  households: 860" "$ws/villages/xinqiao.yaml"
check "the new enterprise" grep -qx "  size: medium" "$ws/enterprises/newe.yaml"
check "the rename is in the history" grep -qF "old: 晨山村, new: 晨山村一, event: name}" "$village"
check "the removed attribute is in the history" grep -qF "key: agricultural_zone, old: \"true\", event: attribute}" "$village"
run q list --format csv
expect_out "xinqiao,village,新桥村"
q list --format csv >units3.csv
snap=$(snapshot "$ws")
run q import units3.csv
expect_out "nothing to change" "list csv -> import: no change after the import either"
check "and no file touched" test "$(snapshot "$ws")" = "$snap"

# ---- GB18030 (Chinese Excel's default) ----------------------------------
printf 'kind,id,name,households\nvillage,gbcun,国标村,12\n' | iconv -f UTF-8 -t GB18030 >gb.csv
check "the GB18030 file is not UTF-8" test "$(iconv -f UTF-8 -t UTF-8 gb.csv 2>/dev/null | wc -c)" -lt "$(wc -c <gb.csv)"
run q import gb.csv
expect_status 0 "a GB18030 file is detected and imported"
expect_err "gb.csv: read as GB18030"
check "its name read right" grep -qx "name: 国标村" "$ws/villages/gbcun.yaml"
printf 'unit,check,status,note\ngbcun,M8.assessment,doing,进行中的考核\n' | iconv -f UTF-8 -t GB18030 >gb2.csv
run q import --encoding gb18030 gb2.csv
expect_status 0 "--encoding gb18030"
check "its note read right" grep -qF "note: 进行中的考核" "$ws/villages/gbcun.yaml"
run q import --encoding utf-8 gb2.csv
expect_status 1 "a GB18030 file read as UTF-8 is refused"
expect_err "^gb2.csv:2:[0-9]+: not UTF-8 text"

# ---- the checks sheet by unit name, in Chinese messages ----------------
printf 'unit,check,status\n国标村,M8.assessment,bogus\n' >zh.csv
run qtown -w "$ws" --lang zh import zh.csv
expect_status 1 "a bad row, in Chinese"
expect_err "^zh.csv:2:19: 未知的状态“bogus”"
expect_err "未导入，未做任何更改"

run q check
expect_status 0 "qtown check: the workspace is sound after the imports"

# ---- a unit whose file does not load: reported in its file, nothing changed
ws2=$(new_workspace --demo)
printf 'checks: [unclosed\n' >>"$ws2/villages/fengyang.yaml"
before2=$(snapshot "$ws2")
printf 'unit,check,status\nchenshan,M8.assessment,done\nfengyang,M8.assessment,done\n' >broken.csv
run qtown -w "$ws2" --lang en import broken.csv
expect_status 1 "a row of a unit whose file does not load"
expect_err "^broken.csv:3:1: this row cannot be checked: a unit's file does not load"
expect_err "fengyang.yaml:[0-9]+:[0-9]+: "
check "nothing changed, not even chenshan" test "$(snapshot "$ws2")" = "$before2"
done_testing
