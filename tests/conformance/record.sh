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
registry=127.0.0.1:5000
mkdir -p "$work"

log() { echo "record: $*" >&2; }

# --- 1. packages, 2. registry and engine: engine.sh ----------------------------------------------------------
. "$here/engine.sh"

# Cases whose build.args say {git} read the repository of git-fixture.sh from a git daemon on a free loopback port;
# the URL is written back as {git} in expected.json, so the recording does not depend on the port.
git_url=""; git_pid=""
start_git_daemon() {
  "$here/git-fixture.sh" "$work/git"
  local port; port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  git daemon --reuseaddr --listen=127.0.0.1 --port="$port" --base-path="$work/git" "$work/git" >"$work/git-daemon.log" 2>&1 &
  git_pid=$!
  git_url="git://127.0.0.1:$port"
  for _ in $(seq 100); do git ls-remote "$git_url/repo.git" >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "git daemon did not start"; cat "$work/git-daemon.log" >&2; exit 1
}
stop_git_daemon() { [ -n "$git_pid" ] && kill "$git_pid" 2>/dev/null && wait "$git_pid" 2>/dev/null || true; }

# Cases whose build.args say {http} download tests/conformance/www/* from a static server on a free loopback port.
http_url=""; http_pid=""
start_http_server() {
  local port; port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  python3 -m http.server --bind 127.0.0.1 --directory "$here/www" "$port" >"$work/http.log" 2>&1 &
  http_pid=$!
  http_url="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -fsS "$http_url/plain.txt" >/dev/null 2>&1 && return 0; sleep 0.1; done
  log "http server did not start"; cat "$work/http.log" >&2; exit 1
}
stop_http_server() { [ -n "$http_pid" ] && kill "$http_pid" 2>/dev/null && wait "$http_pid" 2>/dev/null || true; }

trap 'stop_services; stop_git_daemon; stop_http_server' EXIT

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
  # The context is a copy of the case (below); {context} in build.args stands for its path (--build-context NAME={context}/dir).
  local ctx="$work/context/$name"
  local args=() line
  if [ -f "$dir/build.args" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      [ -z "$line" ] || [[ "$line" == \#* ]] || { line="${line//\{git\}/$git_url}"; line="${line//\{context\}/$ctx}"; args+=("${line//\{http\}/$http_url}"); }
    done <"$dir/build.args"
  fi
  local tag="hoist-conformance/$name:latest" logf="$work/logs/$name.log" rc=0
  mkdir -p "$work/logs"
  dk image rm -f "$tag" >/dev/null 2>&1 || true
  # --no-cache: every step really runs, so the log and any failure are BuildKit's own, not a cache replay.
  # The context is a copy of the case without the recorder's own files (a `COPY .` must not see expected.json) and
  # with modes fixed to what a git checkout under umask 022 gives: directories 0755, files 0644 or 0755.
  rm -rf "$ctx" && mkdir -p "$work/context" && cp -a "$dir" "$ctx"
  rm -rf "$ctx/expected.json" "$ctx/build.args" "$ctx/rebuild"
  chmod -R u+rwX,go+rX,go-w "$ctx"
  dk build --network=host --no-cache --progress=plain -t "$tag" "${args[@]}" "$ctx" >"$logf" 2>&1 || rc=$?
  # A case with rebuild/ is built a second time, with the cache, after rebuild/'s files are laid over the context;
  # expected.json then describes the second build and says what it found in the cache (see README.md).
  local rebuilt=()
  if [ "$rc" -eq 0 ] && [ -d "$dir/rebuild" ]; then
    local first; first="$(dk image inspect --format '{{.Id}}' "$tag")"
    cp -a "$dir/rebuild/." "$ctx/" && chmod -R u+rwX,go+rX,go-w "$ctx"
    dk build --network=host --progress=plain -t "$tag" "${args[@]}" "$ctx" >"$work/logs/$name.rebuild.log" 2>&1 || rc=$?
    local same=false
    [ "$rc" -eq 0 ] && [ "$(dk image inspect --format '{{.Id}}' "$tag")" = "$first" ] && same=true
    rebuilt=(--rebuild-log "$work/logs/$name.rebuild.log" --same-image "$same")
    logf="$work/logs/$name.rebuild.log"
  fi
  local bases=()
  for b in "$work"/bases/*.tar; do bases+=(--base "$(cat "${b%.tar}.ref")=$b"); done
  if [ "$rc" -eq 0 ]; then
    dk save -o "$work/$name.tar" "$tag"
    python3 "$here/normalize.py" --case "$name" --args-file "$dir/build.args" --image "$work/$name.tar" "${rebuilt[@]}" \
      "${bases[@]}" ${git_url:+--replace "$git_url={git}"} ${http_url:+--replace "$http_url={http}"} --replace "$ctx={context}" --out "$dir/expected.json"
    rm -f "$work/$name.tar"
  else
    python3 "$here/normalize.py" --case "$name" --args-file "$dir/build.args" --failed-log "$logf" \
      --exit-code "$rc" ${git_url:+--replace "$git_url={git}"} ${http_url:+--replace "$http_url={http}"} --replace "$ctx={context}" --out "$dir/expected.json"
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
start_git_daemon
start_http_server
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
