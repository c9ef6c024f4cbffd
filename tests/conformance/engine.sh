#!/usr/bin/env bash
# A private, current Docker engine for recording BuildKit's ground truth; sourced by tests/conformance/record.sh and
# tests/checks/record.sh (which define $work, $suite, log and $registry, the loopback registry's HOST:PORT).
# The engine's binaries come from a newer Debian suite, unpacked under $prefix (not installed system-wide); dockerd
# runs without a bridge or iptables on its own socket and data root.
prefix=/opt/hoist-docker
# HOIST_DOCKER_SOCK / _DATA_ROOT / _EXEC_ROOT / _PIDFILE give a recorder its own engine beside another one.
sock="${HOIST_DOCKER_SOCK:-/tmp/d.sock}"
data_root="${HOIST_DOCKER_DATA_ROOT:-/var/lib/docker-hoist}"
exec_root="${HOIST_DOCKER_EXEC_ROOT:-/tmp/docker-hoist-exec}"
pidfile="${HOIST_DOCKER_PIDFILE:-/tmp/docker-hoist.pid}"
dockerd_options=()   # extra dockerd flags a recorder adds

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

dockerd_pid=""; registry_pid=""
stop_services() {
  [ -n "$dockerd_pid" ] && kill "$dockerd_pid" 2>/dev/null && wait "$dockerd_pid" 2>/dev/null || true
  [ -n "$registry_pid" ] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null || true
  dockerd_pid=""; registry_pid=""
}

start_dockerd() {
  rm -f "$sock"
  PATH="$prefix/usr/bin:$prefix/usr/sbin:$PATH" "$prefix/usr/sbin/dockerd" \
    --bridge=none --iptables=false --ip-masq=false ${registry:+--insecure-registry "$registry"} "${dockerd_options[@]}" \
    --host "unix://$sock" --data-root "$data_root" --exec-root "$exec_root" \
    --pidfile "$pidfile" >"$work/dockerd.log" 2>&1 &
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


# A docker-registry on $registry storing under $work/registry (stop_services stops it).
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
