#!/usr/bin/env bash
# Records what BuildKit's Dockerfile frontend says about every Dockerfile of a corpus, for compare.py to hold Hoist
# against: `docker buildx build --call=check,format=json`, `--call=outline,format=json` and `--call=targets,format=json`
# (stdout, stderr and exit code of each) under OUT/CASE/. Needs root and the engine tests/conformance/engine.sh unpacks.
#   tests/realworld/record.sh CORPUS OUT        CORPUS/CASE/Dockerfile for each case (SOURCES.tsv beside them)
#
# No traffic leaves the machine: after the engine's packages are fetched, everything runs in a private network
# namespace with only loopback, as tests/checks/record.sh does: a registry on 127.0.0.1:80 is docker.io's mirror, and
# /etc/hosts (this namespace only) points other registries at it; every base image a case names is pushed there as the
# same tiny stand-in image (linux/amd64, empty config). Hoist treats a base it does not have as an empty config too.
# A `# syntax=` line alone at the top is blanked in the copy both engines read (BuildKit would pull the frontend).
# Environment: HOIST_DOCKER_SUITE (default sid), HOIST_REALWORLD_WORK (scratch, default /tmp/hoist-realworld); the
# engine gets its own socket, data root, exec root and pid file unless HOIST_DOCKER_* say otherwise.
set -euo pipefail
shopt -s nullglob

here="$(cd "$(dirname "$0")" && pwd)"
corpus="$(cd "$1" && pwd)"; out="$(mkdir -p "$2" && cd "$2" && pwd)"
work="${HOIST_REALWORLD_WORK:-/tmp/hoist-realworld}"
suite="${HOIST_DOCKER_SUITE:-sid}"
registry=127.0.0.1:80
export HOIST_DOCKER_SOCK="${HOIST_DOCKER_SOCK:-/tmp/d-realworld.sock}"
export HOIST_DOCKER_DATA_ROOT="${HOIST_DOCKER_DATA_ROOT:-/var/lib/docker-realworld}"
export HOIST_DOCKER_EXEC_ROOT="${HOIST_DOCKER_EXEC_ROOT:-/tmp/docker-realworld-exec}"
export HOIST_DOCKER_PIDFILE="${HOIST_DOCKER_PIDFILE:-/tmp/docker-realworld.pid}"
mkdir -p "$work"

log() { echo "record: $*" >&2; }

. "$here/../conformance/engine.sh"

cases=("$corpus"/*/)
python3 "$here/../checks/base_images.py" "${cases[@]%/}" >"$work/bases.txt"
mapfile -t other_registries < <(awk '$1 != "docker.io" { print $1 }' "$work/bases.txt" | sort -u)

if [ -z "${HOIST_REALWORLD_ISOLATED:-}" ]; then
  install_packages
  exec unshare --net --mount --propagation private env HOIST_REALWORLD_ISOLATED=1 "$0" "$@"
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

stand_in="$registry/hoist-checks/stand-in:latest"
mkdir -p "$work/rootfs" && echo stand-in >"$work/rootfs/stand-in"
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
dk import "$work/rootfs.tar" "$stand_in" >/dev/null
while read -r host name target; do
  dk tag "$stand_in" "$registry/$target" && dk push -q "$registry/$target" >/dev/null || log "push $name failed"
done <"$work/bases.txt"

for dir in "${cases[@]}"; do
  dir="${dir%/}"; name="${dir##*/}"; dest="$out/$name"
  mkdir -p "$dest"
  "$here/context.sh" "$dir" "$dest/context"
  for call in check outline targets; do
    rc=0
    dk buildx build --call="$call,format=json" "$dest/context" >"$dest/bk-$call.out" 2>"$dest/bk-$call.err" || rc=$?
    echo "$rc" >"$dest/bk-$call.rc"
  done
  log "$name: $(cat "$dest"/bk-*.rc | tr '\n' ' ')"
done
dk buildx version >"$out/versions.txt"
