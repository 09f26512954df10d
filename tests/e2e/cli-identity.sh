#!/usr/bin/env bash
# Who signs a change, from each source in its order (--by, $QTOWN_USER, the
# user's config file, git's user.name for the workspace, qtown.yaml's
# inspector, the login name); qtown whoami [NAME]; the config file written
# safely, refused when broken.
. "$(dirname "$0")/../lib.sh"

command -v git >/dev/null || { echo "1..0 # SKIP git is not installed"; exit 0; }
export GIT_CONFIG_NOSYSTEM=1
unset QTOWN_USER XDG_CONFIG_HOME
cfg=$HOME/.config/qtown/config.yaml

ws=$(new_workspace --demo)
f=$ws/villages/chenshan.yaml
plain=$(new_workspace)
# by: of the last change to O1.patrol in chenshan
last_by() { grep "check: O1.patrol" "$f" | tail -1 | sed 's/.*by: \([^,]*\),.*/\1/'; }
n=0
set_patrol() { # a status different each time, so that each set changes it
    n=$((n + 1))
    qtown -w "$ws" set chenshan O1.patrol "$([ $((n % 2)) = 1 ] && echo failed || echo doing)" "$@" >/dev/null
}

# 6. the login name, in a workspace that names no inspector
run qtown -w "$plain" --lang en whoami
expect_status 0 "whoami in a workspace without an inspector"
check "the login name" test "$OUT" = "tester (the login name)"

# 5. inspector: of qtown.yaml, said to be shared
run qtown -w "$ws" --lang en whoami
check "the demo's inspector, from the shared qtown.yaml" \
    grep -qF "钱志锋 (from inspector: in $ws/qtown.yaml, shared by everyone using the workspace)" <<<"$OUT"
set_patrol
check "set signs with it" test "$(last_by)" = 钱志锋

# 4. git's user.name for the workspace
git -C "$ws" config user.name "Git 的名字"
run qtown -w "$ws" --lang en whoami
check "git's user.name comes before the inspector" test "$OUT" = "Git 的名字 (from git's user.name)"
set_patrol
check "set signs with it" test "$(last_by)" = "Git 的名字"
# git runs with the environment qtown controls: a repository or a setting
# named by the environment (a hook's, a script's) does not decide the name
git init -q "$TEST_TMP/other"
git -C "$TEST_TMP/other" config user.name "别的仓库"
run env GIT_DIR="$TEST_TMP/other/.git" "$QTOWN" -w "$ws" --lang en whoami
check "GIT_DIR does not redirect git to another repository" test "$OUT" = "Git 的名字 (from git's user.name)"
run env GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=user.name GIT_CONFIG_VALUE_0=注入 \
    "$QTOWN" -w "$ws" --lang en whoami
check "nor does a setting passed through the environment" test "$OUT" = "Git 的名字 (from git's user.name)"

# 3. the user's own config, set by whoami NAME
run qtown --lang en whoami 张三
expect_status 0 "whoami NAME"
expect_out "Changes are signed 张三 from now on (saved in $cfg)"
check "the config file holds the name" test "$(cat "$cfg")" = "name: 张三"
check "as a regular file, readable" test -f "$cfg" -a ! -L "$cfg"
check "no temporary file is left" test "$(ls -A "$(dirname "$cfg")")" = config.yaml
run qtown -w "$ws" --lang en whoami
check "the user's config comes before git" test "$OUT" = "张三 (from $cfg)"
set_patrol
check "set signs with it" test "$(last_by)" = 张三
run qtown --lang en whoami 李四
check "whoami NAME replaces it" test "$(cat "$cfg")" = "name: 李四"

# XDG_CONFIG_HOME is where the config lives when set
run env XDG_CONFIG_HOME="$TEST_TMP/xdg" "$QTOWN" -w "$ws" --lang en whoami
check "another XDG_CONFIG_HOME has no name: git's" test "$OUT" = "Git 的名字 (from git's user.name)"
run env XDG_CONFIG_HOME="$TEST_TMP/xdg" "$QTOWN" --lang en whoami 赵六
check "whoami NAME writes under XDG_CONFIG_HOME" test "$(cat "$TEST_TMP/xdg/qtown/config.yaml")" = "name: 赵六"

# 2. $QTOWN_USER
run env QTOWN_USER=王五 "$QTOWN" -w "$ws" --lang en whoami
check "\$QTOWN_USER comes before the config" test "$OUT" = "王五 (from \$QTOWN_USER)"
QTOWN_USER=王五 set_patrol
check "set signs with it" test "$(last_by)" = 王五
run env QTOWN_USER=王五 "$QTOWN" --lang en whoami 李四
expect_status 0 "whoami NAME while \$QTOWN_USER is set"
expect_err "but here changes are signed 王五 \(from \\\$QTOWN_USER\), which comes first"

# 1. --by
QTOWN_USER=王五 set_patrol --by 孙七
check "--by comes first" test "$(last_by)" = 孙七
run qtown -w "$ws" --lang zh whoami
check "whoami speaks Chinese too" test "$OUT" = "李四（来自 $cfg）"

# bad names and broken config files: a clear message, nothing signed
before=$(snapshot "$ws")
run qtown --lang en whoami "$(printf 'two\nlines')"
expect_status 2 "whoami refuses a name of two lines"
run qtown --lang en whoami "$(printf 'red\033[31m')"
expect_status 2 "whoami refuses control characters"
check "and leaves the config as it was" test "$(cat "$cfg")" = "name: 李四"
run env QTOWN_USER="$(printf 'evil\033[2J')" "$QTOWN" -w "$ws" --lang en set chenshan O1.patrol done
expect_status 1 "an unfit \$QTOWN_USER is refused"
expect_err "the name from \\\$QTOWN_USER is not one qtown can sign with"
run qtown -w "$ws" --lang en set chenshan O1.patrol done --by "$(printf 'a\tb')"
expect_status 2 "an unfit --by is a usage error"
printf 'name: [unclosed\n' >"$cfg"
run qtown -w "$ws" --lang en set chenshan O1.patrol done
expect_status 1 "a broken config file stops the change"
expect_err "^$cfg:[0-9]+:[0-9]+: "
printf 'name: 李四\nlanguage: zh\n' >"$cfg"
run qtown -w "$ws" --lang en whoami
expect_status 1 "an unknown key in the config is refused"
expect_err "$cfg:2:1: .*language"
check "nothing was changed meanwhile" test "$before" = "$(snapshot "$ws")"

# the config file is never written through a symbolic link
rm "$cfg"
echo "precious" >"$TEST_TMP/target"
ln -s "$TEST_TMP/target" "$cfg"
run qtown --lang en whoami 周八
expect_status 1 "whoami NAME refuses a symbolic link where the config is"
expect_err "a symbolic link: qtown does not follow links here"
check "the link's target is untouched" test "$(cat "$TEST_TMP/target")" = precious
check "the link is still a link" test -L "$cfg"

done_testing
