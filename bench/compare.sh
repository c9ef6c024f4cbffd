#!/usr/bin/env bash
# Two hoist binaries on one scenario, taking turns (each going first every other run), N cold, warm or incremental
# builds each: medians of wall (from the clock, to the microsecond), user and system time, peak RSS (and their ratio).
# A cold build starts from an empty state dir each time (base pulled, unpacked and walked again). For finding small
# per-build regressions between commits, which bench/rebuild.sh's 3-5 runs cannot separate from the machine's noise;
# CPU time is much steadier than wall time on a busy machine.
# Usage: bench/compare.sh NEW_BINARY OLD_BINARY [work-dir]     (default /tmp/hoist-compare)
#   SCENARIO=S5  MODE=incremental|warm|cold  N=15
# Needs root, runc, docker-registry; base images as bench/rebuild.sh makes them (scripts/fixtures.sh --gcc).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
new="$(realpath "$1")"; old="$(realpath "$2")"
work="$(mkdir -p "${3:-/tmp/hoist-compare}" && cd "${3:-/tmp/hoist-compare}" && pwd)"
scenario="${SCENARIO:-S5}"; mode="${MODE:-incremental}"; runs="${N:-15}"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

fixtures="$("$repo/scripts/fixtures.sh" --gcc)"
. "$repo/bench/registry.sh"
registry="127.0.0.1:$(free_port)"
registry_config "$work/registry" "$registry"
docker-registry serve "$work/registry/config.yml" >"$work/registry.log" 2>&1 &
pids+=($!)
wait_registry "$registry" || { echo "docker-registry did not start" >&2; exit 1; }
seed="$work/seed"; rm -rf "$seed"
"$new" --root "$seed" import "$fixtures/busybox-rootfs.tar" "$registry/bench/busybox:latest" >/dev/null
"$new" --root "$seed" import "$fixtures/debian-gcc-rootfs.tar" "$registry/bench/debian-gcc:bookworm" >/dev/null
"$new" --root "$seed" push "$registry/bench/busybox:latest" >/dev/null 2>&1
"$new" --root "$seed" push "$registry/bench/debian-gcc:bookworm" >/dev/null 2>&1
rm -rf "$seed"

ctx="$work/ctx"; rm -rf "$ctx"; cp -r "$repo/bench/scenarios/$scenario" "$ctx"
[ -x "$ctx/generate.sh" ] && "$ctx/generate.sh"
: >"$work/times.tsv"
build() { # build NAME BINARY: one build, its wall (ms, from the clock: /usr/bin/time's %e has 10 ms steps), user, sys
  # and peak RSS appended to times.tsv
  [ "$mode" = cold ] && rm -rf "$work/state-$1"
  local start; start=$(date +%s%N)
  /usr/bin/time -f "%U\t%S\t%M" -o "$work/time.out" "$2" --root "$work/state-$1" build --network host \
    --progress plain --build-arg "REGISTRY=$registry" -t bench/compare:latest "$ctx" >>"$work/build.log" 2>&1
  printf '%s\t%s\t%s\n' "$1" "$(( ($(date +%s%N) - start) / 1000 ))" "$(tail -1 "$work/time.out")" >>"$work/times.tsv"
}
rm -rf "$work/state-new" "$work/state-old"
build new "$new"; build old "$old"; : >"$work/times.tsv"
for i in $(seq "$runs"); do
  [ "$mode" = incremental ] && echo "/* changed $(date +%s%N) */" >>"$ctx/$(cat "$ctx/CHANGE")"
  # Each goes first every other run: the one after an incremental edit or a cold start no longer always pays for it.
  if [ $((i % 2)) -eq 1 ]; then build new "$new"; build old "$old"; else build old "$old"; build new "$new"; fi
done
python3 - "$work/times.tsv" "$scenario" "$mode" "$runs" <<'PY'
import statistics, sys
rows = [line.split('\t') for line in open(sys.argv[1]) if line.strip()]
med = lambda name, i: statistics.median(float(r[i]) for r in rows if r[0] == name)
print(f"{sys.argv[2]} {sys.argv[3]}, median of {sys.argv[4]} (seconds): metric new old new/old")
for i, metric in ((1, 'wall'), (2, 'user'), (3, 'sys'), (4, 'rss')):
    n, o = med('new', i), med('old', i)
    if i == 1: n, o = n / 1e6, o / 1e6  # microseconds
    if i == 4: n, o = n / 1024, o / 1024  # MB
    print(f"  {metric:4} {n:.3f} {o:.3f} {n / o if o else float('nan'):.2f}")
PY
