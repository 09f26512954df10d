# lib.sh — shared by the benchmark scripts (sourced).

# best_ms CMD...: the best wall-clock of 3 runs of CMD, in milliseconds
# (whole commands: process start, load, output).
best_ms() {
    local best=999999999 i start end
    for i in 1 2 3; do
        start=$(date +%s%N)
        "$@" >/dev/null
        end=$(date +%s%N)
        [ $(((end - start) / 1000000)) -lt "$best" ] && best=$(((end - start) / 1000000))
    done
    echo "$best"
}
