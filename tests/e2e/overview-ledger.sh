#!/usr/bin/env bash
# The overview's ledger (evidence expired and expiring, units not visited)
# is counted from the units' summaries (model/summary.h, kept in the cache)
# and a record is read from its unit only when shown.  What the report and
# the overview screen say must be what reading every unit says: the
# figures and rows are checked against what was recorded, and every output
# with the cache warm against the same with no cache at all, on the demo
# and on a workspace of 168 units.
. "$(dirname "$0")/../lib.sh"

export QTOWN_TODAY=2016-11-20 QTOWN_NOW=1479610000 TZ=Asia/Shanghai

# ledger_fixture WS: evidence of every validity and visits of every age (the
# window for expiring is 60 days, for unvisited 90).
ledger_fixture() {
    local ws=$1
    a() { qtown -w "$ws" attach "$@" --by 钱志锋 >/dev/null || echo "attach $*"; }
    v() { qtown -w "$ws" visit "$@" >/dev/null || echo "visit $*"; }
    a chenshan O1.patrol --title 'Patrol log 2016' --number P-16 --valid-until 2016-10-01 # expired
    a chenshan M1.work-plan --title 'Work plan' --valid-until 2016-12-15                  # expiring
    a chenshan M2.brand-climate --title 'Brand leaflet' --valid-until 2017-06-01          # valid
    a chenshan M6.publicity --title 'Old training' --valid-until 2016-09-01               # renewed ...
    a chenshan M6.publicity --title 'New training' --valid-until 2017-09-01               # ... by this
    a chenshan M7.agri-brand --title 'Brand plan' --valid-until 2016-08-01 # expired, then not carried
    a chenshan M4.licensed --title 'Licence photo'                         # no end
    a yuejin O1.patrol --title 'Patrol A' --number A-1 --valid-until 2016-12-01 # two expiring
    a yuejin O1.patrol --title 'Patrol B' --number B-2 --valid-until 2016-12-01 # the same day
    a jiasen-panel O1.spot-check --title 'Spot check' --valid-until 2016-11-19
    a jiasen-panel O1.no-counterfeit --title 'Pledge' --valid-until 2016-11-20 # its last day
    a town O1.district-average --title 'District figures' --valid-until 2015-12-31
    qtown -w "$ws" edit chenshan --attr agricultural=false --by 钱志锋 >/dev/null || echo edit
    v yuejin --date 2016-11-01 --by 周晓燕   # visited lately
    v fengyang --date 2016-05-01 --by 周晓燕 # too long ago
    v fengyang --date 2016-03-01 --by 周晓燕
    v hengda-motor --date 2016-08-22 --by 蒋国平 # 90 days ago: not yet
}

# multiply WS K: every village and enterprise copied K times (new ids and
# names, the same content: their evidence and visits too)
multiply() {
    python3 - "$@" <<'PY'
import os, sys
root, k = sys.argv[1], int(sys.argv[2])
for kind in ("villages", "enterprises"):
    folder = os.path.join(root, kind)
    for name in sorted(n for n in os.listdir(folder) if n.endswith(".yaml") and n[0] != "."):
        old = name[:-5]
        text = open(os.path.join(folder, name), encoding="utf-8").read()
        for i in range(k):
            lines = text.replace(f"id: {old}\n", f"id: {old}-{i:03d}\n", 1).split("\n")
            lines[2] += f"{i:03d}"  # name: ...NNN
            with open(os.path.join(folder, f"{old}-{i:03d}.yaml"), "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
PY
}

# outputs WS DIR: every report format in both languages, a unit's ledger,
# the changes since a day, and the overview screen (its ledger part and
# a search in it) at two sizes
outputs() {
    local ws=$1 out=$2 lang f size
    mkdir -p "$out"
    for lang in en zh; do
        for f in text markdown html csv; do
            qtown -w "$ws" --lang $lang report --format $f >"$out/report-$lang.$f" 2>&1
            echo "status $?" >>"$out/report-$lang.$f"
        done
        qtown -w "$ws" --lang $lang report --since 2016-10-01 >"$out/since-$lang.txt" 2>&1
        qtown -w "$ws" --lang $lang report chenshan --format html >"$out/ledger-$lang.html" 2>&1
    done
    printf 'o<dump><Tab><Tab><Tab><Tab><Tab><Tab><Tab><dump>/Patrol<Enter><dump><Enter><dump>' \
        >"$TEST_TMP/keys"
    for size in 120x60 80x24; do
        rm -f "$out/screen-$size"
        COLUMNS=${size%x*} LINES=${size#*x} TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" \
            QTOWN_TEST_SCREEN="$out/screen-$size" qtown -w "$ws" --lang en >/dev/null 2>&1
    done
}

# same_warm_and_fresh WS NAME: the outputs with the cache made by a first
# run equal those with no cache at all
same_warm_and_fresh() {
    local ws=$1 name=$2
    rm -rf "$ws/.qtown" "$TEST_TMP/fresh" "$TEST_TMP/warm"
    outputs "$ws" "$TEST_TMP/fresh"
    [ -f "$ws/.qtown/cache" ] || not_ok "$name: a cache was written"
    outputs "$ws" "$TEST_TMP/warm"
    if diff -r "$TEST_TMP/fresh" "$TEST_TMP/warm" >"$TEST_TMP/diff"; then
        ok "$name: every report and the overview screen, cache warm = no cache"
    else
        not_ok "$name: every report and the overview screen, cache warm = no cache" \
            "$(head -20 "$TEST_TMP/diff")"
    fi
}

ws=$(new_workspace --demo --no-git)
problems=$(ledger_fixture "$ws")
check "the fixture is recorded" test -z "$problems"

# ---- the figures and rows, as recorded ------------------------------------
run qtown -w "$ws" --lang en report --format markdown
expect_out "**Evidence: 3 expired, 4 expiring within 60 days (as of 2016-11-20).**" \
    "expired: the town's, chenshan's patrol, jiasen's spot check; renewed and not carried left out"
rows=$(grep '^| \**expir' <<<"$OUT" | cut -d'|' -f3-6 | tr -s ' ' | sed 's/ $//')
expected=" 2015-12-31 | 嘉泽镇 | O1.district-average | District figures
 2016-10-01 | 晨山村 | O1.patrol | Patrol log 2016
 2016-11-19 | 常州嘉森人造板有限公司 | O1.spot-check | Spot check
 2016-11-20 | 常州嘉森人造板有限公司 | O1.no-counterfeit | Pledge
 2016-12-01 | 跃进村 | O1.patrol | Patrol A
 2016-12-01 | 跃进村 | O1.patrol | Patrol B
 2016-12-15 | 晨山村 | M1.work-plan | Work plan"
if [ "$rows" = "$expected" ]; then ok "the evidence rows, in order, with their records"; else
    not_ok "the evidence rows, in order, with their records" "$(tr '\n' ';' <<<"$rows")"
fi
expect_out "26 units not visited for 90 days." "unvisited: all but yuejin and hengda-motor"
check "fengyang (visited too long ago) is listed with its last visit" \
    grep -qF "| 丰杨村 | village | 2016-05-01 |" <<<"$OUT"
check "hengda-motor (visited 90 days ago) is not listed" \
    bash -c '! grep -qF "| 常州恒达电机有限公司 | enterprise |" <<<"$0"' "$OUT"
# the same figures as qtown evidence gives from the units read whole
run qtown -w "$ws" evidence --expired --format csv
check "qtown evidence (units read whole): the same 3 expired" test "$(tail -n +2 <<<"$OUT" | grep -c .)" = 3
run qtown -w "$ws" evidence --expiring 60 --format csv
check "qtown evidence (units read whole): the same 4 expiring" test "$(tail -n +2 <<<"$OUT" | grep -c .)" = 4

printf 'o<Tab><Tab><Tab><Tab><Tab><Tab><Tab><dump>' >"$TEST_TMP/keys"
rm -f "$TEST_TMP/screen"
COLUMNS=120 LINES=40 TERM=xterm QTOWN_TEST_KEYS="$TEST_TMP/keys" \
    QTOWN_TEST_SCREEN="$TEST_TMP/screen" qtown -w "$ws" --lang en >/dev/null 2>&1
check "the overview screen counts the ledger" \
    grep -qF "Evidence and visits (3 expired, 4 expiring, 26 not visited)" "$TEST_TMP/screen"
check "the overview screen shows a record's title (its unit read when drawn)" \
    grep -qE "expired 50 days ago +晨山村 .* Patrol log 2016" "$TEST_TMP/screen"

same_warm_and_fresh "$ws" "demo"

# ---- 168 units: the same figures, scaled --------------------------------------
multiply "$ws" 5
rm -rf "$ws/.qtown"
run qtown -w "$ws" --lang en report
expect_out "Evidence: 13 expired, 24 expiring within 60 days (as of 2016-11-20)." \
    "6 copies of each unit: 1 + 6 x 2 expired, 6 x 4 expiring"
expect_out "156 units not visited for 90 days." "6 x 26 not visited"
same_warm_and_fresh "$ws" "168 units"

done_testing
