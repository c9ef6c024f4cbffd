#!/usr/bin/env bash
# Records BuildKit's ground truth for every case under tests/conformance/cases: builds each with a private Docker
# engine (its built-in BuildKit), saves the image and writes the normalised expected.json beside the Dockerfile.
# Needs root. Only loopback is used: dockerd runs without a bridge or iptables, builds use --network=host, and the
# registry the builds pull from listens on 127.0.0.1:5000.
#   tests/conformance/record.sh            record every case
#   tests/conformance/record.sh 07 12      record only the cases whose directory starts with these prefixes
# Environment: HOIST_DOCKER_SUITE (Debian suite the engine comes from, default sid), HOIST_CONFORMANCE_WORK (scratch
# directory, default /tmp/hoist-conformance), HOIST_FIXTURES (see scripts/fixtures.sh).
set -euo pipefail
shopt -s nullglob

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${HOIST_CONFORMANCE_WORK:-/tmp/hoist-conformance}"
suite="${HOIST_DOCKER_SUITE:-sid}"
prefix=/opt/hoist-docker          # the engine's binaries, unpacked from Debian packages (not installed system-wide)
sock=/tmp/d.sock
data_root=/var/lib/docker-hoist
registry=127.0.0.1:5000
mkdir -p "$work"

log() { echo "record: $*" >&2; }

# --- 1. packages ------------------------------------------------------------------------------------------------
# bookworm's docker.io (20.10) embeds BuildKit 0.8, whose Dockerfile frontend lacks heredocs, COPY --chmod/--link/
# --exclude/--parents. A current engine is therefore taken from a newer Debian suite and unpacked under $prefix;
# bookworm's docker.io still brings runc, tini and the system users.
install_packages() {
  export DEBIAN_FRONTEND=noninteractive
  local need=()
  command -v runc >/dev/null || need+=(docker.io)
  [ -x /usr/bin/docker ] || need+=(docker.io)
  command -v docker-registry >/dev/null || need+=(docker-registry)
  command -v curl >/dev/null || need+=(curl)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if [ -x "$prefix/usr/sbin/dockerd" ] && [ -x "$prefix/usr/libexec/docker/cli-plugins/docker-buildx" ]; then
    return 0
  fi
  log "fetching docker.io, docker-cli, docker-buildx and containerd from Debian $suite"
  local alt="$work/apt-$suite"
  mkdir -p "$alt/lists/partial" "$alt/cache/archives/partial" "$alt/debs"
  echo "deb http://deb.debian.org/debian $suite main" >"$alt/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$alt/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$alt/lists" -o "Dir::Cache=$alt/cache" -o APT::Sandbox::User=root)
  apt-get "${opts[@]}" update -qq >/dev/null
  (cd "$alt/debs" && rm -f ./*.deb && apt-get "${opts[@]}" download -qq docker.io docker-cli docker-buildx containerd >/dev/null)
  mkdir -p "$prefix"
  for deb in "$alt"/debs/*.deb; do dpkg-deb -x "$deb" "$prefix"; done
  dpkg-deb -f "$alt"/debs/docker.io_*.deb Version >"$prefix/VERSION.docker.io"
}

# --- 2. registry and engine -------------------------------------------------------------------------------------
registry_pid=""; dockerd_pid=""
stop_services() {
  [ -n "$dockerd_pid" ] && kill "$dockerd_pid" 2>/dev/null && wait "$dockerd_pid" 2>/dev/null || true
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null || true
  dockerd_pid=""; registry_pid=""
}
trap stop_services EXIT

start_registry() {
  local dir="$work/registry"
  rm -rf "$dir" && mkdir -p "$dir/storage"
  cat >"$dir/config.yml" <<CONF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
http:
  addr: $registry
CONF
  docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 100); do curl -fsS "http://$registry/v2/" >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "registry did not start"; cat "$dir/registry.log" >&2; exit 1
}

start_dockerd() {
  rm -f "$sock"
  PATH="$prefix/usr/bin:$prefix/usr/sbin:$PATH" "$prefix/usr/sbin/dockerd" \
    --bridge=none --iptables=false --ip-masq=false --insecure-registry "$registry" \
    --host "unix://$sock" --data-root "$data_root" --exec-root /tmp/docker-hoist-exec \
    --pidfile /tmp/docker-hoist.pid >"$work/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 300); do [ -S "$sock" ] && dk version >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "dockerd did not start"; tail -20 "$work/dockerd.log" >&2; exit 1
}

# The CLI finds the buildx plugin through DOCKER_CONFIG, so BuildKit is used (the classic builder is never reached).
export DOCKER_CONFIG="$work/docker-config"
mkdir -p "$DOCKER_CONFIG/cli-plugins"
ln -sf "$prefix/usr/libexec/docker/cli-plugins/docker-buildx" "$DOCKER_CONFIG/cli-plugins/docker-buildx"
export DOCKER_HOST="unix://$sock" DOCKER_BUILDKIT=1 BUILDKIT_PROGRESS=plain
dk() { "$prefix/usr/bin/docker" "$@"; }

# --- 3. base images ---------------------------------------------------------------------------------------------
push_fixtures() {
  local cache; cache="$("$repo/scripts/fixtures.sh" --gcc)"
  import_rootfs "$cache/busybox-rootfs.tar" "$registry/hoist-fixtures/busybox:latest"
  import_rootfs "$cache/debian-gcc-rootfs.tar" "$registry/hoist-fixtures/debian-gcc:bookworm"
}
import_rootfs() {
  local src="$1" ref="$2"
  if [ -d "$src" ]; then   # an mmdebstrap output whose name lacked .tar at creation time is a directory
    tar --numeric-owner --sort=name -C "$src" -cf - . | dk import - "$ref" >/dev/null
  else
    dk import "$src" "$ref" >/dev/null
  fi
  dk push -q "$ref" >/dev/null
}

# Images that cases build FROM (e.g. a parent carrying ONBUILD triggers) are built from tests/conformance/parents/NAME
# and pushed as 127.0.0.1:5000/hoist-conformance/NAME:latest, because BuildKit only reads FROM images from a registry.
push_parents() {
  local dir name ref
  for dir in "$here"/parents/*/; do
    [ -f "$dir/Dockerfile" ] || continue
    name="$(basename "$dir")"; ref="$registry/hoist-conformance/$name:latest"
    dk build --network=host -q -t "$ref" "$dir" >/dev/null
    dk push -q "$ref" >/dev/null
  done
}

# --- 4. cases ---------------------------------------------------------------------------------------------------
save_bases() {
  local refs=("$registry/hoist-fixtures/busybox:latest" "$registry/hoist-fixtures/debian-gcc:bookworm")
  local dir name
  for dir in "$here"/parents/*/; do
    [ -f "$dir/Dockerfile" ] && refs+=("$registry/hoist-conformance/$(basename "$dir"):latest")
  done
  mkdir -p "$work/bases"
  rm -f "$work"/bases/*.tar
  for ref in "${refs[@]}"; do
    name="$(echo "$ref" | tr '/:' '__')"
    dk save -o "$work/bases/$name.tar" "$ref"
    echo "$ref" >"$work/bases/$name.ref"
  done
}

record_case() {
  local dir="$1" name; name="$(basename "$dir")"
  local args=() line
  if [ -f "$dir/build.args" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      [ -z "$line" ] || [[ "$line" == \#* ]] || args+=("$line")
    done <"$dir/build.args"
  fi
  local tag="hoist-conformance/$name:latest" logf="$work/logs/$name.log" rc=0
  mkdir -p "$work/logs"
  dk image rm -f "$tag" >/dev/null 2>&1 || true
  # --no-cache: every step really runs, so the log and any failure are BuildKit's own, not a cache replay.
  # The context is a copy of the case without the recorder's own files (a `COPY .` must not see expected.json) and
  # with modes fixed to what a git checkout under umask 022 gives: directories 0755, files 0644 or 0755.
  local ctx="$work/context/$name"
  rm -rf "$ctx" && mkdir -p "$work/context" && cp -a "$dir" "$ctx"
  rm -f "$ctx/expected.json" "$ctx/build.args"
  chmod -R u+rwX,go+rX,go-w "$ctx"
  dk build --network=host --no-cache --progress=plain -t "$tag" "${args[@]}" "$ctx" >"$logf" 2>&1 || rc=$?
  local bases=()
  for b in "$work"/bases/*.tar; do bases+=(--base "$(cat "${b%.tar}.ref")=$b"); done
  if [ "$rc" -eq 0 ]; then
    dk save -o "$work/$name.tar" "$tag"
    python3 "$here/normalize.py" --case "$name" --args-file "$dir/build.args" --image "$work/$name.tar" \
      "${bases[@]}" --out "$dir/expected.json"
    rm -f "$work/$name.tar"
  else
    python3 "$here/normalize.py" --case "$name" --args-file "$dir/build.args" --failed-log "$logf" \
      --exit-code "$rc" --out "$dir/expected.json"
  fi
  log "$name: exit $rc"
}

# Debian builds dockerd without BuildKit's version stamp (it reports v0.0.0+unknown), so the BuildKit version is read
# from the vendor.mod of the docker.io source package the engine was built from.
vendored_buildkit() {
  local alt="$work/apt-$suite-src" version
  version="$(cat "$prefix/VERSION.docker.io" 2>/dev/null)" || { echo unknown; return; }
  mkdir -p "$alt/lists/partial" "$alt/cache/archives/partial" "$alt/src"
  echo "deb-src http://deb.debian.org/debian $suite main" >"$alt/sources.list"
  local opts=(-o "Dir::Etc::SourceList=$alt/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$alt/lists" -o "Dir::Cache=$alt/cache" -o APT::Sandbox::User=root)
  if [ -z "$(ls "$alt"/src/docker.io_*.orig.tar.xz 2>/dev/null)" ]; then
    apt-get "${opts[@]}" update -qq >/dev/null 2>&1 || { sleep 5; apt-get "${opts[@]}" update -qq >/dev/null 2>&1; } || true
    # Only the main tarball is needed; a missing component tarball makes apt-get fail after fetching it.
    (cd "$alt/src" && apt-get "${opts[@]}" source --download-only -qq "docker.io=$version" >/dev/null 2>&1) || true
  fi
  local tarball; tarball="$(ls "$alt"/src/docker.io_*.orig.tar.xz 2>/dev/null | head -1)"
  [ -n "$tarball" ] || { echo unknown; return; }
  tar -xJOf "$tarball" --wildcards '*/vendor.mod' 2>/dev/null | awk '$1 == "github.com/moby/buildkit" { print $2; exit }'
}

record_versions() {
  local out="$here/versions.json"
  {
    echo "{"
    echo "  \"debianPackage\": \"docker.io $(cat "$prefix/VERSION.docker.io" 2>/dev/null || echo unknown)\","
    echo "  \"engine\": $(dk version --format '{{json .Server.Version}}'),"
    echo "  \"client\": $(dk version --format '{{json .Client.Version}}'),"
    echo "  \"buildx\": \"$(dk buildx version | cut -d' ' -f2)\","
    echo "  \"buildkit\": $(dk buildx inspect default 2>/dev/null | sed -n 's/^BuildKit version: *//p' | head -1 | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read().strip()))'),"
    echo "  \"containerd\": \"$(PATH="$prefix/usr/bin:$PATH" containerd --version | cut -d' ' -f3)\","
    echo "  \"runc\": \"$(runc --version | head -1 | cut -d' ' -f3)\","
    echo "  \"buildkitVendored\": \"$(vendored_buildkit)\","
    echo "  \"storageDriver\": $(dk info --format '{{json .Driver}}')"
    echo "}"
  } >"$out"
}

install_packages
start_registry
start_dockerd
record_versions
push_fixtures
push_parents
save_bases
dk builder prune -af >/dev/null   # no cache mount or step result of an earlier recording may leak into this one
for dir in "$here"/cases/*/; do
  name="$(basename "$dir")"
  if [ $# -gt 0 ]; then
    match=0; for p in "$@"; do [[ "$name" == "$p"* ]] && match=1; done
    [ "$match" -eq 1 ] || continue
  fi
  record_case "${dir%/}"
done
rm -rf "$work/bases"
