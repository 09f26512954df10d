#!/usr/bin/env bash
# git runs with an environment qtown controls: GIT_DIR, GIT_WORK_TREE,
# GIT_INDEX_FILE... exported by a hook, `git rebase --exec` or `git
# submodule foreach` never send qtown's commits to another repository
# (issue 10, item 4).
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"

hub_with_clones "$TEST_TMP" a || exit 1
a=$TEST_TMP/a
other=$TEST_TMP/other
git init -q "$other" && git -C "$other" commit -q --allow-empty -m start
other_head=$(git -C "$other" rev-parse HEAD)

at 10 qtown -w "$a" set chenshan O1.patrol failed --by 甲 >/dev/null
run env GIT_DIR="$other/.git" "$QTOWN" -w "$a" --lang en sync
expect_status 0 "sync with another repository's GIT_DIR exported (as in a hook)"
check "the other repository got no commit" test "$(git -C "$other" rev-parse HEAD)" = "$other_head"
at 15 qtown -w "$a" set chenshan O1.patrol doing --by 甲 >/dev/null
run env GIT_DIR="$other/.git" GIT_WORK_TREE="$other" GIT_INDEX_FILE="$other/.git/index" \
    GIT_OBJECT_DIRECTORY="$other/.git/objects" "$QTOWN" -w "$a" --lang en sync
expect_status 0 "sync with GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE exported"
check "the other repository got no commit" test "$(git -C "$other" rev-parse HEAD)" = "$other_head"
check "the other repository's index is untouched" test -z "$(git -C "$other" status --porcelain)"
check "the workspace's own repository has the change" \
    grep -q "O1.patrol" <<<"$(git -C "$a" log -1 --format=%B)"
check "and the hub got it" \
    grep -q "O1.patrol" <<<"$(git -C "$TEST_TMP/hub.git" log -1 --format=%B main)"

# variables that change how qtown's own git commands read
at 20 qtown -w "$a" set chenshan O1.patrol done --by 甲 >/dev/null
run env GIT_LITERAL_PATHSPECS=1 GIT_NAMESPACE=evil GIT_CONFIG_PARAMETERS="'core.hookspath'='/nonexistent'" \
    GIT_TRACE=1 "$QTOWN" -w "$a" --lang en sync
expect_status 0 "sync with GIT_LITERAL_PATHSPECS, GIT_NAMESPACE, GIT_TRACE exported"
expect_out "O1.patrol doing -> done"
check "nothing left uncommitted" test -z "$(git -C "$a" status --porcelain)"
check "no namespaced ref was pushed" test -z "$(git -C "$TEST_TMP/hub.git" for-each-ref refs/namespaces)"

# the real thing: qtown sync run by a hook of another repository
cat >"$other/.git/hooks/post-commit" <<HOOK
#!/bin/sh
exec "$QTOWN" -w "$a" --lang en sync >"$TEST_TMP/hook.out" 2>&1
HOOK
chmod +x "$other/.git/hooks/post-commit"
at 30 qtown -w "$a" set xicheng O1.patrol failed --by 甲 >/dev/null
git -C "$other" commit -q --allow-empty -m "runs the hook"
check "the hook's sync sent the change" \
    grep -q "xicheng" <<<"$(git -C "$TEST_TMP/hub.git" log -1 --format=%B main)"
check "the other repository has only its own commits" \
    test "$(git -C "$other" rev-list --count HEAD)" = 2

# a workspace inside another repository that is not a repository itself
mkdir -p "$other/inner"
"$QTOWN" init "$other/inner/ws" --no-git >/dev/null
run qtown -w "$other/inner/ws" --lang en sync
expect_status 1 "a workspace without its own repository is refused"
expect_err "not a git repository"
check "the enclosing repository got nothing" test "$(git -C "$other" rev-list --count HEAD)" = 2

done_testing
