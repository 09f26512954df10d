#!/usr/bin/env bash
# docs/qtown.1 against `qtown --help` (made from src/cli/commands.def):
# every command in the synopsis and with its paragraph, every option, every
# report format and status; it renders without warnings (when groff is
# there), and `meson install` installs it.
. "$(dirname "$0")/../lib.sh"

man="$SRCDIR/docs/qtown.1"
run qtown --help
expect_status 0 "qtown --help"
usage=$OUT
commands=$(sed -n 's/^.*qtown \([a-z][a-z-]*\).*$/\1/p' <<<"$usage")
check "the usage names commands" test "$(wc -w <<<"$commands")" -ge 10
for cmd in $commands; do
    roff=${cmd//-/\\\\-}
    check "the man page's synopsis has 'qtown $cmd'" grep -q "^\.B qtown $roff\$" "$man"
    check "the man page describes '$cmd'" grep -q "^\.B $roff\( \|\$\)" "$man"
done
# every option the usage names
options=$(grep -oE -- '--[a-z][a-z-]*|(^|[[ ])-[a-z]\b' <<<"$usage" | tr -d '[ ' | sort -u)
check "the usage names options" test "$(wc -w <<<"$options")" -ge 10
for opt in $options; do
    check "the man page covers $opt" grep -qE -- "${opt//-/\\\\-}\b" "$man"
done
# the words the usage explains: every report format, every status
choices() { sed -n "s/^$1 is \([^.]*\)\..*/\1/p" <<<"$usage" | sed 's/,\| or / /g'; }
formats=$(choices FORMAT)
statuses=$(choices STATUS)
check "the usage names the formats" test "$(wc -w <<<"$formats")" -ge 4
check "the usage names the statuses" test "$(wc -w <<<"$statuses")" -ge 5
for word in $formats $statuses; do
    check "the man page explains '$word'" grep -q "^\.B $word\$" "$man"
done
for key in Enter Esc Tab Space '\.B o' '\.B q' '\.B w' 'Ctrl\\-Z'; do
    check "the man page lists the screen key $key" grep -q "$key" "$man"
done
if command -v groff >/dev/null; then
    check "it renders without warnings" test -z "$(groff -man -Tutf8 -ww -z "$man" 2>&1)"
fi
if [ -n "${MESON_BUILD_ROOT:-}" ] && [ -d "${MESON_BUILD_ROOT}" ]; then
    run meson install -C "$MESON_BUILD_ROOT" --destdir "$TEST_TMP/inst" --no-rebuild
    expect_status 0 "meson install"
    check "installs man1/qtown.1" test -n "$(find "$TEST_TMP/inst" -path '*/man1/qtown.1')"
fi
done_testing
