#!/usr/bin/env bash
# The long chaos run (issue 8): CHAOS_RUNS seeded SIGKILLs of one of 3 cluster-silo processes mid-job (default 20) and a
# 10 s Azurite outage mid-job, on Azure Table clustering and storage (Azurite). Writes bench/results/chaos.md.
# The normal test suite runs the same tests with 3 kills. Needs tests/node_modules (tests/run.sh's npm ci installs it).
# Usage: bash tests/chaos.sh            (CHAOS_RUNS=20 CHAOS_SEED=1 by default)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[ -f tests/node_modules/azurite/dist/src/azurite.js ] || (cd tests && npm ci --no-audit --no-fund --loglevel=error)
dotnet build tests/Silo.Tests -c Release -nologo -v:q
CHAOS_RUNS="${CHAOS_RUNS:-20}" CHAOS_SEED="${CHAOS_SEED:-1}" CHAOS_RESULTS="$root/bench/results/chaos.md" \
  dotnet test tests/Silo.Tests -c Release --no-build -nologo --filter Category=Chaos --logger "console;verbosity=normal"
echo "results: bench/results/chaos.md" >&2
