#!/usr/bin/env bash
# Peak memory (RSS, from /usr/bin/time -v) of Hoist on hostile-sized input; every case must stay under 100 MB.
#   load-10k      hoist load of a gzipped archive of 10,000 files: a docker-archive whose layer holds 10,000 files,
#                 plus 10,000 junk files of 16 KiB zeros beside it (before issue 10 those were held in memory)
#   outline-50mb  hoist outline of a 50 MB single-line Dockerfile (fails fast with the 16 MiB line limit)
#   build-50mb    hoist build of the same file (same error, before anything is built)
#   outline-50mb-lines  hoist outline of a 50 MB Dockerfile of many short lines (comments and LABELs; succeeds)
#   outline-15mb  hoist outline of a Dockerfile with one 15 MiB LABEL line (under the limit; reported, not asserted)
# Usage: bench/memory.sh [work-dir]   (default /tmp/hoist-memory-bench). HOIST_BIN=path uses that binary, otherwise
# scripts/publish.sh builds the Native AOT one. Prints one line per case and exits non-zero if a limit is passed.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/hoist-memory-bench}"
limit_kb=$((100 * 1000))
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null
hoist="${HOIST_BIN:-}"
if [ -z "$hoist" ]; then hoist="$(cd "$repo" && scripts/publish.sh)"; hoist="$repo/${hoist#"$repo/"}"; fi
rm -rf "$work"; mkdir -p "$work/ctx"
export HOIST_ROOT="$work/root"

echo "== inputs"
python3 - "$work" <<'PY'
import io, os, random, sys, tarfile, gzip
work = sys.argv[1]; rng = random.Random(10)
# a root filesystem of 10,000 small files
with tarfile.open(os.path.join(work, "rootfs.tar"), "w", format=tarfile.PAX_FORMAT) as tar:
    for i in range(10000):
        data = bytes(rng.getrandbits(8) for _ in range(256)) * 4
        info = tarfile.TarInfo(f"files/d{i // 500:02d}/f{i:05d}"); info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
# Dockerfiles: one 50 MB line; 50 MB of short lines; one 15 MiB line
with open(os.path.join(work, "single-line.Dockerfile"), "w") as f:
    f.write("FROM scratch\nLABEL big=" + "x" * (50 * 1000 * 1000) + "\n")
with open(os.path.join(work, "many-lines.Dockerfile"), "w") as f:
    f.write("FROM scratch\n")
    written = 0
    i = 0
    while written < 50 * 1000 * 1000:
        line = f"# comment {i} " + "c" * 80 + "\n" if i % 10 else f"LABEL l{i}=v{i}\n"
        f.write(line); written += len(line); i += 1
with open(os.path.join(work, "long-line.Dockerfile"), "w") as f:
    f.write("FROM scratch\nLABEL big=" + "x" * (15 << 20) + "\n")
PY
"$hoist" import "$work/rootfs.tar" bench/many:1 >/dev/null
"$hoist" save -o "$work/image.tar" bench/many:1
python3 - "$work" <<'PY'
import io, os, sys, tarfile
work = sys.argv[1]
zeros = bytes(16 << 10)
with tarfile.open(os.path.join(work, "archive.tar.gz"), "w:gz", format=tarfile.PAX_FORMAT) as out:
    for i in range(10000):
        info = tarfile.TarInfo(f"junk/{i:05d}"); info.size = len(zeros)
        out.addfile(info, io.BytesIO(zeros))
    with tarfile.open(os.path.join(work, "image.tar")) as image:
        for member in image.getmembers():
            out.addfile(member, image.extractfile(member) if member.isfile() else None)
PY
rm -rf "$HOIST_ROOT"
ls -l "$work"/archive.tar.gz "$work"/*.Dockerfile | awk '{print $5, $9}'

failed=0
# measure NAME EXPECT(ok|fail) ASSERT(yes|no) COMMAND... : runs it under /usr/bin/time -v, prints peak RSS and outcome.
measure() {
  local name="$1" expect="$2" assert="$3"; shift 3
  local status=0
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || status=$?
  local rss; rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")"
  local outcome="exit $status"
  [ "$status" -ne 0 ] && outcome="exit $status: $(grep -v '^\s*$' "$work/$name.err" | tail -1 | cut -c1-110)"
  printf '%-20s peak RSS %6.1f MB  %s\n' "$name" "$(echo "$rss / 1000" | bc -l)" "$outcome"
  if [ "$expect" = ok ] && [ "$status" -ne 0 ]; then echo "  expected success" >&2; failed=1; fi
  if [ "$expect" = fail ] && [ "$status" -eq 0 ]; then echo "  expected the line-limit error" >&2; failed=1; fi
  if [ "$assert" = yes ] && [ "$rss" -ge "$limit_kb" ]; then echo "  over 100 MB" >&2; failed=1; fi
}

echo "== peak memory (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
measure load-10k ok yes "$hoist" load -i "$work/archive.tar.gz"
"$hoist" images | grep -q 'bench/many' || { echo "  load-10k: image missing after load" >&2; failed=1; }
measure outline-50mb fail yes "$hoist" outline -f "$work/single-line.Dockerfile" "$work/ctx"
grep -q 'line is longer than 16 MiB' "$work/outline-50mb.err" || { echo "  outline-50mb: not the line-limit error" >&2; failed=1; }
measure build-50mb fail yes "$hoist" build -f "$work/single-line.Dockerfile" "$work/ctx"
measure outline-50mb-lines ok yes "$hoist" outline -f "$work/many-lines.Dockerfile" "$work/ctx"
measure outline-15mb ok no "$hoist" outline -f "$work/long-line.Dockerfile" "$work/ctx"
[ "$failed" -eq 0 ] && echo "all asserted cases under 100 MB" || { echo "FAILED" >&2; exit 1; }
