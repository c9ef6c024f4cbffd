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
  python3 - "$tree" <<'PY'
import os, random, sys
root = sys.argv[1]; rng = random.Random(42)
words = [w.encode() for w in "the quick brown fox jumps over lazy dog layer image tar gzip hoist build cache stage copy run".split()]
def text(n):
    out = bytearray()
    while len(out) < n: out += rng.choice(words) + (b"\n" if rng.random() < 0.1 else b" ")
    return bytes(out[:n])
total = 0
# many small files (~200 MB): 20000 files of 2-18 KiB, half text half random
for i in range(20000):
    d = os.path.join(root, "small", f"d{i // 500:03d}")
    os.makedirs(d, exist_ok=True)
    n = rng.randint(2048, 18432)
    data = text(n) if i % 2 == 0 else os.urandom(n)
    open(os.path.join(d, f"f{i:05d}"), "wb").write(data); total += n
# some large files (~800 MB): 4 x 100 MB text-ish, 4 x 100 MB random
os.makedirs(os.path.join(root, "large"), exist_ok=True)
block = text(1 << 20)
for i in range(4):
    with open(os.path.join(root, "large", f"text{i}.log"), "wb") as f:
        for j in range(100): f.write(block[j % 7:] + block[:j % 7])
    with open(os.path.join(root, "large", f"random{i}.bin"), "wb") as f:
        for j in range(100): f.write(os.urandom(1 << 20))
print(f"tree: {total + 800 * (1 << 20)} bytes")
PY
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
