#!/usr/bin/env python3
"""Writes a reproducible tree of mixed content for the layer benchmarks.

Usage: mixed-tree.py ROOT SMALL LARGE LARGE_MIB
  SMALL files of 2-18 KiB (half word text, half random), 500 to a directory under ROOT/small;
  LARGE files of LARGE_MIB MiB under ROOT/large, alternately text (textN.log) and random (randomN.bin).
"""
import os, random, sys

root, small, large, large_mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(42)
words = [w.encode() for w in "the quick brown fox jumps over lazy dog layer image tar gzip hoist build cache stage copy run".split()]

def text(n):
    out = bytearray()
    while len(out) < n: out += rng.choice(words) + (b"\n" if rng.random() < 0.1 else b" ")
    return bytes(out[:n])

total = 0
for i in range(small):
    d = os.path.join(root, "small", f"d{i // 500:03d}")
    os.makedirs(d, exist_ok=True)
    n = rng.randint(2048, 18432)
    data = text(n) if i % 2 == 0 else os.urandom(n)
    open(os.path.join(d, f"f{i:05d}"), "wb").write(data); total += n
os.makedirs(os.path.join(root, "large"), exist_ok=True)
block = text(1 << 20)
for i in range(large):
    name = f"text{i // 2}.log" if i % 2 == 0 else f"random{i // 2}.bin"
    with open(os.path.join(root, "large", name), "wb") as f:
        for j in range(large_mib): f.write(block[j % 7:] + block[:j % 7] if i % 2 == 0 else os.urandom(1 << 20))
    total += large_mib << 20
print(f"tree: {total} bytes in {small + large} files")
