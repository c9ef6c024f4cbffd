#!/usr/bin/env bash
# Times `hoist pull` against `skopeo copy docker://… oci:DIR` from a local docker-registry on 127.0.0.1, for a
# ~140 MB (compressed) image of several layers of random and text data generated here. 3 runs each into fresh
# destinations; prints the medians and their ratio (goal: hoist/skopeo <= 0.8).
# Usage: bench/pull.sh [work-dir]   (default /tmp/hoist-pull-bench; the image is reused if present)
#        HOIST_BIN=/path/to/hoist bench/pull.sh   to skip the Release publish
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-/tmp/hoist-pull-bench}"
layout="$work/layout"
mkdir -p "$work"
command -v docker-registry >/dev/null || { echo "docker-registry is required (apt-get install docker-registry)"; exit 1; }
command -v skopeo >/dev/null || { echo "skopeo is required"; exit 1; }

if [ ! -f "$work/.layout-done" ]; then
  rm -rf "$layout"
  python3 - "$layout" <<'PY'
import gzip, hashlib, io, json, os, random, sys, tarfile
root = sys.argv[1]; rng = random.Random(7)
blobs = os.path.join(root, "blobs", "sha256"); os.makedirs(blobs)
def put(data):
    digest = hashlib.sha256(data).hexdigest()
    open(os.path.join(blobs, digest), "wb").write(data)
    return "sha256:" + digest, len(data)
words = "the quick brown fox jumps over lazy dog layer image registry pull push blob manifest".split()
def text(n):
    parts, size = [], 0
    while size < n:
        w = rng.choice(words) + ("\n" if rng.random() < 0.1 else " "); parts.append(w); size += len(w)
    return "".join(parts).encode()[:n]
# (random MB, text MB) per layer: ~140 MB compressed in all, mostly the random part
plan = [(45, 8), (35, 8), (25, 8), (15, 8), (5, 8), (1, 0)]
layers, diff_ids = [], []
for i, (random_mb, text_mb) in enumerate(plan):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        def add(name, data):
            info = tarfile.TarInfo(name); info.size = len(data); info.mtime = 1700000000; info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
        for j in range(random_mb):
            add(f"layer{i}/random{j:03d}.bin", os.urandom(1 << 20))
        for j in range(text_mb):
            add(f"layer{i}/text{j:03d}.log", text(1 << 20))
    raw = raw.getvalue()
    diff_ids.append("sha256:" + hashlib.sha256(raw).hexdigest())
    digest, size = put(gzip.compress(raw, compresslevel=1, mtime=0))
    layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": digest, "size": size})
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/sh"]},
                     "rootfs": {"type": "layers", "diff_ids": diff_ids}, "history": [{"created_by": "bench"} for _ in plan]}).encode()
cdigest, csize = put(config)
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                       "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cdigest, "size": csize},
                       "layers": layers}).encode()
mdigest, msize = put(manifest)
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": mdigest,
           "size": msize, "annotations": {"org.opencontainers.image.ref.name": "v1"}}]}, open(os.path.join(root, "index.json"), "w"))
json.dump({"imageLayoutVersion": "1.0.0"}, open(os.path.join(root, "oci-layout"), "w"))
print(f"image: {len(layers)} layers, {sum(l['size'] for l in layers) / 1e6:.1f} MB compressed, manifest {mdigest}")
PY
  touch "$work/.layout-done"
fi

if [ -z "${HOIST_BIN:-}" ]; then
  echo "== build (Release, native AOT)"
  dotnet publish "$repo/src/Hoist.Cli/Hoist.Cli.csproj" -c Release -p:SelfContained=true -o "$work/bin" >/dev/null
  HOIST_BIN="$work/bin/Hoist.Cli"; [ -x "$HOIST_BIN" ] || HOIST_BIN="$work/bin/hoist"
fi

. "$repo/bench/registry.sh"
port=$(free_port)
registry_dir="$work/registry"
registry_config "$registry_dir" "127.0.0.1:$port"
docker-registry serve "$registry_dir/config.yml" >"$registry_dir/log" 2>&1 &
registry_pid=$!
trap 'kill $registry_pid 2>/dev/null || true' EXIT
wait_registry "127.0.0.1:$port" || true
ref="127.0.0.1:$port/bench/image:v1"
skopeo copy -q --dest-tls-verify=false "oci:$layout:v1" "docker://$ref"
echo "== pushed $ref (load average: $(cut -d' ' -f1-3 /proc/loadavg))"

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); printf '%.3f' "$(echo "$end - $start" | bc)"; }
median() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
image_id=$(python3 -c 'import json, sys; d = sys.argv[1]; m = json.load(open(d + "/index.json"))["manifests"][0]["digest"][7:]
print(json.load(open(d + "/blobs/sha256/" + m))["config"]["digest"])' "$layout")
hoist_times=(); skopeo_times=()
for run in 1 2 3; do
  rm -rf "$work/hoist-root" "$work/skopeo-oci"; sync
  hoist_times+=("$(seconds "$HOIST_BIN" --root "$work/hoist-root" pull -q "$ref")")
  # the timing means nothing unless the image really arrived: its ID must be the layout's config digest
  "$HOIST_BIN" --root "$work/hoist-root" inspect "$ref" | grep -q "$image_id" \
    || { echo "hoist pull did not store the image"; exit 1; }
  rm -rf "$work/hoist-root" "$work/skopeo-oci"; sync
  skopeo_times+=("$(seconds skopeo copy -q --src-tls-verify=false "docker://$ref" "oci:$work/skopeo-oci:v1")")
  echo "run $run: hoist ${hoist_times[-1]}s, skopeo ${skopeo_times[-1]}s"
done
h=$(median "${hoist_times[@]}"); s=$(median "${skopeo_times[@]}")
echo "== results (median of 3)"
echo "hoist pull:  ${h}s"
echo "skopeo copy: ${s}s"
echo "ratio hoist/skopeo: $(printf '%.2f' "$(echo "scale=4; $h / $s" | bc)") (goal <= 0.8)"
