#!/usr/bin/env bash
# Writes files/: 20,000 files in 100 directories, 150 MB in all, half random bytes and half text (deterministic).
set -euo pipefail
cd "$(dirname "$0")"
[ -f files/.done ] && exit 0
rm -rf files
python3 - <<'PY'
import os, random
rng = random.Random(3)
total, count = 150 * 1000 * 1000, 20000
words = b"alpha beta gamma delta layer image context build cache stage copy run".split()
for i in range(count):
    d = f"files/d{i % 100:03d}"
    os.makedirs(d, exist_ok=True)
    size = total // count
    if i % 2 == 0:
        data = rng.randbytes(size)
    else:
        data = b" ".join(rng.choice(words) for _ in range(size // 5))[:size]
    with open(f"{d}/f{i:05d}.dat", "wb") as f:
        f.write(data)
PY
touch files/.done
