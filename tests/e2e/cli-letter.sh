#!/usr/bin/env bash
# qtown letter: a unit's target responsibility letter (目标责任书) printed
# from the plan's template with the unit's own terms, its signing recorded
# on the unit (which marks M8.responsibility-letter done in the same save),
# a signed letter never changed, and every bad input refused with nothing
# written.
. "$(dirname "$0")/../lib.sh"

export QTOWN_TODAY=2016-11-29 QTOWN_NOW=1480384800
ws=$(new_workspace --demo)

# ---- printing ----------------------------------------------------------------
run qtown -w "$ws" letter fengyang --format markdown
expect_status 0 "a village's letter in Markdown"
expect_out "# 嘉泽镇2016年质量强镇工作目标责任书（行政村）" "the template's title"
expect_out "甲方：嘉泽镇人民政府"
expect_out "乙方：丰杨村（fengyang）"
expect_out "1. 把质量强镇工作纳入工作计划，并逐级建立质量工作责任制，明确目标。（检查项：M1.work-plan、M1.responsibility）" \
    "a task in the document's words with the checks that verify it"
expect_out "5. D级（60分以下）：考核不合格，通报批评，限期提交整改方案" "the assessment's rules"
expect_out "打印于2016年11月29日" "the day printed, in the reader's words"
expect_out "百分制，主要目标 60、主要措施 40" "the scoring rules from the plan"
expect_no_out "%s" "no format left unfilled"
run qtown -w "$ws" letter fengyang
expect_status 0 "HTML by default"
expect_out '<html lang="zh-CN">'
expect_out "<h1>嘉泽镇2016年质量强镇工作目标责任书（行政村）</h1>"
run qtown -w "$ws" --lang en letter fengyang --format markdown
expect_out "Party B: 丰杨村 (fengyang)" "in English with --lang en"
run qtown -w "$ws" letter chengzhang-building --format markdown
expect_out "| 2 | 全年完成采标项数（O3.adoptions） | \_\_\_\_\_\_\_\_ 项（由双方商定） |" \
    "a target without a value: a blank to agree on"

# ---- the unit's own terms ----------------------------------------------------
before=$(snapshot "$ws")
run qtown -w "$ws" letter chengzhang-building --target "M6.trainees >= 120" --task "做好新员工培训" \
    --by 钱志锋
expect_status 0 "its own terms"
expect_out "已保存 chengzhang-building 的责任书约定"
check "kept as a letter record" grep -q "^letters:" "$ws/enterprises/chengzhang-building.yaml"
run qtown -w "$ws" letter chengzhang-building --format markdown
expect_out "8. 做好新员工培训" "its own task after the template's"
expect_out "| 3 | 本年职工培训人次（M6.trainees） | >= 120 人次（本单位约定） |" "its own value"
run qtown -w "$ws" letter chengzhang-building --target "M6.trainees=150"
expect_status 0 "a value changed"
run qtown -w "$ws" letter chengzhang-building --format markdown
expect_out "150 人次（本单位约定）"
expect_no_out ">= 120" "the old value replaced"

# ---- signing -----------------------------------------------------------------
run qtown -w "$ws" show xicheng
expect_out "[~] M8.responsibility-letter" "xicheng's letter is not signed yet"
run qtown -w "$ws" letter xicheng --signed 2016-04-01 --signatory 张三 --signatory 李四 --by 钱志锋
expect_status 0 "signing"
expect_out "已保存：xicheng 的目标责任书于 2016-04-01 签订"
run qtown -w "$ws" show xicheng
expect_out "[x] M8.responsibility-letter" "signing marks the check done"
run qtown -w "$ws" letter xicheng --format markdown
expect_out "已于2016年4月1日签订，签字人：张三、李四。"
run qtown -w "$ws" check
expect_status 0 "the workspace is valid after it"

signed=$(snapshot "$ws")
run qtown -w "$ws" letter xicheng --signed 2016-04-02 --signatory 王五
expect_status 1 "a signed letter is not changed"
expect_err "已于 2016-04-01 签订"
run qtown -w "$ws" letter xicheng --task "再加一项"
expect_status 1 "nor its terms"
check "nothing written" test "$signed" = "$(snapshot "$ws")"

# ---- bad inputs --------------------------------------------------------------
bad() { # bad STATUS NAME ARGS...: refused with STATUS, nothing written
    local status=$1 name=$2
    shift 2
    local before
    before=$(snapshot "$ws")
    run qtown -w "$ws" letter "$@"
    expect_status "$status" "$name"
    check "$name: nothing written" test "$before" = "$(snapshot "$ws")"
}
bad 2 "no unit"
bad 2 "two units" fengyang xicheng
bad 2 "an unknown unit" nowhere
bad 2 "the town has no letter" town
bad 2 "an unknown format" fengyang --format pdf
bad 2 "printing and changing at once" fengyang --format html --task x
bad 2 "a target that is not one" fengyang --target "M6.trainees 120"
bad 2 "a target on a check the unit does not carry" fengyang --target "M6.trainees>=1"
bad 2 "a target on an unknown check" fengyang --target "X9.none>=1"
bad 2 "a target on a status check" chengzhang-building --target "O1.no-counterfeit>=1"
bad 2 "a date without signatories" fengyang --signed 2016-04-01
bad 2 "signatories without a date" fengyang --signatory 张三
bad 2 "not a date" fengyang --signed 2016-02-30 --signatory 张三
bad 2 "a signing in the future" fengyang --signed 2016-12-01 --signatory 张三
bad 2 "a task of two lines" fengyang --task $'a\nb'
bad 2 "invalid UTF-8" fengyang --signed 2016-04-01 --signatory $'\xff'
bad 2 "an empty output name" fengyang -o ""
check "the town's kind in the reader's words" grep -q "行政村" <<<"$(qtown -w "$ws" letter fengyang --target "M6.trainees>=1" 2>&1)"

# hostile text is inert in the paper
run qtown -w "$ws" letter fengyang --task '<script>alert(1)</script> *x*'
expect_status 0 "a task with markup"
run qtown -w "$ws" letter fengyang
expect_out "&lt;script&gt;alert(1)&lt;/script&gt;" "escaped in HTML"
expect_no_out "<script>" "no markup through"

# -o writes a file outside the workspace, never one of its own
run qtown -w "$ws" letter fengyang -o "$TEST_TMP/letter.html"
expect_status 0 "-o FILE"
check "written" grep -q "丰杨村" "$TEST_TMP/letter.html"
bad 2 "-o naming a unit file" fengyang -o "$ws/villages/fengyang.yaml"

done_testing
