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
  python3 - "$tree" <<'PY'
import os, random, sys
root = sys.argv[1]; rng = random.Random(7)
words = [w.encode() for w in "the quick brown fox jumps over lazy dog layer image tar gzip hoist build cache stage copy run".split()]
def text(n):
    out = bytearray()
    while len(out) < n: out += rng.choice(words) + (b"\n" if rng.random() < 0.1 else b" ")
    return bytes(out[:n])
total = 0
# 29,900 small files (~300 MB), half text half random, 500 to a directory
for i in range(29900):
    d = os.path.join(root, "small", f"d{i // 500:03d}")
    os.makedirs(d, exist_ok=True)
    n = rng.randint(2048, 18432)
    data = text(n) if i % 2 == 0 else os.urandom(n)
    open(os.path.join(d, f"f{i:05d}"), "wb").write(data); total += n
# 100 large files (~700 MB), half text half random
os.makedirs(os.path.join(root, "large"), exist_ok=True)
block = text(1 << 20)
for i in range(100):
    with open(os.path.join(root, "large", f"file{i:03d}"), "wb") as f:
        for j in range(7): f.write(block[j:] + block[:j] if i % 2 == 0 else os.urandom(1 << 20))
    total += 7 << 20
print(f"tree: {total} bytes in {29900 + 100} files")
PY
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
