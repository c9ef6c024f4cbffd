#!/usr/bin/env bash
# A two-platform cross-compiled build (examples/cross-compile for linux/amd64,linux/arm64: a $BUILDPLATFORM gcc stage
# compiling for each target, a scratch runtime per platform) with Hoist and with BuildKit (dockerd's, containerd image
# store, which docker needs for multi-platform builds) in the same run, both writing the index as an OCI tar. Modes:
# cold (no cache, base image pulled from a loopback registry) and warm (everything cached). N runs each; prints medians.
# Usage: bench/multiplatform.sh [work-dir]     (default /tmp/hoist-multiplatform-bench; needs root)
#        N=1 HOIST_BIN=out/hoist bench/multiplatform.sh
# BuildKit comes from the Docker engine under /opt/hoist-docker (tests/conformance/engine.sh installs it); dockerd runs
# on its own socket, data root and exec root under the work directory, without a bridge or iptables; both builders run
# RUN with --network none (the build needs no network).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/hoist-multiplatform-bench}"
runs="${N:-3}"
prefix=/opt/hoist-docker
platforms=linux/amd64,linux/arm64
say() { echo "multiplatform: $*" >&2; }
[ "$(id -u)" -eq 0 ] || { say "needs root (overlay mounts, runc, dockerd)"; exit 1; }
mkdir -p "$work"
results="$work/results.tsv"; log="$work/bench.log"; : >"$results"; : >"$log"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

if [ -z "${HOIST_BIN:-}" ]; then
  say "publishing the native binary"
  dotnet publish "$repo/src/Hoist.Cli/Hoist.Cli.csproj" -c Release -o "$work/bin" >/dev/null
  HOIST_BIN="$work/bin/hoist"; [ -x "$HOIST_BIN" ] || HOIST_BIN="$work/bin/Hoist.Cli"
fi

# --- the builder image in a loopback registry, so both builders pull the same blobs -----------------------------
. "$repo/bench/registry.sh"
port=$(free_port); registry="127.0.0.1:$port"
registry_config "$work/registry" "$registry"
docker-registry serve "$work/registry/config.yml" >"$work/registry/log" 2>&1 &
pids+=($!)
wait_registry "$registry"
fixtures="$("$repo/scripts/fixtures.sh" --cross)"
builder="$registry/bench/debian-cross:bookworm"
rm -rf "$work/seed"
"$HOIST_BIN" --root "$work/seed" import "$fixtures/debian-cross-rootfs.tar" "$builder" >>"$log"
"$HOIST_BIN" --root "$work/seed" push "$builder" >>"$log" 2>&1
rm -rf "$work/seed"
# The example without its `# syntax=` line: BuildKit would fetch that frontend image from docker.io (network rule:
# loopback only), while its built-in frontend is the one every other comparison uses.
rm -rf "$work/context" && cp -r "$repo/examples/cross-compile" "$work/context"
sed -i '/^# syntax=/d' "$work/context/Dockerfile"

# --- BuildKit ---------------------------------------------------------------------------------------------------
sock="$work/docker/docker.sock"
dk() { DOCKER_CONFIG="$work/docker/config" "$prefix/usr/bin/docker" --host "unix://$sock" "$@"; }
have_buildkit=0
if [ -x "$prefix/usr/sbin/dockerd" ]; then
  mkdir -p "$work/docker/config/cli-plugins"
  ln -sf "$prefix/usr/libexec/docker/cli-plugins/docker-buildx" "$work/docker/config/cli-plugins/docker-buildx"
  echo '{"features": {"containerd-snapshotter": true}}' >"$work/docker/daemon.json"
  PATH="$prefix/usr/bin:$prefix/usr/sbin:$PATH" "$prefix/usr/sbin/dockerd" --config-file "$work/docker/daemon.json" \
    --bridge=none --iptables=false --ip-masq=false --host "unix://$sock" --insecure-registry "$registry" \
    --data-root "$work/docker/data" --exec-root "$work/docker/exec" --pidfile "$work/docker/dockerd.pid" \
    >"$work/docker/dockerd.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do dk version >/dev/null 2>&1 && { have_buildkit=1; break; }; sleep 0.2; done
  [ "$have_buildkit" -eq 1 ] || say "dockerd did not start (see $work/docker/dockerd.log); BuildKit is left out"
else
  say "no Docker engine under $prefix (tests/conformance/engine.sh installs one); BuildKit is left out"
fi

reset() {
  case "$1" in
    hoist) rm -rf "$work/hoist-state" ;;
    buildkit) dk builder prune -af >/dev/null; dk image prune -af >/dev/null ;;
  esac
}
build() {
  case "$1" in
    hoist) "$HOIST_BIN" --root "$work/hoist-state" build --progress plain --network none --insecure-registry "$registry" --platform "$platforms" \
             --build-arg "BUILDER_IMAGE=$builder" -o "type=oci,dest=$work/hoist.tar" "$work/context" ;;
    buildkit) DOCKER_BUILDKIT=1 dk buildx build --progress plain --network none --platform "$platforms" \
                --build-arg "BUILDER_IMAGE=$builder" -o "type=oci,dest=$work/buildkit.tar" "$work/context" ;;
  esac
}
timed() {
  local tool="$1" mode="$2" start end
  echo "=== $tool $mode" >>"$log"
  start=$(date +%s.%N)
  build "$tool" >>"$log" 2>&1 || { say "build failed: $tool $mode (see $log)"; tail -20 "$log" >&2; exit 1; }
  end=$(date +%s.%N)
  printf '%s\t%s\t%s\n' "$tool" "$mode" "$(python3 -c "print(f'{$end - $start:.2f}')")" | tee -a "$results" >&2
}

tools=(hoist); [ "$have_buildkit" -eq 1 ] && tools+=(buildkit)
for _ in $(seq "$runs"); do
  for tool in "${tools[@]}"; do
    reset "$tool"; timed "$tool" cold
    timed "$tool" warm
  done
done

python3 - "$results" "$(cut -d' ' -f3 /proc/loadavg)" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
cell = lambda t, m: [float(s) for tool, mode, s in rows if tool == t and mode == m]
print(f"two-platform cross-compiled build (linux/amd64,linux/arm64), median seconds; 15-min load {sys.argv[2]}")
print("| mode | Hoist | BuildKit | Hoist/BuildKit |\n| --- | ---: | ---: | ---: |")
for mode in ("cold", "warm"):
    h, b = cell("hoist", mode), cell("buildkit", mode)
    hm = statistics.median(h) if h else None; bm = statistics.median(b) if b else None
    ratio = f"{hm / bm:.2f}" if hm and bm else "-"
    print(f"| {mode} | {hm if hm is not None else '-'} | {bm if bm is not None else '-'} | {ratio} |")
PY
