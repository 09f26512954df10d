#!/usr/bin/env bash
# Both interfaces are complete: every screen, prompt and message is walked
# through headless in Chinese and in English, the text that comes from the
# files (names, ids, notes, dates, the document's phrases) is taken away,
# and what is left must hold no English word in the Chinese interface and
# no Chinese in the English one.
. "$(dirname "$0")/../lib.sh"
skip_unless "python3-yaml is not installed (the test reads YAML back with it)" python3 -c "import yaml"

ws=$(new_workspace --demo)
printf 'id: xicheng\nkind: village\nname: 西城村\nchecks: [\n' >"$ws/villages/xicheng.yaml"
keys=$TEST_TMP/keys
script='<dump>f<dump>s<dump>ffss/没有的<Enter><dump>/嘉泽<Enter><dump><Down><dump><Esc>'
script+='g<Enter><dump>d<dump><Down>v<dump><C-u>十<Enter><dump>v<C-u>97<Enter><dump>'
script+='u<dump>u<dump><C-r><dump><C-r><dump>d<dump>d<dump><Down><Down><Down>v<dump>'
script+='e<dump><Esc><dump>e<Enter><dump><Tab><dump><Tab>?<dump><PgDn><dump><End><dump>'
script+='/<dump><Esc><Esc>/计量<Enter><Down><dump><Esc><Esc>/xicheng<Enter><Enter><dump>d<dump>'
script+='<Esc><resize 30x10><dump><resize 250x60><dump>'
printf '%s' "$script" >"$keys"

walk() { # LANG_OPTION DUMP
    : >"$2"
    run env TERM=xterm-256color COLUMNS=250 LINES=60 QTOWN_TEST_KEYS="$keys" \
        QTOWN_TEST_SCREEN="$2" "$QTOWN" --lang "$1" -w "$ws"
}

leftovers() { # zh|en DUMP: interface text in the other language
    python3 - "$1" "$2" "$ws" "$SRCDIR/data/plans/jiaze-2016.yaml" <<'PY'
import os, re, sys, yaml
lang, dump, ws, plan = sys.argv[1:5]
data = set()
def collect(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "checks" and isinstance(x, dict):
                data.update(x)  # check ids
            collect(x)
    elif isinstance(v, list):
        for x in v: collect(x)
    elif v is not None and not isinstance(v, bool):
        data.add(str(v))
        data.update(str(v).split("\n"))
for root, _, files in os.walk(ws):
    for f in files:
        if f.endswith(".yaml"):
            data.add(f[:-5])
            try:
                collect(yaml.safe_load(open(os.path.join(root, f), encoding="utf-8")))
            except yaml.YAMLError:
                pass
p = yaml.safe_load(open(plan, encoding="utf-8"))
for s in p["sections"]:
    for it in s["items"]:
        data.update(c["source"] for c in it["checks"] if c.get("source"))
data.update(["没有的", "嘉泽", "十", "计量"])  # typed by the walk
plan_words = set()
def zh_words(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "zh" and isinstance(x, str):
                plan_words.update(re.findall(r"[A-Za-z]{2,}", x))
            else:
                zh_words(x)
    elif isinstance(v, list):
        for x in v: zh_words(x)
zh_words(p)
data = sorted((d for d in data if len(d) >= 2 or not d.isascii()), key=len, reverse=True)
allowed = {"qtown", "Esc", "Tab", "Home", "End", "PgUp", "PgDn", "Delete", "Ctrl", "EDITOR", "F1",
           "fg", "yaml",  # the shell's command, qtown.yaml
           "QTOWN", "OPEN", "xdg", "open",
           "jiasen", "jsrzb"}  # the name filter's examples: pinyin (嘉森...), not English
bad = []
for line in open(dump, encoding="utf-8"):
    line = line.rstrip("\n")
    if ".yaml:" in line or line == "<<<end of screen>>>":
        continue  # a file's error: the model's own message after a translated prefix
    for d in data:
        line = line.replace(d, " ")
    line = re.sub(r"\b[OM]\d\b", " ", line)
    if lang == "zh":
        words = [w for w in re.findall(r"[A-Za-z]{2,}", line)
                 if w not in allowed and w not in plan_words]
        if words:
            bad.append(f"{words}: {line.strip()}")
    elif re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", line):
        bad.append(line.strip())
if bad:
    print("\n".join(sorted(set(bad))))
PY
}

expect_seen() { # DUMP TEXT...: the walk showed each text
    local dump=$1 seen
    shift
    for seen in "$@"; do
        check "the walk shows '$seen'" grep -qF -- "$seen" "$dump"
    done
}

walk zh "$TEST_TMP/zh"
expect_status 0 "the Chinese walk ends"
frames=$(grep -c '^<<<end of screen>>>$' "$TEST_TMP/zh")
check "it saw every screen ($frames)" test "$frames" -eq 31
expect_seen "$TEST_TMP/zh" "筛选：未完成" "没有匹配 /没有的 的内容" "请先选中一项检查" "数值 (%)：" "不是数字：十" \
    "已保存：嘉泽镇 O1.town-pass-rate = 97" "已撤销" "没有可撤销的修改" "已重做" "没有可重做的修改" \
    "未改变（文件中已是如此）" "这项检查没有数值" "备注：" "已取消" "备注未改变" "qtown  按键" \
    "这里没有可搜索的内容" "搜索 /嘉泽" "[只读]" "只读：xicheng 的文件有错误" "终端太小"
leftovers zh "$TEST_TMP/zh" >"$TEST_TMP/zh-left"
check "no English in the Chinese interface" test ! -s "$TEST_TMP/zh-left"
sed 's/^/# /' "$TEST_TMP/zh-left" | head -20

walk en "$TEST_TMP/en"
expect_status 0 "the English walk ends"
expect_seen "$TEST_TMP/en" "Filter: unfinished" "Move to a check first" "value (%): " "Not a number: 十" \
    "Nothing to undo" "This check takes no value" "qtown  Keys" "[read-only]" "too small"
leftovers en "$TEST_TMP/en" >"$TEST_TMP/en-left"
check "no Chinese in the English interface" test ! -s "$TEST_TMP/en-left"
sed 's/^/# /' "$TEST_TMP/en-left" | head -20
done_testing
