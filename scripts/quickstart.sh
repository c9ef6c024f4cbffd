#!/usr/bin/env bash
# Quick start on a fresh Debian 12 machine: installs dependencies, publishes out/hoist, makes local base images
# (no internet registry is needed) and builds the build → test → runtime example, then runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
hoist="$(scripts/publish.sh)"
fixtures="$(scripts/fixtures.sh --gcc)"
export HOIST_ROOT="${HOIST_ROOT:-$PWD/out/state}"

"$hoist" import "$fixtures/busybox-rootfs.tar" hoist-fixtures/busybox:latest >/dev/null
"$hoist" import "$fixtures/debian-gcc-rootfs.tar" hoist-fixtures/debian-gcc:bookworm >/dev/null

echo "== hoist outline examples/build-test-runtime"
"$hoist" outline examples/build-test-runtime
echo "== hoist build --target test (the CI gate)"
"$hoist" build --progress plain --target test examples/build-test-runtime
echo "== hoist build -t calc:latest"
"$hoist" build --progress plain -t calc:latest examples/build-test-runtime
echo "== hoist run calc:latest 6 x 7"
"$hoist" run calc:latest 6 x 7
"$hoist" images
