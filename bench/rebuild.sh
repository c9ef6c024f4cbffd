#!/usr/bin/env bash
# The edit–rebuild benchmark (issues 6, 16): scenarios S1..S5 (bench/scenarios) built by Hoist, the current BuildKit
# (the Docker engine under /opt/hoist-docker that tests/conformance/engine.sh unpacks from a newer Debian suite, started
# privately here with buildx as the CLI's builder) and buildah, in three modes, N runs each; prints a table of medians and the
# Hoist/BuildKit ratios. Base images come from a docker-registry on a random 127.0.0.1 port, filled from the fixture
# root filesystems (scripts/fixtures.sh --gcc), so nothing leaves the machine.
#   cold         no cache and no base image: Hoist gets a fresh state directory; BuildKit `docker builder prune -af`
#                and every image removed; buildah every image removed (its only cache)
#   warm         the same build again, nothing changed
#   incremental  one context file changed (the file named in scenarios/SN/CHANGE gets a new line)
# Usage: bench/rebuild.sh [work-dir]                 (default /tmp/hoist-rebuild-bench)
#   N=3                 runs per cell (median reported)
#   SCENARIOS="S1 S5"   subset of scenarios;  TOOLS="hoist buildkit buildah"  subset of builders
#   HOIST_BIN=path      skip the Native AOT publish
#   HOIST_NETWORK=host  RUN network of the new hoist (default host, as the peers are run; `default` times the sandbox)
#   OLD_HOIST=path      also time this (older) hoist binary as the builder "hoist-old", in its own state directory,
#                       taking turns with the new one; the table gets its column and the new/old ratio
#   OLD_REF=commit      publish OLD_HOIST from that commit first (git archive into WORK/old-src), e.g. OLD_REF=268cb4e
#   Comparing two hoist binaries only:  OLD_REF=268cb4e TOOLS="hoist hoist-old" bench/rebuild.sh
# Needs root, runc, docker-registry; the engine under /opt/hoist-docker (DOCKER_PREFIX=DIR for another) and buildah are
# optional: a builder that is missing is shown as "-". bookworm's docker.io (20.10, a 2021 BuildKit) is not used.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mkdir -p "${1:-/tmp/hoist-rebuild-bench}" && cd "${1:-/tmp/hoist-rebuild-bench}" && pwd)"
runs="${N:-3}"
scenarios="${SCENARIOS:-S1 S2 S3 S4 S5}"
old_tool=""; if [ -n "${OLD_HOIST:-}${OLD_REF:-}" ]; then old_tool=" hoist-old"; fi
tools="${TOOLS:-hoist$old_tool buildkit buildah}"
hoist_network="${HOIST_NETWORK:-host}"
docker_prefix="${DOCKER_PREFIX:-/opt/hoist-docker}"
docker_cli="$docker_prefix/usr/bin/docker"
results="$work/results.tsv"
log="$work/bench.log"
: >"$results"
: >"$log"
pids=()

say() { echo "$*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
now() { date +%s.%N; }

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || { say "rebuild.sh needs root (overlay mounts, runc, dockerd)"; exit 1; }
have docker-registry || { say "docker-registry is required (apt-get install docker-registry)"; exit 1; }

# --- hoist binary and base images -------------------------------------------------------------------------------
if [ -z "${HOIST_BIN:-}" ]; then
  say "== publishing hoist (Native AOT)"
  HOIST_BIN="$(OUT="$work/bin" "$repo/scripts/publish.sh")"
fi
HOIST_BIN="$(cd "$(dirname "$HOIST_BIN")" && pwd)/$(basename "$HOIST_BIN")"
if [ -z "${OLD_HOIST:-}" ] && [ -n "${OLD_REF:-}" ]; then
  say "== publishing hoist at $OLD_REF (Native AOT)"
  rm -rf "$work/old-src" && mkdir -p "$work/old-src"
  git -C "$repo" archive "$OLD_REF" | tar -x -C "$work/old-src"
  OLD_HOIST="$(OUT="$work/old-bin" "$work/old-src/scripts/publish.sh")"
fi
if [ -n "${OLD_HOIST:-}" ]; then OLD_HOIST="$(cd "$(dirname "$OLD_HOIST")" && pwd)/$(basename "$OLD_HOIST")"; fi
fixtures="$("$repo/scripts/fixtures.sh" --gcc)"

. "$repo/bench/registry.sh"
port=$(free_port)
registry="127.0.0.1:$port"
registry_config "$work/registry" "$registry"
docker-registry serve "$work/registry/config.yml" >>"$log" 2>&1 &
pids+=($!)
wait_registry "$registry" || { say "docker-registry did not start"; exit 1; }

say "== base images to $registry"
seed="$work/seed-state"; rm -rf "$seed"
"$HOIST_BIN" --root "$seed" import "$fixtures/busybox-rootfs.tar" "$registry/bench/busybox:latest" >>"$log"
"$HOIST_BIN" --root "$seed" import "$fixtures/debian-gcc-rootfs.tar" "$registry/bench/debian-gcc:bookworm" >>"$log"
"$HOIST_BIN" --root "$seed" push "$registry/bench/busybox:latest" >>"$log" 2>&1
"$HOIST_BIN" --root "$seed" push "$registry/bench/debian-gcc:bookworm" >>"$log" 2>&1
rm -rf "$seed"

# --- contexts ---------------------------------------------------------------------------------------------------
for s in $scenarios; do
  mkdir -p "$work/ctx"
  # Fresh copies of the scenario's files; a generated files/ tree is kept between runs of the script.
  mkdir -p "$work/ctx/$s"
  find "$work/ctx/$s" -mindepth 1 -maxdepth 1 ! -name files -exec rm -rf {} +
  cp -r "$repo/bench/scenarios/$s/." "$work/ctx/$s/"
  [ -x "$work/ctx/$s/generate.sh" ] && "$work/ctx/$s/generate.sh"
done

# --- builders ---------------------------------------------------------------------------------------------------
dockerd_sock="$work/docker/docker.sock"
# The CLI finds buildx through DOCKER_CONFIG, so `docker build` is BuildKit's (never the classic builder).
docker_() { DOCKER_CONFIG="$work/docker/config" "$docker_cli" --host "unix://$dockerd_sock" "$@"; }
start_dockerd() {
  mkdir -p "$work/docker/config/cli-plugins"
  ln -sf "$docker_prefix/usr/libexec/docker/cli-plugins/docker-buildx" "$work/docker/config/cli-plugins/docker-buildx"
  PATH="$docker_prefix/usr/bin:$docker_prefix/usr/sbin:$PATH" "$docker_prefix/usr/sbin/dockerd" --bridge=none --iptables=false --ip-masq=false --host "unix://$dockerd_sock" \
    --data-root "$work/docker/data" --exec-root "$work/docker/exec" --pidfile "$work/docker/dockerd.pid" \
    --insecure-registry "$registry" >>"$work/docker/dockerd.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do docker_ version >/dev/null 2>&1 && return 0; sleep 0.2; done
  say "dockerd did not start (see $work/docker/dockerd.log)"; return 1
}
buildah_() {
  buildah --root "$work/buildah/root" --runroot "$work/buildah/run" --storage-driver overlay "$@"
}

available() {
  case "$1" in
    hoist) [ -x "$HOIST_BIN" ] ;;
    hoist-old) [ -n "${OLD_HOIST:-}" ] && [ -x "$OLD_HOIST" ] ;;
    buildkit) [ -x "$docker_cli" ] && [ -x "$docker_prefix/usr/sbin/dockerd" ] ;;
    buildah) have buildah ;;
  esac
}

# reset TOOL SCENARIO: forget every cache and base image the tool has.
reset() {
  case "$1" in
    hoist) rm -rf "$work/hoist-state" ;;
    hoist-old) rm -rf "$work/hoist-old-state" ;;
    buildkit)
      docker_ builder prune -af >/dev/null
      local images; images="$(docker_ images -aq)"
      [ -z "$images" ] || docker_ rmi -f $images >/dev/null ;;
    buildah) buildah_ rmi -af >/dev/null 2>&1 || true ;;
  esac
}

# build TOOL SCENARIO: one build, output to the log; fails the script when the build fails.
build() {
  local tool="$1" s="$2" ctx="$work/ctx/$2" tag="bench/$(echo "$2" | tr 'S' 's'):latest"
  case "$tool" in
    hoist) "${measure[@]}" "$HOIST_BIN" --root "$work/hoist-state" build --network "$hoist_network" --progress plain --build-arg "REGISTRY=$registry" -t "$tag" "$ctx" ;;
    hoist-old) "${measure[@]}" "$OLD_HOIST" --root "$work/hoist-old-state" build --network "$hoist_network" --progress plain --build-arg "REGISTRY=$registry" -t "$tag" "$ctx" ;;
    buildkit) docker_ build --progress plain --network host --build-arg "REGISTRY=$registry" -t "$tag" "$ctx" ;;
    buildah) buildah_ bud --layers --runtime /usr/sbin/runc --network host --tls-verify=false --quiet \
               --build-arg "REGISTRY=$registry" -t "$tag" "$ctx" ;;
  esac
}

# Hoist's peak RSS per build (KB, /usr/bin/time): the goal is ≤ 100 MB in S3 and S4. Peers run in daemons: not measured.
measure=(/usr/bin/time -f %M -o "$work/rss.txt")
[ -x /usr/bin/time ] || apt-get install -y -qq time >/dev/null

timed() {
  local tool="$1" s="$2" mode="$3" start end rss=""
  echo "=== $tool $s $mode" >>"$log"
  rm -f "$work/rss.txt"
  start=$(now)
  if ! build "$tool" "$s" >>"$log" 2>&1; then
    say "build failed: $tool $s $mode (see $log)"; tail -20 "$log" >&2; exit 1
  fi
  end=$(now)
  local seconds; seconds=$(python3 -c "print(f'{$end - $start:.3f}')")
  [ -s "$work/rss.txt" ] && rss="$(tail -1 "$work/rss.txt")"
  printf '%s\t%s\t%s\t%s\t%s\n' "$tool" "$s" "$mode" "$seconds" "${rss:--}" >>"$results"
  say "  $tool $s $mode ${seconds}s${rss:+ (peak RSS ${rss} KB)}"
}

change() {
  local ctx="$work/ctx/$1" file
  file="$(cat "$ctx/CHANGE")"
  echo "/* changed $(date +%s%N) */" >>"$ctx/$file"
}

versions="hoist $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
active=()
for tool in $tools; do
  if ! available "$tool"; then say "== $tool: not installed, skipped"; continue; fi
  active+=("$tool")
  case "$tool" in
    buildkit) start_dockerd
      versions="$versions; docker $(docker_ version --format '{{.Server.Version}}'), $(docker_ buildx version | cut -d' ' -f1-2)" ;;
    buildah) versions="$versions; $(buildah --version | cut -d' ' -f1-3)" ;;
  esac
done
# Builders take turns within each run of each scenario, so a busy machine slows them alike, and the order rotates from
# run to run: the builder after BuildKit (whose daemon goes on cleaning up for seconds after a build) or after buildah's
# heavy writes is a different one each time, not always the first (it cost Hoist 0.02-0.03 s of every warm build).
turn=0
for s in $scenarios; do
  say "== $s"
  for _ in $(seq "$runs"); do
    order=("${active[@]:turn % ${#active[@]}}" "${active[@]:0:turn % ${#active[@]}}")
    turn=$((turn + 1))
    for tool in "${order[@]}"; do
      reset "$tool" "$s"
      sync
      timed "$tool" "$s" cold
      timed "$tool" "$s" warm
      change "$s"
      timed "$tool" "$s" incremental
    done
  done
done
for tool in "${active[@]}"; do reset "$tool" all; done

# --- table ------------------------------------------------------------------------------------------------------
VERSIONS="$versions" LOAD_START="$load_start" python3 - "$results" "$runs" <<'PY'
import statistics, sys, collections, platform, os, datetime
rows = collections.defaultdict(list)
rss = collections.defaultdict(int)
for line in open(sys.argv[1]):
    tool, s, mode, seconds, peak = line.rstrip("\n").split("\t")
    rows[(s, mode, tool)].append(float(seconds))
    if tool == "hoist" and peak.isdigit(): rss[s] = max(rss[s], int(peak))
# Issue 16's goals for Hoist/BuildKit in every scenario.
def goal(s, mode):
    return {"warm": 0.2, "incremental": 0.5, "cold": 0.8}.get(mode)
def med(s, mode, tool):
    v = rows.get((s, mode, tool))
    return statistics.median(v) if v else None
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.machine())
load = open("/proc/loadavg").read().split()[2]
print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores ({cpu}), "
      f"load average {os.environ['LOAD_START']} at the start, 15-min {load} at the end, median of {sys.argv[2]} run(s), seconds")
print(os.environ["VERSIONS"])
print()
old = any(k[2] == "hoist-old" for k in rows)
print("| scenario | mode | hoist |" + (" hoist-old | hoist/old |" if old else "") + " buildkit | buildah | hoist/buildkit | goal |")
print("|---|---|---:|" + ("---:|---:|" if old else "") + "---:|---:|---:|---:|")
# Milliseconds below a second: at two decimals a 0.075 s warm build read 0.07 or 0.08, a ratio of 0.88 or 1.14.
fmt = lambda v: "-" if v is None else f"{v:.3f}" if v < 1 else f"{v:.2f}"
for s in sorted({k[0] for k in rows}):
    for mode in ("cold", "warm", "incremental"):
        h, o, b, a = (med(s, mode, t) for t in ("hoist", "hoist-old", "buildkit", "buildah"))
        ratio = "-" if h is None or not b else f"{h / b:.2f}"
        versus_old = f" {fmt(o)} | {'-' if h is None or not o else f'{h / o:.2f}'} |" if old else ""
        g = goal(s, mode)
        verdict = "-" if g is None else f"≤ {g}" + ("" if ratio == "-" else (" ✓" if h / b <= g else " ✗"))
        print(f"| {s} | {mode} | {fmt(h)} |{versus_old} {fmt(b)} | {fmt(a)} | {ratio} | {verdict} |")
print()
print("Hoist peak RSS per scenario (max over its builds; goal ≤ 100 MB in S3 and S4): "
      + ", ".join(f"{s} {v / 1024:.0f} MB" for s, v in sorted(rss.items())))
PY
