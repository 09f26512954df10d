#!/usr/bin/env bash
# The units' cache (.qtown/cache, model/cache.h): whatever happens to the
# files or to the cache behind qtown's back, what qtown shows equals a fresh
# parse (the same commands with the cache removed).  The fault shim's
# counts (QTOWN_FAULT_COUNT: files opened, caches renamed into place) show
# that the cache was used, and what was parsed again.
. "$(dirname "$0")/../lib.sh"
skip_unless "the fault shim is not built" test -n "${FAULTSHIM:-}"
# the shim comes before the sanitizers' runtime in a sanitized build
shim_asan=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

ws=$(new_workspace --demo)
v=$ws/villages
q() { qtown -w "$ws" --lang en "$@"; }

# shown: what qtown shows of every unit (the list, with the attributes,
# and the report's checks), cache or not.
shown() {
    q list
    q list --format csv
    q report --format csv
}
# same_as_fresh NAME: what qtown shows now (reading the cache as it is)
# equals what it shows with no cache at all.
same_as_fresh() {
    local cached fresh
    cached=$(shown 2>&1)
    mv "$ws/.qtown" "$TEST_TMP/aside" 2>/dev/null
    fresh=$(shown 2>&1)
    rm -rf "$TEST_TMP/aside"
    if [ "$cached" = "$fresh" ]; then ok "$1: as a fresh parse"; else
        not_ok "$1: as a fresh parse" "$(diff <(echo "$cached") <(echo "$fresh") | head -20)"
    fi
}
# counted VAR CMD...: runs CMD under the shim, VAR_open and VAR_rename are
# the files it opened and renamed.
counted() {
    local var=$1 f=$TEST_TMP/count
    shift
    rm -f "$f"
    env LD_PRELOAD="$FAULTSHIM" QTOWN_FAULT_COUNT="$f" ASAN_OPTIONS="$shim_asan" "$@" >/dev/null 2>&1
    printf -v "${var}_open" '%s' "$(awk '$1 == "open" { print $2 }' "$f")"
    printf -v "${var}_rename" '%s' "$(awk '$1 == "rename" { print $2 }' "$f")"
}
# ---- cold, then warm ----
rm -rf "$ws/.qtown"
counted cold "$QTOWN" -w "$ws" list
check "a cold list writes the cache" test -f "$ws/.qtown/cache"
past_racy_window
q list >/dev/null # the racy entries made sure of
counted warm "$QTOWN" -w "$ws" list
check "a warm list parses no unit file ($warm_open files opened, $cold_open cold)" \
    test "$warm_open" -le $((cold_open - 28))
check "and does not write the cache again" test "$warm_rename" -eq 0
same_as_fresh "warm"
check "git ignores the cache" bash -c "cd '$ws' && git check-ignore -q .qtown/cache"

# ---- a file changed behind qtown's back, in place, same size, same mtime ----
past_racy_window
q list >/dev/null
cp -p "$v/fengyang.yaml" "$TEST_TMP/fengyang.orig"
ln "$v/fengyang.yaml" "$TEST_TMP/fengyang.orig.ino" # the same inode, to compare
in_place "$v/fengyang.yaml" 'status: done' 'status: todo'
touch -r "$TEST_TMP/fengyang.orig" "$v/fengyang.yaml"
check "the edit kept the inode" test "$(stat -c %i "$v/fengyang.yaml")" = "$(stat -c %i "$TEST_TMP/fengyang.orig.ino")"
check "the edit kept the size" test "$(stat -c %s "$v/fengyang.yaml")" = "$(stat -c %s "$TEST_TMP/fengyang.orig")"
check "... and the modification time" test "$(stat -c %Y.%y "$v/fengyang.yaml")" = "$(stat -c %Y.%y "$TEST_TMP/fengyang.orig")"
counted edit "$QTOWN" -w "$ws" list
check "that file is parsed again, not the others ($edit_open files opened)" \
    test "$edit_open" -gt "$warm_open" -a "$edit_open" -lt $((warm_open + 10))
same_as_fresh "a file changed in place with its size and mtime kept"

# ---- racy: changed in the same second as the cache was written ----
q list >/dev/null # the entry of the file just changed is now racy
in_place "$v/fengyang.yaml" 'status: todo' 'status: done'
touch -r "$TEST_TMP/fengyang.orig" "$v/fengyang.yaml"
same_as_fresh "a file changed within the racy window"
for i in 1 2 3 4 5 6; do # flip, list, flip within the same second
    in_place "$v/xicheng.yaml" 'status: done' 'status: todo'
    q list >/dev/null
    in_place "$v/xicheng.yaml" 'status: todo' 'status: done'
done
same_as_fresh "a file flipped back and forth within one second"

# ---- replaced by another file of the same size and mtime ----
python3 - "$v/minshu.yaml" "$TEST_TMP/minshu.new" <<'PY'
import sys
old = open(sys.argv[1], 'rb').read()
new = old.replace(b'status: done', b'status: todo', 1)
assert len(new) == len(old) and new != old
open(sys.argv[2], 'wb').write(new)
PY
touch -r "$v/minshu.yaml" "$TEST_TMP/minshu.new"
mv "$TEST_TMP/minshu.new" "$v/minshu.yaml"
same_as_fresh "a file replaced by one of the same size and mtime"

# ---- a unit deleted, a unit added ----
rm "$v/shiqiao.yaml"
run q list
expect_no_out "shiqiao" "a deleted unit is not listed"
same_as_fresh "a deleted unit"
printf 'id: newvill\nkind: village\nname: 新村\n' >"$v/newvill.yaml"
run q list
expect_out "newvill" "a unit added by hand is listed"
same_as_fresh "a unit added behind qtown's back"

# ---- a corrupt or foreign cache is rebuilt, never trusted ----
corrupt() { # NAME COMMAND: the cache made bad by COMMAND, then read
    past_racy_window
    q list >/dev/null
    bash -c "$2"
    same_as_fresh "$1"
}
corrupt "garbage" "head -c 5000 /dev/urandom >'$ws/.qtown/cache'"
corrupt "an empty cache" ": >'$ws/.qtown/cache'"
corrupt "a truncated cache" "truncate -s -100 '$ws/.qtown/cache'"
corrupt "one byte changed in the middle" \
    "python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,\"rb\").read()); b[len(b)//2]^=1; open(p,\"wb\").write(b)' '$ws/.qtown/cache'"
other=$(new_workspace --demo)
qtown -w "$other" set fengyang O1.patrol failed >/dev/null
qtown -w "$other" list >/dev/null
corrupt "another workspace's cache (the same ids)" "cp '$other/.qtown/cache' '$ws/.qtown/cache'"
corrupt "a folder where the cache should be" "rm '$ws/.qtown/cache'; mkdir '$ws/.qtown/cache'"
rm -rf "$ws/.qtown"
ln -s "$TEST_TMP/elsewhere" "$ws/.qtown"
mkdir -p "$TEST_TMP/elsewhere"
same_as_fresh "a symbolic link for .qtown"
check "nothing was written through it" test -z "$(ls -A "$TEST_TMP/elsewhere")"
rm -rf "$ws/.qtown" # (the fresh parse made it a folder again)
q list >/dev/null
past_racy_window
q list >/dev/null
counted rebuilt "$QTOWN" -w "$ws" list
check "after all that the cache is warm again" test "$rebuilt_open" -le $((warm_open + 1))

# ---- several qtowns writing it at once ----
for f in "$v"/*.yaml; do touch "$f"; done # every entry stale: every qtown rewrites it
pids=()
for i in 1 2 3 4 5 6; do
    q list >"$TEST_TMP/par$i" 2>&1 &
    pids+=($!)
done
q set chenshan O1.patrol failed >/dev/null &
pids+=($!)
q set --kind village M8.responsibility-letter doing >/dev/null &
pids+=($!)
for p in "${pids[@]}"; do wait "$p"; done
check "no temporary cache is left" test -z "$(find "$ws/.qtown" -name '*.tmp*')"
same_as_fresh "after 8 qtowns wrote the cache at once"

# ---- adding units: the names from the cache, not every file ----
past_racy_window
q list >/dev/null
counted warm2 "$QTOWN" -w "$ws" list
counted add1 "$QTOWN" -w "$ws" add village added-1 新增一村
# (besides what a warm list opens: the unit folders again, the locks, the
# temporary file: a dozen, whatever the number of units; reading every
# unit's file, as adds did, opened the 28 the cold list opens besides)
check "an add reads every name from the cache, not the files ($add1_open files opened, a warm list $warm2_open, a cold one $cold_open)" \
    test "$add1_open" -le $((warm2_open + 12)) -a "$add1_open" -lt $((cold_open - 14))
check "and writes its unit's file, not the cache ($add1_rename renames)" test "$add1_rename" -eq 1
counted add2 "$QTOWN" -w "$ws" add village added-2 新增二村
check "the next add parses the one file the cache lacks ($add2_open files opened)" \
    test "$add2_open" -le $((add1_open + 2))
check "and leaves the cache as it is: a few files are not worth a district's cache" test "$add2_rename" -eq 1
counted listed "$QTOWN" -w "$ws" list
check "a list takes them in (writes the cache)" test "$listed_rename" -eq 1
same_as_fresh "after two adds"

# ---- a read-only workspace: nothing written, the same shown ----
# A read-only bind mount when the tests may mount (as root, in CI), else
# the shim failing every temporary file and rename, as a read-only disk.
ro_ws=$TEST_TMP/ro
mkdir "$ro_ws"
trap 'umount "$ro_ws" 2>/dev/null; rm -rf "$TEST_TMP"' EXIT # a mount left by a failure
can_mount=false
mount --bind -o ro "$ws" "$ro_ws" 2>/dev/null && umount "$ro_ws" && can_mount=true
readonly_shown() { # NAME keep|drop: the read-only view, the cache kept or not
    local fresh seen
    fresh=$(shown 2>&1)
    [ "$2" = drop ] && rm -rf "$ws/.qtown"
    if $can_mount; then
        mount --bind -o ro "$ws" "$ro_ws"
        seen=$(ws=$ro_ws shown 2>&1)
        umount "$ro_ws"
    else
        seen=$(QTOWN_WRAPPER="env LD_PRELOAD=$FAULTSHIM ASAN_OPTIONS=$shim_asan QTOWN_FAULT=mkostemp:1+:EROFS,rename:1+:EROFS" shown 2>&1)
    fi
    if [ "$seen" = "$fresh" ]; then ok "$1: as a fresh parse"; else
        not_ok "$1: as a fresh parse" "$(diff <(echo "$seen") <(echo "$fresh") | head -20)"
    fi
}
readonly_shown "a read-only workspace, its cache warm" keep
readonly_shown "a read-only workspace without a cache" drop
check "no cache was written there" test ! -e "$ws/.qtown/cache"

run qtown -w "$ws" check
expect_status 0 "qtown check is clean"
done_testing
