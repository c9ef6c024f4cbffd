#!/usr/bin/env bash
# Runs every test: installs dependencies, builds with warnings as errors, runs unit and integration tests,
# checks the Native AOT publish, and ends with one line "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0; failed=0; skipped=0
finish() {
  if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
  [ "$failed" -eq 0 ]
  exit $?
}

if ! scripts/setup.sh; then failed=$((failed + 1)); finish; fi

results="$(mktemp -d)"
if ! dotnet build Hoist.sln -c Debug -warnaserror -nologo -v quiet >"$results/build.log" 2>&1; then
  grep -E "error|warning" "$results/build.log" | sort -u | tail -n 40 >&2
  echo "test: build failed" >&2
  failed=$((failed + 1)); finish
fi

# The CLI must publish as Native AOT with zero warnings: counted as one check. The integration tests then run
# the native binary, as users do.
if OUT="$results/aot" scripts/publish.sh >/dev/null; then
  passed=$((passed + 1)); export HOIST_BIN="$results/aot/hoist"
else
  failed=$((failed + 1))
fi

for project in tests/Hoist.Tests tests/Hoist.IntegrationTests; do
  name="$(basename "$project")"
  dotnet test "$project" --no-build -c Debug --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
    --results-directory "$results" --blame-hang-timeout 15m 2>&1 | grep -vE "^\s*$" | tail -n 60
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "test: $name produced no results" >&2
    failed=$((failed + 1)); continue
  fi
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # xunit's skipped tests are results with outcome NotExecuted, but the trx counters leave notExecuted at 0.
  skipped=$((skipped + $(get total) - $(get executed)))
done

finish
