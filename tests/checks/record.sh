#!/usr/bin/env bash
# Records BuildKit's Dockerfile check findings (`docker buildx build --call=check,format=json`) for every case under
# tests/checks/corpus (real public Dockerfiles, sources in corpus/SOURCES.tsv) and tests/checks/cases (one or more per
# rule), writing expected.json beside each Dockerfile. Needs root.
#
# No traffic leaves the machine: after the engine's packages are fetched from Debian, everything runs in a private
# network namespace with only loopback. There a registry on 127.0.0.1:80 is docker.io's mirror, and /etc/hosts (bind
# mounted, this namespace only) points other registries' names at it; every base image a case names is pushed there as
# the same tiny stand-in image (linux/amd64, empty config), so BuildKit resolves FROM without the internet.
#   tests/checks/record.sh              record every case
#   tests/checks/record.sh cases/Undef  record only the cases whose path (relative to tests/checks) starts so
# Environment: HOIST_DOCKER_SUITE (default sid), HOIST_CHECKS_WORK (scratch directory, default /tmp/hoist-checks).
set -euo pipefail
shopt -s nullglob

here="$(cd "$(dirname "$0")" && pwd)"
work="${HOIST_CHECKS_WORK:-/tmp/hoist-checks}"
suite="${HOIST_DOCKER_SUITE:-sid}"
registry=127.0.0.1:80
mkdir -p "$work"

log() { echo "record: $*" >&2; }

. "$here/../conformance/engine.sh"

cases=()
for dir in "$here"/corpus/*/ "$here"/cases/*/; do
  dir="${dir%/}"
  if [ $# -gt 0 ]; then
    match=0; for p in "$@"; do [[ "${dir#"$here"/}" == "$p"* ]] && match=1; done
    [ "$match" -eq 1 ] || continue
  fi
  cases+=("$dir")
done
python3 "$here/base_images.py" "${cases[@]}" >"$work/bases.txt"
mapfile -t other_registries < <(awk '$1 != "docker.io" { print $1 }' "$work/bases.txt" | sort -u)

if [ -z "${HOIST_CHECKS_ISOLATED:-}" ]; then
  install_packages
  command -v unshare >/dev/null || { log "unshare (util-linux) is needed"; exit 1; }
  exec unshare --net --mount --propagation private env HOIST_CHECKS_ISOLATED=1 "$0" "$@"
fi

# --- inside the private network namespace ---------------------------------------------------------------------------
ip link set lo up
cp /etc/hosts "$work/hosts"
[ ${#other_registries[@]} -eq 0 ] || echo "127.0.0.1 ${other_registries[*]}" >>"$work/hosts"
mount --bind "$work/hosts" /etc/hosts
dockerd_options=(--registry-mirror "http://$registry")
for r in "${other_registries[@]}"; do dockerd_options+=(--insecure-registry "$r"); done
trap stop_services EXIT
start_registry
start_dockerd

# One stand-in image, pushed under every name a case's FROM resolves to (base_images.py lists them).
push_bases() {
  local stand_in="$registry/hoist-checks/stand-in:latest" host name target
  mkdir -p "$work/rootfs" && echo stand-in >"$work/rootfs/stand-in"
  tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
  dk import "$work/rootfs.tar" "$stand_in" >/dev/null
  while read -r host name target; do
    dk tag "$stand_in" "$registry/$target"
    dk push -q "$registry/$target" >/dev/null || log "push $name failed"
  done <"$work/bases.txt"
}

record_case() {
  local dir="$1" name="${1#"$here"/}" args=() line
  if [ -f "$dir/build.args" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      [ -z "$line" ] || [[ "$line" == \#* ]] || args+=("$line")
    done <"$dir/build.args"
  fi
  # The context is the case without the recorder's files. A `# syntax=` line would make BuildKit pull a frontend
  # image; alone at the top it becomes a blank line (same line numbers, same directives) so the built-in one is used.
  local ctx="$work/context"
  rm -rf "$ctx" && cp -a "$dir" "$ctx" && rm -f "$ctx/expected.json" "$ctx/build.args"
  if head -1 "$ctx/Dockerfile" | grep -qiE '^#[[:space:]]*syntax[[:space:]]*=' \
     && ! sed -n 2p "$ctx/Dockerfile" | grep -qiE '^#[[:space:]]*[a-z]+[[:space:]]*='; then
    sed -i '1s/.*//' "$ctx/Dockerfile"
  fi
  dk buildx build --call=check,format=json "${args[@]}" "$ctx" >"$work/out.json" 2>"$work/err.log" || true
  python3 "$here/normalize.py" "$work/out.json" "$work/err.log" >"$dir/expected.json"
  log "$name: $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["findings"]), "findings", "error: " + d["error"] if d["error"] else "")' "$dir/expected.json")"
}

push_bases
for dir in "${cases[@]}"; do record_case "$dir"; done
dk buildx version >"$here/versions.txt"
echo "docker.io $(cat "$prefix/VERSION.docker.io")" >>"$here/versions.txt"
