#!/usr/bin/env bash
# Colours for statuses, and NO_COLOR honoured: the screen still reads in
# monochrome (reverse video for the cursor, bold for failures).
. "$(dirname "$0")/lib-tui.sh"

ws=$(new_workspace --demo)
has_escape() { grep -qF -- "$1" <<<"$SCREEN"; }

tui_start -w "$ws"
tui_wait "嘉泽镇 2016" "the list is shown"
tui_keys j j Enter
tui_wait "丰杨村 (fengyang)" "a unit is open"
tui_screen_escapes
check "done is green" has_escape $'\e[32m[x]'
check "failed is red" has_escape $'\e[1m\e[31m[!]'
check "the cursor is in reverse video" has_escape $'\e[7m'
tui_quit

tui_start --env NO_COLOR=1 -w "$ws"
tui_wait "嘉泽镇 2016" "the list is shown with NO_COLOR"
tui_keys j j Enter
tui_wait "丰杨村 (fengyang)" "a unit is open"
tui_screen_escapes
check "no foreground colour at all" bash -c '! grep -qE $'"'"'\e\\[(3[0-7]|9[0-7]|38;)'"'"' <<<"$1"' _ "$SCREEN"
check "no background colour at all" bash -c '! grep -qE $'"'"'\e\\[(4[0-7]|10[0-7]|48;)'"'"' <<<"$1"' _ "$SCREEN"
check "the cursor is still in reverse video" has_escape $'\e[7m'
check "a failure is still bold" has_escape $'\e[1m[!]'
tui_quit
done_testing
