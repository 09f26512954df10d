#!/usr/bin/env bash
# qtown set: statuses, values, notes, history, and refusals that change nothing.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace)
qtown -w "$ws" add village xinzhu 新竹村 >/dev/null
qtown -w "$ws" add enterprise acme ACME --attr industrial=true >/dev/null
f="$ws/villages/xinzhu.yaml"

run qtown -w "$ws" set xinzhu M8.responsibility-letter done --by 钱志锋
expect_status 0 "set a status"
expect_out "xinzhu M8.responsibility-letter: todo -> done"
check "status, updated and by written" diff -u - "$f" <<'YAML'
id: xinzhu
kind: village
name: 新竹村
checks:
  M8.responsibility-letter:
    status: done
    updated: 2025-11-26T10:15:00+08:00
    by: 钱志锋
history:
- {at: '2025-11-26T10:15:00+08:00', by: 钱志锋, check: M8.responsibility-letter, from: todo, to: done}
YAML

before=$(sha256sum "$f")
run qtown -w "$ws" set 新竹村 M8.responsibility-letter done --by 钱志锋
expect_status 0 "setting the same status again (by Chinese name)"
check "leaves every byte" test "$before" = "$(sha256sum "$f")"

run qtown -w "$ws" set xinzhu M8.responsibility-letter failed
expect_status 0 "by defaults to the login name"
check "by is the login name (no inspector set)" grep -q "by: tester" "$f"

qtown -w "$ws" set xinzhu M8.responsibility-letter doing --note "$(printf '第一行\n第二行')" >/dev/null
check "a multi-line note is a literal block" grep -q "note: |-" "$f"
check "its lines are there" grep -q "      第二行" "$f"

run qtown -w "$ws" set xinzhu M8.responsibility-letter doing --note ""
expect_status 0 "an empty note removes it"
check "note gone from the check" bash -c "! grep -q '^    note:' '$f'"
check "the removed note is kept in the history" \
    grep -qF 'check: M8.responsibility-letter, note: "第一行\n第二行", event: note}' "$f"

hostile=$(printf 'evil \033[2J\033]0;owned\007 \302\233 \342\200\256 end')
run qtown -w "$ws" set xinzhu M8.responsibility-letter doing --note "$hostile"
expect_status 0 "a note with control characters is stored"
run qtown -w "$ws" show xinzhu
check "show never prints them raw" bash -c "! grep -q \$'\\033' <<<\"\$1\" && ! grep -q \$'\\302\\233' <<<\"\$1\" && ! grep -q \$'\\342\\200\\256' <<<\"\$1\"" _ "$OUT"
expect_out '\x1b[2J'
expect_out '\u202e'

run qtown -w "$ws" set town O6.participants done --value 68
expect_status 0 "a numeric check takes a value"
check "the town file is created" grep -q "value: 68" "$ws/town.yaml"
run qtown -w "$ws" show town --lang en
expect_out "68 / >= 60"
# a typed number: the spaces around it are not part of it (as on the screens)
run qtown -w "$ws" set town O6.participants done --value " 70.50 "
expect_status 0 "a value with spaces around it is read"
check "the file keeps it as typed, without the spaces" grep -q "value: 70.50$" "$ws/town.yaml"
run qtown -w "$ws" set town O6.participants done --value 68

snap=$(snapshot "$ws")
run qtown -w "$ws" set xinzhu M8.responsibility-letter finished
expect_status 2 "an unknown status is a usage error"
expect_err "unknown status 'finished'"
run qtown -w "$ws" set xinzhu M9.nothing done
expect_status 2 "an unknown check is a usage error"
run qtown -w "$ws" set nosuch M8.responsibility-letter done
expect_status 2 "an unknown unit is a usage error"
run qtown -w "$ws" set xinzhu O5.iso9000-14000 done
expect_status 2 "a check of the other kind is refused"
run qtown -w "$ws" set xinzhu M8.responsibility-letter done --value 3
expect_status 2 "a value on a status-only check is refused"
run qtown -w "$ws" set town O6.participants done --value many
expect_status 2 "a value must be a number"
run qtown -w "$ws" set town O6.participants done --value 68,5
expect_status 2 "a value never takes a decimal comma"
run qtown -w "$ws" set xinzhu M8.responsibility-letter done --note "$(printf 'bad\377utf8')"
expect_status 2 "a note that is not UTF-8 is refused"
run qtown -w "$ws" set xinzhu M8.responsibility-letter done --by "$(printf 'two\nlines')"
expect_status 2 "--by must be one line"
run qtown -w "$ws" set xinzhu M8.responsibility-letter
expect_status 2 "set without a status"
check "no refused command changed a byte" test "$snap" = "$(snapshot "$ws")"

# A broken unit file is reported and never written.
printf 'id: xinzhu\nkind: village\nname: [oops\n' >"$f"
snap=$(snapshot "$ws")
run qtown -w "$ws" set xinzhu M8.responsibility-letter done
expect_status 1 "set on a broken file fails"
expect_err "villages/xinzhu.yaml:[0-9]+:[0-9]+: "
check "and leaves it as it was" test "$snap" = "$(snapshot "$ws")"

done_testing
