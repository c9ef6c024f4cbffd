#!/usr/bin/env bash
# `hoist analyze` (native AOT) on a 1 GB, 30,000-file image: wall time and peak RSS (goal: < 5 s, < 100 MB).
# Usage: bench/analyze.sh [work-dir]   (default /tmp/hoist-analyze-bench; the tree and store are reused if present)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/hoist-analyze-bench}"
tree="$work/tree"
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null

if [ ! -f "$work/.tree-done" ]; then
  rm -rf "$tree"; mkdir -p "$tree"
  python3 "$repo/bench/mixed-tree.py" "$tree" 29900 100 7
  touch "$work/.tree-done"
fi

echo "== build (Release, native AOT)"
dotnet publish "$repo/src/Hoist.Cli/Hoist.Cli.csproj" -c Release -o "$work/bin" >/dev/null
hoist="$work/bin/hoist"; [ -x "$hoist" ] || hoist="$work/bin/Hoist.Cli"
export HOIST_ROOT="$work/store"

if ! "$hoist" inspect bench/analyze:1 >/dev/null 2>&1; then
  echo "== import the tree as a one-layer image"
  tar --sort=name --numeric-owner -C "$tree" -cf "$work/tree.tar" .
  "$hoist" import "$work/tree.tar" bench/analyze:1 >/dev/null
  rm -f "$work/tree.tar"
fi
"$hoist" images

echo "== hoist analyze (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %M KB peak RSS" "$hoist" analyze bench/analyze:1 >"$work/analyze.txt"
done
head -4 "$work/analyze.txt"
