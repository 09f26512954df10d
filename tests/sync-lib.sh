# sync-lib.sh — for the tests of qtown's git sync (sourced after lib.sh):
# a private git identity and config, and a hub (a bare repository) with
# clones, all in the test's temporary folder.
#
#   hub_with_clones DIR a b c  the demo pushed by DIR/office to DIR/hub.git,
#                              cloned as DIR/a, DIR/b and DIR/c
#   at SECONDS CMD...          runs CMD with the clock at 2025-11-26 + SECONDS
#   same_files DIR...          true when the folders hold the same qtown files
#   no_markers DIR...          true when no file holds a conflict marker

skip_unless "git is not installed" command -v git
export GIT_AUTHOR_NAME=tester GIT_AUTHOR_EMAIL=tester@example.org
export GIT_COMMITTER_NAME=tester GIT_COMMITTER_EMAIL=tester@example.org
export GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
git config --global init.defaultBranch main
git config --global advice.detachedHead false
# a plain `git merge` needs qtown (the merge driver) on the PATH
PATH="$(dirname "$QTOWN"):$PATH"
BASE_NOW=$QTOWN_NOW

at() {
    local t=$1
    shift
    QTOWN_NOW=$((BASE_NOW + t)) "$@"
}

hub_with_clones() {
    local dir=$1 c
    shift
    mkdir -p "$dir"
    "$QTOWN" init "$dir/office" --demo >/dev/null || return 1
    git init -q --bare "$dir/hub.git" || return 1
    git -C "$dir/office" remote add origin "$dir/hub.git"
    "$QTOWN" -w "$dir/office" --lang en sync >/dev/null || return 1
    for c in "$@"; do
        git clone -q "$dir/hub.git" "$dir/$c" || return 1
    done
}

# The qtown files of a folder, with their content (not .git).
qtown_files() {
    (cd "$1" && find . \( -path ./.git -o -path ./.qtown \) -prune -o -type f ! -name '.*.lock' \
        -print0 | sort -z | xargs -0 sha256sum)
}

same_files() {
    local first=$1 d
    shift
    for d in "$@"; do
        [ "$(qtown_files "$first")" = "$(qtown_files "$d")" ] || {
            diff <(qtown_files "$first") <(qtown_files "$d") | sed 's/^/# /'
            return 1
        }
    done
}

no_markers() {
    ! grep -rEn --exclude-dir=.git '^(<<<<<<<|=======|>>>>>>>)' "$@"
}
