#!/usr/bin/env bash
# qtown edit and qtown remove: what they change, what they record, and
# every bad input refused with a clear message and nothing changed.
. "$(dirname "$0")/../lib.sh"
export QTOWN_NOW=1764123300 TZ=Asia/Shanghai

ws=$(new_workspace --demo)
q() { qtown -w "$ws" --lang en "$@"; }
file=$ws/enterprises/huimin-supermarket.yaml

# ---- editing -----------------------------------------------------------
run q edit huimin-supermarket --attr size=medium --unset exporter --name 惠民超市 --by 周晓燕
expect_status 0 "edit: name, an attribute set, one removed"
expect_out "3 changes saved"
check "the name is in the file" grep -qx "name: 惠民超市" "$file"
check "the attribute" grep -qx "  size: medium" "$file"
check "the removed attribute is gone" test -z "$(grep '^  exporter:' "$file")"
check "the history has the name" grep -qF "by: 周晓燕, old: 常州嘉泽惠民超市有限公司, new: 惠民超市, event: name}" "$file"
check "the history has the attribute" grep -qF "key: size, old: small, new: medium, event: attribute}" "$file"
check "and the removal (no 'new')" grep -qF 'key: exporter, old: "false", event: attribute}' "$file"
check "the file loads again byte for byte" cmp -s <("$ROUNDTRIP" builtin:jiaze-2016 enterprise "$file") "$file"
run q edit 惠民超市 --attr size=medium
expect_status 0 "by the new name, the same value again"
expect_out "unchanged"
run q show 惠民超市
expect_out "Size, by the national size classification (large, medium, small) (size): medium"
run q log huimin-supermarket
expect_out "size: small -> medium"

# ---- bad inputs: exit 2, a clear message, nothing changed ---------------
before=$(snapshot "$ws")
bad() { # STATUS MESSAGE ARGS...
    local status=$1 msg=$2
    shift 2
    local what
    what=$(printf '%s' "$*" | tr '\000-\037' '?')
    run q "$@"
    expect_status "$status" "refused: $what"
    expect_err "$msg"
    check "nothing changed: $what" test "$(snapshot "$ws")" = "$before"
}
bad 2 "no unit with the id or name 'nosuch'" edit nosuch --attr size=large
bad 2 "unknown attribute 'colour'" edit jiaze-food --attr colour=red
bad 2 "unknown attribute 'colour'" edit jiaze-food --unset colour
bad 2 "must be a number, not 'lots'" edit jiaze-food --attr annual_sales_wan=lots
bad 2 "must be true or false, not 'yes please'" edit jiaze-food --attr industrial="yes please"
bad 2 "attribute 'size' cannot be 'huge'" edit jiaze-food --attr size=huge
bad 2 "not defined for enterprise units" edit jiaze-food --attr households=3
bad 2 "one line of printable UTF-8" edit jiaze-food --name "$(printf '食品\n公司')"
bad 2 "one line of printable UTF-8" edit jiaze-food --name "$(printf 'a\033[2Jb')"
bad 2 "one line of printable UTF-8" edit jiaze-food --name ""
bad 2 "already the name of village xicheng" edit jiaze-food --name 西城村
bad 2 "already the name of town town" edit jiaze-food --name 嘉泽镇
bad 2 "KEY=VALUE" edit jiaze-food --attr size
bad 2 "named twice" edit jiaze-food --attr size=large --unset size
bad 2 "nothing to change" edit jiaze-food
bad 2 "qtown edit UNIT" edit
bad 2 "the town's name and attributes" edit town --name 新镇
bad 2 "unknown option '--colour'" edit jiaze-food --colour red
bad 2 "no unit with the id or name 'nosuch'" remove nosuch
bad 2 "the town cannot be removed" remove town
bad 2 "qtown remove UNIT" remove

# a file that does not load is not edited
cp "$ws/villages/yuejin.yaml" "$TEST_TMP/yuejin"
printf 'checks: [\n' >>"$ws/villages/yuejin.yaml"
run q edit yuejin --attr households=1
expect_status 1 "a broken file: exit 1"
check "and it is left as it was" cmp -s <(cat "$TEST_TMP/yuejin"; printf 'checks: [\n') "$ws/villages/yuejin.yaml"
cp "$TEST_TMP/yuejin" "$ws/villages/yuejin.yaml"

# ---- removing ----------------------------------------------------------
run q remove jiaze-health
expect_status 0 "remove"
expect_out "archive/enterprises/jiaze-health.yaml"
check "the file moved to the archive" test -f "$ws/archive/enterprises/jiaze-health.yaml" -a ! -e "$ws/enterprises/jiaze-health.yaml"
check "unchanged" cmp -s "$ws/archive/enterprises/jiaze-health.yaml" "$SRCDIR/data/demo/enterprises/jiaze-health.yaml"
run q check
expect_status 0 "check ignores the archive"
expect_out "28 units checked"
run q show jiaze-health
expect_status 2 "a removed unit is gone"
q add enterprise jiaze-health 新卫生院 >/dev/null
run q remove jiaze-health
expect_out "archive/enterprises/jiaze-health-2.yaml" "a second removal of the same id keeps the first"
check "both kept" test -f "$ws/archive/enterprises/jiaze-health.yaml" -a -f "$ws/archive/enterprises/jiaze-health-2.yaml"
run q sync
check "sync commits the move" test -z "$(git -C "$ws" status --porcelain)"
check "the archive is in git" git -C "$ws" cat-file -e HEAD:archive/enterprises/jiaze-health.yaml

# the archive is never reached through a symlink
rm -rf "$ws/archive"
mkdir "$TEST_TMP/elsewhere"
ln -s "$TEST_TMP/elsewhere" "$ws/archive"
run q remove jiafa-valve
expect_status 1 "an archive that is a symlink is refused"
expect_err "symbolic link"
check "the unit stays" test -f "$ws/enterprises/jiafa-valve.yaml"
check "nothing written through the link" test -z "$(ls -A "$TEST_TMP/elsewhere")"
rm "$ws/archive"
mkdir -p "$ws/archive/enterprises"
ln -s "$TEST_TMP/elsewhere/x" "$ws/archive/enterprises/jiafa-valve.yaml"
run q remove jiafa-valve
expect_status 0 "a name taken by a symlink is left alone"
expect_out "archive/enterprises/jiafa-valve-2.yaml"
check "the link is untouched" test -L "$ws/archive/enterprises/jiafa-valve.yaml" -a ! -e "$TEST_TMP/elsewhere/x"
done_testing
