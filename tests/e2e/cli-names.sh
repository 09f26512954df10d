#!/usr/bin/env bash
# One unit, one name: add refuses a name another unit has (exit 2, naming
# it), check reports duplicates already on disk, a name several units carry
# is an error listing their ids (never a silent pick); unknown check ids get
# "did you mean ...".
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace --demo)

before=$(snapshot "$ws")
run qtown -w "$ws" --lang en add village xinzhu-2 晨山村
expect_status 2 "add refuses another village's name"
expect_err "the name '晨山村' is already the name of village chenshan"
run qtown -w "$ws" --lang en add enterprise acme 晨山村
expect_status 2 "an enterprise cannot take a village's name either"
run qtown -w "$ws" --lang en add village other chenshan
expect_status 2 "nor another unit's id"
expect_err "'chenshan' is the id of village chenshan"
run qtown -w "$ws" --lang en add village other 嘉泽镇
expect_status 2 "nor the town's name"
expect_err "town town"
check "nothing was written" test "$before" = "$(snapshot "$ws")"
run qtown -w "$ws" --lang en add village xinzhu-2 新竹村
expect_status 0 "a new name is taken"

# two units with one name, made by hand (or by a sync of two laptops)
sed 's/^id: chenshan/id: chenshan-2/' "$ws/villages/chenshan.yaml" >"$ws/villages/chenshan-2.yaml"
run qtown -w "$ws" --lang en check
expect_status 1 "check reports a name two units carry"
expect_err "villages/chenshan.yaml:3:7: the name '晨山村' is also the name of chenshan-2"
expect_err "villages/chenshan-2.yaml:3:7: the name '晨山村' is also the name of chenshan"
before=$(snapshot "$ws")
run qtown -w "$ws" --lang en set 晨山村 O1.patrol failed
expect_status 2 "set by an ambiguous name is refused"
expect_err "'晨山村' is the name of 2 units \(chenshan, chenshan-2\): use the id"
run qtown -w "$ws" --lang en show 晨山村
expect_status 2 "show by it too"
run qtown -w "$ws" --lang en log 晨山村
expect_status 2 "log by it too"
check "nothing was changed" test "$before" = "$(snapshot "$ws")"
run qtown -w "$ws" set chenshan-2 O1.patrol failed
expect_status 0 "by id each is still reached"
run qtown -w "$ws" --lang en set 没有这个村 O1.patrol failed
expect_status 2 "a name no unit has"
expect_err "no unit with the id or name '没有这个村'"

# did you mean
run qtown -w "$ws" --lang en set chenshan O1.patrl done
expect_status 2 "an unknown check id"
expect_err "unknown check 'O1.patrl' \(plan jiaze-2016\); did you mean O1.patrol \(Anti-counterfeiting patrols in the village\)\?"
run qtown -w "$ws" --lang zh set chenshan 巡查 done
expect_err "您是指 O1.patrol（村内开展打假巡查）吗？" "a check found by a word of its Chinese title"
run qtown -w "$ws" --lang en set chenshan zzzz done
expect_status 2 "nothing like it"
expect_err "unknown check 'zzzz' \(plan jiaze-2016\)$"

done_testing
