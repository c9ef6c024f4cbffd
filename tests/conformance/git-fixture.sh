#!/usr/bin/env bash
# Writes the git repository that conformance cases with a {git} build argument read (ADD of git sources) as the bare
# repository DIR/repo.git. Every author, committer and tagger date is fixed, so the commit ids are the same on every
# machine and in every recording: the cases pin them (--checksum, #<commit>).
#   tests/conformance/git-fixture.sh DIR
set -euo pipefail
out="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null HOME="$work"
export GIT_AUTHOR_NAME=hoist GIT_AUTHOR_EMAIL=hoist@example.test GIT_COMMITTER_NAME=hoist GIT_COMMITTER_EMAIL=hoist@example.test
commit() {
  export GIT_AUTHOR_DATE="@$1 +0000" GIT_COMMITTER_DATE="@$1 +0000"
  git -C "$work/repo" add -A
  git -C "$work/repo" commit -q --no-gpg-sign -m "$2"
}
umask 022
git init -q -b main "$work/repo"
mkdir -p "$work/repo/sub/dir"
printf 'top\n' >"$work/repo/top.txt"
printf 'one\n' >"$work/repo/sub/dir/f.txt"
printf '#!/bin/sh\necho tool\n' >"$work/repo/tool.sh"
chmod 0755 "$work/repo/tool.sh"
ln -s top.txt "$work/repo/link"
commit 1600000000 first
git -C "$work/repo" tag v1
printf 'two\n' >"$work/repo/sub/dir/g.txt"
commit 1600000100 second
GIT_COMMITTER_DATE="@1600000200 +0000" git -C "$work/repo" tag -a -m annotated v2
rm -rf "$out/repo.git"
mkdir -p "$out"
git clone -q --bare "$work/repo" "$out/repo.git"
touch "$out/repo.git/git-daemon-export-ok"
