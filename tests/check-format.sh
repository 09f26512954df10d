#!/usr/bin/env bash
# Every C file follows the checked-in .clang-format.
cd "${SRCDIR:?}" || exit 1
command -v clang-format >/dev/null || { echo "1..0 # SKIP clang-format not installed"; exit 0; }
n=0
fail=0
while IFS= read -r f; do
    n=$((n + 1))
    if clang-format --dry-run --Werror "$f" 2>/dev/null; then
        echo "ok $n - $f"
    else
        echo "not ok $n - $f is not clang-formatted (clang-format -i $f)"
        fail=1
    fi
done < <(git ls-files 'src/*.[ch]' 'tests/*.[ch]' 'bench/*.[ch]' 'fuzz/*.[ch]' 2>/dev/null || find src tests bench -name '*.[ch]')
echo "1..$n"
exit $fail
