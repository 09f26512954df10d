#!/usr/bin/env bash
# A disk that fills up during a sync: a fetch that cannot write fails the
# sync (it is not "offline"); a merge or fast-forward that cannot finish
# leaves the workspace as it was (or the next sync puts it back), so the
# next sync never sends the remote's changes back as local ones (issue 10,
# items 6 and 7).  Needs root: the workspace sits on a small tmpfs, mounted
# in a private mount namespace that ends with the test.
if [ "$(id -u)" -ne 0 ]; then
    echo "1..0 # SKIP needs root (a tmpfs to fill)"
    exit 77
fi
if [ -z "${QTOWN_PRIVATE_MOUNTS:-}" ]; then
    exec env QTOWN_PRIVATE_MOUNTS=1 unshare --mount --propagation private bash "$0" "$@"
fi
. "$(dirname "$0")/../lib.sh"
. "$SRCDIR/tests/sync-lib.sh"
# the tmpfs mounts go before the folder (the namespace ends with us anyway)
trap 'findmnt -rn -o TARGET | grep "^$TEST_TMP/" | sort -r | xargs -r -n1 umount; rm -rf "$TEST_TMP"' EXIT

units=(chenshan xicheng yuejin fengyang)

# setup DIR: a hub and clone a (on disk), clone b on a 3 MiB tmpfs DIR/small,
# each with its own change to the same units; b's committed, a's pushed.
setup() {
    local dir=$1 u
    hub_with_clones "$dir" a || return 1
    mkdir "$dir/small"
    mount -t tmpfs -o size=3m tmpfs "$dir/small" || return 1
    git clone -q "$dir/hub.git" "$dir/small/b" || return 1
    for u in "${units[@]}"; do
        at 100 "$QTOWN" -w "$dir/a" set "$u" O1.patrol failed --by 甲 >/dev/null
        [ "${2:-}" = ff ] || at 200 "$QTOWN" -w "$dir/small/b" set "$u" M1.work-plan failed --by 乙 >/dev/null
    done
    "$QTOWN" -w "$dir/a" sync >/dev/null || return 1
    [ "${2:-}" = ff ] || git -C "$dir/small/b" commit -qam "b's own changes"
}

# fill DIR KB: leaves about KB kilobytes free on the tmpfs.
fill() {
    local avail
    avail=$(df -k --output=avail "$1/small" | tail -1)
    dd if=/dev/zero of="$1/small/fill" bs=1k count=$((avail - $2)) 2>/dev/null
}

# ---- a fetch that cannot write is a failure, not "offline" ------------------------------
d=$TEST_TMP/fetch
setup "$d" || exit 1
fill "$d" 8
run "$QTOWN" -w "$d/small/b" --lang en sync
expect_status 1 "a fetch on a full disk fails the sync"
expect_no_out "will be sent on the next sync"
rm -f "$d/small/fill"
run "$QTOWN" -w "$d/small/b" --lang en sync
expect_status 0 "with space again, the sync goes through"
umount "$d/small"

# ---- a merge (and a fast-forward) that runs out of space ----------------------------------
# Each amount of free space stops the merge at another step: writing the
# driver's output, the index, the work tree, MERGE_HEAD, the commit.
for kind in merge ff; do
    for kb in 4 12 24 40 48; do
        d=$TEST_TMP/$kind-$kb
        setup "$d" "$kind" || exit 1
        b=$d/small/b
        git -C "$b" fetch -q
        before=$(git -C "$b" rev-parse HEAD)
        fill "$d" "$kb"
        "$QTOWN" -w "$b" --lang en sync >"$d/out1" 2>"$d/err1"
        first=$?
        rm -f "$d/small/fill"
        run "$QTOWN" -w "$b" --lang en sync
        if [ "$first" -ne 0 ]; then
            expect_status 0 "$kind, $kb KB free: failed, then syncs once there is space"
            sent=$(awk '/^Sent to/ {s = 1; next} /^Received from/ {s = 0} s' <<<"$OUT")
            if grep -q "(甲)" <<<"$sent"; then
                not_ok "$kind, $kb KB: the remote's changes are not sent back as local ones" "$OUT"
            else
                ok "$kind, $kb KB: the remote's changes are not sent back as local ones"
            fi
        else
            ok "$kind, $kb KB free: the first sync went through"
            ok "$kind, $kb KB: nothing to send back"
        fi
        check "$kind, $kb KB: no merge left in progress" test ! -e "$b/.git/MERGE_HEAD"
        check "$kind, $kb KB: nothing left uncommitted" \
            test -z "$(git -C "$b" status --porcelain -- '*.yaml')"
        run "$QTOWN" -w "$b" check
        expect_status 0 "$kind, $kb KB: b checks clean"
        "$QTOWN" -w "$d/a" sync >/dev/null
        check "$kind, $kb KB: a and b agree" same_files "$d/a" "$b"
        : "$before"
        umount "$d/small"
    done
done

done_testing
