# lib-tui.sh — drives the real qtown in a real terminal (tmux), for the
# screen tests (sourced after nothing; it sources ../lib.sh).
#
#   . "$(dirname "$0")/lib-tui.sh"
#   ws=$(new_workspace --demo)
#   tui_start -w "$ws"            # 100x30, TERM=tmux-256color, LANG=C.UTF-8
#   tui_wait "嘉泽镇" "the list is shown"
#   tui_keys j Enter              # tmux key names; waits until drawn
#   tui_type "中文"               # literal text (send-keys -l)
#   tui_quit
#   done_testing
#
# Several qtowns at once (two windows on one workspace): each tui_start
# makes a new one current; tui_use N makes the Nth (from 1) current again.
#
# Every wait polls the screen (capture-pane) or qtown's idle marker
# (QTOWN_TEST_IDLE_FILE: the number of frames drawn, written when no input
# is waiting), with a deadline; nothing sleeps blindly.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

skip_unless "tmux is not installed" command -v tmux

# Each qtown gets a tmux server of its own (qtown-PID-N): a new session on
# the socket of a server that is exiting (its last session just ended)
# could fail.
TUI_N=0
TUI_SOCKET=""
TUI_SOCKETS=()
TUI_IDLE="$TEST_TMP/idle"
TUI_EXIT="$TEST_TMP/exit-status"

# tui_use N: the Nth qtown started is the one the functions below drive.
tui_use() {
    TUI_SOCKET=${TUI_SOCKETS[$(($1 - 1))]}
    TUI_IDLE="$TEST_TMP/idle-$1"
    TUI_EXIT="$TEST_TMP/exit-status-$1"
}
TUI_TIMEOUT=${TUI_TIMEOUT:-15}
SCREEN=""

_tmux() { tmux -L "$TUI_SOCKET" -f /dev/null "$@"; }

tui_cleanup() {
    local sock
    for sock in "${TUI_SOCKETS[@]}"; do
        tmux -L "$sock" -f /dev/null kill-server 2>/dev/null
    done
    rm -rf "$TEST_TMP"
}
trap tui_cleanup EXIT

# tui_start [--size COLSxROWS] [--env VAR=VALUE]... [--shell] QTOWN_ARGS...
# With --shell qtown is typed into an interactive shell (bash, prompt
# "$ "), as a person starts it: job control (Ctrl-Z, fg) works there.
tui_start() {
    local size=100x30 envs=() shell=false
    while [ $# -gt 0 ]; do
        case $1 in
        --size) size=$2; shift 2 ;;
        --env) envs+=("$2"); shift 2 ;;
        --shell) shell=true; shift ;;
        *) break ;;
        esac
    done
    TUI_N=$((TUI_N + 1))
    TUI_SOCKETS+=("qtown-$$-$TUI_N")
    tui_use "$TUI_N"
    rm -f "$TUI_IDLE" "$TUI_EXIT"
    local cmd q
    cmd="env TERM=tmux-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=$TZ HOME=$HOME"
    cmd+=" XDG_DATA_HOME=$XDG_DATA_HOME USER=$USER QTOWN_NOW=$QTOWN_NOW"
    cmd+=" QTOWN_TEST_IDLE_FILE=$TUI_IDLE"
    for q in "${envs[@]}"; do cmd+=" $(printf '%q' "$q")"; done
    cmd+=" $(printf '%q' "$QTOWN")"
    for q in "$@"; do cmd+=" $(printf '%q' "$q")"; done
    cmd+="; echo \$? > $(printf '%q' "$TUI_EXIT")"
    local first=$cmd
    $shell && first="env PS1='$ ' TERM=tmux-256color HOME=$HOME bash --norc --noprofile -i"
    if ! _tmux new-session -d -x "${size%x*}" -y "${size#*x}" "$first"; then
        not_ok "tmux starts qtown" "tmux new-session failed"
        return 1
    fi
    _tmux set-option -g status off >/dev/null
    if $shell; then
        # in a subshell, so that the exit status is written when qtown
        # ends, not when it is stopped (the subshell stops with it)
        tui_wait_shell || return 1
        _tmux send-keys -l -- "( $cmd )"
        _tmux send-keys Enter
    fi
    tui_wait_idle_after 0
}

# tui_wait_shell: waits for the shell's prompt on the last line in use.
tui_wait_shell() {
    local end
    end=$(_deadline)
    while tui_screen && ! grep -q '^\$ *$' <<<"$(sed '/^$/d' <<<"$SCREEN" | tail -1)"; do
        if [ "$(_now)" -gt "$end" ]; then return 1; fi
        _pause
    done
}

tui_screen() {
    SCREEN=$(_tmux capture-pane -p 2>/dev/null)
}

# The screen as an array of lines (for failure reports, one # line each).
_screen_lines() {
    mapfile -t LINES_OF_SCREEN <<<"$SCREEN"
}

_idle_count() {
    local n
    n=$(cat "$TUI_IDLE" 2>/dev/null) || n=0
    echo "${n:-0}"
}

_deadline() { echo $(($(date +%s%N) / 1000000 + TUI_TIMEOUT * 1000)); }
_now() { echo $(($(date +%s%N) / 1000000)); }
_pause() { sleep 0.02; } # between two polls of a condition

# Waits until qtown has drawn a frame past number $1 with no input waiting.
tui_wait_idle_after() {
    local before=$1 end
    end=$(_deadline)
    while [ "$(_idle_count)" -le "$before" ]; do
        if [ "$(_now)" -gt "$end" ] || [ -e "$TUI_EXIT" ]; then return 1; fi
        _pause
    done
}

# tui_keys KEY...: sends tmux keys (j, Enter, Escape, C-r, Space, ...) one
# at a time, each time waiting until qtown has drawn the result.
tui_keys() {
    local k n
    for k in "$@"; do
        n=$(_idle_count)
        _tmux send-keys "$k"
        tui_wait_idle_after "$n" || true
    done
}

# tui_type TEXT: types literal text (Chinese too).
tui_type() {
    local n
    n=$(_idle_count)
    _tmux send-keys -l -- "$1"
    tui_wait_idle_after "$n" || true
}

# tui_wait TEXT [NAME]: a test that passes when TEXT appears on the screen.
tui_wait() {
    local end
    end=$(_deadline)
    while :; do
        tui_screen
        if grep -qF -- "$1" <<<"$SCREEN"; then
            ok "${2:-screen shows '$1'}"
            return 0
        fi
        if [ "$(_now)" -gt "$end" ]; then
            _screen_lines
            not_ok "${2:-screen shows '$1'}" "waited ${TUI_TIMEOUT}s; the screen:" "${LINES_OF_SCREEN[@]}"
            return 1
        fi
        _pause
    done
}

# tui_wait_gone TEXT [NAME]: passes when TEXT is no longer on the screen.
tui_wait_gone() {
    local end
    end=$(_deadline)
    while :; do
        tui_screen
        if ! grep -qF -- "$1" <<<"$SCREEN"; then
            ok "${2:-screen no longer shows '$1'}"
            return 0
        fi
        if [ "$(_now)" -gt "$end" ]; then
            _screen_lines
            not_ok "${2:-screen no longer shows '$1'}" "the screen:" "${LINES_OF_SCREEN[@]}"
            return 1
        fi
        _pause
    done
}

# expect_screen TEXT [NAME] / expect_no_screen: the screen as it is now.
expect_screen() {
    tui_screen
    if grep -qF -- "$1" <<<"$SCREEN"; then ok "${2:-screen shows '$1'}"; else
        _screen_lines
        not_ok "${2:-screen shows '$1'}" "the screen:" "${LINES_OF_SCREEN[@]}"
    fi
}

expect_no_screen() {
    tui_screen
    if ! grep -qF -- "$1" <<<"$SCREEN"; then ok "${2:-screen lacks '$1'}"; else
        _screen_lines
        not_ok "${2:-screen lacks '$1'}" "the screen:" "${LINES_OF_SCREEN[@]}"
    fi
}

# wait_file_has FILE TEXT [NAME]: a saved file says TEXT (saves are done
# before the screen says so; the wait only absorbs scheduling).
wait_file_has() {
    local end
    end=$(_deadline)
    while ! grep -qF -- "$2" "$1" 2>/dev/null; do
        if [ "$(_now)" -gt "$end" ]; then
            mapfile -t LINES_OF_SCREEN <"$1"
            not_ok "${3:-$1 has '$2'}" "${LINES_OF_SCREEN[@]}"
            return 1
        fi
        _pause
    done
    ok "${3:-$1 has '$2'}"
}

# status_of FILE CHECK: the status a unit file records for a check.
status_of() {
    awk -v c="  $2:" '$0 == c { f = 1; next } f && /^    status:/ { print $2; exit } /^  [^ ]/ { f = 0 }' "$1"
}

# note_of FILE CHECK: the note line of a check as written (first line).
note_of() {
    awk -v c="  $2:" '$0 == c { f = 1; next } f && /^    note:/ { sub(/^    note: */, ""); print; exit } /^  [^ ]/ { f = 0 }' "$1"
}

# max_columns [FROM]: the display width of the widest line on the screen,
# from screen line FROM on (0-based; 1 leaves out the title line).
max_columns() {
    tui_screen
    python3 -c '
import sys, unicodedata
w = lambda l: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
lines = sys.stdin.read().split("\n")[int(sys.argv[1]):]
print(max((w(l) for l in lines), default=0))' "${1:-0}" <<<"$SCREEN"
}

# screen_line_of TEXT: the screen line (0-based) that first holds TEXT, or -1.
screen_line_of() {
    tui_screen
    awk -v t="$1" 'index($0, t) { print NR - 1; found = 1; exit } END { if (!found) print -1 }' \
        <<<"$SCREEN"
}

tui_resize() {
    local n
    n=$(_idle_count)
    _tmux resize-window -x "${1%x*}" -y "${1#*x}"
    tui_wait_idle_after "$n" || true
}

# tui_quit [KEY]: quits and checks that qtown exited with status 0.
tui_quit() {
    local end
    _tmux send-keys "${1:-q}"
    end=$(_deadline)
    while [ ! -s "$TUI_EXIT" ]; do
        if [ "$(_now)" -gt "$end" ]; then
            not_ok "qtown quits" "still running after ${TUI_TIMEOUT}s"
            return 1
        fi
        _pause
    done
    if [ "$(cat "$TUI_EXIT")" = 0 ]; then ok "qtown quits with status 0"; else
        not_ok "qtown quits with status 0" "status $(cat "$TUI_EXIT")"
    fi
}

# tui_screen_escapes: the screen with its attributes as escape sequences.
tui_screen_escapes() {
    SCREEN=$(_tmux capture-pane -e -p 2>/dev/null)
}

# wait_cursor_x COLUMN NAME: a test that passes when the terminal's cursor
# is at COLUMN.
wait_cursor_x() {
    local end x
    end=$(_deadline)
    while x=$(_tmux display-message -p '#{cursor_x}') && [ "$x" != "$1" ]; do
        if [ "$(_now)" -gt "$end" ]; then
            not_ok "$2" "the cursor is at column $x, not $1"
            return 1
        fi
        _pause
    done
    ok "$2"
}
