#!/usr/bin/env bash
# qtown init with git, qtown sync on its own and with one remote, offline,
# refusals, a plain git clone, and what the commits say.
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"

# ---- init makes a repository --------------------------------------------------
run qtown init "$TEST_TMP/ws" --demo
expect_status 0 "init --demo with git"
ws=$TEST_TMP/ws
check "it is a git repository" test -d "$ws/.git"
check "with a first commit" test -n "$(git -C "$ws" rev-parse -q --verify HEAD)"
check "that holds every qtown file" test -z "$(git -C "$ws" status --porcelain)"
check "the driver is registered" \
    test "$(git -C "$ws" config --get merge.qtown.driver)" = "qtown merge-file %O %A %B %P"
for pattern in 'villages/*.yaml' 'enterprises/*.yaml' 'town.yaml'; do
    check "info/attributes routes $pattern through it" \
        test "$(git -C "$ws" check-attr merge -- "${pattern/\*/x}" | sed 's/.*: //')" = qtown
done
check "plan and settings merge line by line" test "$(git -C "$ws" check-attr merge -- plan.yaml | sed 's/.*: //')" = set

run qtown init "$TEST_TMP/plain" --no-git
expect_status 0 "init --no-git"
check "makes no repository" test ! -e "$TEST_TMP/plain/.git" -a ! -e "$TEST_TMP/plain/.gitattributes"

mkdir "$TEST_TMP/nogit-bin"
for tool in dirname; do ln -s "$(command -v $tool)" "$TEST_TMP/nogit-bin/$tool"; done
run env PATH="$TEST_TMP/nogit-bin" "$QTOWN" init "$TEST_TMP/nogit"
expect_status 0 "init without git installed still makes the workspace"
expect_err "git is not installed"
check "without a repository" test -f "$TEST_TMP/nogit/qtown.yaml" -a ! -e "$TEST_TMP/nogit/.git"
run env PATH="$TEST_TMP/nogit-bin" "$QTOWN" -w "$TEST_TMP/nogit" sync
expect_status 1 "sync without git installed fails"
expect_err "git is not installed"

run qtown -w "$TEST_TMP/plain" sync
expect_status 1 "sync outside a repository fails"
expect_err "not a git repository"

# ---- sync without a remote: commits ----------------------------------------------
run qtown -w "$ws" --lang en sync
expect_status 0 "sync with nothing to do"
expect_out "Nothing has changed here"
expect_out "No remote is set up"

at 100 qtown -w "$ws" set chenshan O1.patrol failed --by 甲 --note "巡查未做" >/dev/null
at 100 qtown -w "$ws" set chenshan M3.livelihood-metrology done --by 甲 >/dev/null
at 200 qtown -w "$ws" set jiaze-food O5.quality-system doing --by 乙 >/dev/null
head_before=$(git -C "$ws" rev-parse HEAD)
run qtown -w "$ws" --lang en sync
expect_status 0 "sync commits local changes without a remote"
expect_out "Committed here: 3 changes in 2 units"
expect_out "chenshan 晨山村: O1.patrol done -> failed, note (甲)"
check "a commit was made" test "$(git -C "$ws" rev-parse HEAD^)" = "$head_before"
msg=$(git -C "$ws" log -1 --format=%B)
check "its subject says how much and by whom" \
    grep -qx "qtown: 3 changes in 2 units by 乙, 甲" <<<"$msg"
check "its body says which checks of which units" \
    grep -qx "  jiaze-food 常州嘉泽食品有限公司: O5.quality-system done -> doing (乙)" <<<"$msg"
check "the folder is clean" test -z "$(git -C "$ws" status --porcelain)"

# only qtown's files are committed
echo "notes" >"$ws/notes.txt"
echo "x" >"$ws/villages/README"
at 300 qtown -w "$ws" set chenshan O1.patrol done >/dev/null
run qtown -w "$ws" --lang en sync
expect_status 0 "sync with foreign files around"
check "notes.txt is not committed" test -n "$(git -C "$ws" status --porcelain -- notes.txt)"
check "villages/README is not committed" test -n "$(git -C "$ws" status --porcelain -- villages/README)"
rm "$ws/notes.txt" "$ws/villages/README"

# a unit file that does not load is never committed
snap=$(snapshot "$ws")
head_before=$(git -C "$ws" rev-parse HEAD)
sed -i 's/status: done/status: finished/' "$ws/villages/xicheng.yaml"
run qtown -w "$ws" sync
expect_status 1 "sync refuses a unit file that does not load"
expect_err "villages/xicheng.yaml:[0-9]+:[0-9]+: 未知的状态“finished”" "in the workspace's language (zh)"
check "and commits nothing" test "$(git -C "$ws" rev-parse HEAD)" = "$head_before"
git -C "$ws" checkout -q -- villages/xicheng.yaml

# ---- a remote --------------------------------------------------------------------
git init -q --bare "$TEST_TMP/hub.git"
git -C "$ws" remote add origin "$TEST_TMP/hub.git"
run qtown -w "$ws" --lang en sync
expect_status 0 "the first sync to an empty remote"
expect_out "Sent to origin/main:"
check "the remote has the branch" test "$(git -C "$TEST_TMP/hub.git" rev-parse main)" = "$(git -C "$ws" rev-parse HEAD)"
check "which the workspace now follows" test "$(git -C "$ws" rev-parse --abbrev-ref '@{u}')" = origin/main
run qtown -w "$ws" --lang en sync
expect_out "Up to date with origin/main."

# a plain git clone gets the driver when qtown first opens it
git clone -q "$TEST_TMP/hub.git" "$TEST_TMP/clone"
check "a fresh clone has no driver" test -z "$(git -C "$TEST_TMP/clone" config --get merge.qtown.driver)"
run qtown -w "$TEST_TMP/clone" list
check "after qtown list it has" \
    test "$(git -C "$TEST_TMP/clone" config --get merge.qtown.driver)" = "qtown merge-file %O %A %B %P"

# offline: committed, sent later
git -C "$ws" remote set-url origin "$TEST_TMP/gone.git"
at 400 qtown -w "$ws" set xicheng O1.patrol failed --by 丙 >/dev/null
run qtown -w "$ws" --lang en sync
expect_status 0 "offline, sync commits and succeeds"
expect_out "origin cannot be reached"
expect_out "Committed here, not sent yet: 1 change in 1 unit"
check "the change is committed" test -z "$(git -C "$ws" status --porcelain)"
git -C "$ws" remote set-url origin "$TEST_TMP/hub.git"
run qtown -w "$ws" --lang en sync
expect_status 0 "back online"
expect_out "Sent to origin/main: 1 change in 1 unit"
expect_out "xicheng 西城村: O1.patrol done -> failed (丙)"

run qtown -w "$TEST_TMP/clone" --lang en sync
expect_status 0 "the clone receives"
expect_out "Received from origin/main: 1 change in 1 unit"
check "clone and office hold the same files" same_files "$ws" "$TEST_TMP/clone"

# a merge left half-done by hand is not touched
git -C "$TEST_TMP/clone" checkout -q -b side
at 500 qtown -w "$TEST_TMP/clone" set xicheng O1.patrol done >/dev/null
git -C "$TEST_TMP/clone" commit -qam side
git -C "$TEST_TMP/clone" checkout -q main
at 600 qtown -w "$TEST_TMP/clone" set xicheng O1.patrol na >/dev/null
git -C "$TEST_TMP/clone" commit -qam main
git -C "$TEST_TMP/clone" -c merge.qtown.driver=false merge -q side >/dev/null 2>&1
run qtown -w "$TEST_TMP/clone" sync
expect_status 1 "sync refuses to run during a merge"
expect_err "工作区中有未完成的 git merge" "says so in the workspace's language (zh)"
git -C "$TEST_TMP/clone" merge --abort

# a detached HEAD
git -C "$TEST_TMP/clone" checkout -q --detach
run qtown -w "$TEST_TMP/clone" sync
expect_status 1 "sync refuses a detached HEAD"
expect_err "工作区不在任何分支上"
git -C "$TEST_TMP/clone" checkout -q main

run qtown -w "$ws" sync extra
expect_status 2 "sync takes no argument"

done_testing
