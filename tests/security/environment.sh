#!/usr/bin/env bash
# qtown's numbers and dates never depend on the locale or on TZ oddities,
# and the environment's text is inert when shown (issue 10, items 13 and
# 14: a decimal-comma LC_NUMERIC, a TZ with seconds in its offset,
# QTOWN_NOW near 2^63, $LANG printed raw).
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace --demo)

# ---- decimal-comma locales (made here with localedef: none is installed) ------------------
export LOCPATH=$TEST_TMP/locales
mkdir -p "$LOCPATH"
for loc in de_DE fr_FR ru_RU; do
    if ! localedef -i "$loc" -f UTF-8 "$LOCPATH/$loc.UTF-8" 2>/dev/null; then
        ok "# SKIP $loc: localedef cannot make it here"
        continue
    fi
    run env LC_ALL=$loc.UTF-8 "$QTOWN" init "$TEST_TMP/ws-$loc" --demo
    expect_status 0 "$loc: init --demo loads the built-in plan (credits are numbers)"
    run env LC_ALL=$loc.UTF-8 "$QTOWN" -w "$ws" --lang en set town O1.town-pass-rate done --value 96.8
    expect_status 0 "$loc: --value 96.8 is a number"
    check "$loc: written with a dot" grep -q "value: 96.8$" "$ws/town.yaml"
    run env LC_ALL=$loc.UTF-8 "$QTOWN" -w "$ws" --lang en report --format csv
    expect_status 0 "$loc: report"
    check "$loc: the report's numbers have dots, as in C" \
        test "$OUT" = "$(LC_ALL=C.UTF-8 "$QTOWN" -w "$ws" --lang en report --format csv)"
done
unset LOCPATH

# ---- TZ with seconds in its offset: the instant is kept (written in UTC) ---------------------
run env TZ=XXX-5:45:45 "$QTOWN" -w "$ws" set chenshan O1.patrol failed --by 甲
expect_status 0 "a set with TZ=XXX-5:45:45"
check "the time written is the instant of QTOWN_NOW (10:15 at +08:00 = 02:15Z)" \
    grep -q "updated: 2025-11-26T02:15:00Z" "$ws/villages/chenshan.yaml"
run env TZ=Asia/Kolkata "$QTOWN" -w "$ws" set chenshan O1.patrol doing --by 甲
check "a whole-minute offset is written as it is" \
    grep -q "updated: 2025-11-26T07:45:00+05:30" "$ws/villages/chenshan.yaml"

# ---- QTOWN_NOW out of range: ignored, never garbage --------------------------------------------
for v in 9223372036854775807 -9223372036854775808 99999999999999; do
    run env QTOWN_NOW=$v "$QTOWN" -w "$ws" set chenshan O1.patrol done --by 甲
    expect_status 0 "QTOWN_NOW=$v: the set is saved"
    check "QTOWN_NOW=$v: the time written is a real one" \
        grep -qE "updated: (19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]T" "$ws/villages/chenshan.yaml"
    "$QTOWN" -w "$ws" set chenshan O1.patrol failed --by 甲 >/dev/null
done
run "$QTOWN" -w "$ws" check
expect_status 0 "the workspace checks clean"

# ---- a huge value is a number, not infinity ---------------------------------------------------
run "$QTOWN" -w "$ws" --lang en set town O1.town-pass-rate done --value 1e308
expect_status 0 "--value 1e308 is taken"
run "$QTOWN" -w "$ws" --lang en report
expect_out "1e+308%"
expect_no_out "inf%"

# ---- the screens' locale message shows $LANG inert -------------------------------------------
run env -u LC_ALL -u LC_CTYPE LANG=$'zz\e]0;owned\a' "$QTOWN" -w "$ws" --lang en
expect_status 1 "the screens refuse a locale that is not UTF-8"
check "no raw escape reaches the terminal" bash -c '! grep -q $'"'"'\e'"'"' <<<"$0"' "$ERR"
expect_err 'zz\\x1b'

done_testing
