#!/usr/bin/env bash
# Checks that know where they apply (issue 11): scores computed by hand on
# tests/data/where-plan.yaml, a stored state kept byte for byte while its
# check does not apply, missing attributes flagged, and the default plan's
# services enterprise scoring 100 without a single n/a.
. "$(dirname "$0")/../lib.sh"
export QTOWN_NOW=1764123300 TZ=Asia/Shanghai

ws=$(new_workspace --plan "$SRCDIR/tests/data/where-plan.yaml")
q() { qtown -w "$ws" --lang en "$@"; }
q add enterprise shop 小店 --attr industrial=false --attr sector=services --attr size=small >/dev/null
q add enterprise factory 工厂 --attr industrial=true --attr sector=food --attr size=large >/dev/null
q add enterprise mystery 未知 >/dev/null

# ---- what each carries --------------------------------------------------
run q show shop
expect_out "O1.all" "the shop carries what every enterprise does"
expect_out "O2.service" "and the services check"
expect_no_out "O1.factory" "not the factories' check"
expect_no_out "O1.large" "nor the large enterprises'"
expect_no_out "M1.food" "nor the any-of check (neither food nor industrial)"
run q set shop O1.factory done
expect_status 2 "setting a check the unit does not carry is refused"
expect_err "does not apply to shop .*industrial = true"

# ---- hand-computed scores ----------------------------------------------
# shop, everything it carries done: O1 (weight 2) 1, O2 (weight 1) 1 (the
# unscored brand left out): objectives 60/60; measures: the letter 1 (the
# unscored assessment left out): 40/40; 100.0, A, and no n/a anywhere.
for c in O1.all O2.brand O2.service M1.letter M1.assessment; do q set shop "$c" done >/dev/null; done
run q report
check "a services shop with every applicable check done scores 100.0 (A)" \
    grep -qE '^ +1 +小店 +100\.0 +A +60\.0/60 +40\.0/40' <<<"$OUT"
# shop: O1.all done, O2.service doing, the brand todo, the letter failed,
# the assessment done: O1 = 1, O2 = 0.5 (the brand is not scored);
# objectives = 60 x (2 x 1 + 1 x 0.5) / 3 = 50.0; measures = 40 x 0/1 = 0
# (the assessment is not scored); 50.0, D.  Pooled without the item
# weights it would be 60 x (1 + 3 x 0.5) / 4 = 37.5.
q set shop O2.service doing >/dev/null
q set shop O2.brand todo >/dev/null
q set shop M1.letter failed >/dev/null
# factory: O1.all and O1.factory done, O1.large todo: O1 = 2/3; O2 has
# only the unscored brand: left out; objectives = 60 x 2/3 = 40.0;
# measures: the letter done, M1.food doing: (1 + 0.5) / 2 x 40 = 30.0;
# 70.0, C.
for c in O1.all O1.factory M1.letter; do q set factory "$c" done >/dev/null; done
q set factory M1.food doing >/dev/null
run q report
check "shop: 50.0 (D), objectives 50.0/60 with item weights, measures 0.0/40" \
    grep -qE '小店 +50\.0 +D +50\.0/60 +0\.0/40' <<<"$OUT"
check "factory: 70.0 (C), objectives 40.0/60, measures 30.0/40" \
    grep -qE '工厂 +70\.0 +C +40\.0/60 +30\.0/40' <<<"$OUT"
# the factories' rate: the shop does not carry the check; the mystery
# enterprise carries it for want of an attribute: 1 of 2
check "an indicator counts only the units that carry its check (1 of 2)" \
    grep -qE 'Factories +50% \(1/2\)' <<<"$OUT"

# ---- an attribute change: the state stays, byte for byte ----------------
q set factory O1.large done --note "ISO 10012 证书" >/dev/null
block() { sed -n '/^  O1.large:$/,/^  [^ ]/p' "$ws/enterprises/factory.yaml" | sed '$d'; }
before=$(block)
run q edit factory --attr size=small
expect_status 0 "edit size=small"
check "the stored state of a check that stops applying is kept byte for byte" \
    test "$(block)" = "$before"
run q show factory
expect_out "No longer applies (kept in the file, not counted)"
expect_out "no longer applies (size = large); kept in the file, not counted"
run q report
check "and it is not counted: factory 40.0/60 (O1 = 2/2 of what it carries)" \
    grep -qE '工厂 +[0-9.]+ +[A-D] +60\.0/60' <<<"$OUT"
run q edit factory --attr size=large
check "it comes back when the attribute changes back" grep -q "\[x\] O1.large" <<<"$(q show factory)"
check "still byte for byte" test "$(block)" = "$before"
run q log factory
expect_out "size: large -> small" "the history tells the attribute change"

# ---- a missing attribute is flagged ------------------------------------
run q show mystery
expect_out "Industrial (industrial): [attribute missing]" "show flags the attribute"
expect_out "attribute missing: industrial (the check is carried until it is set)"
run q check
expect_status 0 "a missing attribute is not an error of the file"
expect_out "enterprises/mystery.yaml: attribute missing: industrial, sector, size"

# ---- the default plan: a services enterprise, every applicable check done
ws=$(new_workspace)
q add enterprise shop 惠民超市 --attr annual_sales_wan=2300 --attr industrial=false \
    --attr size=small --attr scale_enterprise=false --attr key_enterprise=false \
    --attr famous_brand=false --attr exporter=false --attr sector=services \
    --attr prepackaged=false --attr special_equipment=false --attr agricultural=false >/dev/null
carried=$(q show shop | sed -n 's/^    \[ \] \([A-Z][0-9]\.[a-z0-9-]*\) .*/\1/p')
n=$(wc -w <<<"$carried")
check "the services enterprise carries a short list ($n checks), not the plan's 51" test "$n" -lt 30
for c in $carried; do q set shop "$c" done >/dev/null; done
run q report
check "and scores 100.0 (A) with every one done and no n/a" \
    grep -qE '惠民超市 +100\.0 +A' <<<"$OUT"
for c in O4.iso10012 O4.c-mark O7.registered-inspected O3.adoptions M7.agri-brand; do
    check "it does not carry $c" test -z "$(grep -x "$c" <<<"$carried")"
done
done_testing
