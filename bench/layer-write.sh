#!/usr/bin/env bash
# Times `hoist layer create` (Release) against `tar -c | pigz -6 | sha256sum` on a ~1 GB mixed tree.
# Usage: bench/layer-write.sh [work-dir]   (default /tmp/hoist-layer-bench; the tree is reused if present)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/hoist-layer-bench}"
tree="$work/tree"
command -v pigz >/dev/null || apt-get install -y pigz >/dev/null
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null

if [ ! -f "$work/.tree-done" ]; then
  rm -rf "$tree"; mkdir -p "$tree"
  python3 "$repo/bench/mixed-tree.py" "$tree" 20000 8 100
  touch "$work/.tree-done"
fi
du -sh "$tree"

echo "== build (Release, native AOT)"
dotnet publish "$repo/src/Hoist.Cli/Hoist.Cli.csproj" -c Release -p:SelfContained=true -o "$work/bin" >/dev/null
hoist="$work/bin/Hoist.Cli"; [ -x "$hoist" ] || hoist="$work/bin/hoist"

# Warm the page cache once so both runs read from memory.
tar -cf - -C "$tree" . | cat > /dev/null

echo "== hoist layer create (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
/usr/bin/time -v -o "$work/hoist.time" "$hoist" layer create "$tree" -o "$work/layer.tar.gz" | tee "$work/hoist.out"
echo "== tar | pigz -6 | sha256sum (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
/usr/bin/time -v -o "$work/pigz.time" bash -c "tar -cf - -C '$tree' . | pigz -6 | tee '$work/pigz.tar.gz' | sha256sum"

cpu() { awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
hw=$(wall "$work/hoist.time"); pw=$(wall "$work/pigz.time")
echo "== results"
echo "hoist: wall ${hw}s, cpu $(cpu "$work/hoist.time")s, peak RSS $(( $(rss "$work/hoist.time") / 1024 )) MB, size $(stat -c %s "$work/layer.tar.gz")"
echo "pigz : wall ${pw}s, cpu $(cpu "$work/pigz.time")s (tar+pigz+sha256sum), peak RSS $(( $(rss "$work/pigz.time") / 1024 )) MB (largest process), size $(stat -c %s "$work/pigz.tar.gz")"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: compare cpu time when load is high)"
python3 -c "print(f'ratio hoist/pigz wall time: {$hw / $pw:.2f}')"
gzip -t "$work/layer.tar.gz" && echo "gzip -t: our layer is valid gzip"
