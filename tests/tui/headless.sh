#!/usr/bin/env bash
# Headless (keys from a script, the screen dumped as text): every screen
# at every size from 1x1 up, including sizes resized to while typing; no
# crash, "too small" below 40x12, a full screen from 40x12, no line wider
# than the terminal and no wide character split.
. "$(dirname "$0")/../lib.sh"

ws=$(new_workspace --demo)
dump=$TEST_TMP/screen
keys=$TEST_TMP/keys

# headless COLSxROWS KEYS ARGS...: runs qtown on a key script.
headless() {
    local size=$1 script=$2
    shift 2
    printf '%s' "$script" >"$keys"
    : >"$dump"
    run env TERM=xterm-256color COLUMNS="${size%x*}" LINES="${size#*x}" QTOWN_TEST_KEYS="$keys" \
        QTOWN_TEST_SCREEN="$dump" "$QTOWN" "$@"
}

# Every screen, with a resize to each size before each dump.
sizes="1x1 2x1 1x2 3x3 10x4 20x8 39x11 39x12 40x11 40x12 41x12 43x13 50x15 60x20 79x24 80x24 99x30 100x30 101x31 160x48"
screens() {
    local s out=""
    for s in $sizes; do out+="<resize $s><dump>"; done
    echo "$out"
}
all=$(screens)
script="$all<Down><Down>$all<Enter>$all<Down><Down>$all<Tab>$all<Tab><Down><Down>$all?$all<End>$all<Esc>"
script+="e很长的一条中文备注很长的一条中文备注很长的一条中文备注$all<Esc>/计量$all<Enter>$all<Esc><Esc>"
headless 100x30 "$script" -w "$ws"
expect_status 0 "qtown runs every screen at every size and ends with the script"
frames=$(grep -c '^<<<end of screen>>>$' "$dump")
check "every dump was written ($frames)" test "$frames" -eq $((20 * 11))

python3 - "$dump" "$sizes" <<'PY' >"$TEST_TMP/report"
import sys, unicodedata
frames = open(sys.argv[1], encoding="utf-8").read().split("<<<end of screen>>>\n")[:-1]
sizes = sys.argv[2].split()
width = lambda l: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
problems = []
for i, frame in enumerate(frames):
    cols, rows = map(int, sizes[i % len(sizes)].split("x"))
    lines = frame.split("\n")[:-1]
    small = cols < 40 or rows < 12
    if len(lines) != rows:
        problems.append(f"frame {i} ({cols}x{rows}): {len(lines)} lines")
    for n, l in enumerate(lines):
        if width(l) > cols:
            problems.append(f"frame {i} ({cols}x{rows}) line {n}: {width(l)} columns: {l}")
        if "\ufffd" in l:
            problems.append(f"frame {i} line {n}: a broken character: {l}")
    text = "\n".join(lines)
    if small and cols >= 12 and rows >= 3 and "终端太小" not in text:
        problems.append(f"frame {i} ({cols}x{rows}): no 'too small' message")
    if not small and "终端太小" in text:
        problems.append(f"frame {i} ({cols}x{rows}): 'too small' at a usable size")
    if not small and not lines[-1].strip() and "备注" not in text:
        problems.append(f"frame {i} ({cols}x{rows}): an empty status line")
for p in problems:
    print(p)
PY
check "no line too wide, no split character, the right screen at each size" \
    test ! -s "$TEST_TMP/report"
[ -s "$TEST_TMP/report" ] && sed 's/^/# /' "$TEST_TMP/report" | head -20
check "at 40x12 the unit list is usable" grep -q "嘉泽镇" <(awk 'BEGIN{RS="<<<end of screen>>>\n"} NR==10' "$dump")
check "a long note wraps inside the prompt" grep -q "^备注：" "$dump"
# The checklist's two layouts: side by side from 100 columns (a '|' down
# the screen), else the detail below a row of '-'; a page (PgDn) is the
# tree's height less one row in each.
headless 100x30 '/jiaze-machinery<Enter><Enter><PgDn><dump>' -w "$ws"
check "side by side: a '|' between the panes on every row but the title and status" \
    test "$(sed -n '2,29p' "$dump" | grep -c '|')" -eq 28
check "PgDn moves a page of 27 rows (the 28th row's detail is shown)" \
    grep -q "| \[x\] 已完成  O7.no-accident$" <(sed -n 2p "$dump")
headless 80x24 '<Enter><PgDn><dump>' -w "$ws"
check "stacked: one row of 80 '-' under the tree's 13 rows" \
    test "$(sed -n 15p "$dump")" = "$(printf -- '-%.0s' $(seq 80))"
check "PgDn moves a page of 12 rows (the 13th row's detail is shown)" \
    grep -q "M1.leadership-group$" <(sed -n 16p "$dump")

done_testing
