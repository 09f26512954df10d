#!/usr/bin/env bash
# A Chinese user reads every problem in Chinese: a bad file and a bad command
# in a workspace whose language is zh (the demo's), or with LANGUAGE=zh, or
# --lang zh; the same problems in English with --lang en.  libyaml's own
# words are the one English part, quoted after a Chinese lead.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace --demo) # language: zh
f="$ws/villages/bad.yaml"

# all_chinese: every line of stderr is a Chinese sentence (a CJK character
# in it) and none is the English one.
all_chinese() {
    [ -n "$ERR" ] || return 1
    ! grep -vqP '[\x{4e00}-\x{9fff}]' <<<"$ERR" &&
        ! grep -Eq "unknown|must be|not allowed|does not|already exists|takes no|Try 'qtown" <<<"$ERR"
}

# bad FILE-CONTENT PATTERN NAME: check reports PATTERN, in Chinese only.
bad() {
    printf '%s' "$1" >"$f"
    run qtown -w "$ws" check
    expect_status 1 "$3: check fails"
    expect_err "villages/bad.yaml:$2" "$3: FILE:LINE:COLUMN and the problem in Chinese"
    check "$3: no English" all_chinese
}
bad $'id: bad\nkind: village\nname: B\nchecks:\n  M8.responsibility-letter: {status: ok}\n' \
    "5:38: 未知的状态“ok”（应为 todo、doing、done、failed 或 na）" "unknown status"
bad $'id: bad\nkind: village\nname: [a, b]\n' "3:7: 名称（name）必须是文本，而不是列表" "wrong type"
bad $'id: bad\nkind: village\nname: B\ncolour: red\n' \
    "4:1: 未知的键“colour”，位于单位文件中（可用的键：id、kind、name、" "unknown key"
bad $'id: bad\nkind: village\nname: B\nchecks:\n  X9.none: {status: done}\n' \
    "5:3: 未知的检查项“X9.none”（方案 jiaze-2016 中没有）" "unknown check"
bad $'id: bad\nkind: village\nname: B\xff\n' "3:8: 无效的 UTF-8（字节 0xFF）" "invalid UTF-8"
bad $'id: other\nkind: village\nname: B\n' "1:5: 编号“other”与文件名“bad.yaml”不一致" "id mismatch"
printf 'id: bad\nkind: village\nname: "unclosed\n' >"$f"
run qtown -w "$ws" check
expect_err "villages/bad.yaml:[0-9]+:[0-9]+: YAML 格式错误：found unexpected end of stream" \
    "malformed YAML: libyaml's words, quoted after a Chinese lead"
rm "$f"

# bad commands
run qtown -w "$ws" set xinzhu M8.responsibility-letter ok
expect_status 2 "set with an unknown status"
expect_err "未知的状态“ok”" "says so in Chinese"
expect_err "请运行“qtown --help”查看用法" "and where to look, in Chinese"
check "set: no English" all_chinese
run qtown -w "$ws" --lang zh frobnicate
expect_status 2 "an unknown command"
expect_err "未知的命令“frobnicate”" "in the language of --lang, though no command reads it"
run qtown --lang=zh --help
expect_out "用法：" "--help in the language of --lang"
run qtown -w "$ws" add enterprise jiaze-food 嘉泽食品
expect_status 1 "adding an enterprise whose id is taken"
expect_err "已有编号为“jiaze-food”的企事业单位"
check "add: no English" all_chinese
# (a usage error found before the workspace is read speaks the language of
# --lang or of the environment: the workspace's is not known yet)
run env LANGUAGE=zh_CN "$QTOWN" -w "$ws" list --kind farm
expect_status 2 "list with an unknown kind"
check "list: no English" all_chinese

# the same in English when asked
run qtown -w "$ws" --lang en add enterprise jiaze-food 嘉泽食品
expect_err "an enterprise with the id 'jiaze-food' already exists" "--lang en: in English"
run qtown -w "$ws" --lang en set xinzhu M8.responsibility-letter ok
expect_err "unknown status 'ok'" "--lang en: set in English"
expect_err "Try 'qtown --help'"

# Chinese from the environment, before any workspace is read
run env LANGUAGE=zh_CN "$QTOWN" frobnicate
expect_status 2 "an unknown command with LANGUAGE=zh_CN"
expect_err "未知的命令“frobnicate”"
check "LANGUAGE=zh_CN: no English" all_chinese
plain=$(new_workspace) # no language: the environment's
printf 'id: bad\nkind: village\nname: B\ncolour: red\n' >"$plain/villages/bad.yaml"
run env LANGUAGE=zh_CN "$QTOWN" -w "$plain" check
expect_err "villages/bad.yaml:4:1: 未知的键“colour”" "a file's problem with LANGUAGE=zh_CN"
run "$QTOWN" -w "$plain" check
expect_err "villages/bad.yaml:4:1: unknown key 'colour'" "and in English without it"
done_testing
