#!/usr/bin/env bash
# context.sh CASE DEST: the build context both engines read for a corpus case: the case directory without the
# recorder's files, and without a `# syntax=` directive on line 1 (BuildKit would pull that frontend image): the line
# is blanked, or, when line 2 is another directive, takes line 2's place so that directive still counts (line 2 blank).
set -euo pipefail
rm -rf "$2" && cp -a "$1" "$2" && rm -f "$2/expected.json" "$2/build.args" "$2/SOURCE"
if head -1 "$2/Dockerfile" | grep -qiE '^(#|//)[[:space:]]*syntax[[:space:]]*='; then
  if sed -n 2p "$2/Dockerfile" | grep -qiE '^#[[:space:]]*[a-z]+[[:space:]]*='; then
    sed -i '1{N;s/^[^\n]*\n\(.*\)$/\1\n/}' "$2/Dockerfile"
  else
    sed -i '1s/.*//' "$2/Dockerfile"
  fi
fi
