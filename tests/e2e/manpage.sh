#!/usr/bin/env bash
# docs/qtown.1: names every command and option of `qtown --help`, renders
# without warnings (when groff is there), and `meson install` installs it.
. "$(dirname "$0")/../lib.sh"

man="$SRCDIR/docs/qtown.1"
run qtown --help
expect_status 0 "qtown --help"
for cmd in init add list show set report check log whoami; do
    check "the man page covers 'qtown $cmd'" grep -q "^\.B qtown $cmd\|^\.B $cmd " "$man"
done
# every long option the usage names
for opt in $(grep -o -- '--[a-z]*' <<<"$OUT" | sort -u); do
    check "the man page covers $opt" grep -qF -- "${opt//-/\\-}" "$man"
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
