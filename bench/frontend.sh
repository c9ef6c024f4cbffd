#!/usr/bin/env bash
# Parse + plan a generated 5,000-line Dockerfile with BenchmarkDotNet (goal: under 20 ms).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/Hoist.Benchmarks -- --filter '*FrontendBenchmarks*' "$@"
