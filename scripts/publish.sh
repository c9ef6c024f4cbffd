#!/usr/bin/env bash
# Publishes the hoist CLI as one Native AOT binary to out/hoist (override with OUT=dir). Fails on any warning.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-out}"
log="$(mktemp)"
if ! dotnet publish src/Hoist.Cli -c Release -o "$out" -p:TreatWarningsAsErrors=true >"$log" 2>&1; then
  grep -E "error|warning" "$log" | sort -u >&2 || cat "$log" >&2
  echo "publish: failed" >&2
  exit 1
fi
if grep -qE "warning (IL|CS|NETSDK)" "$log"; then
  grep -E "warning" "$log" | sort -u >&2
  echo "publish: warnings found" >&2
  exit 1
fi
rm -f "$log" "$out"/*.dbg
mv -f "$out/Hoist.Cli" "$out/hoist"
echo "$out/hoist"
